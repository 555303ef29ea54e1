//! Time expressions: recognition over a sentence's tokens and normalisation to TIMEX3-style
//! values against the article's publication date.
//!
//! With a publication date, "on Saturday" in a past-tense sentence becomes the Saturday
//! before it. Without one, relative expressions stay relative: they keep an order key
//! (approximate days from publication) so that a timeline can order them, but no calendar
//! date is ever guessed for them.

use super::doc::{Token, TokenKind};
use super::lexicon::{number_word, WordSet};
use crate::date::{days_in_month, month_from_name, weekday_from_name, Date};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimexKind {
    Date,
    Time,
    Duration,
    Set,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Season,
    Year,
    Decade,
}

/// How a value relates to the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// Written as a calendar date ("June 2024").
    Absolute,
    /// Relative, and resolved against the publication date.
    Resolved,
    /// Relative to a publication date the article does not give; not on the calendar.
    Unresolved,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Past,
    Present,
    Future,
}

/// A normalised time expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeValue {
    pub kind: TimexKind,
    /// TIMEX3 value: `2025-12-20`, `2025-W51`, `2025-12`, `198X`, `P4Y`, `XXXX-WXX-6`.
    pub value: String,
    /// ISO calendar date at its precision (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`), when known.
    pub date: Option<String>,
    pub granularity: Granularity,
    pub anchor: Anchor,
    /// Sort key. Days since 1970-01-01 for calendar values; approximate days from the
    /// (unknown) publication date for unresolved ones. Durations and sets: 0.
    pub order: f64,
    pub direction: Direction,
    /// TIMEX3 `mod`: `START`, `MID`, `END`, `APPROX`, `MORE_THAN`, `LESS_THAN`.
    pub modifier: Option<String>,
}

impl TimeValue {
    pub fn is_point(&self) -> bool {
        matches!(self.kind, TimexKind::Date | TimexKind::Time)
    }

    /// "now", "recently", "in the future", and "today" in an undated article: the present,
    /// past or future as such (`PRESENT_REF`, `PAST_REF`, `FUTURE_REF`), never a date.
    pub fn is_reference(&self) -> bool {
        self.date.is_none() && self.value.ends_with("_REF")
    }
}

/// One recognised expression: token range `[first, last)` and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub tokens: (usize, usize),
    pub value: TimeValue,
}

/// Context for normalisation.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    pub published: Option<Date>,
    pub direction: Direction,
    /// The quarter the document last named ("the third quarter" → (1989, 3)): earnings
    /// reports compare it with "a year earlier", which then means the same quarter of the
    /// year before (as TimeML annotates it), not the year.
    pub quarter: Option<(i32, u8)>,
}

impl TimeValue {
    /// The year and number of a quarter value ("1989-Q3").
    pub fn quarter(&self) -> Option<(i32, u8)> {
        let (year, quarter) = self.value.split_once("-Q")?;
        if year.len() != 4 || quarter.len() != 1 {
            return None;
        }
        Some((year.parse().ok()?, quarter.parse().ok()?))
    }
}

/// Tense of a sentence, from its auxiliaries: future markers make relative expressions
/// point forward.
pub fn sentence_direction(words: &[String]) -> Direction {
    let future = words.iter().enumerate().any(|(i, w)| {
        matches!(
            w.as_str(),
            "will"
                | "’ll"
                | "'ll"
                | "shall"
                | "upcoming"
                | "scheduled"
                | "expected"
                | "plans"
                | "planned"
                | "planning"
                | "intends"
                | "won’t"
                | "won't"
                | "could"
                | "might"
                | "should"
        ) || (w == "going" || w == "set" || w == "due" || w == "poised")
            && words.get(i + 1).is_some_and(|n| n == "to")
    });
    if future {
        Direction::Future
    } else {
        Direction::Past
    }
}

/// Tense of the clause around token `at`: the nearest auxiliary or verb form to its left
/// within the clause, else to its right across at most one comma.
fn local_direction(lower: &[String], at: usize) -> Option<Direction> {
    let boundary = |w: &str| {
        matches!(
            w,
            ";" | ":" | "that" | "—" | "–" | "(" | ")" | "“" | "”" | "\"" | "which" | "who"
        )
    };
    // "by Sunday", "until Friday", "by the end of …": a deadline lies ahead, unless the
    // clause is told in the past ("Until Thursday, they had not named a suspect").
    let mut before = at;
    while before > 0 && matches!(lower[before - 1].as_str(), "the" | "this" | "next") {
        before -= 1;
    }
    if before > 0 && matches!(lower[before - 1].as_str(), "by" | "until" | "till") {
        return match clause_tense(lower, at, boundary) {
            Some(Direction::Past) => Some(Direction::Past),
            _ => Some(Direction::Future),
        };
    }
    clause_tense(lower, at, boundary)
}

/// The nearest auxiliary or verb form to the left of `at` within its clause, else to its
/// right across at most one comma.
fn clause_tense(lower: &[String], at: usize, boundary: impl Fn(&str) -> bool) -> Option<Direction> {
    let tense_at = |k: usize| {
        // "1 May 1992" names a month, not a possibility.
        let numeric = |j: Option<usize>| {
            j.and_then(|j| lower.get(j))
                .is_some_and(|w| parse_day_number(w).is_some() || parse_year(w).is_some())
        };
        if lower[k] == "may" && (numeric(k.checked_sub(1)) || numeric(Some(k + 1))) {
            return None;
        }
        tense_of(&lower[k], lower.get(k + 1).map(String::as_str))
    };
    let mut k = at;
    while k > 0 && at - k < 8 {
        k -= 1;
        let word = lower[k].as_str();
        if word == "," || boundary(word) {
            break;
        }
        if let Some(direction) = tense_at(k) {
            return Some(direction);
        }
    }
    let mut commas = 0;
    for (k, word) in lower.iter().enumerate().take(at + 14).skip(at + 1) {
        let word = word.as_str();
        if word == "," {
            commas += 1;
            if commas > 1 {
                break;
            }
            continue;
        }
        if boundary(word) {
            break;
        }
        if let Some(direction) = tense_at(k) {
            return Some(direction);
        }
    }
    None
}

const IRREGULAR_PAST: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "said",
    "met",
    "told",
    "began",
    "took",
    "made",
    "held",
    "left",
    "came",
    "went",
    "saw",
    "gave",
    "spoke",
    "wrote",
    "sent",
    "won",
    "lost",
    "struck",
    "hit",
    "fell",
    "rose",
    "led",
    "paid",
    "brought",
    "became",
    "ran",
    "sought",
    "thought",
    "felt",
    "kept",
    "fought",
    "built",
    "chose",
    "drew",
    "flew",
    "grew",
    "knew",
    "threw",
    "shot",
    "sat",
    "stood",
    "understood",
    "withdrew",
    "broke",
    "spent",
    "set",
    "put",
    "cut",
    "quit",
    "found",
    "heard",
    "got",
    "sold",
    "bought",
    "caught",
    "fled",
    "tore",
    "shook",
    "stole",
    "wore",
    "rode",
    "drove",
    "swore",
    "sank",
    "froze",
    "hid",
    "meant",
    "bore",
    "forgot",
    "forbade",
    "overtook",
    "undertook",
    "upheld",
    "slew",
    "swept",
    "wept",
    "slept",
    "lent",
    "bent",
    "dealt",
    "fed",
    "laid",
    "lay",
    "lit",
];

/// [`IRREGULAR_PAST`] as a set: every word of a sentence is looked up.
static IRREGULAR_PAST_SET: LazyLock<WordSet> =
    LazyLock::new(|| IRREGULAR_PAST.iter().copied().collect());

fn tense_of(word: &str, next: Option<&str>) -> Option<Direction> {
    let future = matches!(
        word,
        "will"
            | "’ll"
            | "'ll"
            | "shall"
            | "would"
            | "won’t"
            | "won't"
            | "upcoming"
            | "tomorrow"
            | "could"
            | "might"
            | "may"
            | "should"
    ) || matches!(
        word,
        "going" | "due" | "poised" | "scheduled" | "expected" | "planned" | "plans" | "set"
    ) && next == Some("to");
    if future {
        return Some(Direction::Future);
    }
    let past = IRREGULAR_PAST_SET.contains(word)
        || word.len() > 4 && word.ends_with("ed") && word.chars().all(char::is_alphabetic);
    past.then_some(Direction::Past)
}

const YEAR_CUES: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "before",
    "after",
    "during",
    "of",
    "early",
    "late",
    "mid",
    "end",
    "start",
    "beginning",
    "summer",
    "winter",
    "spring",
    "autumn",
    "fall",
    "the",
    "through",
    "throughout",
    "for",
    "year",
    "between",
    "and",
    "to",
    ",",
    "–",
    "-",
    // "a 2010 raid", "his 2007 campaign".
    "a",
    "an",
    "his",
    "her",
    "their",
    "its",
    "our",
];

/// Every word of every string literal of the rules in this file, lowercased (a test
/// keeps the list complete; the few that come from messages or value patterns cost only
/// a lookup), and each of them that ends in `s` also without it ("Valentine" before "'s"
/// opens "valentines day"). With the number words, month and weekday names, these are
/// the only words of letters alone at which a rule can start an expression, so [`find`]
/// skips every other such token without trying the rules: most of the words of a text.
static STARTERS: LazyLock<WordSet> = LazyLock::new(|| {
    "
        a about above after afternoon ago almost am amount an and annually approximately
        around as at autumn became before began beginning bent between bore bought boxing
        broke brought bst built but by came caught cdt centuries century checked chose
        christmas clock code coming comparable corresponding could cst current currently cut
        daily day days dealt decade decades did drew drove due during each earlier early
        easter ed edt election end est et eve evening every exists expected fall fed fell
        felt few fewer first fiscal fled flew for forbade forgot fought found fourth friday
        from froze future gave gmt going good got grew had half halloween has he heard held
        her hid his hit hour hours in intends is it its january kept knew l labor laid last
        late later latest lay least led left lent less lit ll local long longer lost m made
        many march may meant memorial met mid midday middle midnight might minute minutes
        monday month monthly months more morning nd near nearly new next night noon now
        nowadays number of old once or our over overnight overtook p paid part past pdt per
        period planned planning plans pm poised present previous pst pt put quarter quit ran
        range rd recent recently rode rose roughly s said same sank sat saw scheduled second
        seconds sent set several shall she shook short shot should since slept slew sold
        some sought spent spoke spring st start stole stood struck summer sunday swept swore
        t term th than thanksgiving that the their there these they third this thought threw
        through throughout till time times to today told tomorrow tonight took tore twice
        under understood undertook until up upcoming upheld utc valentines valid validated w
        was we week weekend weekly weeks went wept were when which who will winter withdrew
        within won wore would wrote xx xxxx year yearly years yesterday"
        .split_whitespace()
        .flat_map(|word| [word, word.strip_suffix('s').unwrap_or(word)])
        .collect()
});

/// Whether a rule may start an expression at a token whose lowercased text is `low`:
/// always, unless it is ASCII punctuation alone (about one token in nine in news text)
/// or a word of ASCII letters alone that is not a [`STARTERS`] word, a number word, a
/// month or a weekday.
fn may_start(low: &str) -> bool {
    if low.bytes().all(|b| b.is_ascii_punctuation()) {
        return false;
    }
    !low.bytes().all(|b| b.is_ascii_lowercase())
        || STARTERS.contains(low)
        || number_word(low).is_some()
        || month_from_name(low).is_some()
        || weekday_from_name(low).is_some()
}

