//! Tokenisation with byte offsets: words (keeping hyphenated compounds, contractions and
//! dotted abbreviations such as `U.S.` whole), numbers (`1,200`, `3.5`, `1980s`, `28-point`),
//! possessive clitics split off (`Velmora` + `’s`), and single punctuation characters.

use super::doc::{Token, TokenKind};
use crate::article::Span;

/// Abbreviations whose period belongs to the word. Case matters: `Sen.` is a title,
/// `sen` is not a word we expect.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Maj", "Capt",
    "Sgt", "Cmdr", "Adm", "Brig", "Cpl", "Pvt", "Rev", "Hon", "Pres", "St", "Mt", "Ft", "Jr", "Sr",
    "Supt", "Insp", "Det", "Amb", "Mme", "Messrs", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Nos", "vs", "etc", "approx", "Inc", "Corp", "Ltd",
    "Co", "Bros", "est", "Dept", "Univ", "Fig", "al", "Ave", "Blvd", "Rd", "Gens", "Sens", "Reps",
];

/// Abbreviations that may also end a sentence ("… of Velmora Freight Inc. The firm …").
pub fn can_end_sentence(abbreviation: &str) -> bool {
    let bare = abbreviation.trim_end_matches('.');
    is_dotted_acronym(abbreviation)
        || matches!(
            bare,
            "Jr" | "Sr" | "Inc" | "Corp" | "Ltd" | "Co" | "Bros" | "etc" | "approx" | "est"
        )
}

/// `U.S.`, `U.K.`, `a.m.`: single letters separated by periods.
pub fn is_dotted_acronym(word: &str) -> bool {
    let parts: Vec<&str> = word.trim_end_matches('.').split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// Words before `’s` that make a contraction ("it’s"), not a possessive.
const CONTRACTION_BASES: &[&str] = &[
    "it",
    "he",
    "she",
    "that",
    "there",
    "what",
    "who",
    "where",
    "here",
    "let",
    "how",
    "when",
    "why",
    "everyone",
    "nobody",
    "somebody",
    "someone",
    "this",
    "one",
    "everybody",
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '‐' || c == '‑'
}

/// Appends the tokens of `text[span]` to `out`.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    // Sized up front: collecting would grow the vector a few times per paragraph.
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(span.end - span.start);
    chars.extend(
        text[span.start..span.end]
            .char_indices()
            .map(|(i, c)| (i + span.start, c)),
    );
    out.reserve((span.end - span.start) / 5);
    let end_of = |index: usize| -> usize {
        chars
            .get(index)
            .map(|(offset, _)| *offset)
            .unwrap_or(span.end)
    };
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let starts_word = c.is_alphabetic()
            || (c == '#' || c == '@') && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if starts_word {
            let mut j = i + 1;
            while j < chars.len() {
                let current = chars[j].1;
                let next = chars.get(j + 1).map(|(_, n)| *n);
                let continues = current.is_alphanumeric()
                    || is_mark(current)
                    || (is_apostrophe(current) || is_hyphen(current))
                        && next.is_some_and(char::is_alphanumeric)
                    || current == '.'
                        && next.is_some_and(char::is_alphabetic)
                        && last_segment_is_single_letter(&text[start..end_of(j)])
                        && chars.get(j + 2).is_none_or(|(_, n)| !n.is_alphabetic())
                    || current == '&'
                        && next.is_some_and(char::is_uppercase)
                        && chars[j - 1].1.is_uppercase();
                if !continues {
                    break;
                }
                j += 1;
            }
            let mut word_end = end_of(j);
            let word = &text[start..word_end];
            if chars.get(j).is_some_and(|(_, n)| *n == '.') && attaches_period(word) {
                word_end += 1;
                j += 1;
            }
            push_word(text, Span::new(start, word_end), out);
            i = j;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < chars.len() {
                let current = chars[j].1;
                let next = chars.get(j + 1).map(|(_, n)| *n);
                let continues = current.is_alphanumeric()
                    || matches!(current, '.' | ':' | '/')
                        && next.is_some_and(|n| n.is_ascii_digit())
                    || current == ',' && thousands_group_follows(&chars, j)
                    || is_hyphen(current) && next.is_some_and(char::is_alphanumeric);
                if !continues {
                    break;
                }
                j += 1;
            }
            push_number(text, Span::new(start, end_of(j)), out);
            i = j;
            continue;
        }
        // Two apostrophes or two backticks are one quotation mark, ``as text tokenised
        // in the Penn Treebank's way writes them.''
        let doubled = matches!(c, '\'' | '`') && chars.get(i + 1).is_some_and(|(_, n)| *n == c);
        let width = if doubled { 2 } else { 1 };
        out.push(Token {
            span: Span::new(start, start + width * c.len_utf8()),
            kind: TokenKind::Punct,
        });
        i += width;
    }
}

