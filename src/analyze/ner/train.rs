//! Training the tagger: a greedy averaged perceptron (Collins 2002) over documents.
//!
//! Each epoch walks the training documents in a seeded shuffled order; inside a document
//! sentences go in order so that the history features see what the tagger itself chose
//! earlier (as at tagging time). A wrong label updates the gold label's weights up and the
//! guess's down for every active feature; tagging continues from the guess. Weights are
//! averaged over every step (lazily, with timestamps), and after each epoch the averaged
//! model is scored on the development documents: the best epoch is kept.
//!
//! Several such runs, each walking the documents in its own order, make an ensemble: their
//! kept models' weights are averaged into one model, which tags at the cost of one. One
//! run's model depends on the order it met the documents in (on eng.testb single runs
//! scored 0.875 to 0.882 by seed); the average of eight scored 0.889 to 0.891.

use super::features::{self, DocContext, FeatureBuffer, History, SentenceFeatures};
use super::model::{HashKeyed, Model, VectorClusters};
use super::{allowed, chunks, close_open_chunk, EntityType, Label, Tagger, LABELS, OUTSIDE};

/// A document with gold labels (BILOU label indices).
pub struct LabelledDocument {
    pub sentences: Vec<Vec<String>>,
    pub labels: Vec<Vec<Label>>,
}

pub struct Options {
    pub epochs: usize,
    pub seed: u64,
    /// Runs whose kept models are averaged (each shuffles with its own seed).
    pub runs: usize,
}

/// Micro-averaged entity scores.
pub use crate::eval::metrics::Matches as Score;

pub struct EpochReport {
    /// The run (from 1) and its epoch (from 1).
    pub run: usize,
    pub epoch: usize,
    pub training_errors: usize,
    pub training_tokens: usize,
    pub development: Score,
}

pub struct Trained {
    pub model: Model,
    /// Every epoch of every run.
    pub epochs: Vec<EpochReport>,
    /// The epoch each run kept.
    pub best_epochs: Vec<usize>,
    /// The averaged model's score on the development documents.
    pub development: Score,
}

struct Weights {
    rows: HashKeyed<u32>,
    current: Vec<i32>,
    totals: Vec<i64>,
    stamps: Vec<u32>,
    clock: u32,
}

impl Weights {
    fn new() -> Weights {
        Weights {
            rows: HashKeyed::default(),
            current: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            clock: 0,
        }
    }

    fn score(&self, features: &[u64], scores: &mut [f32; LABELS]) {
        for key in features {
            if let Some(&row) = self.rows.get(key) {
                let start = row as usize * LABELS;
                for (score, w) in scores.iter_mut().zip(&self.current[start..start + LABELS]) {
                    *score += *w as f32;
                }
            }
        }
    }

    fn update(&mut self, features: &[u64], label: Label, delta: i32) {
        for key in features {
            let next = self.rows.len() as u32;
            let row = *self.rows.entry(*key).or_insert(next);
            if row == next {
                self.current.extend_from_slice(&[0; LABELS]);
                self.totals.extend_from_slice(&[0; LABELS]);
                self.stamps.extend_from_slice(&[0; LABELS]);
            }
            let slot = row as usize * LABELS + label;
            self.totals[slot] +=
                i64::from(self.clock - self.stamps[slot]) * i64::from(self.current[slot]);
            self.stamps[slot] = self.clock;
            self.current[slot] += delta;
        }
    }

    fn averaged(&self, clusters: &HashKeyed<(u16, u16)>) -> Model {
        let clock = f64::from(self.clock.max(1));
        let mut features: Vec<(u64, [f32; LABELS])> = self
            .rows
            .iter()
            .map(|(&key, &row)| {
                let start = row as usize * LABELS;
                let mut averaged = [0f32; LABELS];
                for (l, value) in averaged.iter_mut().enumerate() {
                    let slot = start + l;
                    let total = self.totals[slot] as f64
                        + f64::from(self.clock - self.stamps[slot]) * f64::from(self.current[slot]);
                    *value = (total / clock) as f32;
                }
                (key, averaged)
            })
            .collect();
        features.sort_unstable_by_key(|(key, _)| *key);
        Model::new(features, clusters)
    }
}

