//! The dossier of one real, long-running Timeline17 collection (the Guardian's coverage
//! of the 2009 H1N1 outbreak, 75 articles over ten weeks), read from `../shared` at run
//! time.
//!
//! The snapshot pins the dossier's *shape*: which dates, categories, kinds and counts,
//! which sentences each item cites (article, sentence, byte span). It holds no dataset
//! text: every line of text appears only as a short hash, so that a change in what the
//! dossier says shows up in review without a word of the articles entering this
//! repository. To read the dossier itself:
//! `NEWSDESK_SHOW=1 cargo test --release --test timeline17_dossier -- --nocapture`.

mod common;

use common::{hash, shape};
use newsdesk::dossier::Dossier;
use newsdesk::synthesize::{furniture, AnalyzedArticle};
use std::sync::OnceLock;

const TOPIC: &str = "H1N1";
const COLLECTION: &str = "H1N1_guardian";

/// The collection's analysed articles, loaded once for all tests of this file.
fn collection_articles() -> Option<&'static [AnalyzedArticle]> {
    static ARTICLES: OnceLock<Option<Vec<AnalyzedArticle>>> = OnceLock::new();
    ARTICLES
        .get_or_init(|| {
            let shared = common::shared_dir()?;
            let corpus =
                newsdesk::eval::timeline::load(&shared.join("data/timeline17"), Some(TOPIC))
                    .unwrap();
            let articles: Vec<_> = corpus
                .articles
                .iter()
                .zip(&corpus.origins)
                .filter(|(_, (collection, _))| collection == COLLECTION)
                .map(|(article, _)| article.clone())
                .collect();
            assert_eq!(articles.len(), 75, "{COLLECTION} has 75 readable articles");
            Some(articles)
        })
        .as_deref()
}

fn collection_dossier() -> Option<Dossier> {
    let articles = collection_articles()?;
    Some(newsdesk::pipeline::build_dossier(articles).expect("the collection briefs"))
}

#[test]
fn the_h1n1_collection_dossier_keeps_its_shape() {
    let Some(dossier) = collection_dossier() else {
        return;
    };
    if std::env::var_os("NEWSDESK_SHOW").is_some() {
        eprintln!(
            "{}",
            newsdesk::render::render(&dossier, newsdesk::render::Format::Markdown)
        );
    }
    insta::assert_snapshot!("timeline17_h1n1_guardian_shape", shape(&dossier));
}

#[test]
fn the_h1n1_collection_dossier_is_one_a_reader_can_trust() {
    let Some(dossier) = collection_dossier() else {
        return;
    };
    let json: serde_json::Value = serde_json::to_value(&dossier).unwrap();
    common::assert_evidence_exact(&json);
    // Page furniture never becomes a line: no publication stamp, no picture credit.
    let lines = common::shown_texts(&dossier);
    for (place, text) in lines.iter().filter(|(p, _)| !p.starts_with("articles[")) {
        assert!(
            !furniture::is_all_furniture(text) && furniture::leading_length(text).is_none(),
            "{place} shows page furniture (hash {})",
            hash(text)
        );
    }
    // A headline states what happened.
    assert!(!dossier.headline.text.trim_end().ends_with('?'));
    assert!(dossier.headline.text.split_whitespace().count() <= 60);
    // Every section a reader expects is there, at a readable size.
    assert!((3..=5).contains(&dossier.overview.len()));
    assert!(dossier.key_indicators.len() >= 3);
    assert!(dossier.people.len() >= 8);
    assert!(dossier.organizations.len() >= 5);
    assert!(dossier.timeline.len() >= 10);
    assert!(dossier.perspectives.len() >= 8);
    // The timeline is in calendar order, inside the coverage's span.
    let dates: Vec<&str> = dossier
        .timeline
        .iter()
        .filter_map(|t| t.date.as_deref())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(dates
        .iter()
        .all(|d| ("2009-04-01".."2009-06-30").contains(d)));
    // One voice per speaker, unless a second contradicts the first.
    let mut speakers: Vec<&str> = dossier
        .perspectives
        .iter()
        .filter(|p| p.contradicts.is_none())
        .map(|p| p.speaker.as_str())
        .collect();
    let count = speakers.len();
    speakers.sort_unstable();
    speakers.dedup();
    assert_eq!(speakers.len(), count, "a speaker is quoted twice");
    // A count that grows over ten weeks is not shown as sources disagreeing: every
    // figure disagreement has at most three values.
    assert!(dossier
        .disagreements
        .iter()
        .filter(|x| x.kind == "figure")
        .all(|x| (2..=3).contains(&x.claims.len())));
    // The organisation that leads the story is there once, under one spelling.
    let who: Vec<_> = dossier
        .organizations
        .iter()
        .filter(|o| o.aliases.iter().chain([&o.name]).any(|n| n == "WHO"))
        .collect();
    assert_eq!(who.len(), 1, "the WHO is one organisation");
    // The same articles give the same dossier.
    let again = collection_dossier().unwrap();
    assert_eq!(serde_json::to_value(&again).unwrap(), json);
}
