//! The embedded example corpus: five invented articles about a fictional port strike
//! (see `corpus/velmora-port-strike/README.md`). `newsdesk brief --example` and the
//! README demo use it, so the main job runs on a fresh machine with nothing to download.

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

/// The example articles as sources, named `example:FILE`.
pub fn sources() -> Vec<Result<RawSource, InputError>> {
    let options = IngestOptions::default();
    FILES
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
