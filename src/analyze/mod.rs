//! Analyze: annotates one [`Article`]'s clean text with a [`Doc`]: tokens, sentences,
//! entity mentions with roles, time expressions normalised against the publication date,
//! figures with units, and quotes with their speakers.
//!
//! Takes: an `Article`. Gives: a `Doc` of byte spans into `article.text`. Each component
//! reads what the earlier ones wrote (sentences need tokens, quotes need mentions); the
//! order is fixed in [`analyze`]. Entity mentions come from rules ([`entities`]) combined
//! with the statistical tagger ([`ner`]): the rules find titles, roles and known names,
//! the tagger types what the rules could not.

pub mod doc;
pub mod entities;
pub mod lexicon;
pub mod ner;
pub mod quantities;
pub mod quotes;
pub mod roles;
pub mod sentences;
pub mod speakers;
pub mod timex;
pub mod tokens;

use crate::article::{Article, Span};
use doc::{Doc, SentenceKind, Timex};
use timex::{sentence_direction, Context, TimexKind};

/// Bumped whenever analysis output changes, so that stored analyses are recomputed.
pub const ANALYZER_VERSION: u32 = 14;

pub fn analyze(article: &Article) -> Doc {
    let text = article.text.as_str();
    let mut doc = Doc::default();
    let mut block_tokens = Vec::with_capacity(article.blocks.len());
    for block in &article.blocks {
        let first = doc.tokens.len();
        tokens::tokenize(text, block.span, &mut doc.tokens);
        block_tokens.push((first, doc.tokens.len()));
    }
    doc.sentences = sentences::split(text, &article.blocks, &doc.tokens, &block_tokens);

    let published = article.meta.published_date();
    let mut quarter = None;
    // Each token's text lowercased, in strings kept from sentence to sentence: most
    // sentences then lowercase without allocating.
    let mut lowered: Vec<String> = Vec::new();
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let (first, last) = sentence.tokens;
        let tokens = &doc.tokens[first..last];
        if lowered.len() < tokens.len() {
            lowered.resize_with(tokens.len(), String::new);
        }
        for (word, token) in lowered.iter_mut().zip(tokens) {
            word.clear();
            lowercase_into(token.span.slice(text), word);
        }
        let words = &lowered[..tokens.len()];
        let context = Context {
            published,
            direction: sentence_direction(words),
            quarter,
        };
        let found = timex::find(text, tokens, words, context);
        quarter = found
            .iter()
            .rev()
            .find_map(|expression| expression.named_quarter(words))
            .or(quarter);
        let mut date_spans = Vec::new();
        for expression in found {
            let span = Span::new(
                tokens[expression.tokens.0].span.start,
                tokens[expression.tokens.1 - 1].span.end,
            );
            if expression.value.kind != TimexKind::Duration {
                date_spans.push(span);
            }
            doc.timexes.push(Timex {
                span,
                sentence: index,
                value: expression.value,
            });
        }
        if sentence.kind == SentenceKind::Body {
            doc.quantities
                .extend(quantities::find(text, tokens, words, index, &date_spans));
        }
    }
    entities::recognize(text, &mut doc);
    quotes::find(text, &article.blocks, &mut doc);
    doc
}

/// Appends `word` lowercased as [`str::to_lowercase`] writes it (which also handles the
/// final sigma of Greek words), ASCII in place without converting character by character.
fn lowercase_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// Analyses a plain-text article given as a string (headline on the first line); for tests
/// and examples. Returns the clean text the spans refer to.
pub fn analyze_text(raw: &str) -> (String, Doc) {
    let source = crate::ingest::RawSource::new(
        "<text>",
        raw.as_bytes().to_vec(),
        crate::ingest::SourceFormat::Text,
    );
    let article = crate::extract::extract(&source, &crate::article::ArticleMeta::default())
        .expect("test text is a valid article");
    let doc = analyze(&article);
    (article.text, doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleMeta;
    use crate::ingest::{RawSource, SourceFormat};

    #[test]
    fn a_quarter_named_in_one_sentence_anchors_the_next() {
        let raw = "Harlow Mills reports\n\nHarlow Mills earned $9 million in the second quarter. \
                   A year earlier it lost money. The quarter ended in June.";
        let source = RawSource::new("<text>", raw.as_bytes().to_vec(), SourceFormat::Text);
        let meta = ArticleMeta {
            published: Some("2031-08-02".into()),
            ..ArticleMeta::default()
        };
        let article = crate::extract::extract(&source, &meta).expect("a valid article");
        let doc = analyze(&article);
        let values: Vec<(&str, &str)> = doc
            .timexes
            .iter()
            .map(|t| (t.span.slice(&article.text), t.value.value.as_str()))
            .collect();
        assert_eq!(
            values,
            vec![
                ("the second quarter", "2031-Q2"),
                ("A year earlier", "2030-Q2"),
                ("The quarter", "2031-Q2"),
                ("June", "2031-06")
            ]
        );
    }
}
