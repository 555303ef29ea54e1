//! Scoring helpers shared by the evaluations.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};

/// The entries of a folder that `keep` accepts, in name order; an unreadable folder is
/// an error naming it.
pub fn sorted_entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| keep(p))
        .collect();
    paths.sort();
    Ok(paths)
}

/// B-cubed precision, recall and F1 of a clustering against gold classes: for each item,
/// precision is the share of its cluster that shares its gold class, recall the share of
/// its gold class that shares its cluster; both are averaged over items.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BCubed {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

pub fn bcubed<C: Eq + Hash, G: Eq + Hash>(pairs: &[(C, G)]) -> BCubed {
    if pairs.is_empty() {
        return BCubed {
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
        };
    }
    let mut cluster_size: HashMap<&C, f64> = HashMap::new();
    let mut gold_size: HashMap<&G, f64> = HashMap::new();
    let mut both: HashMap<(&C, &G), f64> = HashMap::new();
    for (cluster, gold) in pairs {
        *cluster_size.entry(cluster).or_default() += 1.0;
        *gold_size.entry(gold).or_default() += 1.0;
        *both.entry((cluster, gold)).or_default() += 1.0;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (cluster, gold) in pairs {
        let shared = both[&(cluster, gold)];
        precision += shared / cluster_size[cluster];
        recall += shared / gold_size[gold];
    }
    let n = pairs.len() as f64;
    let (precision, recall) = (precision / n, recall / n);
    BCubed {
        precision,
        recall,
        f1: f1(precision, recall),
    }
}

/// Counts for precision and recall of matched items: how many gold, how many predicted,
/// how many predicted matched a gold one (each at most once).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Matches {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
}

impl Matches {
    pub fn precision(&self) -> f64 {
        self.matched as f64 / self.predicted.max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.matched as f64 / self.gold.max(1) as f64
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }

    /// `P 0.832 R 0.843 F1 0.837`, as every eval prints it.
    pub fn summary(&self) -> String {
        format!(
            "P {:.3} R {:.3} F1 {:.3}",
            self.precision(),
            self.recall(),
            self.f1()
        )
    }

    pub fn add(&mut self, other: Matches) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.matched += other.matched;
    }
}

/// The harmonic mean of precision and recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// A small deterministic pseudo-random generator (SplitMix64), so that evaluation orders
/// are the same on every machine and every run.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `bound`.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Undoes Penn Treebank tokenisation in benchmark texts: bracket escapes, `` '' quotes and
/// spaces before punctuation and clitics.
pub fn detokenize_ptb(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words: Vec<String> = Vec::new();
        // A "`" opened a single quotation that a lone "'" will close.
        let mut single_open = false;
        for word in line.split_whitespace() {
            let mapped = match word {
                "-LRB-" => "(",
                "-RRB-" => ")",
                "-LSB-" => "[",
                "-RSB-" => "]",
                "-LCB-" => "{",
                "-RCB-" => "}",
                "``" => "“",
                "''" => "”",
                other => other,
            };
            let attaches_left = matches!(
                mapped,
                "," | "." | ";" | ":" | "?" | "!" | "%" | ")" | "]" | "}" | "”"
            ) || mapped.starts_with('\'') && mapped.len() <= 3 && mapped != "'"
                || mapped == "n't";
            // A lone "'" after a plural is its possessive ("Schools ' Association" →
            // "Schools' Association"), unless it closes a "`" quotation.
            let plural_possessive = mapped == "'"
                && !std::mem::take(&mut single_open)
                && words.last().is_some_and(|w| w.ends_with('s'));
            single_open |= mapped == "`";
            let attaches_left = attaches_left || plural_possessive;
            let previous_opens = words
                .last()
                .is_some_and(|w| matches!(w.as_str(), "(" | "[" | "{" | "“" | "$"));
            match words.last_mut() {
                Some(last) if attaches_left || previous_opens => last.push_str(mapped),
                _ => words.push(mapped.to_string()),
            }
        }
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_of_known_clusterings() {
        let perfect = bcubed(&[(1, "a"), (1, "a"), (2, "b")]);
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.f1),
            (1.0, 1.0, 1.0)
        );
        // Everything in one cluster: recall 1, precision (2/3·2 + 1/3) / 3 = 5/9.
        let lumped = bcubed(&[(1, "a"), (1, "a"), (1, "b")]);
        assert!((lumped.precision - 5.0 / 9.0).abs() < 1e-12);
        assert_eq!(lumped.recall, 1.0);
        // Every item alone: precision 1, recall (1/2·2 + 1) / 3 = 2/3.
        let split = bcubed(&[(1, "a"), (2, "a"), (3, "b")]);
        assert_eq!(split.precision, 1.0);
        assert!((split.recall - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn shuffles_are_deterministic_permutations() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        SplitMix64::new(7).shuffle(&mut a);
        SplitMix64::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(a, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn ptb_text_is_detokenized() {
        assert_eq!(
            detokenize_ptb(
                "The mayor 's office -LRB- in Velmora -RRB- said `` no '' , and it did n't ."
            ),
            "The mayor's office (in Velmora) said “no”, and it didn't.\n"
        );
        assert_eq!(
            detokenize_ptb("the Harbour Schools ' Association and ` the docks ' agreed"),
            "the Harbour Schools' Association and ` the docks ' agreed\n"
        );
    }
}
