//! The grounding check: does a generated sentence say only what its cited evidence says?
//!
//! Each sentence is analysed with the same analysis stage the articles go through
//! (tokens, entity mentions, time expressions, figures), and each fact it states is looked
//! for in the evidence sentences it cites:
//! - **names** (entity mentions and other capitalised words inside the sentence): every
//!   word of the name appears in the cited evidence, or the name is a known form of one
//!   found there (gazetteer aliases and demonyms, known organisations, the dossier's own
//!   aliases: "the U.S." for "United States", "Ukrainian" for "Ukraine");
//! - **figures**: the same value, allowing the rounding the sentence writes ("12,000" is
//!   supported by 11,960; "13,000" is not);
//! - **dates**: each calendar date, resolved against the cited article's publication date,
//!   equals or contains a date of that evidence, or the article's own date when the
//!   evidence has none ("in April" is supported by "on April 24", "on Thursday" by a
//!   Thursday);
//! - and the sentence shares some of its content words with the evidence.
//!
//! A sentence with no citation, a citation of a number not given, or any fact not found is
//! unsupported. `[K]` sentences rest on the model's knowledge: allowed (and labelled, not
//! checked) in background and scenarios, unsupported in the overview.

use super::evidence::Numbered;
use super::parse::WrittenSentence;
use super::prompt::SectionKind;
use crate::analyze::doc::{Doc, QuantityUnit, TokenKind};
use crate::analyze::lexicon::{
    number_word, GAZETTEER, KNOWN_ORGS, KNOWN_ORG_INDEX, METONYMS, STOPWORDS,
};
use crate::analyze::timex::TimexKind;
use crate::article::{Article, ArticleMeta, Block, BlockKind, Span};
use crate::date::{month_from_name, weekday_from_name, Date};
use crate::dossier::Dossier;
use std::collections::HashSet;

/// The check's decision on one sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerdictKind {
    Supported,
    ModelKnowledge,
    Unsupported,
}

impl VerdictKind {
    pub fn label(self) -> &'static str {
        match self {
            VerdictKind::Supported => "supported",
            VerdictKind::ModelKnowledge => "model_knowledge",
            VerdictKind::Unsupported => "unsupported",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// What was not found, one line each.
    pub problems: Vec<String>,
}

/// Shortest share of a sentence's content words that its evidence must hold.
const MIN_SHARED_WORDS: f64 = 0.2;

/// What one evidence sentence offers to check against.
struct EvidenceFacts {
    /// Lowercase words (possessives stripped).
    words: HashSet<String>,
    /// Canonical forms of the names and name-like words in it (lowercase).
    canonical: HashSet<String>,
    stems: HashSet<String>,
    /// Values with their unit class (see [`unit_class`]): quantities, and other numbers
    /// outside them.
    numbers: Vec<(f64, Option<String>)>,
    /// Calendar dates (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) of its time expressions, or its
    /// article's publication day when it has none.
    dates: Vec<String>,
    day: Option<String>,
}

/// Checks sentences against one numbered evidence list.
pub struct Checker {
    evidence: Vec<EvidenceFacts>,
    /// The dossier's entities, each as its lowercase name and aliases.
    entities: Vec<Vec<String>>,
}

impl Checker {
    pub fn new(dossier: &Dossier, numbered: &[Numbered]) -> Checker {
        let evidence = numbered.iter().map(evidence_facts).collect();
        let mut entities: Vec<Vec<String>> = Vec::new();
        let mut add = |name: &str, aliases: &[String]| {
            let mut names = vec![name.to_lowercase()];
            names.extend(aliases.iter().map(|a| a.to_lowercase()));
            entities.push(names);
        };
        for person in &dossier.people {
            add(&person.name, &person.aliases);
        }
        for organization in &dossier.organizations {
            add(&organization.name, &organization.aliases);
        }
        for place in &dossier.places {
            add(&place.name, &place.aliases);
        }
        Checker { evidence, entities }
    }

