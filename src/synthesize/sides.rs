//! Sides: whom each speaker speaks for, so that perspectives can be grouped by side.
//!
//! Takes the story's resolved entities; gives each one that the sources tie to a party
//! its side, with the words that tie it and their evidence. A side is a country (or
//! bloc) or an organisation:
//! - an organisation speaks for itself, except a government body, which speaks for its
//!   country when its name says which ("Russian Foreign Ministry") or it stands for a
//!   government in news prose ("Kremlin", "Downing Street": [`METONYMS`]);
//! - a person speaks for the party their role names: a nationality or country ("Ukrainian
//!   President", "U.S. special envoy"), an organisation ("head of the Port Authority"), or
//!   the one organisation in the story whose head noun the role uses ("union leader" in a
//!   story with one union). A former role ("former NSC official") ties nobody; the party
//!   most of a person's roles name wins;
//! - an agent ("Trump’s special envoy", "Putin’s adviser") with no party of their own
//!   speaks for their principal's side, and a principal with none speaks for the side
//!   their agents' roles name ("U.S. special envoy" makes Trump's side the United States);
//! - an unnamed speaker's description may name one ("a senior European diplomat").
//!
//! Nothing here asserts more than the roles the sources print.

use super::resolve::Entity;
use super::{tidy, Story};
use crate::analyze::doc::{EntityKind, TokenKind};
use crate::analyze::lexicon::{OrgKind, PlaceKind, GAZETTEER, METONYMS};
use crate::article::Span;
use crate::dossier::Evidence;
use std::collections::BTreeMap;

/// At most this many citations back one speaker's side.
const MAX_EVIDENCE: usize = 3;

/// The party a speaker speaks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Affiliation {
    /// A country, bloc or organisation, by its canonical name.
    pub side: String,
    /// The words that tie the speaker to it, as written ("Ukrainian President").
    pub basis: String,
    pub evidence: Vec<Evidence>,
}

/// Role nouns of someone who acts for another: their principal's side is theirs.
const AGENT_NOUNS: &[&str] = &[
    "envoy",
    "adviser",
    "advisor",
    "aide",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "representative",
    "negotiator",
    "ambassador",
    "emissary",
    "deputy",
    "lawyer",
    "attorney",
    "minister",
    "secretary",
    "official",
    "staff",
];

/// Head nouns of organisations that a role may name without the organisation's full
/// name ("union leader", "the ministry's spokesman").
const ORGANISATION_HEADS: &[&str] = &[
    "union",
    "authority",
    "ministry",
    "party",
    "council",
    "company",
    "commission",
    "agency",
    "federation",
    "association",
    "chamber",
    "board",
    "committee",
    "department",
    "campaign",
];

/// Words that make a role a past one: it says nothing about whom they speak for now.
fn is_past_role(role: &str) -> bool {
    let first = role.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        first.as_str(),
        "former" | "ex" | "late" | "then" | "retired"
    ) || first.starts_with("ex-")
        || first.starts_with("then-")
}

fn without_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// The country (or bloc) a single word names: a demonym, a country, a continent, or a
/// capital or seat of government.
fn country_of_word(word: &str) -> Option<&'static str> {
    let word = without_possessive(word);
    if let Some(country) = GAZETTEER.demonyms.get(word) {
        return Some(country);
    }
    if let Some(place) = GAZETTEER.places.get(word) {
        if matches!(place.kind, PlaceKind::Country | PlaceKind::Continent) {
            return Some(place.name);
        }
    }
    METONYMS.get(word).copied()
}

/// The side an organisation or place speaks for when it speaks itself.
fn own_side(entity: &Entity) -> Option<String> {
    match entity.kind {
        EntityKind::Organization => {
            let governmental = matches!(
                entity.org_kind,
                Some(OrgKind::Government) | Some(OrgKind::Military)
            );
            if governmental {
                let country = METONYMS.get(entity.name.as_str()).copied().or_else(|| {
                    entity
                        .name
                        .split(|c: char| c.is_whitespace() || c == '-')
                        .find_map(country_of_word)
                });
                if let Some(country) = country {
                    return Some(country.to_string());
                }
            }
            Some(entity.name.clone())
        }
        EntityKind::Place => {
            let name = entity.name.as_str();
            METONYMS
                .get(name)
                .copied()
                .or_else(|| GAZETTEER.places.get(name).map(|p| p.name))
                .map(str::to_string)
        }
        _ => None,
    }
}

/// Votes for a party found in one role phrase.
struct RoleReading {
    sides: Vec<String>,
    /// People the role names as principal ("Trump’s special envoy"), by entity index.
    principals: Vec<usize>,
    role: String,
    evidence: Evidence,
}

