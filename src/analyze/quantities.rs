//! Figures with units: money with its currency ("$105 billion", "€90 billion"),
//! percentages, counts of things ("1,200 workers", "four regions"), durations
//! ("three days") and hyphenated measures ("28-point plan", "40-kilometre"), each with the
//! noun it counts and any qualifier ("nearly", "more than").

use super::doc::{Qualifier, Quantity, QuantityUnit, Token, TokenKind};
use super::lexicon::{number_word, STOPWORDS};
use super::timex::time_unit;
use crate::article::Span;

fn currency_symbol(word: &str) -> Option<&'static str> {
    Some(match word {
        "$" | "US$" | "USD" => "USD",
        "€" | "EUR" => "EUR",
        "£" | "GBP" => "GBP",
        "¥" | "JPY" => "JPY",
        "₴" | "UAH" => "UAH",
        "₽" | "RUB" => "RUB",
        "₹" | "INR" => "INR",
        "CHF" => "CHF",
        _ => return None,
    })
}

fn currency_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "dollar" | "dollars" => "USD",
        "euro" | "euros" => "EUR",
        "pound" | "pounds" => "GBP",
        "yen" => "JPY",
        "hryvnia" | "hryvnias" | "hryvnas" => "UAH",
        "rouble" | "roubles" | "ruble" | "rubles" => "RUB",
        "yuan" | "renminbi" => "CNY",
        "rupee" | "rupees" => "INR",
        "franc" | "francs" => "CHF",
        _ => return None,
    })
}

fn scale(word: &str) -> Option<f64> {
    Some(match word {
        "thousand" | "k" => 1e3,
        "million" | "millions" | "m" | "mn" => 1e6,
        "billion" | "billions" | "bn" | "b" => 1e9,
        "trillion" | "trillions" | "tn" => 1e12,
        _ => return None,
    })
}

fn qualifier(words: &[String], i: usize) -> Option<(Qualifier, usize)> {
    let word = words.get(i)?.as_str();
    let next = words.get(i + 1).map(String::as_str);
    Some(match (word, next) {
        (
            "nearly" | "almost" | "about" | "around" | "roughly" | "approximately" | "some"
            | "circa" | "~",
            _,
        ) => (Qualifier::Approximately, 1),
        ("close", Some("to")) => (Qualifier::Approximately, 2),
        ("more" | "greater", Some("than")) => (Qualifier::AtLeast, 2),
        ("at", Some("least")) => (Qualifier::AtLeast, 2),
        ("over" | "upwards", _) => (Qualifier::AtLeast, 1),
        ("as", Some("many" | "much")) if words.get(i + 2).map(String::as_str) == Some("as") => {
            (Qualifier::AtMost, 3)
        }
        ("less" | "fewer", Some("than")) => (Qualifier::AtMost, 2),
        ("up", Some("to")) => (Qualifier::AtMost, 2),
        ("under", _) => (Qualifier::AtMost, 1),
        _ => return None,
    })
}

/// Parses a numeral token: `1,200`, `3.5`, `90`, `5m`/`2bn` (scale suffix).
fn numeral(word: &str) -> Option<(f64, f64)> {
    let digits: String = word
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let suffix = &word[digits.len()..];
    let value: f64 = digits.replace(',', "").parse().ok()?;
    let multiplier = if suffix.is_empty() {
        1.0
    } else {
        scale(suffix)?
    };
    Some((value, multiplier))
}

