//! One level of clusters (stories or events): their centroids, the inverted index that
//! finds candidates, scoring, maintenance merges and the window.

use super::vectors::{sparse_cosine, Centroid, FastMap, Tally, Vectors, Vocabulary};
use super::{
    Params, Profile, LEADING_NAMES, MAX_CANDIDATES, MERGE_EXAMINATIONS, MERGE_SHORTLIST,
    MERGE_WINDOW, POSTINGS_SCANNED, RECENT_MEMBERS, RETRIEVAL_ENTITIES, RETRIEVAL_TERMS,
    STRAY_WINDOW,
};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Similarity of two grown clusters, for large merges and splits: the mean of their
/// centroid and name cosines, less the anchor penalty when their main countries differ.
pub(super) fn group_similarity(a: &Cluster, b: &Cluster, anchor_penalty: f64) -> f64 {
    let mut score = 0.5 * a.terms.cosine_with(&b.terms) + 0.5 * a.entities.cosine_with(&b.entities);
    if let (Some(x), Some(y)) = (a.main_anchor(), b.main_anchor()) {
        if x != y {
            score -= anchor_penalty;
        }
    }
    score
}

/// A story or an event.
#[derive(Clone, Debug, Default)]
pub(super) struct Cluster {
    pub(super) terms: Centroid,
    pub(super) entities: Centroid,
    /// The most recent members' weighted term vectors (with norms).
    pub(super) recent: VecDeque<(Vec<(u32, f32)>, f64)>,
    pub(super) years: BTreeMap<i32, u32>,
    pub(super) first_day: Option<i64>,
    pub(super) last_day: Option<i64>,
    pub(super) articles: u32,
    /// Arrival count of the last article, for the window.
    pub(super) last_seen: u64,
    /// For an event: its story.
    pub(super) parent: Option<i64>,
    /// How many of its articles are anchored on each country.
    pub(super) anchors: Tally,
    /// How many of its articles are about each person.
    pub(super) protagonists: Tally,
    /// Its strongest names (refreshed as it grows).
    pub(super) leading_names: Vec<u32>,
    /// For an event: the caller's keys of its articles, so that a split can say which
    /// articles move.
    pub(super) members: Vec<u64>,
    /// For a story: its size when last checked for drift.
    pub(super) checked_size: u32,
    /// For an event: its story's size when it last took an article (see
    /// [`Params::stray_after`]).
    pub(super) story_size_at_change: u32,
}

impl Cluster {
    /// Whether an article anchored on a country is foreign to this cluster: the cluster
    /// has a main country (the anchor of most of its anchored articles, at least three),
    /// under a fifth of its anchored articles share the article's, and the article does
    /// not name the main country at all. A report on British soldiers' trials that names
    /// Iraq belongs with the Iraq war; one on Libya that never names Syria does not
    /// belong with Syria's uprising.
    pub(super) fn anchor_conflict(&self, profile: &Profile) -> bool {
        let Some(anchor) = &profile.anchor else {
            return false;
        };
        self.main_anchor().is_some_and(|main| {
            main != anchor
                && f64::from(self.anchors.count(anchor)) < 0.2 * f64::from(self.anchors.total())
                && !profile.names(main)
        })
    }

    /// The person most of its articles with a protagonist are about (at least half).
    pub(super) fn main_protagonist(&self) -> Option<&str> {
        self.protagonists.majority(1)
    }

    /// Whether an article about `person` is foreign to this cluster: the cluster is mostly
    /// about someone else, none of its articles is about `person`, and the article does
    /// not name the cluster's person.
    pub(super) fn protagonist_conflict(&self, profile: &Profile) -> bool {
        let Some(person) = &profile.protagonist else {
            return false;
        };
        self.main_protagonist().is_some_and(|main| {
            main != person && !self.protagonists.contains(person) && !profile.names(main)
        })
    }

    /// The main country, if one holds at least half of the anchored articles.
    pub(super) fn main_anchor(&self) -> Option<&str> {
        self.anchors.majority(3)
    }

