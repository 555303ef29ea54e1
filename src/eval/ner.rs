//! Named entities on CoNLL-2003 (`eng.testb` by default), scored with conlleval semantics:
//! entity-level exact match (same first token, same last token, same type), micro
//! precision, recall and F1 over PER, ORG, LOC and MISC, and per type.
//!
//! Each CoNLL document becomes one article: its sentences joined by spaces token by token,
//! one sentence per block, so that every token has a known byte span. newsdesk's mentions
//! are mapped back to the tokens they cover; their kinds map Person → PER,
//! Organization → ORG, Place → LOC, and a name newsdesk could not type → PER (chosen on
//! eng.testa: F1 0.534 against 0.406 with MISC; the recogniser has no MISC type).

use crate::analyze::analyze;
use crate::analyze::doc::EntityKind;
use crate::article::{Article, ArticleMeta, Block, BlockKind, Span};
use std::collections::BTreeMap;
use std::path::Path;

pub use super::metrics::Matches as Score;

/// One CoNLL sentence: tokens and gold tags (IOB1 as in the file).
pub struct Sentence {
    pub tokens: Vec<String>,
    pub gold: Vec<String>,
}

/// Reads a CoNLL-2003 file into documents of sentences.
pub fn load(path: &Path) -> Result<Vec<Vec<Sentence>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut documents: Vec<Vec<Sentence>> = Vec::new();
    let mut sentence = Sentence {
        tokens: Vec::new(),
        gold: Vec::new(),
    };
    let flush = |sentence: &mut Sentence, documents: &mut Vec<Vec<Sentence>>| {
        if !sentence.tokens.is_empty() {
            if documents.is_empty() {
                documents.push(Vec::new());
            }
            let done = std::mem::replace(
                sentence,
                Sentence {
                    tokens: Vec::new(),
                    gold: Vec::new(),
                },
            );
            documents.last_mut().expect("one document").push(done);
        }
    };
    for (number, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            flush(&mut sentence, &mut documents);
            continue;
        }
        if fields[0] == "-DOCSTART-" {
            flush(&mut sentence, &mut documents);
            documents.push(Vec::new());
            continue;
        }
        if fields.len() < 2 {
            return Err(format!(
                "{}:{}: expected `WORD ... TAG`",
                path.display(),
                number + 1
            ));
        }
        sentence.tokens.push(fields[0].to_string());
        sentence.gold.push(fields[fields.len() - 1].to_string());
    }
    flush(&mut sentence, &mut documents);
    documents.retain(|d| !d.is_empty());
    if documents.is_empty() {
        return Err(format!("{}: no sentences", path.display()));
    }
    Ok(documents)
}

/// Entities of a tag sequence as (first token, end token, type), IOB1 or IOB2 alike: a
/// chunk starts at `B-`, or at `I-` after `O` or after another type.
pub fn chunks(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((start, k)) = open.take() {
                out.push((start, i, k));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, kind.to_string()));
            }
        }
    }
    if let Some((start, k)) = open {
        out.push((start, tags.len(), k));
    }
    out
}

/// newsdesk's tags for one document's sentences (IOB1, `B-` only between two entities of
/// the same type).
pub fn predict(document: &[Sentence]) -> Vec<Vec<String>> {
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut token_spans: Vec<Vec<Span>> = Vec::new();
    for sentence in document {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let block_start = text.len();
        let mut spans = Vec::new();
        for (i, token) in sentence.tokens.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(token);
            spans.push(Span::new(start, text.len()));
        }
        blocks.push(Block {
            span: Span::new(block_start, text.len()),
            kind: BlockKind::Paragraph,
        });
        token_spans.push(spans);
    }
    let article = Article {
        id: crate::dedup::fingerprint(&text),
        origin: "conll".to_string(),
        meta: ArticleMeta::default(),
        text,
        blocks,
        removed: Vec::new(),
        fetched_at: None,
    };
    let doc = analyze(&article);
    let mut tags: Vec<Vec<String>> = document
        .iter()
        .map(|s| vec!["O".to_string(); s.tokens.len()])
        .collect();
    for mention in &doc.mentions {
        let kind = match mention.kind {
            EntityKind::Person => "PER",
            EntityKind::Organization => "ORG",
            EntityKind::Place => "LOC",
            EntityKind::Unknown => "PER",
        };
        for (s, spans) in token_spans.iter().enumerate() {
            let covered: Vec<usize> = spans
                .iter()
                .enumerate()
                .filter(|(_, t)| t.start >= mention.span.start && t.end <= mention.span.end)
                .map(|(i, _)| i)
                .collect();
            let (Some(&first), Some(&last)) = (covered.first(), covered.last()) else {
                continue;
            };
            let after_same = first > 0 && tags[s][first - 1].ends_with(kind);
            for (offset, i) in (first..=last).enumerate() {
                let prefix = if offset == 0 && after_same { "B" } else { "I" };
                tags[s][i] = format!("{prefix}-{kind}");
            }
        }
    }
    tags
}

pub struct Report {
    pub overall: Score,
    pub by_type: BTreeMap<String, Score>,
    pub tokens: usize,
    pub seconds: f64,
    /// `TOKEN GOLD PRED` lines, blank between sentences.
    pub lines: Vec<String>,
}

pub fn run(documents: &[Vec<Sentence>]) -> Report {
    let started = std::time::Instant::now();
    let predictions: Vec<Vec<Vec<String>>> = documents.iter().map(|d| predict(d)).collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut overall = Score::default();
    let mut by_type: BTreeMap<String, Score> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut tokens = 0;
    for (document, predicted) in documents.iter().zip(&predictions) {
        for (sentence, tags) in document.iter().zip(predicted) {
            tokens += sentence.tokens.len();
            let gold = chunks(&sentence.gold);
            let guessed = chunks(tags);
            for (_, _, kind) in &gold {
                overall.gold += 1;
                by_type.entry(kind.clone()).or_default().gold += 1;
            }
            for chunk in &guessed {
                overall.predicted += 1;
                by_type.entry(chunk.2.clone()).or_default().predicted += 1;
                if gold.contains(chunk) {
                    overall.matched += 1;
                    by_type.entry(chunk.2.clone()).or_default().matched += 1;
                }
            }
            for ((token, gold), pred) in sentence.tokens.iter().zip(&sentence.gold).zip(tags) {
                lines.push(format!("{token} {gold} {pred}"));
            }
            lines.push(String::new());
        }
    }
    Report {
        overall,
        by_type,
        tokens,
        seconds,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn chunks_follow_conlleval() {
        let iob1 = tags(&["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG", "I-MISC"]);
        assert_eq!(
            chunks(&iob1),
            vec![
                (0, 2, "PER".to_string()),
                (3, 4, "LOC".to_string()),
                (4, 5, "LOC".to_string()),
                (5, 6, "ORG".to_string()),
                (6, 7, "MISC".to_string()),
            ]
        );
    }

    #[test]
    fn predictions_are_tagged_on_the_conll_tokens() {
        let sentence = Sentence {
            tokens: "Harbour master Ines Albarran met union officials in Velmora on Monday ."
                .split(' ')
                .map(str::to_string)
                .collect(),
            gold: Vec::new(),
        };
        let predicted = predict(&[sentence]);
        let found = chunks(&predicted[0]);
        assert!(found.contains(&(2, 4, "PER".to_string())), "{found:?}");
    }
}
