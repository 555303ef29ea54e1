//! Timeline and background.
//!
//! Every body sentence with a date-like time expression (outside quotation marks) is a
//! candidate event, dated by its first past or present expression. Events from different
//! articles on the same date that say similar things merge into one entry citing all of
//! them; entries are ranked by the sources citing them and by how often the coverage
//! comes back to their day, one entry per day before a second on any day. Background is
//! what the sources cite as earlier context: sentences under a "Background"/"Context"
//! heading, and events dated only to a month, year or decade well before the coverage
//! (or, for undated coverage, any such past date). Coarse future dates ("in 2026")
//! belong to scenarios, not the timeline.
//!
//! Undated articles keep relative dates relative: `date` is null, `expression` keeps the
//! words, and the order comes from the expression's relative order key.

use super::{articles_of, tidy, AnalyzedArticle, Story};
use crate::analyze::doc::Timex;
use crate::analyze::timex::{Anchor, Direction, Granularity, TimexKind};
use crate::article::BlockKind;
use crate::dossier::{BackgroundItem, Evidence, TimelineEntry};
use std::collections::BTreeMap;

const MAX_TIMELINE: usize = 14;
const MAX_BACKGROUND: usize = 8;
/// How much the salience of an event's day (0 to 1: how often the coverage comes back to
/// it, as `datewise` measures it) adds to its importance, next to one per citing article.
/// Chosen with `newsdesk eval timeline --method dossier` on the development topics
/// (0, 2, 5, 10 tried: date F1 0.494, 0.531, 0.540, 0.557).
const DAY_SALIENCE_WEIGHT: f64 = 10.0;
/// Events this many days before the earliest publication date are background.
const BACKGROUND_DAYS: f64 = 60.0;

const BACKGROUND_HEADINGS: &[&str] = &[
    "background",
    "context",
    "history",
    "how we got here",
    "what came before",
    "the backstory",
    "backstory",
    "what happened before",
    "the story so far",
];

/// Category keywords, matched against lowercase words (prefix match for stems).
const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "diplomacy",
        &[
            "talk",
            "meeting",
            "met",
            "negotiat",
            "summit",
            "envoy",
            "delegation",
            "diplomat",
            "ceasefire",
            "peace",
            "treaty",
            "mediat",
            "readout",
            "bilateral",
            "trilateral",
        ],
    ),
    (
        "statement",
        &[
            "said",
            "say",
            "statement",
            "announc",
            "told",
            "declar",
            "posted",
            "remark",
            "interview",
            "speech",
            "confirmed",
            "described",
        ],
    ),
    (
        "military",
        &[
            "attack",
            "strike",
            "missile",
            "drone",
            "troop",
            "offensive",
            "army",
            "military",
            "bomb",
            "shell",
            "forces",
            "invasion",
            "invaded",
            "soldier",
            "front",
        ],
    ),
    (
        "economic",
        &[
            "sanction",
            "billion",
            "million",
            "econom",
            "trade",
            "tariff",
            "oil",
            "market",
            "budget",
            "price",
            "investment",
            "fund",
            "export",
            "shipping",
            "freight",
        ],
    ),
    (
        "legal",
        &[
            "court", "judge", "lawsuit", "charged", "ruling", "legal", "indict", "trial", "arrest",
            "prosecut",
        ],
    ),
    (
        "humanitarian",
        &[
            "aid",
            "refugee",
            "civilian",
            "humanitarian",
            "casualt",
            "killed",
            "wounded",
            "evacuat",
            "shelter",
            "hospital",
        ],
    ),
    (
        "politics",
        &[
            "election",
            "vote",
            "parliament",
            "congress",
            "senate",
            "lawmaker",
            "party",
            "campaign",
            "poll",
            "referendum",
            "resign",
            "council",
        ],
    ),
    (
        "labor",
        &[
            "strike",
            "union",
            "worker",
            "picket",
            "walkout",
            "wage",
            "dockworker",
            "shift",
        ],
    ),
    (
        "revelation",
        &[
            "leak",
            "reveal",
            "disclos",
            "document",
            "investigation",
            "exposed",
        ],
    ),
];

pub fn categorize(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut best = ("event", 0usize);
    for (category, keys) in CATEGORIES {
        let hits = words
            .iter()
            .filter(|w| keys.iter().any(|k| w.starts_with(k)))
            .count();
        if hits > best.1 {
            best = (category, hits);
        }
    }
    best.0.to_string()
}

struct Candidate<'s> {
    article: usize,
    sentence: usize,
    timex: &'s Timex,
}

