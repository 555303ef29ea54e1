//! Synthesize: builds the story dossier from a story's analysed articles.
//!
//! Takes: [`AnalyzedArticle`]s (each an `Article` with its `Doc`), in a fixed order.
//! Gives: a [`Dossier`] (schema `newsdesk.dossier/1`) in which every item cites the exact
//! sentences that support it. Version v1 is extractive: every line of text is a sentence
//! (or a span) of a source; nothing is paraphrased. Output is deterministic: the same
//! articles in the same order give the same dossier, byte for byte.

pub mod actors;
pub mod coverage;
pub mod datewise;
pub mod disagreements;
pub mod figures;
pub mod overview;
pub mod perspectives;
pub mod resolve;
pub mod scenarios;
pub mod timeline;
pub mod vectors;

use crate::analyze::doc::{Doc, SentenceKind};
use crate::article::{Article, Span};
use crate::dossier::{Dossier, Evidence, SCHEMA};
use serde::{Deserialize, Serialize};

/// An article with its analysis: the unit synthesis works on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyzedArticle {
    pub article: Article,
    pub doc: Doc,
}

/// Shared context for the section builders.
pub struct Story<'a> {
    pub articles: &'a [AnalyzedArticle],
    pub vectors: vectors::Vectors,
    pub entities: resolve::Entities,
    /// Indices (into `entities.list`) of the eight most important entities of any kind.
    pub top_entities: Vec<usize>,
    /// `[article][sentence]`: the sentence's position among its article's body sentences.
    body_positions: Vec<Vec<usize>>,
    /// `[article][block]`: whether the block is in a background section.
    pub background_blocks: Vec<Vec<bool>>,
}

impl<'a> Story<'a> {
    pub fn new(articles: &'a [AnalyzedArticle]) -> Story<'a> {
        let entities = resolve::resolve(articles);
        let mut top_entities: Vec<usize> = (0..entities.list.len()).collect();
        top_entities.sort_by_key(|i| std::cmp::Reverse(entities.list[*i].weight()));
        top_entities.truncate(8);
        let body_positions = articles
            .iter()
            .map(|a| {
                let mut position = 0;
                a.doc
                    .sentences
                    .iter()
                    .map(|s| {
                        let here = position;
                        if s.kind == SentenceKind::Body {
                            position += 1;
                        }
                        here
                    })
                    .collect()
            })
            .collect();
        Story {
            articles,
            vectors: vectors::build(articles),
            entities,
            top_entities,
            body_positions,
            background_blocks: articles.iter().map(timeline::background_blocks).collect(),
        }
    }

    pub fn text(&self, article: usize) -> &'a str {
        &self.articles[article].article.text
    }

