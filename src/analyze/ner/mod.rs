//! The statistical named-entity tagger: a left-to-right averaged perceptron over BILOU
//! labels for PER, ORG, LOC and MISC, decoded with a small beam, with word, shape, affix,
//! context, gazetteer, word-cluster and document-history features (Ratinov & Roth 2009
//! showed left-to-right decoding with these non-local features matching Viterbi on
//! CoNLL-2003 at a fraction of the cost).
//!
//! Takes: a document as sentences of token strings. Gives: one label per token, and
//! entity chunks `(first, end, type)`. The model is trained by `newsdesk train ner`
//! ([`train`]) on CoNLL-2003, word clusters learned from Timeline17 ([`clusters`]) and
//! word clusters from pretrained vectors ([`vectors`]);
//! the committed model (`models/ner.bin.gz`) holds only feature hashes and numbers, never
//! text. [`Tagger::embedded`] loads it once per process.

pub mod clusters;
pub mod features;
pub mod model;
pub mod train;
pub mod vectors;

use features::{DocContext, FeatureBuffer, WordCache};
pub use model::Model;
use model::RawScores;
use std::cmp::Ordering;
use std::sync::{LazyLock, OnceLock};

/// Entity types of the CoNLL-2003 scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Organization,
    Location,
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Location,
        EntityType::Misc,
    ];

    pub fn conll(self) -> &'static str {
        match self {
            EntityType::Person => "PER",
            EntityType::Organization => "ORG",
            EntityType::Location => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    pub fn from_conll(name: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.conll() == name)
    }
}

/// Where a token sits in its entity: Begin, Inside, Last, Unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    Begin,
    Inside,
    Last,
    Unit,
}

/// Number of labels: `O` plus four positions for each of four types.
pub const LABELS: usize = 17;

/// A label index: 0 is `O`, then `1 + 4 * type + position`.
pub type Label = usize;

pub const OUTSIDE: Label = 0;

pub fn label(kind: EntityType, position: Position) -> Label {
    let t = EntityType::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    let p = match position {
        Position::Begin => 0,
        Position::Inside => 1,
        Position::Last => 2,
        Position::Unit => 3,
    };
    1 + 4 * t + p
}

pub fn label_parts(label: Label) -> Option<(EntityType, Position)> {
    if label == OUTSIDE || label >= LABELS {
        return None;
    }
    let kind = EntityType::ALL[(label - 1) / 4];
    let position = match (label - 1) % 4 {
        0 => Position::Begin,
        1 => Position::Inside,
        2 => Position::Last,
        _ => Position::Unit,
    };
    Some((kind, position))
}

/// Whether `next` may follow `previous` in a well-formed BILOU sequence.
pub fn allowed(previous: Label, next: Label) -> bool {
    let open = |label: Label| {
        label_parts(label)
            .filter(|(_, p)| matches!(p, Position::Begin | Position::Inside))
            .map(|(k, _)| k)
    };
    match (open(previous), label_parts(next)) {
        (Some(kind), Some((k, p))) => k == kind && matches!(p, Position::Inside | Position::Last),
        (Some(_), None) => false,
        (None, Some((_, p))) => matches!(p, Position::Begin | Position::Unit),
        (None, None) => true,
    }
}

/// [`allowed`] for every pair of labels (`[previous][next]`), and which labels leave a
/// name open: looked up for every candidate of the beam.
struct Transitions {
    allowed: [[bool; LABELS]; LABELS],
    opens: [bool; LABELS],
}

static TRANSITIONS: LazyLock<Transitions> = LazyLock::new(|| Transitions {
    allowed: std::array::from_fn(|previous| std::array::from_fn(|next| allowed(previous, next))),
    opens: std::array::from_fn(|label| {
        matches!(
            label_parts(label),
            Some((_, Position::Begin | Position::Inside))
        )
    }),
});

