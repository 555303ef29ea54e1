//! `eval grounding`: how well the writer's grounding check ([`crate::writer::grounding`])
//! separates supported sentences from planted unsupported ones, on dossiers built from
//! real coverage (the Timeline17 collections, read at run time).
//!
//! For each dossier, each numbered evidence sentence of usable length gives:
//! - **supported** sentences, which the check must keep: the sentence itself citing its
//!   number; its main clause (cut at the first comma after six words) citing it; the
//!   sentence citing its own number and one other; the sentence reworded as writers do
//!   ("1,200" as "1200", "percent" as "%", "24 April" as "April 24", "X said that Y" as
//!   "According to X, Y");
//! - **planted** sentences, which it must drop: one name replaced by a name of the same
//!   kind from another collection's dossier; one figure's leading digit changed; one month,
//!   weekday or year replaced; and the sentence citing another evidence sentence instead of
//!   its own (a misattribution).
//!
//! Supported sentences here are copies and cuts of the evidence, not a model's
//! paraphrases, so the false-drop rate is a floor for real model output; planted facts are
//! one-fact changes, the hardest kind to see. The check's thresholds were set before this
//! evaluation existed and are not tuned on it.

use crate::analyze::doc::{EntityKind, TokenKind};
use crate::date::{month_from_name, month_name, weekday_from_name, weekday_name};
use crate::dossier::Dossier;
use crate::writer::evidence::{self, Numbered};
use crate::writer::grounding::{canonical, Checker, VerdictKind};
use crate::writer::parse::WrittenSentence;
use crate::writer::prompt::SectionKind;

/// Kinds of planted error, in report order.
pub const PLANTS: [&str; 4] = ["name", "figure", "date", "citation"];

/// Kinds of supported sentence, in report order.
pub const SUPPORTED: [&str; 4] = ["verbatim", "main clause", "two citations", "reworded"];

#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub total: usize,
    /// Planted: caught (dropped). Supported: wrongly dropped.
    pub dropped: usize,
}

/// One wrong decision, for `--errors`.
#[derive(Clone, Debug)]
pub struct Mistake {
    pub kind: &'static str,
    pub sentence: String,
    pub evidence: String,
    pub problems: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub dossiers: usize,
    pub evidence_sentences: usize,
    /// By [`PLANTS`] kind.
    pub planted: [Tally; 4],
    /// By [`SUPPORTED`] kind.
    pub supported: [Tally; 4],
    /// Planted sentences kept, supported sentences dropped.
    pub mistakes: Vec<Mistake>,
}

impl Report {
    pub fn catch_rate(&self) -> f64 {
        dropped_share(&self.planted)
    }

    pub fn false_drop_rate(&self) -> f64 {
        dropped_share(&self.supported)
    }
}

/// The share of all sentences in `tallies` that the check dropped.
fn dropped_share(tallies: &[Tally]) -> f64 {
    let dropped = tallies.iter().map(|t| t.dropped).sum();
    let total = tallies.iter().map(|t| t.total).sum();
    ratio(dropped, total)
}

pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Evidence sentences shorter or longer than this (in words) are skipped: headlines
/// and run-on paragraphs are not what a writer cites.
const MIN_WORDS: usize = 6;
const MAX_WORDS: usize = 60;

/// Runs the evaluation over `dossiers` (at least two, so that names can be borrowed).
pub fn run(dossiers: &[Dossier]) -> Report {
    let mut report = Report {
        dossiers: dossiers.len(),
        ..Report::default()
    };
    // Names of each kind from each dossier, to plant in the others.
    let names: Vec<[Vec<String>; 3]> = dossiers
        .iter()
        .map(|d| {
            [
                d.people.iter().map(|p| p.name.clone()).collect(),
                d.organizations.iter().map(|o| o.name.clone()).collect(),
                d.places.iter().map(|p| p.name.clone()).collect(),
            ]
        })
        .collect();
    for (index, dossier) in dossiers.iter().enumerate() {
        let numbered = evidence::number(dossier, 40);
        let checker = Checker::new(dossier, &numbered);
        let donors = &names[(index + 1) % names.len()];
        for item in &numbered {
            let words = item.text().split_whitespace().count();
            if !(MIN_WORDS..=MAX_WORDS).contains(&words) {
                continue;
            }
            report.evidence_sentences += 1;
            let text = item.text().split_whitespace().collect::<Vec<_>>().join(" ");
            let judge = |sentence: &str, citations: Vec<usize>| {
                let written = WrittenSentence {
                    text: sentence.to_string(),
                    citations,
                    knowledge: false,
                };
                checker.check(&written, SectionKind::Overview)
            };
            let mut supported = vec![(0, text.clone(), vec![item.number])];
            if let Some(clause) = main_clause(&text) {
                supported.push((1, clause, vec![item.number]));
            }
            if numbered.len() > 1 {
                let other = if item.number == 1 { 2 } else { item.number - 1 };
                supported.push((2, text.clone(), vec![other, item.number]));
            }
            if let Some(reworded) = reword(&text) {
                supported.push((3, reworded, vec![item.number]));
            }
            for (kind, sentence, citations) in supported {
                let verdict = judge(&sentence, citations);
                report.supported[kind].total += 1;
                if verdict.kind != VerdictKind::Supported {
                    report.supported[kind].dropped += 1;
                    report.mistakes.push(Mistake {
                        kind: SUPPORTED[kind],
                        sentence,
                        evidence: item.text().to_string(),
                        problems: verdict.problems,
                    });
                }
            }
            let mut planted = Vec::new();
            if let Some(changed) = plant_name(&text, item, donors) {
                planted.push((0, changed, vec![item.number]));
            }
            if let Some(changed) = plant_figure(&text) {
                planted.push((1, changed, vec![item.number]));
            }
            if let Some(changed) = plant_date(&text) {
                planted.push((2, changed, vec![item.number]));
            }
            if let Some(other) = unrelated(item, &numbered) {
                planted.push((3, text.clone(), vec![other]));
            }
            for (kind, sentence, citations) in planted {
                let verdict = judge(&sentence, citations);
                report.planted[kind].total += 1;
                if verdict.kind == VerdictKind::Unsupported {
                    report.planted[kind].dropped += 1;
                } else {
                    report.mistakes.push(Mistake {
                        kind: PLANTS[kind],
                        sentence,
                        evidence: item.text().to_string(),
                        problems: verdict.problems,
                    });
                }
            }
        }
    }
    report
}