    pub fn doc(&self, article: usize) -> &'a Doc {
        &self.articles[article].doc
    }

    /// A sentence's span, less a leading dateline ("PORT VELMORA – ", "CARROW (Reuters) —
    /// "): a dossier line starts with what happened, and its evidence with it.
    pub fn sentence_span(&self, article: usize, sentence: usize) -> Span {
        let span = self.doc(article).sentences[sentence].span;
        let text = span.slice(self.text(article));
        match dateline_length(text) {
            Some(length) => Span::new(span.start + length, span.end),
            None => span,
        }
    }

    pub fn sentence_text(&self, article: usize, sentence: usize) -> &'a str {
        self.sentence_span(article, sentence)
            .slice(self.text(article))
    }

    /// Evidence for a span; its sentence is the one where the span starts.
    pub fn evidence(&self, article: usize, span: Span) -> Evidence {
        let text = self.text(article);
        Evidence {
            article,
            sentence: self.doc(article).sentence_at(span.start).unwrap_or(0),
            start: span.start,
            end: span.end,
            quote: span.slice(text).to_string(),
        }
    }

    pub fn sentence_evidence(&self, article: usize, sentence: usize) -> Evidence {
        self.evidence(article, self.sentence_span(article, sentence))
    }

    pub fn centrality(&self, article: usize, sentence: usize) -> f64 {
        self.vectors.centrality[article][sentence]
    }

    pub fn similarity(&self, a: (usize, usize), b: (usize, usize)) -> f64 {
        vectors::cosine(
            &self.vectors.sentences[a.0][a.1],
            &self.vectors.sentences[b.0][b.1],
        )
    }

    /// The outlet, or "article N" when the source does not say.
    pub fn source_name(&self, article: usize) -> String {
        self.articles[article]
            .article
            .meta
            .outlet
            .clone()
            .unwrap_or_else(|| format!("article {}", article + 1))
    }

    pub fn word_count(&self, article: usize, sentence: usize) -> usize {
        self.sentence_text(article, sentence)
            .split_whitespace()
            .count()
    }

    /// Position of a sentence among its article's body sentences (0 = lead).
    pub fn body_position(&self, article: usize, sentence: usize) -> usize {
        self.body_positions[article][sentence]
    }

    /// A sentence a reader can take on its own: a statement of moderate length, not a
    /// question, not opening with a word that needs the previous sentence, not mostly
    /// quotation, and not in the first person outside quotes.
    pub fn stands_alone(&self, article: usize, sentence: usize) -> bool {
        let doc = self.doc(article);
        if doc.sentences[sentence].kind != SentenceKind::Body {
            return false;
        }
        let text = self.sentence_text(article, sentence);
        let words = text.split_whitespace().count();
        if !(8..=60).contains(&words) || text.trim_end().ends_with('?') {
            return false;
        }
        if self.needs_previous_sentence(article, sentence) {
            return false;
        }
        if self.is_mostly_quoted(article, sentence) {
            return false;
        }
        let unquoted_first_person = doc.sentence_tokens(sentence).iter().any(|t| {
            let word = t.span.slice(self.text(article));
            matches!(word, "I" | "we" | "We" | "our" | "Our" | "us" | "my" | "My")
                && !doc.quotes.iter().any(|q| q.span.contains(t.span))
        });
        !unquoted_first_person
    }

    /// All (article, sentence) pairs of body sentences.
    pub fn body_sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (a, article) in self.articles.iter().enumerate() {
            for (s, sentence) in article.doc.sentences.iter().enumerate() {
                if sentence.kind == SentenceKind::Body {
                    out.push((a, s));
                }
            }
        }
        out
    }

    /// Whether a sentence opens with a word that points back ("But", "He", "This").
    pub fn needs_previous_sentence(&self, article: usize, sentence: usize) -> bool {
        let first = self
            .sentence_text(article, sentence)
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        [
            "but",
            "and",
            "yet",
            "still",
            "so",
            "or",
            "however",
            "he",
            "she",
            "it",
            "they",
            "this",
            "that",
            "these",
            "those",
            "his",
            "her",
            "their",
            "its",
            "such",
            "there",
            "then",
            "also",
            "instead",
            "even",
            "meanwhile",
        ]
        .contains(&first.as_str())
    }

    /// Whether more than half of a sentence is quotation.
    pub fn is_mostly_quoted(&self, article: usize, sentence: usize) -> bool {
        let span = self.sentence_span(article, sentence);
        let quoted: usize = self
            .doc(article)
            .quotes
            .iter()
            .filter(|q| q.span.overlaps(span))
            .map(|q| q.span.end.min(span.end) - q.span.start.max(span.start))
            .sum();
        quoted * 2 > span.len()
    }

    /// Whether a span lies inside a quotation.
    pub fn is_quoted(&self, article: usize, span: Span) -> bool {
        self.doc(article)
            .quotes
            .iter()
            .any(|q| q.span.contains(span))
    }
}

/// Distinct article indices of evidence, sorted.
/// The length in bytes of a dateline opening `sentence` (a place in capitals, perhaps an
/// agency in parentheses, then a dash and a space), when there is one and text follows it.
pub fn dateline_length(sentence: &str) -> Option<usize> {
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

pub fn articles_of(evidence: &[Evidence]) -> Vec<usize> {
    let mut articles: Vec<usize> = evidence.iter().map(|e| e.article).collect();
    articles.sort_unstable();
    articles.dedup();
    articles
}

/// Evidence sorted by article and offset, without duplicates.
pub fn tidy(mut evidence: Vec<Evidence>) -> Vec<Evidence> {
    evidence.sort_by_key(|e| (e.article, e.start, e.end));
    evidence.dedup_by(|a, b| a.article == b.article && a.start == b.start && a.end == b.end);
    evidence
}

/// Builds the dossier of one story.
pub fn synthesize(articles: &[AnalyzedArticle]) -> Dossier {
    let story = Story::new(articles);
    let overview = overview::build(&story);
    let people = actors::people(&story);
    let organizations = actors::organizations(&story);
    let places = actors::places(&story);
    let figures = figures::build(&story);
    let mut disagreements = figures.disagreements;
    disagreements.extend(disagreements::name_spellings(&story));
    disagreements.extend(disagreements::dates(&story));
    let (timeline, background) = timeline::build(&story);
    let perspectives = perspectives::build(&story, &people);
    let scenarios = scenarios::build(&story);
    let mut dossier = Dossier {
        schema: SCHEMA.to_string(),
        story: None,
        headline: overview.headline,
        dek: overview.dek,
        overview: overview.sentences,
        key_indicators: figures.indicators,
        people,
        organizations,
        places,
        timeline,
        perspectives,
        disagreements,
        scenarios,
        background,
        coverage: coverage::placeholder(),
        articles: coverage::articles(&story),
    };
    dossier.coverage = coverage::build(&story, &dossier);
    dossier
}

#[cfg(test)]
mod tests {
    use super::dateline_length;

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
}
