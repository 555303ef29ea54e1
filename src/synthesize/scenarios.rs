//! Scenarios: forward-looking and conditional statements ("if the mediator fails …", "the
//! government could order a cooling-off period …", "the strike is expected to spread …"), grouped into
//! distinct outcomes, each with who raises it: the quoted or reporting speaker when there
//! is one, otherwise the outlet.

use super::{articles_of, tidy, Story};
use crate::analyze::doc::{cue, Doc, EntityKind, Speaker};
use crate::analyze::lexicon::{is_person_pronoun, SPEECH_VERBS};
use crate::analyze::quotes::resolve_pronoun;
use crate::dossier::Scenario;

const MAX_SCENARIOS: usize = 6;

/// How strongly a sentence looks ahead: conditionals most, modals and likelihoods next.
/// A plain future ("will spend the weekend") is a plan, not a scenario, and a reported
/// "would" ("stated that talks would continue") is a report: neither counts on its own.
fn forward_score(words: &[String]) -> f64 {
    let mut score: f64 = 0.0;
    let mut strong = false;
    let mut reported = false;
    for (index, word) in words.iter().enumerate() {
        let next = words.get(index + 1).map(String::as_str);
        if SPEECH_VERBS.contains(word.as_str()) || word == "that" && reported {
            reported = true;
        }
        let weight = match word.as_str() {
            "if" | "unless" => 2.0,
            "would" if reported => 0.0,
            "could" | "might" | "may" | "would" => 1.5,
            "likely" | "unlikely" | "risk" | "risks" | "threatens" | "prospect" | "prospects"
            | "scenario" | "outcome" => 1.0,
            "expected" | "poised" if next == Some("to") => 1.0,
            "will" | "’ll" | "'ll" => 0.5,
            _ => 0.0,
        };
        strong |= weight >= 1.0;
        score += weight;
    }
    if strong {
        score.min(4.0)
    } else {
        0.0
    }
}

/// Who raises a scenario sentence: quote speakers, the sources of its reported speech,
/// named or pronoun reporting subjects.
fn discussed_by(story: &Story, article: usize, sentence: usize) -> Vec<String> {
    let doc = story.doc(article);
    let text = story.text(article);
    let span = doc.sentences[sentence].span;
    let mut names: Vec<String> = Vec::new();
    let add_mention = |mention: usize, names: &mut Vec<String>| {
        let name = story
            .entities
            .of(article, mention)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| doc.mentions[mention].span.slice(text).to_string());
        if !names.contains(&name) {
            names.push(name);
        }
    };
    // A speaker named, or a pronoun resolved to a name, counts by its entity's name; a
    // description ("the harbour office") by its words.
    let add_speaker = |speaker: &Speaker, names: &mut Vec<String>| match speaker {
        Speaker::Mention { mention }
        | Speaker::Pronoun {
            mention: Some(mention),
            ..
        } => add_mention(*mention, names),
        Speaker::Description { span } => {
            let name = span.slice(text).to_string();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Speaker::Pronoun { mention: None, .. } => {}
    };
    for quote in doc.quotes_overlapping(span) {
        if let Some(speaker) = &quote.speaker {
            add_speaker(speaker, &mut names);
        }
    }
    // Reported speech: "Okafor warned that the port could close", "according to the
    // harbour office, …".
    for reported in doc.reported.iter().filter(|r| r.sentence == sentence) {
        add_speaker(&reported.speaker, &mut names);
    }
    for index in doc.mention_range(sentence) {
        if doc.mentions[index].has(cue::SPEECH)
            && story.entities.of(article, index).is_some()
            && !is_affiliation(doc, text, index)
        {
            add_mention(index, &mut names);
        }
    }
    let (first, last) = doc.sentences[sentence].tokens;
    for index in first..last.saturating_sub(1) {
        let word = doc.tokens[index].span.slice(text);
        let next = doc.tokens[index + 1].span.slice(text);
        if is_person_pronoun(word) && SPEECH_VERBS.contains(next) {
            if let Some(mention) = resolve_pronoun(text, doc, sentence, index) {
                add_mention(mention, &mut names);
            }
        }
    }
    names
}

