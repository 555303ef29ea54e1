//! Page furniture read as text: what a flattened web page runs into its sentences.
//!
//! Takes a sentence's text (or a story's sentences); gives how much of its start is
//! furniture, or whether all of it is. When a page is flattened to plain text, its
//! headline, standfirst, publication stamp and picture caption can run together with
//! the first sentence ("Ferry Fire Grounded Sunday 2 March 2031 10.40 GMT Dockworkers
//! walked out …"), a picture credit can open the next one ("Photograph: Ana Ruiz/Wirefoto
//! Talks resumed …"), and an outlet's sign-off repeats in every article. A dossier
//! line starts after such a prefix (its evidence too, so citations stay exact), and a
//! sentence that is nothing but furniture is never a dossier line.

use crate::date::{month_from_name, weekday_from_name};

/// Words of a sentence with their byte offsets.
fn words(sentence: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in sentence.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &sentence[s..at]));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &sentence[s..]));
    }
    out
}

fn is_year(word: &str) -> bool {
    let digits = word.trim_end_matches([',', ';']);
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.starts_with("19") || digits.starts_with("20"))
}

/// "10.40", "1:48", "22:09".
fn is_clock(word: &str) -> bool {
    let word = word.trim_end_matches([',', ';']);
    let Some((hours, minutes)) = word.split_once([':', '.']) else {
        return false;
    };
    (1..=2).contains(&hours.len())
        && minutes.len() == 2
        && hours
            .bytes()
            .chain(minutes.bytes())
            .all(|b| b.is_ascii_digit())
        && hours.parse::<u8>().is_ok_and(|h| h < 24)
        && minutes.parse::<u8>().is_ok_and(|m| m < 60)
}

/// "pm", "a.m.", "GMT", "EDT", "ET", "UK": what may follow a clock time in a stamp.
fn is_clock_suffix(word: &str) -> bool {
    let word = word.trim_end_matches([',', ';', ')']);
    matches!(
        word.to_ascii_lowercase().as_str(),
        "am" | "pm" | "a.m." | "p.m." | "a.m" | "p.m"
    ) || ((2..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase()))
}

fn is_separator(word: &str) -> bool {
    matches!(word, "," | ";" | "|" | "-" | "–" | "—")
}

/// The byte offset just after a publication stamp ("Sunday 26 April 2009 10.40 BST",
/// "Tue Mar 15, 2011 1:48 pm GMT", "Friday, April 30, 2010; 3:59 PM") that lies among
/// the sentence's first `within` words: a year preceded closely by a month or weekday
/// name and followed by a clock time. Prose ("in April 2031 12.50 euros…") rarely has
/// that shape, and never with the clock's suffix checked below.
fn stamp_end(words: &[(usize, &str)], within: usize) -> Option<usize> {
    for (index, (_, word)) in words.iter().enumerate().take(within) {
        if !is_year(word) {
            continue;
        }
        let dated = words[index.saturating_sub(4)..index].iter().any(|(_, w)| {
            let bare = w.trim_end_matches([',', '.']);
            month_from_name(bare).is_some() || weekday_from_name(bare).is_some()
        });
        if !dated {
            continue;
        }
        let mut next = index + 1;
        while next < words.len() && is_separator(words[next].1) {
            next += 1;
        }
        let Some((clock_at, clock)) = words.get(next) else {
            continue;
        };
        if !is_clock(clock) {
            continue;
        }
        let mut end = clock_at + clock.len();
        let mut after = next + 1;
        while after < words.len() && after <= next + 2 && is_clock_suffix(words[after].1) {
            end = words[after].0 + words[after].1.len();
            after += 1;
        }
        return Some(end);
    }
    None
}