/// Recognises every time expression in a token slice (one sentence); `lower` holds each
/// token's text lowercased (`str::to_lowercase`), which the caller also needs.
pub fn find(text: &str, tokens: &[Token], lower: &[String], context: Context) -> Vec<Found> {
    assert_eq!(lower.len(), tokens.len(), "one lowercased word per token");
    let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
    let mut found = Vec::new();
    let mut context = context;
    let mut i = 0;
    while i < tokens.len() {
        if !may_start(&lower[i]) {
            i += 1;
            continue;
        }
        // Recognition does not depend on the direction, only the value does: the clause's
        // own tense (a scan of its words) is worked out only where an expression starts.
        let matched =
            match_at(&words, lower, tokens, i, context).map(|first| {
                match local_direction(lower, i).filter(|&d| d != context.direction) {
                    Some(direction) => {
                        let local = Context {
                            direction,
                            ..context
                        };
                        match_at(&words, lower, tokens, i, local).unwrap_or(first)
                    }
                    None => first,
                }
            });
        if let Some((end, value)) = matched {
            let expression = Found {
                tokens: (i, end),
                value,
            };
            context.quarter = expression.named_quarter(lower).or(context.quarter);
            found.push(expression);
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

impl Found {
    /// The quarter this expression names, given its sentence's lower-cased words: later
    /// references ("the quarter", "a year earlier") resolve to it.
    pub fn named_quarter(&self, lower: &[String]) -> Option<(i32, u8)> {
        let (first, end) = self.tokens;
        names_quarter(&lower[first..end])
            .then(|| self.value.quarter())
            .flatten()
    }
}

/// Whether an expression says which quarter it means ("the third quarter", "Q3 2024"),
/// rather than pointing back at one ("the quarter", "a year earlier"): only such a
/// quarter becomes the one later references resolve to.
fn names_quarter(lower: &[String]) -> bool {
    (0..lower.len()).any(|k| {
        let word = lower[k].as_str();
        let written = word
            .strip_prefix('q')
            .is_some_and(|n| matches!(n, "1" | "2" | "3" | "4"));
        let year_ago = lower[..k]
            .iter()
            .any(|w| matches!(w.as_str(), "year-ago" | "year-earlier"));
        written
            || !year_ago
                && year_part_name(word, lower.get(k + 1).map(String::as_str))
                    .is_some_and(|(code, _, _)| code == "Q")
    })
}

/// A weekday written out ("Sunday") or abbreviated with its period ("Sun."): a bare
/// "Sun" is a newspaper or a company far more often than a day.
fn weekday_word(word: &str) -> Option<u8> {
    let weekday = weekday_from_name(word).filter(|_| is_cap(word))?;
    let full = word.len() > 4 || word.ends_with('.');
    full.then_some(weekday)
}

fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn parse_year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1900..=2099).contains(y))
}