    /// Adds everything of `other` (its members, centroids, dates and counts) to this one.
    pub(super) fn absorb(&mut self, other: &Cluster) {
        self.terms.merge(&other.terms);
        self.entities.merge(&other.entities);
        self.recent.extend(other.recent.iter().cloned());
        while self.recent.len() > RECENT_MEMBERS {
            self.recent.pop_front();
        }
        for (year, count) in &other.years {
            *self.years.entry(*year).or_insert(0) += count;
        }
        self.anchors.merge(&other.anchors);
        self.protagonists.merge(&other.protagonists);
        self.first_day = match (self.first_day, other.first_day) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last_day = match (self.last_day, other.last_day) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.articles += other.articles;
        self.last_seen = self.last_seen.max(other.last_seen);
        self.members.extend_from_slice(&other.members);
        self.leading_names = self.entities.top(LEADING_NAMES);
    }

    /// Days between `day` and the cluster's span (0 inside it), when both are dated.
    pub(super) fn days_from(&self, day: Option<i64>) -> Option<i64> {
        let (day, first, last) = (day?, self.first_day?, self.last_day?);
        Some((first - day).max(day - last).max(0))
    }

    pub(super) fn years_conflict(&self, years: &[i32]) -> bool {
        !years.is_empty()
            && !self.years.is_empty()
            && !years.iter().any(|y| self.years.contains_key(y))
    }
}

/// One level of clusters with its index.
#[derive(Debug)]
pub(super) struct Level {
    pub(super) params: Params,
    pub(super) clusters: FastMap<i64, Cluster>,
    pub(super) postings: FastMap<u32, Vec<i64>>,
    /// Small clusters changed recently: arrival count of the change, and how many times
    /// maintenance has examined them since.
    pub(super) recent_small: BTreeMap<i64, (u64, u32)>,
    /// Clusters changed since the last maintenance.
    pub(super) touched: BTreeSet<i64>,
    /// Small events watched for becoming strays, with the arrival count of their last
    /// change (see [`Params::stray_after`]).
    pub(super) strays: BTreeMap<i64, u64>,
    pub(super) added: u64,
}

impl Level {
    pub(super) fn new(params: Params) -> Level {
        Level {
            params,
            clusters: FastMap::default(),
            postings: FastMap::default(),
            recent_small: BTreeMap::new(),
            touched: BTreeSet::new(),
            strays: BTreeMap::new(),
            added: 0,
        }
    }

    /// Clusters sharing an entity or one of the article's most salient, not-too-common
    /// terms.
    pub(super) fn candidates(
        &self,
        vocabulary: &Vocabulary,
        vectors: &Vectors,
        allowed: &impl Fn(&Cluster) -> bool,
    ) -> Vec<i64> {
        let strongest = |pairs: &[(u32, f32)], count: usize| -> Vec<u32> {
            let mut salient: Vec<&(u32, f32)> = pairs
                .iter()
                .filter(|(id, _)| !vocabulary.is_common(*id))
                .collect();
            salient.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            salient.into_iter().take(count).map(|(id, _)| *id).collect()
        };
        let keys = strongest(&vectors.terms, RETRIEVAL_TERMS)
            .into_iter()
            .chain(strongest(&vectors.entities, RETRIEVAL_ENTITIES));
        // Clusters sharing the most keys first; only the best few are scored.
        let mut hits: FastMap<i64, u32> = FastMap::default();
        for key in keys {
            for id in self.recent_postings(key) {
                *hits.entry(*id).or_insert(0) += 1;
            }
        }
        let mut ranked: Vec<(u32, i64)> = hits
            .into_iter()
            .filter(|(id, _)| self.clusters.get(id).is_some_and(allowed))
            .map(|(id, count)| (count, id))
            .collect();
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        ranked.truncate(MAX_CANDIDATES);
        ranked.into_iter().map(|(_, id)| id).collect()
    }

    /// The clusters most recently indexed under a key (at most [`POSTINGS_SCANNED`]): a
    /// word in thousands of clusters costs no more than a rare one.
    fn recent_postings(&self, key: u32) -> &[i64] {
        let list = self.postings.get(&key).map_or(&[][..], Vec::as_slice);
        &list[list.len().saturating_sub(POSTINGS_SCANNED)..]
    }

