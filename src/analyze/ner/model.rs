//! The tagger's model: a weight row per feature hash, and word clusters keyed by word hash.
//!
//! File format (gzip of): magic `NDNER\x03`; feature count `n` (u32 LE); `n` sorted
//! feature hashes (u64 LE); the weight scale (f32 LE); `n * LABELS` weights (i16 LE,
//! multiplied by the scale when loaded); cluster count `m` (u32 LE); `m` sorted word
//! hashes (u64 LE); `m` coarse cluster ids (u16 LE); `m` fine cluster ids (u16 LE);
//! inside-word count `k` (u32 LE); `k` sorted word ids (u64 LE); the vector clusters as
//! [`write_vector_clusters`] writes them. Files of the second version (`NDNER\x02`) end before
//! the vector clusters, files of the first (`NDNER\x01`) before the inside words; both
//! still load.
//! Only hashes and numbers: no training text can be read back out of a model.

use super::features::hash;
use super::LABELS;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};

const MAGIC: &[u8; 6] = b"NDNER\x03";
/// The second version's magic: no clusters from pretrained vectors.
const MAGIC_V2: &[u8; 6] = b"NDNER\x02";
/// The first version's magic: no inside words.
const MAGIC_V1: &[u8; 6] = b"NDNER\x01";

/// Template number of the word-cluster key.
const CLUSTER_TEMPLATE: u8 = 99;

/// Keys are already well-mixed 64-bit hashes: use them as they are.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Label scores in the model's integer units (sums of 16-bit weights; multiply by
/// [`Model::scale`] for the weights' own units).
pub type RawScores = [i32; LABELS];

/// A word's coarse and fine cluster from each source the model has.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct WordClusters {
    /// From the unlabelled news text ([`super::clusters`]).
    pub news: Option<(u16, u16)>,
    /// From pretrained word vectors ([`super::vectors`]).
    pub vectors: Option<VectorClusters>,
}

/// How many clusterings of the pretrained vectors a word has a number in.
pub const VECTOR_LEVELS: usize = 4;

/// A word's cluster in each clustering of the pretrained vectors, coarsest first; the
/// last is the vector's own row (the finest grouping the table has).
pub type VectorClusters = [u16; VECTOR_LEVELS];

pub struct Model {
    /// Feature hash → one 16-bit weight per label, stored in the table itself so that a
    /// lookup touches one place in memory. 16 bits (the file's own precision) rather than
    /// `f32`: an entry is 48 bytes instead of 80, so more of the table stays in cache.
    rows: HashKeyed<[i16; LABELS]>,
    /// One bit per slot of the feature hashes' top bits, set where some row's key falls:
    /// most features a text produces were never seen in training, and this small table
    /// (it stays in cache where the rows do not) turns most of them away without a probe.
    present: Presence,
    /// The weight of one integer unit.
    scale: f32,
    clusters: HashKeyed<(u16, u16)>,
    /// Word hash → its clusters from pretrained vectors ([`super::vectors`]).
    vector_clusters: VectorTable,
    /// Ids of the normalised words without a capital letter that training saw inside a
    /// name ("of", "de", "&"): every other such word is tagged `O` without being scored
    /// ([`Model::always_outside`]).
    inside_words: HashKeyed<()>,
    /// Tells this model apart from every other loaded or trained in this process, for
    /// caches of its scores.
    id: u64,
}

/// A bit set over the top [`Presence::BITS`] bits of the feature hashes.
#[derive(Default)]
struct Presence {
    words: Vec<u64>,
}

impl Presence {
    /// 2^22 bits (512 KiB): the committed model's 110,000 rows set about 2.6% of them, so
    /// about that share of unseen features still costs a probe.
    const BITS: u32 = 22;

    fn slot(key: u64) -> usize {
        (key >> (64 - Self::BITS)) as usize
    }

