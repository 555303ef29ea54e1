//! Features of the tagger, as 64-bit hashes of a template number and the ids of its parts
//! (words, shapes, affixes, cluster numbers, labels): strings are hashed once into ids.
//!
//! Static features depend only on the text and are computed once per sentence: the word,
//! its normalised form, neighbours, shapes, affixes, word clusters, gazetteer matches and
//! document-level evidence (does the word also occur in lowercase, or capitalised in the
//! middle of a sentence?). Dynamic features depend on the labels already chosen: the two
//! previous labels and the type this word was last given in the document.
//!
//! Words are normalised before hashing so that real articles look like the training text:
//! curly quotes and apostrophes become straight ones and digits become `0`.

use super::model::{HashKeyed, Model, RawScores, WordClusters};
use super::{label_parts, EntityType, Label, LABELS};
use crate::analyze::lexicon::{
    WordSet, GAZETTEER, GIVEN_NAMES, KNOWN_ORG_INDEX, ORG_KEYWORDS, PERSON_TITLES,
};
use std::borrow::Cow;
use std::sync::LazyLock;

/// FNV-1a's starting state; [`fnv`] takes one step. Every string hash here is FNV-1a
/// (the model file's keys depend on it), written once.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One FNV-1a step: `unit` (a byte, or a character's code) into the state `h`.
const fn fnv(h: u64, unit: u64) -> u64 {
    (h ^ unit).wrapping_mul(0x0100_0000_01b3)
}

/// FNV-1a over the template number and the parts (separated by 0xFF, a byte UTF-8 never
/// contains), finished with a SplitMix64 mix so that a table can use the hash as its own
/// key. The key of a word's cluster in the model file; features use [`feature`] and [`id`].
pub fn hash(template: u8, parts: &[&str]) -> u64 {
    let mut h = fnv(FNV_OFFSET, u64::from(template));
    for part in parts {
        h = fnv(h, 0xFF);
        for &b in part.as_bytes() {
            h = fnv(h, u64::from(b));
        }
    }
    mix(h)
}

/// A string's id, as features combine it: FNV-1a over its bytes, mixed. Computed once per
/// word and sentence (or at compile time for fixed strings), so that the dozens of
/// features of a token combine numbers instead of hashing strings again.
pub const fn id(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        h = fnv(h, bytes[i] as u64);
        i += 1;
    }
    mix(h)
}

/// The id of a run of characters (a character trigram).
fn chars_id(chars: &[char]) -> u64 {
    mix(chars.iter().fold(FNV_OFFSET, |h, &c| fnv(h, u64::from(c))))
}

/// A feature's hash: its template number and the ids of its parts, in order.
pub fn feature(template: u8, parts: &[u64]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = u64::from(template).wrapping_mul(K) ^ 0x2545_f491_4f6c_dd1d;
    for &part in parts {
        h = (h.rotate_left(27) ^ part).wrapping_mul(K);
    }
    mix(h)
}

const BEGIN: u64 = id("<s>");
const END: u64 = id("</s>");
const BOUNDARY: u64 = id("<b>");
const FIRST: u64 = id("first");
const LATER: u64 = id("later");
const CAPS: u64 = id("caps");
const MIXED: u64 = id("mixed");
const NONE: u64 = id("none");
const SEEN: u64 = id("seen");
const UNSEEN: u64 = id("unseen");
const NO_TYPE: u64 = id("-");

/// [`id`] of an entity type's CoNLL name, worked out at compile time: the history features
/// read it for every token.
fn type_id(kind: EntityType) -> u64 {
    const PER: u64 = id("PER");
    const ORG: u64 = id("ORG");
    const LOC: u64 = id("LOC");
    const MISC: u64 = id("MISC");
    match kind {
        EntityType::Person => PER,
        EntityType::Organization => ORG,
        EntityType::Location => LOC,
        EntityType::Misc => MISC,
    }
}

pub const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The token as the tagger reads it: curly quotes made straight.
pub fn form(token: &str) -> Cow<'_, str> {
    if token.is_ascii() {
        return Cow::Borrowed(token);
    }
    Cow::Owned(
        token
            .chars()
            .map(|c| match c {
                '‘' | '’' | '‛' | 'ʼ' => '\'',
                '“' | '”' | '„' | '‟' | '«' | '»' => '"',
                '–' | '—' => '-',
                other => other,
            })
            .collect(),
    )
}

/// Lowercase with every digit written `0`.
pub fn normalized(form: &str) -> Cow<'_, str> {
    if !form
        .bytes()
        .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || !b.is_ascii())
    {
        return Cow::Borrowed(form);
    }
    Cow::Owned(normalized_owned(form))
}

