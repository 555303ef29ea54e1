//! Properties of full-text search over what a reader types: whatever the words, FTS5 never
//! sees its own syntax (the query never fails), every match holds every word, and search
//! snippets keep their match marks balanced.

use newsdesk::store::{fts_query, Store, MATCH_END, MATCH_START};
use proptest::prelude::*;
use std::sync::OnceLock;

/// One store with the example collection, shared by every case (opened per thread).
fn store() -> Store {
    static PATH: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    let (_, path) = PATH.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let mut store = Store::open(&path).unwrap();
        newsdesk::example::store_collection(&mut store).unwrap();
        (dir, path)
    });
    Store::open(path).unwrap()
}

/// Text mixing words from the collection with FTS5 operators and punctuation.
fn typed() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "strike",
                "Carrow",
                "embankment",
                "Okafor",
                "crane",
                "dock",
                "minister",
                "the",
                "AND",
                "OR",
                "NOT",
                "NEAR",
                "\"",
                "*",
                "(",
                ")",
                ":",
                "^",
                "-",
                "+",
                "'",
                "{",
                "}",
                "title:",
                "é",
                "ß",
                "€60",
                "1,200",
            ])
            .prop_map(str::to_string),
            "\\PC{0,8}",
        ],
        0..8,
    )
    .prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_typed_text_searches_without_error(text in typed()) {
        let store = store();
        let results = store.search(&text, 10).expect("a search never fails");
        match fts_query(&text) {
            None => prop_assert!(results.is_none()),
            Some(query) => {
                let results = results.expect("words give results");
                prop_assert_eq!(&results.query, &query);
                for hit in &results.stories {
                    prop_assert_eq!(hit.snippet.matches(MATCH_START).count(), hit.snippet.matches(MATCH_END).count());
                }
                for hit in &results.articles {
                    prop_assert_eq!(hit.snippet.matches(MATCH_START).count(), hit.snippet.matches(MATCH_END).count());
                }
            }
        }
    }

    #[test]
    fn every_found_article_holds_every_word(words in prop::collection::vec(prop::sample::select(vec![
        "strike", "Carrow", "embankment", "Okafor", "port", "minister", "storm", "union",
    ]), 1..3)) {
        let store = store();
        let results = store.search(&words.join(" "), 50).unwrap().unwrap();
        for hit in &results.articles {
            let text = store.article(&hit.id).unwrap().article.text.to_lowercase();
            for (i, word) in words.iter().enumerate() {
                let word = word.to_lowercase();
                // The last word also matches as a prefix; all match whole words otherwise.
                let found = if i + 1 == words.len() {
                    text.contains(&word)
                } else {
                    text.split(|c: char| !c.is_alphanumeric()).any(|w| w == word)
                };
                prop_assert!(found, "{} lacks {}", hit.id, word);
            }
        }
    }
}
