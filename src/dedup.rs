//! Dedup: content fingerprints for exact duplicates and 64-bit SimHash for near-duplicates
//! (the same wire story lightly edited by two outlets).
//!
//! Takes: clean article text. Gives: a stable id (the same text always gets the same id,
//! whatever file, URL or feed it came from), a SimHash, and word 5-gram shingles. Two
//! texts are copies of one article ([`is_copy`]) when their SimHashes are close (a cheap
//! filter) and their shingles mostly agree: Jaccard resemblance for edited copies,
//! containment for trimmed or extended ones.

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

/// SimHash over word bigrams: near-identical texts differ in few bits. Reliable on
/// article-length text (a few hundred words); very short texts vary more.
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

/// Texts whose SimHashes differ in at most this many bits are near-duplicates.
pub const NEAR_DUPLICATE_BITS: u32 = 3;

pub fn is_near_duplicate(a: u64, b: u64) -> bool {
    (a ^ b).count_ones() <= NEAR_DUPLICATE_BITS
}

/// Word 5-gram shingles of the normalised text, hashed: the set two texts are compared
/// by. Five words are long enough that unrelated articles on the same story share few.
pub fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<String> = normalized_words(text)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let width = SHINGLE_WORDS.min(words.len().max(1));
    let mut out: Vec<u64> = words
        .windows(width)
        .map(|shingle| {
            let mut hasher = Sha256::new();
            for word in shingle {
                hasher.update(word.as_bytes());
                hasher.update(b" ");
            }
            u64::from_le_bytes(hasher.finalize()[..8].try_into().expect("eight bytes"))
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

/// SimHashes further apart than this are not compared further (a cheap first filter that
/// keeps every lightly edited copy: see `eval dedup`).
pub const CANDIDATE_BITS: u32 = 26;
/// A copy shares at least this share of shingles with the original (Jaccard)…
pub const MIN_RESEMBLANCE: f64 = 0.4;
/// …or this share of the shorter text lies within the longer (a trimmed or extended copy).
pub const MIN_CONTAINMENT: f64 = 0.8;
/// Texts shorter than this many shingles are too short to call copies of each other.
pub const MIN_SHINGLES: usize = 20;

/// Whether two texts, given their SimHashes and shingle sets, are the same article
/// republished with edits; the Jaccard resemblance when they are.
pub fn is_copy(a: (u64, &[u64]), b: (u64, &[u64])) -> Option<f64> {
    if (a.0 ^ b.0).count_ones() > CANDIDATE_BITS || a.1.len().min(b.1.len()) < MIN_SHINGLES {
        return None;
    }
    let (resemblance, containment) = overlap(a.1, b.1);
    (resemblance >= MIN_RESEMBLANCE || containment >= MIN_CONTAINMENT).then_some(resemblance)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn simhash_finds_light_edits_but_not_other_stories() {
        let story = story();
        let edited = story.replace("walked off the job", "walked off their jobs");
        assert!(is_near_duplicate(simhash(&story), simhash(&edited)));
        let other = "The council approved a new lease for the fish market after a long debate \
            about rents, parking, and the future of the old harbor warehouses on the east quay.";
        assert!(!is_near_duplicate(simhash(&story), simhash(other)));
    }
}