/// Which blocks of an article lie in a "Background"/"Context" section. Such a section
/// has no end marker in plain text, so it ends at the first paragraph that reports current
/// events (a day-level or relative date), and after four paragraphs at most. One pass over
/// the blocks; `Story` keeps the result.
pub fn background_blocks(analyzed: &AnalyzedArticle) -> Vec<bool> {
    let blocks = &analyzed.article.blocks;
    let doc = &analyzed.doc;
    let reports_news = |b: usize| {
        doc.sentences_of_block(b).any(|s| {
            doc.timexes_in(s).iter().any(|t| {
                matches!(t.value.kind, TimexKind::Date | TimexKind::Time)
                    && (t.value.granularity == Granularity::Day
                        || t.value.anchor != Anchor::Absolute)
            })
        })
    };
    let mut flags = vec![false; blocks.len()];
    let mut open_since: Option<usize> = None;
    for (index, block) in blocks.iter().enumerate() {
        match block.kind {
            BlockKind::Heading => {
                let text = block.span.slice(&analyzed.article.text).to_lowercase();
                let name = text.trim_matches(|c: char| !c.is_alphanumeric() && c != ' ');
                open_since = BACKGROUND_HEADINGS.contains(&name).then_some(index);
            }
            BlockKind::Title => open_since = None,
            _ => {
                if let Some(heading) = open_since {
                    if index - heading > 4 || reports_news(index) {
                        open_since = None;
                    } else {
                        flags[index] = true;
                    }
                }
            }
        }
    }
    flags
}

/// Whether a sentence lies in a background section (see [`background_blocks`]).
pub fn in_background_section(story: &Story, article: usize, sentence: usize) -> bool {
    let block = story.doc(article).sentences[sentence].block;
    story.background_blocks[article][block]
}

/// The earliest publication day of the coverage, in days since 1970.
fn reference_day(story: &Story) -> Option<f64> {
    story
        .articles
        .iter()
        .filter_map(|a| a.article.meta.published_date())
        .map(|d| d.to_days() as f64)
        .reduce(f64::min)
}

fn is_background_date(timex: &Timex, reference: Option<f64>) -> bool {
    let value = &timex.value;
    if value.direction == Direction::Future {
        return false;
    }
    let coarse = value.granularity >= Granularity::Month;
    match (value.anchor, reference) {
        // "in January" in an undated article: a past month, context rather than news.
        (Anchor::Unresolved, _) => coarse,
        (_, Some(day)) => value.order < day - BACKGROUND_DAYS,
        (_, None) => coarse,
    }
}

pub fn build(story: &Story) -> (Vec<TimelineEntry>, Vec<BackgroundItem>) {
    build_with_limit(story, MAX_TIMELINE)
}

/// As [`build`], keeping at most `max_entries` timeline entries (the evaluation asks for
/// as many days as a gold timeline has).
pub fn build_with_limit(
    story: &Story,
    max_entries: usize,
) -> (Vec<TimelineEntry>, Vec<BackgroundItem>) {
    let reference = reference_day(story);
    let mut events: Vec<Candidate> = Vec::new();
    let mut background: Vec<(usize, usize, Option<&Timex>)> = Vec::new();
    for (article, analyzed) in story.articles.iter().enumerate() {
        let doc = &analyzed.doc;
        for sentence in 0..doc.sentences.len() {
            if !story.is_body(article, sentence) || story.word_count(article, sentence) < 5 {
                continue;
            }
            let points: Vec<&Timex> = doc
                .timexes_in(sentence)
                .iter()
                // A clock time or part of a day ("last night") dates its day.
                .filter(|t| t.value.is_point() && !t.value.is_reference())
                .filter(|t| !story.is_quoted(article, t.span))
                .collect();
            if story.is_mostly_quoted(article, sentence)
                || story.needs_previous_sentence(article, sentence)
            {
                continue;
            }
            let in_section = in_background_section(story, article, sentence);
            let dated_background = points
                .iter()
                .find(|t| is_background_date(t, reference))
                .copied();
            if in_section || dated_background.is_some() {
                background.push((
                    article,
                    sentence,
                    dated_background.or(points.first().copied()),
                ));
                continue;
            }
            // The event's date: its first past or present expression, else the first.
            let chosen = points
                .iter()
                .find(|t| t.value.direction != Direction::Future)
                .or(points.first())
                .copied();
            let Some(timex) = chosen else { continue };
            let coarse_future = timex.value.direction == Direction::Future
                && timex.value.granularity >= Granularity::Month;
            // "could order a pause … by Sunday": a possibility, not an event.
            let conditional_future = timex.value.direction == Direction::Future
                && doc.sentence_tokens(sentence).iter().any(|t| {
                    matches!(
                        t.span.slice(story.text(article)),
                        "if" | "unless" | "could" | "might" | "may" | "If" | "Unless"
                    )
                });
            if !coarse_future && !conditional_future {
                events.push(Candidate {
                    article,
                    sentence,
                    timex,
                });
            }
        }
    }
    (
        timeline(story, &events, max_entries),
        background_items(story, &background),
    )
}

