//! Sparse vectors for clustering: term ids, online document frequencies, TF-IDF vectors
//! and centroids.

use super::Profile;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, fixed hasher for the clusterer's integer and term keys (the multiply-rotate
/// scheme of rustc's FxHasher). Not resistant to crafted collisions, which do not matter
/// here; fixed, so iteration orders — and with them floating-point sums — are the same on
/// every run, which keeps clustering deterministic.
#[derive(Clone, Copy, Default)]
pub(super) struct FastHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        for byte in chunks.remainder() {
            self.add(u64::from(*byte));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`FastHasher`].
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Terms kept in a cluster centroid.
const CENTROID_TERMS: usize = 400;
/// The heaviest `keep` entries of a weight map, sorted by id, with their norm.
pub(super) fn truncated(
    weights: impl Iterator<Item = (u32, f32)>,
    keep: usize,
) -> (Vec<(u32, f32)>, f64) {
    let mut all: Vec<(u32, f32)> = weights.collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    all.truncate(keep);
    all.sort_unstable_by_key(|(id, _)| *id);
    let norm = all
        .iter()
        .map(|(_, w)| f64::from(*w) * f64::from(*w))
        .sum::<f64>()
        .sqrt();
    (all, norm)
}

/// Adds two id-sorted sparse vectors.
pub(super) fn sparse_sum(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                out.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                out.push(*x);
                i += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (None, None) => unreachable!("loop condition"),
        }
    }
    out
}

/// Counts of keys (the countries or people a cluster's articles are about) with the
/// leading key kept at hand, since it is read for every candidate scored.
#[derive(Clone, Debug, Default)]
pub(super) struct Tally {
    counts: BTreeMap<String, u32>,
    total: u32,
    leader: Option<(String, u32)>,
}

impl Tally {
    pub(super) fn add(&mut self, key: &str, count: u32) {
        *self.counts.entry(key.to_string()).or_insert(0) += count;
        self.total += count;
        self.refresh();
    }

    pub(super) fn merge(&mut self, other: &Tally) {
        for (key, count) in &other.counts {
            *self.counts.entry(key.clone()).or_insert(0) += count;
        }
        self.total += other.total;
        self.refresh();
    }

    /// Takes away counts that were added before.
    pub(super) fn subtract(&mut self, part: &Tally) {
        for (key, count) in &part.counts {
            if let Some(n) = self.counts.get_mut(key) {
                let taken = (*n).min(*count);
                *n -= taken;
                self.total -= taken;
            }
        }
        self.counts.retain(|_, n| *n > 0);
        self.refresh();
    }

    /// The most counted key (on a tie, the first in order).
    fn refresh(&mut self) {
        self.leader = self
            .counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(key, count)| (key.clone(), *count));
    }

    pub(super) fn count(&self, key: &str) -> u32 {
        self.counts.get(key).copied().unwrap_or(0)
    }

    pub(super) fn total(&self) -> u32 {
        self.total
    }

    pub(super) fn contains(&self, key: &str) -> bool {
        self.counts.contains_key(key)
    }

    /// The key holding at least half of the counts, when there are at least `min_total`.
    pub(super) fn majority(&self, min_total: u32) -> Option<&str> {
        self.leader
            .as_ref()
            .filter(|(_, count)| self.total >= min_total.max(1) && count * 2 >= self.total)
            .map(|(key, _)| key.as_str())
    }
}

/// A sparse vector keyed by term id, kept with its norm.
#[derive(Clone, Debug, Default)]
pub(super) struct Centroid {
    pub(super) weights: FastMap<u32, f32>,
    pub(super) norm_squared: f64,
}

impl Centroid {
    pub(super) fn add(&mut self, vector: &[(u32, f32)]) {
        for (term, weight) in vector {
            let entry = self.weights.entry(*term).or_insert(0.0);
            let before = f64::from(*entry);
            *entry += weight;
            let after = f64::from(*entry);
            self.norm_squared += after * after - before * before;
        }
        // Keep the centroid bounded: drop its weakest terms now and then.
        if self.weights.len() > 2 * CENTROID_TERMS {
            let mut all: Vec<(u32, f32)> = self.weights.drain().collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(CENTROID_TERMS);
            self.norm_squared = all.iter().map(|(_, w)| f64::from(*w) * f64::from(*w)).sum();
            self.weights = all.into_iter().collect();
        }
    }

