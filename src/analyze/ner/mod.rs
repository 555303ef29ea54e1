//! The statistical named-entity tagger: a greedy left-to-right averaged perceptron over
//! BILOU labels for PER, ORG, LOC and MISC, with word, shape, affix, context, gazetteer,
//! word-cluster and document-history features (Ratinov & Roth 2009 showed greedy decoding
//! with these non-local features matching Viterbi on CoNLL-2003 at a fraction of the cost).
//!
//! Takes: a document as sentences of token strings. Gives: one label per token, and
//! entity chunks `(first, end, type)`. The model is trained by `newsdesk train ner`
//! ([`train`]) on CoNLL-2003 and word clusters learned from Timeline17 ([`clusters`]);
//! the committed model (`models/ner.bin.gz`) holds only feature hashes and numbers, never
//! text. [`Tagger::embedded`] loads it once per process.

pub mod clusters;
pub mod features;
pub mod model;
pub mod train;

use features::{DocContext, FeatureBuffer};
pub use model::Model;
use std::sync::OnceLock;

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

/// A loaded model ready to tag documents.
pub struct Tagger {
    model: Model,
}

static EMBEDDED: OnceLock<Option<Tagger>> = OnceLock::new();

/// The committed model, compiled into the binary.
const EMBEDDED_MODEL: &[u8] = include_bytes!("../../../models/ner.bin.gz");

impl Tagger {
    pub fn new(model: Model) -> Tagger {
        Tagger { model }
    }

    /// The model shipped with newsdesk, decoded on first use (tens of milliseconds).
    /// `None` only if the embedded file is damaged, which a test rules out.
    pub fn embedded() -> Option<&'static Tagger> {
        EMBEDDED
            .get_or_init(|| Model::from_gzip(EMBEDDED_MODEL).ok().map(Tagger::new))
            .as_ref()
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Labels every token of a document given as sentences of tokens. Sentences are tagged
    /// in order, so that a name tagged early informs its later mentions.
    pub fn tag_document<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<Label>> {
        let context = DocContext::new(sentences);
        let mut history = features::History::default();
        let mut buffer = FeatureBuffer::default();
        let mut scores = [0f32; LABELS];
        (0..sentences.len())
            .map(|s| {
                let sentence = &context.sentences[s];
                let statics = features::sentence_features(&self.model, &context, s);
                let length = sentence.forms.len();
                let mut labels = Vec::with_capacity(length);
                for i in 0..length {
                    buffer.clear();
                    features::dynamic_features(
                        sentence,
                        &statics,
                        i,
                        &labels,
                        &history,
                        &mut buffer,
                    );
                    scores.fill(0.0);
                    self.model.add_scores(statics.of(i), &mut scores);
                    self.model.add_scores(&buffer.hashes, &mut scores);
                    let previous = labels.last().copied().unwrap_or(OUTSIDE);
                    labels.push(best_allowed(previous, &scores));
                }
                close_open_chunk(&mut labels);
                history.record(sentence, &labels);
                labels
            })
            .collect()
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
}