fn date_key(timex: &Timex) -> String {
    timex
        .value
        .date
        .clone()
        .unwrap_or_else(|| timex.value.value.clone())
}

fn timeline(story: &Story, events: &[Candidate], max_entries: usize) -> Vec<TimelineEntry> {
    // How much the coverage comes back to each day (as the measured date-wise
    // summariser ranks days), 0 to 1.
    let refs: Vec<&AnalyzedArticle> = story.articles.iter().collect();
    let salience = super::datewise::day_salience(&refs, &super::datewise::Params::default());
    let top_salience = salience.values().copied().fold(f64::MIN_POSITIVE, f64::max);
    // Same date, similar content: one event reported by several sources.
    let mut by_date: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, event) in events.iter().enumerate() {
        by_date
            .entry(date_key(event.timex))
            .or_default()
            .push(index);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for members in by_date.values() {
        let mut local: Vec<Vec<usize>> = Vec::new();
        for member in members {
            let at = (events[*member].article, events[*member].sentence);
            // Leader clustering: compare with each group's first member. The shared date
            // is itself strong evidence of one event, hence the low threshold.
            let home = local.iter_mut().find(|group| {
                let leader = &events[group[0]];
                story.similarity(at, (leader.article, leader.sentence)) >= 0.2
            });
            match home {
                Some(group) => group.push(*member),
                None => local.push(vec![*member]),
            }
        }
        groups.extend(local);
    }
    let entries: Vec<(f64, f64, TimelineEntry)> = groups
        .into_iter()
        .map(|group| {
            let representative = *group
                .iter()
                .max_by(|a, b| {
                    let ca = story.centrality(events[**a].article, events[**a].sentence);
                    let cb = story.centrality(events[**b].article, events[**b].sentence);
                    ca.total_cmp(&cb).then(b.cmp(a))
                })
                .expect("groups are non-empty");
            let event = &events[representative];
            let evidence: Vec<Evidence> = tidy(
                group
                    .iter()
                    .map(|i| story.sentence_evidence(events[*i].article, events[*i].sentence))
                    .collect(),
            );
            let articles = articles_of(&evidence);
            let text = story
                .sentence_text(event.article, event.sentence)
                .to_string();
            let all_text: String = evidence
                .iter()
                .map(|e| e.quote.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let day_weight = event
                .timex
                .value
                .date
                .as_deref()
                .and_then(crate::date::Date::parse_iso)
                .and_then(|day| salience.get(&day))
                .map_or(0.0, |s| s / top_salience);
            let importance = articles.len() as f64
                + story.centrality(event.article, event.sentence)
                + DAY_SALIENCE_WEIGHT * day_weight;
            let value = &event.timex.value;
            // Calendar entries sort by day; undated ones after them, by relative order.
            let order = match value.anchor {
                Anchor::Unresolved => 1e9 + value.order,
                _ => value.order,
            };
            let entry = TimelineEntry {
                date: value.date.clone(),
                expression: event
                    .timex
                    .span
                    .slice(story.text(event.article))
                    .to_string(),
                value: value.value.clone(),
                category: categorize(&all_text),
                text,
                single_source: articles.len() == 1,
                articles,
                evidence,
            };
            (importance, order, entry)
        })
        .collect();
    // Days before repeats: an event that shares its day with a more important one comes
    // after every day's first event, so the timeline spans the story.
    let mut entries = entries;
    {
        let mut by_day: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, (_, _, entry)) in entries.iter().enumerate() {
            if let Some(day) = &entry.date {
                by_day.entry(day.clone()).or_default().push(index);
            }
        }
        for members in by_day.values_mut() {
            members.sort_by(|a, b| entries[*b].0.total_cmp(&entries[*a].0).then(a.cmp(b)));
            for (rank, index) in members.iter().enumerate() {
                entries[*index].0 -= 1000.0 * rank as f64;
            }
        }
    }
    keep_most_important(entries, max_entries, |e| (&e.text, &e.evidence))
}

/// Keeps the `max` most important of `(importance, order, item)` and returns them in
/// `order`; ties break on the text, then on the first citation.
fn keep_most_important<T>(
    mut items: Vec<(f64, f64, T)>,
    max: usize,
    key: impl Fn(&T) -> (&String, &Vec<Evidence>),
) -> Vec<T> {
    items.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| key(&a.2).0.cmp(key(&b.2).0))
    });
    items.truncate(max);
    items.sort_by(|a, b| {
        a.1.total_cmp(&b.1)
            .then_with(|| key(&a.2).1[0].cmp(&key(&b.2).1[0]))
    });
    items.into_iter().map(|(_, _, item)| item).collect()
}

