//! Article extraction against the Zyte (Scrapinghub) article-extraction-benchmark: 181 news
//! and blog pages with a human-annotated article body each.
//!
//! The metric is the benchmark's own: the text is cut into `\w+` tokens (case kept), the
//! tokens into overlapping 4-gram shingles (a text shorter than four tokens is one
//! shingle), and shingle multisets are compared. Per page, true positives, false positives
//! and false negatives are divided by their sum so that long pages do not weigh more;
//! precision is averaged over pages that predicted anything, recall over pages whose gold
//! body has text, and F1 is taken of the two means.

use crate::article::{Article, ArticleMeta, BlockKind};
use crate::ingest::{RawSource, SourceFormat};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One benchmark page: its id (the sha256 file stem), URL, raw HTML (as the source that
/// `extract` reads: named by its file, with the URL as a hint) and gold body.
pub struct Page {
    pub id: String,
    pub url: Option<String>,
    pub source: RawSource,
    pub gold: String,
}

/// Reads `ground-truth.json` and `html/<id>.html.gz` from the benchmark folder, in id order.
pub fn load(dir: &Path) -> Result<Vec<Page>, String> {
    let truth_path = dir.join("ground-truth.json");
    let truth = std::fs::read_to_string(&truth_path).map_err(|e| {
        format!(
            "{}: cannot read the benchmark's ground truth ({e}); --data should name the article-extraction-benchmark folder",
            truth_path.display()
        )
    })?;
    let truth: HashMap<String, serde_json::Value> = serde_json::from_str(&truth)
        .map_err(|e| format!("{}: not a JSON object of pages: {e}", truth_path.display()))?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let mut pages = Vec::with_capacity(ids.len());
    for id in ids {
        let entry = &truth[id];
        let path: PathBuf = dir.join("html").join(format!("{id}.html.gz"));
        let compressed = std::fs::read(&path)
            .map_err(|e| format!("{}: cannot read page ({e})", path.display()))?;
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(compressed.as_slice())
            .read_to_end(&mut html)
            .map_err(|e| format!("{}: not a gzip file ({e})", path.display()))?;
        let url = entry["url"].as_str().map(str::to_string);
        let mut source = RawSource::new(format!("html/{id}.html.gz"), html, SourceFormat::Html);
        source.hints.url.clone_from(&url);
        pages.push(Page {
            id: id.clone(),
            url,
            source,
            gold: entry["articleBody"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        });
    }
    if pages.is_empty() {
        return Err(format!("{}: lists no pages", truth_path.display()));
    }
    Ok(pages)
}

/// The body the benchmark compares: every block but the title, blank-line separated.
pub fn body_text(article: &Article) -> String {
    article
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Title)
        .map(|b| b.span.slice(&article.text))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Runs newsdesk's extractor on one page, as `extract` does for a file with a known URL.
pub fn extract_page(page: &Page) -> Result<Article, String> {
    crate::extract::extract(&page.source, &ArticleMeta::default()).map_err(|e| e.to_string())
}

/// True positives, false positives and false negatives of one page, normalised to sum 1
/// (all zero when both texts are empty).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Counts {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

impl Counts {
    pub fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0.0).then(|| self.tp / (self.tp + self.fp))
    }

    pub fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0.0).then(|| self.tp / (self.tp + self.fn_))
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (
            self.precision().unwrap_or(0.0),
            self.recall().unwrap_or(0.0),
        );
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                out.push(&text[s..at]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = tokens(text);
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let windows = tokens.len().saturating_sub(4) + 1;
    for start in 0..windows {
        let end = (start + 4).min(tokens.len());
        *counts.entry(tokens[start..end].to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Shingle matching of one page, as the benchmark's `string_shingle_matching`.
pub fn score(gold: &str, predicted: &str) -> Counts {
    let gold = shingles(gold);
    let predicted = shingles(predicted);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (shingle, &g) in &gold {
        let p = predicted.get(shingle).copied().unwrap_or(0);
        tp += g.min(p);
        fn_ += g.saturating_sub(p);
    }
    for (shingle, &p) in &predicted {
        let g = gold.get(shingle).copied().unwrap_or(0);
        fp += p.saturating_sub(g);
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return Counts {
            tp: 0.0,
            fp: 0.0,
            fn_: 0.0,
        };
    }
    Counts {
        tp: tp as f64 / sum,
        fp: fp as f64 / sum,
        fn_: fn_ as f64 / sum,
    }
}

/// Mean precision, mean recall and their F1 over pages, as the benchmark reports them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

pub fn summarize(pages: &[Counts]) -> Summary {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(pages.iter().filter_map(Counts::precision).collect());
    let recall = mean(pages.iter().filter_map(Counts::recall).collect());
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Summary {
        precision,
        recall,
        f1,
    }
}

/// One page's result in a run.
pub struct PageResult {
    pub id: String,
    pub url: Option<String>,
    pub counts: Counts,
    /// The extractor's error, when it refused the page (scored as an empty body).
    pub error: Option<String>,
    pub body: String,
}

pub struct Report {
    pub pages: Vec<PageResult>,
    pub summary: Summary,
    pub seconds: f64,
}

/// Extracts every page and scores it. The time covers extraction only (decoding, parsing,
/// cleaning), not reading or decompressing the files.
pub fn run(pages: &[Page]) -> Report {
    let started = std::time::Instant::now();
    let extracted: Vec<Result<Article, String>> = pages.iter().map(extract_page).collect();
    let seconds = started.elapsed().as_secs_f64();
    let results: Vec<PageResult> = pages
        .iter()
        .zip(extracted)
        .map(|(page, outcome)| {
            let (body, error) = match outcome {
                Ok(article) => (body_text(&article), None),
                Err(error) => (String::new(), Some(error)),
            };
            PageResult {
                id: page.id.clone(),
                url: page.url.clone(),
                counts: score(&page.gold, &body),
                error,
                body,
            }
        })
        .collect();
    let summary = summarize(&results.iter().map(|r| r.counts).collect::<Vec<_>>());
    Report {
        pages: results,
        summary,
        seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_word_runs_with_case_kept() {
        assert_eq!(
            tokens("The port's 3rd crane—idle_since May."),
            ["The", "port", "s", "3rd", "crane", "idle_since", "May"]
        );
    }

    #[test]
    fn identical_texts_score_one_and_disjoint_zero() {
        let text = "Ferry crews on the northern route voted to strike on Friday.";
        let same = score(text, text);
        assert_eq!((same.tp, same.fp, same.fn_), (1.0, 0.0, 0.0));
        let other = score(
            text,
            "Completely unrelated words about a bakery opening soon.",
        );
        assert_eq!(other.tp, 0.0);
        assert!((other.fp + other.fn_ - 1.0).abs() < 1e-12);
    }

    #[test]
    fn extra_text_costs_precision_only() {
        let gold = "one two three four five six";
        let counts = score(gold, "one two three four five six seven");
        // gold shingles: 3, predicted 4, shared 3.
        assert!((counts.tp - 0.75).abs() < 1e-12);
        assert!((counts.fp - 0.25).abs() < 1e-12);
        assert_eq!(counts.fn_, 0.0);
        assert_eq!(counts.recall(), Some(1.0));
    }

    #[test]
    fn short_texts_are_one_shingle() {
        assert_eq!(score("two words", "two words").tp, 1.0);
        assert_eq!(score("two words", "two Words").tp, 0.0);
    }

    #[test]
    fn empty_prediction_is_zero_recall_and_no_precision_entry() {
        let counts = score("alpha beta gamma delta", "");
        assert_eq!(counts.precision(), None);
        let summary = summarize(&[counts, score("a b c d", "a b c d")]);
        assert_eq!(summary.precision, 1.0);
        assert_eq!(summary.recall, 0.5);
    }
}
