//! Eval: quality measured against the public evaluation sets in `../shared/data`, read at
//! run time and never copied into the repository. Each evaluation prints one summary line
//! per figure, with the metric named.

pub mod cluster;
pub mod dedup;
pub mod extract;
pub mod grounding;
pub mod metrics;
pub mod ner;
pub mod porter;
pub mod quotes;
pub mod rouge;
pub mod timeline;
pub mod timex;
