//! `newsdesk eval timeline`: timeline summarisation on Timeline17, scored as the
//! literature does (Martschat & Markert 2017; Ghalandari & Ifrim 2020).
//!
//! For each gold timeline (19, in 17 collections), newsdesk builds a timeline from the
//! articles of its collection (one outlet's crawl on one topic; with `--pool topic`, all
//! outlets' crawls on the topic, as news-tls does) that were published within the gold
//! timeline's first and last day, with as many days as the gold one and its average number
//! of sentences per day (rounded). Scores: date-selection precision/recall/F1 and
//! ROUGE-1/ROUGE-2 in the concat, agreement and align+ m:1 variants ([`super::rouge`]).
//! Precision and recall are averaged over the timelines and F1 is taken of the averages,
//! as news-tls reports them.
//!
//! Gold timelines are PTB-tokenised; they are detokenised before scoring, like the
//! articles, so that bracket escapes such as `-LRB-` never count as words.

use super::cluster::{load_timeline17, LabeledDoc, T17_DEVELOPMENT_TOPICS};
use super::metrics::{detokenize_ptb, sorted_entries};
use super::rouge::{self, Overlap, Timeline};
use crate::date::Date;
use crate::pipeline::{analyze_safely, Options};
use crate::synthesize::datewise::{self, Budget, Params};
use crate::synthesize::AnalyzedArticle;
use std::path::Path;
use std::time::Instant;

/// What a timeline is built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Pool {
    /// The articles of the gold timeline's own collection (one outlet).
    Collection,
    /// The articles of every collection on the same topic (several outlets).
    Topic,
}

/// One gold timeline.
pub struct GoldTimeline {
    /// `collection/file`.
    pub name: String,
    pub collection: String,
    pub topic: String,
    pub timeline: Timeline,
}

/// Timeline17, analysed once.
pub struct Corpus {
    pub articles: Vec<AnalyzedArticle>,
    /// Collection (folder) and topic of each analysed article.
    pub origins: Vec<(String, String)>,
    pub gold: Vec<GoldTimeline>,
    pub skipped: Vec<String>,
    /// Gold timeline blocks that could not be read.
    pub warnings: Vec<String>,
    pub analysis_seconds: f64,
}

/// A gold timeline as read, with the blocks that had to be skipped.
#[derive(Debug)]
pub struct Parsed {
    pub timeline: Timeline,
    /// One message per block whose date could not be read (the block is left out).
    pub skipped: Vec<String>,
}

/// Reads a gold timeline: blocks separated by lines of dashes, each a `YYYY-MM-DD` line
/// followed by that day's sentences. A block whose date line is not a date is skipped
/// with a message naming the line (one Timeline17 file has "2011-04-0").
pub fn parse_timeline(text: &str, origin: &str) -> Result<Parsed, String> {
    let mut timeline = Timeline::new();
    let mut skipped = Vec::new();
    // `None` before a block's date line; `Some(None)` inside a block being skipped.
    let mut current: Option<Option<Date>> = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.len() >= 8 && line.chars().all(|c| c == '-') {
            current = None;
            continue;
        }
        match current {
            None => {
                let date = Date::parse_iso(line);
                match date {
                    Some(date) => {
                        timeline.entry(date).or_default();
                    }
                    None => skipped.push(format!(
                        "{origin}, line {}: expected a YYYY-MM-DD date to open a block, found {line:?}; block skipped",
                        number + 1
                    )),
                }
                current = Some(date);
            }
            Some(None) => {}
            Some(Some(date)) => timeline
                .entry(date)
                .or_default()
                .push(detokenize_ptb(line).trim().to_string()),
        }
    }
    timeline.retain(|_, sentences| !sentences.is_empty());
    if timeline.is_empty() {
        return Err(format!("{origin}: no dated entries"));
    }
    Ok(Parsed { timeline, skipped })
}

fn load_gold(
    dir: &Path,
    topics: &[(String, String)],
    only_these: bool,
    warnings: &mut Vec<String>,
) -> Result<Vec<GoldTimeline>, String> {
    let root = dir.join("timelines");
    let folders = sorted_entries(&root, Path::is_dir)?;
    let mut gold = Vec::new();
    for folder in folders {
        let collection = folder
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let Some(topic) = topics
            .iter()
            .find(|(c, _)| *c == collection)
            .map(|(_, t)| t.clone())
        else {
            if only_these {
                continue;
            }
            return Err(format!(
                "{}: no articles of this collection in t17_articles.jsonl.gz",
                folder.display()
            ));
        };
        let files = sorted_entries(&folder, |p| p.extension().is_some_and(|x| x == "txt"))?;
        for file in files {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let parsed = parse_timeline(&text, &file.display().to_string())?;
            warnings.extend(parsed.skipped);
            let timeline = parsed.timeline;
            let name = format!(
                "{collection}/{}",
                file.file_name().unwrap_or_default().to_string_lossy()
            );
            gold.push(GoldTimeline {
                name,
                collection: collection.clone(),
                topic: topic.clone(),
                timeline,
            });
        }
    }
    if gold.is_empty() {
        return Err(format!("{}: no gold timelines", root.display()));
    }
    Ok(gold)
}

