//! Reads what a model wrote into sentences with their citations: `[3]`, `[1][4]`,
//! `[2, 5]`, `[E3]` cite evidence; `[K]` marks the model's own knowledge. Headings,
//! list bullets and preambles ("Here is the overview:") are removed; the text of each
//! sentence is kept without its markers.

/// One sentence as the model wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenSentence {
    pub text: String,
    pub citations: Vec<usize>,
    /// Marked `[K]`: rests on the model's own knowledge.
    pub knowledge: bool,
}

/// The sentences of a completion, in order.
pub fn sentences(completion: &str) -> Vec<WrittenSentence> {
    let mut out = Vec::new();
    for line in completion.lines() {
        let line = strip_line_furniture(line);
        if line.is_empty() || is_preamble(line) {
            continue;
        }
        split_line(line, &mut out);
    }
    out
}

/// Bullets, numbering, heading marks and bold around a line.
fn strip_line_furniture(line: &str) -> &str {
    let mut line = line.trim();
    loop {
        let before = line;
        line = line
            .trim_start_matches(['#', '*', '-', '•', '>'])
            .trim_start();
        // "1. " or "2) " list numbers (but not "2024 was…").
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits <= 2 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
            let rest = &line[digits + 1..];
            if rest.starts_with(' ') {
                line = rest.trim_start();
            }
        }
        if line == before {
            return line.trim_end_matches(['*']).trim_end();
        }
    }
}

/// "Overview:", "Here is the background section:", "Sure!" — lines that say nothing.
fn is_preamble(line: &str) -> bool {
    let lower = line.to_lowercase();
    let words = lower.split_whitespace().count();
    (lower.ends_with(':') && words <= 8)
        || matches!(
            lower.trim_end_matches(['.', '!']),
            "overview" | "scenarios" | "background" | "sure" | "certainly"
        )
}

/// Splits one line into sentences. A sentence ends at `.`, `!` or `?` (followed by its
/// citation markers, if any) before a space and a capital letter, a quote or the end; a
/// citation group followed by such a mark also closes a sentence.
fn split_line(line: &str, out: &mut Vec<WrittenSentence>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut text = String::new();
    let mut citations = Vec::new();
    let mut knowledge = false;
    let mut index = 0;
    let flush = |text: &mut String,
                 citations: &mut Vec<usize>,
                 knowledge: &mut bool,
                 out: &mut Vec<WrittenSentence>| {
        let clean = tidy(text);
        if clean.chars().any(char::is_alphabetic) {
            citations.sort_unstable();
            citations.dedup();
            out.push(WrittenSentence {
                text: clean,
                citations: std::mem::take(citations),
                knowledge: *knowledge,
            });
        } else if let Some(last) = out.last_mut() {
            // Markers alone after a sentence belong to it.
            last.citations.append(citations);
            last.citations.sort_unstable();
            last.citations.dedup();
            last.knowledge |= *knowledge;
        }
        citations.clear();
        text.clear();
        *knowledge = false;
    };
    while index < chars.len() {
        let (offset, c) = chars[index];
        if c == '[' {
            if let Some(close) = line[offset..].find(']') {
                let inside = &line[offset + 1..offset + close];
                if let Some(marker) = marker(inside) {
                    match marker {
                        Marker::Knowledge => knowledge = true,
                        Marker::Cites(numbers) => citations.extend(numbers),
                    }
                    let after = offset + close + 1;
                    index = chars.partition_point(|(o, _)| *o < after);
                    // "… talks [2]. Next sentence": the mark after the marker ends it.
                    continue;
                }
            }
        }
        text.push(c);
        index += 1;
        if matches!(c, '.' | '!' | '?') && ends_sentence(&text, &chars[index..]) {
            // Markers right after the mark belong to this sentence.
            while index < chars.len() {
                let rest = &line[chars[index].0..];
                let trimmed = rest.trim_start();
                if !trimmed.starts_with('[') {
                    break;
                }
                let Some(close) = trimmed.find(']') else {
                    break;
                };
                let Some(found) = marker(&trimmed[1..close]) else {
                    break;
                };
                match found {
                    Marker::Knowledge => knowledge = true,
                    Marker::Cites(numbers) => citations.extend(numbers),
                }
                let after = chars[index].0 + (rest.len() - trimmed.len()) + close + 1;
                index = chars.partition_point(|(o, _)| *o < after);
            }
            flush(&mut text, &mut citations, &mut knowledge, out);
        }
    }
    flush(&mut text, &mut citations, &mut knowledge, out);
}

