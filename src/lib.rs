//! newsdesk turns the coverage of a developing news story, from many outlets, into a
//! story dossier in which every item carries evidence: the article, sentence and byte span
//! that support it.
//!
//! The modules follow the pipeline (see ARCHITECTURE.md):
//!
//! ([`feeds`] →) [`ingest`] → [`extract`] → [`dedup`] → [`analyze`] → [`cluster`] → [`synthesize`] →
//! [`render`], with [`store`] (SQLite) and [`serve`] (HTTP) around them, the optional
//! [`writer`] (model-written sections, grounding-checked) after synthesis, [`pipeline`]
//! joining the stages and [`cli`] on top. [`article`], [`analyze::doc`] and [`dossier`] are
//! the typed hand-overs between stages; [`changes`] compares two versions of a dossier.

pub mod analyze;
pub mod article;
pub mod bench;
pub mod changes;
pub mod cli;
pub mod cluster;
pub mod date;
pub mod dedup;
pub mod dossier;
pub mod eval;
pub mod example;
pub mod extract;
pub mod feeds;
pub mod ingest;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod store;
pub mod synthesize;
pub mod writer;