fn normalized_owned(form: &str) -> String {
    form.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// `id(&normalized(form))`, without building the normalised string where the form is
/// ASCII (nearly always): each token needs the id, only a word new to the cache the text.
fn normalized_id(form: &str) -> u64 {
    if !form.is_ascii() {
        return id(&normalized_owned(form));
    }
    let normalised_bytes = form.bytes().map(|b| {
        if b.is_ascii_digit() {
            b'0'
        } else {
            b.to_ascii_lowercase()
        }
    });
    mix(normalised_bytes.fold(FNV_OFFSET, |h, b| fnv(h, u64::from(b))))
}

/// `Velmora` → `Xxxxx` (at most 2 of a run kept: `Xxx`), `U.S.` → `X.X.`, `1996` → `dd`.
pub fn shape(form: &str, max_run: usize) -> String {
    let mut out = String::new();
    shape_into(form, max_run, &mut out);
    out
}

fn shape_into(form: &str, max_run: usize, out: &mut String) {
    let mut last = '\0';
    let mut run = 0;
    for c in form.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
        }
        if run <= max_run {
            out.push(s);
        }
    }
}

pub fn is_capitalised(form: &str) -> bool {
    form.chars().next().is_some_and(char::is_uppercase)
}

/// One sentence as the tagger reads it.
pub struct SentenceText<'a> {
    pub forms: Vec<Cow<'a, str>>,
    /// [`id`] of each form (also its key in the document's word sets and the history) and
    /// of each normalised form, computed once for the document pass and every feature.
    pub form_ids: Vec<u64>,
    pub norm_ids: Vec<u64>,
    pub shouting: bool,
}

/// Document-level evidence, gathered before tagging, and the sentences' normalised words.
#[derive(Default)]
pub struct DocContext<'a> {
    pub sentences: Vec<SentenceText<'a>>,
    /// Words seen written in lowercase (keys).
    lowercase: HashKeyed<()>,
    /// Capitalised words seen capitalised in the middle of a mixed-case sentence (keys).
    capitalised_inside: HashKeyed<()>,
    /// For each capitalised word (key): the words around its occurrences, and the first
    /// and last words of the longest capitalised run it appears in ("Newmont" → "Corp"
    /// when the document also says "Newmont Mining Corp"), as ready feature hashes.
    surroundings: HashKeyed<Surroundings>,
}

#[derive(Default)]
struct Surroundings {
    before: Kept,
    after: Kept,
    longest_run: usize,
    run_last: u64,
    run_first: u64,
}

/// Words kept around each capitalised word: enough to see its usual company.
const SURROUNDINGS_KEPT: usize = 6;

/// The first [`SURROUNDINGS_KEPT`] different feature hashes added, in order, held
/// inline: a document has one per capitalised word form on each side.
#[derive(Default)]
struct Kept {
    hashes: [u64; SURROUNDINGS_KEPT],
    len: usize,
}

