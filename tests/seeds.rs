//! The walking skeleton's acceptance tests on the seed story (raw articles 000, 001, 003
//! and 004 in `../shared/seeds`, read at run time).

mod common;

use common::{assert_evidence_exact, seed_articles, shown_texts};
use newsdesk::dossier::Dossier;
use newsdesk::pipeline::{build_dossier, prepare, Options};

fn seed_dossier() -> Option<Dossier> {
    let inputs = seed_articles()?;
    let prepared = prepare(&inputs, &Options::default());
    assert!(prepared.errors.is_empty(), "{:?}", prepared.errors);
    assert_eq!(prepared.articles.len(), 4);
    Some(build_dossier(&prepared.articles).expect("the seed story briefs"))
}

fn person<'d>(dossier: &'d Dossier, name: &str) -> &'d newsdesk::dossier::Person {
    dossier
        .people
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = dossier.people.iter().map(|p| p.name.as_str()).collect();
            panic!("{name} is not among the people: {names:?}")
        })
}

/// The seed dossier's shape (dates, kinds, counts, citations; every line of text only as
/// a hash, so no seed text enters the repository), pinned so that any change in what it
/// says shows up in review.
#[test]
fn the_seed_dossier_keeps_its_shape() {
    let Some(dossier) = seed_dossier() else {
        return;
    };
    insta::assert_snapshot!("seed_story_shape", common::shape(&dossier));
}

#[test]
fn people_are_merged_named_and_given_roles_from_the_text() {
    let Some(dossier) = seed_dossier() else {
        return;
    };
    let expected = [
        "Steve Witkoff",
        "Jared Kushner",
        "Kirill Dmitriev",
        "Rustem Umerov",
        "Volodymyr Zelenskyy",
        "Donald Trump",
        "Vladimir Putin",
        "Marco Rubio",
    ];
    for name in expected {
        let found = person(&dossier, name);
        let role = found
            .role
            .as_deref()
            .unwrap_or_else(|| panic!("{name} has no role"));
        // The role is taken from the text: one of the article texts contains it.
        assert!(
            dossier.articles.iter().any(|a| a.text.contains(role)),
            "{name}'s role {role:?} is not in any article"
        );
        // And its evidence quotes the role.
        assert!(
            found.evidence.iter().any(|e| e.quote.contains(role)),
            "{name}: role not cited"
        );
    }
    let witkoff = person(&dossier, "Steve Witkoff");
    assert!(
        witkoff.aliases.iter().any(|a| a.contains("Witzoff")),
        "Witzoff is not merged into Witkoff: {:?}",
        witkoff.aliases
    );
    let zelenskyy = person(&dossier, "Volodymyr Zelenskyy");
    assert!(
        zelenskyy.aliases.iter().any(|a| a.ends_with("Zelensky")),
        "Zelensky is not merged into Zelenskyy: {:?}",
        zelenskyy.aliases
    );
    // No person is listed twice under a spelling variant.
    let names: Vec<&str> = dossier.people.iter().map(|p| p.name.as_str()).collect();
    for variant in ["Steve Witzoff", "Volodymyr Zelensky", "Witzoff", "Zelensky"] {
        assert!(
            !names.contains(&variant),
            "{variant} listed separately: {names:?}"
        );
    }
}

#[test]
fn quoted_speakers_appear_in_perspectives() {
    let Some(dossier) = seed_dossier() else {
        return;
    };
    let speakers: Vec<&str> = dossier
        .perspectives
        .iter()
        .map(|p| p.speaker.as_str())
        .collect();
    for speaker in ["Lindsey Graham", "Yuri Ushakov", "Marco Rubio"] {
        assert!(
            speakers.contains(&speaker),
            "{speaker} missing from {speakers:?}"
        );
    }
    let ushakov = dossier
        .perspectives
        .iter()
        .find(|p| p.speaker == "Yuri Ushakov")
        .unwrap();
    assert!(ushakov.role.is_some(), "Ushakov's role comes from the text");
    // A pronoun speaker ("he told reporters") is resolved to the person last named.
    assert!(
        dossier
            .perspectives
            .iter()
            .any(|p| p.speaker == "Donald Trump"),
        "the pronoun-attributed quote is not resolved to Trump: {speakers:?}"
    );
    for perspective in &dossier.perspectives {
        assert!(
            perspective.evidence.iter().any(|e| e
                .quote
                .contains(perspective.quote.split(" … ").next().unwrap())),
            "the quote of {} is not in its evidence",
            perspective.speaker
        );
    }
}

