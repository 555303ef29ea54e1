//! Clustering throughput and memory (`newsdesk bench cluster`).
//!
//! Takes: a labelled corpus folder (Timeline17 by default). Gives: a [`ClusterBench`] —
//! the clustering step's throughput over a long synthetic stream, its memory as the
//! window retires old stories, and the same articles clustered by the reference
//! (average-link agglomerative, all pairs) against our online pass on a prefix.
//!
//! The long stream repeats the corpus's analysed articles: each repetition is shifted by
//! ten years and perturbed — its names and every term outside the common vocabulary (the
//! terms in at least one article in a hundred) take a repetition-specific spelling, and a
//! tenth of its terms are dropped — so that every repetition brings new stories shaped
//! like real ones, in the same everyday language, instead of replaying old ones.
//! Only clustering (placement, adding, maintenance) is timed, in wall time and in the
//! thread's CPU time; profiles are made before.

use super::{memory, reset_peak_memory, Stopwatch};
use crate::cluster::{self, Params, Profile};
use crate::eval::cluster::{load, Corpus, LabeledDoc, Streamer};
use crate::eval::metrics::{bcubed, BCubed, SplitMix64};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;
use std::time::Instant;

/// What to measure.
#[derive(Clone, Debug)]
pub struct ClusterBenchOptions {
    /// Articles in the long stream.
    pub articles: usize,
    /// Arrivals after which an inactive story or event leaves the index.
    pub window: u64,
    /// Articles of the prefix clustered by both the reference and newsdesk.
    pub reference_articles: usize,
}

impl Default for ClusterBenchOptions {
    fn default() -> ClusterBenchOptions {
        ClusterBenchOptions {
            articles: 100_000,
            window: Params::story().retire_after,
            reference_articles: 4_000,
        }
    }
}

/// Memory and index size at one point of the stream.
#[derive(Clone, Debug)]
pub struct Checkpoint {
    pub articles: usize,
    pub active_stories: usize,
    pub active_events: usize,
    pub vocabulary: usize,
    pub resident_bytes: Option<u64>,
    /// Articles per second since the previous checkpoint.
    pub rate: f64,
}

#[derive(Clone, Debug)]
pub struct ClusterBench {
    pub corpus_articles: usize,
    pub articles: usize,
    pub window: u64,
    pub stories_opened: usize,
    /// B-cubed of the stream's final stories against its gold stories: each repetition
    /// of a corpus topic is a story of its own.
    pub quality: BCubed,
    /// Wall time spent clustering.
    pub clustering: Duration,
    /// CPU time spent clustering, where the system tells it.
    pub clustering_cpu: Option<Duration>,
    pub checkpoints: Vec<Checkpoint>,
    /// Peak resident memory while streaming (the high-water mark is reset after loading).
    pub peak_bytes: Option<u64>,
    pub reference_articles: usize,
    pub reference: Duration,
    pub ours_on_prefix: Duration,
}

impl ClusterBench {
    /// Articles per second of wall time.
    pub fn articles_per_second(&self) -> f64 {
        self.articles as f64 / self.clustering.as_secs_f64().max(1e-9)
    }

    /// Articles per second of CPU time on the one core clustering runs on.
    pub fn articles_per_cpu_second(&self) -> Option<f64> {
        self.clustering_cpu
            .map(|cpu| self.articles as f64 / cpu.as_secs_f64().max(1e-9))
    }
}

/// The corpus the synthetic stream repeats.
struct Source<'a> {
    profiles: Vec<&'a Profile>,
    /// Each profile's gold topic.
    topics: Vec<&'a str>,
    /// Terms in at least one article in a hundred: kept as they are in every repetition.
    common: HashSet<&'a str>,
}