/// What one role phrase of a mention ties its person to.
fn read_role(
    story: &Story,
    article: usize,
    mention: usize,
    heads: &BTreeMap<String, usize>,
) -> Option<RoleReading> {
    let doc = story.doc(article);
    let text = story.text(article);
    let named = &doc.mentions[mention];
    let role = named.role?;
    let role_text = role.slice(text);
    if is_past_role(role_text) {
        return None;
    }
    let mut sides: Vec<String> = Vec::new();
    let mut principals = Vec::new();
    let lower = role_text.to_lowercase();
    let is_agent = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| AGENT_NOUNS.contains(&w));
    // Names inside the role: places, organisations, principals.
    for inner in doc.mention_range(named.sentence) {
        let m = &doc.mentions[inner];
        if inner == mention || !role.contains(m.span) {
            continue;
        }
        let Some(index) = story.entities.index_of(article, inner) else {
            if let Some(country) = country_of_word(m.name(text)) {
                sides.push(country.to_string());
            }
            continue;
        };
        let entity = &story.entities.list[index];
        match entity.kind {
            EntityKind::Person if is_agent && m.possessive => principals.push(index),
            EntityKind::Person => {}
            _ => sides.extend(own_side(entity)),
        }
    }
    // Single words: demonyms, countries, and an organisation's head noun.
    for token in doc.sentence_tokens(named.sentence) {
        if !role.contains(token.span) || token.kind == TokenKind::Punct {
            continue;
        }
        let word = token.span.slice(text);
        if let Some(country) = country_of_word(word) {
            sides.push(country.to_string());
        } else if let Some(index) = heads.get(&without_possessive(word).to_lowercase()) {
            sides.extend(own_side(&story.entities.list[*index]));
        }
    }
    sides.dedup();
    (!sides.is_empty() || !principals.is_empty()).then(|| RoleReading {
        sides,
        principals,
        role: role_text.to_string(),
        evidence: story.evidence(article, role.cover(named.span)),
    })
}

/// The head noun by which the sources may name an organisation alone ("the union"): the
/// last word of its name, when it is an organisation head ([`ORGANISATION_HEADS`]) no
/// other organisation in the story ends with.
pub fn unique_head(story: &Story, entity: &Entity) -> Option<String> {
    let head_of = |e: &Entity| {
        (e.kind == EntityKind::Organization)
            .then(|| e.name.split_whitespace().last().map(str::to_lowercase))
            .flatten()
            .filter(|head| ORGANISATION_HEADS.contains(&head.as_str()))
    };
    let head = head_of(entity)?;
    let shared = story
        .entities
        .list
        .iter()
        .filter(|other| other.id != entity.id)
        .any(|other| head_of(other).as_deref() == Some(head.as_str()));
    (!shared).then_some(head)
}

/// Each entity's side, by index into `story.entities.list`.
pub fn build(story: &Story) -> Vec<Option<Affiliation>> {
    let list = &story.entities.list;
    // Organisation head nouns used by exactly one organisation in the story.
    let heads: BTreeMap<String, usize> = list
        .iter()
        .enumerate()
        .filter_map(|(index, entity)| unique_head(story, entity).map(|head| (head, index)))
        .collect();
    let mut readings: Vec<Vec<RoleReading>> = Vec::with_capacity(list.len());
    let mut sides: Vec<Option<Affiliation>> = Vec::with_capacity(list.len());
    for entity in list {
        let mut mine = Vec::new();
        let direct = match entity.kind {
            EntityKind::Person => {
                for at in &entity.mentions {
                    mine.extend(read_role(story, at.article, at.mention, &heads));
                }
                by_votes(&mine)
            }
            _ => own_side(entity).map(|side| {
                let at = entity.mentions[0];
                let span = story.doc(at.article).mentions[at.mention].span;
                Affiliation {
                    basis: entity.name.clone(),
                    side,
                    evidence: vec![story.evidence(at.article, span)],
                }
            }),
        };
        readings.push(mine);
        sides.push(direct);
    }
    // Agents without a party of their own take their principal's.
    let direct = sides.clone();
    for (index, mine) in readings.iter().enumerate() {
        if sides[index].is_some() {
            continue;
        }
        let inherited = mine.iter().find_map(|reading| {
            reading.principals.iter().find_map(|p| {
                direct[*p].as_ref().map(|principal| Affiliation {
                    side: principal.side.clone(),
                    basis: reading.role.clone(),
                    evidence: tidy(
                        std::iter::once(reading.evidence.clone())
                            .chain(principal.evidence.iter().cloned())
                            .take(MAX_EVIDENCE)
                            .collect(),
                    ),
                })
            })
        });
        sides[index] = inherited;
    }
    // Principals without a party take the one their agents' own roles name.
    for (agent, mine) in readings.iter().enumerate() {
        let Some(agent_side) = &direct[agent] else {
            continue;
        };
        for reading in mine {
            for principal in &reading.principals {
                if sides[*principal].is_none() {
                    let name = &list[agent].name;
                    sides[*principal] = Some(Affiliation {
                        side: agent_side.side.clone(),
                        basis: format!("{name}, {}; {}", reading.role, agent_side.basis),
                        evidence: tidy(
                            std::iter::once(reading.evidence.clone())
                                .chain(agent_side.evidence.iter().cloned())
                                .take(MAX_EVIDENCE)
                                .collect(),
                        ),
                    });
                }
            }
        }
    }
    sides
}

