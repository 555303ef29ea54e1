//! Extraction quality on the article-extraction-benchmark (read from ../shared at run
//! time): the figure the README reports must not regress. Quality only; speed is measured
//! by `newsdesk bench extract`, never asserted.

mod common;

use newsdesk::eval::extract::{load, run};

#[test]
fn benchmark_f1_stays_at_or_above_the_target() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let pages = load(&shared.join("data/article-extraction-benchmark")).unwrap();
    assert_eq!(pages.len(), 181);
    let report = run(&pages);
    assert!(
        report.pages.iter().all(|p| p.error.is_none()),
        "every page yields an article"
    );
    let summary = report.summary;
    assert!(
        summary.f1 >= 0.96,
        "F1 {:.3} (P {:.3} R {:.3}) fell below 0.96",
        summary.f1,
        summary.precision,
        summary.recall
    );
}
