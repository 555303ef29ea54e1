//! Dedup: content fingerprints for exact duplicates and 64-bit SimHash for near-duplicates
//! (the same wire story lightly edited by two outlets).
//!
//! Takes: clean article text. Gives: a stable id (the same text always gets the same id,
//! whatever file, URL or feed it came from) and a similarity fingerprint.

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
    for word in normalized_words(text) {
        hasher.update(word.as_bytes());
        hasher.update(b" ");
    }
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
