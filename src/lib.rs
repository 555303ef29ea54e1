//! newsdesk turns the coverage of a developing news story, from many outlets, into a
//! story dossier in which every item carries evidence: the article, sentence and byte span
//! that support it.
//!
//! The modules follow the pipeline (see ARCHITECTURE.md):
//! [`ingest`] → [`extract`] → [`dedup`] → [`analyze`] → cluster → synthesize → render,
//! with store, serve and cli around them.

pub mod analyze;
pub mod article;
pub mod date;
pub mod dedup;
pub mod extract;
pub mod ingest;