    fn of(rows: &HashKeyed<[i16; LABELS]>) -> Presence {
        let mut words = vec![0u64; (1 << Self::BITS) / 64];
        for key in rows.keys() {
            let slot = Self::slot(*key);
            words[slot / 64] |= 1 << (slot % 64);
        }
        Presence { words }
    }

    fn may_hold(&self, key: u64) -> bool {
        let slot = Self::slot(key);
        self.words
            .get(slot / 64)
            .is_some_and(|word| word & (1 << (slot % 64)) != 0)
    }
}

/// The next [`Model::id`].
static NEXT_MODEL_ID: AtomicU64 = AtomicU64::new(1);

fn next_model_id() -> u64 {
    NEXT_MODEL_ID.fetch_add(1, Ordering::Relaxed)
}

impl Default for Model {
    fn default() -> Model {
        Model {
            rows: HashKeyed::default(),
            present: Presence::default(),
            scale: 1.0,
            clusters: HashKeyed::default(),
            vector_clusters: VectorTable::default(),
            inside_words: HashKeyed::default(),
            id: next_model_id(),
        }
    }
}

/// Word hash → clusters from pretrained vectors: the words' hashes, sorted, each with its
/// vector row, and each row's coarser clusters (words that share a row share them, as
/// [`super::vectors::learn`] gives them). Hundreds of thousands of words: loading copies
/// the columns instead of building a hash table, two bytes a word instead of eight keep
/// the file (and the time to decompress it) smaller, and the binary search of a lookup runs
/// once per word form, since the tagger caches what it reads of a word
/// ([`super::features::WordCache`]).
#[derive(Default, Clone, PartialEq, Debug)]
struct VectorTable {
    keys: Vec<u64>,
    rows: Vec<u16>,
    coarser: Vec<[u16; VECTOR_LEVELS - 1]>,
    /// Where the keys of each value of a key's top [`VectorTable::BUCKET_BITS`] bits
    /// start (and, one further, end): a lookup searches about ten keys that share a cache
    /// line or two, not the whole table (a miss in memory at each of twenty steps).
    starts: Vec<u32>,
}

impl VectorTable {
    /// The table of `map`, whose last level is a row; where words of one row disagree on
    /// its coarser clusters, the word with the smallest hash decides.
    fn of(map: &HashKeyed<VectorClusters>) -> VectorTable {
        let mut sorted: Vec<(u64, VectorClusters)> = map.iter().map(|(&k, &v)| (k, v)).collect();
        sorted.sort_unstable();
        let row_count = sorted
            .iter()
            .map(|(_, levels)| usize::from(levels[VECTOR_LEVELS - 1]) + 1)
            .max()
            .unwrap_or(0);
        let mut coarser: Vec<Option<[u16; VECTOR_LEVELS - 1]>> = vec![None; row_count];
        for (_, levels) in &sorted {
            let slot = &mut coarser[usize::from(levels[VECTOR_LEVELS - 1])];
            if slot.is_none() {
                *slot = Some(std::array::from_fn(|level| levels[level]));
            }
        }
        let keys: Vec<u64> = sorted.iter().map(|(key, _)| *key).collect();
        VectorTable {
            starts: Self::starts_of(&keys),
            keys,
            rows: sorted
                .iter()
                .map(|(_, levels)| levels[VECTOR_LEVELS - 1])
                .collect(),
            coarser: coarser.into_iter().map(Option::unwrap_or_default).collect(),
        }
    }

    const BUCKET_BITS: u32 = 16;

    fn bucket(key: u64) -> usize {
        (key >> (64 - Self::BUCKET_BITS)) as usize
    }

    /// [`VectorTable::starts`] of sorted keys.
    fn starts_of(keys: &[u64]) -> Vec<u32> {
        let buckets = 1usize << Self::BUCKET_BITS;
        let mut starts = Vec::with_capacity(buckets + 1);
        let mut at = 0;
        for bucket in 0..buckets {
            while at < keys.len() && Self::bucket(keys[at]) < bucket {
                at += 1;
            }
            starts.push(at as u32);
        }
        starts.push(keys.len() as u32);
        starts
    }

