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

use super::model::HashKeyed;
use super::model::Model;
use super::{label_parts, EntityType, Label, OUTSIDE};
use crate::analyze::lexicon::{
    GAZETTEER, GIVEN_NAMES, KNOWN_ORG_INDEX, ORG_KEYWORDS, PERSON_TITLES,
};
use std::borrow::Cow;

/// FNV-1a over the template number and the parts (separated by 0xFF, a byte UTF-8 never
/// contains), finished with a SplitMix64 mix so that a table can use the hash as its own
/// key. The key of a word's cluster in the model file; features use [`feature`] and [`id`].
pub fn hash(template: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |byte: u8| {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(template);
    for part in parts {
        eat(0xFF);
        for &b in part.as_bytes() {
            eat(b);
        }
    }
    mix(h)
}

/// A string's id, as features combine it: FNV-1a over its bytes, mixed. Computed once per
/// word and sentence (or at compile time for fixed strings), so that the dozens of
/// features of a token combine numbers instead of hashing strings again.
pub const fn id(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    mix(h)
}

/// The id of a run of characters (a character trigram).
fn chars_id(chars: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in chars {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
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

fn is_capitalised(form: &str) -> bool {
    form.chars().next().is_some_and(char::is_uppercase)
}

fn is_all_caps(form: &str) -> bool {
    form.chars().any(char::is_alphabetic) && !form.chars().any(char::is_lowercase)
}

/// One sentence as the tagger reads it.
pub struct SentenceText<'a> {
    pub forms: Vec<Cow<'a, str>>,
    pub norms: Vec<Cow<'a, str>>,
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
    before: Vec<u64>,
    after: Vec<u64>,
    longest_run: usize,
    run_last: u64,
    run_first: u64,
}

/// Words kept around each capitalised word: enough to see its usual company.
const SURROUNDINGS_KEPT: usize = 6;

impl<'a> DocContext<'a> {
    pub fn new<S: AsRef<str>>(sentences: &'a [Vec<S>]) -> DocContext<'a> {
        let mut context = DocContext::default();
        for sentence in sentences {
            let forms: Vec<Cow<'a, str>> = sentence.iter().map(|t| form(t.as_ref())).collect();
            // Borrowed from the token where it is already lowercase ASCII without digits.
            let norms: Vec<Cow<'a, str>> = sentence
                .iter()
                .zip(&forms)
                .map(|(token, f)| match f {
                    Cow::Borrowed(_) => normalized(token.as_ref()),
                    Cow::Owned(owned) => Cow::Owned(normalized_owned(owned)),
                })
                .collect();
            let form_ids: Vec<u64> = forms.iter().map(|f| id(f)).collect();
            let norm_ids: Vec<u64> = norms.iter().map(|w| id(w)).collect();
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
                    if entry.before.len() < SURROUNDINGS_KEPT && !entry.before.contains(&before) {
                        entry.before.push(before);
                    }
                    if entry.after.len() < SURROUNDINGS_KEPT && !entry.after.contains(&after) {
                        entry.after.push(after);
                    }
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
                norms,
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
    let letters: Vec<&str> = forms
        .iter()
        .map(AsRef::as_ref)
        .filter(|f| f.chars().any(char::is_alphabetic))
        .collect();
    letters.len() >= 2 && letters.iter().all(|f| is_all_caps(f))
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
            Some(kind) => id(kind.conll()),
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
}

/// The longest gazetteer or known-organisation name starting at each token, as
/// (position tag, source) per token: `B`/`I`/`L`/`U` + `place`/`org`.
fn lexicon_matches(forms: &[Cow<str>]) -> Vec<Vec<(&'static str, &'static str)>> {
    let mut marks = vec![Vec::new(); forms.len()];
    let mut name = String::new();
    for (source, contains) in [
        (
            "place",
            (&|s: &str| GAZETTEER.places.contains_key(s)) as &dyn Fn(&str) -> bool,
        ),
        ("org", &|s: &str| KNOWN_ORG_INDEX.contains_key(s)),
    ] {
        let mut i = 0;
        while i < forms.len() {
            let mut matched = 0;
            if is_capitalised(&forms[i]) {
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

/// Computes the static features of a sentence (the context's sentence `index`).
pub fn sentence_features(model: &Model, context: &DocContext, index: usize) -> SentenceFeatures {
    let sentence = &context.sentences[index];
    let forms = &sentence.forms;
    let norms = &sentence.norms;
    let shape_ids: Vec<u64> = forms.iter().map(|f| id(&shape(f, 2))).collect();
    let norm_ids = &sentence.norm_ids;
    let form_ids = &sentence.form_ids;
    let clusters: Vec<Option<(u16, u16)>> = forms.iter().map(|f| model.cluster(f)).collect();
    let shouting = sentence.shouting;
    let lexicon = lexicon_matches(forms);
    let n = forms.len();
    let word = |i: isize| -> u64 {
        if i < 0 {
            BEGIN
        } else if i as usize >= n {
            END
        } else {
            norm_ids[i as usize]
        }
    };
    let shape_at = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            BOUNDARY
        } else {
            shape_ids[i as usize]
        }
    };
    let cluster_at = |i: isize| -> Option<(u16, u16)> {
        if i < 0 || i as usize >= n {
            None
        } else {
            clusters[i as usize]
        }
    };
    let mut out = FeatureBuffer::default();
    out.hashes.reserve(n * 64);
    let mut offsets = Vec::with_capacity(n + 1);
    let mut scratch = String::new();
    let mut bounded: Vec<char> = Vec::new();
    for i in 0..n {
        offsets.push(out.hashes.len());
        let at = i as isize;
        let f: &str = &forms[i];
        let w: &str = &norms[i];
        out.add(0, &[]);
        out.add(1, &[form_ids[i]]);
        out.add(2, &[norm_ids[i]]);
        out.add(3, &[word(at - 1)]);
        out.add(4, &[word(at + 1)]);
        out.add(5, &[word(at - 2)]);
        out.add(6, &[word(at + 2)]);
        scratch.clear();
        shape_into(f, 4, &mut scratch);
        out.add(7, &[id(&scratch)]);
        out.add(8, &[shape_at(at)]);
        out.add(9, &[shape_at(at - 1)]);
        out.add(10, &[shape_at(at + 1)]);
        out.add(11, &[shape_at(at - 1), shape_at(at)]);
        out.add(12, &[shape_at(at), shape_at(at + 1)]);
        for k in 1..=4 {
            if let Some(p) = prefix(w, k) {
                out.add(12 + k as u8, &[id(p)]);
            }
            if let Some(s) = suffix(w, k) {
                out.add(16 + k as u8, &[id(s)]);
            }
        }
        out.add(21, &[word(at - 1), norm_ids[i]]);
        out.add(22, &[norm_ids[i], word(at + 1)]);
        out.add(23, &[if i == 0 { FIRST } else { LATER }, shape_at(at)]);
        out.add(24, &[if shouting { CAPS } else { MIXED }, shape_at(at)]);
        if shouting {
            out.add(25, &[norm_ids[i]]);
        }
        for (template, offset) in [(26u8, 0isize), (28, -1), (30, 1)] {
            match cluster_at(at + offset) {
                Some((coarse, fine)) => {
                    out.add(template, &[u64::from(coarse)]);
                    out.add(template + 1, &[u64::from(fine)]);
                }
                None => out.add(template, &[NONE]),
            }
        }
        if let Some((coarse, _)) = cluster_at(at) {
            out.add(32, &[u64::from(coarse), shape_at(at)]);
        }
        if GIVEN_NAMES.contains(f) {
            out.add(33, &[]);
        }
        if i > 0 && GIVEN_NAMES.contains(&*forms[i - 1]) {
            out.add(34, &[]);
        }
        for (position, source) in &lexicon[i] {
            out.add(35, &[id(position), id(source)]);
        }
        if GAZETTEER.demonyms.contains_key(f) {
            out.add(36, &[]);
        }
        if i > 0 && PERSON_TITLES.contains_key(&*forms[i - 1]) {
            out.add(37, &[]);
        }
        if ORG_KEYWORDS.contains_key(f) {
            out.add(38, &[]);
        }
        for ahead in 1..=3 {
            if let Some(next) = forms.get(i + ahead) {
                if ORG_KEYWORDS.contains_key(&**next) {
                    out.add(39, &[ahead as u64]);
                }
            }
        }
        if is_capitalised(f) {
            scratch.clear();
            scratch.extend(f.chars().flat_map(char::to_lowercase));
            if context.lowercase.contains_key(&id(&scratch)) {
                out.add(40, &[if i == 0 { FIRST } else { LATER }]);
            }
            if i == 0 || shouting {
                let seen = context.capitalised_inside.contains_key(&form_ids[i]);
                out.add(41, &[if seen { SEEN } else { UNSEEN }]);
            }
            if let Some(around) = context.surroundings.get(&form_ids[i]) {
                out.hashes.extend_from_slice(&around.before);
                out.hashes.extend_from_slice(&around.after);
                if around.longest_run > 1 {
                    out.hashes.push(around.run_last);
                    out.hashes.push(around.run_first);
                }
            }
        }
        if is_capitalised(f) && f.len() > 3 {
            bounded.clear();
            bounded.push('^');
            bounded.extend(w.chars());
            bounded.push('$');
            for window in bounded.windows(3) {
                out.add(48, &[chars_id(window)]);
            }
        }
        if let (Some((c0, _)), Some((c1, _))) = (cluster_at(at - 1), cluster_at(at)) {
            out.add(49, &[u64::from(c0), u64::from(c1)]);
        }
        out.add(42, &[form_ids[i], word(at + 1)]);
        out.add(43, &[word(at - 1), form_ids[i]]);
    }
    offsets.push(out.hashes.len());
    SentenceFeatures {
        hashes: out.hashes,
        offsets,
        shape_ids,
    }
}

/// Features that depend on the labels already chosen in this sentence and document.
pub fn dynamic_features(
    sentence: &SentenceText,
    statics: &SentenceFeatures,
    i: usize,
    labels: &[Label],
    history: &History,
    out: &mut FeatureBuffer,
) {
    let previous = if i >= 1 { labels[i - 1] } else { OUTSIDE };
    let before = if i >= 2 { labels[i - 2] } else { OUTSIDE };
    // Labels are small numbers, far from any string's id.
    let p = if i >= 1 { previous as u64 } else { BEGIN };
    let pp = if i >= 2 { before as u64 } else { BEGIN };
    out.add(50, &[p]);
    out.add(51, &[pp, p]);
    out.add(52, &[p, sentence.norm_ids[i]]);
    let seen = history.of(sentence.form_ids[i]);
    out.add(53, &[seen]);
    out.add(54, &[seen, statics.shape_ids[i]]);
    if let Some(&next) = sentence.form_ids.get(i + 1) {
        out.add(55, &[history.of(next)]);
    }
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