    /// The verdict on one sentence written for `section`.
    pub fn check(&self, sentence: &WrittenSentence, section: SectionKind) -> Verdict {
        let unsupported = |problem: String| Verdict {
            kind: VerdictKind::Unsupported,
            problems: vec![problem],
        };
        if sentence.knowledge {
            return if section.allows_knowledge() {
                Verdict {
                    kind: VerdictKind::ModelKnowledge,
                    problems: Vec::new(),
                }
            } else {
                unsupported(format!(
                    "marked as model knowledge, which the {} does not allow",
                    section.name()
                ))
            };
        }
        if sentence.citations.is_empty() {
            return unsupported("cites no evidence".to_string());
        }
        let mut problems = Vec::new();
        let mut cited = Vec::new();
        for &number in &sentence.citations {
            match number.checked_sub(1).and_then(|i| self.evidence.get(i)) {
                Some(facts) => cited.push(facts),
                None => problems.push(format!("cites [{number}], which was not given")),
            }
        }
        if cited.is_empty() {
            return Verdict {
                kind: VerdictKind::Unsupported,
                problems,
            };
        }
        let (text, doc) = analyse(&sentence.text, None);
        for name in names(&text, &doc) {
            if !self.name_supported(&name, &cited) {
                problems.push(format!("name “{name}” is not in the cited evidence"));
            }
        }
        for figure in figures(&text, &doc) {
            let found = cited
                .iter()
                .flat_map(|facts| &facts.numbers)
                .any(|(value, unit)| {
                    (figure.unit.is_none() || figure.unit == *unit) && figure.matches(*value)
                });
            if !found {
                problems.push(format!(
                    "figure “{}” is not in the cited evidence",
                    figure.written
                ));
            }
        }
        problems.extend(self.date_problems(&sentence.text, &cited));
        let stems = content_stems(&text, &doc);
        if !stems.is_empty() {
            let shared = stems
                .iter()
                .filter(|stem| cited.iter().any(|facts| facts.stems.contains(*stem)))
                .count();
            if shared == 0 || (shared as f64) < MIN_SHARED_WORDS * stems.len() as f64 {
                problems.push(format!(
                    "shares {shared} of its {} content words with the cited evidence",
                    stems.len()
                ));
            }
        }
        Verdict {
            kind: if problems.is_empty() {
                VerdictKind::Supported
            } else {
                VerdictKind::Unsupported
            },
            problems,
        }
    }

    fn name_supported(&self, name: &str, cited: &[&EvidenceFacts]) -> bool {
        let in_words = |candidate: &str| {
            let words = name_words(candidate);
            !words.is_empty()
                && words
                    .iter()
                    .all(|w| cited.iter().any(|facts| facts.words.contains(w)))
        };
        if name_words(name).is_empty() || in_words(name) {
            return true;
        }
        if let Some(canonical) = canonical(name) {
            if cited
                .iter()
                .any(|facts| facts.canonical.contains(&canonical))
            {
                return true;
            }
        }
        let lower = name.to_lowercase();
        self.entities
            .iter()
            .filter(|names| names.contains(&lower))
            .flatten()
            .any(|other| in_words(other))
    }

