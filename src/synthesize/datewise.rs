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
//! opening sentences of articles published that day (or the next: a morning paper reports
//! yesterday) that name no other day; the chosen ones are those closest to the
//! candidates' TF-IDF centroid, shorter ones preferred, without repeating each other.

use super::vectors::{cosine, normalize, terms_of, SparseVec};
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
    pub(crate) fn admits(&self, day: Date) -> bool {
        self.first.is_none_or(|f| day >= f) && self.last.is_none_or(|l| day <= l)
    }
}

/// Weights of date salience and sentence choice. The defaults were chosen with
/// `newsdesk eval timeline --tune` on Timeline17's development topics.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// An article published on the day, relative to one that names it looking back.
    pub published_weight: f64,
    /// How a look-back mention grows with the time since the day: weight
    /// `1 + growth · ln(1 + days after)`.
    pub look_back_growth: f64,
    /// A mention written on the day itself ("today", "on Tuesday" in Tuesday's paper).
    pub same_day_weight: f64,
    /// A mention of a day still ahead when written (a scheduled vote, a deadline).
    pub ahead_weight: f64,
    /// Opening body sentences of an article published on the day that may speak for it.
    pub lead_sentences: usize,
    /// For how many days an article's opening sentences speak: 1 = the day it was
    /// published, 2 = that day and the day before (a morning paper reports yesterday).
    pub lead_days: i64,
    /// Cosine above which a candidate repeats a sentence already chosen.
    pub redundancy: f64,
    /// Sentence length bounds, in words.
    pub min_words: usize,
    pub max_words: usize,
    /// A timeline line reads best short: a candidate longer than `preferred_words` ranks
    /// as if its similarity to the day were divided by
    /// `1 + length_penalty · (words − preferred_words) / preferred_words`.
    pub preferred_words: usize,
    pub length_penalty: f64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            published_weight: 1.0,
            look_back_growth: 1.0,
            same_day_weight: 0.5,
            ahead_weight: 1.0,
            lead_sentences: 5,
            lead_days: 2,
            redundancy: 0.3,
            min_words: 6,
            max_words: 50,
            preferred_words: 20,
            length_penalty: 0.2,
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
    /// Reads as a statement of fact: not a question, no first person, no bracketed
    /// prefix (live-blog "(Update 8:14 a.m.)", captions).
    plain: bool,
    days: Vec<Date>,
    /// The named days it reports as events (see [`named_days`]).
    event_days: Vec<Date>,
    vector: SparseVec,
}

/// The days a sentence names (day-level calendar dates, relative ones resolved), and
/// among them the days it reports as events: not a day the sentence only counts from or
/// to ("lost £4bn since 20 April", "until Friday").
pub(crate) fn named_days(article: &AnalyzedArticle, sentence: usize) -> (Vec<Date>, Vec<Date>) {
    let text = &article.article.text;
    let mut days = Vec::new();
    let mut event_days = Vec::new();
    for timex in article.doc.timexes_in(sentence) {
        let value = &timex.value;
        if !matches!(value.kind, TimexKind::Date | TimexKind::Time)
            || value.granularity != Granularity::Day
            || value.anchor == Anchor::Unresolved
        {
            continue;
        }
        let Some(day) = value.date.as_deref().and_then(Date::parse_iso) else {
            continue;
        };
        days.push(day);
        let before = text[..timex.span.start].trim_end();
        let bound = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .is_some_and(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "since" | "until" | "till" | "from" | "before" | "after"
                )
            });
        if !bound {
            event_days.push(day);
        }
    }
    for list in [&mut days, &mut event_days] {
        list.sort();
        list.dedup();
    }
    (days, event_days)
}

