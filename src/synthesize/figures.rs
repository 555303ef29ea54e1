//! Key indicators and figure disagreements.
//!
//! Figures are grouped by subject: the unit and the thing counted, with synonyms folded
//! ("plan", "framework" and "proposal" are one subject). When sources give the same
//! subject incompatible values (exact figures that differ, or approximate ones more than
//! 10% apart), it is a disagreement; otherwise the figure is a key indicator candidate,
//! ranked by how many sources carry it, its kind (money and measures first) and how
//! central its sentence is.

use super::{articles_of, tidy, Story};
use crate::analyze::doc::{Qualifier, Quantity, QuantityUnit, TokenKind};
use crate::dossier::{Claim, Disagreement, Evidence, KeyIndicator};
use std::collections::BTreeMap;

const MAX_INDICATORS: usize = 6;

pub struct Figures {
    pub indicators: Vec<KeyIndicator>,
    pub disagreements: Vec<Disagreement>,
}

/// Nouns that name the same kind of thing in news coverage.
fn canonical_noun(noun: &str) -> String {
    match noun {
        "framework" | "proposal" | "blueprint" | "roadmap" | "deal" | "agreement"
        | "initiative" | "plan" => "plan".to_string(),
        "worker" | "employee" | "staff" | "member" => "worker".to_string(),
        "death" | "fatality" | "dead" => "death".to_string(),
        other => other.to_string(),
    }
}

/// Counts of these say little on their own.
fn is_generic_noun(noun: &str) -> bool {
    matches!(
        noun,
        "time"
            | "thing"
            | "way"
            | "part"
            | "piece"
            | "side"
            | "point"
            | "one"
            | "other"
            | "reason"
            | "issue"
            | "question"
            | "area"
            | "front"
            | "step"
            | "option"
            | "term"
            | "round"
    )
}

fn unit_key(unit: &QuantityUnit) -> String {
    match unit {
        QuantityUnit::Money { currency } => currency.clone(),
        QuantityUnit::Percent => "percent".to_string(),
        QuantityUnit::Count => "count".to_string(),
        QuantityUnit::Duration { unit } | QuantityUnit::Measure { unit } => unit.clone(),
    }
}

struct Found<'q> {
    article: usize,
    quantity: &'q Quantity,
}

/// The subject two figures must share to be compared.
fn subject_key(quantity: &Quantity) -> Option<(String, String)> {
    let noun = quantity.noun.as_deref()?;
    match quantity.unit {
        QuantityUnit::Measure { .. } | QuantityUnit::Count | QuantityUnit::Percent => {
            Some((unit_key(&quantity.unit), canonical_noun(noun)))
        }
        _ => None,
    }
}

/// The values a figure allows: "at least four" is [4, ∞), "about 90" is [81, 99].
fn interval(quantity: &Quantity) -> (f64, f64) {
    let v = quantity.value;
    match quantity.qualifier {
        None => (v, v),
        Some(Qualifier::Approximately) => (v - 0.1 * v.abs(), v + 0.1 * v.abs()),
        Some(Qualifier::AtLeast) => (v, f64::INFINITY),
        Some(Qualifier::AtMost) => (f64::NEG_INFINITY, v),
    }
}

/// Two figures agree when some value satisfies both.
fn compatible(a: &Quantity, b: &Quantity) -> bool {
    let (a_low, a_high) = interval(a);
    let (b_low, b_high) = interval(b);
    a_low <= b_high && b_low <= a_high
}

fn subject_text(unit: &str, noun_phrase: &str) -> String {
    match unit {
        "percent" => format!("Share of {noun_phrase}"),
        "count" => format!("Number of {noun_phrase}"),
        // "Kilometres of track", "Tonnes of grain".
        "kilometre" | "mile" | "metre" | "tonne" | "kilogram" | "barrel" | "litre" | "hectare"
        | "acre" | "megawatt" | "gigawatt" => {
            let mut chars = unit.chars();
            let capital: String = chars
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            format!("{capital}{}s of {noun_phrase}", chars.as_str())
        }
        unit => format!("Size of the {noun_phrase} ({unit}s)"),
    }
}

