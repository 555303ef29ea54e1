//! What changed between two versions of a story's dossier: items that are new, items
//! whose wording or figures changed, and items no longer in the dossier (retracted).
//!
//! Takes two [`Dossier`]s (an earlier and a later version). Gives [`Changes`], rendered as
//! Markdown, JSON (`newsdesk.changes/1`) or HTML. Items are matched across versions by
//! what they are about, never by position or citation numbers (articles are renumbered as
//! coverage grows): a person by name, an organisation by name, a figure by its label and
//! unit, a quote by speaker and words, a disagreement by its subject, a timeline entry by
//! its date and words, and the rest by their text.

use crate::dossier::Dossier;
use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "newsdesk.changes/1";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    New,
    Changed,
    Retracted,
}

impl ChangeKind {
    fn heading(self) -> &'static str {
        match self {
            ChangeKind::New => "New",
            ChangeKind::Changed => "Changed",
            ChangeKind::Retracted => "No longer in the dossier",
        }
    }
}

/// One item that differs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub section: String,
    pub kind: ChangeKind,
    /// What the item is about (a name, a date, a label).
    pub key: String,
    /// The item as it reads now (for a retracted item: as it read before).
    pub text: String,
    /// For a changed item: how it read before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub schema: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<i64>,
    pub from_version: Option<i64>,
    pub to_version: Option<i64>,
    pub headline: String,
    pub changes: Vec<Change>,
}

/// An item reduced to what identifies it and what a reader sees of it.
struct Keyed {
    key: String,
    /// Other keys the same item may have had (a person's other spellings).
    aliases: Vec<String>,
    text: String,
}

fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Each section's items, keyed. Sections are listed in reading order.
fn sections(d: &Dossier) -> Vec<(&'static str, Vec<Keyed>)> {
    let keyed = |key: String, text: String| Keyed {
        key,
        aliases: Vec::new(),
        text,
    };
    let named = |name: &str, aliases: &[String], text: String| Keyed {
        key: norm(name),
        aliases: aliases.iter().map(|a| norm(a)).collect(),
        text,
    };
    let by_text = |text: &str| keyed(norm(text), text.to_string());
    vec![
        (
            "headline",
            vec![keyed("headline".into(), d.headline.text.clone())],
        ),
        ("dek", vec![keyed("dek".into(), d.dek.text.clone())]),
        (
            "overview",
            d.overview.iter().map(|t| by_text(&t.text)).collect(),
        ),
        (
            "key indicators",
            d.key_indicators
                .iter()
                .map(|k| {
                    keyed(
                        format!("{} ({})", norm(&k.label), k.unit),
                        format!("{} — {}", k.text, k.label),
                    )
                })
                .collect(),
        ),
        (
            "people",
            d.people
                .iter()
                .map(|p| {
                    let role = p
                        .role
                        .as_deref()
                        .map(|r| format!(", {r}"))
                        .unwrap_or_default();
                    named(&p.name, &p.aliases, format!("{}{role}: {}", p.name, p.text))
                })
                .collect(),
        ),
        (
            "organizations",
            d.organizations
                .iter()
                .map(|o| {
                    named(
                        &o.name,
                        &o.aliases,
                        format!("{} ({}): {}", o.name, o.kind, o.text),
                    )
                })
                .collect(),
        ),
        (
            "timeline",
            d.timeline
                .iter()
                .map(|t| {
                    let when = t.date.clone().unwrap_or_else(|| t.expression.clone());
                    keyed(
                        format!("{when} {}", norm(&t.text)),
                        format!("{when}: {}", t.text),
                    )
                })
                .collect(),
        ),
        (
            "perspectives",
            d.perspectives
                .iter()
                .map(|p| {
                    keyed(
                        format!("{} {}", norm(&p.speaker), norm(&p.quote)),
                        format!("{}: {}", p.speaker, p.quote),
                    )
                })
                .collect(),
        ),
        (
            "disagreements",
            d.disagreements
                .iter()
                .map(|x| keyed(format!("{} {}", x.kind, norm(&x.subject)), x.text.clone()))
                .collect(),
        ),
        (
            "scenarios",
            d.scenarios.iter().map(|s| by_text(&s.text)).collect(),
        ),
        (
            "background",
            d.background.iter().map(|b| by_text(&b.text)).collect(),
        ),
        (
            "sources",
            d.articles
                .iter()
                .map(|a| {
                    let outlet = a.outlet.as_deref().unwrap_or("unknown outlet");
                    keyed(a.id.clone(), format!("{} ({outlet})", a.title))
                })
                .collect(),
        ),
    ]
}

