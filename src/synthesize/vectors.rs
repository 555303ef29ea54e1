//! Sentence vectors for centrality and redundancy.
//!
//! Terms are lowercase content words (stopwords dropped, plural `s` folded). A sentence
//! vector weighs each term by `(1 + ln tf) · ln(1 + S / df)` over the story's `S`
//! sentences. The story centroid rewards terms that are frequent *and* spread across
//! articles — what several outlets agree the story is about — and keeps its 60 strongest
//! terms. A sentence's centrality is its cosine with the centroid.

use crate::analyze::doc::{SentenceKind, TokenKind};
use crate::analyze::lexicon::STOPWORDS;
use crate::analyze::quantities::singular;
use crate::synthesize::AnalyzedArticle;
use std::collections::HashMap;

/// A sparse vector: (term id, weight), sorted by term id, unit length.
pub type SparseVec = Vec<(u32, f32)>;

pub struct Vectors {
    /// `[article][sentence]`.
    pub sentences: Vec<Vec<SparseVec>>,
    pub centroid: SparseVec,
    /// `[article][sentence]` cosine with the centroid.
    pub centrality: Vec<Vec<f64>>,
}

/// The content terms of a text span's words.
pub fn terms_of<'w>(words: impl Iterator<Item = &'w str>) -> Vec<String> {
    words
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && w.chars().all(|c| c.is_alphabetic() || c == '-'))
        .filter(|w| !STOPWORDS.contains(w.as_str()))
        .map(|w| singular(&w))
        .collect()
}

fn sentence_terms(article: &AnalyzedArticle, sentence: usize) -> Vec<String> {
    let text = &article.article.text;
    terms_of(
        article
            .doc
            .sentence_tokens(sentence)
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.span.slice(text)),
    )
}

pub fn build(articles: &[AnalyzedArticle]) -> Vectors {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut raw: Vec<Vec<Vec<(u32, f32)>>> = Vec::new();
    let mut sentence_df: HashMap<u32, usize> = HashMap::new();
    let mut article_df: HashMap<u32, usize> = HashMap::new();
    let mut story_tf: HashMap<u32, f32> = HashMap::new();
    let mut sentence_count = 0usize;
    for article in articles {
        let mut per_sentence = Vec::new();
        let mut seen_in_article: Vec<u32> = Vec::new();
        for index in 0..article.doc.sentences.len() {
            let mut counts: HashMap<u32, f32> = HashMap::new();
            if article.doc.sentences[index].kind == SentenceKind::Body {
                for term in sentence_terms(article, index) {
                    let next_id = ids.len() as u32;
                    let id = *ids.entry(term).or_insert(next_id);
                    *counts.entry(id).or_insert(0.0) += 1.0;
                }
                sentence_count += 1;
            } else {
                // Titles and headings take part in similarity but not in the statistics.
                for term in sentence_terms(article, index) {
                    if let Some(id) = ids.get(&term) {
                        *counts.entry(*id).or_insert(0.0) += 1.0;
                    }
                }
            }
            let mut vector: Vec<(u32, f32)> = counts.into_iter().collect();
            vector.sort_unstable_by_key(|(id, _)| *id);
            if article.doc.sentences[index].kind == SentenceKind::Body {
                for (id, tf) in &vector {
                    *sentence_df.entry(*id).or_insert(0) += 1;
                    *story_tf.entry(*id).or_insert(0.0) += tf;
                    if !seen_in_article.contains(id) {
                        seen_in_article.push(*id);
                        *article_df.entry(*id).or_insert(0) += 1;
                    }
                }
            }
            per_sentence.push(vector);
        }
        raw.push(per_sentence);
    }
    let sentences_total = sentence_count.max(1) as f32;
    let idf = |id: u32| -> f32 {
        let df = sentence_df.get(&id).copied().unwrap_or(1).max(1) as f32;
        (1.0 + sentences_total / df).ln()
    };
    let sentences: Vec<Vec<SparseVec>> = raw
        .into_iter()
        .map(|per_sentence| {
            per_sentence
                .into_iter()
                .map(|vector| {
                    let weighted = vector
                        .into_iter()
                        .map(|(id, tf)| (id, (1.0 + tf.ln()) * idf(id)))
                        .collect();
                    normalize(weighted)
                })
                .collect()
        })
        .collect();
    let article_total = articles.len().max(1) as f32;
    let mut centroid: Vec<(u32, f32)> = story_tf
        .iter()
        .map(|(id, tf)| {
            let spread = article_df.get(id).copied().unwrap_or(0) as f32 / article_total;
            (*id, (1.0 + tf.ln()) * spread * idf(*id))
        })
        .collect();
    centroid.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    centroid.truncate(60);
    centroid.sort_unstable_by_key(|(id, _)| *id);
    let centroid = normalize(centroid);
    let centrality = sentences
        .iter()
        .map(|per_sentence| per_sentence.iter().map(|v| cosine(v, &centroid)).collect())
        .collect();
    Vectors {
        sentences,
        centroid,
        centrality,
    }
}

/// Scales a sparse vector to unit length (a zero vector stays zero).
pub fn normalize(mut vector: Vec<(u32, f32)>) -> SparseVec {
    let norm: f32 = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, weight) in &mut vector {
            *weight /= norm;
        }
    }
    vector
}

/// Cosine of two unit-length sparse vectors.
pub fn cosine(a: &SparseVec, b: &SparseVec) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_sparse_vectors() {
        let a = normalize(vec![(1, 1.0), (3, 1.0)]);
        let b = normalize(vec![(1, 1.0), (2, 1.0)]);
        assert!((cosine(&a, &b) - 0.5).abs() < 1e-6);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&a, &Vec::new()), 0.0);
    }

    #[test]
    fn terms_skip_stopwords_and_fold_plurals() {
        let terms = terms_of("The Dockworkers said talks and cranes were idle".split(' '));
        assert_eq!(terms, vec!["dockworker", "talk", "crane", "idle"]);
    }
}