pub fn build(story: &Story) -> Figures {
    let mut found: Vec<Found> = Vec::new();
    for (article, analyzed) in story.articles.iter().enumerate() {
        for quantity in &analyzed.doc.quantities {
            // Titles repeat the body's figures; furniture ("140 characters or less" in a
            // sign-off) carries none of the story's.
            if story.is_body(article, quantity.sentence) {
                found.push(Found { article, quantity });
            }
        }
    }
    // Disagreements first: their figures do not also appear as indicators.
    let mut by_subject: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (index, f) in found.iter().enumerate() {
        if let Some(key) = subject_key(f.quantity) {
            by_subject.entry(key).or_default().push(index);
        }
    }
    let mut disagreements = Vec::new();
    let mut disputed: Vec<usize> = Vec::new();
    for ((unit, _), members) in &by_subject {
        // One representative per (article, value, qualifier): repeats cannot conflict.
        let mut distinct: Vec<usize> = Vec::new();
        for member in members {
            let (f, q) = (&found[*member], found[*member].quantity);
            let seen = distinct.iter().any(|d| {
                let other = &found[*d];
                other.article == f.article
                    && other.quantity.value == q.value
                    && other.quantity.qualifier == q.qualifier
            });
            if !seen {
                distinct.push(*member);
            }
        }
        let mut involved: Vec<usize> = Vec::new();
        for a in &distinct {
            for b in &distinct {
                if conflict(story, &found[*a], &found[*b]) {
                    involved.push(*a);
                }
            }
        }
        // Two or three competing values are a dispute; more are counts of different
        // scopes that share a noun ("cases" in one school, one country, the world).
        let disputed_values: std::collections::BTreeSet<String> = involved
            .iter()
            .map(|i| value_key(found[*i].quantity.value))
            .collect();
        if involved.is_empty() || disputed_values.len() > MAX_DISPUTED_VALUES {
            continue;
        }
        // Every occurrence of a disputed value is a claim's evidence.
        let claimed: Vec<usize> = members
            .iter()
            .copied()
            .filter(|m| disputed_values.contains(&value_key(found[*m].quantity.value)))
            .collect();
        disputed.extend(claimed.iter().copied());
        let mut by_value: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for member in &claimed {
            by_value
                .entry(value_key(found[*member].quantity.value))
                .or_default()
                .push(*member);
        }
        let claims: Vec<Claim> = by_value
            .values()
            .map(|indices| {
                let evidence = tidy(
                    indices
                        .iter()
                        .map(|i| {
                            story.sentence_evidence(found[*i].article, found[*i].quantity.sentence)
                        })
                        .collect(),
                );
                let first = &found[indices[0]];
                let text = claim_text(story, first.article, first.quantity);
                Claim {
                    text,
                    articles: articles_of(&evidence),
                    evidence,
                }
            })
            .collect();
        let first = &found[claimed[0]];
        let noun_phrase = first
            .quantity
            .noun_span
            .map(|s| s.slice(story.text(first.article)).to_string())
            .unwrap_or_else(|| first.quantity.noun.clone().unwrap_or_default());
        let subject = subject_text(unit, &noun_phrase);
        let text = format!(
            "{}: {}",
            subject,
            claims
                .iter()
                .map(|c| format!("{} ({})", c.text, sources_label(story, &c.articles)))
                .collect::<Vec<_>>()
                .join(" versus ")
        );
        let evidence = tidy(claims.iter().flat_map(|c| c.evidence.clone()).collect());
        disagreements.push(Disagreement {
            subject,
            kind: "figure".to_string(),
            text,
            claims,
            evidence,
        });
    }
    Figures {
        indicators: indicators(story, &found, &disputed),
        disagreements,
    }
}

/// Two figures about one subject conflict when different sources, writing at about the
/// same time, give incompatible values within a factor of three. In a story that runs
/// for weeks a count that grows is news, not a dispute ("13 cases" on Monday, "40 cases"
/// a week later); figures further apart measure different scopes ("11 cases" in one
/// country, "1,004" in another). Undated articles are taken as contemporary. (Requiring
/// the two sentences to share words was tried: figures in a real dispute are often put
/// in different words, "a 28-point framework" and "a 20-point plan".)
fn conflict(story: &Story, a: &Found, b: &Found) -> bool {
    if a.article == b.article || compatible(a.quantity, b.quantity) {
        return false;
    }
    let contemporary = story
        .published_days_apart(a.article, b.article)
        .is_none_or(|days| days <= super::CONTEMPORARY_DAYS);
    let (low, high) = (
        a.quantity.value.abs().min(b.quantity.value.abs()),
        a.quantity.value.abs().max(b.quantity.value.abs()),
    );
    let same_order = low > 0.0 && high / low <= MAX_DISPUTED_RATIO;
    contemporary && same_order
}

