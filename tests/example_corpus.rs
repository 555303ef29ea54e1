//! The walking skeleton's acceptance tests on the project's own example corpus (a
//! fictional port strike covered by five outlets), plus snapshot tests of every rendering.

mod common;

use common::{assert_evidence_exact, shown_texts};
use newsdesk::dossier::Dossier;
use newsdesk::pipeline::{build_dossier, prepare, prepare_sources, Options};
use newsdesk::render::{render, Format};

fn example_dossier() -> Dossier {
    let prepared = prepare_sources(newsdesk::example::sources(), &Options::default());
    assert!(prepared.errors.is_empty(), "{:?}", prepared.errors);
    assert_eq!(prepared.articles.len(), 5);
    build_dossier(&prepared.articles).unwrap()
}

#[test]
fn people_merge_spelling_variants_and_carry_roles() {
    let dossier = example_dossier();
    let cases = [
        ("Tomas Ferreira", "Union leader", "Tomas Ferrera"),
        ("Ines Albarran", "Port director", "Ines Albaran"),
        ("Yulia Dmytrenko", "mediator", "Yulia Dmitrenko"),
        ("Dalia Okafor", "Transport Minister", "Okafor"),
        ("Rosa Ilves", "Economist", "Ilves"),
    ];
    for (name, role, alias) in cases {
        let person = dossier
            .people
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| {
                panic!(
                    "{name} missing: {:?}",
                    dossier.people.iter().map(|p| &p.name).collect::<Vec<_>>()
                )
            });
        assert_eq!(person.role.as_deref(), Some(role), "{name}");
        assert!(
            person.aliases.iter().any(|a| a == alias),
            "{name}: {:?}",
            person.aliases
        );
    }
    assert_eq!(dossier.people.len(), 5, "no spurious people");
}

#[test]
fn organizations_places_and_coverage() {
    let dossier = example_dossier();
    let orgs: Vec<(&str, &str)> = dossier
        .organizations
        .iter()
        .map(|o| (o.name.as_str(), o.kind.as_str()))
        .collect();
    for expected in [
        "Port Authority",
        "Velmora Dockworkers Union",
        "Velmora Freight",
        "University of Velmora",
    ] {
        assert!(
            orgs.iter().any(|(n, _)| *n == expected),
            "{expected} missing: {orgs:?}"
        );
    }
    let places: Vec<&str> = dossier.places.iter().map(|p| p.name.as_str()).collect();
    assert!(places.contains(&"Carrow"), "{places:?}");
    assert_eq!(dossier.coverage.article_count, 5);
    let outlets: Vec<&str> = dossier
        .coverage
        .outlets
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    for outlet in [
        "Coastline Daily",
        "Harbour Courier",
        "Radio Pelagia News",
        "North Shore Gazette",
    ] {
        assert!(outlets.contains(&outlet), "{outlet} missing: {outlets:?}");
    }
    assert_eq!(
        dossier.coverage.first_published.as_deref(),
        Some("2031-03-04")
    );
}

#[test]
fn perspectives_name_their_speakers() {
    let dossier = example_dossier();
    let speakers: Vec<&str> = dossier
        .perspectives
        .iter()
        .map(|p| p.speaker.as_str())
        .collect();
    for speaker in [
        "Tomas Ferreira",
        "Ines Albarran",
        "Dalia Okafor",
        "Rosa Ilves",
        "Yulia Dmytrenko",
        "one senior freight executive",
    ] {
        assert!(
            speakers.contains(&speaker),
            "{speaker} missing: {speakers:?}"
        );
    }
    // One voice per speaker: Ferreira is quoted in three articles, shown once.
    let ferreira = speakers.iter().filter(|s| **s == "Tomas Ferreira").count();
    assert_eq!(ferreira, 1, "{speakers:?}");
    // "“Retraining for what?” he asked. “For jobs …”": the pronoun is Ferrera, and the
    // two parts are one perspective (Coastline Daily alone, where it is his only quote).
    let coastline: Vec<_> = newsdesk::example::sources()
        .into_iter()
        .filter(|s| s.as_ref().is_ok_and(|s| s.origin.contains("coastline")))
        .collect();
    let prepared = prepare_sources(coastline, &Options::default());
    assert_eq!(prepared.articles.len(), 1);
    let coastline_dossier = build_dossier(&prepared.articles).unwrap();
    let retraining = coastline_dossier
        .perspectives
        .iter()
        .find(|p| p.quote.starts_with("Retraining"))
        .unwrap();
    assert_eq!(retraining.speaker, "Tomas Ferrera");
    assert!(
        retraining.quote.contains(" … For jobs"),
        "{}",
        retraining.quote
    );
    // A scare quote is not a perspective.
    assert!(dossier
        .perspectives
        .iter()
        .all(|p| !p.quote.starts_with("look again")));
}

