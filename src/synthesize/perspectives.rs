//! Perspectives: attributed quotes with the speaker's canonical name and role.
//!
//! Quotes without a speaker (scare quotes) and fragments under five words are left out.
//! A quote continued in the next sentence or paragraph by the same speaker is one
//! perspective; the same words quoted by several outlets are one perspective citing all.
//! Each speaker has one voice: their most informative quote (carried by the most
//! sources, central to the story, long enough to say something), unless they contradict
//! themselves ("we will never sign this agreement" / "we are ready to sign the
//! agreement"): then both, the later marked as contradicting the earlier. Named speakers
//! come first, ordered by their importance in the story. When the speakers belong to two
//! or more sides ([`super::sides`]), the perspectives are grouped by side, the side of
//! the most important speaker first and speakers of no side last.

use super::contradiction::contradicts;
use super::sides::{self, Affiliation};
use super::{tidy, Story};
use crate::analyze::doc::{EntityKind, Quote, Speaker};
use crate::dossier::{Evidence, Person, Perspective, Side};
use std::collections::BTreeMap;

const MIN_QUOTE_WORDS: usize = 5;
const MAX_PERSPECTIVES: usize = 16;

struct Voice {
    name: String,
    id: Option<String>,
    role: Option<String>,
    rank: usize,
    side: Option<Affiliation>,
}

fn voice(
    story: &Story,
    article: usize,
    quote: &Quote,
    people_roles: &BTreeMap<String, Option<String>>,
    affiliations: &[Option<Affiliation>],
) -> Option<Voice> {
    let doc = story.doc(article);
    let text = story.text(article);
    let mention = match quote.speaker.as_ref()? {
        Speaker::Mention { mention } => Some(*mention),
        Speaker::Pronoun { mention, .. } => *mention,
        Speaker::Description { span } => {
            return Some(Voice {
                name: span.slice(text).to_string(),
                id: None,
                role: None,
                rank: usize::MAX,
                side: sides::of_description(story, article, *span),
            })
        }
    }?;
    match story.entities.index_of(article, mention) {
        Some(index) => {
            let entity = &story.entities.list[index];
            Some(Voice {
                name: entity.name.clone(),
                id: Some(entity.id.clone()),
                role: if entity.kind == EntityKind::Person {
                    people_roles.get(&entity.id).cloned().flatten()
                } else {
                    entity.org_kind.map(|k| k.label().to_string())
                },
                rank: index,
                side: affiliations[index].clone(),
            })
        }
        None => Some(Voice {
            name: doc.mentions[mention].span.slice(text).to_string(),
            id: None,
            role: doc.mentions[mention]
                .role
                .map(|r| r.slice(text).to_string()),
            rank: usize::MAX - 1,
            side: None,
        }),
    }
}

fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `people` is the dossier's people section: speakers take the role chosen there.
pub fn build(story: &Story, people: &[Person]) -> Vec<Perspective> {
    let people_roles: BTreeMap<String, Option<String>> = people
        .iter()
        .map(|p| (p.id.clone(), p.role.clone()))
        .collect();
    let affiliations = sides::build(story);
    struct Item {
        rank: usize,
        side: Option<Affiliation>,
        article: usize,
        first_sentence: usize,
        /// Words quoted, continuations included: short fragments are dropped at the end.
        words: usize,
        perspective: Perspective,
    }
    let mut items: Vec<Item> = Vec::new();
    for (article, analyzed) in story.articles.iter().enumerate() {
        let text = story.text(article);
        let mut previous: Option<(usize, String, usize)> = None; // (item, speaker, sentence)
        for quote in &analyzed.doc.quotes {
            let Some(voice) = voice(story, article, quote, &people_roles, &affiliations) else {
                previous = None;
                continue;
            };
            let words = quote.span.slice(text).split_whitespace().count();
            let quote_text = quote.span.slice(text).trim_end_matches(',').to_string();
            let evidence = story.evidence(article, quote.evidence);
            // A continuation of the previous quote by the same speaker joins it.
            if let Some((index, speaker, sentence)) = &previous {
                let close = quote.continued || quote.sentence <= sentence + 1;
                if *speaker == voice.name && close {
                    items[*index].words += words;
                    let perspective = &mut items[*index].perspective;
                    perspective.quote = format!("{} … {}", perspective.quote, quote_text);
                    perspective.text = format!("{}: “{}”", perspective.speaker, perspective.quote);
                    perspective.evidence.push(evidence);
                    perspective.evidence = tidy(std::mem::take(&mut perspective.evidence));
                    previous = Some((*index, speaker.clone(), quote.sentence));
                    continue;
                }
            }
            let perspective = Perspective {
                text: format!("{}: “{}”", voice.name, quote_text),
                speaker: voice.name.clone(),
                speaker_id: voice.id,
                role: voice.role,
                quote: quote_text,
                cue: quote.cue.map(|c| c.slice(text).to_string()),
                outlet: story.articles[article].article.meta.outlet.clone(),
                evidence: vec![evidence],
                side: None,
                contradicts: None,
                inferred: quote.inferred,
            };
            items.push(Item {
                rank: voice.rank,
                side: voice.side,
                article,
                first_sentence: quote.sentence,
                words,
                perspective,
            });
            previous = Some((items.len() - 1, voice.name, quote.sentence));
        }
    }
    items.retain(|item| item.words >= MIN_QUOTE_WORDS);
    // The same words from several outlets: one perspective.
    let mut merged: Vec<Item> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for item in items {
        let key = normalized(&item.perspective.quote);
        match seen.get(&key) {
            Some(index) => {
                let target = &mut merged[*index].perspective;
                let evidence: Vec<Evidence> = target
                    .evidence
                    .drain(..)
                    .chain(item.perspective.evidence)
                    .collect();
                target.evidence = tidy(evidence);
            }
            None => {
                seen.insert(key, merged.len());
                merged.push(item);
            }
        }
    }
    // One voice per speaker: the quote most sources carry, then the most central, then
    // the fuller one; and a quote of theirs that contradicts it.
    let informativeness = |item: &Item| {
        let sources = super::articles_of(&item.perspective.evidence).len() as f64;
        let centrality = story.centrality(item.article, item.first_sentence);
        sources + 2.0 * centrality + 0.5 * (item.words.min(40) as f64 / 40.0)
    };
    let speaker_of = |item: &Item| {
        item.perspective
            .speaker_id
            .clone()
            .unwrap_or_else(|| item.perspective.speaker.to_lowercase())
    };
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (index, item) in merged.iter().enumerate() {
        let better = best
            .get(&speaker_of(item))
            .is_none_or(|held| informativeness(item) > informativeness(&merged[*held]));
        if better {
            best.insert(speaker_of(item), index);
        }
    }
    let mut kept: std::collections::BTreeSet<usize> = best.values().copied().collect();
    let mut contradicting: BTreeMap<usize, usize> = BTreeMap::new();
    for (index, item) in merged.iter().enumerate() {
        let voice = best[&speaker_of(item)];
        if index == voice || contradicting.values().any(|v| *v == voice) {
            continue;
        }
        if contradicts(&merged[voice].perspective.quote, &item.perspective.quote) {
            kept.insert(index);
            contradicting.insert(index, voice);
        }
    }
    // (item index in `merged`, the index of the voice it contradicts)
    let mut chosen: Vec<(usize, Option<usize>)> = kept
        .iter()
        .map(|index| (*index, contradicting.get(index).copied()))
        .collect();
    chosen.sort_by_key(|(index, _)| {
        let item = &merged[*index];
        (item.rank, item.article, item.first_sentence)
    });
    chosen.truncate(MAX_PERSPECTIVES);
    // A contradiction whose other half was cut is an ordinary voice.
    let present: Vec<usize> = chosen.iter().map(|(index, _)| *index).collect();
    for (_, other) in &mut chosen {
        if other.is_some_and(|o| !present.contains(&o)) {
            *other = None;
        }
    }
    // Grouped by side when the story has two or more.
    let side_names: Vec<String> = chosen
        .iter()
        .filter_map(|(index, _)| merged[*index].side.as_ref().map(|a| a.side.clone()))
        .fold(Vec::new(), |mut names, name| {
            if !names.contains(&name) {
                names.push(name);
            }
            names
        });
    let has_sides = side_names.len() >= 2;
    if has_sides {
        chosen.sort_by_key(|(index, _)| {
            merged[*index]
                .side
                .as_ref()
                .and_then(|a| side_names.iter().position(|name| *name == a.side))
                .unwrap_or(side_names.len())
        });
    }
    let order: Vec<usize> = chosen.iter().map(|(index, _)| *index).collect();
    let mut out: Vec<Perspective> = Vec::with_capacity(chosen.len());
    for (index, other) in &chosen {
        let item = &merged[*index];
        let mut perspective = item.perspective.clone();
        if has_sides {
            perspective.side = item.side.as_ref().map(|a| Side {
                name: a.side.clone(),
                basis: a.basis.clone(),
                evidence: a.evidence.clone(),
            });
        }
        perspective.contradicts = other.and_then(|o| order.iter().position(|i| *i == o));
        out.push(perspective);
    }
    // The earlier of two contradicting quotes comes first and the later points back.
    for position in 0..out.len() {
        if let Some(other) = out[position].contradicts {
            if other > position {
                out[position].contradicts = None;
                out[other].contradicts = Some(position);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::pipeline::dossier_from_texts as dossier;

    const COD_TALKS: [&str; 2] = [
        "Cod Talks Open In Tromso\n\nNorwegian Fisheries Minister Halvard Teig said on Monday: \"We will never sign an agreement that cuts our cod quota.\"\n\nIcelandic negotiator Sigrun Eyjolfs told reporters: \"Our boats have waited long enough for a fair share of the northern catch.\"",
        "Cod Deal Near After Night Session\n\nHalvard Teig said on Thursday: \"We are ready to sign the agreement that cuts our cod quota by a tenth.\"\n\nA senior Icelandic diplomat said: \"The deal will hold only if inspectors board both fleets every season.\"",
    ];

    #[test]
    fn speakers_are_grouped_by_the_side_their_roles_name() {
        let d = dossier(&COD_TALKS);
        let sides: Vec<(&str, Option<&str>)> = d
            .perspectives
            .iter()
            .map(|p| (p.speaker.as_str(), p.side.as_ref().map(|s| s.name.as_str())))
            .collect();
        assert_eq!(
            sides,
            [
                ("Halvard Teig", Some("Norway")),
                ("Halvard Teig", Some("Norway")),
                ("Sigrun Eyjolfs", Some("Iceland")),
                ("A senior Icelandic diplomat", Some("Iceland")),
            ],
            "{:#?}",
            d.perspectives
        );
        let teig = d.perspectives[0].side.as_ref().unwrap();
        assert_eq!(teig.basis, "Norwegian Fisheries Minister");
        assert!(teig.evidence[0]
            .quote
            .contains("Norwegian Fisheries Minister"));
        d.check_evidence().unwrap();
    }

    #[test]
    fn an_inferred_speaker_is_marked_and_cites_the_sentence_that_names_them() {
        let d = dossier(&["Ferry strike enters second week\n\nTalks between the Orlin Ferry Company and the deckhands' union broke down on Monday.\n\nNobody expects a quick end, said Dr Lena Varga at the University of Castelmar: “Both sides have dug in and the winter timetable starts in a fortnight.”"]);
        let varga = d
            .perspectives
            .iter()
            .find(|p| p.speaker == "Lena Varga")
            .unwrap_or_else(|| panic!("{:#?}", d.perspectives));
        assert!(varga.inferred);
        assert!(varga
            .evidence
            .iter()
            .any(|e| e.quote.contains("said Dr Lena Varga")));
        let markdown = crate::render::markdown::render(&d);
        assert!(
            markdown.contains("**Lena Varga** · speaker inferred from context"),
            "{markdown}"
        );
        let html = crate::render::html::render(&d);
        assert!(html.contains("speaker inferred from context"));
        d.check_evidence().unwrap();
        // A speaker an attribution names is not marked.
        let d = dossier(&COD_TALKS);
        assert!(d.perspectives.iter().all(|p| !p.inferred));
    }

    #[test]
    fn a_speaker_who_contradicts_themselves_keeps_both_voices() {
        let d = dossier(&COD_TALKS);
        let teig: Vec<(usize, &crate::dossier::Perspective)> = d
            .perspectives
            .iter()
            .enumerate()
            .filter(|(_, p)| p.speaker == "Halvard Teig")
            .collect();
        assert_eq!(teig.len(), 2, "{:#?}", d.perspectives);
        assert!(teig[0].1.quote.contains("never sign"));
        assert_eq!(teig[0].1.contradicts, None);
        assert_eq!(teig[1].1.contradicts, Some(teig[0].0));
        let markdown = crate::render::markdown::render(&d);
        assert!(markdown.contains("### Norway"), "{markdown}");
        assert!(markdown.contains("### Iceland"), "{markdown}");
        assert!(markdown.contains("Contradicts their earlier words above"));
    }

    #[test]
    fn a_story_with_one_side_is_not_grouped() {
        let d = dossier(&[COD_TALKS[0]
            .replace("Icelandic negotiator", "Norwegian skipper")
            .as_str()]);
        assert!(d.perspectives.len() >= 2, "{:#?}", d.perspectives);
        assert!(d.perspectives.iter().all(|p| p.side.is_none()));
        let markdown = crate::render::markdown::render(&d);
        assert!(!markdown.contains("### Other voices"), "{markdown}");
    }
}
