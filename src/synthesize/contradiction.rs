//! Contradiction between two statements: the same verb negated in one and affirmed in
//! the other ("we will never sign this agreement" / "we are ready to sign the
//! agreement"), or a thing accepted in one and refused in the other ("accept the
//! proposal" / "reject this proposal"), acting on the same thing (a content word shared
//! within a few words after the verb). Used for a speaker who contradicts themselves
//! (perspectives) and for sources that contradict each other (claim disagreements).
//!
//! Deliberately narrow: it sees polarity on a shared verb and object, not paraphrase
//! ("the talks failed" / "the talks succeeded" is not found).

use crate::analyze::lexicon::STOPWORDS;

/// A word of a quote, lower-cased, a plural or verb ending cut so that "signs", "signed"
/// and "signing" meet.
fn stem(word: &str) -> String {
    let word = word.to_lowercase().replace('’', "'");
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.chars().count() >= 4 {
                return stem.to_string();
            }
        }
    }
    word
}

/// How strict a comparison is. A speaker's own quotes are short and about one thing, so
/// any negation will do; two reporters' sentences are long and general, and only a
/// denial of the very thing the other reports counts.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// Only "not", "n't", "never" and "cannot" negate a verb; "no" and "nothing" make a
    /// sentence negative without negating a particular word.
    pub verbal_negation_only: bool,
    /// The affirming statement holds no negation at all, and a refusal is only set
    /// against an acceptance when neither statement holds both.
    pub clean_affirmation: bool,
    /// The two statements also share a content word in the few words before the verb
    /// (its subject): "the union accepted" / "the union has not accepted".
    pub shared_subject: bool,
}

/// For one speaker's quotes.
pub const BETWEEN_QUOTES: Rules = Rules {
    verbal_negation_only: false,
    clean_affirmation: false,
    shared_subject: false,
};

/// For two sources' own sentences.
pub const BETWEEN_REPORTS: Rules = Rules {
    verbal_negation_only: true,
    clean_affirmation: true,
    shared_subject: true,
};

fn is_verbal_negation(word: &str) -> bool {
    let word = word.to_lowercase().replace('’', "'");
    // "denies holding talks" says what "is not holding talks" says.
    matches!(
        word.as_str(),
        "not" | "never" | "cannot" | "deny" | "denies" | "denied" | "denying"
    ) || word.ends_with("n't")
}

fn is_negation(word: &str) -> bool {
    is_verbal_negation(word)
        || matches!(
            word.to_lowercase().as_str(),
            "no" | "nor" | "none" | "nobody" | "nothing" | "neither" | "without"
        )
}

fn is_content(word: &str) -> bool {
    word.chars().count() >= 3
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
        && !STOPWORDS.contains(word.to_lowercase().as_str())
}

fn is_adverb(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ly")
}

/// Verbs of acceptance and refusal: the same thing accepted in one statement and refused
/// in another is a contradiction.
fn polarity(word: &str) -> Option<bool> {
    match stem(word).as_str() {
        "accept" | "support" | "back" | "welcom" | "welcome" | "endors" | "endorse" | "agre"
        | "agree" | "approv" | "approve" => Some(true),
        "reject" | "oppos" | "oppose" | "refus" | "refuse" | "condemn" | "veto" | "block" => {
            Some(false)
        }
        _ => None,
    }
}

/// A statement read for contradiction.
struct Reading {
    /// Each word's stem and whether a negation governs it.
    words: Vec<(String, bool)>,
    /// Whether any negation word occurs.
    negative: bool,
    /// Which polarities of acceptance/refusal verbs occur.
    polarities: [bool; 2],
}

/// A clause break: a negation does not reach past it.
const BREAK: &str = "|";

/// The words of a statement, with [`BREAK`] where punctuation ends a clause.
fn words_of(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for piece in text.split_whitespace() {
        let word = piece.trim_matches(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'));
        // "gone," and a detached "," (tokenised text) both end a clause.
        let breaks = piece
            .trim_end_matches(['"', '\'', '’', '”'])
            .ends_with([',', ';', ':', '.', '!', '?', '(', ')', '—', '–'])
            || piece == "--";
        let word = word.trim_matches('\'');
        if !word.is_empty() {
            words.push(word);
        }
        if breaks {
            words.push(BREAK);
        }
    }
    words
}

/// Words after which "not" negates a quantity rather than the verb ("not much else
/// stands between").
fn is_quantifier(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "much"
            | "many"
            | "all"
            | "every"
            | "everyone"
            | "everything"
            | "only"
            | "just"
            | "quite"
            | "always"
            | "necessarily"
            | "enough"
            | "exactly"
            | "entirely"
            | "least"
    )
}