    /// Removes a part that was added before (weights that fall to nothing are dropped).
    pub(super) fn subtract(&mut self, part: &Centroid) {
        for (term, weight) in &part.weights {
            if let Some(entry) = self.weights.get_mut(term) {
                *entry -= weight;
                if *entry <= 1e-4 {
                    self.weights.remove(term);
                }
            }
        }
        self.norm_squared = self
            .weights
            .values()
            .map(|w| f64::from(*w) * f64::from(*w))
            .sum();
    }

    pub(super) fn merge(&mut self, other: &Centroid) {
        let vector: Vec<(u32, f32)> = other.weights.iter().map(|(t, w)| (*t, *w)).collect();
        self.add(&vector);
    }

    /// The heaviest terms.
    pub(super) fn top(&self, count: usize) -> Vec<u32> {
        let mut all: Vec<(u32, f32)> = self.weights.iter().map(|(t, w)| (*t, *w)).collect();
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if all.len() > count && count > 0 {
            all.select_nth_unstable_by(count - 1, order);
            all.truncate(count);
        }
        all.sort_by(order);
        all.into_iter().take(count).map(|(t, _)| t).collect()
    }

    pub(super) fn cosine(&self, vector: &[(u32, f32)], vector_norm: f64) -> f64 {
        if self.norm_squared <= 0.0 || vector_norm <= 0.0 {
            return 0.0;
        }
        let dot: f64 = vector
            .iter()
            .filter_map(|(term, weight)| {
                self.weights
                    .get(term)
                    .map(|w| f64::from(*w) * f64::from(*weight))
            })
            .sum();
        dot / (self.norm_squared.sqrt() * vector_norm)
    }

    pub(super) fn cosine_with(&self, other: &Centroid) -> f64 {
        if self.norm_squared <= 0.0 || other.norm_squared <= 0.0 {
            return 0.0;
        }
        let (small, large) = if self.weights.len() <= other.weights.len() {
            (self, other)
        } else {
            (other, self)
        };
        let dot: f64 = small
            .weights
            .iter()
            .filter_map(|(term, w)| {
                large
                    .weights
                    .get(term)
                    .map(|v| f64::from(*v) * f64::from(*w))
            })
            .sum();
        dot / (self.norm_squared.sqrt() * other.norm_squared.sqrt())
    }
}

/// Cosine of two sparse vectors sorted by term id (a merge, no allocation).
pub(super) fn sparse_cosine(a: &[(u32, f32)], a_norm: f64, b: &[(u32, f32)], b_norm: f64) -> f64 {
    if a_norm <= 0.0 || b_norm <= 0.0 {
        return 0.0;
    }
    // A merge of the two id-sorted lists, written without data-dependent branches (both
    // cursors advance by comparison results): ids rarely match, so branches mispredict.
    let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        let ((x, wx), (y, wy)) = (a[i], b[j]);
        dot += if x == y {
            f64::from(wx) * f64::from(wy)
        } else {
            0.0
        };
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    dot / (a_norm * b_norm)
}

/// An article's weighted vectors, sorted by term id.
pub(super) struct Vectors {
    pub(super) terms: Vec<(u32, f32)>,
    pub(super) term_norm: f64,
    pub(super) entities: Vec<(u32, f32)>,
    pub(super) entity_norm: f64,
    /// The three strongest entities.
    pub(super) leading_names: Vec<u32>,
}

/// Term ids and online document frequencies, shared by both levels.
#[derive(Debug, Default)]
pub(super) struct Vocabulary {
    /// Ids of content terms and of entity keys: two tables, one id space.
    pub(super) ids: FastMap<String, u32>,
    pub(super) entity_ids: FastMap<String, u32>,
    /// The next id to hand out (ids are never reused, even after pruning).
    next: u32,
    pub(super) documents: u32,
    /// Per id: document frequency, and the document count when it was last seen.
    pub(super) df: FastMap<u32, (u32, u32)>,
}

