//! `newsdesk eval cluster`: streams a labelled corpus through online story assignment and
//! scores it with B-cubed.
//!
//! - ECB+ (`ecbplus_docs.jsonl`): 982 documents in a fixed seeded shuffle, scored against
//!   the 86 event clusters and the 43 topics. Parameters were tuned on the odd-numbered
//!   topics only (the development half); figures are also printed for the even-numbered,
//!   held-out topics on their own.
//! - Timeline17 (`t17_articles.jsonl.gz`): 4,650 articles in publication order, scored
//!   against the 9 topics.

use super::metrics::{bcubed, detokenize_ptb, BCubed, SplitMix64};
use crate::article::ArticleMeta;
use crate::cluster::{self, StoryIndex};
use crate::ingest::{RawSource, SourceFormat};
use crate::pipeline::{analyze_safely, Options};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::time::Instant;

/// One document of a labelled corpus.
pub struct LabeledDoc {
    pub name: String,
    pub source: RawSource,
    /// Gold labels by level name, e.g. `[("event", "1_ecb"), ("topic", "1")]`.
    pub labels: Vec<(&'static str, String)>,
    /// For ECB+: whether the document's topic is in the development half.
    pub development: bool,
}

pub enum Dataset {
    EcbPlus,
    Timeline17,
}

impl Dataset {
    pub fn name(&self) -> &'static str {
        match self {
            Dataset::EcbPlus => "ecbplus",
            Dataset::Timeline17 => "timeline17",
        }
    }
}

pub fn detect(dir: &Path) -> Result<Dataset, String> {
    if dir.join("ecbplus_docs.jsonl").is_file() {
        Ok(Dataset::EcbPlus)
    } else if dir.join("t17_articles.jsonl.gz").is_file() {
        Ok(Dataset::Timeline17)
    } else {
        Err(format!(
            "{} holds neither ecbplus_docs.jsonl (ECB+) nor t17_articles.jsonl.gz (Timeline17)",
            dir.display()
        ))
    }
}