/// Words that turn a negation into a time bound: "will not leave until September" says
/// when it happens, not that it does not.
fn is_time_bound(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "until" | "till" | "since" | "before"
    )
}

fn read(text: &str, rules: &Rules) -> Reading {
    let words = words_of(text);
    let mut out: Vec<(String, bool)> = Vec::with_capacity(words.len());
    let mut negative = false;
    let mut polarities = [false; 2];
    let mut negating = false;
    // The word the current clause's negation landed on.
    let mut negated_here: Option<usize> = None;
    for (index, word) in words.iter().enumerate() {
        if *word == BREAK {
            negating = false;
            negated_here = None;
            out.push((BREAK.to_string(), false));
            continue;
        }
        if is_negation(word) {
            negative = true;
            let quantity = words.get(index + 1).is_some_and(|next| is_quantifier(next));
            negating = (!rules.verbal_negation_only || is_verbal_negation(word)) && !quantity;
            out.push((word.to_lowercase(), false));
            continue;
        }
        if is_time_bound(word) {
            if let Some(at) = negated_here.take() {
                // Neither negated nor affirmed: the word takes no part.
                out[at] = (String::new(), false);
            }
        }
        if let Some(accepts) = polarity(word) {
            polarities[accepts as usize] = true;
        }
        // A negation reaches past auxiliaries, determiners and adverbs ("has not yet
        // formally accepted", "not directly life-threatening") to the first other
        // content word, which it negates.
        let pivot = is_content(word) && !is_adverb(word);
        if negating && pivot {
            negated_here = Some(out.len());
        }
        out.push((stem(word), negating && pivot));
        if pivot {
            negating = false;
        }
    }
    Reading {
        words: out,
        negative,
        polarities,
    }
}

/// Whether a statement could take part in a contradiction at all: it negates something
/// or accepts or refuses something. A cheap filter before [`contradicts`].
pub fn has_polarity(text: &str) -> bool {
    words_of(text)
        .into_iter()
        .any(|w| is_negation(w) || polarity(w).is_some())
}

/// Words this many places after a verb count as what it acts on.
const OBJECT_WINDOW: usize = 5;
/// Words this many places before a verb count as its subject.
const SUBJECT_WINDOW: usize = 6;

/// Whether two quotes by one speaker contradict each other ([`BETWEEN_QUOTES`]).
pub fn contradicts(a: &str, b: &str) -> bool {
    contradicts_under(a, b, &BETWEEN_QUOTES)
}