/// Entity chunks of one sentence's labels as `(first, end, type)`; a chunk left open at
/// the end of the sentence is closed there.
pub fn chunks(labels: &[Label]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &l) in labels.iter().enumerate() {
        match label_parts(l) {
            None => {
                if let Some((start, kind)) = open.take() {
                    out.push((start, i, kind));
                }
            }
            Some((kind, position)) => {
                let continues = matches!(position, Position::Inside | Position::Last)
                    && open.is_some_and(|(_, k)| k == kind);
                if !continues {
                    if let Some((start, k)) = open.take() {
                        out.push((start, i, k));
                    }
                    open = Some((i, kind));
                }
                if matches!(position, Position::Last | Position::Unit) {
                    let (start, k) = open.take().expect("opened above");
                    out.push((start, i + 1, k));
                }
            }
        }
    }
    if let Some((start, kind)) = open {
        out.push((start, labels.len(), kind));
    }
    out
}

/// BILOU labels of gold chunks (the training target).
pub fn labels_of(length: usize, spans: &[(usize, usize, EntityType)]) -> Vec<Label> {
    let mut labels = vec![OUTSIDE; length];
    for &(start, end, kind) in spans {
        if end - start == 1 {
            labels[start] = label(kind, Position::Unit);
            continue;
        }
        for (i, slot) in labels.iter_mut().enumerate().take(end).skip(start) {
            let position = if i == start {
                Position::Begin
            } else if i + 1 == end {
                Position::Last
            } else {
                Position::Inside
            };
            *slot = label(kind, position);
        }
    }
    labels
}

/// Label sequences kept while tagging a sentence. Greedy tagging (width 1) commits to
/// each label at once, and a wrong `B-` then forces the next tokens into the name
/// ("Kennedy 3-0-24-0 (" as one person) because only `I-`/`L-` may follow it; with a beam
/// the sequence that closes the name at once can still win. Chosen on eng.testa (F1 with
/// the committed model: 1 0.914, 2 0.922, 4 0.924, 8 0.924).
pub const BEAM_WIDTH: usize = 4;

/// How sharply perceptron scores become local probabilities for the beam: a score is
/// multiplied by this over the model's largest weight, so that the conversion does not
/// depend on the scale a training run happened to reach. On eng.testa with a single run's
/// model: 3: 0.924, 5: 0.923, 10: 0.919, 20: 0.917, 80: 0.915, greedy 0.914. With the
/// averaged model of eight runs: 2: 0.9299, 2.5: 0.9311, 3: 0.9308, 3.5: 0.9299,
/// 4: 0.9302, 5: 0.9290, 8: 0.9271, 12: 0.9266. 5 because sharper scores prune more and
/// tag faster: at 2.5 or 3 the whole analysis ran about 5% slower over Timeline17.
const SHARPNESS: f64 = 5.0;

/// Candidates more than this far (in log-probability) below the best are dropped, so the
/// beam holds one hypothesis wherever the tagger is sure (chosen on eng.testa with the
/// model trained before this one, tagged over allowed labels only: margins from 2 to 1,000
/// tagged the same, 0.5 and 1 worse).
const PRUNE: f64 = 2.0;

/// A loaded model ready to tag documents.
pub struct Tagger {
    model: Model,
    beam: usize,
    /// [`SHARPNESS`] over the model's largest weight.
    sharpness: f64,
    /// The scores of the features of the two previous labels alone, for each
    /// [`features::label_context`]: looked up once here instead of for every hypothesis.
    label_contexts: Vec<RawScores>,
}

/// An extension of a beam hypothesis by one label.
struct Candidate {
    score: f64,
    parent: usize,
    label: Label,
}

impl Candidate {
    /// Best first; ties to the earlier parent, then the lower label.
    fn order(&self, other: &Candidate) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.parent.cmp(&other.parent))
            .then(self.label.cmp(&other.label))
    }
}