/// The SplitMix64 sequence, for a reproducible shuffle without a dependency.
fn shuffled(count: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    let mut state = seed;
    for i in (1..count).rev() {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let j = (features::mix(state) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// Scores a model on labelled documents.
pub fn evaluate(model: Model, documents: &[LabelledDocument]) -> (Score, Model) {
    let tagger = Tagger::new(model);
    let mut score = Score::default();
    for document in documents {
        let predicted = tagger.tag_document(&document.sentences);
        for (gold, guess) in document.labels.iter().zip(&predicted) {
            let gold = chunks(gold);
            let guess = chunks(guess);
            score.gold += gold.len();
            score.predicted += guess.len();
            score.matched += guess.iter().filter(|c| gold.contains(c)).count();
        }
    }
    (score, tagger.model)
}

/// Trains `options.runs` runs on `training`, each keeping its epoch best by F1 on
/// `development`, and averages their models. `progress` hears about each epoch as it ends.
pub fn train(
    training: &[LabelledDocument],
    development: &[LabelledDocument],
    clusters: &HashKeyed<(u16, u16)>,
    vector_clusters: &HashKeyed<VectorClusters>,
    options: &Options,
    mut progress: impl FnMut(&EpochReport),
) -> Trained {
    let prepared = Prepared::new(training, clusters, vector_clusters);
    let mut epochs = Vec::new();
    let mut best_epochs = Vec::new();
    let mut kept = Vec::new();
    for run in 1..=options.runs.max(1) {
        // Run 1 shuffles as a single run always has, so one run gives the same model.
        let seed = options.seed.wrapping_add((run as u64 - 1) * RUN_SEED_STEP);
        let (model, best_epoch, reports) =
            prepared.run(development, run, options.epochs, seed, &mut progress);
        kept.push(model);
        best_epochs.push(best_epoch);
        epochs.extend(reports);
    }
    let model = if kept.len() == 1 {
        kept.pop().expect("one run")
    } else {
        average(&kept)
    };
    let (development, model) = evaluate(model, development);
    Trained {
        model,
        epochs,
        best_epochs,
        development,
    }
}

/// How far apart the runs' shuffle seeds lie (each epoch adds one to its run's seed).
const RUN_SEED_STEP: u64 = 1_000_003;

/// The mean of models' weights (a feature a model lacks counts as zero there), with the
/// first model's clusters and inside words, which every run shares.
fn average(models: &[Model]) -> Model {
    let share = 1.0 / models.len() as f32;
    let mut summed: HashKeyed<[f32; LABELS]> = HashKeyed::default();
    for model in models {
        for (key, weights) in model.feature_weights() {
            let row = summed.entry(key).or_insert([0.0; LABELS]);
            for (total, w) in row.iter_mut().zip(weights) {
                *total += w * share;
            }
        }
    }
    let mut features: Vec<(u64, [f32; LABELS])> = summed.into_iter().collect();
    features.sort_unstable_by_key(|(key, _)| *key);
    models[0].with_feature_weights(features)
}

/// What every run reads and none changes: the training documents with their contexts and
/// static features.
struct Prepared<'a> {
    training: &'a [LabelledDocument],
    clusters: &'a HashKeyed<(u16, u16)>,
    vector_clusters: &'a HashKeyed<VectorClusters>,
    contexts: Vec<DocContext<'a>>,
    statics: Vec<Vec<SentenceFeatures>>,
    inside_words: Vec<u64>,
}

impl<'a> Prepared<'a> {
    fn new(
        training: &'a [LabelledDocument],
        clusters: &'a HashKeyed<(u16, u16)>,
        vector_clusters: &'a HashKeyed<VectorClusters>,
    ) -> Prepared<'a> {
        // Static features do not change between epochs: compute them once.
        let extractor = Model::new(Vec::new(), clusters).with_vector_clusters(vector_clusters);
        let contexts: Vec<DocContext> = training
            .iter()
            .map(|document| DocContext::new(&document.sentences))
            .collect();
        let statics: Vec<Vec<SentenceFeatures>> = contexts
            .iter()
            .map(|context| {
                (0..context.sentences.len())
                    .map(|s| features::sentence_features(&extractor, context, s))
                    .collect()
            })
            .collect();
        // Words without a capital that stand inside a name somewhere in training: the
        // tagger scores these; it tags every other such word `O` outright.
        let inside_words: Vec<u64> = contexts
            .iter()
            .zip(training)
            .flat_map(|(context, document)| context.sentences.iter().zip(&document.labels))
            .flat_map(|(sentence, labels)| {
                sentence
                    .forms
                    .iter()
                    .zip(&sentence.norm_ids)
                    .zip(labels)
                    .filter(|((form, _), &label)| {
                        label != OUTSIDE && !features::is_capitalised(form)
                    })
                    .map(|((_, &norm_id), _)| norm_id)
            })
            .collect();
        Prepared {
            training,
            clusters,
            vector_clusters,
            contexts,
            statics,
            inside_words,
        }
    }

    /// One run of `epochs` epochs: the model of its best epoch on `development`, that
    /// epoch, and every epoch's report.
    fn run(
        &self,
        development: &[LabelledDocument],
        run: usize,
        epochs: usize,
        seed: u64,
        progress: &mut impl FnMut(&EpochReport),
    ) -> (Model, usize, Vec<EpochReport>) {
        let (training, contexts, statics) = (self.training, &self.contexts, &self.statics);
        let finished = |weights: &Weights| {
            weights
                .averaged(self.clusters)
                .with_vector_clusters(self.vector_clusters)
                .with_inside_words(self.inside_words.iter().copied())
        };
        let mut weights = Weights::new();
        let mut reports = Vec::new();
        let mut best: Option<(f64, usize, Model)> = None;
        let mut buffer = FeatureBuffer::default();
        for epoch in 1..=epochs {
            let mut errors = 0;
            let mut tokens_seen = 0;
            for d in shuffled(training.len(), seed.wrapping_add(epoch as u64)) {
                let document = &training[d];
                let mut history = History::default();
                for (s, sentence) in contexts[d].sentences.iter().enumerate() {
                    let gold = &document.labels[s];
                    let mut labels: Vec<Label> = Vec::with_capacity(gold.len());
                    for (i, &truth) in gold.iter().enumerate() {
                        weights.clock += 1;
                        buffer.clear();
                        features::dynamic_features(
                            sentence,
                            statics[d][s].shape_ids(),
                            i,
                            &labels,
                            &history,
                            &mut buffer,
                        );
                        let mut scores = [0f32; LABELS];
                        weights.score(statics[d][s].of(i), &mut scores);
                        weights.score(&buffer.hashes, &mut scores);
                        let previous = labels.last().copied().unwrap_or(OUTSIDE);
                        let guess = super::best_allowed(previous, &scores);
                        if guess != truth {
                            errors += 1;
                        }
                        // The update is against the best label of all, allowed after the
                        // previous one or not: a name's inside must also outscore `O` (which
                        // cannot follow `B-` and so never competes there when tagging greedily),
                        // so that the beam can weigh closing a name against continuing it.
                        let rival = best_of_all(&scores);
                        if rival != truth {
                            for features in [statics[d][s].of(i), &buffer.hashes] {
                                weights.update(features, truth, 1);
                                weights.update(features, rival, -1);
                            }
                        }
                        // Continue from the guess, as tagging will: the history features
                        // learn to live with the tagger's own earlier mistakes.
                        labels.push(guess);
                    }
                    tokens_seen += gold.len();
                    close_open_chunk(&mut labels);
                    history.record(sentence, &labels);
                }
            }
            let (development_score, model) = evaluate(finished(&weights), development);
            let report = EpochReport {
                run,
                epoch,
                training_errors: errors,
                training_tokens: tokens_seen,
                development: development_score,
            };
            progress(&report);
            let f1 = development_score.f1();
            if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
                best = Some((f1, epoch, model));
            }
            reports.push(report);
        }
        let (_, best_epoch, model) = best.unwrap_or_else(|| (0.0, 0, finished(&weights)));
        (model, best_epoch, reports)
    }
}