/// The party most of a person's roles name (ties: the one named first).
fn by_votes(readings: &[RoleReading]) -> Option<Affiliation> {
    let mut votes: Vec<(String, usize)> = Vec::new();
    for reading in readings {
        for side in &reading.sides {
            match votes.iter_mut().find(|(s, _)| s == side) {
                Some((_, n)) => *n += 1,
                None => votes.push((side.clone(), 1)),
            }
        }
    }
    let best = votes.iter().map(|(_, n)| *n).max()?;
    let (side, _) = votes.iter().find(|(_, n)| *n == best)?;
    let supporting: Vec<&RoleReading> =
        readings.iter().filter(|r| r.sides.contains(side)).collect();
    Some(Affiliation {
        side: side.clone(),
        basis: supporting[0].role.clone(),
        evidence: tidy(
            supporting
                .iter()
                .map(|r| r.evidence.clone())
                .take(MAX_EVIDENCE)
                .collect(),
        ),
    })
}

/// The side an unnamed speaker's description names ("a senior European diplomat").
pub fn of_description(story: &Story, article: usize, span: Span) -> Option<Affiliation> {
    let doc = story.doc(article);
    let text = story.text(article);
    let sentence = doc.sentence_at(span.start)?;
    let side = doc
        .sentence_tokens(sentence)
        .iter()
        .filter(|t| span.contains(t.span))
        .find_map(|t| country_of_word(t.span.slice(text)))?;
    Some(Affiliation {
        side: side.to_string(),
        basis: span.slice(text).to_string(),
        evidence: vec![story.evidence(article, span)],
    })
}

#[cfg(test)]
mod tests {
    use crate::pipeline::dossier_from_texts as dossier;

    fn sides_of(texts: &[&str]) -> Vec<(String, Option<String>)> {
        let d = dossier(texts);
        d.check_evidence().unwrap();
        d.perspectives
            .iter()
            .map(|p| (p.speaker.clone(), p.side.as_ref().map(|s| s.name.clone())))
            .collect()
    }

    #[test]
    fn principals_and_agents_share_a_side_and_a_former_role_ties_nobody() {
        let sides = sides_of(&[
            "Border Talks Resume\n\nPresident Aldo Ferrant said on Monday: \"We want this border settled before the winter comes.\"\n\nMarta Quell, Ferrant’s special envoy, said: \"Our offer on the river crossings stands until Friday.\"\n\nThe Italian special envoy Marta Quell met her counterpart in Trieste on Tuesday.\n\nGreek Prime Minister Nikos Aravan said: \"We have heard promises about the river crossings before.\"\n\nJonas Pereira, a former Greek ambassador, said: \"Both capitals need this deal more than they admit.\"",
        ]);
        let side = |name: &str| {
            sides
                .iter()
                .find(|(speaker, _)| speaker == name)
                .unwrap_or_else(|| panic!("{name} not among {sides:?}"))
                .1
                .clone()
        };
        assert_eq!(side("Aldo Ferrant").as_deref(), Some("Italy"), "{sides:?}");
        assert_eq!(side("Marta Quell").as_deref(), Some("Italy"), "{sides:?}");
        assert_eq!(side("Nikos Aravan").as_deref(), Some("Greece"), "{sides:?}");
        assert_eq!(side("Jonas Pereira"), None, "{sides:?}");
    }

    #[test]
    fn an_organisation_speaks_for_itself_and_a_role_may_name_it_by_its_head_noun() {
        let sides = sides_of(&[
            "Mill Strike Enters Second Week\n\nUnion leader Petra Holm said: \"We will stay out until the night shift is paid properly.\"\n\nThe Kessler Paper Company said in a statement: \"The mill cannot afford the wages the strikers demand.\"",
        ]);
        assert_eq!(
            sides,
            [
                ("Petra Holm".to_string(), None),
                ("Kessler Paper Company".to_string(), None),
            ],
            "one named side, no grouping"
        );
        let sides = sides_of(&[
            "Mill Strike Enters Second Week\n\nUnion leader Petra Holm said: \"We will stay out until the night shift is paid properly.\"\n\nThe Kessler Paper Company said in a statement: \"The mill cannot afford the wages the strikers demand.\"\n\nThe Mill Workers Union voted on Monday to extend the strike.",
        ]);
        assert!(
            sides.contains(&(
                "Petra Holm".to_string(),
                Some("Mill Workers Union".to_string())
            )),
            "{sides:?}"
        );
        assert!(
            sides.contains(&(
                "Kessler Paper Company".to_string(),
                Some("Kessler Paper Company".to_string())
            )),
            "{sides:?}"
        );
    }
}