/// The log of the softmax denominator over all labels, in score units: perceptron scores
/// only rank the labels of one token, but as local log-probabilities
/// (`(score - normaliser) * sharpness`) they add up along a sentence. Every label counts,
/// also those that may not follow `previous`, so that a name forced on past a token the
/// model would rather leave outside pays for it (training updates against every label).
fn log_normaliser(scores: &[f32; LABELS], sharpness: f64) -> f64 {
    let peak = scores.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let sum: f64 = scores
        .iter()
        .map(|&v| (f64::from(v - peak) * sharpness).exp())
        .sum();
    f64::from(peak) + sum.ln() / sharpness
}

/// The highest score among the labels that may follow `previous`.
fn peak_allowed(allowed_next: &[bool; LABELS], scores: &[f32; LABELS]) -> f64 {
    scores
        .iter()
        .enumerate()
        .filter(|(l, _)| allowed_next[*l])
        .map(|(_, &v)| f64::from(v))
        .fold(f64::NEG_INFINITY, f64::max)
}

/// One partial labelling of a sentence in the beam: its score, its last two labels (what
/// the features read) and its last step in [`Beam::steps`], from which the whole
/// labelling is read back at the end.
#[derive(Clone, Copy)]
struct Hypothesis {
    score: f64,
    /// The last label, [`NO_LABEL`] before the first token.
    previous: usize,
    /// The label before that, [`NO_LABEL`] if none.
    before: usize,
    /// Index of the last step in [`Beam::steps`]; [`NO_STEP`] before the first token.
    step: usize,
}

/// No label yet (the sentence start), as [`features::label_context`] reads it.
const NO_LABEL: usize = LABELS;
const NO_STEP: usize = usize::MAX;

impl Hypothesis {
    const EMPTY: Hypothesis = Hypothesis {
        score: 0.0,
        previous: NO_LABEL,
        before: NO_LABEL,
        step: NO_STEP,
    };

    /// Whether `O` may follow this labelling (its last label closes any name).
    fn leaves_no_name_open(&self) -> bool {
        self.previous == NO_LABEL || !TRANSITIONS.opens[self.previous]
    }
}

static EMBEDDED: OnceLock<Option<Tagger>> = OnceLock::new();

/// The committed model, compiled into the binary.
const EMBEDDED_MODEL: &[u8] = include_bytes!("../../../models/ner.bin.gz");

impl Tagger {
    pub fn new(model: Model) -> Tagger {
        let largest = model.largest_weight();
        let mut buffer = FeatureBuffer::default();
        let label_contexts = (0..features::LABEL_CONTEXTS)
            .map(|context| {
                buffer.clear();
                features::label_context_features(context, &mut buffer);
                let mut scores = [0; LABELS];
                model.add_scores(&buffer.hashes, &mut scores);
                scores
            })
            .collect();
        Tagger {
            label_contexts,
            model,
            beam: BEAM_WIDTH,
            sharpness: if largest > 0.0 {
                SHARPNESS / f64::from(largest)
            } else {
                1.0
            },
        }
    }

    /// The same model tagging with another beam width (1 is greedy).
    pub fn with_beam(mut self, width: usize) -> Tagger {
        self.beam = width.max(1);
        self
    }