/// The sentence cut at its first comma after six words, as a shorter sentence.
fn main_clause(text: &str) -> Option<String> {
    let mut words = 0;
    for (offset, c) in text.char_indices() {
        if c == ' ' {
            words += 1;
        }
        // A clause comma, not a thousands separator ("1,100").
        if c == ',' && words >= 6 && text[offset + 1..].starts_with(' ') {
            let clause = text[..offset].trim_end();
            return Some(format!("{clause}."));
        }
    }
    None
}

/// The sentence with the rewordings a writer makes without changing a fact; `None` when
/// none applies.
fn reword(text: &str) -> Option<String> {
    let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
    let mut changed = false;
    for index in 0..words.len() {
        let word = words[index].clone();
        // Thousands separators: "1,200" -> "1200".
        if word.len() > 4
            && word.starts_with(|c: char| c.is_ascii_digit())
            && word.contains(',')
            && word
                .trim_end_matches([',', '.'])
                .split(',')
                .skip(1)
                .all(|g| g.len() == 3)
        {
            let tail_len = word.len() - word.trim_end_matches([',', '.']).len();
            let (number, tail) = word.split_at(word.len() - tail_len);
            words[index] = format!("{}{tail}", number.replace(',', ""));
            changed = true;
        }
        // "24 April" -> "April 24".
        if let Some(next) = words.get(index + 1).cloned() {
            let bare_next = next.trim_end_matches([',', '.']);
            if word.len() <= 2
                && word.chars().all(|c| c.is_ascii_digit())
                && bare_next.starts_with(|c: char| c.is_uppercase())
                && month_from_name(bare_next).is_some()
            {
                let tail = &next[bare_next.len()..];
                words[index] = bare_next.to_string();
                words[index + 1] = format!("{word}{tail}");
                changed = true;
            }
        }
    }
    let mut sentence = words.join(" ");
    for from in [" per cent", " percent"] {
        // Only the word itself: "percentage" stays.
        while let Some(at) = sentence
            .find(from)
            .filter(|&at| !sentence[at + from.len()..].starts_with(|c: char| c.is_alphabetic()))
        {
            sentence.replace_range(at..at + from.len(), "%");
            changed = true;
        }
    }
    if let Some((speaker, said)) = sentence.split_once(" said that ") {
        let speaker_words = speaker.split_whitespace().count();
        if (1..=6).contains(&speaker_words) && !speaker.contains(',') {
            sentence = format!("According to {speaker}, {said}");
            changed = true;
        }
    }
    changed.then_some(sentence)
}

/// The sentence with its first named person, organisation or place replaced by a name
/// of the same kind from `donors` that the sentence does not contain.
fn plant_name(text: &str, item: &Numbered, donors: &[Vec<String>; 3]) -> Option<String> {
    let (analysed, doc) = crate::analyze::analyze_text(&format!("Title\n\n{text}"));
    let offset = analysed.find(text)?;
    let lower = item.text().to_lowercase();
    for mention in &doc.mentions {
        let pool = match mention.kind {
            EntityKind::Person => &donors[0],
            EntityKind::Organization => &donors[1],
            EntityKind::Place => &donors[2],
            EntityKind::Unknown => continue,
        };
        if mention.span.start < offset {
            continue;
        }
        // A donor the evidence names in another form ("U.S." for "United States",
        // "Mexican" for "Mexico") would not be a planted error.
        let known: std::collections::HashSet<String> = item
            .text()
            .split(|c: char| !c.is_alphanumeric() && c != '.')
            .filter_map(canonical)
            .collect();
        let Some(replacement) = pool.iter().find(|name| {
            name.split_whitespace()
                .all(|word| !lower.contains(&word.to_lowercase()))
                && canonical(name).is_none_or(|form| !known.contains(&form))
        }) else {
            continue;
        };
        let (start, end) = (mention.span.start - offset, mention.span.end - offset);
        return Some(format!("{}{}{}", &text[..start], replacement, &text[end..]));
    }
    None
}