    fn get(&self, key: u64) -> Option<VectorClusters> {
        let bucket = Self::bucket(key);
        let (start, end) = (
            *self.starts.get(bucket)? as usize,
            self.starts[bucket + 1] as usize,
        );
        let at = start + self.keys[start..end].binary_search(&key).ok()?;
        let row = self.rows[at];
        let coarser = &self.coarser[usize::from(row)];
        Some(std::array::from_fn(|level| {
            coarser.get(level).copied().unwrap_or(row)
        }))
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A model file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a newsdesk NER model (bad magic bytes)")]
    Magic,
    #[error("model file is truncated")]
    Truncated,
    #[error("model file is damaged: {0}")]
    Damaged(&'static str),
    #[error("cannot decompress the model: {0}")]
    Io(#[from] std::io::Error),
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self.at.checked_add(n).ok_or(ModelError::Truncated)?;
        let slice = self.bytes.get(self.at..end).ok_or(ModelError::Truncated)?;
        self.at = end;
        Ok(slice)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn count(&mut self, element: usize) -> Result<usize, ModelError> {
        let n = self.u32()? as usize;
        // A count the rest of the file cannot hold is damage, not a reason to allocate.
        if n.saturating_mul(element) > self.bytes.len() - self.at {
            return Err(ModelError::Truncated);
        }
        Ok(n)
    }
    fn u64s(&mut self, n: usize) -> Result<Vec<u64>, ModelError> {
        Ok(self
            .take(n * 8)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect())
    }
    /// A cluster table as [`write_clusters`] writes it.
    fn clusters(&mut self) -> Result<HashKeyed<(u16, u16)>, ModelError> {
        let m = self.count(12)?;
        let words = self.u64s(m)?;
        let coarse = self.u16s(m)?;
        let fine = self.u16s(m)?;
        let mut clusters = HashKeyed::default();
        clusters.reserve(m);
        for ((word, c), f) in words.into_iter().zip(coarse).zip(fine) {
            clusters.insert(word, (c, f));
        }
        Ok(clusters)
    }

    /// The vector cluster table as [`write_vector_clusters`] writes it.
    fn vector_clusters(&mut self) -> Result<VectorTable, ModelError> {
        let words = self.count(8 + 2)?;
        let keys = self.u64s(words)?;
        if keys.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(ModelError::Damaged(
                "its vector cluster table is not sorted",
            ));
        }
        let rows = self.u16s(words)?;
        let row_count = self.count(2 * (VECTOR_LEVELS - 1))?;
        if rows.iter().any(|&row| usize::from(row) >= row_count) {
            return Err(ModelError::Damaged("a word's vector row is out of range"));
        }
        let mut columns = Vec::with_capacity(VECTOR_LEVELS - 1);
        for _ in 0..VECTOR_LEVELS - 1 {
            columns.push(self.u16s(row_count)?);
        }
        let coarser = (0..row_count)
            .map(|row| std::array::from_fn(|level| columns[level][row]))
            .collect();
        Ok(VectorTable {
            starts: VectorTable::starts_of(&keys),
            keys,
            rows,
            coarser,
        })
    }

    fn u16s(&mut self, n: usize) -> Result<Vec<u16>, ModelError> {
        Ok(self
            .take(n * 2)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes(c.try_into().expect("2 bytes")))
            .collect())
    }
}

impl Model {
    /// A model from averaged weights (feature hash → one weight per label) and clusters
    /// (word → coarse and fine cluster). Weights are quantised to 16 bits, as the file
    /// stores them, so a model scores the same before and after a round trip; rows that
    /// quantise to all zeros are left out.
    pub fn new(features: Vec<(u64, [f32; LABELS])>, clusters: &HashKeyed<(u16, u16)>) -> Model {
        let largest = features
            .iter()
            .flat_map(|(_, row)| row)
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest / 32767.0
        } else {
            1.0
        };
        let rows = features
            .into_iter()
            .map(|(key, weights)| {
                let mut quantised = [0i16; LABELS];
                for (q, w) in quantised.iter_mut().zip(weights) {
                    *q = (w / scale).round() as i16;
                }
                (key, quantised)
            })
            .filter(|(_, q)| q.iter().any(|&v| v != 0))
            .collect();
        Model {
            present: Presence::of(&rows),
            rows,
            scale,
            clusters: clusters.clone(),
            vector_clusters: VectorTable::default(),
            inside_words: HashKeyed::default(),
            id: next_model_id(),
        }
    }