/// The highest-scoring label, whatever came before (ties to the lower index).
fn best_of_all(scores: &[f32; LABELS]) -> Label {
    let mut best = 0;
    for (label, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = label;
        }
    }
    best
}

/// Converts gold chunks of a CoNLL sentence into training labels.
pub fn gold_labels(length: usize, spans: &[(usize, usize, EntityType)]) -> Vec<Label> {
    let labels = super::labels_of(length, spans);
    debug_assert!(labels.windows(2).all(|p| allowed(p[0], p[1])));
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> LabelledDocument {
        // `Word/PER` marks a one-word entity, `Word/PER+` continues the previous one.
        let mut sentences = Vec::new();
        let mut labels = Vec::new();
        for line in text.lines() {
            let mut tokens = Vec::new();
            let mut spans: Vec<(usize, usize, EntityType)> = Vec::new();
            for (i, item) in line.split_whitespace().enumerate() {
                let (word, tag) = item.split_once('/').unwrap_or((item, ""));
                tokens.push(word.to_string());
                let (kind, continues) = match tag.strip_suffix('+') {
                    Some(k) => (k, true),
                    None => (tag, false),
                };
                if let Some(kind) = EntityType::from_conll(kind) {
                    match spans.last_mut() {
                        Some(last) if continues && last.1 == i => last.1 = i + 1,
                        _ => spans.push((i, i + 1, kind)),
                    }
                }
            }
            labels.push(gold_labels(tokens.len(), &spans));
            sentences.push(tokens);
        }
        LabelledDocument { sentences, labels }
    }

    fn invented_corpus() -> Vec<LabelledDocument> {
        [
            "Mayor Ines/PER Albarran/PER+ visited Castellane/LOC on Monday .",
            "The Velmora/ORG Port/ORG+ Authority/ORG+ said traffic rose .",
            "Ines/PER Albarran/PER+ spoke in Castellane/LOC .",
            "Officials of the Velmora/ORG Port/ORG+ Authority/ORG+ met in Orlen/LOC .",
            "Tomas/PER Reyk/PER+ left Orlen/LOC for Castellane/LOC .",
            "The Orlen/ORG Port/ORG+ Authority/ORG+ hired Tomas/PER Reyk/PER+ .",
        ]
        .iter()
        .map(|text| document(text))
        .collect()
    }

    fn sorted_weights(model: &Model) -> Vec<(u64, [f32; LABELS])> {
        let mut weights: Vec<_> = model.feature_weights().collect();
        weights.sort_unstable_by_key(|(key, _)| *key);
        weights
    }

    #[test]
    fn training_learns_a_small_invented_corpus() {
        let training = invented_corpus();
        let trained = train(
            &training,
            &training,
            &HashKeyed::default(),
            &HashKeyed::default(),
            &Options {
                epochs: 8,
                seed: 1,
                runs: 1,
            },
            |_| {},
        );
        let best = &trained.epochs[trained.best_epochs[0] - 1];
        assert!(best.development.f1() > 0.9, "{:?}", best.development);
        assert_eq!(trained.development, best.development);
        let tagger = Tagger::new(trained.model);
        let labels = tagger.tag_document(&[vec!["Ines", "Albarran", "visited", "Orlen", "."]]);
        assert_eq!(
            chunks(&labels[0]),
            vec![(0, 2, EntityType::Person), (3, 4, EntityType::Location)]
        );
    }

    #[test]
    fn several_runs_average_the_models_each_run_keeps() {
        let training = invented_corpus();
        let none = HashKeyed::default();
        let vectors = HashKeyed::default();
        let trained = |seed, runs| {
            let options = Options {
                epochs: 3,
                seed,
                runs,
            };
            train(&training, &training, &none, &vectors, &options, |_| {})
        };
        let both = trained(5, 2);
        assert_eq!(both.best_epochs.len(), 2);
        assert_eq!(
            both.epochs.iter().map(|r| r.run).collect::<Vec<_>>(),
            vec![1, 1, 1, 2, 2, 2]
        );
        let first = trained(5, 1);
        let second = trained(5 + RUN_SEED_STEP, 1);
        // Runs in other orders learn other weights, or there is nothing to average.
        assert_ne!(sorted_weights(&first.model), sorted_weights(&second.model));
        let expected = average(&[first.model, second.model]);
        assert_eq!(sorted_weights(&both.model), sorted_weights(&expected));
    }

    #[test]
    fn averaging_counts_a_missing_feature_as_zero() {
        let mut one = [0.0; LABELS];
        one[1] = 4.0;
        let mut other = [0.0; LABELS];
        other[1] = 2.0;
        other[2] = -2.0;
        let none = HashKeyed::default();
        let a = Model::new(vec![(10, one), (11, one)], &none);
        let b = Model::new(vec![(10, other)], &none);
        let mean = sorted_weights(&average(&[a, b]));
        // Weights are quantised to 16 bits of the largest (3.0).
        let near = |x: f32, y: f32| (x - y).abs() < 1e-3;
        assert_eq!((mean.len(), mean[0].0, mean[1].0), (2, 10, 11));
        assert!(
            near(mean[0].1[1], 3.0) && near(mean[0].1[2], -1.0),
            "{mean:?}"
        );
        assert!(
            near(mean[1].1[1], 2.0) && near(mean[1].1[2], 0.0),
            "{mean:?}"
        );
    }

    #[test]
    fn the_shuffle_is_a_reproducible_permutation() {
        let a = shuffled(50, 7);
        assert_eq!(a, shuffled(50, 7));
        assert_ne!(a, shuffled(50, 8));
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
    }
}