    /// The model shipped with newsdesk, decoded on first use (tens of milliseconds).
    /// `None` only if the embedded file is damaged, which a test rules out.
    pub fn embedded() -> Option<&'static Tagger> {
        EMBEDDED
            .get_or_init(|| Model::from_gzip(EMBEDDED_MODEL).ok().map(Tagger::new))
            .as_ref()
    }

    /// A fresh copy of the model shipped with newsdesk, for callers that set their own
    /// beam width.
    pub fn load_embedded() -> Result<Tagger, model::ModelError> {
        Model::from_gzip(EMBEDDED_MODEL).map(Tagger::new)
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Labels every token of a document given as sentences of tokens. Sentences are tagged
    /// in order, so that a name tagged early informs its later mentions.
    pub fn tag_document<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<Label>> {
        let context = DocContext::new(sentences);
        let mut history = features::History::default();
        let mut beam = Beam::default();
        WordCache::with(&self.model, |cache| {
            (0..sentences.len())
                .map(|s| {
                    let sentence = &context.sentences[s];
                    let statics = features::sentence_static_scores(&self.model, &context, s, cache);
                    let mut labels = self.tag_sentence(sentence, &statics, &history, &mut beam);
                    close_open_chunk(&mut labels);
                    history.record(sentence, &labels);
                    labels
                })
                .collect()
        })
    }

    /// The best labelling of one sentence the beam finds (with width 1, the greedy one).
    fn tag_sentence(
        &self,
        sentence: &features::SentenceText,
        statics: &features::StaticScores,
        history: &features::History,
        beam: &mut Beam,
    ) -> Vec<Label> {
        let length = sentence.forms.len();
        let transitions = &*TRANSITIONS;
        beam.start();
        for i in 0..length {
            // A word tagged `O` outright: one hypothesis simply takes `O` (a cost shared by
            // all its descendants changes no ranking); several are told apart by how well
            // `O` follows each ("said" after a person), scored below with the word's own
            // features but not its context's.
            let only_outside = statics.outside[i] && beam.some_may_close();
            if only_outside && beam.live.len() == 1 {
                beam.extend_alone_with_outside();
                continue;
            }
            // The history features are the same for every hypothesis: score them once.
            let mut token_scores = statics.scores[i];
            beam.buffer.clear();
            features::history_features(sentence, &statics.shape_ids, i, history, &mut beam.buffer);
            self.model
                .add_scores(&beam.buffer.hashes, &mut token_scores);
            beam.candidates.clear();
            let single = beam.live.len() == 1;
            for (parent, hypothesis) in beam.live.iter().enumerate() {
                let mut raw = token_scores;
                let context = features::label_context(hypothesis.previous, hypothesis.before);
                for (score, add) in raw.iter_mut().zip(&self.label_contexts[context]) {
                    *score += add;
                }
                let word = features::label_word_feature(sentence, i, hypothesis.previous);
                self.model.add_scores(&[word], &mut raw);
                let scores = self.model.scores(&raw);
                let previous = if hypothesis.previous == NO_LABEL {
                    OUTSIDE
                } else {
                    hypothesis.previous
                };
                if self.beam == 1 {
                    beam.candidates.push(Candidate {
                        score: 0.0,
                        parent,
                        label: best_allowed(previous, &scores),
                    });
                    continue;
                }
                let allowed_next = &transitions.allowed[previous];
                // With one hypothesis every candidate shares the normaliser and only
                // differences between hypotheses matter, so the exponentials are needed
                // only when the beam holds several.
                let norm = if single {
                    peak_allowed(allowed_next, &scores)
                } else {
                    log_normaliser(&scores, self.sharpness)
                };
                let last = i + 1 == length;
                for (label, &score) in scores.iter().enumerate() {
                    // The last token may not leave a name open.
                    if allowed_next[label]
                        && !(last && transitions.opens[label])
                        && (!only_outside || label == OUTSIDE)
                    {
                        let candidate = Candidate {
                            score: hypothesis.score + (f64::from(score) - norm) * self.sharpness,
                            parent,
                            label,
                        };
                        offer(&mut beam.candidates, candidate, self.beam);
                    }
                }
            }
            beam.advance(self.beam);
        }
        beam.labels_of_best(length)
    }
}

/// Keeps `candidate` in `kept` if it is among the best `width` offered for this token so
/// far; `kept` stays in [`Candidate::order`]. The order is total (a parent has one
/// candidate per label), so these are exactly the ones a full sort would put first.
fn offer(kept: &mut Vec<Candidate>, candidate: Candidate, width: usize) {
    let width = width.max(1);
    if kept.len() >= width {
        match kept.last() {
            // A strictly lower score is later in the order: most candidates end here.
            Some(worst) if candidate.score < worst.score => return,
            Some(worst) if candidate.order(worst) == Ordering::Less => {
                kept.pop();
            }
            _ => return,
        }
    }
    let at = kept.partition_point(|k| k.order(&candidate) == Ordering::Less);
    kept.insert(at, candidate);
}

