//! Date-wise timeline summarisation: first choose the days that matter to a story, then
//! summarise each day with the sentences that best represent what the sources say
//! happened on it (the approach of Tran et al. 2013 and Ghalandari & Ifrim 2020, here
//! without a trained date ranker).
//!
//! Takes analysed articles and a budget (how many days, how many sentences a day, which
//! span); gives days with their sentences as `(article, sentence)` indices, so that every
//! line of a timeline is a citation.
//!
//! A day's salience is how often the coverage comes back to it: each article that names
//! the day in a body sentence (a resolved day-level time expression: "on March 3",
//! "Tuesday", "yesterday") counts once, more when it looks back at the day than when it
//! reports it the same day or announces it in advance, plus a share for each article
//! published that day. A day's candidate sentences are the ones that name it, and the
//! opening sentences of articles published that day that name no other day; the chosen
//! ones are those closest to the candidates' TF-IDF centroid, without repeating each other.

use super::vectors::{cosine, terms_of, SparseVec};
use super::AnalyzedArticle;
use crate::analyze::doc::{SentenceKind, TokenKind};
use crate::analyze::timex::{Anchor, Granularity, TimexKind};
use crate::date::Date;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How much timeline to produce.
#[derive(Clone, Debug)]
pub struct Budget {
    pub dates: usize,
    pub sentences_per_date: usize,
    /// Only days in `[first, last]` (inclusive) are chosen, when given.
    pub first: Option<Date>,
    pub last: Option<Date>,
}

impl Budget {
    fn admits(&self, day: Date) -> bool {
        self.first.is_none_or(|f| day >= f) && self.last.is_none_or(|l| day <= l)
    }
}

/// Weights of date salience and sentence choice. The defaults were chosen with
/// `newsdesk eval timeline --tune` on Timeline17's development topics.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// An article published on the day, relative to one that names it looking back.
    pub published_weight: f64,
    /// A mention written on the day itself ("today", "on Tuesday" in Tuesday's paper).
    pub same_day_weight: f64,
    /// A mention of a day still ahead when written (a scheduled vote, a deadline).
    pub ahead_weight: f64,
    /// Opening body sentences of an article published on the day that may speak for it.
    pub lead_sentences: usize,
    /// Extra centroid weight of a sentence that names the day itself.
    pub named_day_bonus: f64,
    /// Cosine above which a candidate repeats a sentence already chosen.
    pub redundancy: f64,
    /// Sentence length bounds, in words.
    pub min_words: usize,
    pub max_words: usize,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            published_weight: 0.5,
            same_day_weight: 0.5,
            ahead_weight: 0.25,
            lead_sentences: 3,
            named_day_bonus: 0.1,
            redundancy: 0.5,
            min_words: 6,
            max_words: 50,
        }
    }
}

/// One day of a timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct DatedSummary {
    pub date: Date,
    /// `(article, sentence)`, in the order chosen (most representative first).
    pub sentences: Vec<(usize, usize)>,
    pub salience: f64,
}

/// What one body sentence contributes.
struct SentenceInfo {
    article: usize,
    sentence: usize,
    words: usize,
    /// Position among its article's body sentences.
    position: usize,
    days: Vec<Date>,
    vector: SparseVec,
}

/// The days a sentence names: day-level calendar dates, relative ones resolved.
fn named_days(article: &AnalyzedArticle, sentence: usize) -> Vec<Date> {
    let mut days: Vec<Date> = article
        .doc
        .timexes_in(sentence)
        .iter()
        .filter(|t| matches!(t.value.kind, TimexKind::Date | TimexKind::Time))
        .filter(|t| t.value.granularity == Granularity::Day && t.value.anchor != Anchor::Unresolved)
        .filter_map(|t| t.value.date.as_deref().and_then(Date::parse_iso))
        .collect();
    days.sort();
    days.dedup();
    days
}

fn sentences(articles: &[&AnalyzedArticle]) -> Vec<SentenceInfo> {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut raw: Vec<(SentenceInfo, Vec<u32>)> = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        let text = &article.article.text;
        let mut position = 0;
        for (sentence, info) in article.doc.sentences.iter().enumerate() {
            if info.kind != SentenceKind::Body {
                continue;
            }
            let words: Vec<&str> = article
                .doc
                .sentence_tokens(sentence)
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .map(|t| t.span.slice(text))
                .collect();
            let terms: Vec<u32> = terms_of(words.iter().copied())
                .into_iter()
                .map(|term| {
                    let next = ids.len() as u32;
                    *ids.entry(term).or_insert(next)
                })
                .collect();
            raw.push((
                SentenceInfo {
                    article: index,
                    sentence,
                    words: words.len(),
                    position,
                    days: named_days(article, sentence),
                    vector: Vec::new(),
                },
                terms,
            ));
            position += 1;
        }
    }
    // TF-IDF over the input's sentences.
    let mut df: HashMap<u32, f32> = HashMap::new();
    for (_, terms) in &raw {
        for term in terms.iter().collect::<BTreeSet<_>>() {
            *df.entry(*term).or_default() += 1.0;
        }
    }
    let total = raw.len().max(1) as f32;
    raw.into_iter()
        .map(|(mut info, terms)| {
            let mut tf: BTreeMap<u32, f32> = BTreeMap::new();
            for term in terms {
                *tf.entry(term).or_default() += 1.0;
            }
            let mut vector: SparseVec = tf
                .into_iter()
                .map(|(term, count)| (term, (1.0 + count.ln()) * (1.0 + total / df[&term]).ln()))
                .collect();
            normalize(&mut vector);
            info.vector = vector;
            info
        })
        .collect()
}