fn parse_day_number(word: &str) -> Option<u8> {
    // Only suffixes are trimmed: a day number starts with a digit.
    if !word.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let digits = word
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    (digits.len() <= 2 && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

fn is_dash(word: &str) -> bool {
    matches!(word, "–" | "—" | "-")
}

fn month_at(words: &[&str], i: usize) -> Option<u8> {
    let word = words.get(i)?;
    if !is_cap(word) {
        return None;
    }
    let month = month_from_name(word)?;
    // A bare abbreviation ("Jan", "Aug") only with a day or year after it: alone it is a
    // name ("Jan Kowalski") more often than a month.
    let bare_abbreviation = !word.ends_with('.')
        && !word.eq_ignore_ascii_case(crate::date::month_name(month))
        && *word != "May";
    if bare_abbreviation
        && !words
            .get(i + 1)
            .is_some_and(|n| parse_day_number(n).is_some() || parse_year(n).is_some())
    {
        return None;
    }
    // "May" and "March" are also words; accept them only in a date context.
    if matches!(*word, "May" | "March") {
        let prev = i
            .checked_sub(1)
            .and_then(|p| words.get(p))
            .map(|w| w.to_lowercase());
        let next = words.get(i + 1);
        let dated = next.is_some_and(|n| parse_day_number(n).is_some() || parse_year(n).is_some())
            || prev.as_deref().is_some_and(|p| {
                matches!(
                    p,
                    "in" | "since"
                        | "by"
                        | "until"
                        | "early"
                        | "late"
                        | "mid"
                        | "last"
                        | "next"
                        | "this"
                        | "of"
                        | "through"
                )
            });
        if !dated {
            return None;
        }
    }
    Some(month)
}

fn match_at(
    words: &[&str],
    lower: &[String],
    tokens: &[Token],
    i: usize,
    context: Context,
) -> Option<(usize, TimeValue)> {
    let word = words[i];
    let low = lower[i].as_str();
    let next_low = |k: usize| lower.get(i + k).map(String::as_str);

    // ISO date written in the text.
    if tokens[i].kind == TokenKind::Number {
        if let Some(date) = Date::parse_iso(word).filter(|_| word.len() == 10) {
            return Some((i + 1, absolute_day(date, None)));
        }
        // Decades: "1980s".
        if let Some(decade) = word
            .strip_suffix('s')
            .and_then(parse_year)
            .filter(|y| y % 10 == 0)
        {
            let start = Date::new(decade, 1, 1)?;
            let value = TimeValue {
                kind: TimexKind::Date,
                value: format!("{}X", decade / 10),
                date: None,
                granularity: Granularity::Decade,
                anchor: Anchor::Absolute,
                order: start.to_days() as f64,
                direction: context.direction,
                modifier: None,
            };
            return Some((i + 1, value));
        }
    }

    // Part-of-period modifiers: "early 2022", "late last year", "mid-2024".
    if let Some(stripped) = low.strip_prefix("mid-") {
        if let Some(year) = parse_year(stripped) {
            return Some((i + 1, absolute_year(year, Some("MID"), context)));
        }
    }
    // "mid-November", "late-March": a month's part written as one word.
    if let Some((part, month_name)) = word.split_once('-') {
        let modifier = match part.to_lowercase().as_str() {
            "mid" => Some("MID"),
            "early" => Some("START"),
            "late" => Some("END"),
            _ => None,
        };
        if let (Some(modifier), Some(month)) = (modifier, month_from_name(month_name)) {
            if is_cap(month_name) {
                let (end, value) = match words.get(i + 1).and_then(|w| parse_year(w)) {
                    Some(year) => (i + 2, month_of_year(year, month, context)?),
                    None => (i + 1, month_without_year(month, context)),
                };
                return Some((end, with_modifier(value, modifier)));
            }
        }
    }
    if matches!(low, "early" | "late" | "mid") {
        let modifier = match low {
            "early" => "START",
            "late" => "END",
            _ => "MID",
        };
        if let Some(year) = words.get(i + 1).and_then(|w| parse_year(w)) {
            return Some((i + 2, absolute_year(year, Some(modifier), context)));
        }
        if let Some(month) = month_at(words, i + 1) {
            let (end, value) = month_expression(words, i + 1, month, context)?;
            return Some((end, with_modifier(value, modifier)));
        }
        if let Some((end, value)) = relative_period(lower, i + 1, context, None) {
            return Some((end, with_modifier(value, modifier)));
        }
    }

    // "the end of the year", "the start of next month" (with or without "the").
    let part_at = if low == "the" { i + 1 } else { i };
    let part = lower.get(part_at).map(String::as_str).unwrap_or("");
    if matches!(part, "end" | "start" | "beginning" | "middle")
        && lower.get(part_at + 1).map(String::as_str) == Some("of")
    {
        let modifier = match part {
            "end" => "END",
            "middle" => "MID",
            _ => "START",
        };
        let mut k = part_at + 2;
        if lower.get(k).map(String::as_str) == Some("the") {
            k += 1;
        }
        let unit = lower.get(k).map(String::as_str);
        if matches!(unit, Some("year" | "month" | "week" | "decade")) {
            let (end, value) = relative_period(lower, k, context, Some("this"))?;
            return Some((end, with_modifier(value, modifier)));
        }
        if let Some((end, value)) = relative_period(lower, k, context, None) {
            return Some((end, with_modifier(value, modifier)));
        }
        if let Some(year) = words.get(k).and_then(|w| parse_year(w)) {
            return Some((k + 1, absolute_year(year, Some(modifier), context)));
        }
    }

    // Quarters and halves of a year: "the third quarter of 1984", "third-quarter",
    // "this year's first quarter", "Q3 2024", "the first half of 2025".
    if let Some(found) = year_part(words, lower, i, context) {
        return Some(found);
    }
    if let Some(found) = reported_quarter(lower, i, context) {
        return Some(found);
    }

    // Holidays: "Christmas Eve", "Thanksgiving Day", "last Easter", "New Year's Day 2027".
    if let Some(found) = holiday(words, lower, i, context) {
        return Some(found);
    }

    // "last April", "next January", "this September": the month's occurrence before or
    // after the publication month, or in the publication year.
    if matches!(low, "last" | "next" | "this" | "past" | "coming") {
        if let Some(month) = month_at(words, i + 1) {
            let dated = words
                .get(i + 2)
                .is_some_and(|w| parse_day_number(w).is_some() || parse_year(w).is_some());
            if !dated {
                return Some((i + 2, named_month(month, low, context)));
            }
        }
    }

    // Month-led dates.
    if let Some(month) = month_at(words, i) {
        return month_expression(words, i, month, context);
    }
    // Day-led dates: "20 December 2025", "6 December".
    if let Some(day) = parse_day_number(word) {
        if let Some(month) = month_at(words, i + 1) {
            let year = words.get(i + 2).and_then(|w| parse_year(w));
            let end = if year.is_some() { i + 3 } else { i + 2 };
            return Some((end, day_of_month(year, month, day, None, context)));
        }
    }

    // Weekdays, optionally with last/next/this and a part of day. "Monday, Oct. 26" is
    // the date it names.
    if let Some(weekday) = weekday_from_name(word).filter(|_| is_cap(word)) {
        let dated_at = if words.get(i + 1) == Some(&",") {
            i + 2
        } else {
            i + 1
        };
        if let Some(month) = month_at(words, dated_at) {
            if words
                .get(dated_at + 1)
                .and_then(|w| parse_day_number(w))
                .is_some()
            {
                return month_expression(words, dated_at, month, context);
            }
        }
        weekday_word(word)?;
        // A part of the day joins the expression but not its value: on TBAQ-cleaned,
        // writing it ("2000-01-05TNI", as TimeML would) scores 3 fewer values than the day
        // alone, because AQUAINT annotates "Wednesday night" mostly as the day.
        let part = next_low(1).and_then(part_of_day);
        let end = if part.is_some() { i + 2 } else { i + 1 };
        let value = weekday_value(weekday, None, context);
        return Some((
            end,
            match part {
                Some(code) if code != "NI" => with_part_of_day(value, code),
                _ => value,
            },
        ));
    }
    if matches!(low, "last" | "next" | "this" | "past" | "coming") {
        if let Some(weekday) = words.get(i + 1).and_then(|w| weekday_word(w)) {
            return Some((i + 2, weekday_value(weekday, Some(low), context)));
        }
    }

    // today / yesterday / tomorrow / tonight (the day, as the tuning set annotates them,
    // not the part of it).
    let day_offset = match low {
        "today" | "tonight" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let Some(offset) = day_offset {
        return Some((i + 1, relative_day(offset, context)));
    }
    // "this morning", "last night": the part of the day on its day (TBAQ-cleaned marks
    // these with the part far more often than a named weekday's "Wednesday night").
    let day_part = match (low, next_low(1)) {
        ("this", Some(part @ ("morning" | "afternoon" | "evening"))) => Some((0, part)),
        ("last", Some("night")) => Some((-1, "night")),
        _ => None,
    };
    if let Some((offset, part)) = day_part {
        let code = part_of_day(part).expect("a part of the day");
        return Some((i + 2, with_part_of_day(relative_day(offset, context), code)));
    }

    // Clock times: "9 a.m.", "4 a.m. EDT Thursday", "10:30 p.m. local time".
    if let Some(found) = clock_time(words, lower, i, context) {
        return Some(found);
    }

    // "earlier this week", "later this month", "this weekend", "last year".
    if matches!(low, "earlier" | "later") {
        if let Some((end, mut value)) = relative_period(lower, i + 1, context, None) {
            if value.anchor == Anchor::Unresolved {
                value.order += if low == "earlier" { -1.0 } else { 1.0 };
            }
            return Some((end, value));
        }
    }
    if let Some(found) = relative_period(lower, i, context, None) {
        return Some(found);
    }
    // "over the weekend": the weekend before publication in a past-tense sentence (the
    // same week's when published on it), else the coming one.
    if low == "the" && next_low(1) == Some("weekend") {
        let which = match (context.direction, context.published.map(Date::weekday)) {
            (Direction::Future, Some(6)) => "next",
            (Direction::Future, _) | (_, Some(5 | 6)) => "this",
            _ => "last",
        };
        return relative_period(lower, i + 1, context, Some(which));
    }

    // "the year-earlier quarter", "year-ago results".
    if matches!(low, "year-earlier" | "year-ago") {
        return Some((i + 1, ago(1.0, "year", context)));
    }
    // "three days ago", "two years ago", "nearly four years ago".
    let qualified = duration_qualifier(low, next_low(1)).map_or(0, |(_, skip)| skip);
    if let Some((amount, length)) = amount_at(words, tokens, i + qualified) {
        let unit_at = i + qualified + length;
        if let Some(unit) = lower.get(unit_at).and_then(|w| time_unit(w)) {
            let after = lower.get(unit_at + 1).map(String::as_str);
            // "a year earlier" is a point too, but only for a year: "two days earlier" is
            // told from a moment the text set, not from publication.
            let year_earlier = amount == 1.0 && unit == "year" && after == Some("earlier");
            if after == Some("ago") || year_earlier {
                return Some((unit_at + 2, ago(amount, unit, context)));
            }
        }
    }

    // The second year of a range: "2009-2010", "1957-58" (the tokenizer splits them).
    let after_year_dash = i >= 2 && is_dash(words[i - 1]) && parse_year(words[i - 2]).is_some();
    if after_year_dash && word.len() == 2 && word.chars().all(|c| c.is_ascii_digit()) {
        let first = parse_year(words[i - 2]).expect("checked");
        let year = first / 100 * 100 + word.parse::<i32>().unwrap_or(0);
        if year > first {
            return Some((i + 1, absolute_year(year, None, context)));
        }
    }
    // Bare years with a cue before them: "in 2026", "since 2014", "the 2024 election".
    if let Some(year) = parse_year(word) {
        let prev = i.checked_sub(1).map(|p| lower[p].as_str());
        // A range's years are years whatever follows: "the 2009-2010 season".
        let in_range = after_year_dash
            || words.get(i + 1).is_some_and(|n| is_dash(n))
                && words.get(i + 2).is_some_and(|n| {
                    parse_year(n).is_some() || n.len() == 2 && n.chars().all(|c| c.is_ascii_digit())
                });
        // Without a cue, a year not followed by what it would count: "2000 people",
        // "1990 of them", "2000 percent"; "1996 was …" and "1996, when …" are years.
        let counts = next_low(1).is_some_and(|n| {
            matches!(n, "%" | "-" | "–")
                || n.chars().all(|c| c.is_ascii_lowercase())
                    && !matches!(
                        n,
                        "was" | "is" | "had" | "has" | "saw" | "and" | "or" | "but" | "when"
                    )
        }) && words.get(i + 1).is_some_and(|n| !is_cap(n));
        if prev.is_some_and(|p| YEAR_CUES.contains(&p)) || i == 0 || !counts || in_range {
            return Some((i + 1, absolute_year(year, None, context)));
        }
    }

    // Durations: "four years", "nearly four years", "five-hour", "months-long".
    if let Some(found) = duration_at(words, lower, tokens, i) {
        return Some(found);
    }
    // Durations of unstated length: "several days", "recent weeks", "the next few
    // months", "for years".
    if let Some(found) = vague_duration(lower, i) {
        return Some(found);
    }

    // "the 20th century".
    if let (Some(ordinal), Some("century")) = (parse_ordinal(word), next_low(1)) {
        if (1..=30).contains(&ordinal) {
            let start_year = (i32::from(ordinal) - 1) * 100;
            let value = TimeValue {
                kind: TimexKind::Date,
                value: format!("{:02}", ordinal - 1),
                date: None,
                granularity: Granularity::Decade,
                anchor: Anchor::Absolute,
                order: Date::new(start_year.max(1), 1, 1).map_or(0.0, |d| d.to_days() as f64),
                direction: context.direction,
                modifier: None,
            };
            return Some((i + 2, value));
        }
    }

    // The present and the past as such: "now", "currently", "at the time".
    let reference = match (low, next_low(1), next_low(2)) {
        ("now" | "currently" | "nowadays" | "current", _, _) => {
            Some(("PRESENT_REF", 1, Direction::Present))
        }
        // Not "previously": TBAQ-cleaned marks it 3 times in 23.
        ("recently", _, _) => Some(("PAST_REF", 1, Direction::Past)),
        ("at", Some("present"), _) => Some(("PRESENT_REF", 2, Direction::Present)),
        // "the past" on its own, not "the past three months".
        ("the", Some("past"), next)
            if next.is_none_or(|n| {
                !n.chars().any(char::is_alphanumeric)
                    || matches!(
                        n,
                        "and"
                            | "or"
                            | "but"
                            | "of"
                            | "in"
                            | "to"
                            | "as"
                            | "is"
                            | "was"
                            | "that"
                            | "it"
                            | "he"
                            | "she"
                            | "they"
                            | "we"
                            | "there"
                    )
            }) =>
        {
            Some(("PAST_REF", 2, Direction::Past))
        }
        ("the", Some("future"), _) => Some(("FUTURE_REF", 2, Direction::Future)),
        ("the", Some("near"), Some("future" | "term")) | ("the", Some("short"), Some("term")) => {
            Some(("FUTURE_REF", 3, Direction::Future))
        }
        ("these", Some("days"), _) => Some(("PRESENT_REF", 2, Direction::Present)),
        _ => None,
    };
    if let Some((value, length, direction)) = reference {
        // Not a calendar date: timelines do not place "now".
        let value = TimeValue {
            kind: TimexKind::Date,
            value: value.to_string(),
            date: None,
            granularity: Granularity::Day,
            anchor: Anchor::Unresolved,
            order: 0.0,
            direction,
            modifier: None,
        };
        return Some((i + length, value));
    }

    // Sets: "every week", "daily".
    if low == "every" || low == "each" {
        if let Some(unit) = lower.get(i + 1).and_then(|w| time_unit(w)) {
            return Some((i + 2, set_value(&format!("P1{}", unit_code(unit)))));
        }
    }
    if matches!(low, "daily" | "weekly" | "monthly" | "annually" | "yearly") {
        let code = match low {
            "daily" => "P1D",
            "weekly" => "P1W",
            "monthly" => "P1M",
            _ => "P1Y",
        };
        return Some((i + 1, set_value(code)));
    }
    None
}

/// The quarter or half an ordinal names: ("Q", 3) for "third quarter", ("H", 1) for
/// "first half"; `word` may carry the unit ("third-quarter").
fn year_part_name(word: &str, next: Option<&str>) -> Option<(&'static str, u8, usize)> {
    let (ordinal, unit, length) = match word.split_once('-') {
        Some((ordinal, unit)) => (ordinal, unit, 1),
        None => (word, next?, 2),
    };
    let number = match ordinal {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "last" => 0,
        _ => return None,
    };
    match unit {
        "quarter" if number > 0 => Some(("Q", number, length)),
        "half" if number <= 2 => Some(("H", if number == 0 { 2 } else { number }, length)),
        _ => None,
    }
}

/// Holidays whose date a year fixes, by their names as written (lower case, "'s"
/// written "s").
const HOLIDAYS: &[&str] = &[
    "christmas eve",
    "christmas day",
    "christmas",
    "boxing day",
    "new years eve",
    "new years day",
    "halloween",
    "valentines day",
    "thanksgiving day",
    "thanksgiving",
    "easter sunday",
    "easter monday",
    "good friday",
    "easter",
    "labor day",
    "memorial day",
];

/// The first words of [`HOLIDAYS`], so that most capitalised words are turned away
/// without looking at the names.
const HOLIDAY_OPENERS: &[&str] = &[
    "christmas",
    "boxing",
    "new",
    "halloween",
    "valentines",
    "thanksgiving",
    "easter",
    "good",
    "labor",
    "memorial",
];

/// The day a holiday falls on in a year.
fn holiday_date(name: &str, year: i32) -> Option<Date> {
    let nth_weekday = |month: u8, weekday: u8, nth: i64| {
        let first = Date::new(year, month, 1)?;
        let offset = i64::from((weekday + 7 - first.weekday()) % 7);
        Some(first.add_days(offset + 7 * (nth - 1)))
    };
    match name {
        "christmas eve" => Date::new(year, 12, 24),
        "christmas day" | "christmas" => Date::new(year, 12, 25),
        "boxing day" => Date::new(year, 12, 26),
        "new years eve" => Date::new(year, 12, 31),
        "new years day" => Date::new(year, 1, 1),
        "halloween" => Date::new(year, 10, 31),
        "valentines day" => Date::new(year, 2, 14),
        // The fourth Thursday of November (the United States' holiday).
        "thanksgiving day" | "thanksgiving" => nth_weekday(11, 3, 4),
        "labor day" => nth_weekday(9, 0, 1),
        // The last Monday of May.
        "memorial day" => nth_weekday(6, 0, 1).map(|d| d.add_days(-7)),
        // The Tuesday after the first Monday of November (the United States' election).
        "election day" => nth_weekday(11, 0, 1).map(|d| d.add_days(1)),
        "easter sunday" | "easter" => easter_sunday(year),
        "easter monday" => easter_sunday(year).map(|d| d.add_days(1)),
        "good friday" => easter_sunday(year).map(|d| d.add_days(-2)),
        _ => None,
    }
}

/// Easter Sunday of the Gregorian calendar (the anonymous algorithm in Meeus's form).
fn easter_sunday(year: i32) -> Option<Date> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
}

/// A holiday's name at token `i`, with "last", "next" or "this" before it and a year
/// after it: the holiday in that year, or the occurrence nearest to publication in the
/// sentence's direction (at most `DAY_MARGIN` days on the wrong side, as for "Feb. 10").
fn holiday(
    words: &[&str],
    lower: &[String],
    i: usize,
    context: Context,
) -> Option<(usize, TimeValue)> {
    let which = lower[i].as_str();
    let start = if matches!(which, "last" | "next" | "this") {
        i + 1
    } else {
        i
    };
    if !words.get(start).copied().is_some_and(is_cap) {
        return None;
    }
    // Most capitalised words open no holiday's name: skip them before building any text
    // ("Valentine's" opens "valentines day").
    let opener = lower[start].as_str();
    let stem = opener.trim_end_matches(['s', '\'', '’']);
    let opens =
        |first: &&str| *first == opener || first.strip_prefix(stem).is_some_and(|rest| rest == "s");
    if !HOLIDAY_OPENERS.iter().any(opens) {
        return None;
    }
    // The longest name from `start`: "New Year's Day" before "New Year's".
    let (name, mut end) = (1..=4).rev().find_map(|length| {
        let tokens = lower.get(start..start + length)?;
        let joined = tokens
            .join(" ")
            .replace(" ’s", "s")
            .replace(" 's", "s")
            .replace(['’', '\''], "");
        HOLIDAYS
            .iter()
            .find(|name| **name == joined)
            .map(|name| (*name, start + length))
    })?;
    let written_year = words.get(end).and_then(|w| parse_year(w));
    if written_year.is_some() {
        end += 1;
    }
    let (date, anchor) = match (written_year, context.published) {
        (Some(year), _) => (holiday_date(name, year)?, Anchor::Absolute),
        (None, Some(published)) => {
            let this_year = holiday_date(name, published.year)?;
            let before = holiday_date(name, published.year - 1)?;
            let after = holiday_date(name, published.year + 1)?;
            let date = match (which, context.direction) {
                ("last", _) if this_year < published => this_year,
                ("last", _) => before,
                ("next", _) if this_year > published => this_year,
                ("next", _) => after,
                (_, Direction::Future) if this_year < published.add_days(-DAY_MARGIN) => after,
                (_, Direction::Past | Direction::Present)
                    if this_year > published.add_days(DAY_MARGIN) =>
                {
                    before
                }
                _ => this_year,
            };
            (date, Anchor::Resolved)
        }
        (None, None) => {
            // Without a publication date only a holiday on a fixed day has a value.
            let (a, b) = (holiday_date(name, 2001)?, holiday_date(name, 2002)?);
            if (a.month, a.day) != (b.month, b.day) {
                return None;
            }
            return Some((end, day_of_month(None, a.month, a.day, None, context)));
        }
    };
    let mut value = absolute_day(date, None);
    value.anchor = anchor;
    value.direction = context.direction;
    Some((end, value))
}

fn year_part(
    words: &[&str],
    lower: &[String],
    i: usize,
    context: Context,
) -> Option<(usize, TimeValue)> {
    let at = |k: usize| lower.get(k).map(String::as_str);
    let mut k = i;
    if at(k) == Some("the") {
        k += 1;
    }
    // "Q3", "Q3 2024".
    let written = words[k]
        .strip_prefix('Q')
        .and_then(|n| n.parse::<u8>().ok());
    // "this year's", "last year's", "next year's", "the 1988": the year before the part.
    let mut year: Option<i32> = None;
    let mut year_given = false;
    let mut relative_year = false;
    if written.is_none() {
        if let Some(explicit) = words.get(k).and_then(|w| parse_year(w)) {
            if at(k + 1)
                .and_then(|w| year_part_name(w, at(k + 2)))
                .is_some()
            {
                year = Some(explicit);
                year_given = true;
                k += 1;
            }
        } else if matches!(at(k), Some("this" | "last" | "next"))
            && at(k + 1) == Some("year")
            && matches!(at(k + 2), Some("’s" | "'s"))
        {
            let published = context.published?;
            year = Some(match at(k) {
                Some("last") => published.year - 1,
                Some("next") => published.year + 1,
                _ => published.year,
            });
            year_given = true;
            relative_year = true;
            k += 3;
        }
    }
    let (code, number, mut end) = match written {
        Some(n) if (1..=4).contains(&n) => ("Q", n, k + 1),
        Some(_) => return None,
        None => {
            let (code, number, length) = year_part_name(at(k)?, at(k + 1))?;
            (code, number, k + length)
        }
    };
    // "… of 1984", "Q3 2024".
    if !year_given {
        if at(end) == Some("of") {
            if let Some(explicit) = words.get(end + 1).and_then(|w| parse_year(w)) {
                year = Some(explicit);
                end += 2;
            }
        } else if written.is_some() {
            if let Some(explicit) = words.get(end).and_then(|w| parse_year(w)) {
                year = Some(explicit);
                end += 1;
            }
        }
    }
    // A half is only a date with its year; "the first half" of a match is not.
    if code == "H" && year.is_none() {
        return None;
    }
    let months_per_part = if code == "Q" { 3 } else { 6 };
    let anchor = if year.is_some() && !relative_year {
        Anchor::Absolute
    } else {
        Anchor::Resolved
    };
    let year = match year {
        Some(year) => year,
        None => {
            // The part of the publication year, or of the year before when a past-tense
            // sentence names a part still to come (and the reverse).
            let published = context.published?;
            let current = (published.month - 1) / months_per_part + 1;
            match context.direction {
                Direction::Past if number > current => published.year - 1,
                Direction::Future if number < current => published.year + 1,
                _ => published.year,
            }
        }
    };
    Some((
        end,
        year_part_value(year, code, number, anchor, context.direction),
    ))
}

/// A quarter ("Q") or half ("H") of a year as a value: "1989-Q3", "2025-H1".
fn year_part_value(
    year: i32,
    code: &str,
    number: u8,
    anchor: Anchor,
    direction: Direction,
) -> TimeValue {
    let months_per_part = if code == "Q" { 3 } else { 6 };
    let first_month = (number - 1) * months_per_part + 1;
    TimeValue {
        kind: TimexKind::Date,
        value: format!("{year:04}-{code}{number}"),
        date: Some(format!("{year:04}")),
        granularity: Granularity::Season,
        anchor,
        order: Date::new(year, first_month, 1).map_or(0.0, |d| d.to_days() as f64),
        direction,
        modifier: None,
    }
}

/// "the quarter", "the latest quarter", "that quarter", "the latest period": in an
/// earnings report, the quarter the text last named, or else the last one completed before
/// publication. ("the latest period" only once a quarter was named: alone it is anything.)
fn reported_quarter(lower: &[String], i: usize, context: Context) -> Option<(usize, TimeValue)> {
    let at = |k: usize| lower.get(k).map(String::as_str);
    if !matches!(at(i), Some("the" | "that")) {
        return None;
    }
    // "the year-ago quarter", "the comparable year-earlier period", "the 1988 quarter":
    // the quarter the text last named, in that year.
    let mut k = i + 1;
    if matches!(at(k), Some("comparable" | "corresponding" | "same")) {
        k += 1;
    }
    if let (Some((named_year, quarter)), Some(word)) = (context.quarter, at(k)) {
        let year = match word {
            "year-ago" | "year-earlier" => Some(named_year - 1),
            _ => parse_year(word),
        };
        if let (Some(year), Some("quarter" | "period")) = (year, at(k + 1)) {
            return Some((k + 2, quarter_value(year, quarter, Direction::Past)));
        }
    }
    let latest = matches!(at(i + 1), Some("latest" | "recent"));
    let unit_at = if latest { i + 2 } else { i + 1 };
    let unit = at(unit_at)?;
    let period = unit == "period" && latest && context.quarter.is_some();
    // "the quarter of a century", "the quarter-final", "the quarter's results" are kept:
    // only "of" and a following noun-like hyphen turn the word into something else.
    if !(unit == "quarter" || period) || matches!(at(unit_at + 1), Some("of" | "-")) {
        return None;
    }
    let (year, quarter) = match context.quarter {
        Some(named) => named,
        None => {
            let published = context.published?;
            let current = (published.month - 1) / 3 + 1;
            if current == 1 {
                (published.year - 1, 4)
            } else {
                (published.year, current - 1)
            }
        }
    };
    Some((unit_at + 1, quarter_value(year, quarter, Direction::Past)))
}

/// A quarter told from another one ("a year earlier" after "the third quarter").
fn quarter_value(year: i32, quarter: u8, direction: Direction) -> TimeValue {
    year_part_value(year, "Q", quarter, Anchor::Resolved, direction)
}

/// The TIMEX3 code of a part of the day.
fn part_of_day(word: &str) -> Option<&'static str> {
    match word {
        "morning" => Some("MO"),
        "afternoon" => Some("AF"),
        "evening" => Some("EV"),
        "night" | "overnight" => Some("NI"),
        _ => None,
    }
}

/// A day's value narrowed to a part of it ("2000-01-05TNI"); a day that is not a
/// calendar date stays as it is.
fn with_part_of_day(mut value: TimeValue, code: &str) -> TimeValue {
    if value.value.len() == 10 || value.value.starts_with("XXXX-WXX-") {
        value.value.push('T');
        value.value.push_str(code);
        value.kind = TimexKind::Time;
    }
    value
}

/// "9 a.m.", "10:30 p.m.", "4 a.m. EDT Thursday", "noon": a clock time on the day that
/// follows it (a weekday, today, tomorrow, yesterday) or else on the publication day.
fn clock_time(
    words: &[&str],
    lower: &[String],
    i: usize,
    context: Context,
) -> Option<(usize, TimeValue)> {
    let word = lower[i].as_str();
    let (hour, minute, mut end) = match word {
        // "noon Thursday", "at midnight": named hours, with a day after them or a
        // preposition before ("noon" alone is too often "high noon" or a name).
        "noon" | "midnight" | "midday" => {
            let day_follows = lower.get(i + 1).is_some_and(|w| {
                weekday_from_name(w).is_some()
                    || matches!(w.as_str(), "today" | "tomorrow" | "yesterday")
            });
            let cued = i > 0 && matches!(lower[i - 1].as_str(), "at" | "by" | "until" | "before");
            if !day_follows && !cued {
                return None;
            }
            // TimeML writes midnight as hour 24 of the day it ends.
            (if word == "midnight" { 24 } else { 12 }, 0, i + 1)
        }
        _ => {
            let (hour, minute) = match word.split_once(':') {
                Some((h, m)) => (h.parse::<u8>().ok()?, m.parse::<u8>().ok()?),
                None => (word.parse::<u8>().ok()?, 0),
            };
            let meridiem = lower.get(i + 1).map(String::as_str)?;
            let afternoon = match meridiem {
                "a.m." | "a.m" | "am" => false,
                "p.m." | "p.m" | "pm" => true,
                _ => return None,
            };
            if !(1..=12).contains(&hour) || minute > 59 {
                return None;
            }
            let hour = match (hour, afternoon) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            (hour, minute, i + 2)
        }
    };
    let zone = |w: Option<&String>| {
        w.is_some_and(|w| {
            matches!(
                w.as_str(),
                "edt" | "est" | "cdt" | "cst" | "pdt" | "pst" | "gmt" | "bst" | "utc" | "et"
            )
        })
    };
    if zone(lower.get(end)) {
        end += 1;
    }
    if lower.get(end).map(String::as_str) == Some("local")
        && lower.get(end + 1).map(String::as_str) == Some("time")
    {
        end += 2;
    }
    // The day: a following weekday or relative day, else the publication day.
    let day = match words.get(end) {
        Some(w) if weekday_word(w).is_some() => {
            let weekday = weekday_word(w).expect("checked");
            end += 1;
            Some(weekday_value(weekday, None, context))
        }
        _ => match lower.get(end).map(String::as_str) {
            Some("today") => {
                end += 1;
                Some(relative_day(0, context))
            }
            Some("tomorrow") => {
                end += 1;
                Some(relative_day(1, context))
            }
            Some("yesterday") => {
                end += 1;
                Some(relative_day(-1, context))
            }
            _ => None,
        },
    };
    let mut value = day.unwrap_or_else(|| relative_day(0, context));
    let clock = if hour == 24 {
        "T24".to_string()
    } else {
        format!("T{hour:02}:{minute:02}")
    };
    if value.value.len() == 10 || value.value.starts_with("XXXX-WXX-") {
        value.value.push_str(&clock);
    } else if value.date.is_none() {
        value.value = format!("XXXX-XX-XX{clock}");
    }
    value.kind = TimexKind::Time;
    Some((end, value))
}

/// "June 2024", "Dec. 6", "Oct. 24–26", "December 20, 2025", "January".
fn month_expression(
    words: &[&str],
    i: usize,
    month: u8,
    context: Context,
) -> Option<(usize, TimeValue)> {
    let next = words.get(i + 1).copied();
    if let Some(day) = next.and_then(parse_day_number) {
        let mut end = i + 2;
        let mut last_day = None;
        if words.get(end).is_some_and(|w| is_dash(w)) {
            if let Some(d) = words.get(end + 1).and_then(|w| parse_day_number(w)) {
                last_day = Some(d);
                end += 2;
            }
        }
        let mut year = None;
        let mut year_at = end;
        if words.get(year_at) == Some(&",") {
            year_at += 1;
        }
        if let Some(y) = words.get(year_at).and_then(|w| parse_year(w)) {
            year = Some(y);
            end = year_at + 1;
        }
        return Some((end, day_of_month(year, month, day, last_day, context)));
    }
    if let Some(year) = next.and_then(parse_year) {
        return Some((i + 2, month_of_year(year, month, context)?));
    }
    Some((i + 1, month_without_year(month, context)))
}

/// A month of a written year: "June 2024".
fn month_of_year(year: i32, month: u8, context: Context) -> Option<TimeValue> {
    let date = Date::new(year, month, 1)?;
    Some(TimeValue {
        kind: TimexKind::Date,
        value: format!("{year:04}-{month:02}"),
        date: Some(format!("{year:04}-{month:02}")),
        granularity: Granularity::Month,
        anchor: Anchor::Absolute,
        order: date.to_days() as f64,
        direction: context.direction,
        modifier: None,
    })
}

/// Sets a part-of-period modifier and moves the order key into that part of the period:
/// "the end of the year" sorts in late autumn, not on January 1st.
fn with_modifier(mut value: TimeValue, modifier: &str) -> TimeValue {
    let days = match value.granularity {
        Granularity::Year | Granularity::Season => 365.0,
        Granularity::Decade => 3650.0,
        Granularity::Month => 30.0,
        Granularity::Week => 7.0,
        Granularity::Day => 1.0,
    };
    let fraction = match modifier {
        "START" => 0.15,
        "MID" => 0.5,
        "END" => 0.85,
        _ => 0.0,
    };
    value.order += days * fraction;
    value.modifier = Some(modifier.to_string());
    value
}

fn absolute_day(date: Date, modifier: Option<&str>) -> TimeValue {
    TimeValue {
        kind: TimexKind::Date,
        value: date.iso(),
        date: Some(date.iso()),
        granularity: Granularity::Day,
        anchor: Anchor::Absolute,
        order: date.to_days() as f64,
        direction: Direction::Past,
        modifier: modifier.map(str::to_string),
    }
}

fn absolute_year(year: i32, modifier: Option<&str>, context: Context) -> TimeValue {
    let value = TimeValue {
        kind: TimexKind::Date,
        value: format!("{year:04}"),
        date: Some(format!("{year:04}")),
        granularity: Granularity::Year,
        anchor: Anchor::Absolute,
        order: Date::new(year, 1, 1).map_or(0.0, |d| d.to_days() as f64),
        direction: context.direction,
        modifier: None,
    };
    match modifier {
        Some(modifier) => with_modifier(value, modifier),
        None => value,
    }
}

/// A day of a month; the year is written, or taken from the publication date (the
/// occurrence nearest to it in the sentence's direction), or left unknown.
fn day_of_month(
    year: Option<i32>,
    month: u8,
    day: u8,
    last_day: Option<u8>,
    context: Context,
) -> TimeValue {
    let (year, anchor) = match (year, context.published) {
        (Some(y), _) => (Some(y), Anchor::Absolute),
        (None, Some(published)) => (
            Some(nearest_year(published, month, day, context.direction)),
            Anchor::Resolved,
        ),
        (None, None) => (None, Anchor::Unresolved),
    };
    let valid = |y: i32| day <= days_in_month(y, month);
    match year.filter(|y| valid(*y)) {
        Some(y) => {
            let date = Date::new(y, month, day).expect("validated above");
            let mut value = absolute_day(date, None);
            value.anchor = anchor;
            value.direction = context.direction;
            if let Some(last) = last_day.filter(|l| *l > day && *l <= days_in_month(y, month)) {
                // A range: the expression covers several days; we anchor on the first.
                value.modifier = Some(format!("RANGE_TO_{last:02}"));
            }
            value
        }
        None => TimeValue {
            kind: TimexKind::Date,
            value: format!("XXXX-{month:02}-{day:02}"),
            date: None,
            granularity: Granularity::Day,
            anchor: Anchor::Unresolved,
            order: unresolved_month_order(context.direction),
            direction: context.direction,
            modifier: last_day.map(|l| format!("RANGE_TO_{l:02}")),
        },
    }
}

/// A day named without a year ("Feb. 10") is in the publication year unless it lies more
/// than this many days on the wrong side of publication for the sentence's tense (chosen
/// on TBAQ-cleaned: 30 days put a date five weeks ahead in the year before).
const DAY_MARGIN: i64 = 60;

fn nearest_year(published: Date, month: u8, day: u8, direction: Direction) -> i32 {
    let this_year = published.year;
    let candidate = Date::new(this_year, month, day.min(days_in_month(this_year, month)));
    match (candidate, direction) {
        (Some(c), Direction::Future) if c < published.add_days(-DAY_MARGIN) => this_year + 1,
        (Some(c), Direction::Past | Direction::Present) if c > published.add_days(DAY_MARGIN) => {
            this_year - 1
        }
        _ => this_year,
    }
}

fn unresolved_month_order(direction: Direction) -> f64 {
    match direction {
        Direction::Future => 45.0,
        _ => -45.0,
    }
}

/// A month named without a year is in the publication year unless it lies more than this
/// many months on the wrong side of publication for the sentence's tense (chosen on
/// TBAQ-cleaned: reporters name the coming months in past-tense sentences too).
const MONTH_MARGIN: u8 = 2;

fn month_without_year(month: u8, context: Context) -> TimeValue {
    match context.published {
        Some(published) => {
            let year = match context.direction {
                Direction::Future if month + MONTH_MARGIN < published.month => published.year + 1,
                Direction::Past | Direction::Present if month > published.month + MONTH_MARGIN => {
                    published.year - 1
                }
                _ => published.year,
            };
            let start = Date::new(year, month, 1).expect("valid month");
            TimeValue {
                kind: TimexKind::Date,
                value: format!("{year:04}-{month:02}"),
                date: Some(format!("{year:04}-{month:02}")),
                granularity: Granularity::Month,
                anchor: Anchor::Resolved,
                order: start.to_days() as f64,
                direction: context.direction,
                modifier: None,
            }
        }
        None => TimeValue {
            kind: TimexKind::Date,
            value: format!("XXXX-{month:02}"),
            date: None,
            granularity: Granularity::Month,
            anchor: Anchor::Unresolved,
            order: unresolved_month_order(context.direction),
            direction: context.direction,
            modifier: None,
        },
    }
}

/// A month named with "last", "next" or "this": the last occurrence before the
/// publication month (April said in October is that year's; said in April, the year
/// before), the next one after it, or the publication year's.
fn named_month(month: u8, which: &str, context: Context) -> TimeValue {
    let Some(published) = context.published else {
        return month_without_year(month, context);
    };
    let (year, direction) = match which {
        "last" | "past" if month < published.month => (published.year, Direction::Past),
        "last" | "past" => (published.year - 1, Direction::Past),
        "next" | "coming" if month > published.month => (published.year, Direction::Future),
        "next" | "coming" => (published.year + 1, Direction::Future),
        _ => (published.year, context.direction),
    };
    let mut value = month_of_year(year, month, context).expect("valid month");
    value.anchor = Anchor::Resolved;
    value.direction = direction;
    value
}

fn weekday_value(weekday: u8, modifier: Option<&str>, context: Context) -> TimeValue {
    let direction = match modifier {
        Some("last" | "past") => Direction::Past,
        Some("next" | "coming") => Direction::Future,
        Some("this") if context.direction == Direction::Future => Direction::Future,
        _ => context.direction,
    };
    let forward = |from: u8, to: u8| i64::from((to + 7 - from) % 7);
    match context.published {
        Some(published) => {
            let today = published.weekday();
            let offset = match (direction, modifier) {
                (Direction::Future, Some("next")) => {
                    let days = forward(today, weekday);
                    if days == 0 {
                        7
                    } else {
                        days
                    }
                }
                (Direction::Future, _) => forward(today, weekday),
                (_, Some("last")) => {
                    let days = forward(weekday, today);
                    -(if days == 0 { 7 } else { days })
                }
                _ => -forward(weekday, today),
            };
            let date = published.add_days(offset);
            let mut value = absolute_day(date, None);
            value.anchor = Anchor::Resolved;
            value.direction = direction;
            value
        }
        None => {
            let base = f64::from(weekday);
            let order = match (direction, modifier) {
                (Direction::Future, Some("next")) => base + 8.0,
                (Direction::Future, _) => base + 1.0,
                (_, Some("last")) => base - 14.0,
                _ => base - 7.0,
            };
            TimeValue {
                kind: TimexKind::Date,
                value: format!("XXXX-WXX-{}", weekday + 1),
                date: None,
                granularity: Granularity::Day,
                anchor: Anchor::Unresolved,
                order,
                direction,
                modifier: None,
            }
        }
    }
}

fn relative_day(offset: i64, context: Context) -> TimeValue {
    let direction = match offset {
        0 => Direction::Present,
        o if o < 0 => Direction::Past,
        _ => Direction::Future,
    };
    match context.published {
        Some(published) => {
            let mut value = absolute_day(published.add_days(offset), None);
            value.anchor = Anchor::Resolved;
            value.direction = direction;
            value
        }
        None => TimeValue {
            kind: TimexKind::Date,
            value: match offset {
                0 => "PRESENT_REF".to_string(),
                o => format!("P{}D{}", o.abs(), if o < 0 { "_BEFORE" } else { "_AFTER" }),
            },
            date: None,
            granularity: Granularity::Day,
            anchor: Anchor::Unresolved,
            order: offset as f64,
            direction,
            modifier: None,
        },
    }
}

/// "this week", "last month", "next year", "this weekend", "the past week".
fn relative_period(
    lower: &[String],
    i: usize,
    context: Context,
    implied: Option<&str>,
) -> Option<(usize, TimeValue)> {
    let (which, unit_at) = match implied {
        Some(which) => (which, i),
        None => {
            let which = lower.get(i)?.as_str();
            // "the current fiscal year", "its latest fiscal year": only with a fiscal year
            // are these words a calendar reference.
            let fiscal_only = matches!(which, "current" | "latest");
            let fiscal_follows = lower.get(i + 1).is_some_and(|w| w == "fiscal")
                && lower.get(i + 2).is_some_and(|w| w == "year");
            let relative = matches!(
                which,
                "this" | "last" | "next" | "past" | "coming" | "previous"
            );
            if !(relative || fiscal_only && fiscal_follows) {
                return None;
            }
            (which, i + 1)
        }
    };
    // "this fiscal year" is told as the calendar year it is mostly in (TimeML does so).
    let unit_at = if lower.get(unit_at).is_some_and(|w| w == "fiscal")
        && lower.get(unit_at + 1).is_some_and(|w| w == "year")
    {
        unit_at + 1
    } else {
        unit_at
    };
    let unit = lower.get(unit_at)?.as_str();
    let step: i32 = match which {
        "last" | "past" | "previous" | "latest" => -1,
        "next" | "coming" => 1,
        _ => 0,
    };
    let direction = match step {
        -1 => Direction::Past,
        1 => Direction::Future,
        _ => context.direction,
    };
    let value = match unit {
        "week" | "weekend" => {
            let weekend = unit == "weekend";
            match context.published {
                Some(published) => {
                    let monday =
                        published.add_days(-i64::from(published.weekday()) + i64::from(step) * 7);
                    let (year, week) = iso_week(monday);
                    let start = if weekend { monday.add_days(5) } else { monday };
                    TimeValue {
                        kind: TimexKind::Date,
                        value: format!("{year:04}-W{week:02}{}", if weekend { "-WE" } else { "" }),
                        date: None,
                        granularity: Granularity::Week,
                        anchor: Anchor::Resolved,
                        order: start.to_days() as f64,
                        direction,
                        modifier: None,
                    }
                }
                None => TimeValue {
                    kind: TimexKind::Date,
                    value: format!("XXXX-WXX{}", if weekend { "-WE" } else { "" }),
                    date: None,
                    granularity: Granularity::Week,
                    anchor: Anchor::Unresolved,
                    order: f64::from(step) * 7.0
                        + match (weekend, direction) {
                            (true, Direction::Future) => 5.5,
                            (true, _) => -1.5,
                            (false, _) => -3.5,
                        },
                    direction,
                    modifier: None,
                },
            }
        }
        "month" => match context.published {
            Some(published) => {
                let start = published.add_months(step);
                TimeValue {
                    kind: TimexKind::Date,
                    value: format!("{:04}-{:02}", start.year, start.month),
                    date: Some(format!("{:04}-{:02}", start.year, start.month)),
                    granularity: Granularity::Month,
                    anchor: Anchor::Resolved,
                    order: start.to_days() as f64,
                    direction,
                    modifier: None,
                }
            }
            None => unresolved(
                "XXXX-XX".to_string(),
                Granularity::Month,
                f64::from(step) * 30.0 - 10.0,
                direction,
            ),
        },
        "year" => match context.published {
            Some(published) => {
                let year = published.year + step;
                let mut value = absolute_year(year, None, context);
                value.anchor = Anchor::Resolved;
                value.direction = direction;
                value
            }
            None => unresolved(
                "XXXX".to_string(),
                Granularity::Year,
                f64::from(step) * 365.0 - 60.0,
                direction,
            ),
        },
        "decade" => unresolved(
            "XXX".to_string(),
            Granularity::Decade,
            f64::from(step) * 3650.0,
            direction,
        ),
        "summer" | "winter" | "spring" | "autumn" | "fall" => {
            let code = match unit {
                "summer" => "SU",
                "winter" => "WI",
                "spring" => "SP",
                _ => "FA",
            };
            match context.published {
                Some(published) => {
                    let year = published.year + step;
                    TimeValue {
                        kind: TimexKind::Date,
                        value: format!("{year:04}-{code}"),
                        date: Some(format!("{year:04}")),
                        granularity: Granularity::Season,
                        anchor: Anchor::Resolved,
                        order: Date::new(year, 1, 1).map_or(0.0, |d| d.to_days() as f64),
                        direction,
                        modifier: None,
                    }
                }
                None => unresolved(
                    format!("XXXX-{code}"),
                    Granularity::Season,
                    f64::from(step) * 365.0,
                    direction,
                ),
            }
        }
        _ => return None,
    };
    Some((unit_at + 1, value))
}

fn unresolved(
    value: String,
    granularity: Granularity,
    order: f64,
    direction: Direction,
) -> TimeValue {
    TimeValue {
        kind: TimexKind::Date,
        value,
        date: None,
        granularity,
        anchor: Anchor::Unresolved,
        order,
        direction,
        modifier: None,
    }
}

/// ISO 8601 week-numbering year and week of a date.
pub fn iso_week(date: Date) -> (i32, u8) {
    let thursday = date.add_days(3 - i64::from(date.weekday()));
    let first = Date::new(thursday.year, 1, 1).expect("January 1st exists");
    let week = (thursday.to_days() - first.to_days()) / 7 + 1;
    (thursday.year, week as u8)
}

/// The number at token `i` and how many tokens it takes: "24", "four", "twenty-four",
/// "twenty four".
fn amount_at(words: &[&str], tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let word = words.get(i)?;
    if tokens[i].kind == TokenKind::Number {
        return Some((word.replace(',', "").parse().ok()?, 1));
    }
    let is_tens = |value: f64| (20.0..100.0).contains(&value) && value % 10.0 == 0.0;
    let is_digit = |value: f64| (1.0..10.0).contains(&value);
    if let Some((tens, ones)) = word.split_once('-') {
        let (tens, ones) = (number_word(tens)?, number_word(ones)?);
        // "a" and "an" read as one: "twenty-a" is not a number.
        let spelled = !matches!(word.rsplit('-').next(), Some("a" | "an"));
        return (is_tens(tens) && is_digit(ones) && spelled).then_some((tens + ones, 1));
    }
    let value = number_word(word)?;
    if is_tens(value) {
        let next = words.get(i + 1).filter(|w| !matches!(**w, "a" | "an"));
        if let Some(ones) = next.and_then(|w| number_word(w)).filter(|o| is_digit(*o)) {
            return Some((value + ones, 2));
        }
    }
    Some((value, 1))
}

/// A time unit word (singular or plural) as its singular form.
pub fn time_unit(word: &str) -> Option<&'static str> {
    Some(match word {
        "second" | "seconds" => "second",
        "minute" | "minutes" => "minute",
        "hour" | "hours" => "hour",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" => "year",
        "decade" | "decades" => "decade",
        "century" | "centuries" => "century",
        _ => return None,
    })
}