    /// Dates in `sentence` that none of the cited evidence holds. Relative dates ("on
    /// Thursday") are resolved against each cited article's own publication date.
    fn date_problems(&self, sentence: &str, cited: &[&EvidenceFacts]) -> Vec<String> {
        let mut anchors: Vec<Option<&str>> = cited.iter().map(|f| f.day.as_deref()).collect();
        anchors.sort();
        anchors.dedup();
        // Each date (by its span in the sentence) and whether some anchor supports it.
        let mut dates: Vec<(Span, String, bool)> = Vec::new();
        for anchor in anchors {
            let (text, doc) = analyse(sentence, anchor);
            for timex in &doc.timexes {
                let value = &timex.value;
                if !matches!(value.kind, TimexKind::Date | TimexKind::Time) {
                    continue;
                }
                let Some(date) = calendar_value(value) else {
                    continue;
                };
                let written = timex.span.slice(&text).to_string();
                // "Wednesday, March 2, 2009" names two days when March 2 was a Monday.
                let consistent = Date::parse_iso(date).is_none_or(|day| {
                    written
                        .split(|c: char| !c.is_alphabetic())
                        .filter_map(weekday_from_name)
                        .all(|weekday| weekday == day.weekday())
                });
                let supported = consistent
                    && cited
                        .iter()
                        .filter(|facts| facts.day.as_deref() == anchor)
                        .any(|facts| facts.dates.iter().any(|d| d.starts_with(date)));
                match dates.iter_mut().find(|(span, _, _)| *span == timex.span) {
                    Some(entry) => entry.2 |= supported,
                    None => dates.push((timex.span, written, supported)),
                }
            }
        }
        dates
            .into_iter()
            .filter(|(_, _, supported)| !supported)
            .map(|(_, written, _)| format!("date “{written}” is not in the cited evidence"))
            .collect()
    }
}

/// What a date is compared by: its calendar date, or, when there is no publication date
/// to resolve it against, its TIMEX3 value ("XXXX-WXX-2" for "on Tuesday"); `None` for
/// "now", "recently" and the like.
fn calendar_value(value: &crate::analyze::timex::TimeValue) -> Option<&str> {
    match value.date.as_deref() {
        Some(date) => Some(date),
        None if value.is_reference() || value.value.is_empty() => None,
        None => Some(value.value.as_str()),
    }
}

/// Analyses one sentence as a one-paragraph article published on `day`.
fn analyse(sentence: &str, day: Option<&str>) -> (String, Doc) {
    let text = sentence.to_string();
    let article = Article {
        id: String::new(),
        origin: "<generated>".into(),
        meta: ArticleMeta {
            published: day.map(str::to_string),
            ..ArticleMeta::default()
        },
        blocks: vec![Block {
            span: Span::new(0, text.len()),
            kind: BlockKind::Paragraph,
        }],
        text,
        removed: Vec::new(),
        fetched_at: None,
    };
    let doc = crate::analyze::analyze(&article);
    (article.text, doc)
}

fn evidence_facts(numbered: &Numbered) -> EvidenceFacts {
    let day = numbered.day().map(str::to_string);
    let (text, doc) = analyse(numbered.text(), day.as_deref());
    let words: Vec<&str> = doc
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.span.slice(&text))
        .collect();
    let mut canonical_forms = HashSet::new();
    for mention in &doc.mentions {
        for form in [mention.name(&text), mention.span.slice(&text)] {
            if let Some(found) = canonical(form) {
                canonical_forms.insert(found);
            }
        }
    }
    for length in 1..=3 {
        for window in words.windows(length) {
            if let Some(found) = canonical(&window.join(" ")) {
                canonical_forms.insert(found);
            }
        }
    }
    let mut numbers: Vec<(f64, Option<String>)> = doc
        .quantities
        .iter()
        .map(|q| (q.value, unit_class(&q.unit)))
        .collect();
    for token in &doc.tokens {
        // "20 million" offers 20,000,000, not also 20.
        if doc.quantities.iter().any(|q| q.span.contains(token.span)) {
            continue;
        }
        let written = token.span.slice(&text);
        let value = match token.kind {
            TokenKind::Number => leading_number(written),
            TokenKind::Word => number_word(written),
            _ => None,
        };
        numbers.extend(value.map(|v| (v, None)));
    }
    let mut dates: Vec<String> = doc
        .timexes
        .iter()
        .filter(|t| matches!(t.value.kind, TimexKind::Date | TimexKind::Time))
        .filter_map(|t| calendar_value(&t.value).map(str::to_string))
        .collect();
    // An undated sentence dates only from its article: "on April 24" may stand for its
    // publication day. A sentence with dates of its own gives those, not the day it was
    // published ("in January", printed in April, does not support "in April").
    if dates.is_empty() {
        dates.extend(day.clone());
    }
    EvidenceFacts {
        words: words.iter().flat_map(|w| name_words(w)).collect(),
        canonical: canonical_forms,
        stems: content_stems(&text, &doc).into_iter().collect(),
        numbers,
        dates,
        day,
    }
}

