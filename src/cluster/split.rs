//! Drift: which groups of a story's events moved away from the rest, so that the story
//! splits.

use super::level::{Cluster, Level};
use super::vectors::{sparse_cosine, sparse_sum, truncated, Tally};
use super::Params;

/// Events of one story considered when checking it for drift (the largest).
const SPLIT_EVENTS: usize = 80;
/// Terms and names kept in the sketch of a group of events.
const SKETCH_TERMS: usize = 100;
const SKETCH_NAMES: usize = 30;

/// A group of events, sketched by truncated sparse vectors so that many groups can be
/// compared quickly.
#[derive(Clone, Debug)]
pub(super) struct Sketch {
    pub(super) terms: Vec<(u32, f32)>,
    pub(super) term_norm: f64,
    pub(super) names: Vec<(u32, f32)>,
    pub(super) name_norm: f64,
    pub(super) anchors: Tally,
    pub(super) articles: u32,
    pub(super) events: Vec<i64>,
}

impl Sketch {
    pub(super) fn of(id: i64, event: &Cluster) -> Sketch {
        let (terms, term_norm) = truncated(
            event.terms.weights.iter().map(|(t, w)| (*t, *w)),
            SKETCH_TERMS,
        );
        let (names, name_norm) = truncated(
            event.entities.weights.iter().map(|(t, w)| (*t, *w)),
            SKETCH_NAMES,
        );
        Sketch {
            terms,
            term_norm,
            names,
            name_norm,
            anchors: event.anchors.clone(),
            articles: event.articles,
            events: vec![id],
        }
    }

    pub(super) fn join(&self, other: &Sketch) -> Sketch {
        let (terms, term_norm) = truncated(
            sparse_sum(&self.terms, &other.terms).into_iter(),
            SKETCH_TERMS,
        );
        let (names, name_norm) = truncated(
            sparse_sum(&self.names, &other.names).into_iter(),
            SKETCH_NAMES,
        );
        let mut anchors = self.anchors.clone();
        anchors.merge(&other.anchors);
        let mut events = self.events.clone();
        events.extend_from_slice(&other.events);
        Sketch {
            terms,
            term_norm,
            names,
            name_norm,
            anchors,
            articles: self.articles + other.articles,
            events,
        }
    }

    pub(super) fn main_anchor(&self) -> Option<&str> {
        self.anchors.majority(3)
    }

    /// The same measure as [`group_similarity`], on the sketches.
    pub(super) fn similarity(&self, other: &Sketch, anchor_penalty: f64) -> f64 {
        let mut score = 0.5
            * sparse_cosine(&self.terms, self.term_norm, &other.terms, other.term_norm)
            + 0.5 * sparse_cosine(&self.names, self.name_norm, &other.names, other.name_norm);
        if let (Some(x), Some(y)) = (self.main_anchor(), other.main_anchor()) {
            if x != y {
                score -= anchor_penalty;
            }
        }
        score
    }
}

/// Groups of a story's events that drifted away from the rest, with their similarity to
/// it. The story's largest events are grouped bottom-up (centroid linkage) while two
/// groups reach the split threshold; every group but the largest that has enough
/// articles and stays below the threshold against all the others together drifted.
pub(super) fn drifted_groups(events: &Level, ids: &[i64], p: &Params) -> Vec<(Vec<i64>, f64)> {
    let mut chosen: Vec<(u32, i64)> = ids
        .iter()
        .map(|id| (events.clusters[id].articles, *id))
        .collect();
    chosen.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    chosen.truncate(SPLIT_EVENTS);
    if chosen.len() < 2 {
        return Vec::new();
    }
    let mut groups: Vec<Option<Sketch>> = chosen
        .iter()
        .map(|(_, id)| Some(Sketch::of(*id, &events.clusters[id])))
        .collect();
    let n = groups.len();
    let mut similarity = vec![vec![f64::NEG_INFINITY; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (
                groups[i].as_ref().expect("alive"),
                groups[j].as_ref().expect("alive"),
            );
            similarity[i][j] = a.similarity(b, p.anchor_penalty);
        }
    }
    loop {
        let mut best: Option<(usize, usize, f64)> = None;
        for (i, row) in similarity.iter().enumerate() {
            for (j, &score) in row.iter().enumerate().skip(i + 1) {
                if score >= p.split_threshold && best.is_none_or(|(_, _, s)| score > s) {
                    best = Some((i, j, score));
                }
            }
        }
        let Some((i, j, _)) = best else { break };
        let joined = groups[i]
            .as_ref()
            .expect("alive")
            .join(groups[j].as_ref().expect("alive"));
        groups[i] = Some(joined);
        groups[j] = None;
        for k in 0..n {
            similarity[k.min(j)][k.max(j)] = f64::NEG_INFINITY;
        }
        for k in 0..n {
            if k == i {
                continue;
            }
            let score = match &groups[k] {
                Some(other) => groups[i]
                    .as_ref()
                    .expect("alive")
                    .similarity(other, p.anchor_penalty),
                None => f64::NEG_INFINITY,
            };
            similarity[k.min(i)][k.max(i)] = score;
        }
    }
    let alive: Vec<&Sketch> = groups.iter().flatten().collect();
    if alive.len() < 2 {
        return Vec::new();
    }
    let largest = alive
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.articles.cmp(&b.1.articles).then(b.0.cmp(&a.0)))
        .map(|(index, _)| index)
        .expect("two groups");
    let mut drifted = Vec::new();
    for (index, group) in alive.iter().enumerate() {
        if index == largest || group.articles < p.split_min_part {
            continue;
        }
        let rest = alive
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
            .map(|(_, g)| (*g).clone())
            .reduce(|a, b| a.join(&b))
            .expect("two groups");
        let score = group.similarity(&rest, p.anchor_penalty);
        if score < p.split_threshold {
            let mut part = group.events.clone();
            part.sort_unstable();
            drifted.push((part, score));
        }
    }
    drifted
}