fn unit_code(unit: &str) -> &'static str {
    match unit {
        "second" => "TS",
        "minute" => "TM",
        "hour" => "TH",
        "day" => "D",
        "week" => "W",
        "month" => "M",
        "year" => "Y",
        "decade" => "DE",
        _ => "CE",
    }
}

fn duration_code(amount: Option<f64>, unit: &str) -> String {
    // TimeBank and AQUAINT write decades in years ("two decades" P20Y, "decades-long"
    // PXY) three times as often as with TimeML's DE unit.
    if unit == "decade" {
        return duration_code(amount.map(|a| a * 10.0), "year");
    }
    let code = unit_code(unit);
    let amount = amount.map_or("X".to_string(), |a| {
        if a.fract() == 0.0 {
            format!("{}", a as i64)
        } else {
            format!("{a}")
        }
    });
    match code.strip_prefix('T') {
        Some(time) => format!("PT{amount}{time}"),
        None => format!("P{amount}{code}"),
    }
}

fn duration_value(amount: Option<f64>, unit: &str, modifier: Option<&str>) -> TimeValue {
    TimeValue {
        kind: TimexKind::Duration,
        value: duration_code(amount, unit),
        date: None,
        granularity: Granularity::Day,
        anchor: Anchor::Absolute,
        order: 0.0,
        direction: Direction::Present,
        modifier: modifier.map(str::to_string),
    }
}

