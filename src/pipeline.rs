//! The pipeline from inputs to analysed articles, shared by `brief` and `ingest`:
//! ingest → extract → dedup → analyze. A failure in any stage is recorded against the
//! input it concerns and the run goes on with the others.

use crate::analyze::analyze;
use crate::article::{Article, ArticleMeta};
use crate::cluster::{self, Change, Clusterer};
use crate::dedup;
use crate::dossier::{Dossier, Republication};
use crate::extract::extract;
use crate::ingest::{self, IngestOptions, InputError, RawSource};
use crate::store::{Store, StoreError};
use crate::synthesize::{synthesize, AnalyzedArticle};
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub ingest: IngestOptions,
    /// Metadata from command-line flags; wins over what sources say.
    pub overrides: ArticleMeta,
}

/// What preparing a set of inputs gave.
#[derive(Debug, Default)]
pub struct Prepared {
    pub articles: Vec<AnalyzedArticle>,
    pub errors: Vec<InputError>,
    /// Non-fatal notes: dropped metadata, duplicates skipped, near-duplicates kept.
    pub warnings: Vec<String>,
    /// Articles skipped because their text was already seen (in this run or the store).
    pub duplicates: usize,
    /// Near-duplicates (another outlet's lightly edited copy of an article in this run or
    /// the store): linked to the article they copy instead of being analysed as coverage.
    pub copies: Vec<Republication>,
}

/// Finds the article a text copies among articles stored before this run: given the
/// text's copy print, the original's id and the resemblance.
pub type FindOriginal<'a> = &'a dyn Fn(&dedup::CopyPrint) -> Option<(String, f64)>;

/// Analyses an article, turning an internal failure into an error for that article.
pub fn analyze_safely(article: Article) -> Result<AnalyzedArticle, InputError> {
    match catch_unwind(AssertUnwindSafe(|| analyze(&article))) {
        Ok(doc) => Ok(AnalyzedArticle { article, doc }),
        Err(panic) => {
            let detail = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown cause".to_string());
            Err(InputError::new(
                article.origin.clone(),
                format!(
                    "analysis failed on this article (internal error: {detail}); please report it"
                ),
            ))
        }
    }
}

/// Reads, extracts, deduplicates and analyses `inputs`, in input order.
pub fn prepare(inputs: &[String], options: &Options) -> Prepared {
    prepare_sources(ingest::collect(inputs, &options.ingest), options)
}

/// Extracts, deduplicates and analyses sources already collected.
pub fn prepare_sources(sources: Vec<Result<RawSource, InputError>>, options: &Options) -> Prepared {
    prepare_filtered(sources, options, |_| false, &|_| None, &mut |_, _| {})
}

/// As [`prepare_sources`], skipping (before analysis) articles for which `known` is true:
/// the store's way of not re-analysing what it already holds. `progress(done, total)` is
/// called after each source.
pub fn prepare_filtered(
    sources: Vec<Result<RawSource, InputError>>,
    options: &Options,
    known: impl Fn(&str) -> bool,
    stored_original: FindOriginal,
    progress: &mut dyn FnMut(usize, usize),
) -> Prepared {
    let mut prepared = Prepared::default();
    // This run's articles: (id, copy print, origin).
    let mut seen: Vec<(String, dedup::CopyPrint, String)> = Vec::new();
    let total = sources.len();
    for (done, source) in sources.into_iter().enumerate() {
        progress(done, total);
        let source = match source {
            Ok(source) => source,
            Err(error) => {
                prepared.errors.push(error);
                continue;
            }
        };
        for warning in &source.warnings {
            prepared
                .warnings
                .push(format!("{}: {warning}", source.origin));
        }
        let article = match extract(&source, &options.overrides) {
            Ok(article) => article,
            Err(error) => {
                prepared.errors.push(error);
                continue;
            }
        };
        if let Some((_, _, first)) = seen.iter().find(|(id, _, _)| *id == article.id) {
            prepared
                .warnings
                .push(format!("{}: skipped, same text as {first}", article.origin));
            prepared.duplicates += 1;
            continue;
        }
        if known(&article.id) {
            prepared.duplicates += 1;
            continue;
        }
        let print = dedup::CopyPrint::of(&article.text);
        let in_run = seen.iter().find_map(|(id, theirs, origin)| {
            dedup::is_copy(&print, theirs)
                .map(|resemblance| (id.clone(), resemblance, origin.clone()))
        });
        let original = in_run.or_else(|| {
            stored_original(&print)
                .map(|(id, resemblance)| (id.clone(), resemblance, format!("stored article {id}")))
        });
        if let Some((original, resemblance, original_origin)) = original {
            prepared.warnings.push(format!(
                "{}: a copy of {original_origin} ({:.0}% of the text shared); listed as also published by {}",
                article.origin,
                resemblance * 100.0,
                article.meta.outlet.as_deref().unwrap_or("its outlet")
            ));
            prepared.copies.push(Republication {
                original,
                origin: article.origin.clone(),
                title: article.meta.title.clone(),
                outlet: article.meta.outlet.clone(),
                url: article.meta.url.clone(),
                published: article.meta.published.clone(),
                resemblance,
            });
            continue;
        }
        seen.push((article.id.clone(), print, article.origin.clone()));
        match analyze_safely(article) {
            Ok(analyzed) => prepared.articles.push(analyzed),
            Err(error) => prepared.errors.push(error),
        }
    }
    prepared
}