/// The sentence with the leading digit of its first figure changed (1→2, …, 9→1), so
/// that no rounding can make it agree again; years are left to [`plant_date`].
fn plant_figure(text: &str) -> Option<String> {
    let (analysed, doc) = crate::analyze::analyze_text(&format!("Title\n\n{text}"));
    let offset = analysed.find(text)?;
    for token in &doc.tokens {
        if token.kind != TokenKind::Number || token.span.start < offset {
            continue;
        }
        let written = token.span.slice(&analysed);
        let digits: String = written.chars().filter(char::is_ascii_digit).collect();
        let looks_like_year =
            digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
        if looks_like_year || doc.timexes.iter().any(|t| t.span.contains(token.span)) {
            continue;
        }
        let at = written.find(|c: char| ('1'..='9').contains(&c))?;
        let digit = written.as_bytes()[at] - b'0';
        let changed = (digit % 9) + 1;
        let start = token.span.start - offset + at;
        return Some(format!(
            "{}{}{}",
            &text[..start],
            changed,
            &text[start + 1..]
        ));
    }
    None
}

/// The sentence with its first month name moved three months on, weekday two days on,
/// or four-digit year two years back.
fn plant_date(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    for (index, word) in words.iter().enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.is_empty()
            || !bare
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            continue;
        }
        let replacement = if let Some(month) =
            month_from_name(bare).filter(|_| bare.len() >= 3 && bare != "May")
        {
            Some(capitalised(month_name((month + 2) % 12 + 1)))
        } else if let Some(day) = weekday_from_name(bare) {
            Some(weekday_name((day + 2) % 7))
        } else if bare.len() == 4
            && (bare.starts_with("19") || bare.starts_with("20"))
            && bare.chars().all(|c| c.is_ascii_digit())
        {
            bare.parse::<i32>().ok().map(|year| (year - 2).to_string())
        } else {
            None
        };
        if let Some(replacement) = replacement {
            let mut changed: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            changed[index] = word.replacen(bare, &replacement, 1);
            return Some(changed.join(" "));
        }
    }
    None
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An evidence number whose sentence shares no content word with `item`'s: citing it
/// for `item`'s words is a misattribution.
fn unrelated(item: &Numbered, numbered: &[Numbered]) -> Option<usize> {
    let words = |text: &str| -> std::collections::HashSet<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .map(str::to_lowercase)
            .filter(|w| !crate::analyze::lexicon::STOPWORDS.contains(w.as_str()))
            .collect()
    };
    let mine = words(item.text());
    let count = numbered.len();
    (1..count)
        .map(|step| &numbered[(item.number - 1 + step) % count])
        .find(|other| words(other.text()).is_disjoint(&mine))
        .map(|other| other.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plants_change_exactly_one_fact() {
        assert_eq!(
            plant_figure("The guild said 1,200 members joined on Monday.").as_deref(),
            Some("The guild said 2,200 members joined on Monday.")
        );
        assert_eq!(plant_figure("In 2031 nothing was counted."), None);
        assert_eq!(
            plant_date("The talks resumed on Monday in Port Ilvane.").as_deref(),
            Some("The talks resumed on Wednesday in Port Ilvane.")
        );
        assert_eq!(
            plant_date("It opened in March 2031.").as_deref(),
            Some("It opened in June 2031.")
        );
        assert_eq!(
            reword("Mara Oyelaran said that 1,200 members, 40 percent, would strike on 6 May.")
                .as_deref(),
            Some("According to Mara Oyelaran, 1200 members, 40%, would strike on May 6.")
        );
        assert_eq!(reword("Nothing to reword here."), None);
        assert_eq!(
            main_clause("The Tessaly Ferry Guild rejected the offer on Tuesday, its chair said.")
                .as_deref(),
            Some("The Tessaly Ferry Guild rejected the offer on Tuesday.")
        );
    }

    #[test]
    fn the_check_is_measured_on_invented_dossiers() {
        let first = crate::pipeline::dossier_from_texts(&[
            "Ferry guild rejects offer\n\nThe Tessaly Ferry Guild rejected a 3 percent pay \
             offer on Tuesday in Port Ilvane. Mara Oyelaran, the guild's chair, said 1,200 \
             members would strike on Friday.",
        ]);
        let second = crate::pipeline::dossier_from_texts(&[
            "Orchard growers protest\n\nThe Brindlemoor Growers Council said 340 farmers \
             marched in Calloway on Saturday. Council head Ivo Stanek demanded new frost \
             insurance rules by March.",
        ]);
        let report = run(&[first, second]);
        assert_eq!(report.dossiers, 2);
        assert!(report.evidence_sentences >= 2);
        assert!(report.planted.iter().map(|t| t.total).sum::<usize>() >= 4);
        assert_eq!(report.catch_rate(), 1.0, "{:?}", report.mistakes);
        assert_eq!(report.false_drop_rate(), 0.0, "{:?}", report.mistakes);
    }
}