fn duration_qualifier(word: &str, next: Option<&str>) -> Option<(&'static str, usize)> {
    match (word, next) {
        ("nearly" | "almost" | "about" | "around" | "roughly" | "approximately" | "some", _) => {
            Some(("APPROX", 1))
        }
        ("more" | "longer", Some("than")) => Some(("MORE_THAN", 2)),
        ("over", _) => Some(("MORE_THAN", 1)),
        ("at", Some("least")) => Some(("MORE_THAN", 2)),
        ("less" | "fewer", Some("than")) => Some(("LESS_THAN", 2)),
        ("under", _) => Some(("LESS_THAN", 1)),
        ("up", Some("to")) => Some(("LESS_THAN", 2)),
        _ => None,
    }
}

fn duration_at(
    words: &[&str],
    lower: &[String],
    tokens: &[Token],
    i: usize,
) -> Option<(usize, TimeValue)> {
    let (modifier, skip) = duration_qualifier(&lower[i], lower.get(i + 1).map(String::as_str))
        .map_or((None, 0), |(m, s)| (Some(m), s));
    let at = i + skip;
    let word = lower.get(at)?;
    // Hyphenated adjectives: "five-hour", "four-year", "months-long", "90-day".
    if let Some((number, unit)) = word.split_once('-') {
        // An age ("a 44-year-old farmer", "six-month-old") is no stretch of time a
        // timeline could use, and TimeML corpora do not mark it.
        if unit.ends_with("-old") {
            return None;
        }
        let unit_word = unit.trim_end_matches("-long");
        if let Some(unit) = time_unit(unit_word) {
            let amount = number_word(number).or_else(|| number.parse().ok());
            if amount.is_some() {
                return Some((at + 1, duration_value(amount, unit, modifier)));
            }
        }
        if unit == "long" {
            if let Some(unit) = time_unit(number) {
                return Some((at + 1, duration_value(None, unit, modifier)));
            }
        }
    }
    let (amount, length) = amount_at(words, tokens, at)?;
    let unit_at = at + length;
    let unit = lower.get(unit_at).and_then(|w| time_unit(w))?;
    // "52 years old" is an age.
    if lower.get(unit_at + 1).is_some_and(|w| w == "old") {
        return None;
    }
    // "a second term", "one second round": the ordinal, not a second of time.
    if lower[unit_at] == "second"
        && lower.get(unit_at + 1).is_some_and(|w| {
            w.chars().all(|c| c.is_alphabetic() || c == '-')
                && !matches!(
                    w.as_str(),
                    "ago"
                        | "later"
                        | "earlier"
                        | "after"
                        | "before"
                        | "of"
                        | "in"
                        | "to"
                        | "and"
                        | "or"
                        | "for"
                        | "when"
                        | "the"
                        | "that"
                        | "before,"
                        | "long"
                )
        })
    {
        return None;
    }
    // "a year" is a duration, but "once a week" and "a day's work" are not.
    if matches!(word.as_str(), "a" | "an")
        && modifier.is_none()
        && (at > 0 && matches!(lower[at - 1].as_str(), "once" | "twice" | "per" | "times")
            || lower
                .get(unit_at + 1)
                .is_some_and(|w| w == "’s" || w == "'s"))
    {
        return None;
    }
    Some((unit_at + 1, duration_value(Some(amount), unit, modifier)))
}