impl Vocabulary {
    /// Forgets terms and names not seen for `window` documents, so that a stream's
    /// vocabulary stays bounded (what was last seen that long ago belongs to retired
    /// clusters). Should one come back, it counts as new; a cluster still holding the old
    /// id simply never matches it again.
    pub(super) fn prune(&mut self, window: u64) {
        let horizon = u64::from(self.documents).saturating_sub(window);
        let keep = |(_, last): &(u32, u32)| u64::from(*last) >= horizon;
        self.df.retain(|_, entry| keep(entry));
        let df = &self.df;
        self.ids.retain(|_, id| df.contains_key(id));
        self.entity_ids.retain(|_, id| df.contains_key(id));
    }

    /// Distinct terms and names known.
    pub(super) fn len(&self) -> usize {
        self.ids.len() + self.entity_ids.len()
    }

    /// The id of a term (`entity: false`) or a name, given a new one when unknown. Terms
    /// and names have separate tables but share the id space, so one weight map holds both.
    fn id(&mut self, key: &str, entity: bool) -> u32 {
        let table = if entity {
            &mut self.entity_ids
        } else {
            &mut self.ids
        };
        if let Some(id) = table.get(key) {
            return *id;
        }
        let id = self.next;
        self.next += 1;
        table.insert(key.to_string(), id);
        id
    }

    pub(super) fn idf(&self, id: Option<&u32>) -> f32 {
        let documents = self.documents as f32 + 1.0;
        let df = id.and_then(|id| self.df.get(id)).map_or(0, |(df, _)| *df) as f32;
        ((documents + 1.0) / (df + 1.0)).ln() + 1.0
    }

    /// Counts an article's terms and entities; returns their ids.
    pub(super) fn observe(&mut self, profile: &Profile) -> (Vec<u32>, Vec<u32>) {
        self.documents += 1;
        let terms: Vec<u32> = profile
            .terms
            .iter()
            .map(|(t, _)| self.id(t, false))
            .collect();
        let entities: Vec<u32> = profile
            .entities
            .iter()
            .map(|(k, _)| self.id(k, true))
            .collect();
        let now = self.documents;
        for id in terms.iter().chain(&entities) {
            let entry = self.df.entry(*id).or_insert((0, now));
            entry.0 += 1;
            entry.1 = now;
        }
        (terms, entities)
    }

    /// Whether a term is too common to retrieve candidates with.
    pub(super) fn is_common(&self, id: u32) -> bool {
        let cutoff = (self.documents as f32 * 0.1).max(20.0) as u32;
        self.df.get(&id).map_or(0, |(df, _)| *df) > cutoff
    }

    /// TF-IDF vectors. Norms cover all of the article's features, seen or not, so that
    /// unseen words still dilute the similarity.
    pub(super) fn vectors(&self, profile: &Profile) -> Vectors {
        let weigh = |pairs: &[(String, f32)], entity: bool| {
            let mut vector = Vec::with_capacity(pairs.len());
            let mut norm = 0.0f64;
            for (key, weight) in pairs {
                let id = if entity {
                    self.entity_ids.get(key)
                } else {
                    self.ids.get(key)
                };
                let weighted = weight * self.idf(id);
                norm += f64::from(weighted) * f64::from(weighted);
                if let Some(id) = id {
                    vector.push((*id, weighted));
                }
            }
            vector.sort_unstable_by_key(|(id, _)| *id);
            (vector, norm.sqrt())
        };
        let (terms, term_norm) = weigh(&profile.terms, false);
        let (entities, entity_norm) = weigh(&profile.entities, true);
        let mut ranked = entities.clone();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let leading_names = ranked.into_iter().take(3).map(|(id, _)| id).collect();
        Vectors {
            terms,
            term_norm,
            entities,
            entity_norm,
            leading_names,
        }
    }
}