impl<'a> Source<'a> {
    fn new(profiles: Vec<&'a Profile>, topics: Vec<&'a str>) -> Source<'a> {
        let mut df: HashMap<&str, usize> = HashMap::new();
        for profile in &profiles {
            for (term, _) in &profile.terms {
                *df.entry(term).or_insert(0) += 1;
            }
        }
        let cutoff = (profiles.len() / 100).max(2);
        let common = df
            .into_iter()
            .filter(|(_, n)| *n >= cutoff)
            .map(|(t, _)| t)
            .collect();
        Source {
            profiles,
            topics,
            common,
        }
    }
}

/// The `index`-th article of the synthetic stream.
fn synthetic(source: &Source, index: usize) -> Profile {
    let base = source.profiles[index % source.profiles.len()];
    let repetition = index / source.profiles.len();
    if repetition == 0 {
        return base.clone();
    }
    let mut random = SplitMix64::new(index as u64 ^ 0x5EED);
    let mut terms: Vec<(String, f32)> = base
        .terms
        .iter()
        .filter(|_| random.below(10) != 0)
        .map(|(term, weight)| {
            let spelt = if source.common.contains(term.as_str()) {
                term.clone()
            } else {
                format!("{term}~{repetition}")
            };
            (spelt, *weight)
        })
        .collect();
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let mut entities: Vec<(String, f32)> = base
        .entities
        .iter()
        .map(|(key, weight)| (format!("{key}~{repetition}"), *weight))
        .collect();
    entities.sort_by(|a, b| a.0.cmp(&b.0));
    let shift_years = 10 * repetition as i32;
    Profile {
        terms,
        entities,
        day: base.day.map(|day| day + i64::from(shift_years) * 365),
        years: base.years.iter().map(|year| year + shift_years).collect(),
        anchor: base.anchor.as_ref().map(|a| format!("{a}~{repetition}")),
        protagonist: base
            .protagonist
            .as_ref()
            .map(|p| format!("{p}~{repetition}")),
    }
}

/// What one pass of the stream gave.
struct Streamed {
    clustering: Duration,
    clustering_cpu: Option<Duration>,
    stories_opened: usize,
    checkpoints: Vec<Checkpoint>,
    quality: BCubed,
}

/// Synthetic profiles made at a time, outside the timed part (few enough not to weigh on
/// the memory measured).
const BATCH: usize = 500;

/// Streams `count` articles through a fresh clusterer, as `ingest` does (maintenance
/// included), with checkpoints every `checkpoint_every` articles.
fn stream(source: &Source, count: usize, window: u64, checkpoint_every: usize) -> Streamed {
    let story = Params {
        retire_after: window,
        ..Params::story()
    };
    let event = Params {
        retire_after: window,
        ..Params::event()
    };
    let mut streamer = Streamer::new(story, event);
    let mut stopwatch = Stopwatch::new();
    let mut checkpoints: Vec<Checkpoint> = Vec::new();
    let mut since_checkpoint = Duration::ZERO;
    let mut start = 0;
    while start < count {
        let end = count
            .min(start + BATCH)
            .min((start / checkpoint_every + 1) * checkpoint_every);
        let batch: Vec<Profile> = (start..end).map(|i| synthetic(source, i)).collect();
        let ((), spent) = stopwatch.time(|| {
            for profile in &batch {
                streamer.push(Some(profile));
            }
        });
        drop(batch);
        since_checkpoint += spent;
        if end % checkpoint_every == 0 || end == count {
            let previous = checkpoints.last().map_or(0, |c| c.articles);
            let clusterer = streamer.clusterer();
            checkpoints.push(Checkpoint {
                articles: end,
                active_stories: clusterer.active_stories(),
                active_events: clusterer.active_events(),
                vocabulary: clusterer.vocabulary_size(),
                resident_bytes: memory().0,
                rate: (end - previous) as f64 / since_checkpoint.as_secs_f64().max(1e-9),
            });
            since_checkpoint = Duration::ZERO;
        }
        start = end;
    }
    let stories_opened = streamer.stories_opened;
    let ((stories, _), _) = stopwatch.time(|| streamer.finish());
    let n = source.profiles.len();
    let pairs: Vec<(i64, (&str, usize))> = stories
        .iter()
        .enumerate()
        .map(|(index, story)| (*story, (source.topics[index % n], index / n)))
        .collect();
    Streamed {
        clustering: stopwatch.wall,
        clustering_cpu: stopwatch.cpu,
        stories_opened,
        checkpoints,
        quality: bcubed(&pairs),
    }
}