/// Extracts and analyses documents on up to `threads` threads, keeping their order.
fn analyze_all(
    docs: Vec<LabeledDoc>,
    threads: usize,
) -> Vec<(LabeledDoc, Result<AnalyzedArticle, String>)> {
    let options = Options::default();
    let chunk = docs.len().div_ceil(threads.max(1)).max(1);
    let mut docs = docs;
    let mut chunks: Vec<Vec<LabeledDoc>> = Vec::new();
    while !docs.is_empty() {
        let rest = docs.split_off(chunk.min(docs.len()));
        chunks.push(std::mem::replace(&mut docs, rest));
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let options = &options;
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|doc| {
                            let result = crate::extract::extract(&doc.source, &options.overrides)
                                .and_then(analyze_safely)
                                .map_err(|e| e.to_string());
                            (doc, result)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("analysis threads catch their own panics"))
            .collect()
    })
}

/// Loads and analyses Timeline17 (`t17_articles.jsonl.gz` and `timelines/`); with
/// `topic`, only that topic's collections and gold timelines.
pub fn load(dir: &Path, topic: Option<&str>) -> Result<Corpus, String> {
    let mut docs = load_timeline17(dir)?;
    if let Some(wanted) = topic {
        docs.retain(|doc| doc.labels.iter().any(|(_, t)| t == wanted));
        if docs.is_empty() {
            return Err(format!(
                "{}: no articles of topic {wanted:?} in t17_articles.jsonl.gz",
                dir.display()
            ));
        }
    }
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut articles = Vec::new();
    let mut origins = Vec::new();
    let mut skipped = Vec::new();
    for (doc, result) in analyze_all(docs, threads) {
        let collection = doc.name.split('/').next().unwrap_or_default().to_string();
        let topic = doc
            .labels
            .iter()
            .find(|(level, _)| *level == "topic")
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        match result {
            Ok(article) => {
                articles.push(article);
                origins.push((collection, topic));
            }
            Err(error) => skipped.push(error),
        }
    }
    let mut topics: Vec<(String, String)> = origins.clone();
    topics.sort();
    topics.dedup();
    let mut warnings = Vec::new();
    let gold = load_gold(dir, &topics, topic.is_some(), &mut warnings)?;
    Ok(Corpus {
        articles,
        origins,
        gold,
        skipped,
        warnings,
        analysis_seconds: started.elapsed().as_secs_f64(),
    })
}

/// One gold timeline's result.
pub struct TimelineResult {
    pub name: String,
    pub topic: String,
    pub development: bool,
    pub gold_dates: usize,
    pub sentences_per_date: usize,
    pub input_articles: usize,
    pub predicted: Timeline,
    /// Date selection (precision, recall).
    pub dates: (f64, f64),
    /// `[n-1][variant]`, variants in [`VARIANTS`] order.
    pub rouge: [[Overlap; 3]; 2],
}

/// Ghalandari & Ifrim (ACL 2020), the DATEWISE method on T17 as published: date F1,
/// align+ m:1 ROUGE-1 F1 and ROUGE-2 F1 (articles pooled by topic; ROUGE-1.5.5).
pub const PUBLISHED_DATEWISE: (f64, f64, f64) = (0.544, 0.120, 0.035);

pub const VARIANTS: [&str; 3] = ["concat", "agreement", "align+ m:1"];

/// Precision and recall averaged over timelines, F1 of the averages.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Averaged {
    pub precision: f64,
    pub recall: f64,
}

impl Averaged {
    pub fn f1(&self) -> f64 {
        super::metrics::f1(self.precision, self.recall)
    }

    fn of(pairs: impl Iterator<Item = (f64, f64)>) -> Averaged {
        let (mut p, mut r, mut n) = (0.0, 0.0, 0.0);
        for (precision, recall) in pairs {
            p += precision;
            r += recall;
            n += 1.0;
        }
        if n == 0.0 {
            return Averaged::default();
        }
        Averaged {
            precision: p / n,
            recall: r / n,
        }
    }
}

/// Averages over a set of timeline results.
pub struct Summary {
    pub timelines: usize,
    pub dates: Averaged,
    /// `[n-1][variant]`.
    pub rouge: [[Averaged; 3]; 2],
}