/// Whether a sentence mark ends the sentence: not after an abbreviation such as "U.S." or
/// "Mr.", and followed by the end or by space and something that can start a sentence.
fn ends_sentence(text: &str, rest: &[(usize, char)]) -> bool {
    let last_word = text.split_whitespace().last().unwrap_or("");
    let bare = last_word.trim_start_matches(['(', '"', '“', '‘', '\'']);
    if bare.ends_with('.') {
        let word = bare.trim_end_matches('.');
        // The last part of "U.S." is "S"; "Mr", "Jan" are titles and month abbreviations.
        let last = word.rsplit('.').next().unwrap_or(word);
        let title = crate::analyze::tokens::period_continues_sentence(last)
            && !crate::analyze::tokens::is_dotted_acronym(bare);
        let next_is_lower = rest
            .iter()
            .map(|(_, c)| *c)
            .find(|c| !c.is_whitespace())
            .is_some_and(char::is_lowercase);
        // "U.S. officials" goes on; "in the U.S. The" ends.
        if title || next_is_lower {
            return false;
        }
    }
    let mut following = rest.iter().map(|(_, c)| *c);
    match following.next() {
        None => true,
        Some(c) if c.is_whitespace() => following
            .find(|c| !c.is_whitespace())
            .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit() || "[\"“‘'(".contains(c)),
        Some(c) => "\"”’')]".contains(c),
    }
}

enum Marker {
    Knowledge,
    Cites(Vec<usize>),
}

/// `3`, `E3`, `1, 4`, `2; 5`, `1-3`, `K`, `knowledge`.
fn marker(inside: &str) -> Option<Marker> {
    let trimmed = inside.trim();
    if trimmed.eq_ignore_ascii_case("k") || trimmed.eq_ignore_ascii_case("knowledge") {
        return Some(Marker::Knowledge);
    }
    let mut numbers = Vec::new();
    for part in trimmed.split([',', ';', ' ']).filter(|p| !p.is_empty()) {
        let part = part.trim_start_matches(['E', 'e', '#']);
        if let Some((from, to)) = part.split_once(['-', '–']) {
            let (from, to) = (from.parse::<usize>().ok()?, to.parse::<usize>().ok()?);
            if to < from || to - from > 10 {
                return None;
            }
            numbers.extend(from..=to);
        } else {
            numbers.push(part.parse::<usize>().ok()?);
        }
    }
    (!numbers.is_empty()).then_some(Marker::Cites(numbers))
}

/// Collapses spaces, and removes the space a removed marker left before punctuation.
fn tidy(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(joined.len());
    for c in joined.chars() {
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?') && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cited(text: &str, citations: &[usize]) -> WrittenSentence {
        WrittenSentence {
            text: text.into(),
            citations: citations.to_vec(),
            knowledge: false,
        }
    }

    #[test]
    fn citations_before_or_after_the_full_stop_belong_to_their_sentence() {
        let found = sentences(
            "The guild rejected the offer on Tuesday [2]. It wants 6 percent. [1][3]\n\
             Talks resume in May [4, 5].",
        );
        assert_eq!(
            found,
            vec![
                cited("The guild rejected the offer on Tuesday.", &[2]),
                cited("It wants 6 percent.", &[1, 3]),
                cited("Talks resume in May.", &[4, 5]),
            ]
        );
    }

    #[test]
    fn knowledge_marks_headings_and_bullets_are_read() {
        let found = sentences(
            "## Background\nHere is the background:\n- Ferry strikes were common in the 1990s. [K]\n\
             1. The U.S. mediator, Dr. Ann Vale, met both sides [E2].",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].knowledge);
        assert_eq!(found[0].citations, Vec::<usize>::new());
        assert_eq!(
            found[1],
            cited("The U.S. mediator, Dr. Ann Vale, met both sides.", &[2])
        );
    }

    #[test]
    fn an_uncited_sentence_has_no_citations_and_brackets_that_are_not_markers_stay() {
        let found = sentences("Nothing is cited here. The [disputed] figure stood [3].");
        assert_eq!(found[0], cited("Nothing is cited here.", &[]));
        assert_eq!(found[1], cited("The [disputed] figure stood.", &[3]));
    }

    proptest! {
        #[test]
        fn any_text_parses_without_panicking(text in "\\PC{0,200}") {
            for sentence in sentences(&text) {
                prop_assert!(sentence.text.chars().any(char::is_alphabetic));
            }
        }

        #[test]
        fn every_marker_written_is_read_back(numbers in proptest::collection::vec(1usize..60, 1..6)) {
            let text: String = numbers
                .iter()
                .map(|n| format!("Sentence number {n} says something [{n}]. "))
                .collect();
            let found = sentences(&text);
            prop_assert_eq!(found.len(), numbers.len());
            for (sentence, n) in found.iter().zip(&numbers) {
                prop_assert_eq!(&sentence.citations, &vec![*n]);
            }
        }
    }
}
