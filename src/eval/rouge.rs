//! ROUGE-N for timelines, in the three variants of Martschat & Markert (EACL 2017) that
//! the timeline-summarisation literature reports: *concat*, *agreement* and *align+ m:1*.
//!
//! Tokenisation, as ROUGE-1.5.5 run with `-m -s` (stemming, stopwords removed), which is
//! how the tilse toolkit and news-tls call it:
//! - lowercase; every character that is not a letter or digit separates words;
//! - words in newsdesk's own stopword list (`analyze::lexicon::STOPWORDS`) are removed —
//!   ROUGE ships a different (SMART) list, so figures are close to, not identical with,
//!   those of the Perl script;
//! - words longer than three characters are stemmed with the Porter stemmer
//!   ([`super::porter`]);
//! - n-grams are formed after stopword removal; counts are clipped (a predicted n-gram
//!   matches at most as often as it occurs in the reference).
//!
//! Scores keep their counts (matched, predicted, reference), so that several dates or
//! timelines can be pooled before dividing.

use super::metrics::f1;
use super::porter;
use crate::analyze::lexicon::STOPWORDS;
use crate::date::Date;
use std::collections::{BTreeMap, HashMap};

/// A dated summary: sentences per day.
pub type Timeline = BTreeMap<Date, Vec<String>>;

/// ROUGE's words of a text.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(w.as_str()))
        .map(|w| if w.len() > 3 { porter::stem(&w) } else { w })
        .collect()
}

/// The n-gram counts of one summary (a list of sentences); n-grams do not cross
/// sentence boundaries.
#[derive(Clone, Debug, Default)]
pub struct Grams {
    counts: HashMap<Vec<String>, u32>,
    total: u32,
}

impl Grams {
    pub fn of(sentences: &[String], n: usize) -> Grams {
        let mut grams = Grams::default();
        for sentence in sentences {
            let words = tokens(sentence);
            for window in words.windows(n) {
                *grams.counts.entry(window.to_vec()).or_default() += 1;
                grams.total += 1;
            }
        }
        grams
    }

    /// Clipped matches of `self` (predicted) in `reference`.
    pub fn matches(&self, reference: &Grams) -> u32 {
        self.counts
            .iter()
            .map(|(gram, count)| (*count).min(reference.counts.get(gram).copied().unwrap_or(0)))
            .sum()
    }
}

/// Pooled counts: precision = matched / predicted, recall = matched / reference. With date
/// weights the matched counts are fractional.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Overlap {
    pub precision_matched: f64,
    pub predicted: f64,
    pub recall_matched: f64,
    pub reference: f64,
}

