//! Reference: TF-IDF with average-link agglomerative clustering over all pairs — the
//! batch method the online clusterer is measured against, for quality (`newsdesk eval
//! cluster --reference`) and for speed (`newsdesk bench cluster`).
//!
//! Takes: every article's [`Profile`] at once. Gives: a [`Dendrogram`] that can be cut at
//! any similarity threshold into flat clusters.
//!
//! Vectors are the profiles' content terms weighted by IDF over the whole collection and
//! normalised; similarity is cosine. Clustering uses the nearest-neighbour chain
//! algorithm, exact for average linkage, in O(n²) time and memory — which is why it is a
//! reference and not a way to follow a stream.

use super::vectors::sparse_cosine;
use super::Profile;
use std::collections::HashMap;

/// The merges of a complete average-link clustering: (cluster of point `a`, cluster of
/// point `b`, their average similarity when merged).
#[derive(Clone, Debug)]
pub struct Dendrogram {
    points: usize,
    merges: Vec<(usize, usize, f64)>,
}

/// TF-IDF vectors, sorted by term id, normalised; `None` stays empty.
fn vectors(profiles: &[Option<&Profile>]) -> Vec<Vec<(u32, f32)>> {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    for profile in profiles.iter().flatten() {
        for (term, _) in &profile.terms {
            let next = ids.len() as u32;
            let id = *ids.entry(term).or_insert(next);
            if id as usize == df.len() {
                df.push(0);
            }
            df[id as usize] += 1;
        }
    }
    let documents = profiles.iter().flatten().count() as f32;
    profiles
        .iter()
        .map(|profile| {
            let Some(profile) = profile else {
                return Vec::new();
            };
            let mut vector: Vec<(u32, f32)> = profile
                .terms
                .iter()
                .map(|(term, weight)| {
                    let id = ids[term.as_str()];
                    let idf = ((documents + 1.0) / (df[id as usize] as f32 + 1.0)).ln() + 1.0;
                    (id, weight * idf)
                })
                .collect();
            vector.sort_unstable_by_key(|(id, _)| *id);
            let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                vector.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            vector
        })
        .collect()
}

impl Dendrogram {
    /// Clusters all profiles (a `None` — an unreadable article — only ever joins at
    /// similarity zero).
    pub fn build(profiles: &[Option<&Profile>]) -> Dendrogram {
        let vectors = vectors(profiles);
        let n = vectors.len();
        let mut similarity = vec![0f32; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let s = sparse_cosine(&vectors[i], 1.0, &vectors[j], 1.0) as f32;
                similarity[i * n + j] = s;
                similarity[j * n + i] = s;
            }
        }
        let mut size = vec![1u32; n];
        let mut active = vec![true; n];
        let mut remaining = n;
        let mut chain: Vec<usize> = Vec::new();
        let mut merges = Vec::with_capacity(n.saturating_sub(1));
        while remaining > 1 {
            if chain.is_empty() {
                chain.push(active.iter().position(|a| *a).expect("clusters remain"));
            }
            let a = *chain.last().expect("chain is not empty");
            let previous = chain.len().checked_sub(2).map(|i| chain[i]);
            // The nearest neighbour of `a`; on a tie the previous link wins, which is
            // what makes the chain end in a pair of mutual nearest neighbours.
            let mut best = previous;
            let mut best_similarity = previous.map_or(f32::NEG_INFINITY, |p| similarity[a * n + p]);
            for k in 0..n {
                if active[k] && k != a && similarity[a * n + k] > best_similarity {
                    best = Some(k);
                    best_similarity = similarity[a * n + k];
                }
            }
            let b = best.expect("another cluster is active");
            if Some(b) != previous {
                chain.push(b);
                continue;
            }
            chain.truncate(chain.len() - 2);
            // Merge b into a (Lance–Williams update for average linkage).
            let (size_a, size_b) = (size[a] as f32, size[b] as f32);
            for k in 0..n {
                if active[k] && k != a && k != b {
                    let merged = (size_a * similarity[a * n + k] + size_b * similarity[b * n + k])
                        / (size_a + size_b);
                    similarity[a * n + k] = merged;
                    similarity[k * n + a] = merged;
                }
            }
            size[a] += size[b];
            active[b] = false;
            remaining -= 1;
            merges.push((a, b, f64::from(best_similarity)));
        }
        Dendrogram { points: n, merges }
    }

    /// Flat clusters: every merge at or above `threshold` applied. Average linkage never
    /// merges above a merge it depends on, so this is the clustering the agglomeration
    /// stopped at `threshold` would give. Labels are the smallest point of each cluster.
    pub fn cut(&self, threshold: f64) -> Vec<usize> {
        let mut parent: Vec<usize> = (0..self.points).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for (a, b, similarity) in &self.merges {
            if *similarity >= threshold {
                let (ra, rb) = (find(&mut parent, *a), find(&mut parent, *b));
                let (low, high) = (ra.min(rb), ra.max(rb));
                parent[high] = low;
            }
        }
        (0..self.points).map(|x| find(&mut parent, x)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(terms: &[&str]) -> Profile {
        Profile {
            terms: terms.iter().map(|t| (t.to_string(), 1.0)).collect(),
            ..Profile::default()
        }
    }

    #[test]
    fn close_documents_merge_first_and_the_cut_respects_the_threshold() {
        let profiles = [
            profile(&["harbour", "strike", "dockers", "wages"]),
            profile(&["harbour", "strike", "dockers", "cranes"]),
            profile(&["cherry", "harvest", "orchard", "valley"]),
            profile(&["cherry", "harvest", "orchard", "frost"]),
            profile(&["election", "ballot", "mayor", "recount"]),
        ];
        let refs: Vec<Option<&Profile>> = profiles.iter().map(Some).collect();
        let dendrogram = Dendrogram::build(&refs);
        assert_eq!(dendrogram.merges.len(), 4);
        assert_eq!(dendrogram.cut(0.5), vec![0, 0, 2, 2, 4]);
        assert_eq!(dendrogram.cut(1.01), vec![0, 1, 2, 3, 4]);
        assert_eq!(dendrogram.cut(-1.0), vec![0; 5]);
    }

    #[test]
    fn average_linkage_uses_the_mean_similarity() {
        // Three points: 0 and 1 identical, 2 shares half its terms with them.
        let profiles = [
            profile(&["a", "b"]),
            profile(&["a", "b"]),
            profile(&["a", "c"]),
        ];
        let refs: Vec<Option<&Profile>> = profiles.iter().map(Some).collect();
        let dendrogram = Dendrogram::build(&refs);
        let mut merges = dendrogram.merges.clone();
        merges.sort_by(|x, y| y.2.total_cmp(&x.2));
        assert!((merges[0].2 - 1.0).abs() < 1e-6);
        // Point 2 against {0, 1}: the mean of two equal cosines, below 1.
        assert!(merges[1].2 > 0.0 && merges[1].2 < 0.9);
    }
}
