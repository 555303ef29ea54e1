//! Word clusters from pretrained static word vectors, for words the labelled and unlabelled
//! text never showed the tagger.
//!
//! Reads a spaCy vectors table as a registry package ships it (a pipeline's `vocab/`
//! folder: `vectors`, a NumPy array of `rows × width` little-endian f32; `key2row`, a
//! MessagePack map from a string's 64-bit hash to its row; `strings.json`, the strings).
//! Such a table is pruned: hundreds of thousands of words share a few tens of thousands of
//! rows, each word mapped to the row of its nearest kept neighbour. The row is a word's fine
//! cluster; spherical k-means over the rows gives the coarse ones. Deterministic for the
//! same table and seed.

use super::clusters::{kmeans, normalise};
use super::model::{HashKeyed, Model, VectorClusters, VECTOR_LEVELS};
use std::collections::HashMap;
use std::path::Path;

/// Cluster counts of the coarser levels, coarsest first (chosen on eng.testa).
pub const LEVELS: [usize; VECTOR_LEVELS - 1] = [64, 256, 1024];

/// Passes of k-means at each level.
pub const ITERATIONS: usize = 12;

/// Whether a vectors table's string is worth a cluster in the tagger's model: it starts
/// with a letter and holds only letters, digits and the marks names contain ("O'Neill",
/// "AT&T", "St.", "Rolls-Royce"), at most 30 bytes. A table also keys spaces, symbols and
/// emoji, which are never part of a name and only make the model file larger.
pub fn is_word_like(word: &str) -> bool {
    word.len() <= 30
        && word.chars().next().is_some_and(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || ".'&-".contains(c))
}

/// A vectors table: each word with its row, and the rows.
pub struct Table {
    pub rows: Vec<Vec<f32>>,
    /// Words (strings that have a row), sorted, with their rows.
    pub words: Vec<(String, u32)>,
}

/// Reads the table in a spaCy `vocab/` folder.
pub fn read_spacy(dir: &Path) -> Result<Table, String> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let named = |name: &str, e: String| format!("{}: {e}", dir.join(name).display());
    let (rows, width, values) = parse_npy(&read("vectors")?).map_err(|e| named("vectors", e))?;
    let key2row = parse_key2row(&read("key2row")?).map_err(|e| named("key2row", e))?;
    let strings: Vec<String> = serde_json::from_slice(&read("strings.json")?)
        .map_err(|e| named("strings.json", e.to_string()))?;
    let mut words: Vec<(String, u32)> = strings
        .into_iter()
        .filter_map(|s| {
            let row = *key2row.get(&murmur64a(s.as_bytes(), 1))?;
            ((row as usize) < rows).then_some((s, row))
        })
        .collect();
    words.sort_unstable();
    let rows = values.chunks_exact(width).map(<[f32]>::to_vec).collect();
    Ok(Table { rows, words })
}

/// The vector clusters of the table's words that `keep` accepts: for each of `levels`
/// (cluster counts, coarsest first) the word's row's spherical k-means cluster, then the
/// row itself.
pub fn learn(
    table: &Table,
    keep: impl Fn(&str) -> bool,
    levels: [usize; VECTOR_LEVELS - 1],
    iterations: usize,
    seed: u64,
) -> Result<HashKeyed<VectorClusters>, String> {
    if table.rows.len() > usize::from(u16::MAX) + 1 {
        return Err(format!(
            "{} vector rows: at most {} fit a cluster number",
            table.rows.len(),
            usize::from(u16::MAX) + 1
        ));
    }
    let mut unit = table.rows.clone();
    unit.iter_mut().for_each(|v| normalise(v));
    let members: Vec<usize> = (0..unit.len())
        .filter(|&r| unit[r].iter().any(|&x| x != 0.0))
        .collect();
    let mut of_row: Vec<Option<VectorClusters>> = vec![None; unit.len()];
    for &row in &members {
        of_row[row] = Some([row as u16; VECTOR_LEVELS]);
    }
    for (level, &k) in levels.iter().enumerate() {
        let assignment = kmeans(
            &unit,
            &members,
            k,
            iterations,
            seed.wrapping_add(level as u64),
        );
        for (&row, &c) in members.iter().zip(&assignment) {
            if let Some(clusters) = &mut of_row[row] {
                clusters[level] = c as u16;
            }
        }
    }
    let mut clusters = HashKeyed::default();
    for (word, row) in &table.words {
        if let Some(levels) = of_row[*row as usize].filter(|_| keep(word)) {
            clusters.insert(Model::cluster_key(word), levels);
        }
    }
    Ok(clusters)
}