/// Whether two statements contradict each other under `rules`: the same verb negated in
/// one and affirmed in the other, or accepted in one and refused in the other, acting on
/// the same thing (a content word shared within a few words after the verb).
pub fn contradicts_under(a: &str, b: &str, rules: &Rules) -> bool {
    let (a, b) = (read(a, rules), read(b, rules));
    let content_near = |words: &[(String, bool)], range: std::ops::Range<usize>| -> Vec<String> {
        words[range]
            .iter()
            .filter(|(w, _)| is_content(w))
            .map(|(w, _)| w.clone())
            .collect()
    };
    let after = |r: &Reading, at: usize| {
        content_near(&r.words, at + 1..r.words.len().min(at + 1 + OBJECT_WINDOW))
    };
    let before = |r: &Reading, at: usize| {
        let pivot = &r.words[at].0;
        let mut words = content_near(&r.words, at.saturating_sub(SUBJECT_WINDOW)..at);
        words.retain(|w| w != pivot);
        words
    };
    let shares = |left: Vec<String>, right: Vec<String>| right.iter().any(|w| left.contains(w));
    let crossed_polarity = a.polarities[0] && a.polarities[1] || b.polarities[0] && b.polarities[1];
    for (i, (word_a, negated_a)) in a.words.iter().enumerate() {
        if !is_content(word_a) {
            continue;
        }
        for (j, (word_b, negated_b)) in b.words.iter().enumerate() {
            let opposite = if word_a == word_b {
                let affirming = if *negated_a { &b } else { &a };
                negated_a != negated_b && !(rules.clean_affirmation && affirming.negative)
            } else {
                match (polarity(word_a), polarity(word_b)) {
                    (Some(x), Some(y)) if rules.clean_affirmation => {
                        x != y
                            && !negated_a
                            && !negated_b
                            && !a.negative
                            && !b.negative
                            && !crossed_polarity
                    }
                    (Some(x), Some(y)) => (x != y) == (negated_a == negated_b),
                    _ => false,
                }
            };
            if opposite
                && shares(after(&a, i), after(&b, j))
                && (!rules.shared_subject || shares(before(&a, i), before(&b, j)))
            {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{contradicts, contradicts_under, BETWEEN_REPORTS};

    fn reports_contradict(a: &str, b: &str) -> bool {
        contradicts_under(a, b, &BETWEEN_REPORTS)
    }

    #[test]
    fn a_report_and_its_denial_contradict() {
        assert!(reports_contradict(
            "The Kelm Dockworkers Union accepted the port authority's offer of job guarantees on Friday",
            "The Kelm Dockworkers Union has not yet accepted the port authority's offer of job guarantees",
        ));
        assert!(reports_contradict(
            "The Kelm Dockworkers Union accepted the port authority's offer of job guarantees on Friday",
            "The Kelm Dockworkers Union rejected the port authority's offer of job guarantees on Friday",
        ));
    }

    #[test]
    fn reports_that_only_look_opposite_do_not_contradict() {
        // "No country has proposed" says what "countries have not proposed" says.
        assert!(!reports_contradict(
            "Nevertheless the northern states have not proposed a naval blockade of the strait",
            "Nevertheless no northern state has proposed a naval blockade of the strait",
        ));
        // A denial is a negation.
        assert!(!reports_contradict(
            "The rebel council denies holding secret talks with the harbour regime this month",
            "The rebel council is not holding any talks with the harbour regime this month",
        ));
        // Both negative, worded differently.
        assert!(!reports_contradict(
            "That repair has never been attempted at such depths in the strait",
            "That repair had never before been attempted at such depths in the strait",
        ));
        // A negation stops at a clause break.
        assert!(!reports_contradict(
            "The harbour master is not gone , but his days in the port office are numbered",
            "The harbour master's days in the port office are clearly numbered now",
        ));
        assert!(!reports_contradict(
            "The harbour master is not gone, but his days in the port office are numbered",
            "The harbour master's days in the port office are clearly numbered now",
        ));
        // "Not much" negates a quantity; "not … until" is a time bound.
        assert!(!reports_contradict(
            "The capture matters because not much else stands between the rebels and the coast road",
            "The capture matters because little else stands between the rebels and the coast road",
        ));
        assert!(!reports_contradict(
            "The harbour master Ilse Brandt will not leave the port office until September",
            "The harbour master Ilse Brandt will leave the port office in September",
        ));
        // Different subjects.
        assert!(!reports_contradict(
            "The ferry crews have not accepted the port authority's offer of job guarantees",
            "The dockworkers accepted the port authority's offer of job guarantees on Friday",
        ));
        // A sentence that holds both verbs.
        assert!(!reports_contradict(
            "The council plans to approve a motion condemning the port authority's offer",
            "The council plans to approve a motion condemning the port authority's offer today",
        ));
    }

    #[test]
    fn a_verb_negated_in_one_quote_and_affirmed_in_the_other_contradicts() {
        assert!(contradicts(
            "We will never sign an agreement that hands the harbour to a private fund",
            "We are ready to sign the agreement this week",
        ));
        assert!(contradicts(
            "The ministry is not going to raise the port levy",
            "We will raise the port levy in the spring",
        ));
    }

    #[test]
    fn accepting_and_refusing_the_same_thing_contradicts() {
        assert!(contradicts(
            "We accept the proposal as a basis for talks",
            "We reject this proposal outright",
        ));
        // Refusing and not accepting agree.
        assert!(!contradicts(
            "We do not accept the proposal",
            "We reject the proposal",
        ));
    }

    #[test]
    fn different_things_or_mere_repetition_do_not_contradict() {
        assert!(!contradicts(
            "We are not against machines",
            "We are against being thrown away by them",
        ));
        assert!(!contradicts(
            "We don't want a strike that lasts all winter",
            "The strike goes on until the cranes are ours",
        ));
        assert!(!contradicts(
            "We will sign the agreement on Friday",
            "We will sign the agreement as written",
        ));
        // A negation reaches past an adverb; hyphenated words stay whole.
        assert!(!contradicts(
            "In most cases the fever is not life-threatening",
            "Even when the fever itself is not directly life-threatening, clinics fill up",
        ));
        // Negating an adverb's word ("not seriously ill") needs a shared object too.
        assert!(!contradicts(
            "In 2019 the fever made 200 people seriously ill and killed one",
            "Both patients are not seriously ill",
        ));
        assert!(!contradicts(
            "We will never sign away the harbour",
            "We are ready to sign the wage deal",
        ));
    }
}