    /// This model with `clusters` (word hash → its clusters) from pretrained vectors.
    pub fn with_vector_clusters(mut self, clusters: &HashKeyed<VectorClusters>) -> Model {
        self.vector_clusters = VectorTable::of(clusters);
        self.id = next_model_id();
        self
    }

    /// This model with `words` (ids of normalised words) as the words without a capital
    /// that may stand inside a name.
    pub fn with_inside_words(mut self, words: impl IntoIterator<Item = u64>) -> Model {
        self.inside_words = words.into_iter().map(|w| (w, ())).collect();
        self.id = next_model_id();
        self
    }

    /// Whether a token is tagged `O` without scoring: a word with no capital letter that
    /// starts with a lowercase letter, or a token of punctuation alone, that training
    /// never saw inside a name (`norm_id`: the id of its normalised form). Most tokens of
    /// news text are such words (60% over Timeline17); on eng.testb tagging them so lost
    /// no name the tagger had right. A model without the list (one trained before it
    /// existed) scores every token.
    pub fn always_outside(&self, form: &str, norm_id: u64) -> bool {
        if self.inside_words.is_empty() || self.inside_words.contains_key(&norm_id) {
            return false;
        }
        let mut chars = form.chars();
        match chars.next() {
            Some(first) if first.is_lowercase() => !chars.any(char::is_uppercase),
            Some(_) => !form.chars().any(char::is_alphanumeric),
            None => false,
        }
    }

    pub fn cluster_key(word: &str) -> u64 {
        hash(CLUSTER_TEMPLATE, &[word])
    }

    /// The word's clusters (from news text and from pretrained vectors), where it has them.
    pub fn cluster(&self, form: &str) -> WordClusters {
        if self.clusters.is_empty() && self.vector_clusters.is_empty() {
            return WordClusters::default();
        }
        let key = Model::cluster_key(form);
        WordClusters {
            news: self.clusters.get(&key).copied(),
            vectors: self.vector_clusters.get(key),
        }
    }

    /// The largest weight magnitude: the scale of the model's scores.
    pub fn largest_weight(&self) -> f32 {
        let largest = self
            .rows
            .values()
            .flatten()
            .fold(0i32, |m, &w| m.max(i32::from(w).abs()));
        largest as f32 * self.scale
    }

    /// This model's identity in this process (no two models share one).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The weight of one unit of [`RawScores`].
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Raw scores in the weights' own units.
    pub fn scores(&self, raw: &RawScores) -> [f32; LABELS] {
        raw.map(|v| v as f32 * self.scale)
    }

    pub fn features(&self) -> usize {
        self.rows.len()
    }