/// The canonical lowercase form of a place, demonym, government seat or known
/// organisation name; `None` for other words.
pub fn canonical(name: &str) -> Option<String> {
    let name = name.trim_start_matches("the ").trim_start_matches("The ");
    let found = GAZETTEER
        .places
        .get(name)
        .map(|place| place.name)
        .or_else(|| GAZETTEER.demonyms.get(name).copied())
        .or_else(|| KNOWN_ORG_INDEX.get(name).map(|&i| KNOWN_ORGS[i].0))
        .or_else(|| METONYMS.get(name).copied())?;
    Some(found.to_lowercase())
}

/// The lowercase words of a name that must be found: possessives stripped, function
/// words ("of", "the") left out.
fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '–')
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
            let w = w
                .strip_suffix("’s")
                .or_else(|| w.strip_suffix("'s"))
                .unwrap_or(w);
            w.trim_end_matches('.').to_lowercase()
        })
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w.as_str()))
        .collect()
}

/// The names a sentence states: its entity mentions, and runs of capitalised words that
/// are not stopwords, months or weekdays (nor sentence-initial, unless a known place,
/// people or organisation: "Polish mediators").
fn names(text: &str, doc: &Doc) -> Vec<String> {
    let mut covered = vec![false; doc.tokens.len()];
    let mut out = Vec::new();
    for mention in &doc.mentions {
        for flag in &mut covered[mention.tokens.0..mention.tokens.1] {
            *flag = true;
        }
        out.push(mention.span.slice(text).to_string());
    }
    let sentence_starts: HashSet<usize> = doc.sentences.iter().map(|s| s.tokens.0).collect();
    let in_timex = |span: Span| doc.timexes.iter().any(|t| t.span.contains(span));
    let mut run: Vec<&str> = Vec::new();
    for (index, token) in doc.tokens.iter().enumerate() {
        let word = token.span.slice(text);
        let name_like = token.kind == TokenKind::Word
            && !covered[index]
            // A sentence's first word is capitalised anyway: a name only when known.
            && (!sentence_starts.contains(&index) || canonical(word).is_some())
            && word.chars().next().is_some_and(char::is_uppercase)
            && !STOPWORDS.contains(word.to_lowercase().as_str())
            && month_from_name(word).is_none()
            && weekday_from_name(word).is_none()
            && !in_timex(token.span);
        if name_like {
            run.push(word);
        } else if !run.is_empty() {
            out.push(run.join(" "));
            run.clear();
        }
    }
    if !run.is_empty() {
        out.push(run.join(" "));
    }
    out.sort();
    out.dedup();
    out
}

/// A figure a sentence states, with the precision it is written to.
#[derive(Clone, Debug, PartialEq)]
struct Figure {
    written: String,
    value: f64,
    /// Percentages and sums of money must meet the same kind of figure in the evidence.
    unit: Option<String>,
    /// Significant digits as written ("12,000" has 2; "11,960" has 4); `None` for words.
    significant: Option<u32>,
}

impl Figure {
    /// Whether an evidence value supports it: equal, or equal once rounded to the
    /// figure's precision.
    fn matches(&self, value: f64) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        if close(self.value, value) {
            return true;
        }
        match self.significant {
            Some(digits) if value != 0.0 => close(round_significant(value, digits), self.value),
            _ => false,
        }
    }
}

fn round_significant(value: f64, digits: u32) -> f64 {
    let magnitude = value.abs().log10().floor() as i32;
    let scale = 10f64.powi(magnitude + 1 - digits as i32);
    (value / scale).round() * scale
}