/// The seed story has sides: the speakers' roles tie them to the United States, Russia,
/// Ukraine and Europe, and the perspectives come grouped that way.
#[test]
fn perspectives_are_grouped_by_the_side_each_speaker_speaks_for() {
    let Some(dossier) = seed_dossier() else {
        return;
    };
    let side_of = |speaker: &str| {
        dossier
            .perspectives
            .iter()
            .find(|p| p.speaker == speaker)
            .and_then(|p| p.side.as_ref())
            .map(|s| s.name.as_str())
    };
    assert_eq!(side_of("Marco Rubio"), Some("United States"));
    assert_eq!(side_of("Yuri Ushakov"), Some("Russia"), "Putin's adviser");
    assert_eq!(side_of("Volodymyr Zelenskyy"), Some("Ukraine"));
    assert_eq!(
        side_of("Donald Trump"),
        Some("United States"),
        "through his envoy's role"
    );
    // Each side is one group: once a side's run ends it does not come back.
    let mut seen: Vec<Option<&str>> = Vec::new();
    for perspective in &dossier.perspectives {
        let side = perspective.side.as_ref().map(|s| s.name.as_str());
        if seen.last() != Some(&side) {
            assert!(!seen.contains(&side), "{side:?} appears in two groups");
            seen.push(side);
        }
    }
    assert_eq!(seen.last(), Some(&None), "voices of no side come last");
}

#[test]
fn the_plan_size_disagreement_is_shown() {
    let Some(dossier) = seed_dossier() else {
        return;
    };
    let plan = dossier
        .disagreements
        .iter()
        .find(|d| d.kind == "figure" && d.claims.iter().any(|c| c.text.starts_with("28-point")))
        .unwrap_or_else(|| panic!("no 28-point claim: {:#?}", dossier.disagreements));
    let claims: Vec<&str> = plan.claims.iter().map(|c| c.text.as_str()).collect();
    assert!(
        claims.iter().any(|c| c.starts_with("20-point")),
        "{claims:?}"
    );
    // Each side cites a different article.
    assert_ne!(plan.claims[0].articles, plan.claims[1].articles);
    // Conflicting figures are not key indicators.
    assert!(dossier
        .key_indicators
        .iter()
        .all(|k| !k.text.contains("-point")));
    // Name spellings are disagreements too.
    for subject in ["Steve Witkoff", "Volodymyr Zelenskyy"] {
        assert!(
            dossier
                .disagreements
                .iter()
                .any(|d| d.kind == "name" && d.subject.contains(subject)),
            "no spelling disagreement for {subject}"
        );
    }
}

/// Teaser lines of the raw seed files: the lines right after a teaser heading, found at
/// run time so that no seed text is copied into this repository.
fn raw_teaser_lines(inputs: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for input in inputs {
        let raw = std::fs::read_to_string(input).unwrap();
        let lines: Vec<&str> = raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        for (i, line) in lines.iter().enumerate() {
            if line.to_lowercase().starts_with("other topics") {
                out.extend(
                    lines[i + 1..(i + 3).min(lines.len())]
                        .iter()
                        .map(|l| l.to_string()),
                );
            }
        }
    }
    assert!(!out.is_empty(), "the seeds carry teaser blocks");
    out
}

#[test]
fn no_section_contains_page_noise() {
    let Some(dossier) = seed_dossier() else {
        return;
    };
    let inputs = seed_articles().unwrap();
    let teasers = raw_teaser_lines(&inputs);
    for (place, text) in shown_texts(&dossier) {
        let lower = text.to_lowercase();
        for marker in [
            "join us",
            "follow our",
            "picture credit",
            "other topics",
            "subscribe",
        ] {
            assert!(!lower.contains(marker), "{place} contains {marker:?}");
        }
        assert!(
            !text
                .split_whitespace()
                .any(|w| w.len() > 1 && (w.starts_with('#') || w.starts_with('@'))),
            "{place} contains a hashtag or handle"
        );
        assert!(
            !text.lines().any(|l| l.trim() == "Date:"),
            "{place} contains an empty label"
        );
        for teaser in &teasers {
            assert!(
                !text.contains(teaser.as_str()),
                "{place} contains a teaser line"
            );
        }
    }
}

#[test]
fn every_evidence_quote_matches_its_span() {
    let Some(dossier) = seed_dossier() else {
        return;
    };
    let json = serde_json::to_value(&dossier).unwrap();
    assert_eq!(json["schema"], "newsdesk.dossier/1");
    assert_evidence_exact(&json);
}

#[test]
fn undated_articles_keep_relative_dates_relative_and_ordered() {
    let Some(dossier) = seed_dossier() else {
        return;
    };
    assert!(dossier.articles.iter().all(|a| a.published.is_none()));
    let weekdays = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let mut last_weekday = 0;
    for entry in &dossier.timeline {
        if let Some(position) = weekdays
            .iter()
            .position(|d| entry.expression.starts_with(d))
        {
            assert_eq!(
                entry.date, None,
                "{} was guessed into a date",
                entry.expression
            );
            assert!(
                position >= last_weekday,
                "timeline out of order at {}",
                entry.expression
            );
            last_weekday = position;
        }
    }
    assert!(!dossier.timeline.is_empty());
}