/// "20th" → 20.
fn parse_ordinal(word: &str) -> Option<u8> {
    let digits = word
        .strip_suffix("th")
        .or_else(|| word.strip_suffix("st"))
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))?;
    digits.parse().ok()
}

/// Durations without a number: `[the] (past|last|next|coming|recent) [few|several] days`,
/// `several weeks`, `a few months`, `for|over|within years`. Value `PX<unit>`.
fn vague_duration(lower: &[String], i: usize) -> Option<(usize, TimeValue)> {
    let word = |k: usize| lower.get(k).map(String::as_str);
    let mut k = i;
    let mut cued = false;
    if word(k) == Some("the") {
        k += 1;
    }
    if matches!(
        word(k),
        Some("past" | "last" | "next" | "coming" | "recent")
    ) {
        k += 1;
        cued = true;
    }
    if word(k) == Some("a") && word(k + 1) == Some("few") {
        k += 1;
    }
    if matches!(word(k), Some("few" | "several" | "many")) {
        k += 1;
        cued = true;
    }
    // "for years": the preposition is a cue but not part of the expression.
    if k == i && i > 0 && matches!(word(i - 1), Some("for" | "over" | "within")) {
        cued = true;
    }
    let plural = word(k)?;
    let unit = time_unit(plural).filter(|_| plural.ends_with('s'))?;
    if !cued || matches!(unit, "second" | "century") {
        return None;
    }
    Some((k + 1, duration_value(None, unit, None)))
}