/// "Photograph: Ana Ruiz/Wirefoto Talks resumed …": the byte offset after a picture
/// credit that opens a sentence, when the credit's end can be told (a one-word agency
/// after a slash, or one short all-capitals agency name). An agency of several words
/// after the slash leaves its later words on the line: they cannot be told from the
/// sentence's own.
fn credit_end(words: &[(usize, &str)]) -> Option<usize> {
    let (_, first) = words.first()?;
    let label = first.trim_end_matches(':').to_ascii_lowercase();
    if !matches!(label.as_str(), "photograph" | "photo" | "picture" | "image") {
        return None;
    }
    let mut index = 1;
    if words.get(index).is_some_and(|(_, w)| *w == ":") {
        index += 1;
    } else if !first.ends_with(':') {
        return None;
    }
    let (at, credit) = words.get(index)?;
    if credit.len() <= 4 && credit.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(at + credit.len());
    }
    // The credit ends at the word after the first slash ("Tovar/AP", "Control/Reuters"),
    // which may itself run into the next word ("Tovar/AP Health officials").
    for (at, word) in words.iter().skip(index).take(6) {
        if let Some(slash) = word.find(['/', '\\']) {
            return Some(at + slash + 1 + word[slash + 1..].len());
        }
    }
    None
}

/// The length in bytes of a dateline opening `sentence` (a place in capitals, perhaps an
/// agency in parentheses, then a dash and a space), when there is one and text follows it.
fn dateline_length(sentence: &str) -> Option<usize> {
    let mut end = sentence.len().min(60);
    while !sentence.is_char_boundary(end) {
        end -= 1;
    }
    let head = &sentence[..end];
    let dash = [" – ", " — ", " - "]
        .iter()
        .filter_map(|dash| head.find(dash).map(|at| (at, dash.len())))
        .min()?;
    let place = &sentence[..dash.0];
    let outside_parentheses: String = {
        let mut depth = 0usize;
        place
            .chars()
            .filter(|c| match c {
                '(' => {
                    depth += 1;
                    false
                }
                ')' => {
                    depth = depth.saturating_sub(1);
                    false
                }
                _ => depth == 0,
            })
            .collect()
    };
    let capitals = outside_parentheses
        .chars()
        .filter(char::is_ascii_uppercase)
        .count();
    let only_capitals = outside_parentheses
        .chars()
        .all(|c| c.is_uppercase() || matches!(c, ' ' | ',' | '.' | '\'' | '’' | '-'));
    let rest = &sentence[dash.0 + dash.1..];
    (capitals >= 3 && only_capitals && rest.chars().next().is_some_and(char::is_uppercase))
        .then_some(dash.0 + dash.1)
}

/// How many bytes at the start of `sentence` are furniture: a run-in headline and
/// publication stamp, a picture credit, then a dateline ("LONDON (Harbour Wire) – ").
/// `None` when the sentence starts with its own words, or when nothing readable would
/// follow the furniture (then [`is_all_furniture`] tells).
pub fn leading_length(sentence: &str) -> Option<usize> {
    let words = words(sentence);
    let mut skip = 0;
    if let Some(end) = stamp_end(&words, 45) {
        skip = end;
    }
    let rest = &sentence[skip..];
    let rest_words = self::words(rest);
    if let Some(end) = credit_end(&rest_words) {
        skip += end;
    }
    let trimmed_start = sentence[skip..].len() - sentence[skip..].trim_start().len();
    skip += trimmed_start;
    if let Some(dateline) = dateline_length(&sentence[skip..]) {
        skip += dateline;
    }
    let remaining = self::words(&sentence[skip..]);
    let readable = remaining.len() >= 3
        && remaining[0]
            .1
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '"' | '‘' | '\''));
    (skip > 0 && readable).then_some(skip)
}

/// Whether a sentence is furniture through and through: a publication stamp or a
/// picture credit with nothing readable after it ("Last updated at 10:24 GMT, Thursday,
/// 30 April 2031").
pub fn is_all_furniture(sentence: &str) -> bool {
    let words = words(sentence);
    let stamped = stamp_end(&words, words.len()).is_some();
    let credited = matches!(
        words
            .first()
            .map(|(_, w)| w.trim_end_matches(':').to_ascii_lowercase())
            .as_deref(),
        Some("photograph" | "photo")
    ) && words
        .get(1)
        .is_some_and(|(_, w)| *w == ":" || words[0].1.ends_with(':'));
    (stamped || credited) && leading_length(sentence).is_none()
}