#[test]
fn figure_and_spelling_disagreements() {
    let dossier = example_dossier();
    let figure = |needle: &str| {
        dossier
            .disagreements
            .iter()
            .find(|d| d.kind == "figure" && d.claims.iter().any(|c| c.text.contains(needle)))
            .unwrap_or_else(|| {
                panic!(
                    "no disagreement with {needle}: {:#?}",
                    dossier.disagreements
                )
            })
    };
    let workers = figure("1,200 dockworkers");
    assert!(workers.claims.iter().any(|c| c.text == "1,400 dockworkers"));
    let proposal = figure("12-point");
    assert!(proposal
        .claims
        .iter()
        .any(|c| c.text.starts_with("14-point") && c.articles.len() == 2));
    // "at least four vessels" and "six container vessels" agree: not a disagreement.
    assert!(dossier
        .disagreements
        .iter()
        .all(|d| !d.subject.contains("vessel")));
    let spellings: Vec<&str> = dossier
        .disagreements
        .iter()
        .filter(|d| d.kind == "name")
        .map(|d| d.subject.as_str())
        .collect();
    assert_eq!(spellings.len(), 3, "{spellings:?}");
}

#[test]
fn dated_coverage_gets_a_calendar_timeline_and_background() {
    let dossier = example_dossier();
    let strike_start = dossier
        .timeline
        .iter()
        .find(|t| t.text.contains("walked off the job"))
        .unwrap();
    assert_eq!(
        strike_start.date.as_deref(),
        Some("2031-03-03"),
        "Monday before 2031-03-04"
    );
    let dates: Vec<&str> = dossier
        .timeline
        .iter()
        .filter_map(|t| t.date.as_deref())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "timeline is in date order");
    // A conditional future is a scenario, not a timeline event.
    assert!(dossier
        .timeline
        .iter()
        .all(|t| !t.text.contains("could order")));
    assert!(dossier
        .scenarios
        .iter()
        .any(|s| s.text.contains("could order")));
    let background_years: Vec<&str> = dossier
        .background
        .iter()
        .filter_map(|b| b.date.as_deref())
        .collect();
    assert!(background_years.contains(&"2020"), "{background_years:?}");
}

#[test]
fn no_page_noise_survives() {
    let dossier = example_dossier();
    let noise = [
        "subscribe",
        "read more",
        "ferry fares",
        "photo:",
        "#portstrike",
        "share this",
        "follow the harbour",
        "lighthouse",
        "listen to the full report",
        "whatsapp",
        "picture credit",
        "cookies",
        "share on facebook",
        "idle cranes",
        "all rights reserved",
        "weather",
        "council delays",
    ];
    for (place, text) in shown_texts(&dossier) {
        let lower = text.to_lowercase();
        for marker in noise {
            assert!(!lower.contains(marker), "{place} contains {marker:?}");
        }
    }
}

#[test]
fn every_evidence_quote_matches_its_span() {
    let json = serde_json::to_value(example_dossier()).unwrap();
    assert_evidence_exact(&json);
}

#[test]
fn output_is_deterministic() {
    let first = example_dossier();
    let second = example_dossier();
    for format in [Format::Json, Format::Markdown, Format::Html] {
        assert_eq!(render(&first, format), render(&second, format), "{format}");
    }
}

#[test]
fn files_on_disk_brief_the_same_as_the_embedded_corpus() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/velmora-port-strike");
    // The folder's README describes the corpus and is not read as an article.
    let prepared = prepare(&[folder.to_string()], &Options::default());
    assert_eq!(prepared.articles.len(), 5);
    let from_disk = build_dossier(&prepared.articles).unwrap();
    let embedded = example_dossier();
    assert_eq!(from_disk.headline, embedded.headline);
    assert_eq!(from_disk.people, embedded.people);
    assert_eq!(from_disk.disagreements, embedded.disagreements);
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(
        "example_markdown",
        render(&example_dossier(), Format::Markdown)
    );
}

#[test]
fn html_snapshot() {
    insta::assert_snapshot!("example_html", render(&example_dossier(), Format::Html));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("example_json", render(&example_dossier(), Format::Json));
}

#[test]
fn the_readme_excerpt_is_real_output() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```markdown\n")
        .expect("the README shows an excerpt")
        + "```markdown\n".len();
    let excerpt = &readme[start..start + readme[start..].find("```").unwrap()];
    let output = render(&example_dossier(), Format::Markdown);
    let lines: Vec<&str> = output.lines().collect();
    for line in excerpt.lines().filter(|l| !l.is_empty()) {
        assert!(
            lines.contains(&line),
            "README excerpt line is not in `brief --example`: {line}"
        );
    }
}

/// The example story after its first three articles, then after all five: what a reader
/// who saw the first version is told has changed.
#[test]
fn changes_between_two_versions_snapshot() {
    let sources = newsdesk::example::sources();
    let early: Vec<_> = newsdesk::example::sources().into_iter().take(3).collect();
    let before = build_dossier(&prepare_sources(early, &Options::default()).articles).unwrap();
    let after = build_dossier(&prepare_sources(sources, &Options::default()).articles).unwrap();
    let changes = newsdesk::changes::between(&before, &after);
    // New coverage brings new sources, and nothing is reported twice.
    let new_sources = changes
        .changes
        .iter()
        .filter(|c| c.section == "sources" && c.kind == newsdesk::changes::ChangeKind::New)
        .count();
    assert_eq!(new_sources, 2);
    let mut keys: Vec<(&str, &str)> = changes
        .changes
        .iter()
        .map(|c| (c.section.as_str(), c.key.as_str()))
        .collect();
    let total = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), total, "an item appears once");
    insta::assert_snapshot!("example_changes_md", changes.markdown());
    assert!(newsdesk::changes::between(&after, &after)
        .changes
        .is_empty());
}