/// Runs the clustering benchmark over the corpus in `dir`.
pub fn run(dir: &Path, options: &ClusterBenchOptions) -> Result<ClusterBench, String> {
    let corpus: Corpus = load(dir, 2026)?;
    let (profiles, topics): (Vec<&Profile>, Vec<&str>) = corpus
        .profiles
        .iter()
        .zip(&corpus.docs)
        .filter_map(|(profile, doc)| Some((profile.as_ref()?, topic_of(doc)?)))
        .unzip();
    let source = Source::new(profiles, topics);
    if source.profiles.is_empty() {
        return Err(format!("{}: no readable articles to stream", dir.display()));
    }
    // The reference against our pass on the same prefix.
    let prefix: Vec<Profile> = (0..options.reference_articles)
        .map(|i| synthetic(&source, i))
        .collect();
    let started = Instant::now();
    let prefix_refs: Vec<Option<&Profile>> = prefix.iter().map(Some).collect();
    let dendrogram = cluster::reference::Dendrogram::build(&prefix_refs);
    let reference = started.elapsed();
    drop(dendrogram);
    let ours_on_prefix = stream(
        &source,
        options.reference_articles,
        options.window,
        usize::MAX,
    )
    .clustering;

    reset_peak_memory();
    let checkpoint_every = (options.articles / 10).max(1);
    let streamed = stream(&source, options.articles, options.window, checkpoint_every);
    let peak_bytes = memory().1;
    Ok(ClusterBench {
        corpus_articles: source.profiles.len(),
        articles: options.articles,
        window: options.window,
        stories_opened: streamed.stories_opened,
        quality: streamed.quality,
        clustering: streamed.clustering,
        clustering_cpu: streamed.clustering_cpu,
        checkpoints: streamed.checkpoints,
        peak_bytes,
        reference_articles: options.reference_articles,
        reference,
        ours_on_prefix,
    })
}

/// A document's gold topic.
fn topic_of(doc: &LabeledDoc) -> Option<&str> {
    doc.labels
        .iter()
        .find(|(level, _)| *level == "topic")
        .map(|(_, topic)| topic.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        Profile {
            terms: vec![
                ("harbour".into(), 1.0),
                ("strike".into(), 1.5),
                ("wages".into(), 1.0),
            ],
            entities: vec![("velmora".into(), 1.0)],
            day: Some(100),
            years: vec![2031],
            anchor: None,
            protagonist: Some("okafor".into()),
        }
    }

    #[test]
    fn the_first_repetition_is_the_corpus_and_later_ones_are_new_stories() {
        let base = profile();
        let source = Source::new(vec![&base], vec!["strike"]);
        assert_eq!(synthetic(&source, 0), base);
        let second = synthetic(&source, 1);
        assert_eq!(second.day, Some(100 + 3650));
        assert_eq!(second.years, vec![2041]);
        assert_eq!(second.entities, vec![("velmora~1".to_string(), 1.0)]);
        assert_eq!(second.protagonist.as_deref(), Some("okafor~1"));
        // Terms in every article are common and keep their spelling; nothing else does.
        let other = Profile {
            terms: vec![("harbour".into(), 1.0), ("cranes".into(), 1.0)],
            ..profile()
        };
        let source = Source::new(vec![&base, &other], vec!["strike", "strike"]);
        let respelt = synthetic(&source, 2);
        assert!(respelt
            .terms
            .iter()
            .all(|(t, _)| t == "harbour" || t.ends_with("~1")));
        // Deterministic.
        assert_eq!(synthetic(&source, 7), synthetic(&source, 7));
    }
}
