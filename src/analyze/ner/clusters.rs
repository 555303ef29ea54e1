//! Word clusters learned from unlabelled news text (the Timeline17 articles), so that the
//! tagger generalises from the words it saw labelled to words that occur in the same
//! contexts ("Velmora" near "in", "capital", "province" looks like other places).
//!
//! Each frequent word is described by the words seen immediately left and right of it
//! (positive pointwise mutual information with the most frequent context words), projected
//! to a short dense vector by seeded random signs, and grouped by spherical k-means twice:
//! into coarse clusters, then each coarse cluster into fine ones. Deterministic for the
//! same text and seed. Clusters are keyed by the word's hash in the model.

use super::features::{form, mix};
use super::model::{HashKeyed, Model};
use std::collections::HashMap;

pub struct Options {
    /// Words seen fewer times get no cluster.
    pub min_count: u32,
    /// Context words: the most frequent this many.
    pub contexts: usize,
    pub dimensions: usize,
    pub coarse: usize,
    /// Fine clusters inside each coarse one.
    pub fine: usize,
    pub iterations: usize,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            min_count: 3,
            contexts: 3000,
            dimensions: 128,
            coarse: 256,
            fine: 16,
            iterations: 12,
            seed: 2026,
        }
    }
}

/// Clusters learned from tokenised sentences (tokens separated by whitespace).
pub struct Learned {
    pub clusters: HashKeyed<(u16, u16)>,
    pub words: usize,
    pub tokens: usize,
}

/// Learns clusters from an iterator of texts whose tokens are separated by whitespace.
pub fn learn<'a>(texts: impl Iterator<Item = &'a str> + Clone, options: &Options) -> Learned {
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut tokens = 0;
    for text in texts.clone() {
        for token in text.split_whitespace() {
            *counts.entry(form(token).into_owned()).or_default() += 1;
            tokens += 1;
        }
    }
    let mut vocabulary: Vec<(&String, u32)> = counts
        .iter()
        .filter(|(_, &c)| c >= options.min_count)
        .map(|(w, &c)| (w, c))
        .collect();
    // Most frequent first; ties by spelling, so the order is deterministic.
    vocabulary.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let index: HashMap<&str, usize> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    let context_count = options.contexts.min(vocabulary.len());

    // Co-occurrence counts with the context words, left (c) and right (contexts + c).
    let mut cooccurrence: Vec<HashMap<u32, u32>> = vec![HashMap::new(); vocabulary.len()];
    for text in texts {
        let ids: Vec<Option<usize>> = text
            .split_whitespace()
            .map(|t| index.get(&*form(t)).copied())
            .collect();
        for (i, id) in ids.iter().enumerate() {
            let Some(word) = *id else { continue };
            if i > 0 {
                if let Some(left) = ids[i - 1].filter(|&c| c < context_count) {
                    *cooccurrence[word].entry(left as u32).or_default() += 1;
                }
            }
            if let Some(right) = ids.get(i + 1).copied().flatten() {
                if right < context_count {
                    *cooccurrence[word]
                        .entry((context_count + right) as u32)
                        .or_default() += 1;
                }
            }
        }
    }
    let mut context_totals = vec![0u64; 2 * context_count];
    let mut grand_total = 0u64;
    for row in &cooccurrence {
        for (&c, &n) in row {
            context_totals[c as usize] += u64::from(n);
            grand_total += u64::from(n);
        }
    }

    // PPMI weights projected by random signs to a dense unit vector per word.
    let sign = |context: u32, dimension: usize| -> f32 {
        let h = mix(options.seed ^ (u64::from(context) << 20) ^ dimension as u64);
        if h & 1 == 0 {
            1.0
        } else {
            -1.0
        }
    };
    let dims = options.dimensions;
    let vectors: Vec<Vec<f32>> = cooccurrence
        .iter()
        .map(|row| {
            let word_total: u64 = row.values().map(|&n| u64::from(n)).sum();
            let mut v = vec![0f32; dims];
            let mut entries: Vec<(&u32, &u32)> = row.iter().collect();
            entries.sort_unstable();
            for (&c, &n) in entries {
                let pmi = ((f64::from(n) * grand_total as f64)
                    / (word_total as f64 * context_totals[c as usize] as f64))
                    .ln();
                if pmi <= 0.0 {
                    continue;
                }
                for (d, value) in v.iter_mut().enumerate() {
                    *value += pmi as f32 * sign(c, d);
                }
            }
            normalise(&mut v);
            v
        })
        .collect();

    let all: Vec<usize> = (0..vectors.len())
        .filter(|&i| vectors[i].iter().any(|&x| x != 0.0))
        .collect();
    let coarse = kmeans(
        &vectors,
        &all,
        options.coarse,
        options.iterations,
        options.seed,
    );
    let mut clusters = HashKeyed::default();
    for c in 0..options.coarse {
        let members: Vec<usize> = all
            .iter()
            .zip(&coarse)
            .filter(|(_, &k)| k == c)
            .map(|(&i, _)| i)
            .collect();
        let fine = kmeans(
            &vectors,
            &members,
            options.fine,
            options.iterations,
            options.seed.wrapping_add(c as u64 + 1),
        );
        for (&word, f) in members.iter().zip(fine) {
            clusters.insert(
                Model::cluster_key(vocabulary[word].0),
                (c as u16, (c * options.fine + f) as u16),
            );
        }
    }
    Learned {
        words: clusters.len(),
        clusters,
        tokens,
    }
}