pub fn summarize(results: &[&TimelineResult]) -> Summary {
    let mut rouge = [[Averaged::default(); 3]; 2];
    for (n, row) in rouge.iter_mut().enumerate() {
        for (variant, cell) in row.iter_mut().enumerate() {
            *cell = Averaged::of(results.iter().map(|r| {
                let o = &r.rouge[n][variant];
                (o.precision(), o.recall())
            }));
        }
    }
    Summary {
        timelines: results.len(),
        dates: Averaged::of(results.iter().map(|r| r.dates)),
        rouge,
    }
}

/// Builds and scores a timeline for every gold timeline with the date-wise summariser.
pub fn run(corpus: &Corpus, pool: Pool, params: &Params) -> Vec<TimelineResult> {
    run_some(
        corpus,
        pool,
        |_| true,
        |input, budget| datewise_timeline(input, budget, params),
    )
}

/// As [`run`], with the timeline section of the dossier newsdesk shows a reader (one
/// entry per event, at most as many entries as the gold timeline has days; entries on
/// one day pooled, at most the gold's sentences a day).
pub fn run_dossier(corpus: &Corpus, pool: Pool) -> Vec<TimelineResult> {
    run_some(corpus, pool, |_| true, dossier_timeline)
}

/// As [`run`], for the gold timelines of the development topics only.
fn run_development(corpus: &Corpus, pool: Pool, params: &Params) -> Summary {
    let results = run_some(
        corpus,
        pool,
        |gold| T17_DEVELOPMENT_TOPICS.contains(&gold.topic.as_str()),
        |input, budget| datewise_timeline(input, budget, params),
    );
    summarize(&results.iter().collect::<Vec<_>>())
}

fn datewise_timeline(input: &[&AnalyzedArticle], budget: &Budget, params: &Params) -> Timeline {
    datewise::summarize(input, budget, params)
        .into_iter()
        .map(|day| {
            let texts = day
                .sentences
                .iter()
                .map(|(a, s)| {
                    let article = input[*a];
                    article.doc.sentences[*s]
                        .span
                        .slice(&article.article.text)
                        .to_string()
                })
                .collect();
            (day.date, texts)
        })
        .collect()
}

fn dossier_timeline(input: &[&AnalyzedArticle], budget: &Budget) -> Timeline {
    let articles: Vec<AnalyzedArticle> = input.iter().map(|a| (*a).clone()).collect();
    let story = crate::synthesize::Story::new(&articles);
    let (entries, _) = crate::synthesize::timeline::build_with_limit(&story, budget.dates);
    let mut timeline = Timeline::new();
    for entry in entries {
        let Some(day) = entry.date.as_deref().and_then(Date::parse_iso) else {
            continue;
        };
        if !budget.admits(day) {
            continue;
        }
        let lines = timeline.entry(day).or_default();
        if lines.len() < budget.sentences_per_date {
            lines.push(entry.text);
        }
    }
    timeline
}

fn run_some(
    corpus: &Corpus,
    pool: Pool,
    wanted: impl Fn(&GoldTimeline) -> bool,
    predict: impl Fn(&[&AnalyzedArticle], &Budget) -> Timeline,
) -> Vec<TimelineResult> {
    corpus
        .gold
        .iter()
        .filter(|gold| wanted(gold))
        .map(|gold| {
            let first = *gold
                .timeline
                .keys()
                .next()
                .expect("gold timelines are non-empty");
            let last = *gold.timeline.keys().next_back().expect("non-empty");
            let input: Vec<&AnalyzedArticle> = corpus
                .articles
                .iter()
                .zip(&corpus.origins)
                .filter(|(_, (collection, topic))| match pool {
                    Pool::Collection => *collection == gold.collection,
                    Pool::Topic => *topic == gold.topic,
                })
                .map(|(article, _)| article)
                .filter(|a| {
                    a.article
                        .meta
                        .published_date()
                        .is_some_and(|d| d >= first && d <= last)
                })
                .collect();
            let sentences: usize = gold.timeline.values().map(Vec::len).sum();
            let per_date =
                ((sentences as f64 / gold.timeline.len() as f64).round() as usize).max(1);
            let budget = Budget {
                dates: gold.timeline.len(),
                sentences_per_date: per_date,
                first: Some(first),
                last: Some(last),
            };
            let predicted: Timeline = predict(&input, &budget);
            let score = |n: usize| {
                [
                    rouge::concat(&predicted, &gold.timeline, n),
                    rouge::agreement(&predicted, &gold.timeline, n),
                    rouge::align_many_to_one(&predicted, &gold.timeline, n),
                ]
            };
            TimelineResult {
                name: gold.name.clone(),
                topic: gold.topic.clone(),
                development: T17_DEVELOPMENT_TOPICS.contains(&gold.topic.as_str()),
                gold_dates: gold.timeline.len(),
                sentences_per_date: per_date,
                input_articles: input.len(),
                dates: rouge::dates(&predicted, &gold.timeline),
                rouge: [score(1), score(2)],
                predicted,
            }
        })
        .collect()
}

