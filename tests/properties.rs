//! Properties of the whole pipeline on generated articles: whatever the text, briefing
//! never panics, and every evidence quote is exactly the text at its span.

use newsdesk::ingest::{RawSource, SourceFormat};
use newsdesk::pipeline::{build_dossier, prepare_sources, Options};
use proptest::prelude::*;

/// Sentences built from words that exercise names, titles, quotes, dates and figures.
fn sentence() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "the",
        "union",
        "said",
        "Mayor",
        "Ines",
        "Albarran",
        "“We",
        "will",
        "strike,”",
        "she",
        "told",
        "reporters",
        "on",
        "Monday",
        "in",
        "Velmora",
        "1,200",
        "dockworkers",
        "$40",
        "million",
        "a",
        "14-point",
        "plan",
        "Sen.",
        "Bell",
        "U.S.",
        "officials",
        "could",
        "if",
        "Port",
        "Authority",
        "since",
        "June",
        "2030",
        "–",
        "(",
        ")",
        "’s",
        "\"",
        "Dr.",
        "Oct.",
        "24–26",
        "nearly",
        "four",
        "years",
        "é",
        "Ferreira,",
        "leader",
        "of",
        "and",
        "#tag",
        "@handle",
        "…",
        "\u{a0}",
    ]);
    prop::collection::vec(words, 3..18).prop_map(|w| {
        let mut s = w.join(" ");
        s.push('.');
        s
    })
}

fn article() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(sentence(), 1..4),
        prop::collection::vec(prop::collection::vec(sentence(), 1..4), 1..6),
    )
        .prop_map(|(title, paragraphs)| {
            let mut text = title.join(" ");
            for paragraph in paragraphs {
                text.push('\n');
                text.push_str(&paragraph.join(" "));
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_articles_brief_with_exact_evidence(articles in prop::collection::vec(article(), 1..4)) {
        let sources = articles
            .iter()
            .enumerate()
            .map(|(i, text)| Ok(RawSource::new(format!("generated-{i}.txt"), text.clone().into_bytes(), SourceFormat::Text)))
            .collect();
        let prepared = prepare_sources(sources, &Options::default());
        if prepared.articles.is_empty() {
            return Ok(());
        }
        let dossier = build_dossier(&prepared.articles);
        prop_assert!(dossier.is_ok(), "{:?}", dossier.err());
        let dossier = dossier.unwrap();
        prop_assert!(dossier.check_evidence().is_ok());
        for format in [newsdesk::render::Format::Markdown, newsdesk::render::Format::Html] {
            let _ = newsdesk::render::render(&dossier, format);
        }
    }
}
