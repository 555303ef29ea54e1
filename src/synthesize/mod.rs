//! Synthesize: builds the story dossier from a story's analysed articles.
//!
//! Takes: [`AnalyzedArticle`]s (each an `Article` with its `Doc`), in a fixed order.
//! Gives: a [`Dossier`] (schema `newsdesk.dossier/1`) in which every item cites the exact
//! sentences that support it. Version v1 is extractive: every line of text is a sentence
//! (or a span) of a source; nothing is paraphrased. Output is deterministic: the same
//! articles in the same order give the same dossier, byte for byte.

pub mod actors;
pub mod contradiction;
pub mod coverage;
pub mod datewise;
pub mod disagreements;
pub mod figures;
pub mod furniture;
pub mod overview;
pub mod perspectives;
pub mod resolve;
pub mod scenarios;
pub mod sides;
pub mod stance;
pub mod timeline;
pub mod vectors;

use crate::analyze::doc::{Doc, SentenceKind};
use crate::article::{Article, Span};
use crate::dossier::{Dossier, Evidence, SCHEMA};
use serde::{Deserialize, Serialize};

/// Articles published at most this many days apart report the same moment: their
/// differing figures are a dispute, their "yesterday"s the same day or two.
pub const CONTEMPORARY_DAYS: i64 = 2;

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
    /// `[article][sentence]`: page furniture, never a dossier line (see [`furniture`]).
    furniture: Vec<Vec<bool>>,
    /// `[article][sentence]`: the sentence's span less its leading furniture, computed once
    /// (every line and citation goes through [`Story::sentence_span`]).
    line_spans: Vec<Vec<Span>>,
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
            furniture: furniture_flags(articles),
            line_spans: articles
                .iter()
                .map(|a| {
                    a.doc
                        .sentences
                        .iter()
                        .map(|s| {
                            let text = s.span.slice(&a.article.text);
                            match furniture::leading_length(text) {
                                Some(length) => Span::new(s.span.start + length, s.span.end),
                                None => s.span,
                            }
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// How many days apart two articles were published, when both say.
    pub fn published_days_apart(&self, a: usize, b: usize) -> Option<i64> {
        let published = |i: usize| self.articles[i].article.meta.published_date();
        Some((published(a)?.to_days() - published(b)?.to_days()).abs())
    }

    /// A body sentence that is not page furniture: what dossier lines are made of.
    pub fn is_body(&self, article: usize, sentence: usize) -> bool {
        self.doc(article).sentences[sentence].kind == SentenceKind::Body
            && !self.furniture[article][sentence]
    }

    pub fn text(&self, article: usize) -> &'a str {
        &self.articles[article].article.text
    }

    pub fn doc(&self, article: usize) -> &'a Doc {
        &self.articles[article].doc
    }

    /// A sentence's span, less leading page furniture: a run-in headline and publication
    /// stamp, a picture credit, a dateline ("PORT VELMORA – ", "CARROW (Reuters) — "). A
    /// dossier line starts with what happened, and its evidence with it.
    pub fn sentence_span(&self, article: usize, sentence: usize) -> Span {
        self.line_spans[article][sentence]
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
        if !self.is_body(article, sentence) {
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

    /// All (article, sentence) pairs of body sentences that are not furniture.
    pub fn body_sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (a, article) in self.articles.iter().enumerate() {
            for s in 0..article.doc.sentences.len() {
                if self.is_body(a, s) {
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

/// Which sentences of each article are page furniture: a stamp or credit with nothing
/// readable after it, or a sentence that one outlet repeats word for word in
/// [`furniture::REPEATED_IN_ARTICLES`] or more of the story's articles (a sign-off,
/// "Follow us on Twitter").
fn furniture_flags(articles: &[AnalyzedArticle]) -> Vec<Vec<bool>> {
    // `[article][sentence]`: the body sentence's repetition key, when long enough to be a
    // sign-off rather than a short common phrase.
    let keys: Vec<Vec<Option<String>>> = articles
        .iter()
        .map(|a| {
            a.doc
                .sentences
                .iter()
                .map(|s| {
                    let key = furniture::repetition_key(s.span.slice(&a.article.text));
                    (s.kind == SentenceKind::Body && key.split(' ').count() >= 4).then_some(key)
                })
                .collect()
        })
        .collect();
    let mut articles_per_key: std::collections::HashMap<(Option<&str>, &str), usize> =
        std::collections::HashMap::new();
    for (article, article_keys) in articles.iter().zip(&keys) {
        let outlet = article.article.meta.outlet.as_deref();
        let mut distinct: Vec<&str> = article_keys.iter().flatten().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for key in distinct {
            *articles_per_key.entry((outlet, key)).or_default() += 1;
        }
    }
    articles
        .iter()
        .zip(&keys)
        .map(|(article, article_keys)| {
            let outlet = article.article.meta.outlet.as_deref();
            article
                .doc
                .sentences
                .iter()
                .zip(article_keys)
                .map(|(sentence, key)| {
                    furniture::is_all_furniture(sentence.span.slice(&article.article.text))
                        || key.as_deref().is_some_and(|key| {
                            articles_per_key[&(outlet, key)] >= furniture::REPEATED_IN_ARTICLES
                        })
                })
                .collect()
        })
        .collect()
}

/// Distinct article indices of evidence, sorted.
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
    disagreements.extend(disagreements::claims(&story));
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
        generated: None,
    };
    dossier.coverage = coverage::build(&story, &dossier);
    dossier
}

#[cfg(test)]
mod tests {
    use crate::pipeline::dossier_from_texts as dossier;

    /// Every line and every quoted piece of evidence of a dossier.
    fn all_quoted_text(d: &crate::dossier::Dossier) -> Vec<String> {
        fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, value) in map {
                        if key == "articles" && value.is_array() && value[0].is_object() {
                            continue; // the articles themselves, not dossier lines
                        }
                        if matches!(key.as_str(), "quote" | "text") {
                            if let Some(text) = value.as_str() {
                                out.push(text.to_string());
                            }
                        }
                        walk(value, out);
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&serde_json::to_value(d).unwrap(), &mut out);
        out
    }

    #[test]
    fn an_outlets_repeated_sign_off_is_never_a_dossier_line() {
        let sign_off = "Follow the Velmora Ledger on Telegram for live strike updates every day.";
        let d = dossier(&[
            &format!("Strike Begins\n\nDockworkers at Port Velmora walked off the job on Monday over crane automation.\n\n{sign_off}"),
            &format!("Talks Resume\n\nTalks between the union and the port authority resumed on Thursday with a mediator.\n\n{sign_off}"),
            &format!("Talks Stall\n\nTalks to end the strike at Port Velmora stalled on Friday over job guarantees.\n\n{sign_off}"),
        ]);
        let lines = all_quoted_text(&d);
        assert!(lines.iter().all(|l| !l.contains("Telegram")), "{lines:#?}");
        assert!(lines.iter().any(|l| l.contains("walked off the job")));
    }

    #[test]
    fn a_run_in_headline_and_stamp_are_left_off_the_line_and_its_evidence() {
        let d = dossier(&[
            "Ferry Fire\n\nFerry fire grounds island fleet Islanders stranded Sunday 2 March 2031 10.40 GMT A fire broke out aboard the ferry Calder Star near Port Velmora on Sunday morning.\n\nAll 212 passengers were taken off by lifeboats, the coast guard said on Sunday.",
        ]);
        let lines = all_quoted_text(&d);
        let fire: Vec<&String> = lines.iter().filter(|l| l.contains("broke out")).collect();
        assert!(!fire.is_empty(), "{lines:#?}");
        assert!(
            fire.iter().all(|l| l.starts_with("A fire broke out")),
            "{fire:#?}"
        );
    }

    #[test]
    fn a_question_title_does_not_head_the_page_when_a_statement_can() {
        let d = dossier(&[
            "Why Did The Ferry Burn?\n\nA fire broke out aboard the ferry Calder Star near Port Velmora on Sunday, the coast guard said.\n\nAll 212 passengers were taken off by lifeboats before the ferry sank.",
            "Ferry Calder Star Sinks Near Port Velmora\n\nThe ferry Calder Star sank near Port Velmora on Sunday after a fire in its engine room.\n\nInvestigators from the maritime board will inspect the wreck.",
        ]);
        assert_eq!(d.headline.text, "Ferry Calder Star Sinks Near Port Velmora");
        // With only questions for titles, the strongest sentence heads the page, once.
        let d = dossier(&[
            "Why Did The Ferry Burn?\n\nA fire broke out aboard the ferry Calder Star near Port Velmora on Sunday, the coast guard said.\n\nAll 212 passengers were taken off by lifeboats before the ferry sank.\n\nInvestigators from the maritime board will inspect the wreck of the ferry.",
        ]);
        assert!(!d.headline.text.ends_with('?'), "{}", d.headline.text);
        assert_ne!(d.headline.text, d.dek.text);
        assert!(d.overview.iter().all(|o| o.text != d.headline.text));
    }
}