impl Kept {
    fn add(&mut self, hash: u64) {
        if self.len < SURROUNDINGS_KEPT && !self.as_slice().contains(&hash) {
            self.hashes[self.len] = hash;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[u64] {
        &self.hashes[..self.len]
    }
}

impl<'a> DocContext<'a> {
    pub fn new<S: AsRef<str>>(sentences: &'a [Vec<S>]) -> DocContext<'a> {
        let mut context = DocContext::default();
        for sentence in sentences {
            let forms: Vec<Cow<'a, str>> = sentence.iter().map(|t| form(t.as_ref())).collect();
            let form_ids: Vec<u64> = forms.iter().map(|f| id(f)).collect();
            let norm_ids: Vec<u64> = forms.iter().map(|f| normalized_id(f)).collect();
            let shouting = sentence_is_shouting(&forms);
            let mut run_start = 0;
            for i in 0..=forms.len() {
                let capital = i < forms.len() && is_capitalised(&forms[i]);
                if capital {
                    continue;
                }
                let run = run_start..i;
                for k in run.clone() {
                    let entry = context.surroundings.entry(form_ids[k]).or_default();
                    let before = feature(44, &[if k > 0 { norm_ids[k - 1] } else { BEGIN }]);
                    let after = feature(45, &[norm_ids.get(k + 1).copied().unwrap_or(END)]);
                    entry.before.add(before);
                    entry.after.add(after);
                    if !shouting && run.len() > entry.longest_run {
                        entry.longest_run = run.len();
                        entry.run_last = feature(46, &[norm_ids[i - 1]]);
                        entry.run_first = feature(47, &[norm_ids[run_start]]);
                    }
                }
                run_start = i + 1;
            }
            for (i, (f, &f_id)) in forms.iter().zip(&form_ids).enumerate() {
                if f.chars().next().is_some_and(char::is_lowercase) {
                    context.lowercase.insert(f_id, ());
                } else if i > 0 && !shouting && is_capitalised(f) {
                    context.capitalised_inside.insert(f_id, ());
                }
            }
            context.sentences.push(SentenceText {
                forms,
                form_ids,
                norm_ids,
                shouting,
            });
        }
        context
    }
}

/// A headline or table row written in capitals ("SOCCER - LEADING RESULTS").
fn sentence_is_shouting<F: AsRef<str>>(forms: &[F]) -> bool {
    let mut words = 0;
    for form in forms.iter().map(AsRef::as_ref) {
        if !form.chars().any(char::is_alphabetic) {
            continue;
        }
        if form.chars().any(char::is_lowercase) {
            return false;
        }
        words += 1;
    }
    words >= 2
}

/// The entity type each word form was last given in this document.
#[derive(Default)]
pub struct History {
    last_type: HashKeyed<EntityType>,
}

impl History {
    pub fn record(&mut self, sentence: &SentenceText, labels: &[Label]) {
        for ((f, &f_id), &l) in sentence.forms.iter().zip(&sentence.form_ids).zip(labels) {
            if !is_capitalised(f) {
                continue;
            }
            match label_parts(l) {
                Some((kind, _)) => {
                    self.last_type.insert(f_id, kind);
                }
                None => {
                    self.last_type.remove(&f_id);
                }
            }
        }
    }

    /// The type last given to the word whose id is `form_id`.
    fn of(&self, form_id: u64) -> u64 {
        match self.last_type.get(&form_id) {
            Some(&kind) => type_id(kind),
            None => NO_TYPE,
        }
    }
}

#[derive(Default)]
pub struct FeatureBuffer {
    pub hashes: Vec<u64>,
}

impl FeatureBuffer {
    pub fn clear(&mut self) {
        self.hashes.clear();
    }

    fn add(&mut self, template: u8, parts: &[u64]) {
        self.hashes.push(feature(template, parts));
    }
}

/// The static features of every token of a sentence, flattened.
pub struct SentenceFeatures {
    hashes: Vec<u64>,
    offsets: Vec<usize>,
    /// Ids of each word's short shape, for the dynamic features.
    shape_ids: Vec<u64>,
}

impl SentenceFeatures {
    pub fn of(&self, token: usize) -> &[u64] {
        &self.hashes[self.offsets[token]..self.offsets[token + 1]]
    }

    /// Ids of each word's short shape, for the dynamic features.
    pub fn shape_ids(&self) -> &[u64] {
        &self.shape_ids
    }
}

/// The first words of the gazetteer's places and of the known organisations: a name
/// can start only at one of these.
static PLACE_OPENERS: LazyLock<WordSet> =
    LazyLock::new(|| first_words(GAZETTEER.places.keys().copied()));
static ORG_OPENERS: LazyLock<WordSet> =
    LazyLock::new(|| first_words(KNOWN_ORG_INDEX.keys().copied()));

fn first_words(names: impl Iterator<Item = &'static str>) -> WordSet {
    names
        .map(|name| name.split(' ').next().unwrap_or(name))
        .collect()
}

/// The longest gazetteer or known-organisation name starting at each token, as
/// (position tag, source) per token: `B`/`I`/`L`/`U` + `place`/`org`.
fn lexicon_matches(forms: &[Cow<str>]) -> Vec<Vec<(&'static str, &'static str)>> {
    let mut marks = vec![Vec::new(); forms.len()];
    let mut name = String::new();
    for (source, contains, openers) in [
        (
            "place",
            (&|s: &str| GAZETTEER.places.contains_key(s)) as &dyn Fn(&str) -> bool,
            &*PLACE_OPENERS,
        ),
        (
            "org",
            &|s: &str| KNOWN_ORG_INDEX.contains_key(s),
            &*ORG_OPENERS,
        ),
    ] {
        let mut i = 0;
        while i < forms.len() {
            let mut matched = 0;
            if is_capitalised(&forms[i]) && openers.contains(&*forms[i]) {
                name.clear();
                for (length, f) in forms[i..forms.len().min(i + 5)].iter().enumerate() {
                    // Listed names are capitalised words joined by short function words.
                    if length > 0 && !is_capitalised(f) && f.len() > 3 {
                        break;
                    }
                    if length > 0 {
                        name.push(' ');
                    }
                    name.push_str(f);
                    if contains(&name) {
                        matched = length + 1;
                    }
                }
            }
            if matched == 0 {
                i += 1;
                continue;
            }
            for (k, mark) in marks[i..i + matched].iter_mut().enumerate() {
                let position = if matched == 1 {
                    "U"
                } else if k == 0 {
                    "B"
                } else if k + 1 == matched {
                    "L"
                } else {
                    "I"
                };
                mark.push((position, source));
            }
            i += matched;
        }
    }
    marks
}

fn prefix(s: &str, n: usize) -> Option<&str> {
    let end = s.char_indices().nth(n).map(|(i, _)| i);
    match end {
        Some(end) => Some(&s[..end]),
        None if s.chars().count() == n => Some(s),
        None => None,
    }
}

fn suffix(s: &str, n: usize) -> Option<&str> {
    let count = s.chars().count();
    if count < n {
        return None;
    }
    let start = s.char_indices().nth(count - n).map(|(i, _)| i).unwrap_or(0);
    Some(&s[start..])
}

/// A word's short-shape id and its clusters.
fn word_shape_and_cluster(model: &Model, form: &str) -> (u64, WordClusters) {
    (id(&shape(form, 2)), model.cluster(form))
}

/// What the word-local features read of one word of a sentence.
struct WordView<'s> {
    form: &'s str,
    form_id: u64,
    norm_id: u64,
    shape_id: u64,
    cluster: WordClusters,
}

/// Scratch space for [`own_word_features`], kept across words.
#[derive(Default)]
struct Scratch {
    text: String,
    chars: Vec<char>,
}

/// Features of the token's own word that depend on that word alone (not on where it
/// stands or what the document says), so that their summed weights can be cached per
/// word form ([`WordCache`]).
fn own_word_features(word: &WordView, scratch: &mut Scratch, out: &mut FeatureBuffer) {
    let f = word.form;
    // Built here, not kept per token: only a word new to the cache needs it.
    let normalized = normalized(f);
    let w: &str = &normalized;
    out.add(0, &[]);
    out.add(1, &[word.form_id]);
    out.add(2, &[word.norm_id]);
    scratch.text.clear();
    shape_into(f, 4, &mut scratch.text);
    out.add(7, &[id(&scratch.text)]);
    out.add(8, &[word.shape_id]);
    for k in 1..=4 {
        if let Some(p) = prefix(w, k) {
            out.add(12 + k as u8, &[id(p)]);
        }
        if let Some(s) = suffix(w, k) {
            out.add(16 + k as u8, &[id(s)]);
        }
    }
    cluster_features(word.cluster, 26, 60, out);
    if let Some((coarse, _)) = word.cluster.news {
        out.add(32, &[u64::from(coarse), word.shape_id]);
    }
    if let Some(levels) = word.cluster.vectors {
        out.add(64, &[u64::from(levels[0]), word.shape_id]);
    }
    if GIVEN_NAMES.contains(f) {
        out.add(33, &[]);
    }
    if GAZETTEER.demonyms.contains_key(f) {
        out.add(36, &[]);
    }
    if ORG_KEYWORDS.contains_key(f) {
        out.add(38, &[]);
    }
    if is_capitalised(f) && f.len() > 3 {
        let bounded = &mut scratch.chars;
        bounded.clear();
        bounded.push('^');
        bounded.extend(w.chars());
        bounded.push('$');
        for window in bounded.windows(3) {
            out.add(48, &[chars_id(window)]);
        }
    }
}

/// A word's coarse and fine clusters from news text (templates `news` and `news + 1`) and
/// its clusters from pretrained vectors (`vectors` to `vectors + VECTOR_LEVELS - 1`), or
/// that it has none (no cluster, or no word).
fn cluster_features(cluster: WordClusters, news: u8, vectors: u8, out: &mut FeatureBuffer) {
    match cluster.news {
        Some((coarse, fine)) => {
            out.add(news, &[u64::from(coarse)]);
            out.add(news + 1, &[u64::from(fine)]);
        }
        None => out.add(news, &[NONE]),
    }
    match cluster.vectors {
        Some(levels) => {
            for (level, id) in (0u8..).zip(levels) {
                out.add(vectors + level, &[u64::from(id)]);
            }
        }
        None => out.add(vectors, &[NONE]),
    }
}

/// Features of the word before the token that depend on that word alone (`None`: the
/// token opens the sentence).
fn previous_word_features(word: Option<&WordView>, out: &mut FeatureBuffer) {
    out.add(3, &[word.map_or(BEGIN, |w| w.norm_id)]);
    out.add(9, &[word.map_or(BOUNDARY, |w| w.shape_id)]);
    cluster_features(
        word.map_or_else(WordClusters::default, |w| w.cluster),
        28,
        70,
        out,
    );
    if let Some(word) = word {
        if GIVEN_NAMES.contains(word.form) {
            out.add(34, &[]);
        }
        if PERSON_TITLES.contains_key(word.form) {
            out.add(37, &[]);
        }
    }
}

/// Features of the word after the token that depend on that word alone (`None`: the
/// token ends the sentence).
fn next_word_features(word: Option<&WordView>, out: &mut FeatureBuffer) {
    out.add(4, &[word.map_or(END, |w| w.norm_id)]);
    out.add(10, &[word.map_or(BOUNDARY, |w| w.shape_id)]);
    cluster_features(
        word.map_or_else(WordClusters::default, |w| w.cluster),
        30,
        80,
        out,
    );
    if word.is_some_and(|w| ORG_KEYWORDS.contains_key(w.form)) {
        out.add(39, &[1]);
    }
}

/// A sentence's words as the static features read them.
struct SentenceWords<'s> {
    views: Vec<WordView<'s>>,
    shouting: bool,
    lexicon: Vec<Vec<(&'static str, &'static str)>>,
}

impl<'s> SentenceWords<'s> {
    /// `known` gives token `i`'s short-shape id and cluster when they are already known
    /// (from the cache), so that they are not worked out again.
    fn new(
        model: &Model,
        sentence: &'s SentenceText,
        known: impl Fn(usize) -> Option<(u64, WordClusters)>,
    ) -> SentenceWords<'s> {
        let views = (0..sentence.forms.len())
            .map(|i| {
                let (shape_id, cluster) =
                    known(i).unwrap_or_else(|| word_shape_and_cluster(model, &sentence.forms[i]));
                WordView {
                    form: &sentence.forms[i],
                    form_id: sentence.form_ids[i],
                    norm_id: sentence.norm_ids[i],
                    shape_id,
                    cluster,
                }
            })
            .collect();
        SentenceWords {
            views,
            shouting: sentence.shouting,
            lexicon: lexicon_matches(&sentence.forms),
        }
    }

