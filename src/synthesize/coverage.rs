//! Coverage (which outlets, when, how many articles, how much rests on one source) and
//! the articles themselves, whose clean texts every evidence span points into.

use super::Story;
use crate::dossier::{ArticleEntry, Coverage, Dossier, Evidence, OutletCoverage};
use std::collections::BTreeMap;

const UNKNOWN_OUTLET: &str = "outlet not stated";

pub fn articles(story: &Story) -> Vec<ArticleEntry> {
    story
        .articles
        .iter()
        .enumerate()
        .map(|(index, analyzed)| {
            let article = &analyzed.article;
            ArticleEntry {
                index,
                id: article.id.clone(),
                title: article.display_title(),
                outlet: article.meta.outlet.clone(),
                author: article.meta.author.clone(),
                published: article.meta.published.clone(),
                url: article.meta.url.clone(),
                language: article.meta.language.clone(),
                origin: article.origin.clone(),
                words: article.word_count(),
                text: article.text.clone(),
                sentences: analyzed
                    .doc
                    .sentences
                    .iter()
                    .map(|s| [s.span.start, s.span.end])
                    .collect(),
                also_published_by: Vec::new(),
            }
        })
        .collect()
}

/// An empty coverage, replaced by [`build`] once the other sections exist.
pub fn placeholder() -> Coverage {
    Coverage {
        text: String::new(),
        article_count: 0,
        outlets: Vec::new(),
        first_published: None,
        last_published: None,
        single_source_items: 0,
        evidence: Vec::new(),
    }
}

/// The evidence for an article's presence: its title, or its first sentence.
fn presence(story: &Story, article: usize) -> Evidence {
    let span = story.articles[article]
        .article
        .title_span()
        .unwrap_or_else(|| story.sentence_span(article, 0));
    story.evidence(article, span)
}

pub fn build(story: &Story, dossier: &Dossier) -> Coverage {
    let mut outlets: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, analyzed) in story.articles.iter().enumerate() {
        let name = analyzed
            .article
            .meta
            .outlet
            .clone()
            .unwrap_or_else(|| UNKNOWN_OUTLET.to_string());
        outlets.entry(name).or_default().push(index);
    }
    let published = |index: &usize| story.articles[*index].article.meta.published.clone();
    let outlets: Vec<OutletCoverage> = outlets
        .into_iter()
        .map(|(name, articles)| OutletCoverage {
            first_published: articles.iter().filter_map(published).min(),
            last_published: articles.iter().filter_map(published).max(),
            name,
            articles,
        })
        .collect();
    let all: Vec<usize> = (0..story.articles.len()).collect();
    let first_published = all.iter().filter_map(published).min();
    let last_published = all.iter().filter_map(published).max();
    let named_outlets = outlets.iter().filter(|o| o.name != UNKNOWN_OUTLET).count();
    let count = story.articles.len();
    let mut text = format!(
        "{count} article{} from {}",
        if count == 1 { "" } else { "s" },
        match named_outlets {
            0 => "sources that do not name their outlet".to_string(),
            1 => "1 outlet".to_string(),
            n => format!("{n} outlets"),
        }
    );
    match (&first_published, &last_published) {
        (Some(first), Some(last)) if first != last => {
            text.push_str(&format!(
                ", published {} to {}",
                &first[..10.min(first.len())],
                &last[..10.min(last.len())]
            ));
        }
        (Some(first), _) => {
            text.push_str(&format!(", published {}", &first[..10.min(first.len())]))
        }
        _ => text.push_str("; no publication dates given"),
    }
    let undated = all.iter().filter(|i| published(i).is_none()).count();
    if undated > 0 && first_published.is_some() {
        text.push_str(&format!(" ({undated} undated)"));
    }
    let single_source_items = dossier.count_single_source();
    text.push_str(&format!(
        ". {single_source_items} item{} rest on a single source.",
        if single_source_items == 1 { "" } else { "s" }
    ));
    Coverage {
        text,
        article_count: count,
        outlets,
        first_published,
        last_published,
        single_source_items,
        evidence: all.iter().map(|a| presence(story, *a)).collect(),
    }
}