    /// The score without its best-member part, which costs the most: that part adds at
    /// most `params.member`, so candidates whose partial score cannot win are never given
    /// it.
    fn partial_score(&self, cluster: &Cluster, profile: &Profile, vectors: &Vectors) -> f64 {
        let p = &self.params;
        let centroid = cluster.terms.cosine(&vectors.terms, vectors.term_norm);
        let entity = cluster
            .entities
            .cosine(&vectors.entities, vectors.entity_norm);
        let mut score = p.centroid * centroid + p.entity * entity;
        if let Some(gap) = cluster.days_from(profile.day) {
            score += p.date * ((-(gap as f64) / p.date_scale_days).exp() - 0.5);
            if gap > p.dormant_days {
                score -= p.dormant_penalty;
            }
        }
        if cluster.years_conflict(&profile.years) {
            score -= p.year_penalty;
        }
        if cluster.anchor_conflict(profile) {
            score -= p.anchor_penalty;
        }
        if cluster.protagonist_conflict(profile) {
            score -= p.protagonist_penalty;
        }
        score
    }

    /// The best cosine between the article and one of the cluster's recent members.
    fn member_similarity(cluster: &Cluster, vectors: &Vectors) -> f64 {
        cluster
            .recent
            .iter()
            .map(|(member, norm)| sparse_cosine(&vectors.terms, vectors.term_norm, member, *norm))
            .fold(0.0, f64::max)
    }

    /// The best-scoring allowed cluster at or above the threshold (or attached), with its
    /// score. `support` gives, for some clusters, a similarity the best-member part may take
    /// instead when it is higher: for a story, its closest event's centroid.
    pub(super) fn best(
        &self,
        vocabulary: &Vocabulary,
        profile: &Profile,
        vectors: &Vectors,
        allowed: impl Fn(&Cluster) -> bool,
        support: &FastMap<i64, f64>,
    ) -> Option<(i64, f64)> {
        let p = &self.params;
        let mut ids = self.candidates(vocabulary, vectors, &allowed);
        for id in support.keys() {
            if !ids.contains(id) && self.clusters.get(id).is_some_and(&allowed) {
                ids.push(*id);
            }
        }
        let mut partial: Vec<(i64, f64)> = ids
            .into_iter()
            .map(|id| {
                (
                    id,
                    self.partial_score(&self.clusters[&id], profile, vectors),
                )
            })
            .collect();
        // Highest partial score first; on a tie the older cluster.
        partial.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let full = |(id, part): &(i64, f64)| {
            (
                *id,
                part + p.member
                    * Level::member_similarity(&self.clusters[id], vectors)
                        .max(support.get(id).copied().unwrap_or(0.0)),
            )
        };
        let better = |a: (i64, f64), b: Option<(i64, f64)>| {
            b.is_none_or(|b| a.1 > b.1 || a.1 == b.1 && a.0 < b.0)
        };
        let mut best: Option<(i64, f64)> = None;
        for candidate in &partial {
            let bar = best.map_or(p.threshold, |(_, score)| score.max(p.threshold));
            if candidate.1 + p.member < bar {
                break;
            }
            let scored = full(candidate);
            if scored.1 >= p.threshold && better(scored, best) {
                best = Some(scored);
            }
        }
        if best.is_some() {
            return best;
        }
        // Attachment to a large story through one of its leading names.
        for candidate in &partial {
            let cluster = &self.clusters[&candidate.0];
            let eligible = cluster.articles >= p.attach_min_articles
                && candidate.1 + p.member >= p.attach_threshold
                && cluster
                    .leading_names
                    .iter()
                    .any(|name| vectors.leading_names.contains(name));
            if eligible {
                let scored = full(candidate);
                if scored.1 >= p.attach_threshold && better(scored, best) {
                    best = Some(scored);
                }
            }
        }
        best
    }