    fn at(&self, i: isize) -> Option<&WordView<'s>> {
        usize::try_from(i).ok().and_then(|i| self.views.get(i))
    }

    /// Static features of token `i` that depend on more than one word, its place in the
    /// sentence or the rest of the document, or on words two and three away.
    fn context_features(
        &self,
        context: &DocContext,
        i: usize,
        lowered: &mut String,
        out: &mut FeatureBuffer,
    ) {
        let at = i as isize;
        let view = &self.views[i];
        let f = view.form;
        let shouting = self.shouting;
        let word = |k: isize| -> u64 {
            self.at(k)
                .map_or(if k < 0 { BEGIN } else { END }, |w| w.norm_id)
        };
        let shape_at = |k: isize| self.at(k).map_or(BOUNDARY, |w| w.shape_id);
        out.add(5, &[word(at - 2)]);
        out.add(6, &[word(at + 2)]);
        out.add(11, &[shape_at(at - 1), shape_at(at)]);
        out.add(12, &[shape_at(at), shape_at(at + 1)]);
        out.add(21, &[word(at - 1), view.norm_id]);
        out.add(22, &[view.norm_id, word(at + 1)]);
        out.add(23, &[if i == 0 { FIRST } else { LATER }, view.shape_id]);
        out.add(24, &[if shouting { CAPS } else { MIXED }, view.shape_id]);
        if shouting {
            out.add(25, &[view.norm_id]);
        }
        for (position, source) in &self.lexicon[i] {
            out.add(35, &[id(position), id(source)]);
        }
        for ahead in 2..=3 {
            if self
                .at(at + ahead)
                .is_some_and(|w| ORG_KEYWORDS.contains_key(w.form))
            {
                out.add(39, &[ahead as u64]);
            }
        }
        if is_capitalised(f) {
            lowered.clear();
            lowered.extend(f.chars().flat_map(char::to_lowercase));
            if context.lowercase.contains_key(&id(lowered)) {
                out.add(40, &[if i == 0 { FIRST } else { LATER }]);
            }
            if i == 0 || shouting {
                let seen = context.capitalised_inside.contains_key(&view.form_id);
                out.add(41, &[if seen { SEEN } else { UNSEEN }]);
            }
            if let Some(around) = context.surroundings.get(&view.form_id) {
                out.hashes.extend_from_slice(around.before.as_slice());
                out.hashes.extend_from_slice(around.after.as_slice());
                if around.longest_run > 1 {
                    out.hashes.push(around.run_last);
                    out.hashes.push(around.run_first);
                }
            }
        }
        if let Some(before) = self.at(at - 1) {
            if let (Some((c0, _)), Some((c1, _))) = (before.cluster.news, view.cluster.news) {
                out.add(49, &[u64::from(c0), u64::from(c1)]);
            }
            if let (Some(c0), Some(c1)) = (before.cluster.vectors, view.cluster.vectors) {
                out.add(65, &[u64::from(c0[1]), u64::from(c1[1])]);
            }
        }
        out.add(42, &[view.form_id, word(at + 1)]);
        out.add(43, &[word(at - 1), view.form_id]);
    }
}