fn ago(amount: f64, unit: &str, context: Context) -> TimeValue {
    let days = match unit {
        "day" => amount,
        "week" => amount * 7.0,
        "month" => amount * 30.0,
        "year" => amount * 365.0,
        "decade" => amount * 3650.0,
        _ => 0.0,
    };
    if let (Some((year, quarter)), "year", 1.0) = (context.quarter, unit, amount) {
        return quarter_value(year - 1, quarter, Direction::Past);
    }
    match context.published {
        Some(published) => match unit {
            "day" => {
                let mut value = absolute_day(published.add_days(-(amount as i64)), None);
                value.anchor = Anchor::Resolved;
                value
            }
            "month" => {
                let start = published.add_months(-(amount as i32));
                TimeValue {
                    kind: TimexKind::Date,
                    value: format!("{:04}-{:02}", start.year, start.month),
                    date: Some(format!("{:04}-{:02}", start.year, start.month)),
                    granularity: Granularity::Month,
                    anchor: Anchor::Resolved,
                    order: start.to_days() as f64,
                    direction: Direction::Past,
                    modifier: None,
                }
            }
            "year" | "decade" => {
                let years = if unit == "decade" {
                    amount * 10.0
                } else {
                    amount
                };
                let mut value = absolute_year(published.year - years as i32, None, context);
                value.anchor = Anchor::Resolved;
                value.direction = Direction::Past;
                value
            }
            _ => {
                let date = published.add_days(-(days as i64));
                let (year, week) = iso_week(date);
                TimeValue {
                    kind: TimexKind::Date,
                    value: format!("{year:04}-W{week:02}"),
                    date: None,
                    granularity: Granularity::Week,
                    anchor: Anchor::Resolved,
                    order: date.to_days() as f64,
                    direction: Direction::Past,
                    modifier: None,
                }
            }
        },
        None => TimeValue {
            kind: TimexKind::Date,
            value: format!("{}_BEFORE", duration_code(Some(amount), unit)),
            date: None,
            granularity: Granularity::Day,
            anchor: Anchor::Unresolved,
            order: -days,
            direction: Direction::Past,
            modifier: None,
        },
    }
}