pub(super) fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Spherical k-means of `vectors[members]`; returns each member's cluster. Centroids start
/// at members spread over the frequency order (members are sorted most frequent first), so
/// frequent words anchor the clusters.
pub(super) fn kmeans(
    vectors: &[Vec<f32>],
    members: &[usize],
    k: usize,
    iterations: usize,
    seed: u64,
) -> Vec<usize> {
    if members.is_empty() {
        return Vec::new();
    }
    let k = k.min(members.len());
    let mut centroids: Vec<Vec<f32>> = (0..k)
        .map(|c| {
            let pick = (c * members.len() / k + (mix(seed ^ c as u64) % 3) as usize)
                .min(members.len() - 1);
            vectors[members[pick]].clone()
        })
        .collect();
    let mut assignment = vec![0usize; members.len()];
    for _ in 0..iterations {
        let mut changed = false;
        for (slot, &m) in assignment.iter_mut().zip(members) {
            let best = centroids
                .iter()
                .enumerate()
                .map(|(c, centroid)| (c, dot(&vectors[m], centroid)))
                .fold((0, f32::NEG_INFINITY), |best, (c, s)| {
                    if s > best.1 {
                        (c, s)
                    } else {
                        best
                    }
                })
                .0;
            if *slot != best {
                *slot = best;
                changed = true;
            }
        }
        let dims = centroids[0].len();
        let mut sums = vec![vec![0f32; dims]; k];
        for (&c, &m) in assignment.iter().zip(members) {
            for (s, x) in sums[c].iter_mut().zip(&vectors[m]) {
                *s += x;
            }
        }
        for (centroid, mut sum) in centroids.iter_mut().zip(sums) {
            if sum.iter().any(|&x| x != 0.0) {
                normalise(&mut sum);
                *centroid = sum;
            }
        }
        if !changed {
            break;
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        let mut text = String::new();
        for place in ["Velmora", "Castellane", "Orlen"] {
            for _ in 0..20 {
                text.push_str(&format!("officials arrived in {place} on Monday .\n"));
                text.push_str(&format!("the port of {place} reopened .\n"));
            }
        }
        for person in ["Albarran", "Reyk"] {
            for _ in 0..20 {
                text.push_str(&format!("Mayor {person} said the vote failed .\n"));
                text.push_str(&format!("{person} told reporters the plan was ready .\n"));
            }
        }
        let options = Options {
            coarse: 4,
            fine: 2,
            contexts: 50,
            ..Options::default()
        };
        let learned = learn(text.lines(), &options);
        let cluster = |w: &str| learned.clusters[&Model::cluster_key(w)].0;
        assert_eq!(cluster("Velmora"), cluster("Orlen"));
        assert_eq!(cluster("Velmora"), cluster("Castellane"));
        assert_eq!(cluster("Albarran"), cluster("Reyk"));
        assert_ne!(cluster("Velmora"), cluster("Albarran"));
        let again = learn(text.lines(), &options);
        assert_eq!(again.clusters, learned.clusters, "deterministic");
    }
}