/// The figures a sentence states, outside dates: its quantities ("$105 billion", "6
/// percent"), other numbers, and number words from two upwards.
fn figures(text: &str, doc: &Doc) -> Vec<Figure> {
    let date_spans: Vec<Span> = doc
        .timexes
        .iter()
        .filter(|t| !matches!(t.value.kind, TimexKind::Duration | TimexKind::Set))
        .map(|t| t.span)
        .collect();
    let mut out = Vec::new();
    let mut used: Vec<Span> = Vec::new();
    for quantity in &doc.quantities {
        if date_spans.iter().any(|d| d.overlaps(quantity.span)) {
            continue;
        }
        let written = quantity.span.slice(text);
        out.push(Figure {
            written: written.to_string(),
            value: quantity.value,
            unit: unit_class(&quantity.unit),
            significant: significant_digits(written),
        });
        used.push(quantity.span);
    }
    for token in &doc.tokens {
        if used
            .iter()
            .chain(&date_spans)
            .any(|s| s.contains(token.span))
        {
            continue;
        }
        let written = token.span.slice(text);
        let (value, significant) = match token.kind {
            TokenKind::Number => match leading_number(written) {
                Some(value) => (value, significant_digits(written)),
                None => continue,
            },
            TokenKind::Word => match number_word(written) {
                Some(value) if value >= 2.0 && value != 12.0 && value != 100.0 => (value, None),
                // "dozen" and "hundred" alone are vague; "one", "a" are not figures.
                _ => continue,
            },
            _ => continue,
        };
        out.push(Figure {
            written: written.to_string(),
            value,
            unit: None,
            significant,
        });
    }
    out
}

/// The kind of figure a quantity is, where a bare number of the same value would not
/// support it: a percentage, or money in one currency.
fn unit_class(unit: &QuantityUnit) -> Option<String> {
    match unit {
        QuantityUnit::Percent => Some("percent".to_string()),
        QuantityUnit::Money { currency } => Some(format!("money {currency}")),
        _ => None,
    }
}

/// The number at the start of a number token: `1,200` → 1200, `28-point` → 28, `3.5`.
fn leading_number(written: &str) -> Option<f64> {
    let numeric: String = written
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    numeric.trim_end_matches('.').parse().ok()
}