/// The key by which an outlet's repeated sentences are recognised: lowercase words.
pub fn repetition_key(sentence: &str) -> String {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An outlet's sign-off is repeated word for word in at least this many of its articles.
pub const REPEATED_IN_ARTICLES: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    fn after(sentence: &str) -> Option<&str> {
        leading_length(sentence).map(|n| &sentence[n..])
    }

    #[test]
    fn a_run_in_headline_and_stamp_are_skipped() {
        assert_eq!(
            after("Ferry fire grounds fleet Islanders stranded Sunday 2 March 2031 10.40 GMT Dockworkers walked out at dawn on the quay."),
            Some("Dockworkers walked out at dawn on the quay.")
        );
        assert_eq!(
            after("VELMORA | Tue Mar 4 , 2031 1:48 pm GMT VELMORA (Harbour Wire) - Shares in Velmora Freight fell 7 percent on Tuesday."),
            Some("Shares in Velmora Freight fell 7 percent on Tuesday.")
        );
        assert_eq!(
            after("Friday , April 30 , 2031 ; 3:59 PM As the slick spread, the governor asked for help."),
            Some("As the slick spread, the governor asked for help.")
        );
    }

    #[test]
    fn a_picture_credit_is_skipped_when_its_end_is_clear() {
        assert_eq!(
            after("Photograph : Ana Ruiz/Wirefoto Talks resumed on Thursday at the chamber."),
            Some("Talks resumed on Thursday at the chamber.")
        );
        assert_eq!(
            after("Photograph: PA Two more cases were confirmed in the port city."),
            Some("Two more cases were confirmed in the port city.")
        );
        assert_eq!(after("Photograph: an unreadable credit with no end"), None);
        assert!(is_all_furniture(
            "Photograph: an unreadable credit with no end"
        ));
    }

    #[test]
    fn prose_with_years_and_numbers_is_left_alone() {
        for sentence in [
            "In April 2031 12 ships waited outside the port.",
            "The strike began on March 4, 2031, and ended 16 days later.",
            "Prices rose 10.40 percent in 2030 after the storm.",
            "Dockworkers walked out on Tuesday.",
        ] {
            assert_eq!(after(sentence), None, "{sentence}");
            assert!(!is_all_furniture(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_bare_stamp_is_all_furniture() {
        assert!(is_all_furniture(
            "Page last updated at 10:24 GMT, Thursday, 30 April 2031 11:24 UK"
        ));
        assert!(is_all_furniture("Sunday 2 March 2031 10.40 GMT"));
    }

    #[test]
    fn datelines_are_found_and_only_datelines() {
        fn with(s: &str) -> Option<&str> {
            dateline_length(s).map(|n| &s[n..])
        }
        assert_eq!(
            with("PORT VELMORA – Dockworkers walked out."),
            Some("Dockworkers walked out.")
        );
        assert_eq!(
            with("CARROW (Harbour Wire) — Crews began work."),
            Some("Crews began work.")
        );
        assert_eq!(
            with("Union leader Tomas Ferreira – a crane operator – said no."),
            None
        );
        assert_eq!(with("The EU - and NATO - agreed."), None);
        assert_eq!(with("UN – "), None);
        // A long first word in a script of several bytes a letter.
        assert_eq!(with(&"é".repeat(40)), None);
    }

    #[test]
    fn datelines_still_come_off_without_a_stamp() {
        assert_eq!(
            after("PORT VELMORA – Dockworkers walked off the job on Tuesday."),
            Some("Dockworkers walked off the job on Tuesday.")
        );
    }

    #[test]
    fn multi_byte_text_never_splits_a_character() {
        for sentence in [
            "Éé 2031 10.40 ÉÉ",
            "Photograph: Zoë/Ünïon Ça va très bien ici.",
            "é",
        ] {
            let _ = leading_length(sentence);
            let _ = is_all_furniture(sentence);
        }
    }
}
