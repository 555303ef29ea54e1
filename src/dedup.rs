//! Dedup: content fingerprints for exact duplicates and 64-bit SimHash for near-duplicates
//! (the same wire story lightly edited by two outlets).
//!
//! Takes: clean article text. Gives: a stable id (the same text always gets the same id,
//! whatever file, URL or feed it came from), a SimHash, and word 4-gram shingles with
//! their MinHash signature. Two texts are copies of one article ([`is_copy`]) when their
//! signatures agree enough (a cheap filter, 64 comparisons) and their shingles mostly
//! agree: Jaccard resemblance for edited copies, containment for trimmed or extended ones.

use sha2::{Digest, Sha256};

/// Normalises what does not change an article's content: case, whitespace, quote and
/// dash styles.
fn normalized_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().map(|word| {
        word.chars()
            .map(|c| match c {
                '’' | '‘' | '`' => '\'',
                '“' | '”' | '„' => '"',
                '–' | '—' => '-',
                c => c,
            })
            .flat_map(char::to_lowercase)
            .collect()
    })
}

/// The article id: 16 hex digits of SHA-256 over the normalised text.
pub fn fingerprint(text: &str) -> String {
    let mut hasher = Sha256::new();
    // The same bytes as hashing each normalised word and a space, without a String per word.
    let mut normalized = String::with_capacity(text.len() + 1);
    for word in text.split_whitespace() {
        for c in word.chars() {
            match c {
                '’' | '‘' | '`' => normalized.push('\''),
                '“' | '”' | '„' => normalized.push('"'),
                '–' | '—' => normalized.push('-'),
                c => normalized.extend(c.to_lowercase()),
            }
        }
        normalized.push(' ');
    }
    hasher.update(normalized.as_bytes());
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// SimHash over word bigrams, kept with each stored article (near-identical texts differ
/// in few bits; copies are found with [`CopyPrint`], which tolerates heavier edits).
pub fn simhash(text: &str) -> u64 {
    let words: Vec<String> = normalized_words(text)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let mut weights = [0i32; 64];
    let shingles = words.windows(2.min(words.len().max(1)));
    for shingle in shingles {
        let mut hasher = Sha256::new();
        for word in shingle {
            hasher.update(word.as_bytes());
            hasher.update(b" ");
        }
        let digest = hasher.finalize();
        let hash = u64::from_le_bytes(digest[..8].try_into().expect("eight bytes"));
        for (bit, weight) in weights.iter_mut().enumerate() {
            *weight += if hash >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    weights.iter().enumerate().fold(
        0u64,
        |acc, (bit, w)| if *w > 0 { acc | 1 << bit } else { acc },
    )
}

/// Word 4-gram shingles of the normalised text, hashed, sorted and distinct: the set two
/// texts are compared by. Four words are long enough that unrelated articles on the same
/// story share few.
pub fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<String> = normalized_words(text)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let width = SHINGLE_WORDS.min(words.len().max(1));
    let mut out: Vec<u64> = words
        .windows(width)
        .map(|shingle| {
            // FNV-1a over the words and separating spaces: stable across builds (signatures
            // are stored) and far cheaper than a cryptographic hash per shingle.
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for byte in shingle
                .iter()
                .flat_map(|w| w.bytes().chain(std::iter::once(b' ')))
            {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            }
            hash
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

const SHINGLE_WORDS: usize = 4;

/// How much of two shingle sets (sorted, distinct) is shared: Jaccard resemblance and
/// containment of the smaller in the larger.
pub fn overlap(a: &[u64], b: &[u64]) -> (f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0);
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    (
        shared as f64 / union as f64,
        shared as f64 / a.len().min(b.len()) as f64,
    )
}

/// MinHash values per text: enough to estimate the resemblance of two texts to within
/// about ±0.06 at the thresholds used, in 256 bytes.
pub const SIGNATURE_SIZE: usize = 64;

/// A MinHash signature of a shingle set.
pub type Signature = [u32; SIGNATURE_SIZE];

/// The MinHash signature of a shingle set: for each of [`SIGNATURE_SIZE`] hash functions
/// (the shingle hash remixed with a different odd constant), the least value.
pub fn signature(shingles: &[u64]) -> Signature {
    let mut out = [u32::MAX; SIGNATURE_SIZE];
    for &shingle in shingles {
        for (slot, value) in out.iter_mut().enumerate() {
            let key = (slot as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            let mixed = (shingle ^ key).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            let mixed = (mixed ^ (mixed >> 31)) >> 32;
            *value = (*value).min(mixed as u32);
        }
    }
    out
}

/// The share of signature slots two texts agree on: an estimate of their resemblance.
pub fn estimated_resemblance(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / SIGNATURE_SIZE as f64
}

/// Signatures agreeing on fewer slots than this are not compared further: far below
/// [`MIN_RESEMBLANCE`], so that the estimate's error does not lose copies, and far above
/// what unrelated articles share.
pub const CANDIDATE_RESEMBLANCE: f64 = 0.15;
/// A copy shares at least this share of shingles with the original (Jaccard)…
pub const MIN_RESEMBLANCE: f64 = 0.4;
/// …or this share of the shorter text lies within the longer (a trimmed or extended copy).
pub const MIN_CONTAINMENT: f64 = 0.8;
/// Texts shorter than this many shingles are too short to call copies of each other.
pub const MIN_SHINGLES: usize = 20;

/// What a text is compared by: its MinHash signature and its shingles.
#[derive(Clone, Debug)]
pub struct CopyPrint {
    pub signature: Signature,
    pub shingles: Vec<u64>,
}

impl CopyPrint {
    pub fn of(text: &str) -> CopyPrint {
        let shingles = shingles(text);
        CopyPrint {
            signature: signature(&shingles),
            shingles,
        }
    }

    /// Whether the signatures say two texts may be copies, worth the exact comparison.
    pub fn may_copy(&self, other: &Signature) -> bool {
        self.shingles.len() >= MIN_SHINGLES
            && estimated_resemblance(&self.signature, other) >= CANDIDATE_RESEMBLANCE
    }
}

/// Whether two texts are the same article republished with edits; the Jaccard resemblance
/// of their shingles when they are.
pub fn is_copy(a: &CopyPrint, b: &CopyPrint) -> Option<f64> {
    if !a.may_copy(&b.signature) || b.shingles.len() < MIN_SHINGLES {
        return None;
    }
    let (resemblance, containment) = overlap(&a.shingles, &b.shingles);
    (resemblance >= MIN_RESEMBLANCE || containment >= MIN_CONTAINMENT).then_some(resemblance)
}

/// A signature as stored (little-endian bytes) and back.
pub fn signature_bytes(signature: &Signature) -> Vec<u8> {
    signature.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn signature_from_bytes(bytes: &[u8]) -> Option<Signature> {
    if bytes.len() != SIGNATURE_SIZE * 4 {
        return None;
    }
    let mut out = [0u32; SIGNATURE_SIZE];
    for (slot, chunk) in out.iter_mut().zip(bytes.chunks_exact(4)) {
        *slot = u32::from_le_bytes(chunk.try_into().expect("four bytes"));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_estimate_resemblance_and_round_trip() {
        let story = story();
        let edited = story.replacen("walked off the job", "walked off their jobs", 1);
        let (a, b) = (CopyPrint::of(&story), CopyPrint::of(&edited));
        let (exact, _) = overlap(&a.shingles, &b.shingles);
        let estimate = estimated_resemblance(&a.signature, &b.signature);
        assert!((estimate - exact).abs() < 0.2, "{estimate} vs {exact}");
        assert!(is_copy(&a, &b).is_some());
        let other = CopyPrint::of("The council approved a new lease for the fish market after a long debate about rents, parking, and the future of the old harbor warehouses on the east quay, which the port no longer needs since the container terminal moved north.");
        assert!(is_copy(&a, &other).is_none());
        assert_eq!(
            signature_from_bytes(&signature_bytes(&a.signature)),
            Some(a.signature)
        );
        assert_eq!(signature_from_bytes(&[1, 2, 3]), None);
    }

    /// An invented article of realistic length.
    fn story() -> String {
        [
            "Dockworkers at Port Velmora walked off the job on Monday, halting the cranes that load most of the region's exports.",
            "The Velmora Dockworkers Union said 1,200 members joined the strike, demanding limits on automated cranes and written job guarantees.",
            "Port director Ines Albarran said the authority had offered retraining for every worker whose post was automated.",
            "Union leader Tomas Ferreira rejected the offer as too vague, saying members had heard promises before.",
            "Shipping lines diverted at least four container vessels to Carrow, about ninety kilometres up the coast.",
            "Fishing crews, who share the inner harbour, said the picket lines had not blocked their boats.",
            "Transport Minister Dalia Okafor urged both sides to return to talks and offered a mediator from her ministry.",
            "Talks are expected to resume on Thursday at the chamber of commerce, officials said.",
            "Local businesses reported falling deliveries, and a bakery on the quay said flour would run out within a week.",
            "The last strike at the port, eleven years ago, lasted three weeks and ended with a pay deal.",
            "Analysts said the dispute over automation would shape labour relations in every port along the coast.",
            "The authority said it would publish its full offer so that members could judge it for themselves.",
        ]
        .join(" ")
    }

    #[test]
    fn fingerprint_ignores_layout_case_and_quote_style() {
        let a = fingerprint("The “deal” is off — for now.");
        let b = fingerprint("the \"deal\"   is off - for NOW.");
        assert_eq!(a, b);
        assert_eq!(a.len(), 16);
        assert_ne!(a, fingerprint("The deal is on."));
    }
}