/// The beam's working memory, kept across sentences so that tagging allocates little.
#[derive(Default)]
struct Beam {
    live: Vec<Hypothesis>,
    next: Vec<Hypothesis>,
    candidates: Vec<Candidate>,
    /// Every step any hypothesis took in this sentence: (the step before, the label).
    steps: Vec<(usize, Label)>,
    buffer: FeatureBuffer,
}

impl Beam {
    /// One empty hypothesis, for a new sentence.
    fn start(&mut self) {
        self.live.clear();
        self.live.push(Hypothesis::EMPTY);
        self.steps.clear();
    }

    /// The labels of the best hypothesis, read back along its steps.
    fn labels_of_best(&self, length: usize) -> Vec<Label> {
        let mut labels = vec![OUTSIDE; length];
        let mut step = self.live.first().map_or(NO_STEP, |h| h.step);
        for slot in labels.iter_mut().rev() {
            let Some(&(before, label)) = self.steps.get(step) else {
                break;
            };
            *slot = label;
            step = before;
        }
        labels
    }

    /// Whether some hypothesis may be followed by `O`.
    fn some_may_close(&self) -> bool {
        self.live.iter().any(Hypothesis::leaves_no_name_open)
    }

    /// Extends the one live hypothesis, which leaves no name open, with `O` at no cost
    /// (a token tagged `O` without scoring).
    fn extend_alone_with_outside(&mut self) {
        debug_assert!(self.live.len() == 1 && self.live[0].leaves_no_name_open());
        self.candidates.clear();
        self.candidates.push(Candidate {
            score: self.live[0].score,
            parent: 0,
            label: OUTSIDE,
        });
        self.advance(1);
    }

    /// Keeps the best `width` candidates within [`PRUNE`] of the best as the next
    /// hypotheses. Ties go to the earlier parent and the lower label, so the result is
    /// deterministic (and width 1 is exactly the greedy tagger).
    fn advance(&mut self, width: usize) {
        // [`offer`] kept at most `width` candidates, best first (the greedy tagger offers
        // exactly one).
        debug_assert!(self.candidates.len() <= width.max(1));
        debug_assert!(self
            .candidates
            .windows(2)
            .all(|pair| pair[0].order(&pair[1]) == Ordering::Less));
        let best = self.candidates.first().map_or(0.0, |c| c.score);
        let survivors = self
            .candidates
            .iter()
            .take(width)
            .take_while(|c| c.score >= best - PRUNE);
        self.next.clear();
        for candidate in survivors {
            let parent = self.live[candidate.parent];
            // What is scored from here on reads only the last two labels (the document's
            // history is fixed for the sentence): of two hypotheses ending alike, the
            // lower can never overtake the other, and would only take a place in the beam.
            if self
                .next
                .iter()
                .any(|h| h.previous == candidate.label && h.before == parent.previous)
            {
                continue;
            }
            self.steps.push((parent.step, candidate.label));
            self.next.push(Hypothesis {
                score: candidate.score,
                previous: candidate.label,
                before: parent.previous,
                step: self.steps.len() - 1,
            });
        }
        // `O` may always follow a closed label, and `L-` an open one: never empty.
        std::mem::swap(&mut self.live, &mut self.next);
    }
}

/// The highest-scoring label that may follow `previous` (ties to the lower index, so the
/// result is deterministic).
pub fn best_allowed(previous: Label, scores: &[f32; LABELS]) -> Label {
    let mut best = OUTSIDE;
    let mut best_score = f32::NEG_INFINITY;
    for (l, &score) in scores.iter().enumerate() {
        if score > best_score && allowed(previous, l) {
            best = l;
            best_score = score;
        }
    }
    best
}