fn json_lines(reader: impl Read, origin: &Path) -> Result<Vec<Value>, String> {
    BufReader::new(reader)
        .lines()
        .enumerate()
        .filter(|(_, line)| line.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(|(index, line)| {
            let line = line.map_err(|e| format!("{}: {e}", origin.display()))?;
            serde_json::from_str(&line)
                .map_err(|e| format!("{}:{}: {e}", origin.display(), index + 1))
        })
        .collect()
}

/// ECB+ documents: sentence 0 of an `ecbplus` document is its URL, kept as metadata.
pub fn load_ecbplus(dir: &Path) -> Result<Vec<LabeledDoc>, String> {
    let path = dir.join("ecbplus_docs.jsonl");
    let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for record in json_lines(file, &path)? {
        let name = record["doc_name"].as_str().unwrap_or_default().to_string();
        let topic = record["topic"].as_i64().unwrap_or_default();
        let event = record["event_cluster"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let mut sentences: Vec<&str> = record["sentences"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut meta = ArticleMeta::default();
        if record["subtopic"] == "ecbplus" && !sentences.is_empty() {
            let url: String = sentences.remove(0).split_whitespace().collect();
            meta.url = Some(url);
        }
        let text = detokenize_ptb(&sentences.join("\n"));
        let mut source = RawSource::new(
            format!("ecbplus:{name}"),
            text.into_bytes(),
            SourceFormat::Text,
        );
        source.hints = meta;
        out.push(LabeledDoc {
            name,
            source,
            labels: vec![("event", event), ("topic", topic.to_string())],
            development: topic % 2 == 1,
        });
    }
    Ok(out)
}

/// Timeline17 articles, with their publication dates and outlets.
pub fn load_timeline17(dir: &Path) -> Result<Vec<LabeledDoc>, String> {
    let path = dir.join("t17_articles.jsonl.gz");
    let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for record in json_lines(flate2::read::GzDecoder::new(file), &path)? {
        let field = |name: &str| record[name].as_str().unwrap_or_default().to_string();
        let name = format!("{}/{}", field("folder"), field("path"));
        let text = detokenize_ptb(&field("text"));
        let mut source = RawSource::new(
            format!("timeline17:{name}"),
            text.into_bytes(),
            SourceFormat::Text,
        );
        source.hints.published = Some(field("date"));
        source.hints.outlet = Some(field("source"));
        out.push(LabeledDoc {
            name,
            source,
            labels: vec![("topic", field("topic"))],
            development: false,
        });
    }
    Ok(out)
}

/// The result of one evaluation run.
pub struct ClusterReport {
    pub dataset: &'static str,
    pub documents: usize,
    /// Documents that could not be read, with the reason.
    pub skipped: Vec<String>,
    pub stories: usize,
    /// (label level, subset, score).
    pub scores: Vec<(&'static str, &'static str, BCubed)>,
    /// (document name, story id) in stream order.
    pub assignments: Vec<(String, i64)>,
    pub analysis_seconds: f64,
    pub clustering_seconds: f64,
}

pub fn run(dir: &Path, seed: u64) -> Result<ClusterReport, String> {
    let dataset = detect(dir)?;
    let mut docs = match dataset {
        Dataset::EcbPlus => load_ecbplus(dir)?,
        Dataset::Timeline17 => load_timeline17(dir)?,
    };
    match dataset {
        Dataset::EcbPlus => {
            docs.sort_by(|a, b| a.name.cmp(&b.name));
            SplitMix64::new(seed).shuffle(&mut docs);
        }
        Dataset::Timeline17 => docs.sort_by(|a, b| {
            (a.source.hints.published.as_ref(), &a.name)
                .cmp(&(b.source.hints.published.as_ref(), &b.name))
        }),
    }
    let started = Instant::now();
    let options = Options::default();
    let mut analyzed = Vec::new();
    let mut skipped = Vec::new();
    let mut unreadable = Vec::new();
    for doc in docs {
        let result =
            crate::extract::extract(&doc.source, &options.overrides).and_then(analyze_safely);
        match result {
            Ok(article) => analyzed.push((doc, article)),
            Err(error) => {
                skipped.push(error.to_string());
                unreadable.push(doc);
            }
        }
    }
    let analysis_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut index = StoryIndex::new();
    let mut next_story = 1;
    let mut assignments = Vec::new();
    for (doc, article) in &analyzed {
        let profile = cluster::profile(article);
        let story = match index.assign(&profile) {
            Some((story, _)) => story,
            None => {
                next_story += 1;
                next_story - 1
            }
        };
        index.add(story, &profile);
        assignments.push((doc.name.clone(), story));
    }
    let clustering_seconds = started.elapsed().as_secs_f64();
    // Unreadable documents are scored as stories of their own: skipping them would
    // flatter the figures.
    let mut scored: Vec<&LabeledDoc> = analyzed.iter().map(|(doc, _)| doc).collect();
    for doc in &unreadable {
        assignments.push((doc.name.clone(), next_story));
        next_story += 1;
        scored.push(doc);
    }
    let levels: Vec<&'static str> = scored
        .first()
        .map(|doc| doc.labels.iter().map(|(level, _)| *level).collect())
        .unwrap_or_default();
    let mut scores = Vec::new();
    for (position, level) in levels.iter().enumerate() {
        let subsets: &[(&'static str, Option<bool>)] = match dataset {
            Dataset::EcbPlus => &[
                ("all", None),
                ("development", Some(true)),
                ("held-out", Some(false)),
            ],
            Dataset::Timeline17 => &[("all", None)],
        };
        for (subset, development) in subsets {
            let pairs: Vec<(i64, String)> = scored
                .iter()
                .zip(&assignments)
                .filter(|(doc, _)| development.is_none_or(|d| doc.development == d))
                .map(|(doc, (_, story))| (*story, doc.labels[position].1.clone()))
                .collect();
            scores.push((*level, *subset, bcubed(&pairs)));
        }
    }
    let mut stories: Vec<i64> = assignments.iter().map(|(_, s)| *s).collect();
    stories.sort_unstable();
    stories.dedup();
    Ok(ClusterReport {
        dataset: dataset.name(),
        documents: analyzed.len(),
        skipped,
        stories: stories.len(),
        scores,
        assignments,
        analysis_seconds,
        clustering_seconds,
    })
}
