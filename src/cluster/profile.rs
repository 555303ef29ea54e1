//! Profiles: what clustering needs to know about an article, taken from its analysis.
//!
//! Takes: an [`AnalyzedArticle`]. Gives: a [`Profile`] — weighted content terms (title
//! words twice, figures and model names included, URL words), entity keys, publication
//! day, the years it mentions, and the country and person it is mainly about.

use crate::analyze::doc::{EntityKind, SentenceKind, TokenKind};
use crate::analyze::lexicon::{PlaceKind, GAZETTEER};
use crate::analyze::timex::{Anchor, TimexKind};
use crate::synthesize::vectors::terms_of;
use crate::synthesize::AnalyzedArticle;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Terms kept per article profile.
const TERMS_PER_ARTICLE: usize = 80;

/// What clustering needs to know about an article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Content terms with raw weights `1 + ln tf` (title words count twice), by term.
    pub terms: Vec<(String, f32)>,
    /// Entity keys with weights `1 + ln mentions`: people by surname, other names whole.
    pub entities: Vec<(String, f32)>,
    /// Publication day (days since 1970), when known.
    pub day: Option<i64>,
    /// Calendar years the article mentions or was published in.
    pub years: Vec<i32>,
    /// The country the article is about: the one it names most, at least twice and
    /// clearly more than any other.
    #[serde(default)]
    pub anchor: Option<String>,
    /// The person the article is about: the one it names most (by surname), at least
    /// twice and clearly more than anyone else.
    #[serde(default)]
    pub protagonist: Option<String>,
}

impl Profile {
    /// Whether the article names this entity key.
    pub(super) fn names(&self, key: &str) -> bool {
        self.entities
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .is_ok()
    }
}

/// The name key used for overlap: people by surname, others by full name.
fn entity_key(article: &AnalyzedArticle, index: usize) -> Option<String> {
    let mention = &article.doc.mentions[index];
    let text = &article.article.text;
    match mention.kind {
        EntityKind::Person => mention
            .span
            .slice(text)
            .split_whitespace()
            .last()
            .map(str::to_lowercase),
        EntityKind::Organization | EntityKind::Place => Some(mention.name(text).to_lowercase()),
        EntityKind::Unknown => None,
    }
}

/// Words of a URL path ("…/2013/may/03/local/lohan-rehab…" → "lohan", "rehab").
fn url_words(url: &str) -> Vec<String> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    path.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && w.chars().all(char::is_alphabetic))
        .map(str::to_lowercase)
        .collect()
}

/// Figures and model names distinguish events of the same kind ("Curve 8900" and "Q10",
/// "23 pirates", "€80 million"): numbers of two or more characters and words with digits
/// count as terms, written as in the text (lowercase, separators dropped).
fn figure_term(word: &str, kind: TokenKind) -> Option<String> {
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    let candidate = match kind {
        TokenKind::Number => true,
        TokenKind::Word => has_digit,
        _ => false,
    };
    if !candidate {
        return None;
    }
    let term: String = word
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '.')
        .flat_map(char::to_lowercase)
        .collect();
    let term = term.trim_matches('.').to_string();
    (term.chars().count() >= 2).then_some(term)
}

pub fn profile(article: &AnalyzedArticle) -> Profile {
    let text = &article.article.text;
    let mut counts: BTreeMap<String, f32> = BTreeMap::new();
    for (index, sentence) in article.doc.sentences.iter().enumerate() {
        let weight = if sentence.kind == SentenceKind::Title {
            2.0
        } else {
            1.0
        };
        let tokens = article.doc.sentence_tokens(index);
        let words = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.span.slice(text));
        for term in terms_of(words) {
            *counts.entry(term).or_insert(0.0) += weight;
        }
        for token in tokens {
            if let Some(term) = figure_term(token.span.slice(text), token.kind) {
                *counts.entry(term).or_insert(0.0) += weight;
            }
        }
    }
    if let Some(url) = &article.article.meta.url {
        for term in terms_of(url_words(url).iter().map(String::as_str)) {
            *counts.entry(term).or_insert(0.0) += 1.0;
        }
    }
    let mut terms: Vec<(String, f32)> =
        counts.into_iter().map(|(t, c)| (t, 1.0 + c.ln())).collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    terms.truncate(TERMS_PER_ARTICLE);
    terms.sort_by(|a, b| a.0.cmp(&b.0));

    let mut entity_counts: BTreeMap<String, f32> = BTreeMap::new();
    for index in 0..article.doc.mentions.len() {
        if let Some(key) = entity_key(article, index) {
            *entity_counts.entry(key).or_insert(0.0) += 1.0;
        }
    }
    let entities = entity_counts
        .into_iter()
        .map(|(k, c)| (k, 1.0 + c.ln()))
        .collect();

    let mut countries: BTreeMap<String, u32> = BTreeMap::new();
    let mut people: BTreeMap<String, u32> = BTreeMap::new();
    for (index, mention) in article.doc.mentions.iter().enumerate() {
        match mention.kind {
            EntityKind::Place => {
                let name = mention.name(text);
                if GAZETTEER
                    .places
                    .get(name)
                    .is_some_and(|p| p.kind == PlaceKind::Country)
                {
                    *countries.entry(name.to_lowercase()).or_insert(0) += 1;
                }
            }
            EntityKind::Person => {
                if let Some(key) = entity_key(article, index) {
                    *people.entry(key).or_insert(0) += 1;
                }
            }
            _ => {}
        }
    }
    let anchor = dominant(countries);
    let protagonist = dominant(people);
    let published = article.article.meta.published_date();
    let mut years: Vec<i32> = article
        .doc
        .timexes
        .iter()
        .filter(|t| t.value.kind == TimexKind::Date && t.value.anchor == Anchor::Absolute)
        .filter_map(|t| {
            t.value
                .date
                .as_deref()
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse().ok())
        })
        .chain(published.map(|d| d.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    Profile {
        terms,
        entities,
        day: published.map(|d| d.to_days()),
        years,
        anchor,
        protagonist,
    }
}

/// The key counted most, when it is counted at least twice and half again as often as
/// any other.
fn dominant(counts: BTreeMap<String, u32>) -> Option<String> {
    let mut ranked: Vec<(u32, String)> = counts.into_iter().map(|(key, n)| (n, key)).collect();
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    match ranked.as_slice() {
        [(first, key), rest @ ..]
            if *first >= 2
                && rest
                    .first()
                    .is_none_or(|(second, _)| f64::from(*first) >= 1.5 * f64::from(*second)) =>
        {
            Some(key.clone())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_model_names_are_terms() {
        assert_eq!(figure_term("Q10", TokenKind::Word).as_deref(), Some("q10"));
        assert_eq!(
            figure_term("1,200", TokenKind::Number).as_deref(),
            Some("1200")
        );
        assert_eq!(
            figure_term("2.5", TokenKind::Number).as_deref(),
            Some("2.5")
        );
        assert_eq!(figure_term("7", TokenKind::Number), None);
        assert_eq!(figure_term("harbour", TokenKind::Word), None);
    }

    #[test]
    fn url_paths_give_words() {
        assert_eq!(
            url_words("http://news.example/2031/mar/04/local/port-strike-velmora.html"),
            vec!["mar", "local", "port", "strike", "velmora", "html"]
        );
    }
}