/// MurmurHash64A (Austin Appleby's 64-bit MurmurHash2), the hash spaCy keys strings by
/// (with seed 1).
pub fn murmur64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (data.len() as u64).wrapping_mul(M);
    let mut blocks = data.chunks_exact(8);
    for block in &mut blocks {
        let mut k = u64::from_le_bytes(block.try_into().expect("8 bytes"));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// A NumPy `.npy` file holding a C-ordered 2-D array of little-endian f32: its shape and
/// values.
fn parse_npy(bytes: &[u8]) -> Result<(usize, usize, Vec<f32>), String> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err("not a NumPy array file".into());
    }
    let (header_len, start) = match bytes[6] {
        1 => (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        version => return Err(format!("NumPy format version {version} not supported")),
    };
    let header = bytes
        .get(start..start + header_len)
        .and_then(|h| std::str::from_utf8(h).ok())
        .ok_or("truncated NumPy header")?;
    if !header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False") {
        return Err(format!(
            "expected a C-ordered little-endian f32 array, found {header:?}"
        ));
    }
    let shape = header
        .split("'shape': (")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .ok_or("NumPy header without a shape")?;
    let dims: Vec<usize> = shape
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| format!("bad NumPy shape {shape:?}")))
        .collect::<Result<_, _>>()?;
    let [rows, width] = dims[..] else {
        return Err(format!("expected a 2-D array, shape ({shape})"));
    };
    let data = &bytes[start + header_len..];
    let needed = rows.checked_mul(width).and_then(|n| n.checked_mul(4));
    if width == 0 || needed != Some(data.len()) {
        return Err(format!(
            "shape ({rows}, {width}) needs {} bytes of values, found {}",
            needed.map_or("more than addressable".to_string(), |n| n.to_string()),
            data.len()
        ));
    }
    let values = data
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
        .collect();
    Ok((rows, width, values))
}

/// A MessagePack map of unsigned integers to unsigned integers (spaCy's `key2row`).
fn parse_key2row(bytes: &[u8]) -> Result<HashMap<u64, u32>, String> {
    let mut reader = MessagePack { bytes, at: 0 };
    let count = match reader.take(1)?[0] {
        m @ 0x80..=0x8f => u64::from(m & 0x0f),
        0xde => reader.big_endian(2)?,
        0xdf => reader.big_endian(4)?,
        other => {
            return Err(format!(
                "expected a MessagePack map, found type byte {other:#x}"
            ))
        }
    };
    // Each entry takes two bytes at least: a count the rest cannot hold is damage, and no
    // reason to reserve memory for it.
    let mut map = HashMap::with_capacity((count as usize).min(bytes.len() / 2));
    for _ in 0..count {
        let key = reader.unsigned()?;
        let row = reader.unsigned()?;
        let row = u32::try_from(row).map_err(|_| format!("row {row} out of range"))?;
        map.insert(key, row);
    }
    Ok(map)
}