/// Computes the static features of a sentence (the context's sentence `index`), for
/// training: every feature of every token, as hashes.
pub fn sentence_features(model: &Model, context: &DocContext, index: usize) -> SentenceFeatures {
    let words = SentenceWords::new(model, &context.sentences[index], |_| None);
    let n = words.views.len();
    let mut out = FeatureBuffer::default();
    out.hashes.reserve(n * 64);
    let mut offsets = Vec::with_capacity(n + 1);
    let mut scratch = Scratch::default();
    for i in 0..n {
        offsets.push(out.hashes.len());
        let at = i as isize;
        own_word_features(&words.views[i], &mut scratch, &mut out);
        previous_word_features(words.at(at - 1), &mut out);
        next_word_features(words.at(at + 1), &mut out);
        words.context_features(context, i, &mut scratch.text, &mut out);
    }
    offsets.push(out.hashes.len());
    SentenceFeatures {
        hashes: out.hashes,
        offsets,
        shape_ids: words.views.iter().map(|w| w.shape_id).collect(),
    }
}

/// Summed weights of one word form's word-local features, in each of the three places
/// they are scored from, and what the other features read of the word.
#[derive(Clone)]
struct WordEntry {
    /// As the word before the token ([`previous_word_features`]).
    before: RawScores,
    /// As the token itself ([`own_word_features`]).
    own: RawScores,
    /// As the word after the token ([`next_word_features`]).
    after: RawScores,
    shape_id: u64,
    cluster: WordClusters,
    /// Whether the word is tagged `O` without scoring ([`Model::always_outside`]).
    outside: bool,
}

