//! Named entities on CoNLL-2003 (`eng.testb` by default), scored with conlleval semantics:
//! entity-level exact match (same first token, same last token, same type), micro
//! precision, recall and F1 over PER, ORG, LOC and MISC, and per type.
//!
//! The statistical tagger ([`crate::analyze::ner`]) reads each CoNLL document as it is
//! tokenised in the file, one document at a time (its history features carry across the
//! document's sentences). Its BILOU labels are written back as IOB1.

use crate::analyze::ner::train::{gold_labels, LabelledDocument};
use crate::analyze::ner::{self, EntityType, Tagger};
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

/// A CoNLL file as labelled documents for training the tagger.
pub fn labelled(path: &Path) -> Result<Vec<LabelledDocument>, String> {
    Ok(load(path)?
        .into_iter()
        .map(|document| {
            let labels = document
                .iter()
                .map(|sentence| {
                    let spans: Vec<(usize, usize, EntityType)> = chunks(&sentence.gold)
                        .into_iter()
                        .filter_map(|(start, end, kind)| {
                            EntityType::from_conll(&kind).map(|k| (start, end, k))
                        })
                        .collect();
                    gold_labels(sentence.tokens.len(), &spans)
                })
                .collect();
            LabelledDocument {
                sentences: document.into_iter().map(|s| s.tokens).collect(),
                labels,
            }
        })
        .collect())
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

/// The tagger's tags for one document's sentences, in IOB1 (`B-` only between two
/// entities of the same type), as the CoNLL files write them.
pub fn predict(tagger: &Tagger, document: &[Sentence]) -> Vec<Vec<String>> {
    let sentences: Vec<Vec<&str>> = document
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    tagger
        .tag_document(&sentences)
        .iter()
        .map(|labels| {
            let mut tags = vec!["O".to_string(); labels.len()];
            for (start, end, kind) in ner::chunks(labels) {
                let after_same = start > 0 && tags[start - 1].ends_with(kind.conll());
                for (i, tag) in tags.iter_mut().enumerate().take(end).skip(start) {
                    let prefix = if i == start && after_same { "B" } else { "I" };
                    *tag = format!("{prefix}-{}", kind.conll());
                }
            }
            tags
        })
        .collect()
}

pub struct Report {
    pub overall: Score,
    pub by_type: BTreeMap<String, Score>,
    pub tokens: usize,
    pub seconds: f64,
    /// `TOKEN GOLD PRED` lines, blank between sentences.
    pub lines: Vec<String>,
}

pub fn run(tagger: &Tagger, documents: &[Vec<Sentence>]) -> Report {
    let started = std::time::Instant::now();
    let predictions: Vec<Vec<Vec<String>>> = documents.iter().map(|d| predict(tagger, d)).collect();
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
    fn predictions_are_written_in_iob1() {
        let sentence = Sentence {
            tokens: "Harbour master Ines Albarran met union officials in Velmora on Monday ."
                .split(' ')
                .map(str::to_string)
                .collect(),
            gold: Vec::new(),
        };
        let tagger = Tagger::embedded().expect("the committed model");
        let predicted = predict(tagger, &[sentence]);
        assert_eq!(predicted[0][2], "I-PER");
        assert_eq!(predicted[0][3], "I-PER");
        assert!(chunks(&predicted[0]).contains(&(2, 4, "PER".to_string())));
    }
}