    pub(super) fn add(
        &mut self,
        id: i64,
        member: Option<u64>,
        profile: &Profile,
        vectors: &Vectors,
        parent: Option<i64>,
    ) {
        self.added += 1;
        let added = self.added;
        let cluster = self.clusters.entry(id).or_default();
        cluster.terms.add(&vectors.terms);
        cluster.entities.add(&vectors.entities);
        cluster
            .recent
            .push_back((vectors.terms.clone(), vectors.term_norm));
        if cluster.recent.len() > RECENT_MEMBERS {
            cluster.recent.pop_front();
        }
        for year in &profile.years {
            *cluster.years.entry(*year).or_insert(0) += 1;
        }
        if let Some(day) = profile.day {
            cluster.first_day = Some(cluster.first_day.map_or(day, |d| d.min(day)));
            cluster.last_day = Some(cluster.last_day.map_or(day, |d| d.max(day)));
        }
        cluster.articles += 1;
        cluster.last_seen = added;
        if cluster.articles <= 10 || cluster.articles % 10 == 0 {
            cluster.leading_names = cluster.entities.top(LEADING_NAMES);
        }
        if let Some(anchor) = &profile.anchor {
            cluster.anchors.add(anchor, 1);
        }
        if let Some(person) = &profile.protagonist {
            cluster.protagonists.add(person, 1);
        }
        if parent.is_some() {
            cluster.parent = parent;
        }
        cluster.members.extend(member);
        if cluster.articles <= self.params.merge_max_size {
            self.recent_small.insert(id, (added, 0));
            if parent.is_some() && self.params.stray_after != u32::MAX {
                self.strays.insert(id, added);
            }
        } else {
            self.strays.remove(&id);
        }
        self.touched.insert(id);
        // Index the cluster under the article's salient terms and its entities.
        let mut salient = vectors.terms.clone();
        salient.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut entities = vectors.entities.clone();
        entities.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let keys = salient
            .into_iter()
            .take(RETRIEVAL_TERMS)
            .chain(entities.into_iter().take(RETRIEVAL_ENTITIES))
            .map(|(term, _)| term);
        for key in keys {
            let list = self.postings.entry(key).or_default();
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
        self.retire();
    }

    /// Similarity of two clusters: the article score with the smaller one standing in for
    /// the article (its centroid, its recent members and its names).
    pub(super) fn similarity(&self, small: &Cluster, large: &Cluster) -> f64 {
        let p = &self.params;
        let centroid = small.terms.cosine_with(&large.terms);
        let member = small
            .recent
            .iter()
            .flat_map(|(a, a_norm)| {
                large
                    .recent
                    .iter()
                    .map(move |(b, b_norm)| sparse_cosine(a, *a_norm, b, *b_norm))
            })
            .fold(0.0, f64::max);
        let entity = small.entities.cosine_with(&large.entities);
        let mut score = p.centroid * centroid + p.member * member + p.entity * entity;
        let years: Vec<i32> = small.years.keys().copied().collect();
        if large.years_conflict(&years) {
            score -= p.year_penalty;
        }
        if let (Some(a), Some(b)) = (small.main_anchor(), large.main_anchor()) {
            if a != b {
                score -= p.anchor_penalty;
            }
        }
        if let (Some(a), Some(b)) = (small.main_protagonist(), large.main_protagonist()) {
            if a != b && !small.protagonists.contains(b) && !large.protagonists.contains(a) {
                score -= p.protagonist_penalty;
            }
        }
        score
    }

    /// Merges small, recently changed clusters into their best neighbour (one at least as
    /// large, allowed by `may_merge`) when it scores at least the merge threshold.
    pub(super) fn maintain(
        &mut self,
        may_merge: impl Fn(&Cluster, &Cluster) -> bool,
    ) -> Vec<(i64, i64, f64)> {
        let horizon = self.added.saturating_sub(MERGE_WINDOW);
        self.recent_small
            .retain(|_, (changed, examined)| *changed >= horizon && *examined < MERGE_EXAMINATIONS);
        for (_, examined) in self.recent_small.values_mut() {
            *examined += 1;
        }
        let mut small: Vec<(u32, i64)> = self
            .recent_small
            .keys()
            .filter_map(|id| self.clusters.get(id).map(|c| (c.articles, *id)))
            .filter(|(articles, _)| *articles <= self.params.merge_max_size)
            .collect();
        small.sort_unstable();
        let mut merges = Vec::new();
        for (_, id) in small {
            let Some(this) = self.clusters.get(&id) else {
                continue;
            };
            let best = self.closest_neighbour(id, this, |other, o| {
                (o.articles > this.articles || o.articles == this.articles && other < id)
                    && may_merge(this, o)
            });
            if let Some((into, score)) =
                best.filter(|(_, score)| *score >= self.params.merge_threshold)
            {
                self.merge(id, into);
                merges.push((id, into, score));
            }
        }
        self.merge_large(&may_merge, &mut merges);
        merges
    }

    /// Folds strays (see [`Params::stray_after`]) into the closest larger cluster with the
    /// same parent; `story_size` gives a parent's current size. Each stray is judged once,
    /// and only within [`STRAY_WINDOW`] arrivals of its last change.
    pub(super) fn fold_strays(
        &mut self,
        story_size: impl Fn(i64) -> Option<u32>,
    ) -> Vec<(i64, i64, f64)> {
        let p = self.params;
        let horizon = self.added.saturating_sub(STRAY_WINDOW);
        let clusters = &self.clusters;
        self.strays.retain(|id, changed| {
            *changed >= horizon
                && clusters
                    .get(id)
                    .is_some_and(|c| c.articles <= p.merge_max_size)
        });
        let due: Vec<i64> = self
            .strays
            .keys()
            .filter(|id| {
                let stray = &clusters[*id];
                stray.parent.and_then(&story_size).is_some_and(|size| {
                    size >= stray.story_size_at_change.saturating_add(p.stray_after)
                })
            })
            .copied()
            .collect();
        let mut merges = Vec::new();
        for id in due {
            self.strays.remove(&id);
            let Some(this) = self.clusters.get(&id) else {
                continue;
            };
            let best = self.closest_neighbour(id, this, |_, o| {
                o.parent == this.parent && o.articles > this.articles
            });
            if let Some((into, score)) = best.filter(|(_, score)| *score >= p.stray_threshold) {
                self.merge(id, into);
                merges.push((id, into, score));
            }
        }
        merges
    }

    /// The neighbour of cluster `id` (`this`) that `eligible` allows and that is most
    /// similar to it ([`Level::similarity`]), with that similarity: a quick centroid
    /// shortlist first, then the full comparison.
    fn closest_neighbour(
        &self,
        id: i64,
        this: &Cluster,
        eligible: impl Fn(i64, &Cluster) -> bool,
    ) -> Option<(i64, f64)> {
        let mut shortlist: Vec<(i64, f64)> = self
            .neighbours(this)
            .into_iter()
            .filter(|other| *other != id)
            .filter_map(|other| self.clusters.get(&other).map(|o| (other, o)))
            .filter(|(other, o)| eligible(*other, o))
            .map(|(other, o)| (other, this.terms.cosine_with(&o.terms)))
            .collect();
        shortlist.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        shortlist.truncate(MERGE_SHORTLIST);
        shortlist
            .into_iter()
            .map(|(other, _)| (other, self.similarity(this, &self.clusters[&other])))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    }

    /// Clusters sharing the most retrieval keys with a cluster's strongest terms and names.
    pub(super) fn neighbours(&self, cluster: &Cluster) -> Vec<i64> {
        let mut hits: FastMap<i64, u32> = FastMap::default();
        let keys = cluster
            .terms
            .top(RETRIEVAL_TERMS)
            .into_iter()
            .chain(cluster.entities.top(RETRIEVAL_ENTITIES));
        for key in keys {
            for other in self.recent_postings(key) {
                *hits.entry(*other).or_insert(0) += 1;
            }
        }
        let mut ranked: Vec<(u32, i64)> = hits
            .into_iter()
            .filter(|(other, _)| self.clusters.contains_key(other))
            .map(|(other, count)| (count, other))
            .collect();
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        ranked.truncate(MAX_CANDIDATES);
        ranked.into_iter().map(|(_, other)| other).collect()
    }

    /// Merges larger clusters changed since the last pass into a neighbour whose centroid
    /// and names are close enough (see [`Params::merge_large_threshold`]); the smaller
    /// one goes into the larger one (on a tie, the younger into the older).
    pub(super) fn merge_large(
        &mut self,
        may_merge: &impl Fn(&Cluster, &Cluster) -> bool,
        merges: &mut Vec<(i64, i64, f64)>,
    ) {
        let touched = std::mem::take(&mut self.touched);
        if self.params.merge_large_threshold > 1.0 {
            return;
        }
        for id in touched {
            let Some(this) = self.clusters.get(&id) else {
                continue;
            };
            if this.articles <= self.params.merge_max_size {
                continue;
            }
            let best = self
                .neighbours(this)
                .into_iter()
                .filter(|other| *other != id)
                .map(|other| (other, &self.clusters[&other]))
                .filter(|(_, o)| o.articles > self.params.merge_max_size && may_merge(this, o))
                .map(|(other, o)| (other, group_similarity(this, o, self.params.anchor_penalty)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            let Some((other, score)) =
                best.filter(|(_, score)| *score >= self.params.merge_large_threshold)
            else {
                continue;
            };
            let (this_size, other_size) = (this.articles, self.clusters[&other].articles);
            let (from, into) = if other_size > this_size || other_size == this_size && other < id {
                (id, other)
            } else {
                (other, id)
            };
            self.merge(from, into);
            merges.push((from, into, score));
        }
    }

    /// Moves everything of cluster `from` into cluster `into`.
    pub(super) fn merge(&mut self, from: i64, into: i64) {
        let Some(gone) = self.clusters.remove(&from) else {
            return;
        };
        self.recent_small.remove(&from);
        self.touched.remove(&from);
        self.strays.remove(&from);
        let keys: Vec<u32> = gone
            .terms
            .top(RETRIEVAL_TERMS)
            .into_iter()
            .chain(gone.entities.weights.keys().copied())
            .collect();
        self.clusters.entry(into).or_default().absorb(&gone);
        for key in keys {
            self.postings.entry(key).or_default().push(into);
        }
    }

    /// Moves a part of cluster `from` (given whole as `part`, and as its pieces) into the
    /// new cluster `into`: `from` is rebuilt without it, `into` indexed under its keys.
    pub(super) fn take_part(&mut self, from: i64, into: i64, part: &Cluster, pieces: &[&Cluster]) {
        let Some(old) = self.clusters.get(&from) else {
            return;
        };
        // What stays is the old cluster less the part: centroids are sums, so subtract.
        let mut rest = old.clone();
        rest.terms.subtract(&part.terms);
        rest.entities.subtract(&part.entities);
        rest.articles = old.articles.saturating_sub(part.articles);
        for (year, count) in &part.years {
            if let Some(n) = rest.years.get_mut(year) {
                *n = n.saturating_sub(*count);
            }
        }
        rest.years.retain(|_, n| *n > 0);
        rest.anchors.subtract(&part.anchors);
        rest.protagonists.subtract(&part.protagonists);
        let moved: Vec<&Vec<(u32, f32)>> = pieces
            .iter()
            .flat_map(|c| c.recent.iter().map(|(v, _)| v))
            .collect();
        rest.recent.retain(|(vector, _)| !moved.contains(&vector));
        rest.leading_names = rest.entities.top(LEADING_NAMES);
        rest.checked_size = rest.articles;
        self.clusters.insert(from, rest);
        let mut new = part.clone();
        new.parent = None;
        new.members.clear();
        new.checked_size = new.articles;
        let keys: Vec<u32> = new
            .terms
            .top(RETRIEVAL_TERMS * 4)
            .into_iter()
            .chain(new.entities.top(RETRIEVAL_ENTITIES * 4))
            .collect();
        self.clusters.insert(into, new);
        for key in keys {
            self.postings.entry(key).or_default().push(into);
        }
        self.touched.insert(into);
        self.touched.insert(from);
    }

    /// Every thousand arrivals, and whenever the index holds a twentieth more clusters than
    /// `max_active`, removes the clusters outside the window from the index. Posting lists
    /// skip retired clusters until they are compacted, every five thousand arrivals (the
    /// retired are the least recently indexed, so they sit where scans rarely reach).
    pub(super) fn retire(&mut self) {
        if self.added % 1000 == 0 && self.added > self.params.retire_after {
            let horizon = self.added - self.params.retire_after;
            self.clusters.retain(|_, c| c.last_seen >= horizon);
        }
        if self.clusters.len() > self.params.max_active + self.params.max_active / 20 {
            let mut seen: Vec<u64> = self.clusters.values().map(|c| c.last_seen).collect();
            seen.sort_unstable();
            let cutoff = seen[self.clusters.len() - self.params.max_active];
            self.clusters.retain(|_, c| c.last_seen >= cutoff);
        }
        if self.added % 5000 == 0 {
            // Keep each live cluster once, where it was indexed last: lists stay in order
            // of recency, which is what `recent_postings` relies on.
            let live = &self.clusters;
            let mut seen: FastMap<i64, ()> = FastMap::default();
            self.postings.retain(|_, list| {
                seen.clear();
                let mut kept: Vec<i64> = list
                    .iter()
                    .rev()
                    .filter(|id| live.contains_key(id) && seen.insert(**id, ()).is_none())
                    .copied()
                    .collect();
                kept.reverse();
                *list = kept;
                !list.is_empty()
            });
        }
    }
}