/// Builds and checks a dossier. An evidence violation is a bug, reported as an error
/// rather than written out as a dossier that cannot be trusted.
pub fn build_dossier(articles: &[AnalyzedArticle]) -> Result<Dossier, String> {
    if articles.is_empty() {
        return Err("no article could be read, so there is nothing to brief".to_string());
    }
    let dossier = catch_unwind(AssertUnwindSafe(|| synthesize(articles)))
        .map_err(|_| "synthesis failed (internal error); please report it".to_string())?;
    dossier.check_evidence().map_err(|problems| {
        format!(
            "internal error: the dossier cites text that is not in its sources ({}); please report it",
            problems.join("; ")
        )
    })?;
    Ok(dossier)
}

/// One article an ingest stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Added {
    /// Where it came from (a path, a URL, `file.ndjson:LINE`).
    pub origin: String,
    /// Its id in the store.
    pub article: String,
    pub story: i64,
    /// Whether it opened the story.
    pub new_story: bool,
}

/// What an ingest run did.
#[derive(Debug, Default)]
pub struct IngestReport {
    pub added: Vec<Added>,
    pub duplicates: usize,
    pub errors: Vec<InputError>,
    pub warnings: Vec<String>,
    /// (story, the story it was merged into).
    pub merged: Vec<(i64, i64)>,
    /// (story, the new story split from it, articles moved).
    pub split: Vec<(i64, i64, usize)>,
    /// (story id, new dossier version).
    pub updated: Vec<(i64, i64)>,
    /// Near-duplicates linked to the stored article they copy.
    pub copies: usize,
}

/// Stored articles a new one is checked against for being a copy (the most recent).
pub const COPY_WINDOW: u64 = 20_000;

