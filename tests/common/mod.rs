//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod http;

use newsdesk::dossier::{Dossier, Evidence};
use std::fmt::Write;
use std::path::PathBuf;

/// The shared data folder (`$NEWSDESK_SHARED`, else `../shared` next to the checkout).
/// Tests that need it are skipped, loudly, when it is absent; `.ci/run` sets
/// `NEWSDESK_REQUIRE_SHARED=1` when the folder exists so that they cannot be skipped there.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSDESK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("NEWSDESK_REQUIRE_SHARED").is_some() {
        panic!(
            "shared data folder {} is missing but NEWSDESK_REQUIRE_SHARED is set",
            dir.display()
        );
    }
    eprintln!("skipped: shared data folder {} not found", dir.display());
    None
}

/// The four raw seed articles (000, 001, 003, 004), in order, read at run time.
pub fn seed_articles() -> Option<Vec<String>> {
    let seeds = shared_dir()?.join("seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .expect("seeds folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            ["000_", "001_", "003_", "004_"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
        })
        .collect();
    paths.sort();
    assert_eq!(
        paths.len(),
        4,
        "expected four raw seed articles in {}",
        seeds.display()
    );
    Some(paths.into_iter().map(|p| p.display().to_string()).collect())
}

/// Every text shown to a reader, with where it sits.
pub fn shown_texts(dossier: &Dossier) -> Vec<(String, String)> {
    let mut out = vec![
        ("headline".to_string(), dossier.headline.text.clone()),
        ("dek".to_string(), dossier.dek.text.clone()),
    ];
    let mut push = |place: String, text: &str| out.push((place, text.to_string()));
    for (i, item) in dossier.overview.iter().enumerate() {
        push(format!("overview[{i}]"), &item.text);
    }
    for (i, item) in dossier.key_indicators.iter().enumerate() {
        push(
            format!("key_indicators[{i}]"),
            &format!("{} {} {}", item.text, item.label, item.context),
        );
    }
    for (i, item) in dossier.people.iter().enumerate() {
        push(
            format!("people[{i}]"),
            &format!(
                "{} {} {}",
                item.name,
                item.role.clone().unwrap_or_default(),
                item.text
            ),
        );
    }
    for (i, item) in dossier.organizations.iter().enumerate() {
        push(
            format!("organizations[{i}]"),
            &format!("{} {}", item.name, item.text),
        );
    }
    for (i, item) in dossier.places.iter().enumerate() {
        push(
            format!("places[{i}]"),
            &format!("{} {}", item.name, item.text),
        );
    }
    for (i, item) in dossier.timeline.iter().enumerate() {
        push(format!("timeline[{i}]"), &item.text);
    }
    for (i, item) in dossier.perspectives.iter().enumerate() {
        push(
            format!("perspectives[{i}]"),
            &format!("{} {}", item.speaker, item.quote),
        );
    }
    for (i, item) in dossier.disagreements.iter().enumerate() {
        push(format!("disagreements[{i}]"), &item.text);
    }
    for (i, item) in dossier.scenarios.iter().enumerate() {
        push(format!("scenarios[{i}]"), &item.text);
    }
    for (i, item) in dossier.background.iter().enumerate() {
        push(format!("background[{i}]"), &item.text);
    }
    for (i, item) in dossier.articles.iter().enumerate() {
        push(format!("articles[{i}].text"), &item.text);
    }
    out
}

/// Checks the evidence contract independently of the library's own check: every item of
/// every section has evidence, and each quote is exactly the article text at its span.
pub fn assert_evidence_exact(json: &serde_json::Value) {
    let articles = json["articles"].as_array().expect("articles array");
    let mut checked = 0;
    let mut check_list = |place: &str, evidence: &serde_json::Value| {
        let list = evidence
            .as_array()
            .unwrap_or_else(|| panic!("{place}: evidence is not an array"));
        assert!(!list.is_empty(), "{place}: empty evidence");
        for e in list {
            let article = e["article"].as_u64().unwrap() as usize;
            let (start, end) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            let text = articles[article]["text"].as_str().unwrap();
            assert_eq!(
                text.get(start..end),
                e["quote"].as_str(),
                "{place}: quote does not match articles[{article}].text[{start}..{end}]"
            );
            let sentence = e["sentence"].as_u64().unwrap() as usize;
            let bounds = &articles[article]["sentences"][sentence];
            assert!(
                bounds[0].as_u64().unwrap() as usize <= start
                    && start < bounds[1].as_u64().unwrap() as usize,
                "{place}: sentence {sentence} does not contain the span"
            );
            checked += 1;
        }
    };
    for key in ["headline", "dek", "coverage"] {
        check_list(key, &json[key]["evidence"]);
    }
    for key in [
        "overview",
        "key_indicators",
        "people",
        "organizations",
        "places",
        "timeline",
        "perspectives",
        "disagreements",
        "scenarios",
        "background",
    ] {
        for (i, item) in json[key].as_array().unwrap().iter().enumerate() {
            check_list(&format!("{key}[{i}]"), &item["evidence"]);
            assert!(item["text"].is_string(), "{key}[{i}] has no text");
        }
    }
    for (i, disagreement) in json["disagreements"].as_array().unwrap().iter().enumerate() {
        for (j, claim) in disagreement["claims"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            check_list(
                &format!("disagreements[{i}].claims[{j}]"),
                &claim["evidence"],
            );
        }
    }
    assert!(checked > 0);
}