/// Writes a timeline in Timeline17's own format (for scoring with other tools).
pub fn format_timeline(timeline: &Timeline) -> String {
    let mut out = String::new();
    for (date, sentences) in timeline {
        out.push_str(&date.iso());
        out.push('\n');
        for sentence in sentences {
            out.push_str(sentence);
            out.push('\n');
        }
        out.push_str("--------------------------------\n");
    }
    out
}

/// One tuning trial: parameters and the development-topic score.
pub struct Trial {
    pub params: Params,
    pub date_f1: f64,
    pub align_rouge1_f1: f64,
}

/// Tries parameter combinations on the development topics only, in two stages: the
/// date weights by date F1, then (with the best of those) the sentence choice by align+
/// m:1 ROUGE-1 F1. Returns the five best trials of the first stage and the ten best of the
/// second, best first within each.
pub fn tune(corpus: &Corpus, pool: Pool) -> Vec<Trial> {
    let trial = |params: Params| {
        let summary = run_development(corpus, pool, &params);
        Trial {
            params,
            date_f1: summary.dates.f1(),
            align_rouge1_f1: summary.rouge[0][2].f1(),
        }
    };
    let mut dated = Vec::new();
    for published_weight in [0.0, 0.25, 0.5, 1.0] {
        for look_back_growth in [0.0, 0.3, 1.0] {
            for same_day_weight in [0.5, 1.0] {
                for ahead_weight in [0.25, 0.5, 1.0] {
                    dated.push(trial(Params {
                        published_weight,
                        look_back_growth,
                        same_day_weight,
                        ahead_weight,
                        ..Params::default()
                    }));
                }
            }
        }
    }
    dated.sort_by(|a, b| b.date_f1.total_cmp(&a.date_f1));
    let best = dated[0].params.clone();
    let mut worded = Vec::new();
    for lead_sentences in [3, 5] {
        for lead_days in [1, 2] {
            for redundancy in [0.3, 0.5] {
                for max_words in [40, 50] {
                    for length_penalty in [0.0, 0.2, 0.5] {
                        worded.push(trial(Params {
                            lead_sentences,
                            lead_days,
                            redundancy,
                            max_words,
                            length_penalty,
                            ..best.clone()
                        }));
                    }
                }
            }
        }
    }
    worded.sort_by(|a, b| b.align_rouge1_f1.total_cmp(&a.align_rouge1_f1));
    dated.truncate(5);
    worded.truncate(10);
    dated.into_iter().chain(worded).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_timelines_parse_with_their_blocks() {
        let text = "2031-05-02\nThe ferry strike ends -LRB- after nine days -RRB- .\n\
                    --------------------------------\n2031-05-01\nUnion votes to strike .\n\
                    Port closes .\n--------------------------------\n";
        let timeline = parse_timeline(text, "t.txt").unwrap().timeline;
        assert_eq!(timeline.len(), 2);
        let first = &timeline[&Date::new(2031, 5, 1).unwrap()];
        assert_eq!(first, &["Union votes to strike.", "Port closes."]);
        assert_eq!(
            timeline[&Date::new(2031, 5, 2).unwrap()],
            ["The ferry strike ends (after nine days)."]
        );
        let round_trip = parse_timeline(&format_timeline(&timeline), "again")
            .unwrap()
            .timeline;
        assert_eq!(round_trip, timeline);
    }

    #[test]
    fn a_block_with_a_broken_date_is_skipped_and_named() {
        let text = "2031-05-0\nUnion votes to strike .\n--------\n2031-05-02\nPort closes .\n";
        let parsed = parse_timeline(text, "t.txt").unwrap();
        assert_eq!(parsed.timeline.len(), 1);
        assert_eq!(parsed.skipped.len(), 1);
        assert!(
            parsed.skipped[0].contains("t.txt, line 1"),
            "{:?}",
            parsed.skipped
        );
        let error = parse_timeline("Union votes to strike .\n", "t.txt").unwrap_err();
        assert!(error.contains("no dated entries"), "{error}");
        assert!(parse_timeline("\n\n", "empty.txt")
            .unwrap_err()
            .contains("no dated entries"));
    }

    #[test]
    fn averages_take_f1_of_mean_precision_and_recall() {
        let a = Averaged::of([(1.0, 0.0), (0.0, 1.0)].into_iter());
        assert_eq!((a.precision, a.recall), (0.5, 0.5));
        assert_eq!(a.f1(), 0.5);
    }
}
