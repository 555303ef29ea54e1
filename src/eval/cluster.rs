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
use crate::cluster;
use crate::ingest::{RawSource, SourceFormat};
use crate::pipeline::{analyze_safely, Options};
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::time::Instant;

/// One document of a labelled corpus.
pub struct LabeledDoc {
    pub name: String,
    pub source: RawSource,
    /// Gold labels by level name, e.g. `[("event", "1_ecb"), ("topic", "1")]`.
    pub labels: Vec<(&'static str, String)>,
    /// Whether the document's topic is in the development half (used for tuning); the
    /// other half is held out.
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

/// Timeline17's development topics: every other topic in name order (EgyptianProtest,
/// Finan, H1N1, IraqWar, LibyaWar, MJ, SyrianCrisis, bpoil, haiti). The others are held out.
pub const T17_DEVELOPMENT_TOPICS: &[&str] = &[
    "EgyptianProtest",
    "H1N1",
    "LibyaWar",
    "SyrianCrisis",
    "haiti",
];

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
        let topic = field("topic");
        out.push(LabeledDoc {
            name,
            source,
            development: T17_DEVELOPMENT_TOPICS.contains(&topic.as_str()),
            labels: vec![("topic", topic)],
        });
    }
    Ok(out)
}

/// A corpus loaded, analysed and profiled once, in stream order.
pub struct Corpus {
    pub dataset: Dataset,
    pub docs: Vec<LabeledDoc>,
    /// The cluster profile of each document; `None` when it could not be read.
    pub profiles: Vec<Option<cluster::Profile>>,
    /// Documents that could not be read, with the reason.
    pub skipped: Vec<String>,
    pub analysis_seconds: f64,
}

/// The result of one evaluation run.
pub struct ClusterReport {
    pub dataset: &'static str,
    pub documents: usize,
    pub skipped: Vec<String>,
    pub stories: usize,
    pub events: usize,
    /// (label level, subset, score).
    pub scores: Vec<(&'static str, &'static str, BCubed)>,
    /// (document name, story id, event id) in stream order.
    pub assignments: Vec<(String, i64, i64)>,
    pub analysis_seconds: f64,
    pub clustering_seconds: f64,
}

/// Loads a dataset folder, orders it for streaming, and analyses every document.
pub fn load(dir: &Path, seed: u64) -> Result<Corpus, String> {
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
    let mut profiles = Vec::with_capacity(docs.len());
    let mut skipped = Vec::new();
    for doc in &docs {
        let result =
            crate::extract::extract(&doc.source, &options.overrides).and_then(analyze_safely);
        match result {
            Ok(article) => profiles.push(Some(cluster::profile(&article))),
            Err(error) => {
                skipped.push(error.to_string());
                profiles.push(None);
            }
        }
    }
    Ok(Corpus {
        dataset,
        docs,
        profiles,
        skipped,
        analysis_seconds: started.elapsed().as_secs_f64(),
    })
}

/// Story and event ids per document, in stream order.
pub struct Assignments {
    pub stories: Vec<i64>,
    pub events: Vec<i64>,
    pub seconds: f64,
}

/// Online two-level assignment of a stream, as `ingest` does it: maintenance every
/// [`cluster::MAINTAIN_EVERY`] articles and once at the end, each article's story and event
/// followed through merges and splits. Ids come from one counter, so one redirect map
/// serves stories and events.
pub struct Streamer {
    clusterer: cluster::Clusterer,
    next_id: i64,
    stories: Vec<i64>,
    events: Vec<i64>,
    redirects: HashMap<i64, i64>,
    /// Stories opened, by new articles or by splits.
    pub stories_opened: usize,
}

impl Streamer {
    pub fn new(story: cluster::Params, event: cluster::Params) -> Streamer {
        Streamer {
            clusterer: cluster::Clusterer::new(story, event),
            next_id: 1,
            stories: Vec::new(),
            events: Vec::new(),
            redirects: HashMap::new(),
            stories_opened: 0,
        }
    }

    pub fn clusterer(&self) -> &cluster::Clusterer {
        &self.clusterer
    }

    fn fresh(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id - 1
    }

    /// Places the next article of the stream; an unreadable one (`None`) gets a story
    /// and an event of its own: skipping it would flatter the figures.
    pub fn push(&mut self, profile: Option<&cluster::Profile>) {
        let position = self.stories.len();
        if position > 0 && position % cluster::MAINTAIN_EVERY == 0 {
            self.maintain();
        }
        let Some(profile) = profile else {
            let (story, event) = (self.fresh(), self.fresh());
            self.stories.push(story);
            self.events.push(event);
            return;
        };
        let placement = self.clusterer.place(profile);
        let story = match placement.story {
            Some((id, _)) => id,
            None => {
                self.stories_opened += 1;
                self.fresh()
            }
        };
        let event = placement.event.map_or_else(|| self.fresh(), |(id, _)| id);
        self.clusterer.add(position as u64, profile, story, event);
        self.stories.push(story);
        self.events.push(event);
    }