/// Word forms most recently scored, per thread: most tokens are common words whose
/// word-local features (about half of each token's static features, and most of the work
/// of computing them) sum to the same scores wherever they occur. The cache changes
/// speed only: integer sums give exactly the scores of adding feature by feature.
pub struct WordCache {
    /// The model the entries were scored with ([`Model::id`]).
    model: u64,
    /// Word form id → its entry's place in `entries`: one lookup per token.
    slots: HashKeyed<u32>,
    entries: Vec<WordEntry>,
    /// Scores of the sentence boundaries: no word before the first token, none after
    /// the last.
    no_word_before: RawScores,
    no_word_after: RawScores,
    /// Working memory kept between sentences.
    buffer: FeatureBuffer,
    scratch: Scratch,
}

/// Entries a cache holds before it starts afresh: about 7 MB, the commonest words of
/// a language (a bound keeps a long-running server's memory flat).
const WORD_CACHE_ENTRIES: usize = 32 * 1024;

impl WordCache {
    fn new(model: &Model) -> WordCache {
        let mut buffer = FeatureBuffer::default();
        let mut no_word_before = [0; LABELS];
        previous_word_features(None, &mut buffer);
        model.add_scores(&buffer.hashes, &mut no_word_before);
        buffer.clear();
        let mut no_word_after = [0; LABELS];
        next_word_features(None, &mut buffer);
        model.add_scores(&buffer.hashes, &mut no_word_after);
        WordCache {
            model: model.id(),
            slots: HashKeyed::default(),
            entries: Vec::new(),
            no_word_before,
            no_word_after,
            buffer: FeatureBuffer::default(),
            scratch: Scratch::default(),
        }
    }

    /// Forgets every word.
    fn clear(&mut self) {
        self.slots.clear();
        self.entries.clear();
    }

    /// The entry of token `i` of `sentence`, scored and added if the word is new.
    fn slot_of(&mut self, model: &Model, sentence: &SentenceText, i: usize) -> usize {
        let form_id = sentence.form_ids[i];
        if let Some(&slot) = self.slots.get(&form_id) {
            return slot as usize;
        }
        let form: &str = &sentence.forms[i];
        let (shape_id, cluster) = word_shape_and_cluster(model, form);
        let view = WordView {
            form,
            form_id,
            norm_id: sentence.norm_ids[i],
            shape_id,
            cluster,
        };
        let (buffer, scratch) = (&mut self.buffer, &mut self.scratch);
        let mut score = |emit: &dyn Fn(&mut FeatureBuffer, &mut Scratch)| {
            buffer.clear();
            emit(buffer, scratch);
            let mut scores = [0; LABELS];
            model.add_scores(&buffer.hashes, &mut scores);
            scores
        };
        let entry = WordEntry {
            before: score(&|out, _| previous_word_features(Some(&view), out)),
            own: score(&|out, scratch| own_word_features(&view, scratch, out)),
            after: score(&|out, _| next_word_features(Some(&view), out)),
            shape_id,
            cluster,
            outside: model.always_outside(form, view.norm_id),
        };
        let slot = self.entries.len();
        self.entries.push(entry);
        self.slots.insert(form_id, slot as u32);
        slot
    }