/// The differences from `before` to `after`.
pub fn between(before: &Dossier, after: &Dossier) -> Changes {
    let mut changes = Vec::new();
    for ((section, old), (_, new)) in sections(before).into_iter().zip(sections(after)) {
        let mut matched = vec![false; old.len()];
        let push = |changes: &mut Vec<Change>, kind, item: &Keyed, previous: Option<&Keyed>| {
            changes.push(Change {
                section: section.to_string(),
                kind,
                key: item.key.clone(),
                text: item.text.clone(),
                previous: previous.map(|p| p.text.clone()),
            })
        };
        for item in &new {
            // The same key, else (for names) a spelling the other version knew.
            let found = old
                .iter()
                .enumerate()
                .find(|(i, o)| !matched[*i] && o.key == item.key)
                .or_else(|| {
                    old.iter().enumerate().find(|(i, o)| {
                        !matched[*i]
                            && (item.aliases.contains(&o.key) || o.aliases.contains(&item.key))
                    })
                });
            match found {
                None => push(&mut changes, ChangeKind::New, item, None),
                Some((i, previous)) => {
                    matched[i] = true;
                    if previous.text != item.text {
                        push(&mut changes, ChangeKind::Changed, item, Some(previous));
                    }
                }
            }
        }
        for (item, _) in old.iter().zip(&matched).filter(|(_, m)| !**m) {
            push(&mut changes, ChangeKind::Retracted, item, None);
        }
    }
    Changes {
        schema: SCHEMA.to_string(),
        story: after.story.as_ref().map(|s| s.id),
        from_version: before.story.as_ref().map(|s| s.version),
        to_version: after.story.as_ref().map(|s| s.version),
        headline: after.headline.text.clone(),
        changes,
    }
}

impl Changes {
    fn title(&self) -> String {
        match (self.from_version, self.to_version) {
            (Some(from), Some(to)) => format!("What changed from version {from} to version {to}"),
            _ => "What changed".to_string(),
        }
    }

    /// The changes grouped by kind, then by section, in reading order.
    fn grouped(&self) -> Vec<(ChangeKind, Vec<&Change>)> {
        [ChangeKind::New, ChangeKind::Changed, ChangeKind::Retracted]
            .into_iter()
            .map(|kind| {
                (
                    kind,
                    self.changes
                        .iter()
                        .filter(|c| c.kind == kind)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, list)| !list.is_empty())
            .collect()
    }

    pub fn markdown(&self) -> String {
        let mut out = format!("# {}\n\n## {}\n\n", self.headline, self.title());
        if self.changes.is_empty() {
            out.push_str("Nothing changed.\n");
            return out;
        }
        for (kind, list) in self.grouped() {
            out.push_str(&format!("### {}\n\n", kind.heading()));
            for change in list {
                out.push_str(&format!("- *{}*: {}\n", change.section, change.text));
                if let Some(previous) = &change.previous {
                    out.push_str(&format!("  (was: {previous})\n"));
                }
            }
            out.push('\n');
        }
        out
    }

    pub fn json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("changes always serialise");
        out.push('\n');
        out
    }