/// Whether a sentence opens with a live-blog entry's time stamp ("LIBYA, 5:29 p.m. ET:
/// …"): a clock time in a short lead-in that ends in a colon.
fn stamped(sentence: &str) -> bool {
    let has_clock = |text: &str| {
        text.as_bytes().windows(4).any(|w| {
            w[0].is_ascii_digit()
                && matches!(w[1], b':' | b'.')
                && w[2].is_ascii_digit()
                && w[3].is_ascii_digit()
        })
    };
    sentence
        .split_once(": ")
        .is_some_and(|(lead, _)| has_clock(lead) && lead.split_whitespace().count() <= 10)
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
            let tokens = article.doc.sentence_tokens(sentence);
            let words: Vec<&str> = tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .map(|t| t.span.slice(text))
                .collect();
            let sentence_text = info.span.slice(text).trim_end();
            let plain = !sentence_text.starts_with('(')
                && !sentence_text.ends_with('?')
                && !stamped(sentence_text)
                && !words
                    .iter()
                    .any(|w| matches!(*w, "I" | "me" | "my" | "we" | "We" | "our" | "Our" | "us"));
            let terms: Vec<u32> = terms_of(words.iter().copied())
                .into_iter()
                .map(|term| {
                    let next = ids.len() as u32;
                    *ids.entry(term).or_insert(next)
                })
                .collect();
            let (days, event_days) = named_days(article, sentence);
            raw.push((
                SentenceInfo {
                    article: index,
                    sentence,
                    words: words.len(),
                    position,
                    plain,
                    days,
                    event_days,
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
            info.vector = normalize(
                tf.into_iter()
                    .map(|(term, count)| {
                        (term, (1.0 + count.ln()) * (1.0 + total / df[&term]).ln())
                    })
                    .collect(),
            );
            info
        })
        .collect()
}

/// Salience of every admissible day.
fn salience(
    articles: &[&AnalyzedArticle],
    sentences: &[SentenceInfo],
    budget: &Budget,
    params: &Params,
) -> BTreeMap<Date, f64> {
    let mut named: BTreeSet<(usize, Date)> = BTreeSet::new();
    for info in sentences {
        for day in &info.days {
            named.insert((info.article, *day));
        }
    }
    salience_of(articles, named, budget, params)
}

/// How much the coverage comes back to each day (the salience [`summarize`] ranks days
/// by), for any consumer of a story's days: the dossier's timeline ranks its entries
/// with it.
pub fn day_salience(articles: &[&AnalyzedArticle], params: &Params) -> BTreeMap<Date, f64> {
    let mut named: BTreeSet<(usize, Date)> = BTreeSet::new();
    for (index, article) in articles.iter().enumerate() {
        for (sentence, info) in article.doc.sentences.iter().enumerate() {
            if info.kind == SentenceKind::Body {
                for day in named_days(article, sentence).0 {
                    named.insert((index, day));
                }
            }
        }
    }
    let everything = Budget {
        dates: usize::MAX,
        sentences_per_date: 1,
        first: None,
        last: None,
    };
    salience_of(articles, named, &everything, params)
}

fn salience_of(
    articles: &[&AnalyzedArticle],
    named: BTreeSet<(usize, Date)>,
    budget: &Budget,
    params: &Params,
) -> BTreeMap<Date, f64> {
    let mut scores: BTreeMap<Date, f64> = BTreeMap::new();
    for (article, day) in named {
        if !budget.admits(day) {
            continue;
        }
        let weight = match articles[article].article.meta.published_date() {
            // Looking back: the longer after, the more the day has become history.
            Some(published) if published > day => {
                let days_after = (published.to_days() - day.to_days()) as f64;
                1.0 + params.look_back_growth * days_after.ln_1p()
            }
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
        for day in &info.event_days {
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
        let mut leads: BTreeSet<usize> = BTreeSet::new();
        for (index, info) in sentences.iter().enumerate() {
            let speaks_for_day = published[info.article].is_some_and(|p| {
                let after = p.to_days() - date.to_days();
                (0..params.lead_days).contains(&after)
            });
            if speaks_for_day
                && info.position < params.lead_sentences
                && info.days.iter().all(|d| *d == date)
            {
                leads.insert(index);
            }
        }
        candidates.extend(leads);
        let chosen = choose(&sentences, &candidates, budget.sentences_per_date, params);
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

/// Candidates short enough, long enough and plain enough to stand as a timeline line.
fn usable(sentences: &[SentenceInfo], candidates: &BTreeSet<usize>, params: &Params) -> Vec<usize> {
    candidates
        .iter()
        .copied()
        .filter(|i| {
            let words = sentences[*i].words;
            words >= params.min_words && words <= params.max_words && sentences[*i].plain
        })
        .collect()
}

/// The mean of the sentences' vectors (not normalised).
fn mean(sentences: &[SentenceInfo], members: &[usize]) -> BTreeMap<u32, f32> {
    let mut sum: BTreeMap<u32, f32> = BTreeMap::new();
    for i in members {
        for (term, weight) in &sentences[*i].vector {
            *sum.entry(*term).or_default() += weight;
        }
    }
    let n = members.len().max(1) as f32;
    sum.values_mut().for_each(|w| *w /= n);
    sum
}

/// The `k` candidates closest to the candidates' centroid, none repeating another.
fn choose(
    sentences: &[SentenceInfo],
    candidates: &BTreeSet<usize>,
    k: usize,
    params: &Params,
) -> Vec<usize> {
    let usable = usable(sentences, candidates, params);
    let centroid: SparseVec = normalize(mean(sentences, &usable).into_iter().collect());
    closest(sentences, &usable, &centroid, k, params)
}

/// The `k` of `usable` closest to `centroid`, none repeating another.
fn closest(
    sentences: &[SentenceInfo],
    usable: &[usize],
    centroid: &SparseVec,
    k: usize,
    params: &Params,
) -> Vec<usize> {
    let mut scored: Vec<(f64, usize)> = usable
        .iter()
        .map(|i| {
            let preferred = params.preferred_words as f64;
            let excess = (sentences[*i].words as f64 - preferred).max(0.0) / preferred;
            let similarity = cosine(&sentences[*i].vector, centroid);
            (similarity / (1.0 + params.length_penalty * excess), *i)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{RawSource, SourceFormat};
    use crate::pipeline::{prepare_sources, Options};

    fn story(items: &[(&str, &str)]) -> Vec<AnalyzedArticle> {
        let sources = items
            .iter()
            .enumerate()
            .map(|(i, (published, text))| {
                let mut source = RawSource::new(
                    format!("a{i}.txt"),
                    text.as_bytes().to_vec(),
                    SourceFormat::Text,
                );
                source.hints.published = Some(published.to_string());
                Ok(source)
            })
            .collect();
        prepare_sources(sources, &Options::default()).articles
    }

    fn velmora() -> Vec<AnalyzedArticle> {
        story(&[
            (
                "2031-03-04",
                "Dockworkers Walk Out\n\n\
                 Dockworkers at Port Velmora walked off the job on Tuesday over automation plans.\n\n\
                 The harbour authority said ferries to the islands would keep running on a reduced timetable.\n",
            ),
            (
                "2031-03-09",
                "Velmora Talks Stall\n\n\
                 Talks between the union and the harbour authority broke down on Sunday without an agreement.\n\n\
                 The strike that began on March 4 has left dozens of cargo ships waiting outside the port.\n",
            ),
            (
                "2031-03-20",
                "Port Strike Ends\n\n\
                 Union members voted on Thursday to accept a new contract that limits automation until 2034.\n\n\
                 The walkout began on March 4 when dockworkers left the cranes idle at Port Velmora.\n\n\
                 Cargo traffic resumed on Friday morning, the harbour authority said.\n",
            ),
            (
                "2031-04-02",
                "After The Strike\n\n\
                 The March 4 walkout at Port Velmora cost shippers millions, according to a trade group.\n\n\
                 Port officials said new cranes would arrive in the autumn.\n",
            ),
        ])
    }

    fn budget(dates: usize, sentences_per_date: usize) -> Budget {
        Budget {
            dates,
            sentences_per_date,
            first: None,
            last: None,
        }
    }

    fn day(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    #[test]
    fn the_day_the_coverage_keeps_returning_to_comes_first() {
        let articles = velmora();
        let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
        let timeline = summarize(&refs, &budget(1, 1), &Params::default());
        assert_eq!(timeline.len(), 1);
        assert_eq!(timeline[0].date, day("2031-03-04"));
        let (article, sentence) = timeline[0].sentences[0];
        let text = refs[article].doc.sentences[sentence]
            .span
            .slice(&refs[article].article.text);
        assert!(
            text.contains("walk") || text.contains("strike"),
            "{text:?} should describe the walkout"
        );
    }

    #[test]
    fn days_come_in_calendar_order_within_budget_and_span() {
        let articles = velmora();
        let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
        let wide = summarize(&refs, &budget(4, 2), &Params::default());
        assert!(wide.len() <= 4 && wide.len() >= 3, "{wide:?}");
        assert!(wide.windows(2).all(|w| w[0].date < w[1].date));
        assert!(wide
            .iter()
            .all(|d| d.sentences.len() <= 2 && !d.sentences.is_empty()));
        let narrow = Budget {
            first: Some(day("2031-03-05")),
            last: Some(day("2031-03-31")),
            ..budget(4, 1)
        };
        let within = summarize(&refs, &narrow, &Params::default());
        assert!(!within.is_empty());
        assert!(within
            .iter()
            .all(|d| d.date >= day("2031-03-05") && d.date <= day("2031-03-31")));
    }

    #[test]
    fn live_blog_stamps_are_recognised() {
        assert!(stamped(
            "VELMORA, 5:29 p.m. local: The union said talks would resume."
        ));
        assert!(stamped("12.47 GMT: Ferries are running again."));
        assert!(!stamped("The ferry left at 5:29 p.m. with 212 passengers."));
        assert!(!stamped("Officials said: the port reopens on Friday."));
    }

    #[test]
    fn a_day_counted_from_is_not_a_days_event() {
        let articles = story(&[(
            "2031-04-02",
            "Port Losses\n\nShippers have lost millions since March 4 at Port Velmora.\n\n\
             Dockworkers walked off the job on March 4 over automation plans.\n",
        )]);
        let article = &articles[0];
        let body: Vec<usize> = (0..article.doc.sentences.len())
            .filter(|s| article.doc.sentences[*s].kind == SentenceKind::Body)
            .collect();
        let (days, events) = named_days(article, body[0]);
        assert_eq!(days, [day("2031-03-04")]);
        assert!(
            events.is_empty(),
            "'since March 4' only counts from the day"
        );
        let (_, events) = named_days(article, body[1]);
        assert_eq!(events, [day("2031-03-04")]);
    }

    #[test]
    fn the_same_input_gives_the_same_timeline() {
        let articles = velmora();
        let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
        let once = summarize(&refs, &budget(3, 2), &Params::default());
        let again = summarize(&refs, &budget(3, 2), &Params::default());
        assert_eq!(once, again);
    }

    #[test]
    fn a_repeated_sentence_is_not_chosen_twice() {
        let articles = story(&[
            (
                "2031-06-10",
                "Ferry Fire\n\n\
                 A fire broke out aboard the ferry Calder Star near Port Velmora on June 10.\n\n\
                 All 212 passengers were taken off by lifeboats, the coast guard said.\n",
            ),
            (
                "2031-06-10",
                "Ferry Fire Update\n\n\
                 A fire broke out aboard the ferry Calder Star near Port Velmora on June 10.\n\n\
                 Investigators from the maritime board will inspect the engine room.\n",
            ),
        ]);
        let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
        let timeline = summarize(&refs, &budget(1, 2), &Params::default());
        let texts: Vec<&str> = timeline[0]
            .sentences
            .iter()
            .map(|(a, s)| {
                refs[*a].doc.sentences[*s]
                    .span
                    .slice(&refs[*a].article.text)
            })
            .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert_ne!(texts[0], texts[1]);
    }
}