    /// Runs `f` with this thread's cache for `model`.
    pub fn with<R>(model: &Model, f: impl FnOnce(&mut WordCache) -> R) -> R {
        thread_local! {
            static CACHE: std::cell::RefCell<Option<WordCache>> =
                const { std::cell::RefCell::new(None) };
        }
        CACHE.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.as_ref().is_none_or(|cache| cache.model != model.id()) {
                *slot = Some(WordCache::new(model));
            }
            f(slot.as_mut().expect("just filled"))
        })
    }
}

/// Static scores of every token of a sentence, and the short-shape ids the dynamic
/// features read.
pub struct StaticScores {
    pub scores: Vec<RawScores>,
    pub shape_ids: Vec<u64>,
    /// Tokens tagged `O` without scoring ([`Model::always_outside`]). Their scores hold
    /// only the features of the word and its neighbours (cached per word form): enough to
    /// tell several hypotheses apart by how well `O` follows each, and to score the rare
    /// token that must continue a name every hypothesis left open.
    pub outside: Vec<bool>,
}

/// The summed weights of the static features of each token of the context's sentence
/// `index`: the same sums as [`sentence_features`] then [`Model::add_scores`], with the
/// word-local part taken from `cache`.
pub fn sentence_static_scores(
    model: &Model,
    context: &DocContext,
    index: usize,
    cache: &mut WordCache,
) -> StaticScores {
    let sentence = &context.sentences[index];
    let n = sentence.forms.len();
    if cache.entries.len() + n > WORD_CACHE_ENTRIES {
        cache.clear();
    }
    let slots: Vec<usize> = (0..n).map(|i| cache.slot_of(model, sentence, i)).collect();
    let WordCache {
        entries,
        buffer,
        scratch,
        no_word_before,
        no_word_after,
        ..
    } = cache;
    let entry: Vec<&WordEntry> = slots.iter().map(|&slot| &entries[slot]).collect();
    let words = SentenceWords::new(model, sentence, |i| {
        Some((entry[i].shape_id, entry[i].cluster))
    });
    let outside: Vec<bool> = entry.iter().map(|e| e.outside).collect();
    let mut scores = Vec::with_capacity(n);
    for i in 0..n {
        let mut sum = entry[i].own;
        let before = if i > 0 {
            &entry[i - 1].before
        } else {
            &*no_word_before
        };
        let after = if i + 1 < n {
            &entry[i + 1].after
        } else {
            &*no_word_after
        };
        for ((s, b), a) in sum.iter_mut().zip(before).zip(after) {
            *s += b + a;
        }
        if outside[i] {
            scores.push(sum);
            continue;
        }
        buffer.clear();
        words.context_features(context, i, &mut scratch.text, buffer);
        model.add_scores(&buffer.hashes, &mut sum);
        scores.push(sum);
    }
    StaticScores {
        scores,
        shape_ids: words.views.iter().map(|w| w.shape_id).collect(),
        outside,
    }
}

/// The two labels before a token (`LABELS` where there is none: the sentence start), as
/// one number below [`LABEL_CONTEXTS`]: the features that read only these
/// ([`label_context_features`]) have one score per context, which the tagger works out
/// once per model.
pub fn label_context(previous: usize, before: usize) -> usize {
    before * (LABELS + 1) + previous
}

/// The label before token `i` and the one before that, `LABELS` where there is none.
fn previous_labels(i: usize, labels: &[Label]) -> (usize, usize) {
    let previous = if i >= 1 { labels[i - 1] } else { LABELS };
    let before = if i >= 2 { labels[i - 2] } else { LABELS };
    (previous, before)
}

/// How many [`label_context`] numbers there are: each of the two labels, or none.
pub const LABEL_CONTEXTS: usize = (LABELS + 1) * (LABELS + 1);

/// A label of a [`label_context`] as features combine it (no label: the sentence start).
fn label_id(label: usize) -> u64 {
    // Labels are small numbers, far from any string's id.
    if label == LABELS {
        BEGIN
    } else {
        label as u64
    }
}

/// The features of the two labels before a token alone.
pub fn label_context_features(context: usize, out: &mut FeatureBuffer) {
    let p = label_id(context % (LABELS + 1));
    let pp = label_id(context / (LABELS + 1));
    out.add(50, &[p]);
    out.add(51, &[pp, p]);
}

/// The feature of the previous label (`LABELS` if none) with the token's word.
pub fn label_word_feature(sentence: &SentenceText, i: usize, previous: usize) -> u64 {
    feature(52, &[label_id(previous), sentence.norm_ids[i]])
}