/// Adds sources to the store: each new article is analysed, placed in a story (an
/// existing one or a new one) and stored; every few dozen articles and at the end the
/// clusterer's maintenance may merge stories, which the store records (the merged id
/// redirects). Then every story that gained articles gets its dossier rebuilt and saved as
/// a new version if it changed. Articles already stored are skipped before analysis.
pub fn ingest(
    store: &mut Store,
    sources: Vec<Result<RawSource, InputError>>,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<IngestReport, StoreError> {
    // Copies are looked for among the most recent stored articles: SimHashes first, the
    // texts of the few close ones after.
    let recent = store.recent_signatures(COPY_WINDOW)?;
    let stored_original = |print: &dedup::CopyPrint| -> Option<(String, f64)> {
        recent
            .iter()
            .filter(|(_, signature)| print.may_copy(signature))
            .find_map(|(id, _)| {
                let text = store.article_text(id).ok().flatten()?;
                dedup::is_copy(print, &dedup::CopyPrint::of(&text))
                    .map(|resemblance| (id.clone(), resemblance))
            })
    };
    let prepared = prepare_filtered(
        sources,
        options,
        |id| store.has_article(id),
        &stored_original,
        progress,
    );
    let mut report = IngestReport {
        duplicates: prepared.duplicates,
        warnings: prepared.warnings,
        ..IngestReport::default()
    };
    // The index is rebuilt from the stored profiles, stories and events as stored (events
    // are derived for articles stored before events were kept).
    let (story_params, event_params) = (cluster::Params::story(), cluster::Params::event());
    let mut clusterer = Clusterer::new(story_params, event_params);
    let mut next_event = store.next_event_id()?;
    // The clusterer knows articles by their position here.
    let mut members: Vec<String> = Vec::new();
    // Only the window's worth of articles: older stories would be retired at once.
    let window = story_params.retire_after.max(event_params.retire_after);
    for stored in store.recent_profiles(window)? {
        let event = match stored.event {
            Some(event) => event,
            None => match clusterer.place_event(&stored.profile, stored.story) {
                Some((event, _)) => event,
                None => {
                    next_event += 1;
                    next_event - 1
                }
            },
        };
        clusterer.add(members.len() as u64, &stored.profile, stored.story, event);
        members.push(stored.article);
    }
    let mut touched = BTreeSet::new();
    for (position, article) in prepared.articles.into_iter().enumerate() {
        if position > 0 && position % cluster::MAINTAIN_EVERY == 0 {
            maintain(store, &mut clusterer, &members, &mut touched, &mut report)?;
        }
        let profile = cluster::profile(&article);
        let placement = clusterer.place(&profile);
        let (story, score, new) = match placement.story {
            Some((story, score)) => (story, Some(score), false),
            None => (store.create_story()?, None, true),
        };
        let event = match placement.event {
            Some((event, _)) => event,
            None => {
                next_event += 1;
                next_event - 1
            }
        };
        store.insert_article(&article, &profile, story, event, score)?;
        clusterer.add(members.len() as u64, &profile, story, event);
        members.push(article.article.id.clone());
        touched.insert(story);
        report.added.push(Added {
            origin: article.article.origin.clone(),
            article: article.article.id.clone(),
            story,
            new_story: new,
        });
    }
    maintain(store, &mut clusterer, &members, &mut touched, &mut report)?;
    for copy in &prepared.copies {
        if store.add_copy(copy)? {
            report.copies += 1;
            if let Some(story) = store.story_of(&copy.original)? {
                touched.insert(story);
            }
        }
    }
    for error in &prepared.errors {
        store.record_error(error)?;
    }
    report.errors = prepared.errors;
    for story in touched {
        let articles = store.story_articles(story)?;
        let ids: Vec<String> = articles.iter().map(|a| a.article.id.clone()).collect();
        let copies = store.copies_of(&ids)?;
        match build_dossier(&articles) {
            Ok(mut dossier) => {
                dossier.attach_copies(&copies);
                if let Some(version) = store.save_dossier(story, &dossier)? {
                    report.updated.push((story, version));
                }
            }
            Err(problem) => report.warnings.push(format!("story {story}: {problem}")),
        }
    }
    Ok(report)
}

/// Runs the clusterer's maintenance and records its story splits and merges in the store
/// (stories a split opens are created there first). `members` maps the clusterer's article
/// keys to article ids.
fn maintain(
    store: &mut Store,
    clusterer: &mut Clusterer,
    members: &[String],
    touched: &mut BTreeSet<i64>,
    report: &mut IngestReport,
) -> Result<(), StoreError> {
    for change in clusterer.maintain(|| store.create_story())? {
        match change {
            Change::StoryMerged { from, into, score } => {
                store.merge_stories(from, into, score)?;
                touched.remove(&from);
                touched.insert(into);
                report.merged.push((from, into));
            }
            Change::StorySplit {
                from,
                into,
                articles,
                score,
            } => {
                let ids: Vec<String> = articles
                    .iter()
                    .map(|key| members[*key as usize].clone())
                    .collect();
                store.split_story(from, into, &ids, score)?;
                touched.insert(from);
                touched.insert(into);
                report.split.push((from, into, ids.len()));
            }
            Change::EventMerged { from, into, .. } => store.merge_events(from, into)?,
        }
    }
    Ok(())
}

/// Plain-text articles (named `t0.txt`, `t1.txt`, …) extracted and analysed, for tests
/// that check what synthesis makes of a few invented sentences.
#[cfg(test)]
pub(crate) fn articles_from_texts(texts: &[&str]) -> Vec<AnalyzedArticle> {
    let sources = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            Ok(RawSource::new(
                format!("t{i}.txt"),
                text.as_bytes().to_vec(),
                crate::ingest::SourceFormat::Text,
            ))
        })
        .collect();
    prepare_sources(sources, &Options::default()).articles
}

/// The dossier of [`articles_from_texts`].
#[cfg(test)]
pub(crate) fn dossier_from_texts(texts: &[&str]) -> Dossier {
    build_dossier(&articles_from_texts(texts)).expect("invented articles make a dossier")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_keep_their_ids_from_one_ingest_to_the_next() {
        let mut store = Store::open_in_memory().unwrap();
        let sources = crate::example::sources();
        let (first, rest) = sources.split_at(3);
        let run = |store: &mut Store, sources: &[Result<RawSource, InputError>]| {
            ingest(store, sources.to_vec(), &Options::default(), &mut |_, _| {}).unwrap();
            store
                .profiles()
                .unwrap()
                .into_iter()
                .map(|p| (p.article, p.event))
                .collect::<Vec<_>>()
        };
        let before = run(&mut store, first);
        assert!(before.iter().all(|(_, event)| event.is_some()));
        let after = run(&mut store, rest);
        assert_eq!(after[..before.len()], before[..], "stored events stand");
        assert!(after.iter().all(|(_, event)| event.is_some()));
    }
}
