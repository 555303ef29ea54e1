//! Calendar dates: the small amount of civil-calendar arithmetic newsdesk needs
//! (publication dates, weekday resolution, ISO formatting) without a time-zone library.
//!
//! Dates are proleptic Gregorian and carry no time zone: a news article's publication
//! *day* is what anchors relative expressions such as "on Saturday".

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Monday = 0 … Sunday = 6.
pub type Weekday = u8;

pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A valid date, or `None` for impossible ones such as 2025-02-30.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), after H. Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Inverse of [`Date::to_days`].
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (3).
        ((self.to_days() + 3).rem_euclid(7)) as Weekday
    }

    /// The first day of the month `delta` months away.
    pub fn add_months(self, delta: i32) -> Date {
        let index = self.year * 12 + i32::from(self.month) - 1 + delta;
        let year = index.div_euclid(12);
        let month = (index.rem_euclid(12) + 1) as u8;
        Date {
            year,
            month,
            day: 1,
        }
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Parses `YYYY-MM-DD` (the first ten characters of an ISO 8601 date-time also work).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = text.get(0..4)?.parse().ok()?;
        let month = text.get(5..7)?.parse().ok()?;
        let day = text.get(8..10)?.parse().ok()?;
        Date::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// Month number for an English month name or abbreviation ("Dec", "Dec.", "Sept", "december").
pub fn month_from_name(word: &str) -> Option<u8> {
    // Compared without lowercasing into a new string: this runs for most tokens.
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    if word.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTH_NAMES
        .iter()
        .position(|name| {
            name.eq_ignore_ascii_case(word)
                || (word.len() == 3 && name.as_bytes()[..3].eq_ignore_ascii_case(word.as_bytes()))
        })
        .map(|index| index as u8 + 1)
}

/// "Monday" … "Sunday".
pub fn weekday_name(weekday: Weekday) -> String {
    let name = WEEKDAY_NAMES[usize::from(weekday % 7)];
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn month_name(month: u8) -> &'static str {
    MONTH_NAMES
        .get(usize::from(month.wrapping_sub(1)))
        .copied()
        .unwrap_or("")
}

/// Weekday number for an English weekday name or abbreviation ("Sat", "saturday").
pub fn weekday_from_name(word: &str) -> Option<Weekday> {
    // Compared without lowercasing into a new string: this runs for most tokens.
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    WEEKDAY_NAMES
        .iter()
        .position(|name| {
            name.eq_ignore_ascii_case(word)
                || (word.len() == 3 && name.as_bytes()[..3].eq_ignore_ascii_case(word.as_bytes()))
        })
        .map(|index| index as Weekday)
}

/// Normalises a publication timestamp from metadata into ISO 8601: `YYYY-MM-DD`, or
/// `YYYY-MM-DDTHH:MM:SS` followed by `Z` or an offset when the source gives a time.
///
/// Accepts ISO 8601 / RFC 3339, RFC 2822 (`Sat, 20 Dec 2025 10:00:00 +0000`), US and
/// international long forms (`December 20, 2025`, `20 December 2025`, `Dec. 20, 2025`)
/// and `YYYY/MM/DD`. Returns `None` rather than guessing on anything else.
pub fn normalize_published(raw: &str) -> Option<String> {
    let text = raw.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(iso) = parse_iso_datetime(text) {
        return Some(iso);
    }
    let cleaned: String = text
        .chars()
        .map(|c| if c == ',' { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    // YYYY/MM/DD
    if let Some(first) = words.first() {
        let parts: Vec<&str> = first.split('/').collect();
        if parts.len() == 3 && parts[0].len() == 4 {
            let date = Date::new(
                parts[0].parse().ok()?,
                parts[1].parse().ok()?,
                parts[2].parse().ok()?,
            )?;
            return Some(date.iso());
        }
    }
    // Drop a leading weekday ("Sat", "Saturday").
    let words: Vec<&str> = match words.first() {
        Some(w) if weekday_from_name(w).is_some() => words[1..].to_vec(),
        _ => words,
    };
    if words.len() < 3 {
        return None;
    }
    let (day, month, year) = if let Some(month) = month_from_name(words[0]) {
        // December 20 2025
        (parse_day(words[1])?, month, words[2].parse::<i32>().ok()?)
    } else if let Some(month) = month_from_name(words[1]) {
        // 20 December 2025
        (parse_day(words[0])?, month, words[2].parse::<i32>().ok()?)
    } else {
        return None;
    };
    let date = Date::new(year, month, day)?;
    // An RFC 2822 time and zone may follow: "10:00:00 +0000" / "10:00 GMT".
    if let Some(time) = words.get(3).and_then(|w| parse_clock(w)) {
        let zone = words.get(4).map(|z| rfc2822_zone(z)).unwrap_or_default();
        return Some(format!(
            "{}T{:02}:{:02}:{:02}{}",
            date.iso(),
            time.0,
            time.1,
            time.2,
            zone
        ));
    }
    Some(date.iso())
}

fn parse_day(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn parse_clock(word: &str) -> Option<(u8, u8, u8)> {
    let parts: Vec<&str> = word.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let hour: u8 = parts[0].parse().ok().filter(|h| *h < 24)?;
    let minute: u8 = parts[1].parse().ok().filter(|m| *m < 60)?;
    let second: u8 = match parts.get(2) {
        Some(s) => s.parse().ok().filter(|s| *s < 61)?,
        None => 0,
    };
    Some((hour, minute, second))
}

fn rfc2822_zone(zone: &str) -> String {
    match zone {
        "GMT" | "UT" | "UTC" | "Z" | "+0000" | "-0000" => "Z".to_string(),
        z if z.len() == 5 && (z.starts_with('+') || z.starts_with('-')) => {
            format!("{}:{}", &z[..3], &z[3..])
        }
        _ => String::new(),
    }
}

/// ISO 8601 / RFC 3339: `2025-12-20`, `2025-12-20T10:00:00Z`, `2025-12-20 10:00:00+02:00`,
/// `2025-12-20T10:00:00.123-05:00`.
fn parse_iso_datetime(text: &str) -> Option<String> {
    let date = Date::parse_iso(text)?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(date.iso());
    }
    let rest = rest.strip_prefix(['T', ' '])?;
    let clock_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (hour, minute, second) = parse_clock(&rest[..clock_len])?;
    let mut zone = &rest[clock_len..];
    if let Some(fraction) = zone.strip_prefix('.') {
        zone = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let zone = match zone {
        "" => String::new(),
        "Z" | "z" | "+00:00" | "-00:00" | "+0000" => "Z".to_string(),
        z if z.len() == 6 && (z.starts_with('+') || z.starts_with('-')) && &z[3..4] == ":" => {
            z.to_string()
        }
        z if z.len() == 5 && (z.starts_with('+') || z.starts_with('-')) => {
            format!("{}:{}", &z[..3], &z[3..])
        }
        _ => return None,
    };
    Some(format!(
        "{}T{hour:02}:{minute:02}:{second:02}{zone}",
        date.iso()
    ))
}

/// A full calendar date written somewhere in a short line: "May 14, 2031",
/// "posted Apr 24th, 2031 at 12:28 PM", "9 September 2031, 14:08", "Sat Nov 12 2031".
pub fn date_in_line(line: &str) -> Option<Date> {
    let words: Vec<&str> = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let year_at = |i: usize| -> Option<i32> {
        words
            .get(i)
            .filter(|w| w.len() == 4)
            .and_then(|w| w.parse().ok())
            .filter(|y| (1900..=2099).contains(y))
    };
    for i in 0..words.len() {
        if let Some(month) = month_from_name(words[i]) {
            // Month Day Year
            if let (Some(day), Some(year)) =
                (words.get(i + 1).and_then(|w| parse_day(w)), year_at(i + 2))
            {
                return Date::new(year, month, day);
            }
        }
        if let Some(day) = parse_day(words[i]) {
            // Day Month Year
            if let (Some(month), Some(year)) = (
                words.get(i + 1).and_then(|w| month_from_name(w)),
                year_at(i + 2),
            ) {
                return Date::new(year, month, day);
            }
        }
    }
    None
}

/// A publication date in a URL path: `/2031/03/04/`, `/2031/mar/04/`, `/2031-03-04/`,
/// `/20310304/`.
pub fn date_in_url(url: &str) -> Option<Date> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let segments: Vec<&str> = path.split(['/', '?', '#', '_', '.']).collect();
    for (i, segment) in segments.iter().enumerate() {
        if let Some(date) = Date::parse_iso(segment).filter(|_| segment.len() == 10) {
            return Some(date);
        }
        if segment.len() == 8 && segment.chars().all(|c| c.is_ascii_digit()) {
            let date = Date::new(
                segment[..4].parse().ok()?,
                segment[4..6].parse().ok()?,
                segment[6..].parse().ok()?,
            );
            if date.is_some_and(|d| (1990..=2099).contains(&d.year)) {
                return date;
            }
        }
        let year: Option<i32> = (segment.len() == 4).then(|| segment.parse().ok()).flatten();
        if let Some(year) = year.filter(|y| (1990..=2099).contains(y)) {
            let month = segments.get(i + 1).and_then(|m| {
                m.parse::<u8>()
                    .ok()
                    .filter(|_| m.len() <= 2)
                    .or_else(|| month_from_name(m))
            });
            let day = segments
                .get(i + 2)
                .and_then(|d| d.parse::<u8>().ok().filter(|_| d.len() <= 2));
            if let (Some(month), Some(day)) = (month, day) {
                if let Some(date) = Date::new(year, month, day) {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_utc_iso() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let date = Date::from_days(seconds.div_euclid(86_400));
    let rem = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date.iso(),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_weekdays() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().weekday(), 3);
        assert_eq!(Date::new(2025, 12, 20).unwrap().weekday(), 5); // a Saturday
        assert_eq!(Date::new(2000, 2, 29).unwrap().weekday(), 1);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::new(2025, 4, 31).is_none());
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        let date = Date::new(2025, 12, 20).unwrap();
        assert_eq!(date.add_months(1), Date::new(2026, 1, 1).unwrap());
        assert_eq!(date.add_months(-12), Date::new(2024, 12, 1).unwrap());
    }

    #[test]
    fn month_and_weekday_names() {
        assert_eq!(month_from_name("Dec."), Some(12));
        assert_eq!(month_from_name("Sept"), Some(9));
        assert_eq!(month_from_name("may"), Some(5));
        assert_eq!(month_from_name("Ma"), None);
        assert_eq!(month_from_name("Mayor"), None);
        assert_eq!(weekday_from_name("Sat"), Some(5));
        assert_eq!(weekday_from_name("Sunday"), Some(6));
    }

    #[test]
    fn normalizes_common_published_formats() {
        let cases = [
            ("2025-12-20", "2025-12-20"),
            ("2025-12-20T10:30:00Z", "2025-12-20T10:30:00Z"),
            ("2025-12-20T10:30:00.250+02:00", "2025-12-20T10:30:00+02:00"),
            ("2025-12-20 10:30", "2025-12-20T10:30:00"),
            ("Sat, 20 Dec 2025 10:30:00 +0000", "2025-12-20T10:30:00Z"),
            ("December 20, 2025", "2025-12-20"),
            ("20 December 2025", "2025-12-20"),
            ("Dec. 20, 2025", "2025-12-20"),
            ("2025/12/20", "2025-12-20"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_published(raw).as_deref(), Some(want), "{raw}");
        }
        for bad in ["", "yesterday", "2025-13-40", "Date:", "20 Foo 2025"] {
            assert_eq!(normalize_published(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_written_in_lines() {
        let date = |y, m, d| Date::new(y, m, d);
        assert_eq!(date_in_line("May 14, 2031"), date(2031, 5, 14));
        assert_eq!(
            date_in_line("posted Apr 24th, 2031 at 12:28 PM"),
            date(2031, 4, 24)
        );
        assert_eq!(date_in_line("9 September 2031, 14:08"), date(2031, 9, 9));
        assert_eq!(
            date_in_line("WEDNESDAY, MARCH 4, 2031, 10:53 AM"),
            date(2031, 3, 4)
        );
        assert_eq!(
            date_in_line("Sat Nov 12 2031, 01:19 hrs"),
            date(2031, 11, 12)
        );
        assert_eq!(date_in_line("The strike began in May"), None);
    }

    #[test]
    fn dates_in_urls() {
        let date = |y, m, d| Date::new(y, m, d);
        assert_eq!(
            date_in_url("https://news.example/2031/03/04/port-strike"),
            date(2031, 3, 4)
        );
        assert_eq!(
            date_in_url("http://news.example/2031/may/03/local/strike"),
            date(2031, 5, 3)
        );
        assert_eq!(
            date_in_url("https://news.example/a/2031-03-04/strike.html"),
            date(2031, 3, 4)
        );
        assert_eq!(
            date_in_url("https://news.example/story_20310304.html"),
            date(2031, 3, 4)
        );
        assert_eq!(
            date_in_url("https://news.example/2031/film/news/strike-1200566939/"),
            None
        );
        assert_eq!(date_in_url("https://news.example/port-strike"), None);
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -1_000_000i64..1_000_000) {
            let date = Date::from_days(days);
            prop_assert_eq!(date.to_days(), days);
            prop_assert!(Date::new(date.year, date.month, date.day).is_some());
        }

        /// Month names are matched without lowercasing into a new string: the same
        /// answers as lowercasing first, for any word (ASCII case changes only).
        #[test]
        fn month_names_match_in_any_case(word in "(?i)(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|march|june|july|mayor|\\PC{0,9})\\.?") {
            let lower = word.trim_end_matches('.').to_ascii_lowercase();
            let expected = if lower.len() < 3 {
                None
            } else if lower == "sept" {
                Some(9)
            } else {
                MONTH_NAMES
                    .iter()
                    .position(|name| *name == lower || (lower.len() == 3 && name.starts_with(&lower)))
                    .map(|index| index as u8 + 1)
            };
            prop_assert_eq!(month_from_name(&word), expected);
        }

        #[test]
        fn normalize_never_panics(raw in "\\PC{0,40}") {
            let _ = normalize_published(&raw);
        }
    }
}