/// More competing values than this are different scopes, not a dispute.
const MAX_DISPUTED_VALUES: usize = 3;
/// Figures further apart than this factor measure different things.
const MAX_DISPUTED_RATIO: f64 = 3.0;

/// A figure's value as a sortable key: equal values, equal keys.
fn value_key(value: f64) -> String {
    format!("{value:020.4}")
}

fn sources_label(story: &Story, articles: &[usize]) -> String {
    articles
        .iter()
        .map(|a| story.source_name(*a))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "28-point peace framework": the figure with the thing it counts, as written.
fn claim_text(story: &Story, article: usize, quantity: &Quantity) -> String {
    let text = story.text(article);
    match quantity.noun_span {
        Some(noun) if noun.start >= quantity.span.end => {
            text[quantity.span.start..noun.end].to_string()
        }
        _ => quantity.span.slice(text).to_string(),
    }
}

/// What a figure is about when it names no noun: the words after it up to the end of
/// the clause, skipping a parenthesis ("over two years for the port’s new quays …").
fn context_label(story: &Story, article: usize, quantity: &Quantity) -> String {
    let doc = story.doc(article);
    let text = story.text(article);
    let (_, last) = doc.sentences[quantity.sentence].tokens;
    let Some(mut index) = doc.token_at(quantity.span.end) else {
        return String::new();
    };
    let mut words: Vec<&str> = Vec::new();
    let mut depth = 0;
    let mut start = None;
    let mut end = None;
    while index < last && words.len() < 12 {
        let token = doc.tokens[index];
        let word = token.span.slice(text);
        match word {
            "(" => depth += 1,
            ")" => depth -= 1,
            _ if depth > 0 => {}
            "," | "." | ";" | ":" | "—" | "–" | "“" | "”" | "\"" => break,
            _ => {
                if token.kind != TokenKind::Punct || word == "’s" {
                    start.get_or_insert(token.span.start);
                    end = Some(token.span.end);
                    words.push(word);
                }
            }
        }
        index += 1;
    }
    match (start, end) {
        (Some(s), Some(e)) => text[s..e].to_string(),
        _ => String::new(),
    }
}

/// "$105 billion (€90 billion)": the parenthesised amount restates the one before it.
fn is_conversion(story: &Story, found: &[Found], index: usize) -> bool {
    let this = &found[index];
    if !matches!(this.quantity.unit, QuantityUnit::Money { .. }) || index == 0 {
        return false;
    }
    let previous = &found[index - 1];
    previous.article == this.article
        && matches!(previous.quantity.unit, QuantityUnit::Money { .. })
        && previous.quantity.span.end <= this.quantity.span.start
        && story.text(this.article)[previous.quantity.span.end..this.quantity.span.start].trim()
            == "("
}

/// A candidate indicator with what ranking and filtering need.
struct Scored {
    salience: f64,
    is_duration: bool,
    subject: Option<(String, String)>,
    indicator: KeyIndicator,
}

fn indicators(story: &Story, found: &[Found], disputed: &[usize]) -> Vec<KeyIndicator> {
    // The same figure of the same kind about the same thing is one indicator.
    let mut groups: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    for (index, f) in found.iter().enumerate() {
        if disputed.contains(&index) || is_conversion(story, found, index) {
            continue;
        }
        let q = f.quantity;
        let keep = match &q.unit {
            // "two delegations" is scene-setting; counts start to carry a story at three.
            QuantityUnit::Count => {
                q.value >= 3.0 && q.noun.as_deref().is_some_and(|n| !is_generic_noun(n))
            }
            QuantityUnit::Duration { .. } => q.value >= 2.0,
            _ => q.value > 0.0,
        };
        if !keep || story.is_quoted(f.article, q.span) {
            continue;
        }
        let noun = q.noun.as_deref().map(canonical_noun).unwrap_or_default();
        groups
            .entry((unit_key(&q.unit), value_key(q.value), noun))
            .or_default()
            .push(index);
    }
    let mut scored: Vec<Scored> = groups
        .into_values()
        .map(|members| {
            let evidence: Vec<Evidence> = tidy(
                members
                    .iter()
                    .map(|i| {
                        story.sentence_evidence(found[*i].article, found[*i].quantity.sentence)
                    })
                    .collect(),
            );
            let articles = articles_of(&evidence);
            // The best-placed occurrence speaks for the group.
            let best = *members
                .iter()
                .max_by(|a, b| {
                    let ca = story.centrality(found[**a].article, found[**a].quantity.sentence);
                    let cb = story.centrality(found[**b].article, found[**b].quantity.sentence);
                    ca.total_cmp(&cb).then(b.cmp(a))
                })
                .expect("groups are non-empty");
            let f = &found[best];
            let q = f.quantity;
            let kind_bonus = match q.unit {
                QuantityUnit::Money { .. } => 2.0,
                QuantityUnit::Measure { .. } | QuantityUnit::Percent => 1.5,
                QuantityUnit::Count => 1.0,
                QuantityUnit::Duration { .. } => 0.5,
            };
            let salience = 2.0 * articles.len() as f64
                + members.len() as f64
                + kind_bonus
                + 2.0 * story.centrality(f.article, q.sentence);
            // What the figure is about: for a count, the thing counted and a following
            // complement ("container vessels", "vessels diverted to Carrow");
            // otherwise the words after it ("28-point" → "peace framework", "$105
            // billion" → "over two years for the port’s …").
            let label = match (&q.unit, q.noun_span) {
                (QuantityUnit::Count, Some(noun)) => {
                    let after = context_label(story, f.article, q);
                    let complement = after.split_whitespace().next().is_some_and(|w| {
                        matches!(
                            w,
                            "to" | "of"
                                | "for"
                                | "in"
                                | "at"
                                | "from"
                                | "on"
                                | "that"
                                | "who"
                                | "which"
                        )
                    });
                    let noun = noun.slice(story.text(f.article));
                    if complement {
                        format!("{noun} {after}")
                    } else {
                        noun.to_string()
                    }
                }
                _ => context_label(story, f.article, q),
            };
            let unit = match &q.unit {
                QuantityUnit::Count => q.noun.clone().unwrap_or_else(|| "count".to_string()),
                other => unit_key(other),
            };
            // For a count the figure is the number ("six"); the label names what it counts.
            let text = match (&q.unit, q.noun_span) {
                (QuantityUnit::Count, Some(noun)) if noun.start > q.span.start => story
                    .text(f.article)[q.span.start..noun.start]
                    .trim_end()
                    .to_string(),
                _ => q.span.slice(story.text(f.article)).to_string(),
            };
            let indicator = KeyIndicator {
                text,
                value: q.value,
                unit,
                label,
                context: story.sentence_text(f.article, q.sentence).to_string(),
                single_source: articles.len() == 1,
                articles,
                evidence,
            };
            Scored {
                salience,
                is_duration: matches!(q.unit, QuantityUnit::Duration { .. }),
                subject: subject_key(q),
                indicator,
            }
        })
        .collect();
    // A figure without words saying what it measures cannot be shown on its own, and a
    // duration only carries the story when several sources give it ("nearly four
    // years" of war), not when it qualifies another figure ("over two years").
    scored
        .retain(|c| !(c.indicator.label.is_empty() || c.is_duration && c.indicator.single_source));
    scored.sort_by(|a, b| {
        b.salience
            .total_cmp(&a.salience)
            .then_with(|| a.indicator.text.cmp(&b.indicator.text))
    });
    // Compatible figures about one subject ("six vessels", "at least four vessels"): the
    // strongest speaks for them.
    let mut subjects_seen = Vec::new();
    scored.retain(|c| match &c.subject {
        Some(key) if subjects_seen.contains(key) => false,
        Some(key) => {
            subjects_seen.push(key.clone());
            true
        }
        None => true,
    });
    scored
        .into_iter()
        .take(MAX_INDICATORS)
        .map(|c| c.indicator)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::pipeline::dossier_from_texts as dossier;

    #[test]
    fn a_converted_amount_is_one_figure() {
        let d = dossier(&["Harbour Fund Agreed\n\nThe council agreed to spend $12 million (€11 million) over two years on new quays, officials said on Monday."]);
        let money: Vec<&str> = d.key_indicators.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(money, vec!["$12 million"]);
    }

    #[test]
    fn two_lengths_of_the_same_thing_disagree() {
        let d = dossier(&[
            "Canal Closed\n\nThe canal authority said 12 kilometres of towpath were flooded on Monday.",
            "Towpath Still Shut\n\nThe authority said 15 kilometres of towpath remain closed after the flood.",
        ]);
        let subjects: Vec<&str> = d.disagreements.iter().map(|x| x.subject.as_str()).collect();
        assert_eq!(subjects, vec!["Kilometres of towpath"], "{d:#?}");
        assert_eq!(d.disagreements[0].claims.len(), 2);
    }

    #[test]
    fn compatible_figures_are_not_a_disagreement() {
        let agree = dossier(&[
            "Ships Diverted\n\nAt least four vessels were diverted to Carrow on Monday, agents said.",
            "More Ships Diverted\n\nSix vessels were diverted to Carrow on Tuesday, the port said.",
        ]);
        assert!(
            agree.disagreements.iter().all(|x| x.kind != "figure"),
            "{:?}",
            agree.disagreements
        );
        let differ = dossier(&[
            "Ships Diverted\n\nSix vessels were diverted to Carrow on Monday, agents said.",
            "More Ships Diverted\n\nNine vessels were diverted to Carrow on Monday, the port said.",
        ]);
        let claims: Vec<&str> = differ.disagreements[0]
            .claims
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(claims, vec!["Six vessels", "Nine vessels"]);
    }

    fn figure_disagreements(d: &crate::dossier::Dossier) -> Vec<Vec<String>> {
        d.disagreements
            .iter()
            .filter(|x| x.kind == "figure")
            .map(|x| x.claims.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn a_count_that_grows_over_weeks_is_news_not_a_dispute() {
        let weeks_apart = dossier(&[
            "Fever Spreads\nPublished: May 4, 2031\n\nHealth officials in Velmora confirmed 13 cases of marsh fever on Monday.",
            "Fever Cases Rise\nPublished: May 18, 2031\n\nHealth officials in Velmora confirmed 30 cases of marsh fever on Monday.",
        ]);
        assert!(figure_disagreements(&weeks_apart).is_empty());
        let same_day = dossier(&[
            "Fever Spreads\nPublished: May 4, 2031\n\nHealth officials in Velmora confirmed 13 cases of marsh fever on Monday.",
            "Fever Cases Counted\nPublished: May 5, 2031\n\nHealth officials in Velmora confirmed 30 cases of marsh fever on Monday.",
        ]);
        assert_eq!(
            figure_disagreements(&same_day),
            vec![vec!["13 cases".to_string(), "30 cases".to_string()]]
        );
    }

    #[test]
    fn counts_of_different_scopes_are_no_dispute() {
        // A factor of ten: one town and the whole country.
        let scopes = dossier(&[
            "Fever In Kelm\nPublished: May 4, 2031\n\nDoctors in Kelm have treated 12 cases of marsh fever.",
            "Fever Nationwide\nPublished: May 4, 2031\n\nThe ministry has recorded 1,040 cases of marsh fever across Osterra.",
        ]);
        assert!(figure_disagreements(&scopes).is_empty());
        // Four different values the same day are four scopes, not one dispute.
        let many = dossier(&[
            "A\nPublished: May 4, 2031\n\nKelm reported 10 cases of marsh fever.",
            "B\nPublished: May 4, 2031\n\nBrask reported 14 cases of marsh fever.",
            "C\nPublished: May 4, 2031\n\nCarrow reported 19 cases of marsh fever.",
            "D\nPublished: May 4, 2031\n\nVelmora reported 25 cases of marsh fever.",
        ]);
        assert!(
            figure_disagreements(&many).is_empty(),
            "{:?}",
            figure_disagreements(&many)
        );
    }
}