impl Overlap {
    pub fn precision(&self) -> f64 {
        ratio(self.precision_matched, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.recall_matched, self.reference)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// One timeline's n-grams per date.
struct Gridded {
    dates: Vec<Date>,
    grams: Vec<Grams>,
}

impl Gridded {
    fn of(timeline: &Timeline, n: usize) -> Gridded {
        Gridded {
            dates: timeline.keys().copied().collect(),
            grams: timeline.values().map(|s| Grams::of(s, n)).collect(),
        }
    }
}

/// *concat*: all daily summaries of each timeline concatenated, dates ignored.
pub fn concat(predicted: &Timeline, reference: &Timeline, n: usize) -> Overlap {
    let all = |t: &Timeline| t.values().flatten().cloned().collect::<Vec<_>>();
    let (p, r) = (Grams::of(&all(predicted), n), Grams::of(&all(reference), n));
    let matched = p.matches(&r) as f64;
    Overlap {
        precision_matched: matched,
        predicted: p.total as f64,
        recall_matched: matched,
        reference: r.total as f64,
    }
}

/// *agreement*: only n-grams of the same date count.
pub fn agreement(predicted: &Timeline, reference: &Timeline, n: usize) -> Overlap {
    let p = Gridded::of(predicted, n);
    let r = Gridded::of(reference, n);
    let grams_on = |g: &Gridded, date: &Date| {
        g.dates
            .binary_search(date)
            .map(|i| g.grams[i].clone())
            .unwrap_or_default()
    };
    let mut overlap = Overlap::default();
    for (date, grams) in p.dates.iter().zip(&p.grams) {
        let reference = grams_on(&r, date);
        overlap.precision_matched += grams.matches(&reference) as f64;
        overlap.predicted += grams.total as f64;
    }
    for (date, grams) in r.dates.iter().zip(&r.grams) {
        let predicted = grams_on(&p, date);
        overlap.recall_matched += predicted.matches(grams) as f64;
        overlap.reference += grams.total as f64;
    }
    overlap
}

/// *align+ m:1*: each predicted date is matched with the reference date that costs least,
/// and each reference date with the predicted date that costs least (several may pick the
/// same one); cost = (1 − 1/(days apart + 1)) · (1 − unigram F1 of the two summaries),
/// ties going to the nearer day.
/// Matches count with the weight 1/(days apart + 1).
pub fn align_many_to_one(predicted: &Timeline, reference: &Timeline, n: usize) -> Overlap {
    let p = Gridded::of(predicted, n);
    let r = Gridded::of(reference, n);
    let p1 = Gridded::of(predicted, 1);
    let r1 = Gridded::of(reference, 1);
    let content = |i: usize, j: usize| {
        let matched = p1.grams[i].matches(&r1.grams[j]) as f64;
        f1(
            ratio(matched, p1.grams[i].total as f64),
            ratio(matched, r1.grams[j].total as f64),
        )
    };
    let days_apart =
        |i: usize, j: usize| (p.dates[i].to_days() - r.dates[j].to_days()).unsigned_abs() as f64;
    let cost = |i: usize, j: usize| (1.0 - 1.0 / (days_apart(i, j) + 1.0)) * (1.0 - content(i, j));
    // The cheapest candidate; among equally cheap ones the nearest in time, then the
    // earliest (tilse takes the earliest, which can pair a day with an identical summary
    // on another day over itself).
    let cheapest = |candidates: usize, cost_and_gap: &dyn Fn(usize) -> (f64, f64)| {
        (0..candidates).fold(None, |best: Option<(usize, (f64, f64))>, k| {
            let c = cost_and_gap(k);
            match best {
                Some((_, b)) if b.0 < c.0 || (b.0 == c.0 && b.1 <= c.1) => best,
                _ => Some((k, c)),
            }
        })
    };
    let mut overlap = Overlap::default();
    for i in 0..p.dates.len() {
        overlap.predicted += p.grams[i].total as f64;
        if let Some((j, _)) = cheapest(r.dates.len(), &|j| (cost(i, j), days_apart(i, j))) {
            let weight = 1.0 / (days_apart(i, j) + 1.0);
            overlap.precision_matched += weight * p.grams[i].matches(&r.grams[j]) as f64;
        }
    }
    for j in 0..r.dates.len() {
        overlap.reference += r.grams[j].total as f64;
        if let Some((i, _)) = cheapest(p.dates.len(), &|i| (cost(i, j), days_apart(i, j))) {
            let weight = 1.0 / (days_apart(i, j) + 1.0);
            overlap.recall_matched += weight * p.grams[i].matches(&r.grams[j]) as f64;
        }
    }
    overlap
}

/// Date selection: (precision, recall) of the predicted dates against the reference's.
pub fn dates(predicted: &Timeline, reference: &Timeline) -> (f64, f64) {
    let shared = predicted
        .keys()
        .filter(|d| reference.contains_key(d))
        .count() as f64;
    (
        ratio(shared, predicted.len() as f64),
        ratio(shared, reference.len() as f64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u8) -> Date {
        Date::new(2031, 5, d).unwrap()
    }

    fn timeline(items: &[(u8, &str)]) -> Timeline {
        let mut t = Timeline::new();
        for (d, text) in items {
            t.entry(day(*d)).or_default().push(text.to_string());
        }
        t
    }

    #[test]
    fn tokens_are_lowercased_stemmed_and_free_of_stopwords() {
        assert_eq!(
            tokens("The ferries were sailing again, the port's director said."),
            ["ferri", "sail", "port", "director"]
        );
    }

    #[test]
    fn identical_timelines_score_one_everywhere() {
        let t = timeline(&[
            (1, "Dockworkers strike at Port Velmora."),
            (4, "Talks resume."),
        ]);
        for n in [1, 2] {
            assert_eq!(concat(&t, &t, n).f1(), 1.0);
            assert_eq!(agreement(&t, &t, n).f1(), 1.0);
            assert_eq!(align_many_to_one(&t, &t, n).f1(), 1.0);
        }
        assert_eq!(dates(&t, &t), (1.0, 1.0));
    }

    #[test]
    fn a_day_off_halves_the_aligned_match_and_zeroes_agreement() {
        let gold = timeline(&[(1, "Dockworkers strike at Port Velmora.")]);
        let late = timeline(&[(2, "Dockworkers strike at Port Velmora.")]);
        assert_eq!(concat(&late, &gold, 1).f1(), 1.0);
        assert_eq!(agreement(&late, &gold, 1).f1(), 0.0);
        let aligned = align_many_to_one(&late, &gold, 1);
        assert!((aligned.precision() - 0.5).abs() < 1e-12);
        assert!((aligned.recall() - 0.5).abs() < 1e-12);
        assert_eq!(dates(&late, &gold), (0.0, 0.0));
    }

    #[test]
    fn counts_are_clipped_and_pooled_over_dates() {
        // Predicted "strike strike" against one "strike": one match of two.
        let gold = timeline(&[(1, "strike"), (3, "talks resume")]);
        let predicted = timeline(&[(1, "strike strike")]);
        let overlap = agreement(&predicted, &gold, 1);
        assert_eq!(overlap.precision(), 0.5);
        // Gold has three unigrams ("strike", "talk", "resum"); one was found.
        assert!((overlap.recall() - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn identical_summaries_on_two_days_align_each_with_its_own_day() {
        let t = timeline(&[(1, "strike"), (5, "strike")]);
        assert_eq!(align_many_to_one(&t, &t, 1).f1(), 1.0);
    }

    #[test]
    fn many_to_one_lets_two_predicted_dates_share_a_reference_date() {
        let gold = timeline(&[(10, "ferry service resumes")]);
        let predicted = timeline(&[(10, "ferry service resumes"), (11, "ferry service resumes")]);
        let overlap = align_many_to_one(&predicted, &gold, 1);
        // Precision: 3 + 3/2 matched of 6 predicted; recall: the exact day, 3 of 3.
        assert!((overlap.precision() - 0.75).abs() < 1e-12);
        assert_eq!(overlap.recall(), 1.0);
    }
}