    /// A standalone page of the changes.
    pub fn html(&self) -> String {
        let body = maud::html! {
            h1 { (self.headline) }
            (self.html_section())
        };
        crate::render::html::page(&self.title(), body).into_string()
    }

    /// The changes as a page section (the web story page shows it above the dossier).
    pub fn html_section(&self) -> maud::Markup {
        maud::html! {
            section.changes {
            h2 { (self.title()) }
            @if self.changes.is_empty() {
                p { "Nothing changed." }
            }
            @for (kind, list) in self.grouped() {
                section {
                    h3 { (kind.heading()) }
                    ul {
                        @for change in list {
                            li {
                                em { (change.section) } ": " (change.text)
                                @if let Some(previous) = &change.previous {
                                    br; small { "was: " (previous) }
                                }
                            }
                        }
                    }
                }
            }
            }
        }
    }

    pub fn render(&self, format: crate::render::Format) -> String {
        match format {
            crate::render::Format::Markdown => self.markdown(),
            crate::render::Format::Json => self.json(),
            crate::render::Format::Html => self.html(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{RawSource, SourceFormat};
    use crate::pipeline::{build_dossier, prepare_sources, Options};

    fn dossier(texts: &[&str]) -> Dossier {
        let sources = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let mut source = RawSource::new(
                    format!("a{i}.txt"),
                    text.as_bytes().to_vec(),
                    SourceFormat::Text,
                );
                source.hints.published = Some(format!("2031-05-0{}", i + 1));
                source.hints.outlet = Some(format!("Outlet {i}"));
                Ok(source)
            })
            .collect();
        build_dossier(&prepare_sources(sources, &Options::default()).articles).unwrap()
    }

    const FIRST: &str = "Ferry Strike Begins\n\nCrews of the Calder Line walked off their ferries in Port Velmora on Monday, union leader Maren Oduya said.\n\nThe Calder Line said 40 crossings were cancelled.\n";
    const SECOND: &str = "Ferry Talks Open\n\nTalks between the Calder Line and the crews opened on Tuesday, union leader Maren Oduya said.\n\nThe Calder Line said 60 crossings were cancelled since Monday.\n";

    #[test]
    fn the_same_dossier_has_no_changes() {
        let d = dossier(&[FIRST]);
        let changes = between(&d, &d);
        assert!(changes.changes.is_empty());
        assert!(changes.markdown().contains("Nothing changed."));
    }

    #[test]
    fn new_coverage_shows_as_new_and_changed_items() {
        let before = dossier(&[FIRST]);
        let after = dossier(&[FIRST, SECOND]);
        let changes = between(&before, &after);
        let new_source = changes
            .changes
            .iter()
            .find(|c| c.section == "sources" && c.kind == ChangeKind::New)
            .expect("the second article is a new source");
        assert!(
            new_source.text.contains("Ferry Talks Open"),
            "{new_source:?}"
        );
        // Going back the other way, the same items read as retracted.
        let back = between(&after, &before);
        assert!(back
            .changes
            .iter()
            .any(|c| c.section == "sources" && c.kind == ChangeKind::Retracted));
        let json: serde_json::Value = serde_json::from_str(&changes.json()).unwrap();
        assert_eq!(json["schema"], SCHEMA);
        assert!(changes.html().contains("What changed"));
    }

    #[test]
    fn a_respelt_name_is_a_changed_person_not_a_new_one() {
        let before = dossier(&[FIRST]);
        let mut after = before.clone();
        let person = after
            .people
            .iter_mut()
            .find(|p| p.name == "Maren Oduya")
            .expect("the union leader is a person");
        person.aliases.push(person.name.clone());
        person.name = "Maren Odouya".into();
        let changes = between(&before, &after);
        let people: Vec<&Change> = changes
            .changes
            .iter()
            .filter(|c| c.section == "people")
            .collect();
        assert_eq!(people.len(), 1, "{people:?}");
        assert_eq!(people[0].kind, ChangeKind::Changed);
    }
}
