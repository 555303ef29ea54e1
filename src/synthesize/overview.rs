//! Headline, dek and overview.
//!
//! The headline is the article title closest to what all sources share (the story
//! centroid) and naming the story's main actors. The dek and overview are chosen by
//! maximal marginal relevance: central sentences first, lead sentences favoured, each new
//! sentence penalised for repeating one already chosen and for coming from an article
//! already used, so that the overview spans outlets.

use super::Story;
use crate::analyze::doc::SentenceKind;
use crate::analyze::timex::{Granularity, TimexKind};
use crate::dossier::TextItem;

pub struct Overview {
    pub headline: TextItem,
    pub dek: TextItem,
    pub sentences: Vec<TextItem>,
}

const OVERVIEW_SENTENCES: usize = 4;

/// How many of the story's most important entities a sentence names.
fn top_entities_named(story: &Story, article: usize, sentence: usize) -> usize {
    let mut named: Vec<usize> = story
        .doc(article)
        .mention_range(sentence)
        .filter_map(|m| story.entities.index_of(article, m))
        .filter(|e| story.top_entities.contains(e))
        .collect();
    named.sort_unstable();
    named.dedup();
    named.len()
}

fn sentence_score(story: &Story, article: usize, sentence: usize) -> f64 {
    let position = story.body_position(article, sentence);
    let lead_bonus = match position {
        0..=2 => 0.6,
        3..=5 => 0.3,
        _ => 0.0,
    };
    let entities = top_entities_named(story, article, sentence).min(2) as f64;
    // A sentence that reports something on a given day is news, not commentary.
    let doc = story.doc(article);
    let dated_event = doc
        .timexes_in(sentence)
        .iter()
        .any(|t| t.value.kind == TimexKind::Date && t.value.granularity == Granularity::Day);
    story.centrality(article, sentence) * (1.0 + lead_bonus)
        + 0.03 * entities
        + if dated_event { 0.06 } else { 0.0 }
}

/// Story order: articles by publication date (undated last), then sentence position.
fn story_order(story: &Story, at: (usize, usize)) -> (bool, String, usize, usize) {
    let published = story.articles[at.0].article.meta.published.clone();
    (
        published.is_none(),
        published.unwrap_or_default(),
        at.0,
        at.1,
    )
}

pub fn build(story: &Story) -> Overview {
    let candidates: Vec<(usize, usize)> = story
        .body_sentences()
        .into_iter()
        .filter(|(a, s)| story.stands_alone(*a, *s))
        .filter(|(a, s)| !super::timeline::in_background_section(story, *a, *s))
        .collect();
    let scores: Vec<f64> = candidates
        .iter()
        .map(|(a, s)| sentence_score(story, *a, *s))
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < OVERVIEW_SENTENCES + 1 {
        let mut best: Option<(usize, f64)> = None;
        for (index, candidate) in candidates.iter().enumerate() {
            if chosen.contains(&index) {
                continue;
            }
            let redundancy = chosen
                .iter()
                .map(|c| story.similarity(*candidate, candidates[*c]))
                .fold(0.0, f64::max);
            let same_article = chosen.iter().any(|c| candidates[*c].0 == candidate.0);
            let value = scores[index] - 0.7 * redundancy - if same_article { 0.06 } else { 0.0 };
            if best.is_none_or(|(_, top)| value > top) {
                best = Some((index, value));
            }
        }
        match best {
            Some((index, value)) if value > 0.02 || chosen.is_empty() => chosen.push(index),
            _ => break,
        }
    }
    let item = |(article, sentence): (usize, usize)| TextItem {
        text: story.sentence_text(article, sentence).to_string(),
        evidence: vec![story.sentence_evidence(article, sentence)],
    };
    let mut picked: Vec<(usize, usize)> = chosen.iter().map(|i| candidates[*i]).collect();
    // Without a title that states what happened, the strongest sentence heads the page
    // (and is not repeated below it).
    let headline = headline(story).unwrap_or_else(|| {
        if picked.len() > 1 {
            item(picked.remove(0))
        } else {
            picked
                .first()
                .map(|p| item(*p))
                .unwrap_or_else(|| fallback_item(story))
        }
    });
    // The dek: the strongest short sentence; the overview is the rest.
    let dek_index = picked
        .iter()
        .position(|(a, s)| story.word_count(*a, *s) <= 45)
        .unwrap_or(0);
    let dek = if picked.is_empty() {
        fallback_item(story)
    } else {
        item(picked.remove(dek_index))
    };
    // Read as a narrative: in the order the story unfolded.
    picked.sort_by_key(|at| story_order(story, *at));
    Overview {
        headline,
        dek,
        sentences: picked.into_iter().map(item).collect(),
    }
}

/// With no sentence that stands alone (tiny articles), the first body sentence.
fn fallback_item(story: &Story) -> TextItem {
    let (article, sentence) = story
        .body_sentences()
        .first()
        .copied()
        .or_else(|| (!story.articles.is_empty()).then_some((0, 0)))
        .expect("a story has at least one article with one sentence");
    TextItem {
        text: story.sentence_text(article, sentence).to_string(),
        evidence: vec![story.sentence_evidence(article, sentence)],
    }
}

fn headline(story: &Story) -> Option<TextItem> {
    let mut best: Option<((usize, usize), f64)> = None;
    for (a, article) in story.articles.iter().enumerate() {
        for (s, sentence) in article.doc.sentences.iter().enumerate() {
            if sentence.kind != SentenceKind::Title || story.word_count(a, s) < 2 {
                continue;
            }
            // A question is a teaser, not a statement of what happened; a "title" of more
            // than 20 words is a headline run into its standfirst by a flattened page.
            let text = story.sentence_text(a, s);
            if text.trim_end().ends_with('?') || text.split_whitespace().count() > 20 {
                continue;
            }
            let score =
                story.centrality(a, s) + 0.1 * top_entities_named(story, a, s).min(3) as f64;
            if best.is_none_or(|(_, top)| score > top) {
                best = Some(((a, s), score));
            }
        }
    }
    best.map(|((a, s), _)| TextItem {
        text: story.sentence_text(a, s).to_string(),
        evidence: vec![story.sentence_evidence(a, s)],
    })
}
