//! People, organisations and places: each resolved entity with its canonical name,
//! aliases, role (for people) or kind (for organisations), and its part in the story — the
//! most central sentence in which it is the subject, else in which it is named.

use super::resolve::Entity;
use super::{articles_of, tidy, Story};
use crate::analyze::doc::EntityKind;
use crate::analyze::quotes::subject;
use crate::dossier::{Evidence, Organization, Person, Place};
use std::collections::BTreeMap;

const MAX_PEOPLE: usize = 15;
const MAX_ORGANIZATIONS: usize = 12;
const MAX_PLACES: usize = 10;

/// Words stripped to compare role phrases: possessors, nationalities and articles.
fn role_core(role: &str) -> String {
    let lower = role.to_lowercase().replace('’', "'");
    // A leading possessor ("the Board's special envoy") is not part of the role; a
    // possessive inside a complement ("head of Velmora's port fund") is.
    let after_possessor = match lower.split_once("'s ") {
        Some((possessor, rest)) if !possessor.contains(" of ") => rest.to_string(),
        _ => lower.clone(),
    };
    after_possessor
        .split_whitespace()
        .filter(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            !matches!(
                bare,
                "the" | "a" | "an" | "us" | "u.s" | "u.s." | "uk" | "u.k" | "eu" | "former"
            ) && !crate::analyze::lexicon::GAZETTEER
                .demonyms
                .keys()
                .any(|d| d.eq_ignore_ascii_case(bare))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

struct RoleChoice {
    role: Option<String>,
    roles: Vec<String>,
    evidence: Option<Evidence>,
}

/// The role most sources give: roles are grouped by their core ("special envoy"), the
/// largest group wins (ties: the earliest article), and within it the most frequent
/// wording (ties: the earliest).
fn choose_role(story: &Story, entity: &Entity) -> RoleChoice {
    let mut occurrences: Vec<(String, String, usize, Evidence)> = Vec::new();
    for at in &entity.mentions {
        let mention = &story.doc(at.article).mentions[at.mention];
        if let Some(role) = mention.role {
            let text = role.slice(story.text(at.article)).to_string();
            let core = role_core(&text);
            if core.is_empty() {
                continue;
            }
            let evidence = story.evidence(at.article, role.cover(mention.span));
            occurrences.push((core, text, at.article, evidence));
        }
    }
    let mut roles: Vec<String> = occurrences.iter().map(|o| o.1.clone()).collect();
    roles.sort();
    roles.dedup();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, occurrence) in occurrences.iter().enumerate() {
        groups.entry(occurrence.0.as_str()).or_default().push(index);
    }
    let best_group = groups.values().max_by(|a, b| {
        a.len()
            .cmp(&b.len())
            .then_with(|| occurrences[b[0]].2.cmp(&occurrences[a[0]].2))
            .then_with(|| b[0].cmp(&a[0]))
    });
    let Some(group) = best_group else {
        return RoleChoice {
            role: None,
            roles,
            evidence: None,
        };
    };
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for index in group {
        let entry = counts
            .entry(occurrences[*index].1.as_str())
            .or_insert((0, *index));
        entry.0 += 1;
    }
    let (wording, (_, first_index)) = counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .expect("group is non-empty");
    RoleChoice {
        role: Some(wording.to_string()),
        roles,
        evidence: Some(occurrences[first_index].3.clone()),
    }
}

/// The sentence that best shows an entity's part: most central among those where it is
/// the subject; failing that, among those that name it.
fn part_sentence(story: &Story, entity: &Entity, subject_only: bool) -> Option<(usize, usize)> {
    let mut best: Option<((usize, usize), f64)> = None;
    for at in &entity.mentions {
        let mention = &story.doc(at.article).mentions[at.mention];
        let sentence = mention.sentence;
        if !story.is_body(at.article, sentence) {
            continue;
        }
        let is_subject = subject(
            story.text(at.article),
            story.doc(at.article),
            sentence,
            None,
        ) == Some(at.mention);
        if subject_only && !is_subject {
            continue;
        }
        let words = story.word_count(at.article, sentence);
        if !(6..=70).contains(&words) {
            continue;
        }
        // Their own words are in perspectives; here, prefer what the sources report.
        let quoted = story.is_mostly_quoted(at.article, sentence);
        let score = story.centrality(at.article, sentence) + if is_subject { 0.2 } else { 0.0 }
            - if quoted { 0.5 } else { 0.0 };
        if best.is_none_or(|(_, top)| score > top) {
            best = Some(((at.article, sentence), score));
        }
    }
    best.map(|(at, _)| at).or_else(|| {
        (!subject_only)
            .then(|| first_body_sentence(story, entity))
            .flatten()
    })
}

fn first_body_sentence(story: &Story, entity: &Entity) -> Option<(usize, usize)> {
    entity.mentions.iter().find_map(|at| {
        let sentence = story.doc(at.article).mentions[at.mention].sentence;
        story
            .is_body(at.article, sentence)
            .then_some((at.article, sentence))
    })
}

fn part(story: &Story, entity: &Entity) -> Option<(String, Evidence)> {
    let (article, sentence) =
        part_sentence(story, entity, true).or_else(|| part_sentence(story, entity, false))?;
    Some((
        story.sentence_text(article, sentence).to_string(),
        story.sentence_evidence(article, sentence),
    ))
}

/// Evidence for a mention when an entity appears only in headlines.
fn mention_evidence(story: &Story, entity: &Entity) -> Evidence {
    let at = entity.mentions[0];
    let mention = &story.doc(at.article).mentions[at.mention];
    story.evidence(at.article, mention.span)
}

pub fn people(story: &Story) -> Vec<Person> {
    story
        .entities
        .list
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .take(MAX_PEOPLE)
        .map(|entity| {
            let role = choose_role(story, entity);
            let (text, part_evidence) = part(story, entity)
                .unwrap_or_else(|| (entity.name.clone(), mention_evidence(story, entity)));
            let mut evidence = Vec::new();
            evidence.extend(role.evidence);
            evidence.push(part_evidence);
            let evidence = tidy(evidence);
            Person {
                id: entity.id.clone(),
                name: entity.name.clone(),
                aliases: entity.aliases.clone(),
                role: role.role,
                roles: role.roles,
                mentions: entity.mentions.len(),
                articles: entity.articles.clone(),
                text,
                evidence,
            }
        })
        .collect()
}

pub fn organizations(story: &Story) -> Vec<Organization> {
    story
        .entities
        .list
        .iter()
        .filter(|e| e.kind == EntityKind::Organization)
        .take(MAX_ORGANIZATIONS)
        .map(|entity| {
            let (text, evidence) = part(story, entity)
                .unwrap_or_else(|| (entity.name.clone(), mention_evidence(story, entity)));
            Organization {
                id: entity.id.clone(),
                name: entity.name.clone(),
                aliases: entity.aliases.clone(),
                kind: entity
                    .org_kind
                    .unwrap_or(crate::analyze::lexicon::OrgKind::Other)
                    .label()
                    .to_string(),
                mentions: entity.mentions.len(),
                articles: entity.articles.clone(),
                text,
                evidence: vec![evidence],
                stance: super::stance::of(
                    story,
                    entity,
                    super::sides::unique_head(story, entity).as_deref(),
                ),
            }
        })
        .collect()
}

pub fn places(story: &Story) -> Vec<Place> {
    story
        .entities
        .list
        .iter()
        .filter(|e| e.kind == EntityKind::Place)
        .take(MAX_PLACES)
        .map(|entity| {
            let (text, evidence) = part_sentence(story, entity, false)
                .map(|(a, s)| {
                    (
                        story.sentence_text(a, s).to_string(),
                        story.sentence_evidence(a, s),
                    )
                })
                .unwrap_or_else(|| (entity.name.clone(), mention_evidence(story, entity)));
            let evidence = vec![evidence];
            debug_assert!(!articles_of(&evidence).is_empty());
            Place {
                id: entity.id.clone(),
                name: entity.name.clone(),
                aliases: entity.aliases.clone(),
                mentions: entity.mentions.len(),
                articles: entity.articles.clone(),
                text,
                evidence,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::role_core;

    #[test]
    fn role_cores_ignore_possessors_and_nationalities() {
        assert_eq!(role_core("Harbor Board’s special envoy"), "special envoy");
        assert_eq!(role_core("U.S. special envoy"), "special envoy");
        assert_eq!(
            role_core("Osterran Transport Minister"),
            "osterran transport minister"
        );
        assert_eq!(role_core("Portuguese President"), "president");
        assert_eq!(
            role_core("Kremlin-linked head of Velmora’s port fund"),
            "kremlin-linked head of velmora's port fund"
        );
    }
}