fn normalize(vector: &mut SparseVec) {
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in vector.iter_mut() {
            *w /= norm;
        }
    }
}

/// Salience of every admissible day.
fn salience(
    articles: &[&AnalyzedArticle],
    sentences: &[SentenceInfo],
    budget: &Budget,
    params: &Params,
) -> BTreeMap<Date, f64> {
    let mut scores: BTreeMap<Date, f64> = BTreeMap::new();
    let mut named: BTreeSet<(usize, Date)> = BTreeSet::new();
    for info in sentences {
        for day in &info.days {
            named.insert((info.article, *day));
        }
    }
    for (article, day) in named {
        if !budget.admits(day) {
            continue;
        }
        let weight = match articles[article].article.meta.published_date() {
            Some(published) if published > day => 1.0,
            Some(published) if published == day => params.same_day_weight,
            Some(_) => params.ahead_weight,
            None => 1.0,
        };
        *scores.entry(day).or_default() += weight;
    }
    for article in articles {
        if let Some(day) = article.article.meta.published_date() {
            if budget.admits(day) {
                *scores.entry(day).or_default() += params.published_weight;
            }
        }
    }
    scores
}

/// Builds a timeline of at most `budget.dates` days from `articles`.
pub fn summarize(
    articles: &[&AnalyzedArticle],
    budget: &Budget,
    params: &Params,
) -> Vec<DatedSummary> {
    let sentences = sentences(articles);
    let scores = salience(articles, &sentences, budget, params);
    let mut ranked: Vec<(Date, f64)> = scores.into_iter().collect();
    // Most salient first; among equals, the earlier day.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

    let mut naming: HashMap<Date, Vec<usize>> = HashMap::new();
    for (index, info) in sentences.iter().enumerate() {
        for day in &info.days {
            naming.entry(*day).or_default().push(index);
        }
    }
    let published: Vec<Option<Date>> = articles
        .iter()
        .map(|a| a.article.meta.published_date())
        .collect();

    let mut timeline = Vec::new();
    for (date, salience) in ranked {
        if timeline.len() == budget.dates {
            break;
        }
        let mut candidates: BTreeSet<usize> = naming
            .get(&date)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .collect();
        for (index, info) in sentences.iter().enumerate() {
            if published[info.article] == Some(date)
                && info.position < params.lead_sentences
                && info.days.iter().all(|d| *d == date)
            {
                candidates.insert(index);
            }
        }
        let chosen = choose(
            &sentences,
            &candidates,
            date,
            budget.sentences_per_date,
            params,
        );
        if !chosen.is_empty() {
            timeline.push(DatedSummary {
                date,
                sentences: chosen
                    .into_iter()
                    .map(|i| (sentences[i].article, sentences[i].sentence))
                    .collect(),
                salience,
            });
        }
    }
    timeline.sort_by_key(|d| d.date);
    timeline
}

/// The `k` candidates closest to the candidates' centroid, none repeating another.
fn choose(
    sentences: &[SentenceInfo],
    candidates: &BTreeSet<usize>,
    date: Date,
    k: usize,
    params: &Params,
) -> Vec<usize> {
    let usable: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|i| {
            let words = sentences[*i].words;
            words >= params.min_words && words <= params.max_words
        })
        .collect();
    let mut centroid: BTreeMap<u32, f32> = BTreeMap::new();
    for i in &usable {
        for (term, weight) in &sentences[*i].vector {
            *centroid.entry(*term).or_default() += weight;
        }
    }
    let mut centroid: SparseVec = centroid.into_iter().collect();
    normalize(&mut centroid);
    let mut scored: Vec<(f64, usize)> = usable
        .iter()
        .map(|i| {
            let names_day = sentences[*i].days.contains(&date);
            let bonus = if names_day {
                params.named_day_bonus
            } else {
                0.0
            };
            (cosine(&sentences[*i].vector, &centroid) + bonus, *i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = Vec::new();
    for (_, i) in scored {
        if chosen.len() == k {
            break;
        }
        let repeats = chosen
            .iter()
            .any(|c| cosine(&sentences[*c].vector, &sentences[i].vector) > params.redundancy);
        if !repeats {
            chosen.push(i);
        }
    }
    chosen
}