/// A cursor over MessagePack bytes.
struct MessagePack<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl MessagePack<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let slice = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or_else(|| format!("truncated at byte {}", self.at))?;
        self.at += n;
        Ok(slice)
    }

    fn big_endian(&mut self, n: usize) -> Result<u64, String> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0, |v, &b| (v << 8) | u64::from(b)))
    }

    fn unsigned(&mut self) -> Result<u64, String> {
        let at = self.at;
        match self.take(1)?[0] {
            small @ 0x00..=0x7f => Ok(u64::from(small)),
            0xcc => self.big_endian(1),
            0xcd => self.big_endian(2),
            0xce => self.big_endian(4),
            0xcf => self.big_endian(8),
            other => Err(format!(
                "byte {at}: expected an unsigned integer, found type byte {other:#x}"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn murmur_gives_the_hashes_spacy_keys_words_by() {
        // The keys of these words in the key2row map of a published spaCy English vectors
        // table (every one of its 684,830 keys but 78 is the hash of one of its strings).
        assert_eq!(murmur64a(b"the", 1), 0x670e_66a6_3573_9a92);
        assert_eq!(murmur64a(b"London", 1), 0x4ad5_7dae_8feb_640c);
        // Eight bytes: one whole block and no tail.
        assert_eq!(murmur64a(b"newsroom", 1), 0x1f47_8b05_80f0_e37e);
        assert_eq!(murmur64a(b"", 1), 0xc6a4_a793_5bd0_64dc);
    }

    /// A NumPy file of `rows` rows of `width` values.
    fn npy(rows: usize, width: usize, values: &[f32]) -> Vec<u8> {
        let mut header =
            format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {width}), }}");
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
        bytes.extend_from_slice(header.as_bytes());
        for v in values {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        bytes
    }

    /// A MessagePack map of unsigned integers, each in the smallest encoding.
    fn msgpack(map: &[(u64, u64)]) -> Vec<u8> {
        let mut bytes = vec![0xdf];
        bytes.extend_from_slice(&(map.len() as u32).to_be_bytes());
        for &(key, value) in map {
            for n in [key, value] {
                match n {
                    0..=0x7f => bytes.push(n as u8),
                    0x80..=0xff => bytes.extend_from_slice(&[0xcc, n as u8]),
                    0x100..=0xffff => {
                        bytes.push(0xcd);
                        bytes.extend_from_slice(&(n as u16).to_be_bytes());
                    }
                    0x1_0000..=0xffff_ffff => {
                        bytes.push(0xce);
                        bytes.extend_from_slice(&(n as u32).to_be_bytes());
                    }
                    _ => {
                        bytes.push(0xcf);
                        bytes.extend_from_slice(&n.to_be_bytes());
                    }
                }
            }
        }
        bytes
    }

    proptest! {
        #[test]
        fn npy_arrays_read_back(rows in 0usize..6, width in 1usize..5, seed in any::<u32>()) {
            let values: Vec<f32> = (0..rows * width)
                .map(|i| (seed as f32).sin() * i as f32 - 1.5)
                .collect();
            let (r, w, read) = parse_npy(&npy(rows, width, &values)).unwrap();
            prop_assert_eq!((r, w), (rows, width));
            prop_assert_eq!(read, values);
        }

        #[test]
        fn key2row_maps_read_back(map in proptest::collection::vec((any::<u64>(), 0u64..1 << 32), 0..20)) {
            let read = parse_key2row(&msgpack(&map)).unwrap();
            let expected: HashMap<u64, u32> = map.iter().map(|&(k, v)| (k, v as u32)).collect();
            prop_assert_eq!(read, expected);
        }

        #[test]
        fn damaged_files_are_errors_not_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = parse_npy(&bytes);
            let _ = parse_key2row(&bytes);
        }
    }

    #[test]
    fn damaged_tables_say_what_is_wrong() {
        let whole = npy(2, 3, &[0.0; 6]);
        let too_short = &whole[..whole.len() - 8];
        let error = parse_npy(too_short).unwrap_err();
        assert!(error.contains("needs 24 bytes"), "{error}");
        let doubles = npy(1, 1, &[0.0])
            .iter()
            .map(|&b| if b == b'4' { b'8' } else { b })
            .collect::<Vec<u8>>();
        assert!(parse_npy(&doubles).unwrap_err().contains("f32"));
        assert!(parse_key2row(&[0x91, 0x01])
            .unwrap_err()
            .contains("expected a MessagePack map"));
        let cut = &msgpack(&[(1 << 40, 7)])[..8];
        assert!(parse_key2row(cut).unwrap_err().contains("truncated"));
    }

    /// A vocab folder whose words fall in two groups of rows: places and verbs.
    fn vocab_folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let rows: [[f32; 3]; 4] = [
            [1.0, 0.1, 0.0],  // Velmora
            [0.9, 0.2, 0.05], // Castellane, and Orlen mapped to the same row
            [0.0, 0.1, 1.0],  // said
            [0.1, 0.0, 0.9],  // announced
        ];
        let values: Vec<f32> = rows.iter().flatten().copied().collect();
        std::fs::write(dir.path().join("vectors"), npy(4, 3, &values)).unwrap();
        let words = [
            ("Velmora", 0),
            ("Castellane", 1),
            ("Orlen", 1),
            ("said", 2),
            ("announced", 3),
        ];
        let map: Vec<(u64, u64)> = words
            .iter()
            .map(|&(w, row)| (murmur64a(w.as_bytes(), 1), row))
            .collect();
        std::fs::write(dir.path().join("key2row"), msgpack(&map)).unwrap();
        let mut strings: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
        strings.push("without-a-vector");
        std::fs::write(
            dir.path().join("strings.json"),
            serde_json::to_vec(&strings).unwrap(),
        )
        .unwrap();
        dir
    }

    #[test]
    fn words_with_near_vectors_share_clusters() {
        let dir = vocab_folder();
        let table = read_spacy(dir.path()).unwrap();
        assert_eq!(table.words.len(), 5, "the string without a row is left out");
        let clusters = learn(&table, |w| w != "announced", [2, 2, 3], 5, 7).unwrap();
        let of = |w: &str| clusters.get(&Model::cluster_key(w)).copied();
        let (velmora, castellane, orlen) = (
            of("Velmora").unwrap(),
            of("Castellane").unwrap(),
            of("Orlen").unwrap(),
        );
        assert_eq!(velmora[0], castellane[0]);
        assert_ne!(velmora[0], of("said").unwrap()[0]);
        assert_eq!(castellane, orlen, "one row, the same clusters");
        assert_eq!(velmora[VECTOR_LEVELS - 1], 0, "the finest level is the row");
        assert_eq!(of("announced"), None, "not kept");
        assert_eq!(learn(&table, |_| true, [2, 2, 3], 5, 7).unwrap().len(), 5);
        let again = learn(&table, |w| w != "announced", [2, 2, 3], 5, 7).unwrap();
        assert_eq!(again, clusters, "deterministic");
    }

    #[test]
    fn only_word_like_strings_get_clusters() {
        for word in ["Velmora", "O'Neill", "AT&T", "St.", "Port-Orlen", "B52"] {
            assert!(is_word_like(word), "{word}");
        }
        for string in ["\t", "--", ":)", "52nd", "two words", &"x".repeat(31)] {
            assert!(!is_word_like(string), "{string:?}");
        }
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = vocab_folder();
        std::fs::remove_file(dir.path().join("key2row")).unwrap();
        let error = read_spacy(dir.path()).err().unwrap();
        assert!(error.contains("key2row"), "{error}");
    }
}