/// Finds the figures in one sentence's tokens; `lower` holds each token's text lowercased
/// (`str::to_lowercase`, as the caller already has it); `excluded` spans (time
/// expressions) are not figures.
pub fn find(
    text: &str,
    tokens: &[Token],
    lower: &[String],
    sentence: usize,
    excluded: &[Span],
) -> Vec<Quantity> {
    assert_eq!(lower.len(), tokens.len(), "one lowercased word per token");
    let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let inside_timex = excluded.iter().any(|s| s.contains(tokens[i].span));
        if inside_timex {
            i += 1;
            continue;
        }
        if let Some((end, quantity)) = quantity_at(text, tokens, &words, lower, i, sentence) {
            let overlaps = excluded.iter().any(|s| s.overlaps(quantity.span));
            if !overlaps {
                out.push(quantity);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn quantity_at(
    text: &str,
    tokens: &[Token],
    words: &[&str],
    lower: &[String],
    i: usize,
    sentence: usize,
) -> Option<(usize, Quantity)> {
    let (qualifier, skip) = qualifier(lower, i).map_or((None, 0), |(q, s)| (Some(q), s));
    let mut at = i + skip;
    // Currency symbol first: "$105 billion", "€90bn".
    let mut currency = words.get(at).and_then(|w| currency_symbol(w));
    if currency.is_some() {
        at += 1;
    }
    let word = *words.get(at)?;
    let kind = tokens[at].kind;
    // Hyphenated measure: "28-point", "five-hour" (durations are time expressions).
    if currency.is_none() {
        if let Some((number, unit)) = word.split_once('-') {
            let value = number_word(number).or_else(|| numeral(number).map(|(v, m)| v * m));
            let unit_is_word =
                unit.chars().all(|c| c.is_alphabetic() || c == '-') && !unit.is_empty();
            if let (Some(value), true) = (value, unit_is_word) {
                // "A-level" is an exam and "a-half" no figure; "12-year-old" is an age,
                // which describes a person rather than carrying the story.
                let article = number.eq_ignore_ascii_case("a") || number.eq_ignore_ascii_case("an");
                if number_word(number).is_some() && article || unit.ends_with("-old") {
                    return None;
                }
                let unit = singular(&unit.to_lowercase());
                let quantity_unit = match time_unit(&unit) {
                    Some(time) => QuantityUnit::Duration {
                        unit: time.to_string(),
                    },
                    None => QuantityUnit::Measure { unit },
                };
                let (noun, noun_span, end) = noun_after(text, tokens, lower, at + 1);
                let span = Span::new(tokens[i].span.start, tokens[at].span.end);
                return Some((
                    end.max(at + 1),
                    Quantity {
                        span,
                        sentence,
                        value,
                        unit: quantity_unit,
                        noun,
                        noun_span,
                        qualifier,
                    },
                ));
            }
        }
    }
    let (mut value, mut multiplier) = if kind == TokenKind::Number {
        numeral(word)?
    } else {
        let value = number_word(word)?;
        if matches!(lower[at].as_str(), "a" | "an" | "one") && currency.is_none() {
            // "a" and "one" are too often determiners ("one person familiar with…").
            return None;
        }
        (value, 1.0)
    };
    let mut end = at + 1;
    // Scale words: "105 billion", "two million".
    while let Some(factor) = lower.get(end).and_then(|w| scale(w)) {
        multiplier *= factor;
        end += 1;
    }
    if lower.get(end).map(String::as_str) == Some("hundred") {
        multiplier *= 100.0;
        end += 1;
    }
    value *= multiplier;
    // Percent: "90%", "10 percent", "9 per cent".
    let percent_len = match (
        lower.get(end).map(String::as_str),
        lower.get(end + 1).map(String::as_str),
    ) {
        (Some("%" | "percent" | "pct"), _) => 1,
        (Some("per"), Some("cent")) => 2,
        _ => 0,
    };
    if percent_len > 0 && currency.is_none() {
        end += percent_len;
        let span = Span::new(tokens[i].span.start, tokens[end - 1].span.end);
        let (noun, noun_span, _) = noun_after_of(text, tokens, lower, end);
        return Some((
            end,
            Quantity {
                span,
                sentence,
                value,
                unit: QuantityUnit::Percent,
                noun,
                noun_span,
                qualifier,
            },
        ));
    }
    // Currency word after: "90 billion euros".
    if currency.is_none() {
        if let Some(code) = lower.get(end).and_then(|w| currency_word(w)) {
            currency = Some(code);
            end += 1;
        }
    }
    if let Some(code) = currency {
        let span = Span::new(tokens[i].span.start, tokens[end - 1].span.end);
        return Some((
            end,
            bare(
                span,
                sentence,
                value,
                QuantityUnit::Money {
                    currency: code.to_string(),
                },
                qualifier,
            ),
        ));
    }
    // A unit word right after the number: a duration ("three days") or a measure written
    // out ("90 kilometres", "3 tonnes").
    let unit_word = lower.get(end).and_then(|w| {
        time_unit(w)
            .map(|u| QuantityUnit::Duration {
                unit: u.to_string(),
            })
            .or_else(|| {
                measure_unit(w).map(|u| QuantityUnit::Measure {
                    unit: u.to_string(),
                })
            })
    });
    // "five year seven pupils": a school year named by its number, not five years.
    let school_year = lower.get(end).is_some_and(|w| w == "year")
        && value > 1.0
        && lower
            .get(end + 1)
            .is_some_and(|w| number_word(w).is_some() || w.bytes().all(|b| b.is_ascii_digit()));
    if school_year {
        return None;
    }
    if let Some(unit) = unit_word {
        let span = Span::new(tokens[i].span.start, tokens[end].span.end);
        let mut quantity = bare(span, sentence, value, unit, qualifier);
        // "38 kilometres of track": what is measured, so that two figures for it compare.
        if matches!(quantity.unit, QuantityUnit::Measure { .. }) {
            let (noun, noun_span, noun_end) = noun_after_of(text, tokens, lower, end + 1);
            if noun.is_some() {
                quantity.noun = noun;
                quantity.noun_span = noun_span;
                return Some((noun_end, quantity));
            }
        }
        return Some((end + 1, quantity));
    }
    let (noun, noun_span, noun_end) = noun_after(text, tokens, lower, end);
    let noun = noun?;
    // A bare year or a figure followed by a non-noun is not a count.
    let span = Span::new(tokens[i].span.start, tokens[noun_end - 1].span.end);
    Some((
        noun_end,
        Quantity {
            span,
            sentence,
            value,
            unit: QuantityUnit::Count,
            noun: Some(noun),
            noun_span,
            qualifier,
        },
    ))
}

fn measure_unit(word: &str) -> Option<&'static str> {
    Some(match word {
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "kilometre",
        "mile" | "miles" => "mile",
        "metre" | "metres" | "meter" | "meters" | "m" => "metre",
        "tonne" | "tonnes" | "ton" | "tons" => "tonne",
        "kg" | "kilogram" | "kilograms" => "kilogram",
        "barrel" | "barrels" => "barrel",
        "litre" | "litres" | "liter" | "liters" => "litre",
        "hectare" | "hectares" => "hectare",
        "acre" | "acres" => "acre",
        "megawatt" | "megawatts" | "mw" => "megawatt",
        "gigawatt" | "gigawatts" | "gw" => "gigawatt",
        _ => return None,
    })
}

/// A figure that names no counted thing ("$105 billion", "three days", "90 kilometres").
fn bare(
    span: Span,
    sentence: usize,
    value: f64,
    unit: QuantityUnit,
    qualifier: Option<Qualifier>,
) -> Quantity {
    Quantity {
        span,
        sentence,
        value,
        unit,
        noun: None,
        noun_span: None,
        qualifier,
    }
}

/// Lowercase words that end a noun phrase although they are not stopwords: verbs that
/// follow what a figure counts ("40 kilometres of track remain closed").
fn is_phrase_breaker(word: &str) -> bool {
    matches!(
        word,
        "remain"
            | "remains"
            | "stay"
            | "stays"
            | "say"
            | "says"
            | "face"
            | "faces"
            | "need"
            | "needs"
            | "lost"
            | "left"
            | "fled"
            | "fell"
            | "rose"
            | "stand"
            | "stands"
            | "went"
            | "came"
            | "took"
            | "made"
            | "got"
            | "run"
            | "ran"
            | "work"
            | "live"
            | "lives"
    ) || word.len() > 4
        && (word.ends_with("ed") || word.ends_with("ing"))
        && !matches!(
            word,
            "building"
                | "meeting"
                | "bombing"
                | "shooting"
                | "hearing"
                | "briefing"
                | "funding"
                | "spending"
                | "offering"
        )
}

/// The noun phrase right after a figure, up to three lowercase words: ("framework",
/// "peace framework", end).
fn noun_after(
    text: &str,
    tokens: &[Token],
    lower: &[String],
    start: usize,
) -> (Option<String>, Option<Span>, usize) {
    let mut end = start;
    while end < tokens.len() && end < start + 3 {
        let word = lower[end].as_str();
        let original = tokens[end].span.slice(text);
        let is_lower_word = tokens[end].kind == TokenKind::Word
            && original.chars().next().is_some_and(char::is_lowercase);
        if !is_lower_word || STOPWORDS.contains(word) || (end > start && is_phrase_breaker(word)) {
            break;
        }
        if end == start && is_phrase_breaker(word) {
            break;
        }
        end += 1;
    }
    if end == start {
        return (None, None, start);
    }
    let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
    let head = singular(&lower[end - 1]);
    (Some(head), Some(span), end)
}

/// For percentages: "90% of their differences" names "differences".
fn noun_after_of(
    text: &str,
    tokens: &[Token],
    lower: &[String],
    start: usize,
) -> (Option<String>, Option<Span>, usize) {
    if lower.get(start).map(String::as_str) != Some("of") {
        return (None, None, start);
    }
    let mut at = start + 1;
    while lower.get(at).is_some_and(|w| {
        matches!(
            w.as_str(),
            "the" | "their" | "its" | "his" | "her" | "our" | "all"
        )
    }) {
        at += 1;
    }
    noun_after(text, tokens, lower, at)
}

/// A rough singular: "regions" -> "region", "policies" -> "policy", "gas" stays.
pub fn singular(word: &str) -> String {
    if word.len() > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    for suffix in ["ches", "shes", "sses", "xes"] {
        if word.ends_with(suffix) && word.len() > suffix.len() + 1 {
            return word[..word.len() - 2].to_string();
        }
    }
    if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::tokens::tokenize;
    use proptest::prelude::*;

    /// (span text, value, unit, noun, qualifier)
    type Found = (String, f64, QuantityUnit, Option<String>, Option<Qualifier>);

    fn run(text: &str) -> Vec<Found> {
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        let lower: Vec<String> = tokens
            .iter()
            .map(|t| t.span.slice(text).to_lowercase())
            .collect();
        find(text, &tokens, &lower, 0, &[])
            .into_iter()
            .map(|q| {
                (
                    q.span.slice(text).to_string(),
                    q.value,
                    q.unit,
                    q.noun,
                    q.qualifier,
                )
            })
            .collect()
    }

    #[test]
    fn a_measure_names_what_it_measures() {
        let got = run("Coastrail said 38 kilometres of track were shut, 90 km up the coast.");
        assert_eq!(got[0].0, "38 kilometres");
        assert_eq!(got[0].3.as_deref(), Some("track"));
        assert_eq!(got[1].0, "90 km");
        assert_eq!(got[1].3, None);
        let got = run("Coastrail said 40 kilometres of track remain closed.");
        assert_eq!(got[0].3.as_deref(), Some("track"));
    }

    #[test]
    fn money_with_currency_and_scale() {
        let got = run("Leaders pledged $105 billion (€90 billion) and 3 million euros.");
        assert_eq!(got[0].0, "$105 billion");
        assert_eq!(got[0].1, 105e9);
        assert_eq!(
            got[0].2,
            QuantityUnit::Money {
                currency: "USD".into()
            }
        );
        assert_eq!(got[1].0, "€90 billion");
        assert_eq!(got[2].0, "3 million euros");
        assert_eq!(
            got[2].2,
            QuantityUnit::Money {
                currency: "EUR".into()
            }
        );
    }

    #[test]
    fn measures_counts_and_percentages() {
        let got = run("A 28-point peace framework bridged 90% of their differences as 1,200 workers and four regions waited.");
        assert_eq!(got[0].0, "28-point");
        assert_eq!(
            got[0].2,
            QuantityUnit::Measure {
                unit: "point".into()
            }
        );
        assert_eq!(got[0].3.as_deref(), Some("framework"));
        assert_eq!(got[1].0, "90%");
        assert_eq!(got[1].3.as_deref(), Some("difference"));
        assert_eq!(got[2].0, "1,200 workers");
        assert_eq!(got[2].1, 1200.0);
        assert_eq!(got[3].0, "four regions");
        assert_eq!(got[3].3.as_deref(), Some("region"));
    }

    #[test]
    fn ages_and_exam_grades_are_not_figures() {
        let got = run("The 12-year-old pupil sat her A-level exams with 30 classmates.");
        let texts: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(texts, ["30 classmates"]);
        let got = run("Five year seven pupils at the school tested positive.");
        assert!(
            got.iter().all(|g| !g.0.starts_with("Five")),
            "a school year is not five years: {got:?}"
        );
    }

    #[test]
    fn qualifiers_and_durations() {
        let got = run("After nearly four years and more than 300 strikes, one person said.");
        assert_eq!(got[0].0, "nearly four years");
        assert_eq!(got[0].4, Some(Qualifier::Approximately));
        assert_eq!(
            got[0].2,
            QuantityUnit::Duration {
                unit: "year".into()
            }
        );
        assert_eq!(got[1].0, "more than 300 strikes");
        assert_eq!(got[1].4, Some(Qualifier::AtLeast));
        assert_eq!(got.len(), 2, "'one person' is not a figure");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("regions"), "region");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("crashes"), "crash");
        assert_eq!(singular("status"), "status");
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,80}") {
            let _ = run(&text);
        }
    }
}
