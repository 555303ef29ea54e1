//! `newsdesk bench analyze`: the whole analysis (tokens, sentences, tagger and rules for
//! entities, time expressions, figures, quotes) over the Timeline17 articles on one core,
//! in MB of clean text per second and articles per second; and, in the same run, the
//! statistical tagger alone on the same sentences, to show what it costs.

use super::Stopwatch;
use crate::analyze::doc::SentenceKind;
use crate::analyze::ner::Tagger;
use crate::article::Article;
use std::path::Path;

pub struct AnalyzeBench {
    pub articles: usize,
    pub bytes: usize,
    pub tokens: usize,
    pub(crate) analysis: Stopwatch,
    pub(crate) tagger: Stopwatch,
}

impl AnalyzeBench {
    fn seconds(watch: &Stopwatch) -> f64 {
        watch.cpu.unwrap_or(watch.wall).as_secs_f64().max(1e-9)
    }

    pub fn megabytes_per_second(&self) -> f64 {
        self.bytes as f64 / 1e6 / Self::seconds(&self.analysis)
    }

    pub fn articles_per_second(&self) -> f64 {
        self.articles as f64 / Self::seconds(&self.analysis)
    }

    pub fn tagger_tokens_per_second(&self) -> f64 {
        self.tokens as f64 / Self::seconds(&self.tagger)
    }

    pub fn tagger_share(&self) -> f64 {
        Self::seconds(&self.tagger) / Self::seconds(&self.analysis)
    }
}

/// Extracts the Timeline17 articles (not timed), then times `passes` analyses of all.
pub fn run(dir: &Path, passes: usize) -> Result<AnalyzeBench, String> {
    let documents = crate::eval::cluster::load_timeline17(dir)?;
    let articles: Vec<Article> = documents
        .iter()
        .filter_map(|d| {
            crate::extract::extract(&d.source, &crate::article::ArticleMeta::default()).ok()
        })
        .collect();
    if articles.is_empty() {
        return Err(format!("{}: no article could be extracted", dir.display()));
    }
    let tagger = Tagger::embedded().ok_or("the embedded NER model is damaged")?;
    let mut bench = AnalyzeBench {
        articles: 0,
        bytes: 0,
        tokens: 0,
        analysis: Stopwatch::new(),
        tagger: Stopwatch::new(),
    };
    for _ in 0..passes.max(1) {
        for article in &articles {
            let (doc, _) = bench.analysis.time(|| crate::analyze::analyze(article));
            bench.articles += 1;
            bench.bytes += article.text.len();
            let sentences: Vec<Vec<&str>> = doc
                .sentences
                .iter()
                .filter(|s| s.kind == SentenceKind::Body)
                .map(|s| {
                    doc.tokens[s.tokens.0..s.tokens.1]
                        .iter()
                        .map(|t| t.span.slice(&article.text))
                        .collect()
                })
                .collect();
            bench.tokens += sentences.iter().map(Vec::len).sum::<usize>();
            bench.tagger.time(|| tagger.tag_document(&sentences));
        }
    }
    Ok(bench)
}