/// Turns a trailing Begin/Inside into Unit/Last, so every sentence ends well formed.
pub fn close_open_chunk(labels: &mut [Label]) {
    if let Some(last) = labels.last_mut() {
        match label_parts(*last) {
            Some((kind, Position::Begin)) => *last = label(kind, Position::Unit),
            Some((kind, Position::Inside)) => *last = label(kind, Position::Last),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_through_chunks() {
        let spans = vec![
            (0, 2, EntityType::Person),
            (3, 4, EntityType::Location),
            (4, 7, EntityType::Organization),
        ];
        let labels = labels_of(8, &spans);
        assert_eq!(chunks(&labels), spans);
        for pair in labels.windows(2) {
            assert!(allowed(pair[0], pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn an_unclosed_chunk_is_closed_at_the_end() {
        let mut labels = vec![
            OUTSIDE,
            label(EntityType::Person, Position::Begin),
            label(EntityType::Person, Position::Inside),
        ];
        close_open_chunk(&mut labels);
        assert_eq!(chunks(&labels), vec![(1, 3, EntityType::Person)]);
    }

    #[test]
    fn curly_quotes_and_apostrophes_read_as_straight_ones() {
        let tagger = Tagger::embedded().expect("the committed model decodes");
        let curly: Vec<&str> = "“ We stay , ” said Ines Albarran ’s deputy in Castellane ."
            .split(' ')
            .collect();
        let straight: Vec<&str> = "\" We stay , \" said Ines Albarran 's deputy in Castellane ."
            .split(' ')
            .collect();
        assert_eq!(
            tagger.tag_document(&[curly]),
            tagger.tag_document(&[straight])
        );
    }

    #[test]
    fn the_embedded_model_loads_and_tags() {
        let tagger = Tagger::embedded().expect("the committed model decodes");
        let sentence: Vec<&str> =
            "Harbour master Ines Albarran met officials of the Velmora Port Authority in Castellane ."
                .split(' ')
                .collect();
        let labels = tagger.tag_document(&[sentence]);
        let found = chunks(&labels[0]);
        assert!(
            found.contains(&(2, 4, EntityType::Person)),
            "person not found: {found:?}"
        );
    }

    #[test]
    fn the_embedded_model_has_clusters_from_pretrained_vectors() {
        let tagger = Tagger::embedded().expect("the committed model decodes");
        let coarsest = |w: &str| {
            tagger
                .model()
                .cluster(w)
                .vectors
                .unwrap_or_else(|| panic!("{w} has no vector clusters"))[0]
        };
        assert_eq!(coarsest("Lisbon"), coarsest("Nairobi"));
        assert_ne!(coarsest("Lisbon"), coarsest("announced"));
        assert!(tagger.model().words_with_vectors() > 100_000);
        assert_eq!(tagger.model().cluster("Xqzvvelmora").vectors, None);
    }

    #[test]
    fn every_beam_width_gives_well_formed_labels() {
        let sentences: Vec<Vec<&str>> = [
            "Union leader Petra Holm said the Kessler Paper Company must pay .",
            "RESULTS OF THE NORTH COAST CUP",
            "Scores : Port Orlen 172 all out ( Tomas Reyk 54 ) ; Velmora",
            "Kessler",
        ]
        .iter()
        .map(|s| s.split(' ').collect())
        .collect();
        for width in [1, 2, 4, 8] {
            let tagger = Tagger::load_embedded()
                .expect("the committed model decodes")
                .with_beam(width);
            let tagged = tagger.tag_document(&sentences);
            for (labels, sentence) in tagged.iter().zip(&sentences) {
                assert_eq!(labels.len(), sentence.len());
                let mut previous = OUTSIDE;
                for &label in labels {
                    assert!(allowed(previous, label), "width {width}: {labels:?}");
                    previous = label;
                }
                assert!(
                    !matches!(
                        label_parts(previous),
                        Some((_, Position::Begin | Position::Inside))
                    ),
                    "width {width}: a name left open: {labels:?}"
                );
            }
        }
    }

    #[test]
    fn the_beam_keeps_a_role_out_of_the_name_after_it() {
        // Greedy-trained scores, summed over a sentence, once made "Union leader Petra
        // Holm" one organisation; the model now learns against every label.
        let tagger = Tagger::embedded().expect("the committed model decodes");
        let sentence: Vec<&str> = "Union leader Petra Holm said the strike would go on ."
            .split(' ')
            .collect();
        let found = chunks(&tagger.tag_document(&[sentence])[0]);
        assert!(
            found.contains(&(2, 4, EntityType::Person)),
            "person not found: {found:?}"
        );
    }

    #[test]
    fn words_never_seen_inside_a_name_are_outside_without_scoring() {
        let model = Tagger::embedded()
            .expect("the committed model decodes")
            .model();
        let outside =
            |word: &str| model.always_outside(word, features::id(&features::normalized(word)));
        assert!(outside("resigned") && outside("harbour") && outside(";"));
        // A comma stands inside some names ("Velmora , Castellane Province").
        assert!(!outside(","));
        // Joining words of names ("Bank of Velmora", "Lind & Okoro") are scored.
        assert!(!outside("of") && !outside("&") && !outside("de"));
        // Anything with a capital or a digit is scored.
        assert!(!outside("Velmora") && !outside("pro-Velmoran") && !outside("1996"));
        // A model without the list (the file's first version) scores every token.
        let unlisted = Model::new(Vec::new(), &model::HashKeyed::default());
        assert!(!unlisted.always_outside("resigned", features::id("resigned")));
    }

    #[test]
    fn tagging_skipped_words_outside_changes_no_name() {
        let document: Vec<Vec<&str>> = [
            "HARBOUR STRIKE ENDS IN VELMORA",
            "Union leader Petra Holm said on Tuesday that dockers of the Velmora Port Authority would return to work .",
            "The Bank of Castellane , which lent the port 40 million crowns , welcomed the deal , Holm told Radio Orlen .",
            "Ines Okoro - Lind , a former minister , said the pro-Velmoran press had been \" unfair \" .",
        ]
        .iter()
        .map(|s| s.split(' ').collect())
        .collect();
        let tagger = Tagger::embedded().expect("the committed model decodes");
        let gated = tagger.tag_document(&document);
        let mut skipped = 0;
        for sentence in &document {
            for word in sentence {
                let norm = features::normalized(&features::form(word)).into_owned();
                if tagger.model().always_outside(word, features::id(&norm)) {
                    skipped += 1;
                }
            }
        }
        assert!(skipped > 20, "only {skipped} words skipped");
        let model = Model::from_gzip(EMBEDDED_MODEL)
            .expect("the committed model decodes")
            .with_inside_words([]);
        let scored_everywhere = Tagger::new(model).tag_document(&document);
        let names = |labels: &[Vec<Label>]| labels.iter().map(|l| chunks(l)).collect::<Vec<_>>();
        assert_eq!(names(&gated), names(&scored_everywhere));
    }

    #[test]
    fn of_two_hypotheses_ending_alike_the_beam_keeps_the_better() {
        let person = label(EntityType::Person, Position::Unit);
        let place = label(EntityType::Location, Position::Unit);
        let mut beam = Beam::default();
        beam.start();
        // Two hypotheses for a name ("Velmora" a person or a place), the person ahead.
        for (score, label) in [(-0.5, person), (-1.0, place)] {
            beam.candidates.push(Candidate {
                score,
                parent: 0,
                label,
            });
        }
        beam.advance(4);
        assert_eq!(beam.live.len(), 2);
        // Each takes `O`, then `O` again: after the second, both end (O, O) and only the
        // better can still win.
        for expected in [2, 1] {
            beam.candidates.clear();
            for (parent, hypothesis) in beam.live.iter().enumerate() {
                beam.candidates.push(Candidate {
                    score: hypothesis.score - 0.1,
                    parent,
                    label: OUTSIDE,
                });
            }
            beam.advance(4);
            assert_eq!(beam.live.len(), expected);
        }
        assert_eq!(beam.labels_of_best(3), vec![person, OUTSIDE, OUTSIDE]);
    }
}