/// Pushes a number token, split in three when it is a range of years ("2009-2010",
/// "1957-58"): each year is a time expression of its own.
fn push_number(text: &str, span: Span, out: &mut Vec<Token>) {
    if let Some(first_end) = year_range_split(span.slice(text)) {
        let dash_end = span.start
            + first_end
            + span.slice(text)[first_end..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        out.push(Token {
            span: Span::new(span.start, span.start + first_end),
            kind: TokenKind::Number,
        });
        out.push(Token {
            span: Span::new(span.start + first_end, dash_end),
            kind: TokenKind::Punct,
        });
        out.push(Token {
            span: Span::new(dash_end, span.end),
            kind: TokenKind::Number,
        });
        return;
    }
    out.push(Token {
        span,
        kind: TokenKind::Number,
    });
}

/// Where the first year of "2009-2010" or "1957-58" ends: a four-digit year from 1500 to
/// 2099, a hyphen, and a later year in full or by its last two digits. A date
/// ("2010-11-05") or a score ("3-2") is no range.
fn year_range_split(word: &str) -> Option<usize> {
    let (first, second) = word.split_once(is_hyphen)?;
    let all_digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    if first.len() != 4 || !all_digits(first) || !all_digits(second) {
        return None;
    }
    let start: u32 = first.parse().ok()?;
    if !(1500..=2099).contains(&start) {
        return None;
    }
    let end: u32 = match second.len() {
        2 => start / 100 * 100 + second.parse::<u32>().ok()?,
        4 => second.parse().ok()?,
        _ => return None,
    };
    (end > start && end - start <= 100).then_some(first.len())
}

fn is_mark(c: char) -> bool {
    // Combining diacritics that follow a base letter.
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn last_segment_is_single_letter(word: &str) -> bool {
    word.rsplit('.')
        .next()
        .is_some_and(|segment| segment.chars().count() == 1)
}

/// `,` followed by exactly three digits and then a non-digit: `1,200`.
fn thousands_group_follows(chars: &[(usize, char)], comma: usize) -> bool {
    let digits = chars[comma + 1..]
        .iter()
        .take_while(|(_, c)| c.is_ascii_digit())
        .count();
    digits == 3
}

/// Whether a period after `word` (given without it) ends an abbreviation or initial
/// that does not end a sentence: "Mr.", "Sen.", "Jan.", "U." of "U.S.", but not "Inc."
/// or "etc.", which may.
pub fn period_continues_sentence(word: &str) -> bool {
    attaches_period(word) && !can_end_sentence(&format!("{word}."))
}

fn attaches_period(word: &str) -> bool {
    ABBREVIATIONS.contains(&word)
        || is_dotted_acronym(&format!("{word}."))
        || word.chars().count() == 1 && word.chars().all(char::is_uppercase)
}

fn push_word(text: &str, span: Span, out: &mut Vec<Token>) {
    let word = span.slice(text);
    for clitic in ["’s", "'s", "’S", "'S"] {
        if let Some(base) = word.strip_suffix(clitic) {
            let is_contraction = CONTRACTION_BASES.contains(&base.to_lowercase().as_str());
            if !base.is_empty() && !is_contraction {
                let split = span.start + base.len();
                out.push(Token {
                    span: Span::new(span.start, split),
                    kind: TokenKind::Word,
                });
                out.push(Token {
                    span: Span::new(split, span.end),
                    kind: TokenKind::Possessive,
                });
                return;
            }
        }
    }
    out.push(Token {
        span,
        kind: TokenKind::Word,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|t| t.span.slice(text)).collect()
    }

    #[test]
    fn keeps_abbreviations_compounds_and_numbers_whole() {
        assert_eq!(
            words("The U.S. envoy met Sen. Ana Ruiz’s son-in-law on Oct. 24–26 at 10:30 a.m."),
            vec![
                "The",
                "U.S.",
                "envoy",
                "met",
                "Sen.",
                "Ana",
                "Ruiz",
                "’s",
                "son-in-law",
                "on",
                "Oct.",
                "24",
                "–",
                "26",
                "at",
                "10:30",
                "a.m."
            ]
        );
        assert_eq!(
            words("A 28-point plan, $1,200.50 and 90% in the 1980s."),
            vec![
                "A", "28-point", "plan", ",", "$", "1,200.50", "and", "90", "%", "in", "the",
                "1980s", "."
            ]
        );
    }

    #[test]
    fn a_range_of_years_splits_but_dates_and_scores_do_not() {
        assert_eq!(
            words("the 2009-2010 season"),
            vec!["the", "2009", "-", "2010", "season"]
        );
        assert_eq!(words("in 1957-58"), vec!["in", "1957", "-", "58"]);
        assert_eq!(words("on 2031-10-05"), vec!["on", "2031-10-05"]);
        assert_eq!(words("won 3-2"), vec!["won", "3-2"]);
        // The second year must come later: "2010-09" is a year and a month.
        assert_eq!(words("2010-09"), vec!["2010-09"]);
    }

    #[test]
    fn contractions_stay_whole_and_possessives_split() {
        assert_eq!(
            words("It’s Velmora’s day"),
            vec!["It’s", "Velmora", "’s", "day"]
        );
        assert_eq!(words("didn't"), vec!["didn't"]);
    }

    #[test]
    fn two_apostrophes_or_backticks_are_one_quotation_mark() {
        assert_eq!(
            words("''We stay,'' said Ana's aide. ``Fine.''"),
            vec![
                "''", "We", "stay", ",", "''", "said", "Ana", "'s", "aide", ".", "``", "Fine", ".",
                "''"
            ]
        );
    }

    #[test]
    fn a_sentence_final_period_is_its_own_token() {
        assert_eq!(words("talks ended."), vec!["talks", "ended", "."]);
        assert_eq!(words("in the U.S."), vec!["in", "the", "U.S."]);
        assert_eq!(words("J. Alvarez"), vec!["J.", "Alvarez"]);
    }

    proptest! {
        #[test]
        fn tokens_are_ordered_in_bounds_and_on_char_boundaries(text in "\\PC{0,80}") {
            let mut out = Vec::new();
            tokenize(&text, Span::new(0, text.len()), &mut out);
            let mut previous_end = 0;
            for token in out {
                prop_assert!(token.span.start >= previous_end);
                prop_assert!(token.span.start < token.span.end);
                prop_assert!(text.is_char_boundary(token.span.start));
                prop_assert!(text.is_char_boundary(token.span.end));
                prop_assert!(token.span.slice(&text).chars().all(|c| !c.is_whitespace()));
                previous_end = token.span.end;
            }
        }
    }
}