/// FNV-1a, 32 bits: a stable short fingerprint of a line of text.
pub fn hash(text: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for byte in text.bytes() {
        h ^= u32::from(byte);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("#{h:08x}")
}

fn cites(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| format!("a{}s{}@{}-{}", e.article, e.sentence, e.start, e.end))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The dossier's shape: one line per item, text hashed.
pub fn shape(d: &Dossier) -> String {
    let mut out = String::new();
    let o = &mut out;
    writeln!(
        o,
        "headline {} {}",
        hash(&d.headline.text),
        cites(&d.headline.evidence)
    )
    .unwrap();
    writeln!(o, "dek {} {}", hash(&d.dek.text), cites(&d.dek.evidence)).unwrap();
    for item in &d.overview {
        writeln!(o, "overview {} {}", hash(&item.text), cites(&item.evidence)).unwrap();
    }
    for k in &d.key_indicators {
        writeln!(
            o,
            "indicator {} {} value={} unit={} sources={} {}",
            hash(&k.text),
            hash(&k.label),
            k.value,
            hash(&k.unit),
            k.articles.len(),
            cites(&k.evidence)
        )
        .unwrap();
    }
    for p in &d.people {
        writeln!(
            o,
            "person {} role={} mentions={} articles={} {}",
            hash(&p.name),
            p.role.as_deref().map(hash).unwrap_or_default(),
            p.mentions,
            p.articles.len(),
            cites(&p.evidence)
        )
        .unwrap();
    }
    for org in &d.organizations {
        writeln!(
            o,
            "organization {} kind={} mentions={} articles={} {}",
            hash(&org.name),
            org.kind,
            org.mentions,
            org.articles.len(),
            cites(&org.evidence)
        )
        .unwrap();
    }
    for place in &d.places {
        writeln!(o, "place {} mentions={}", hash(&place.name), place.mentions).unwrap();
    }
    for t in &d.timeline {
        writeln!(
            o,
            "timeline {} {} {} sources={} {}",
            t.date.as_deref().unwrap_or("-"),
            t.category,
            hash(&t.text),
            t.articles.len(),
            cites(&t.evidence)
        )
        .unwrap();
    }
    for p in &d.perspectives {
        let side = p
            .side
            .as_ref()
            .map(|s| format!(" side={} {}", hash(&s.name), cites(&s.evidence)))
            .unwrap_or_default();
        let contradicts = p
            .contradicts
            .map(|i| format!(" contradicts={i}"))
            .unwrap_or_default();
        writeln!(
            o,
            "perspective {} {} {}{}{}",
            hash(&p.speaker),
            hash(&p.quote),
            cites(&p.evidence),
            side,
            contradicts
        )
        .unwrap();
    }
    for x in &d.disagreements {
        let claims: Vec<String> = x
            .claims
            .iter()
            .map(|c| format!("{}:{}", hash(&c.text), c.articles.len()))
            .collect();
        writeln!(
            o,
            "disagreement {} {} [{}]",
            x.kind,
            hash(&x.subject),
            claims.join(" ")
        )
        .unwrap();
    }
    for s in &d.scenarios {
        writeln!(o, "scenario {} {}", hash(&s.text), cites(&s.evidence)).unwrap();
    }
    for b in &d.background {
        writeln!(
            o,
            "background {} {} {}",
            b.date.as_deref().unwrap_or("-"),
            hash(&b.text),
            cites(&b.evidence)
        )
        .unwrap();
    }
    writeln!(
        o,
        "coverage articles={} outlets={} {}..{}",
        d.coverage.article_count,
        d.coverage.outlets.len(),
        d.coverage.first_published.as_deref().unwrap_or("-"),
        d.coverage.last_published.as_deref().unwrap_or("-")
    )
    .unwrap();
    out
}