/// Significant digits of the first number written in `written`.
fn significant_digits(written: &str) -> Option<u32> {
    let start = written.find(|c: char| c.is_ascii_digit())?;
    let numeric: String = written[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let numeric = numeric.trim_end_matches('.');
    let digits = if let Some((whole, fraction)) = numeric.split_once('.') {
        let whole = whole.trim_start_matches('0');
        if whole.is_empty() {
            fraction.trim_start_matches('0').len()
        } else {
            whole.len() + fraction.len()
        }
    } else {
        numeric
            .trim_start_matches('0')
            .trim_end_matches('0')
            .len()
            .max(1)
    };
    Some(digits.max(1) as u32)
}

/// Stems of the sentence's content words: lowercase, three letters or more, no
/// stopwords.
fn content_stems(text: &str, doc: &Doc) -> Vec<String> {
    let mut stems: Vec<String> = doc
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.span.slice(text).to_lowercase())
        .filter(|w| w.chars().count() >= 3 && !STOPWORDS.contains(w.as_str()))
        .map(|w| crate::eval::porter::stem(&w))
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::Evidence;

    fn numbered(sentences: &[(&str, &str)]) -> Vec<Numbered> {
        sentences
            .iter()
            .enumerate()
            .map(|(index, (day, text))| Numbered {
                number: index + 1,
                evidence: Evidence {
                    article: index,
                    sentence: 0,
                    start: 0,
                    end: text.len(),
                    quote: text.to_string(),
                },
                outlet: None,
                published: Some(day.to_string()),
            })
            .collect()
    }

    fn empty_dossier() -> Dossier {
        crate::pipeline::dossier_from_texts(&["Quiet day\n\nNothing at all happened today."])
    }

    fn checker() -> Checker {
        // 2031-05-06 is a Tuesday.
        let evidence = numbered(&[
            (
                "2031-05-06",
                "The Tessaly Ferry Guild rejected a 3 percent pay offer on Tuesday, its \
                 chair Mara Oyelaran said.",
            ),
            (
                "2031-05-07",
                "About 11,960 passengers were stranded in Port Ilvane as 42 ferries stayed \
                 in harbour.",
            ),
            (
                "2031-05-08",
                "Ukrainian mediators will meet both sides in April 2032, the ministry said.",
            ),
        ]);
        Checker::new(&empty_dossier(), &evidence)
    }

    fn verdict(text: &str, citations: &[usize]) -> Verdict {
        checker().check(
            &WrittenSentence {
                text: text.into(),
                citations: citations.to_vec(),
                knowledge: false,
            },
            SectionKind::Overview,
        )
    }

    #[test]
    fn a_faithful_sentence_is_supported() {
        for (text, cites) in [
            (
                "Mara Oyelaran's guild rejected a 3 percent offer on Tuesday.",
                &[1][..],
            ),
            ("Oyelaran's union turned down the 3% pay offer.", &[1]),
            (
                "Some 12,000 passengers were stranded as 42 ferries stayed in harbour.",
                &[2],
            ),
            ("Mediators from Ukraine will meet both sides in 2032.", &[3]),
            (
                "The guild rejected the offer on May 6, and passengers were stranded in \
                 Port Ilvane.",
                &[1, 2],
            ),
        ] {
            let found = verdict(text, cites);
            assert_eq!(found.kind, VerdictKind::Supported, "{text}: {found:?}");
        }
    }

    #[test]
    fn planted_names_figures_and_dates_are_caught() {
        for (text, cites, problem) in [
            (
                "Daria Kovner's guild rejected a 3 percent offer on Tuesday.",
                &[1][..],
                "Daria Kovner",
            ),
            (
                "The guild rejected a 4 percent offer on Tuesday.",
                &[1],
                "4",
            ),
            (
                "Some 13,000 passengers were stranded as 42 ferries stayed in harbour.",
                &[2],
                "13,000",
            ),
            (
                "The guild rejected a 3 percent offer on Thursday.",
                &[1],
                "Thursday",
            ),
            (
                "Mediators will meet both sides in March 2032.",
                &[3],
                "March 2032",
            ),
            (
                "The guild rejected a 3 percent offer on Friday, May 6, 2031.",
                &[1],
                "Friday, May 6, 2031",
            ),
            // Right facts, wrong citation.
            (
                "About 11,960 passengers were stranded in Port Ilvane.",
                &[1],
                "11,960",
            ),
            ("Polish mediators will meet both sides.", &[3], "Polish"),
        ] {
            let found = verdict(text, cites);
            assert_eq!(found.kind, VerdictKind::Unsupported, "{text}");
            assert!(
                found.problems.iter().any(|p| p.contains(problem)),
                "{text}: {:?}",
                found.problems
            );
        }
    }

    #[test]
    fn citations_and_knowledge_marks_are_enforced_by_section() {
        assert_eq!(
            verdict("The guild rejected the offer.", &[]).kind,
            VerdictKind::Unsupported
        );
        let wrong_number = verdict("The guild rejected the offer.", &[9]);
        assert_eq!(
            wrong_number.problems,
            vec!["cites [9], which was not given"]
        );
        let knowledge = WrittenSentence {
            text: "Ferry strikes have often ended in arbitration.".into(),
            citations: Vec::new(),
            knowledge: true,
        };
        let checker = checker();
        assert_eq!(
            checker.check(&knowledge, SectionKind::Background).kind,
            VerdictKind::ModelKnowledge
        );
        assert_eq!(
            checker.check(&knowledge, SectionKind::Overview).kind,
            VerdictKind::Unsupported
        );
    }

    #[test]
    fn a_sentence_unrelated_to_its_evidence_is_unsupported() {
        let found = verdict(
            "Weather forecasters expect heavy rain across the region.",
            &[2],
        );
        assert_eq!(found.kind, VerdictKind::Unsupported);
    }

    #[test]
    fn rounding_follows_the_written_precision() {
        assert_eq!(significant_digits("12,000"), Some(2));
        assert_eq!(significant_digits("11,960"), Some(4));
        assert_eq!(significant_digits("3.5"), Some(2));
        assert_eq!(significant_digits("0.25"), Some(2));
        let figure = Figure {
            written: "12,000".into(),
            value: 12_000.0,
            unit: None,
            significant: Some(2),
        };
        assert!(figure.matches(11_960.0));
        assert!(!figure.matches(13_000.0));
        assert!(!figure.matches(1_200.0));
    }
}