/// The features of the types the document gave this word and the next earlier on: the
/// same for every labelling of the sentence.
pub fn history_features(
    sentence: &SentenceText,
    shape_ids: &[u64],
    i: usize,
    history: &History,
    out: &mut FeatureBuffer,
) {
    let seen = history.of(sentence.form_ids[i]);
    out.add(53, &[seen]);
    out.add(54, &[seen, shape_ids[i]]);
    if let Some(&next) = sentence.form_ids.get(i + 1) {
        out.add(55, &[history.of(next)]);
    }
}

/// Features that depend on the labels already chosen in this sentence and document.
pub fn dynamic_features(
    sentence: &SentenceText,
    shape_ids: &[u64],
    i: usize,
    labels: &[Label],
    history: &History,
    out: &mut FeatureBuffer,
) {
    let (previous, before) = previous_labels(i, labels);
    label_context_features(label_context(previous, before), out);
    out.hashes.push(label_word_feature(sentence, i, previous));
    history_features(sentence, shape_ids, i, history, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_forms() {
        assert_eq!(shape("Velmora", 2), "Xxx");
        assert_eq!(shape("U.S.", 2), "X.X.");
        assert_eq!(shape("1996", 4), "dddd");
        assert_eq!(form("Velmora’s"), "Velmora's");
        assert_eq!(normalized("A320"), "a000");
    }

    #[test]
    fn affixes_count_characters_not_bytes() {
        assert_eq!(prefix("Łódź", 2), Some("Łó"));
        assert_eq!(suffix("Łódź", 2), Some("dź"));
        assert_eq!(suffix("ab", 3), None);
        assert_eq!(prefix("ab", 2), Some("ab"));
    }

    #[test]
    fn cached_scores_are_the_sums_of_every_feature() {
        let model = &crate::analyze::ner::Tagger::embedded()
            .expect("embedded model")
            .model();
        let document: Vec<Vec<&str>> = [
            "MINISTER QUITS OVER HARBOUR DEAL",
            "Ilse Varga , the Velmora port minister , resigned on Tuesday .",
            "“ I leave with my head high , ” Varga told Radio Castellane .",
            "The Velmora Harbour Authority said Varga ’s deputy would act for now .",
        ]
        .iter()
        .map(|s| s.split(' ').collect())
        .collect();
        let context = DocContext::new(&document);
        let expected: Vec<Vec<RawScores>> = (0..document.len())
            .map(|s| {
                let features = sentence_features(model, &context, s);
                (0..document[s].len())
                    .map(|i| {
                        let mut scores = [0; LABELS];
                        model.add_scores(features.of(i), &mut scores);
                        scores
                    })
                    .collect()
            })
            .collect();
        // A cold cache, then a warm one, then one filled by another document.
        WordCache::with(model, |cache| {
            cache.clear();
            for _ in 0..2 {
                for (s, want) in expected.iter().enumerate() {
                    let got = sentence_static_scores(model, &context, s, cache);
                    // Tokens tagged `O` outright are not scored with their context.
                    let scored = |scores: &[RawScores]| -> Vec<RawScores> {
                        scores
                            .iter()
                            .zip(&got.outside)
                            .filter(|(_, &outside)| !outside)
                            .map(|(scores, _)| *scores)
                            .collect()
                    };
                    assert_eq!(scored(&got.scores), scored(want), "sentence {s}");
                    let shapes = sentence_features(model, &context, s).shape_ids;
                    assert_eq!(got.shape_ids, shapes);
                }
            }
        });
    }

    proptest::proptest! {
        /// The id hashed byte by byte is the id of the normalised string, for ASCII
        /// words (the fast path) and any other text alike.
        #[test]
        fn normalized_ids_are_the_ids_of_normalized_forms(
            ascii in "[A-Za-z0-9'.&-]{0,14}",
            any in "\\PC{0,10}",
        ) {
            proptest::prop_assert_eq!(normalized_id(&ascii), id(&normalized(&ascii)));
            proptest::prop_assert_eq!(normalized_id(&any), id(&normalized(&any)));
        }
    }

    #[test]
    fn type_ids_are_the_ids_of_the_conll_names() {
        for kind in EntityType::ALL {
            assert_eq!(type_id(kind), id(kind.conll()));
        }
    }

    #[test]
    fn shouting_sentences_are_recognised() {
        let forms: Vec<String> = ["SOCCER", "-", "LEADING", "RESULTS"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(sentence_is_shouting(&forms));
        let mixed: Vec<String> = ["The", "NATO", "summit"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(!sentence_is_shouting(&mixed));
    }
}