fn set_value(code: &str) -> TimeValue {
    TimeValue {
        kind: TimexKind::Set,
        value: code.to_string(),
        date: None,
        granularity: Granularity::Day,
        anchor: Anchor::Absolute,
        order: 0.0,
        direction: Direction::Present,
        modifier: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of the string literals of Rust source, lowercased (runs of ASCII letters
    /// in literals holding a lowercase letter: value patterns such as "XXXX" are not
    /// words). Comments, attributes and assertion messages are left out.
    fn literal_words(source: &str) -> Vec<String> {
        let mut words = Vec::new();
        for line in source.lines() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with("#[") || code.contains("assert") {
                continue;
            }
            // A quote inside a char literal opens no string.
            let line = line.replace("'\"'", "").replace("'\\''", "");
            let mut in_string = false;
            let mut literal = String::new();
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                match (in_string, c) {
                    (false, '/') if line.contains("//") && chars.as_str().starts_with('/') => break,
                    (false, '"') => in_string = true,
                    (true, '\\') => {
                        chars.next();
                        literal.push(' ');
                    }
                    (true, '"') => {
                        if literal.chars().any(|c| c.is_ascii_lowercase()) {
                            words.extend(
                                literal
                                    .split(|c: char| !c.is_ascii_alphabetic())
                                    .filter(|w| !w.is_empty())
                                    .map(str::to_ascii_lowercase),
                            );
                        }
                        literal.clear();
                        in_string = false;
                    }
                    (true, c) => literal.push(c),
                    (false, _) => {}
                }
            }
        }
        words
    }

    #[test]
    fn literal_words_are_read_from_strings_only() {
        let source = "let a = \"last week\"; // \"comment\"\nif c == '\"' { x(\"Q3\", \"Noon\") }";
        assert_eq!(literal_words(source), ["last", "week", "noon"]);
    }

    /// `find` tries the rules only where [`may_start`] says one can start: every word a
    /// rule compares with must pass it. A rule added with a new word fails here until
    /// the word joins [`STARTERS`].
    #[test]
    fn every_word_the_rules_compare_may_start_an_expression() {
        let source = include_str!("timex.rs");
        let rules = &source[..source
            .find("#[cfg(test)]")
            .expect("the tests follow the rules")];
        let missing: Vec<String> = literal_words(rules)
            .into_iter()
            .filter(|word| !may_start(word))
            .collect();
        assert!(missing.is_empty(), "add to STARTERS: {missing:?}");
        assert!(!may_start("parliament") && !may_start("velmora"));
        assert!(may_start("valentine") && may_start("ninety") && may_start("sept"));
        assert!(may_start("2026") && may_start("mid-april") && may_start("a.m."));
        // No rule starts at punctuation alone; a dash outside ASCII is still tried.
        assert!(!may_start(",") && !may_start(".") && !may_start("(") && !may_start("--"));
        assert!(may_start("–") && may_start("'96"));
    }
    use crate::analyze::tokens::tokenize;
    use crate::article::Span;
    use proptest::prelude::*;

    #[test]
    fn holiday_openers_are_the_first_words_of_the_holidays() {
        let mut firsts: Vec<&str> = Vec::new();
        for name in HOLIDAYS {
            let first = name.split(' ').next().unwrap_or(name);
            if !firsts.contains(&first) {
                firsts.push(first);
            }
        }
        assert_eq!(firsts, HOLIDAY_OPENERS);
    }

    #[test]
    fn number_words_read_in_any_case_and_long_words_are_none() {
        use crate::analyze::lexicon::number_word;
        assert_eq!(number_word("Seventeen"), Some(17.0));
        assert_eq!(number_word("TWENTY"), Some(20.0));
        assert_eq!(number_word("seventeenth"), None);
        assert_eq!(number_word("été"), None);
        assert_eq!(parse_day_number("21st"), Some(21));
        assert_eq!(parse_day_number("st"), None);
    }

    fn run(text: &str, published: Option<&str>) -> Vec<(String, TimeValue)> {
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        let words: Vec<String> = tokens
            .iter()
            .map(|t| t.span.slice(text).to_lowercase())
            .collect();
        let context = Context {
            published: published.and_then(Date::parse_iso),
            direction: sentence_direction(&words),
            quarter: None,
        };
        find(text, &tokens, &words, context)
            .into_iter()
            .map(|f| {
                let span = Span::new(
                    tokens[f.tokens.0].span.start,
                    tokens[f.tokens.1 - 1].span.end,
                );
                (span.slice(text).to_string(), f.value)
            })
            .collect()
    }

    fn values(text: &str, published: Option<&str>) -> Vec<(String, String)> {
        run(text, published)
            .into_iter()
            .map(|(span, v)| (span, v.value))
            .collect()
    }

    #[test]
    fn references_vague_durations_centuries_and_qualified_ago() {
        let got = values(
            "The port is now busier than it was in the 20th century. Recently, traffic grew for \
             several months; the strike began nearly four years ago and lasted a year.",
            Some("2031-03-06"),
        );
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            got,
            vec![
                pair("now", "PRESENT_REF"),
                pair("20th century", "19"),
                pair("Recently", "PAST_REF"),
                pair("several months", "PXM"),
                pair("nearly four years ago", "2027"),
                pair("a year", "P1Y"),
            ]
        );
        // "the past" alone is the past; "the past three months" a duration.
        assert_eq!(
            values("Such strikes belong to the past, she said.", None),
            vec![pair("the past", "PAST_REF")]
        );
        assert_eq!(
            values("Traffic fell over the past three months.", None)[0].1,
            "P3M"
        );
        // "once a week" is a set, not the duration "a week".
        assert!(values("Inspectors visit once a week.", None)
            .iter()
            .all(|(_, v)| v != "P1W"));
    }

    #[test]
    fn a_month_without_a_year_is_in_the_publication_year_unless_far_on_the_wrong_side() {
        // Published in March 2031: a past-tense sentence may name the coming May ...
        let may = run(
            "The union said talks would resume in May.",
            Some("2031-03-06"),
        );
        assert_eq!(may[0].1.value, "2031-05");
        // ... but a past-tense October is last year's.
        let october = run("The union struck in October.", Some("2031-03-06"));
        assert_eq!(october[0].1.value, "2030-10");
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(
            values(
                "It began in February 2022 and the terms date from June 2024.",
                None
            ),
            vec![
                ("February 2022".into(), "2022-02".into()),
                ("June 2024".into(), "2024-06".into())
            ]
        );
        assert_eq!(
            values(
                "The vote on December 20, 2031 follows talks in early 2030 and the 1980s.",
                None
            ),
            vec![
                ("December 20, 2031".into(), "2031-12-20".into()),
                ("early 2030".into(), "2030".into()),
                ("1980s".into(), "198X".into())
            ]
        );
    }

    #[test]
    fn weekdays_resolve_by_tense_against_the_publication_date() {
        // 2031-03-06 is a Thursday.
        let past = run("The union voted on Monday.", Some("2031-03-06"));
        assert_eq!(past[0].1.date.as_deref(), Some("2031-03-03"));
        let future = run("The union will vote on Monday.", Some("2031-03-06"));
        assert_eq!(future[0].1.date.as_deref(), Some("2031-03-10"));
        let today = run("The union voted on Thursday.", Some("2031-03-06"));
        assert_eq!(today[0].1.date.as_deref(), Some("2031-03-06"));
    }

    #[test]
    fn a_weekday_with_its_date_is_that_date() {
        // 2031-03-06 is a Thursday; "Monday, March 17" is ahead, not the past Monday.
        let found = values("The vote is set for Monday, March 17.", Some("2031-03-06"));
        assert_eq!(
            found,
            [("Monday, March 17".to_string(), "2031-03-17".to_string())]
        );
    }

    #[test]
    fn clock_times_sit_on_their_day() {
        let found = values(
            "The ferry left at 9 a.m. Tuesday and docked at 4:30 p.m. EDT Wednesday.",
            Some("2031-03-06"),
        );
        assert_eq!(
            found,
            [
                ("9 a.m. Tuesday".to_string(), "2031-03-04T09:00".to_string()),
                (
                    "4:30 p.m. EDT Wednesday".to_string(),
                    "2031-03-05T16:30".to_string()
                ),
            ]
        );
        let alone = run("The talks resumed at 10 a.m.", Some("2031-03-06"));
        assert_eq!(alone[0].1.value, "2031-03-06T10:00");
        assert_eq!(alone[0].1.kind, TimexKind::Time);
        let last_night = values("Crews walked out last night.", Some("2031-03-06"));
        assert_eq!(last_night[0].1, "2031-03-05TNI");
    }

    #[test]
    fn a_day_weeks_ahead_stays_in_the_publication_year() {
        // Written on January 7: "Feb. 10" is five weeks ahead, even in a past-tense sentence.
        let found = values(
            "The board said it set the vote for Feb. 10.",
            Some("2031-01-07"),
        );
        assert_eq!(found[0].1, "2031-02-10");
        let long_ago = values(
            "The board said the vote was on Nov. 20.",
            Some("2031-01-07"),
        );
        assert_eq!(long_ago[0].1, "2030-11-20");
    }

    #[test]
    fn without_a_publication_date_relative_expressions_stay_relative_but_ordered() {
        let found = run(
            "Officials confirmed Thursday that talks would begin Saturday, after meetings earlier this week.",
            None,
        );
        let by_text: Vec<(&str, Option<&str>, f64)> = found
            .iter()
            .map(|(s, v)| (s.as_str(), v.date.as_deref(), v.order))
            .collect();
        assert!(
            by_text.iter().all(|(_, date, _)| date.is_none()),
            "{by_text:?}"
        );
        let order = |name: &str| by_text.iter().find(|(s, _, _)| *s == name).unwrap().2;
        assert!(order("earlier this week") < order("Thursday"));
        assert!(order("Thursday") < order("Saturday"));
        assert_eq!(found[0].1.anchor, Anchor::Unresolved);
    }

    #[test]
    fn deadlines_and_modals_look_forward() {
        // 2031-03-06 is a Thursday: "by Sunday" is the coming Sunday.
        let found = run(
            "The minister could order a pause if there is no deal by Sunday.",
            Some("2031-03-06"),
        );
        assert_eq!(found[0].1.date.as_deref(), Some("2031-03-09"));
        let found = run("Talks could resume on Monday.", Some("2031-03-06"));
        assert_eq!(found[0].1.date.as_deref(), Some("2031-03-10"));
    }

    #[test]
    fn month_day_ranges_and_missing_years() {
        let found = run(
            "They met on Oct. 24–26 in the port city.",
            Some("2031-12-20"),
        );
        assert_eq!(found[0].0, "Oct. 24–26");
        assert_eq!(found[0].1.date.as_deref(), Some("2031-10-24"));
        assert_eq!(found[0].1.modifier.as_deref(), Some("RANGE_TO_26"));
        let unresolved = run("They met on Oct. 24.", None);
        assert_eq!(unresolved[0].1.value, "XXXX-10-24");
        assert_eq!(unresolved[0].1.date, None);
    }

    #[test]
    fn quarters_and_halves_of_a_year() {
        let published = Some("2031-11-06");
        assert_eq!(
            values(
                "Third-quarter profit rose, and the fourth quarter will be weaker.",
                published
            ),
            vec![
                ("Third-quarter".into(), "2031-Q3".into()),
                ("the fourth quarter".into(), "2031-Q4".into())
            ]
        );
        assert_eq!(
            values(
                "Sales fell in the third quarter of 2029 and in last year's first quarter.",
                published
            ),
            vec![
                ("the third quarter of 2029".into(), "2029-Q3".into()),
                ("last year's first quarter".into(), "2030-Q1".into())
            ]
        );
        assert_eq!(
            values(
                "Revenue doubled in Q2 2030 and in the first half of 2031.",
                published
            ),
            vec![
                ("Q2 2030".into(), "2030-Q2".into()),
                ("the first half of 2031".into(), "2031-H1".into())
            ]
        );
        // A past-tense sentence about a part still to come means last year's.
        assert_eq!(
            values(
                "The plant closed in the fourth quarter.",
                Some("2031-02-10")
            )[0]
            .1,
            "2030-Q4"
        );
        // Halves of a match are no dates.
        assert!(values("They scored in the first half.", published).is_empty());
    }

    #[test]
    fn parts_of_today_and_last_night() {
        assert_eq!(
            values(
                "Talks resumed this morning after a vote last night.",
                Some("2031-03-06")
            ),
            vec![
                ("this morning".into(), "2031-03-06TMO".into()),
                ("last night".into(), "2031-03-05TNI".into())
            ]
        );
    }

    #[test]
    fn relative_periods() {
        assert_eq!(
            values(
                "The strike ended last week and a vote is due next month.",
                Some("2031-03-06")
            ),
            vec![
                ("last week".into(), "2031-W09".into()),
                ("next month".into(), "2031-04".into())
            ]
        );
        let end_of_year = run(
            "Talks may finish by the end of the year.",
            Some("2031-03-06"),
        );
        assert_eq!(end_of_year[0].0, "the end of the year");
        assert_eq!(end_of_year[0].1.value, "2031");
        assert_eq!(end_of_year[0].1.direction, Direction::Future);
        let october = Date::new(2031, 10, 1).unwrap().to_days() as f64;
        assert!(end_of_year[0].1.order > october, "sorts late in the year");
        assert_eq!(
            values("It closed three days ago.", Some("2031-03-06"))[0].1,
            "2031-03-03"
        );
    }

    #[test]
    fn named_months_holidays_and_named_hours() {
        // 2031-10-15 is a Wednesday.
        let published = Some("2031-10-15");
        let pairs = |text: &str| values(text, published);
        assert_eq!(
            pairs("The plant closed last April and reopens next March."),
            vec![
                ("last April".into(), "2031-04".into()),
                ("next March".into(), "2032-03".into())
            ]
        );
        // Said in April, last April is the year before's.
        assert_eq!(
            values("The ferry sank last April.", Some("2031-04-20")),
            vec![("last April".into(), "2030-04".into())]
        );
        assert_eq!(
            pairs("The market stayed open on Easter and will close on Thanksgiving Day."),
            vec![
                ("Easter".into(), "2031-04-13".into()),
                // The fourth Thursday of November.
                ("Thanksgiving Day".into(), "2031-11-27".into())
            ]
        );
        assert_eq!(
            pairs("The shop sold out on Valentine's Day."),
            vec![("Valentine's Day".into(), "2031-02-14".into())]
        );
        assert_eq!(
            pairs("The talks began on Easter 2029 and ended by mid-November."),
            vec![
                ("Easter 2029".into(), "2029-04-01".into()),
                ("mid-November".into(), "2031-11".into())
            ]
        );
        assert_eq!(
            pairs("The vote will close at midnight Friday; the count starts at noon Saturday."),
            vec![
                ("midnight Friday".into(), "2031-10-17T24".into()),
                ("noon Saturday".into(), "2031-10-18T12:00".into())
            ]
        );
        // "noon" without a day or a preposition is not a time.
        assert!(pairs("High noon came.").is_empty());
    }

    #[test]
    fn spelled_tens_decades_and_the_weekend() {
        let published = Some("2031-10-15");
        assert_eq!(
            values(
                "In the last twenty four hours, two decades after the flood of a decade ago, \
                 crews worked over the weekend.",
                published
            ),
            vec![
                ("twenty four hours".into(), "PT24H".into()),
                ("two decades".into(), "P20Y".into()),
                ("a decade ago".into(), "2021".into()),
                // Published on a Wednesday: the weekend before, in ISO week 41.
                ("the weekend".into(), "2031-W41-WE".into())
            ]
        );
        // A year with nothing to count stands alone; "2000 people" is a count.
        assert_eq!(
            values("Only 2000 people came, as in 1996.", published),
            vec![("1996".into(), "1996".into())]
        );
    }

    #[test]
    fn durations_and_sets() {
        assert_eq!(
            values(
                "After nearly four years of war and a five-hour meeting, ferries run daily.",
                None
            ),
            vec![
                ("nearly four years".into(), "P4Y".into()),
                ("five-hour".into(), "PT5H".into()),
                ("daily".into(), "P1D".into())
            ]
        );
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(values("The talks may fail.", None).is_empty());
        assert_eq!(values("Talks resume in May.", None)[0].1, "XXXX-05");
    }

    #[test]
    fn an_earnings_report_compares_quarters() {
        let published = Some("2031-10-30");
        assert_eq!(
            values(
                "Profit in the third quarter rose to $4 million from $3 million a year \
                 earlier, and the quarter's sales matched the year-ago period.",
                published
            ),
            vec![
                ("the third quarter".into(), "2031-Q3".into()),
                ("a year earlier".into(), "2030-Q3".into()),
                // "the quarter" is still the third one: a year-ago mention names none.
                ("the quarter".into(), "2031-Q3".into()),
                ("the year-ago period".into(), "2030-Q3".into())
            ]
        );
        // With no quarter named, "a year earlier" is the year before publication, and
        // "the latest quarter" the last one completed.
        assert_eq!(
            values(
                "A year earlier the mill was shut; the latest quarter was its best.",
                published
            ),
            vec![
                ("A year earlier".into(), "2030".into()),
                ("the latest quarter".into(), "2031-Q3".into())
            ]
        );
        // A city's quarter is no quarter of the year.
        assert!(values("Crowds filled the quarter of the old town.", published).is_empty());
    }

    #[test]
    fn fiscal_years_and_year_ranges() {
        let published = Some("2031-10-30");
        assert_eq!(
            values(
                "Sales this fiscal year beat the current fiscal year's plan of the \
                 2029-2030 season and of 1997-98.",
                published
            ),
            vec![
                ("this fiscal year".into(), "2031".into()),
                ("current fiscal year".into(), "2031".into()),
                ("2029".into(), "2029".into()),
                ("2030".into(), "2030".into()),
                ("1997".into(), "1997".into()),
                ("98".into(), "1998".into())
            ]
        );
    }

    #[test]
    fn ages_abbreviations_and_ordinals_are_no_times() {
        let published = Some("2031-10-30");
        // An age, "Sun" the newspaper, "Jan" the name and "a second term" the ordinal.
        assert!(values(
            "The 44-year-old mayor, 52 years old, told the Sun that Jan Roos wants a \
             second term.",
            published
        )
        .is_empty());
        // With a date or a day after them, abbreviations are dates again.
        assert_eq!(
            values(
                "The fair closed Sun, Jan 4, after it opened Jan 1.",
                published
            ),
            vec![
                ("Sun, Jan 4".into(), "2031-01-04".into()),
                ("Jan 1".into(), "2031-01-01".into())
            ]
        );
        // A part of the day narrows a weekday, except the night (annotated as the day).
        assert_eq!(
            values(
                "The ferry sank Tuesday morning and was found Tuesday night.",
                published
            ),
            vec![
                ("Tuesday morning".into(), "2031-10-28TMO".into()),
                ("Tuesday night".into(), "2031-10-28".into())
            ]
        );
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(iso_week(Date::new(2021, 1, 3).unwrap()), (2020, 53));
        assert_eq!(iso_week(Date::new(2025, 12, 20).unwrap()), (2025, 51));
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,80}", day in 0i64..40000) {
            let date = Date::from_days(day);
            let _ = run(&text, Some(&date.iso()));
            let _ = run(&text, None);
        }
    }
}