fn background_items(
    story: &Story,
    found: &[(usize, usize, Option<&Timex>)],
) -> Vec<BackgroundItem> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (index, (article, sentence, _)) in found.iter().enumerate() {
        let home = groups.iter_mut().find(|group| {
            let (leader_article, leader_sentence, _) = found[group[0]];
            story.similarity((*article, *sentence), (leader_article, leader_sentence)) >= 0.35
        });
        match home {
            Some(group) => group.push(index),
            None => groups.push(vec![index]),
        }
    }
    let items: Vec<(f64, f64, BackgroundItem)> = groups
        .into_iter()
        .map(|group| {
            let (article, sentence, _) = found[group[0]];
            let evidence = tidy(
                group
                    .iter()
                    .map(|i| story.sentence_evidence(found[*i].0, found[*i].1))
                    .collect(),
            );
            // The group's date: the first member that has one, with its own article.
            let dated = group
                .iter()
                .find_map(|i| found[*i].2.map(|t| (found[*i].0, t)));
            let order = dated
                .filter(|(_, t)| t.value.anchor != Anchor::Unresolved)
                .map_or(f64::MAX, |(_, t)| t.value.order);
            let importance =
                articles_of(&evidence).len() as f64 + story.centrality(article, sentence);
            let item = BackgroundItem {
                date: dated.and_then(|(_, t)| t.value.date.clone()),
                expression: dated.map(|(a, t)| t.span.slice(story.text(a)).to_string()),
                text: story.sentence_text(article, sentence).to_string(),
                articles: articles_of(&evidence),
                evidence,
            };
            (importance, order, item)
        })
        .collect();
    keep_most_important(items, MAX_BACKGROUND, |b| (&b.text, &b.evidence))
}

#[cfg(test)]
mod tests {
    use super::categorize;
    use crate::ingest::{RawSource, SourceFormat};
    use crate::pipeline::{build_dossier, prepare_sources, Options};

    #[test]
    fn a_short_timeline_spans_days_before_repeating_one() {
        let texts = [
            "Strike Day\nPublished: March 4, 2031\n\nDockworkers at Port Kelm walked off the job on Tuesday over crane automation. Island ferries were cancelled on Tuesday for lack of fuel. The fish market shut its doors early on Tuesday afternoon.",
            "Talks Open\nPublished: March 5, 2031\n\nA mediator opened talks between the union and the harbour authority on Wednesday at the chamber of commerce. Shippers have lost millions since the walkout on March 4.",
            "Talks Stall\nPublished: March 6, 2031\n\nTalks to end the Port Kelm strike stalled on Thursday over job guarantees. Cranes have stood idle since the walkout on March 4.",
        ];
        let articles = crate::pipeline::articles_from_texts(&texts);
        let story = super::Story::new(&articles);
        let (entries, _) = super::build_with_limit(&story, 3);
        let days: Vec<&str> = entries.iter().filter_map(|e| e.date.as_deref()).collect();
        assert_eq!(
            days,
            ["2031-03-04", "2031-03-05", "2031-03-06"],
            "{entries:#?}"
        );
        // With room for all, the busy day keeps its several events.
        let (all, _) = super::build_with_limit(&story, 10);
        assert!(
            all.iter()
                .filter(|e| e.date.as_deref() == Some("2031-03-04"))
                .count()
                >= 2
        );
    }

    #[test]
    fn a_background_section_ends_where_the_news_begins() {
        let text = "Port Talks Resume\n\
            Background\n\
            The port has been run by a public authority since 2009.\n\
            Automation plans were first discussed in spring 2028.\n\
            Talks between the union and the authority resumed on Tuesday at the chamber of commerce.\n\
            The union said it would answer the offer by Friday.\n";
        let mut source = RawSource::new("t.txt", text.as_bytes().to_vec(), SourceFormat::Text);
        source.hints.published = Some("2031-03-06".into());
        let d = build_dossier(&prepare_sources(vec![Ok(source)], &Options::default()).articles)
            .unwrap();
        let background: Vec<&str> = d.background.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(background.len(), 2, "{background:?}");
        assert!(d
            .timeline
            .iter()
            .any(|t| t.text.contains("resumed on Tuesday")));
        assert_eq!(d.timeline[0].date.as_deref(), Some("2031-03-04"));
    }

    #[test]
    fn categories_follow_keywords() {
        assert_eq!(
            categorize("The envoys met for talks on a ceasefire."),
            "diplomacy"
        );
        assert_eq!(
            categorize("Missile and drone attacks hit the port."),
            "military"
        );
        assert_eq!(
            categorize("Dockworkers began a strike over wages, the union said."),
            "labor"
        );
        assert_eq!(categorize("The ferry left on time."), "event");
    }
}
