//! Analysis quality on the public sets (read from ../shared at run time): the figures the
//! README reports must not regress. Quality only; speed is measured by `newsdesk bench
//! analyze` and `eval ner`, never asserted.

mod common;

use newsdesk::analyze::ner::Tagger;

#[test]
fn ner_f1_on_conll_testb_stays_at_the_committed_models_level() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let documents = newsdesk::eval::ner::load(&shared.join("data/conll2003/eng.testb")).unwrap();
    let tagger = Tagger::embedded().expect("the committed model decodes");
    let report = newsdesk::eval::ner::run(tagger, &documents);
    assert_eq!(report.overall.gold, 5648, "eng.testb has 5,648 entities");
    assert!(
        report.overall.f1() >= 0.865,
        "eng.testb F1 {:.3} fell below 0.865",
        report.overall.f1()
    );
    // The beam must earn its cost over greedy tagging with the same model.
    let greedy = Tagger::load_embedded()
        .expect("the committed model decodes")
        .with_beam(1);
    let greedy_report = newsdesk::eval::ner::run(&greedy, &documents);
    assert!(
        report.overall.f1() > greedy_report.overall.f1(),
        "beam {:.3} is not above greedy {:.3}",
        report.overall.f1(),
        greedy_report.overall.f1()
    );
}

#[test]
fn direct_quote_f1_on_polnear_test_does_not_regress() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let documents = newsdesk::eval::quotes::load(&shared.join("data/polnear/test")).unwrap();
    let report = newsdesk::eval::quotes::run(&documents);
    assert!(
        report.direct.f1() >= 0.84,
        "PolNeAR direct-quote F1 {:.3} fell below 0.84",
        report.direct.f1()
    );
    assert!(
        report.all.f1() >= 0.56,
        "PolNeAR all-attribution F1 {:.3} fell below 0.56",
        report.all.f1()
    );
}

#[test]
fn timex_value_f1_on_te3_platinum_does_not_regress() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let documents =
        newsdesk::eval::timex::load(&shared.join("data/tempeval3/te3-platinum")).unwrap();
    let report = newsdesk::eval::timex::run(&documents);
    assert_eq!(report.value.gold, 138, "TE3-Platinum has 138 expressions");
    assert!(
        report.value.f1() >= 0.83,
        "TE3-Platinum value F1 {:.3} fell below 0.83",
        report.value.f1()
    );
}

#[test]
fn timeline_summarisation_on_the_h1n1_collections_does_not_regress() {
    use newsdesk::eval::timeline;
    let Some(shared) = common::shared_dir() else {
        return;
    };
    // One topic (three outlets, about 400 articles) keeps the debug-build test short; the
    // whole set is `newsdesk eval timeline --data ../shared/data/timeline17`.
    let corpus = timeline::load(&shared.join("data/timeline17"), Some("H1N1")).unwrap();
    assert_eq!(corpus.gold.len(), 3, "H1N1 has three gold timelines");
    let results = timeline::run(&corpus, timeline::Pool::Topic, &Default::default());
    let summary = timeline::summarize(&results.iter().collect::<Vec<_>>());
    assert!(
        summary.dates.f1() >= 0.78,
        "H1N1 date F1 {:.3} fell below 0.78",
        summary.dates.f1()
    );
    assert!(
        summary.rouge[0][2].f1() >= 0.16,
        "H1N1 align+ m:1 ROUGE-1 F1 {:.3} fell below 0.16",
        summary.rouge[0][2].f1()
    );
}
