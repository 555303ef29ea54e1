//! Name disagreements: a person whose name the sources spell differently ("Ferreira" /
//! "Ferrera", "Albarran" / "Albaran"), each spelling shown with the articles that use
//! it. Figure disagreements come from [`super::figures`].

use super::{articles_of, tidy, Story};
use crate::analyze::doc::EntityKind;
use crate::dossier::{Claim, Disagreement};

pub fn name_spellings(story: &Story) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for entity in &story.entities.list {
        if entity.kind != EntityKind::Person || entity.spellings.len() < 2 {
            continue;
        }
        // Only a disagreement when some article uses one spelling and not another.
        let distinct_sets = entity
            .spellings
            .windows(2)
            .any(|pair| pair[0].1 != pair[1].1);
        if !distinct_sets {
            continue;
        }
        let claims: Vec<Claim> = entity
            .spellings
            .iter()
            .map(|(spelling, _)| {
                let evidence = tidy(
                    entity
                        .mentions
                        .iter()
                        .filter(|at| {
                            let mention = &story.doc(at.article).mentions[at.mention];
                            mention
                                .span
                                .slice(story.text(at.article))
                                .ends_with(spelling.as_str())
                        })
                        .map(|at| {
                            let mention = &story.doc(at.article).mentions[at.mention];
                            story.evidence(at.article, mention.span)
                        })
                        .collect(),
                );
                // One citation per article is enough to show who spells it how.
                let mut seen = Vec::new();
                let evidence: Vec<_> = evidence
                    .into_iter()
                    .filter(|e| {
                        let first = !seen.contains(&e.article);
                        seen.push(e.article);
                        first
                    })
                    .collect();
                Claim {
                    text: spelling.clone(),
                    articles: articles_of(&evidence),
                    evidence,
                }
            })
            .filter(|claim| !claim.evidence.is_empty())
            .collect();
        if claims.len() < 2 {
            continue;
        }
        let text = format!(
            "The sources spell {}'s name {}.",
            entity.name,
            claims
                .iter()
                .map(|c| {
                    let sources: Vec<String> =
                        c.articles.iter().map(|a| story.source_name(*a)).collect();
                    format!("“{}” ({})", c.text, sources.join(", "))
                })
                .collect::<Vec<_>>()
                .join(" and ")
        );
        let evidence = tidy(claims.iter().flat_map(|c| c.evidence.clone()).collect());
        out.push(Disagreement {
            subject: format!("Spelling of {}", entity.name),
            kind: "name".to_string(),
            text,
            claims,
            evidence,
        });
    }
    out
}
