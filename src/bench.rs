//! Bench: speed measurements that run a reference implementation in the same run and
//! print the ratio (`newsdesk bench cluster`).
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
//! Only clustering (placement, adding, maintenance) is timed; profiles are made before.

use crate::cluster::{self, Change, Clusterer, Params, Profile};
use crate::eval::cluster::{load, Corpus};
use crate::eval::metrics::SplitMix64;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

/// Articles between two maintenance passes, as in ingest.
const MAINTAIN_EVERY: usize = 25;

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
    pub clustering: Duration,
    pub checkpoints: Vec<Checkpoint>,
    /// Peak resident memory while streaming (the high-water mark is reset after loading).
    pub peak_bytes: Option<u64>,
    pub reference_articles: usize,
    pub reference: Duration,
    pub ours_on_prefix: Duration,
}

impl ClusterBench {
    pub fn articles_per_second(&self) -> f64 {
        self.articles as f64 / self.clustering.as_secs_f64().max(1e-9)
    }
}

/// The corpus the synthetic stream repeats.
struct Source<'a> {
    profiles: Vec<&'a Profile>,
    /// Terms in at least one article in a hundred: kept as they are in every repetition.
    common: HashSet<&'a str>,
}

impl<'a> Source<'a> {
    fn new(profiles: Vec<&'a Profile>) -> Source<'a> {
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
        Source { profiles, common }
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

/// Resident memory now and at its peak, from `/proc/self/status` (Linux only).
fn memory() -> (Option<u64>, Option<u64>) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (None, None);
    };
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map(|kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak resident memory, so that loading the corpus does not count.
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Streams `count` articles through a fresh clusterer; returns the time spent clustering,
/// the stories opened and checkpoints every `checkpoint_every` articles.
fn stream(
    source: &Source,
    count: usize,
    window: u64,
    checkpoint_every: usize,
) -> (Duration, usize, Vec<Checkpoint>) {
    let story = Params {
        retire_after: window,
        ..Params::story()
    };
    let event = Params {
        retire_after: window,
        ..Params::event()
    };
    let mut clusterer = Clusterer::new(story, event);
    let mut next_id = 1i64;
    let mut stories_opened = 0;
    let mut elapsed = Duration::ZERO;
    let mut checkpoints: Vec<Checkpoint> = Vec::new();
    let mut since_checkpoint = Duration::ZERO;
    for index in 0..count {
        let profile = synthetic(source, index);
        let started = Instant::now();
        if index > 0 && index % MAINTAIN_EVERY == 0 {
            let changes = clusterer
                .maintain(|| {
                    next_id += 1;
                    Ok::<i64, ()>(next_id - 1)
                })
                .expect("ids never fail");
            stories_opened += changes
                .iter()
                .filter(|c| matches!(c, Change::StorySplit { .. }))
                .count();
        }
        let placement = clusterer.place(&profile);
        let story = placement.story.map_or_else(
            || {
                stories_opened += 1;
                next_id += 1;
                next_id - 1
            },
            |(id, _)| id,
        );
        let event = placement.event.map_or_else(
            || {
                next_id += 1;
                next_id - 1
            },
            |(id, _)| id,
        );
        clusterer.add(index as u64, &profile, story, event);
        let spent = started.elapsed();
        elapsed += spent;
        since_checkpoint += spent;
        if (index + 1) % checkpoint_every == 0 || index + 1 == count {
            let previous = checkpoints.last().map_or(0, |c| c.articles);
            checkpoints.push(Checkpoint {
                articles: index + 1,
                active_stories: clusterer.active_stories(),
                active_events: clusterer.active_events(),
                vocabulary: clusterer.vocabulary_size(),
                resident_bytes: memory().0,
                rate: (index + 1 - previous) as f64 / since_checkpoint.as_secs_f64().max(1e-9),
            });
            since_checkpoint = Duration::ZERO;
        }
    }
    (elapsed, stories_opened, checkpoints)
}

/// Runs the clustering benchmark over the corpus in `dir`.
pub fn cluster(dir: &Path, options: &ClusterBenchOptions) -> Result<ClusterBench, String> {
    let corpus: Corpus = load(dir, 2026)?;
    let source = Source::new(corpus.profiles.iter().flatten().collect());
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
    let (ours_on_prefix, _, _) = stream(
        &source,
        options.reference_articles,
        options.window,
        usize::MAX,
    );

    reset_peak_memory();
    let checkpoint_every = (options.articles / 10).max(1);
    let (clustering, stories_opened, checkpoints) =
        stream(&source, options.articles, options.window, checkpoint_every);
    let peak_bytes = memory().1;
    Ok(ClusterBench {
        corpus_articles: source.profiles.len(),
        articles: options.articles,
        window: options.window,
        stories_opened,
        clustering,
        checkpoints,
        peak_bytes,
        reference_articles: options.reference_articles,
        reference,
        ours_on_prefix,
    })
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
        let source = Source::new(vec![&base]);
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
        let source = Source::new(vec![&base, &other]);
        let respelt = synthetic(&source, 2);
        assert!(respelt
            .terms
            .iter()
            .all(|(t, _)| t == "harbour" || t.ends_with("~1")));
        // Deterministic.
        assert_eq!(synthetic(&source, 7), synthetic(&source, 7));
    }
}