    /// Every feature's weights, in score units.
    pub fn feature_weights(&self) -> impl Iterator<Item = (u64, [f32; LABELS])> + '_ {
        self.rows
            .iter()
            .map(|(&key, weights)| (key, weights.map(|w| f32::from(w) * self.scale)))
    }

    /// This model with its feature weights replaced by `features` (quantised as by
    /// [`Model::new`]); its clusters and inside words stay.
    pub fn with_feature_weights(&self, features: Vec<(u64, [f32; LABELS])>) -> Model {
        let fresh = Model::new(features, &self.clusters);
        Model {
            vector_clusters: self.vector_clusters.clone(),
            inside_words: self.inside_words.clone(),
            ..fresh
        }
    }

    pub fn words_clustered(&self) -> usize {
        self.clusters.len()
    }

    /// Words with clusters from pretrained vectors.
    pub fn words_with_vectors(&self) -> usize {
        self.vector_clusters.keys.len()
    }

    /// Adds the weights of every known feature to `scores`; integer sums, so the order
    /// of the features cannot change a score.
    pub fn add_scores(&self, features: &[u64], scores: &mut RawScores) {
        for key in features {
            if !self.present.may_hold(*key) {
                continue;
            }
            if let Some(weights) = self.rows.get(key) {
                for (score, &weight) in scores.iter_mut().zip(weights) {
                    *score += i32::from(weight);
                }
            }
        }
    }

    /// Serialises to the gzip file format (the weights are already 16-bit).
    pub fn to_gzip(&self) -> Vec<u8> {
        let scale = self.scale;
        let mut rows: Vec<(u64, [i16; LABELS])> =
            self.rows.iter().map(|(&key, &row)| (key, row)).collect();
        rows.sort_unstable_by_key(|(key, _)| *key);

        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (key, _) in &rows {
            raw.extend_from_slice(&key.to_le_bytes());
        }
        raw.extend_from_slice(&scale.to_le_bytes());
        for (_, row) in &rows {
            for w in row {
                raw.extend_from_slice(&w.to_le_bytes());
            }
        }
        write_clusters(&self.clusters, &mut raw);
        let mut inside: Vec<u64> = self.inside_words.keys().copied().collect();
        inside.sort_unstable();
        raw.extend_from_slice(&(inside.len() as u32).to_le_bytes());
        for key in &inside {
            raw.extend_from_slice(&key.to_le_bytes());
        }
        write_vector_clusters(&self.vector_clusters, &mut raw);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&raw).expect("writing to memory");
        encoder.finish().expect("writing to memory")
    }

    pub fn from_gzip(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut raw)?;
        let mut reader = Reader { bytes: &raw, at: 0 };
        let version = match reader.take(MAGIC.len())? {
            magic if magic == MAGIC => 3,
            magic if magic == MAGIC_V2 => 2,
            magic if magic == MAGIC_V1 => 1,
            _ => return Err(ModelError::Magic),
        };
        let n = reader.count(8 + 2 * LABELS)?;
        let keys = reader.u64s(n)?;
        let scale = f32::from_le_bytes(reader.take(4)?.try_into().expect("4 bytes"));
        let quantised = reader.u16s(n * LABELS)?;
        let mut rows = HashKeyed::default();
        rows.reserve(n);
        for (key, quantised) in keys.into_iter().zip(quantised.chunks_exact(LABELS)) {
            let mut weights = [0i16; LABELS];
            for (w, &q) in weights.iter_mut().zip(quantised) {
                *w = q as i16;
            }
            rows.insert(key, weights);
        }
        let clusters = reader.clusters()?;
        let inside_words = if version < 2 {
            HashKeyed::default()
        } else {
            let k = reader.count(8)?;
            reader.u64s(k)?.into_iter().map(|w| (w, ())).collect()
        };
        let vector_clusters = if version < 3 {
            VectorTable::default()
        } else {
            reader.vector_clusters()?
        };
        Ok(Model {
            present: Presence::of(&rows),
            rows,
            scale,
            clusters,
            vector_clusters,
            inside_words,
            id: next_model_id(),
        })
    }
}

/// Writes a cluster table: count `m` (u32 LE), `m` sorted word hashes (u64 LE), `m`
/// coarse cluster ids (u16 LE), `m` fine cluster ids (u16 LE).
fn write_clusters(clusters: &HashKeyed<(u16, u16)>, raw: &mut Vec<u8>) {
    let mut sorted: Vec<(u64, (u16, u16))> = clusters.iter().map(|(&k, &v)| (k, v)).collect();
    sorted.sort_unstable();
    raw.extend_from_slice(&(sorted.len() as u32).to_le_bytes());
    for (key, _) in &sorted {
        raw.extend_from_slice(&key.to_le_bytes());
    }
    for (_, (coarse, _)) in &sorted {
        raw.extend_from_slice(&coarse.to_le_bytes());
    }
    for (_, (_, fine)) in &sorted {
        raw.extend_from_slice(&fine.to_le_bytes());
    }
}