    fn maintain(&mut self) {
        let mut next_id = self.next_id;
        let changes = self
            .clusterer
            .maintain(|| {
                next_id += 1;
                Ok::<i64, ()>(next_id - 1)
            })
            .expect("ids never fail");
        self.next_id = next_id;
        for change in changes {
            match change {
                cluster::Change::StoryMerged { from, into, .. }
                | cluster::Change::EventMerged { from, into, .. } => {
                    self.redirects.insert(from, into);
                }
                cluster::Change::StorySplit { into, articles, .. } => {
                    self.stories_opened += 1;
                    for position in articles {
                        self.stories[position as usize] = into;
                    }
                }
            }
        }
    }

    /// Runs the last maintenance and gives each article's final story and event.
    pub fn finish(mut self) -> (Vec<i64>, Vec<i64>) {
        self.maintain();
        let redirects = &self.redirects;
        for id in self.stories.iter_mut().chain(self.events.iter_mut()) {
            while let Some(next) = redirects.get(id) {
                *id = *next;
            }
        }
        (self.stories, self.events)
    }
}

/// Streams the corpus through a [`Streamer`].
pub fn stream(corpus: &Corpus, story: cluster::Params, event: cluster::Params) -> Assignments {
    let started = Instant::now();
    let mut streamer = Streamer::new(story, event);
    for profile in &corpus.profiles {
        streamer.push(profile.as_ref());
    }
    let (stories, events) = streamer.finish();
    Assignments {
        stories,
        events,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// B-cubed at every label level — gold events against our events, gold topics against
/// our stories — for all documents and for the development and held-out topics.
pub fn score(
    corpus: &Corpus,
    assignments: &Assignments,
) -> Vec<(&'static str, &'static str, BCubed)> {
    let levels: Vec<&'static str> = corpus
        .docs
        .first()
        .map(|doc| doc.labels.iter().map(|(level, _)| *level).collect())
        .unwrap_or_default();
    let subsets: [(&'static str, Option<bool>); 3] = [
        ("all", None),
        ("development", Some(true)),
        ("held-out", Some(false)),
    ];
    let mut scores = Vec::new();
    for (position, level) in levels.iter().enumerate() {
        let ours = if *level == "event" {
            &assignments.events
        } else {
            &assignments.stories
        };
        for (subset, development) in subsets {
            let pairs: Vec<(i64, &str)> = corpus
                .docs
                .iter()
                .zip(ours)
                .filter(|(doc, _)| development.is_none_or(|d| doc.development == d))
                .map(|(doc, id)| (*id, doc.labels[position].1.as_str()))
                .collect();
            scores.push((*level, subset, bcubed(&pairs)));
        }
    }
    scores
}

/// Streams a loaded corpus with the default parameters and scores it.
pub fn run(corpus: &Corpus) -> ClusterReport {
    let assignments = stream(corpus, cluster::Params::story(), cluster::Params::event());
    let mut stories = assignments.stories.clone();
    stories.sort_unstable();
    stories.dedup();
    let mut events = assignments.events.clone();
    events.sort_unstable();
    events.dedup();
    ClusterReport {
        dataset: corpus.dataset.name(),
        documents: corpus.docs.len(),
        stories: stories.len(),
        events: events.len(),
        scores: score(corpus, &assignments),
        assignments: corpus
            .docs
            .iter()
            .zip(assignments.stories.iter().zip(&assignments.events))
            .map(|(doc, (story, event))| (doc.name.clone(), *story, *event))
            .collect(),
        skipped: corpus.skipped.clone(),
        analysis_seconds: corpus.analysis_seconds,
        clustering_seconds: assignments.seconds,
    }
}

/// The reference at one gold level: average-link clusters cut at the threshold chosen on
/// the development topics, and at the best threshold for all documents (optimistic: that
/// is tuning on the test set, as the published reference figure does).
pub struct ReferenceLevel {
    pub level: &'static str,
    pub chosen_threshold: f64,
    /// (subset, score) at the chosen threshold.
    pub chosen: Vec<(&'static str, BCubed)>,
    pub oracle_threshold: f64,
    pub oracle: BCubed,
}

/// TF-IDF average-link agglomerative clustering of the whole corpus at once (see
/// [`cluster::reference`]), scored like the online stream. Returns the levels and the
/// seconds the clustering took.
pub fn reference(corpus: &Corpus) -> (Vec<ReferenceLevel>, f64) {
    let started = Instant::now();
    let profiles: Vec<Option<&cluster::Profile>> =
        corpus.profiles.iter().map(Option::as_ref).collect();
    let dendrogram = cluster::reference::Dendrogram::build(&profiles);
    let seconds = started.elapsed().as_secs_f64();
    let thresholds: Vec<f64> = (0..=50).map(|step| f64::from(step) * 0.02).collect();
    let cuts: Vec<Vec<(&'static str, &'static str, BCubed)>> = thresholds
        .iter()
        .map(|threshold| {
            let labels: Vec<i64> = dendrogram
                .cut(*threshold)
                .into_iter()
                .map(|l| l as i64)
                .collect();
            let assignments = Assignments {
                stories: labels.clone(),
                events: labels,
                seconds: 0.0,
            };
            score(corpus, &assignments)
        })
        .collect();
    let levels: Vec<&'static str> = cuts.first().map_or_else(Vec::new, |scores| {
        let mut levels: Vec<&'static str> = scores.iter().map(|(level, _, _)| *level).collect();
        levels.dedup();
        levels
    });
    let find = |scores: &[(&'static str, &'static str, BCubed)], level: &str, subset: &str| {
        scores
            .iter()
            .find(|(l, s, _)| *l == level && *s == subset)
            .map(|(_, _, b)| *b)
            .expect("every level is scored on every subset")
    };
    let best = |level: &str, subset: &str| {
        (0..thresholds.len())
            .max_by(|a, b| {
                find(&cuts[*a], level, subset)
                    .f1
                    .total_cmp(&find(&cuts[*b], level, subset).f1)
                    .then(b.cmp(a))
            })
            .expect("thresholds")
    };
    let results = levels
        .into_iter()
        .map(|level| {
            let chosen = best(level, "development");
            let oracle = best(level, "all");
            ReferenceLevel {
                level,
                chosen_threshold: thresholds[chosen],
                chosen: ["all", "development", "held-out"]
                    .into_iter()
                    .map(|subset| (subset, find(&cuts[chosen], level, subset)))
                    .collect(),
                oracle_threshold: thresholds[oracle],
                oracle: find(&cuts[oracle], level, "all"),
            }
        })
        .collect();
    (results, seconds)
}

/// The F1 a tuning run optimises (ECB+ event level or Timeline17 topic level) on the
/// development topics, and the same on the held-out topics, for the record only.
fn tuning_f1(corpus: &Corpus, assignments: &Assignments) -> (f64, f64) {
    let level = match corpus.dataset {
        Dataset::EcbPlus => "event",
        Dataset::Timeline17 => "topic",
    };
    let scores = score(corpus, assignments);
    let f1 = |subset: &str| {
        scores
            .iter()
            .find(|(l, s, _)| *l == level && *s == subset)
            .map_or(0.0, |(_, _, s)| s.f1)
    };
    (f1("development"), f1("held-out"))
}

/// One tried setting: its parameters, development F1 (what was optimised) and held-out F1
/// (reported, never used to choose).
pub struct Trial {
    pub params: cluster::Params,
    pub development_f1: f64,
    pub held_out_f1: f64,
}

/// Grid search on the development topics only: on ECB+ over the event level (stories at
/// their defaults), on Timeline17 over the story level (events at their defaults).
/// Returns every tried setting, best development F1 first.
pub fn tune(corpus: &Corpus) -> Vec<Trial> {
    let mut grid = Vec::new();
    let (story, event) = (cluster::Params::story(), cluster::Params::event());
    match corpus.dataset {
        Dataset::EcbPlus => {
            let mut strays = vec![(u32::MAX, 0.0)];
            for stray_after in [6, 8, 10] {
                for stray_threshold in [0.25, 0.3, 0.35] {
                    strays.push((stray_after, stray_threshold));
                }
            }
            for centroid in [0.45, 0.6] {
                for member in [0.35, 0.5] {
                    for threshold in [0.28, 0.32, 0.36] {
                        for year_penalty in [0.1, 0.2] {
                            for merge_threshold in [0.35, 0.4, 0.45, 1.0] {
                                for protagonist_penalty in [0.0, 0.1] {
                                    for &(stray_after, stray_threshold) in &strays {
                                        grid.push(cluster::Params {
                                            centroid,
                                            member,
                                            threshold,
                                            year_penalty,
                                            merge_threshold,
                                            protagonist_penalty,
                                            stray_after,
                                            stray_threshold,
                                            ..event
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        Dataset::Timeline17 => {
            // The split threshold stays at 0.1: no Timeline17 topic drifts apart, so
            // the grid cannot choose it (with splits off the development F1 differed by
            // under 0.001), and a story that does drift must still be able to split.
            for threshold in [0.12, 0.14, 0.18] {
                for dormant_penalty in [0.0, 0.1, 0.2, 0.3] {
                    for dormant_days in [60, 180] {
                        for anchor_penalty in [0.05, 0.1, 0.2] {
                            grid.push(cluster::Params {
                                threshold,
                                dormant_penalty,
                                dormant_days,
                                anchor_penalty,
                                ..story
                            });
                        }
                    }
                }
            }
        }
    }
    let mut results = Vec::new();
    for params in grid {
        let assignments = match corpus.dataset {
            Dataset::EcbPlus => stream(corpus, story, params),
            Dataset::Timeline17 => stream(corpus, params, event),
        };
        let (development_f1, held_out_f1) = tuning_f1(corpus, &assignments);
        results.push(Trial {
            params,
            development_f1,
            held_out_f1,
        });
    }
    results.sort_by(|a, b| b.development_f1.total_cmp(&a.development_f1));
    results
}
