//! Perspectives: attributed quotes with the speaker's canonical name and role.
//!
//! Quotes without a speaker (scare quotes) and fragments under five words are left out.
//! A quote continued in the next sentence or paragraph by the same speaker is one
//! perspective; the same words quoted by several outlets are one perspective citing all.
//! Each speaker has one voice: their most informative quote (carried by the most
//! sources, central to the story, long enough to say something). Named speakers come
//! first, ordered by their importance in the story.

use super::{tidy, Story};
use crate::analyze::doc::{EntityKind, Quote, Speaker};
use crate::dossier::{Evidence, Person, Perspective};
use std::collections::BTreeMap;

const MIN_QUOTE_WORDS: usize = 5;
const MAX_PERSPECTIVES: usize = 16;

struct Voice {
    name: String,
    id: Option<String>,
    role: Option<String>,
    rank: usize,
}

fn voice(
    story: &Story,
    article: usize,
    quote: &Quote,
    people_roles: &BTreeMap<String, Option<String>>,
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
            })
        }
        None => Some(Voice {
            name: doc.mentions[mention].span.slice(text).to_string(),
            id: None,
            role: doc.mentions[mention]
                .role
                .map(|r| r.slice(text).to_string()),
            rank: usize::MAX - 1,
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
    struct Item {
        rank: usize,
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
            let Some(voice) = voice(story, article, quote, &people_roles) else {
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
            };
            items.push(Item {
                rank: voice.rank,
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
    // the fuller one.
    let informativeness = |item: &Item| {
        let sources = super::articles_of(&item.perspective.evidence).len() as f64;
        let centrality = story.centrality(item.article, item.first_sentence);
        sources + 2.0 * centrality + 0.5 * (item.words.min(40) as f64 / 40.0)
    };
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (index, item) in merged.iter().enumerate() {
        let speaker = item
            .perspective
            .speaker_id
            .clone()
            .unwrap_or_else(|| item.perspective.speaker.to_lowercase());
        let better = best
            .get(&speaker)
            .is_none_or(|held| informativeness(item) > informativeness(&merged[*held]));
        if better {
            best.insert(speaker, index);
        }
    }
    let kept: std::collections::BTreeSet<usize> = best.into_values().collect();
    let mut merged: Vec<Item> = merged
        .into_iter()
        .enumerate()
        .filter(|(index, _)| kept.contains(index))
        .map(|(_, item)| item)
        .collect();
    merged.sort_by_key(|item| (item.rank, item.article, item.first_sentence));
    merged
        .into_iter()
        .take(MAX_PERSPECTIVES)
        .map(|item| item.perspective)
        .collect()
}