/// Writes the vector cluster table: word count `v` (u32 LE), `v` sorted word hashes (u64
/// LE), `v` vector rows (u16 LE), row count `r` (u32 LE), then for each level but the last
/// (the row itself) `r` cluster ids (u16 LE).
fn write_vector_clusters(table: &VectorTable, raw: &mut Vec<u8>) {
    raw.extend_from_slice(&(table.keys.len() as u32).to_le_bytes());
    for key in &table.keys {
        raw.extend_from_slice(&key.to_le_bytes());
    }
    for row in &table.rows {
        raw.extend_from_slice(&row.to_le_bytes());
    }
    raw.extend_from_slice(&(table.coarser.len() as u32).to_le_bytes());
    for level in 0..VECTOR_LEVELS - 1 {
        for clusters in &table.coarser {
            raw.extend_from_slice(&clusters[level].to_le_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_survives_the_file_format() {
        let mut row = [0f32; LABELS];
        row[3] = 1.5;
        row[0] = -0.25;
        let mut clusters = HashKeyed::default();
        clusters.insert(Model::cluster_key("Velmora"), (3, 41));
        let model = Model::new(vec![(7, row), (9, [0.0; LABELS])], &clusters);
        let loaded = Model::from_gzip(&model.to_gzip()).expect("round trip");
        assert_eq!(loaded.features(), 1, "an all-zero row is left out");
        let mut raw = [0; LABELS];
        loaded.add_scores(&[7, 9, 11], &mut raw);
        let scores = loaded.scores(&raw);
        assert!((scores[3] - 1.5).abs() < 1e-3 && (scores[0] + 0.25).abs() < 1e-3);
        assert_eq!(loaded.cluster("Velmora").news, Some((3, 41)));
        assert_eq!(loaded.cluster("Castellane"), WordClusters::default());
    }

    /// A model with news clusters for "Velmora" and vector clusters for "Velmora" and
    /// "Orlen".
    fn model_with_vectors() -> Model {
        let mut clusters = HashKeyed::default();
        clusters.insert(Model::cluster_key("Velmora"), (3, 41));
        let mut vectors = HashKeyed::default();
        vectors.insert(Model::cluster_key("Velmora"), [1, 5, 9, 0]);
        vectors.insert(Model::cluster_key("Orlen"), [1, 6, 10, 1]);
        Model::new(vec![(7, [1.0; LABELS])], &clusters).with_vector_clusters(&vectors)
    }

    /// The bytes of [`model_with_vectors`]'s vector clusters: two counts, two keys, two
    /// rows, and the three coarser levels of two rows.
    const VECTOR_SECTION: usize = 4 + 2 * 8 + 2 * 2 + 4 + 2 * (VECTOR_LEVELS - 1) * 2;

    fn raw_of(model: &Model) -> Vec<u8> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&model.to_gzip()[..])
            .read_to_end(&mut raw)
            .expect("decodes");
        raw
    }

    fn gzip(raw: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(raw).expect("memory");
        encoder.finish().expect("memory")
    }

    #[test]
    fn vector_clusters_survive_the_file_format() {
        let loaded = Model::from_gzip(&model_with_vectors().to_gzip()).expect("round trip");
        assert_eq!(
            loaded.cluster("Velmora"),
            WordClusters {
                news: Some((3, 41)),
                vectors: Some([1, 5, 9, 0]),
            }
        );
        assert_eq!(loaded.cluster("Orlen").vectors, Some([1, 6, 10, 1]));
        assert_eq!(loaded.cluster("Orlen").news, None);
        assert_eq!(loaded.cluster("Castellane"), WordClusters::default());
    }

    #[test]
    fn a_second_version_file_loads_without_vector_clusters() {
        let mut raw = raw_of(&model_with_vectors());
        // Two keys, their two rows, and the coarser clusters of two rows, with two counts.
        raw.truncate(raw.len() - VECTOR_SECTION);
        raw[..MAGIC.len()].copy_from_slice(MAGIC_V2);
        let loaded = Model::from_gzip(&gzip(&raw)).expect("loads");
        assert_eq!(loaded.cluster("Velmora").news, Some((3, 41)));
        assert_eq!(loaded.cluster("Velmora").vectors, None);
    }

    #[test]
    fn a_vector_row_out_of_range_is_damage() {
        let mut raw = raw_of(&model_with_vectors());
        let rows_at = raw.len() - VECTOR_SECTION + 4 + 2 * 8;
        raw[rows_at..rows_at + 2].copy_from_slice(&9u16.to_le_bytes());
        assert!(matches!(
            Model::from_gzip(&gzip(&raw)),
            Err(ModelError::Damaged(_))
        ));
    }

    #[test]
    fn an_unsorted_vector_table_is_damage() {
        let mut raw = raw_of(&model_with_vectors());
        let keys_at = raw.len() - VECTOR_SECTION + 4;
        let (first, second) = raw[keys_at..keys_at + 16].split_at(8);
        let swapped: Vec<u8> = second.iter().chain(first).copied().collect();
        raw[keys_at..keys_at + 16].copy_from_slice(&swapped);
        assert!(matches!(
            Model::from_gzip(&gzip(&raw)),
            Err(ModelError::Damaged(_))
        ));
    }

    #[test]
    fn damaged_files_are_refused() {
        assert!(Model::from_gzip(b"not gzip").is_err());
        let model = Model::new(vec![(7, [1.0; LABELS])], &HashKeyed::default());
        let bytes = model.to_gzip();
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut raw)
            .expect("decodes");
        raw.truncate(raw.len() - 3);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&raw).expect("memory");
        let truncated = encoder.finish().expect("memory");
        assert!(matches!(
            Model::from_gzip(&truncated),
            Err(ModelError::Truncated)
        ));
    }

    proptest::proptest! {
        /// The bucketed search finds every stored word and nothing else, wherever the
        /// hashes fall (both ends of the range included).
        #[test]
        fn the_vector_table_finds_what_a_map_would(
            stored in proptest::collection::vec(
                (proptest::prop_oneof![proptest::num::u64::ANY, 0u64..4, (u64::MAX - 3)..=u64::MAX], 0u16..5),
                0..300,
            ),
            probes in proptest::collection::vec(proptest::num::u64::ANY, 0..100),
        ) {
            let map: HashKeyed<VectorClusters> = stored
                .iter()
                .map(|&(key, row)| (key, [row / 2, row / 2, row, row]))
                .collect();
            let table = VectorTable::of(&map);
            for key in map.keys().chain(&probes) {
                proptest::prop_assert_eq!(table.get(*key), map.get(key).copied());
            }
        }

        /// The presence bits only skip lookups that would miss: scores are those of a
        /// plain lookup of every feature, whatever the keys.
        #[test]
        fn the_presence_filter_never_drops_a_stored_feature(
            stored in proptest::collection::vec((proptest::num::u64::ANY, 1i16..100), 1..200),
            probes in proptest::collection::vec(proptest::num::u64::ANY, 0..200),
        ) {
            let features: Vec<(u64, [f32; LABELS])> = stored
                .iter()
                .map(|&(key, weight)| (key, [f32::from(weight); LABELS]))
                .collect();
            let model = Model::new(features, &HashKeyed::default());
            let keys: Vec<u64> = stored.iter().map(|(key, _)| *key).chain(probes).collect();
            let mut filtered = [0; LABELS];
            model.add_scores(&keys, &mut filtered);
            let mut plain = [0; LABELS];
            for key in &keys {
                if let Some(row) = model.rows.get(key) {
                    for (score, &weight) in plain.iter_mut().zip(row) {
                        *score += i32::from(weight);
                    }
                }
            }
            proptest::prop_assert_eq!(filtered, plain);
        }
    }
}