/// Whether a mention names where someone named just before it works: "Rosa Ilves of the
/// University of Velmora said …" is said by her, though the university stands next to
/// the verb.
fn is_affiliation(doc: &Doc, text: &str, mention: usize) -> bool {
    let start = doc.mentions[mention].tokens.0;
    let word = |i: usize| doc.tokens[i].span.slice(text);
    let mut before = start;
    if before > 0 && word(before - 1).eq_ignore_ascii_case("the") {
        before -= 1;
    }
    before >= 2
        && matches!(word(before - 1), "of" | "at" | "from")
        && mention > 0
        && doc.mentions[mention - 1].kind == EntityKind::Person
        && doc.mentions[mention - 1].tokens.1 == before - 1
}

pub fn build(story: &Story) -> Vec<Scenario> {
    let mut candidates: Vec<((usize, usize), f64)> = Vec::new();
    for (article, sentence) in story.body_sentences() {
        let doc = story.doc(article);
        let text = story.sentence_text(article, sentence);
        let words = text.split_whitespace().count();
        if !(8..=70).contains(&words) || text.trim_end().ends_with('?') {
            continue;
        }
        let lower: Vec<String> = doc
            .sentence_tokens(sentence)
            .iter()
            .map(|t| t.span.slice(story.text(article)).to_string())
            // "May" the month is capitalised; "may" the modal is not.
            .map(|w| if w == "May" { w } else { w.to_lowercase() })
            .collect();
        let forward = forward_score(&lower);
        if forward < 1.0 {
            continue;
        }
        candidates.push((
            (article, sentence),
            forward + 2.0 * story.centrality(article, sentence),
        ));
    }
    // Distinct outcomes: a sentence joins the first group whose leader (its strongest
    // sentence) it resembles.
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut groups: Vec<(Vec<(usize, usize)>, f64)> = Vec::new();
    for (at, score) in candidates {
        let home = groups
            .iter_mut()
            .find(|(members, _)| story.similarity(members[0], at) >= 0.25);
        match home {
            Some((members, total)) => {
                members.push(at);
                *total += score * 0.5;
            }
            None => groups.push((vec![at], score)),
        }
    }
    groups.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0[0].cmp(&b.0[0])));
    groups
        .into_iter()
        .take(MAX_SCENARIOS)
        .map(|(members, _)| {
            let (article, sentence) = members[0];
            let evidence = tidy(
                members
                    .iter()
                    .map(|(a, s)| story.sentence_evidence(*a, *s))
                    .collect(),
            );
            let mut discussed: Vec<String> = Vec::new();
            for (a, s) in &members {
                let mut names = discussed_by(story, *a, *s);
                if names.is_empty() {
                    names.push(story.source_name(*a));
                }
                for name in names {
                    if !discussed.contains(&name) {
                        discussed.push(name);
                    }
                }
            }
            Scenario {
                text: story.sentence_text(article, sentence).to_string(),
                discussed_by: discussed,
                articles: articles_of(&evidence),
                evidence,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::pipeline::dossier_from_texts as dossier;

    fn raised_by<'d>(d: &'d crate::dossier::Dossier, words: &str) -> Vec<&'d str> {
        d.scenarios
            .iter()
            .find(|s| s.text.contains(words))
            .map(|s| s.discussed_by.iter().map(String::as_str).collect())
            .unwrap_or_else(|| panic!("no scenario with {words:?}: {:#?}", d.scenarios))
    }

    #[test]
    fn reported_speech_names_who_raises_a_scenario_and_an_affiliation_does_not() {
        let d = dossier(&["Ferry strike enters second week\n\nTalks between the Orlin Ferry Company and the deckhands' union broke down on Monday.\n\nUnion secretary Petra Holm has said the crews could accept the new rota if every deckhand keeps a paid post for five years.\n\nHistorian Lena Varga of the University of Castelmar said the islands could run short of fuel if the strike lasts a month."]);
        assert_eq!(raised_by(&d, "could accept the new rota"), ["Petra Holm"]);
        assert_eq!(raised_by(&d, "could run short of fuel"), ["Lena Varga"]);
    }
}
