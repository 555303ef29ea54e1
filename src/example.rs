//! The embedded example corpus: five invented articles about a fictional port strike
//! (see `corpus/velmora-port-strike/README.md`). `newsdesk brief --example` and the
//! README demo use it, so the main job runs on a fresh machine with nothing to download.
//! With three articles about a second invented story (a storm that cuts a coastal railway,
//! `corpus/carrow-rail-storm/`) it makes the example *collection* that `newsdesk ingest
//! --example` stores, so that the web pages have more than one story and an entity (the
//! transport minister) that appears in both.

use crate::ingest::{self, IngestOptions, InputError, RawSource};

/// (file name, content) of each example article, in order.
pub const FILES: &[(&str, &str)] = &[
    (
        "01-velmora-ledger.txt",
        include_str!("../corpus/velmora-port-strike/01-velmora-ledger.txt"),
    ),
    (
        "02-coastline-daily.html",
        include_str!("../corpus/velmora-port-strike/02-coastline-daily.html"),
    ),
    (
        "03-harbour-courier.txt",
        include_str!("../corpus/velmora-port-strike/03-harbour-courier.txt"),
    ),
    (
        "04-radio-pelagia.ndjson",
        include_str!("../corpus/velmora-port-strike/04-radio-pelagia.ndjson"),
    ),
    (
        "05-north-shore-gazette.txt",
        include_str!("../corpus/velmora-port-strike/05-north-shore-gazette.txt"),
    ),
];

/// (file name, content) of the second story's articles, in order.
pub const SECOND_STORY_FILES: &[(&str, &str)] = &[
    (
        "carrow-01-velmora-ledger.txt",
        include_str!("../corpus/carrow-rail-storm/01-velmora-ledger.txt"),
    ),
    (
        "carrow-02-harbour-courier.txt",
        include_str!("../corpus/carrow-rail-storm/02-harbour-courier.txt"),
    ),
    (
        "carrow-03-pelagia-post.txt",
        include_str!("../corpus/carrow-rail-storm/03-pelagia-post.txt"),
    ),
];

/// Stores the example collection as `newsdesk ingest --example` does (a demo store, the
/// web tests' store, the load test's first stories).
pub fn store_collection(
    store: &mut crate::store::Store,
) -> Result<crate::pipeline::IngestReport, crate::store::StoreError> {
    crate::pipeline::ingest(
        store,
        collection(),
        &crate::pipeline::Options::default(),
        &mut |_, _| {},
    )
}

/// The port-strike articles as sources, named `example:FILE`.
pub fn sources() -> Vec<Result<RawSource, InputError>> {
    as_sources(FILES)
}

/// Both example stories (port strike first), named `example:FILE`.
pub fn collection() -> Vec<Result<RawSource, InputError>> {
    let mut all = as_sources(FILES);
    all.extend(as_sources(SECOND_STORY_FILES));
    all
}

fn as_sources(files: &[(&str, &str)]) -> Vec<Result<RawSource, InputError>> {
    let options = IngestOptions::default();
    files
        .iter()
        .flat_map(|(name, content)| {
            ingest::from_bytes(
                &format!("example:{name}"),
                name,
                content.as_bytes().to_vec(),
                &options,
            )
        })
        .collect()
}
