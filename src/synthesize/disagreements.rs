//! Name disagreements: a person whose name the sources spell differently ("Ferreira" /
//! "Ferrera", "Albarran" / "Albaran"), each spelling shown with the articles that use
//! it; date disagreements: one event dated differently by different outlets. Figure
//! disagreements come from [`super::figures`].

use super::datewise::named_days;
use super::furniture::repetition_key;
use super::{articles_of, tidy, Story};
use crate::analyze::doc::EntityKind;
use crate::date::{weekday_name, Date};
use crate::dossier::{Claim, Disagreement};
use std::collections::{BTreeMap, BTreeSet};

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

/// Sentences from different articles this similar (TF-IDF cosine) tell of the same event.
const SAME_EVENT_SIMILARITY: f64 = 0.5;

/// A sentence about what could happen ("could order a cooling-off period on Monday if …"):
/// its day is a possibility or a deadline, not a date the sources report.
fn is_conditional(sentence: &str) -> bool {
    sentence.split(|c: char| !c.is_alphabetic()).any(|word| {
        matches!(
            word.to_lowercase().as_str(),
            "could" | "would" | "might" | "may" | "if" | "unless" | "threatened" | "threatens"
        )
    })
}

/// Two sentences that each report their own article's news (the day is the publication
/// day or the one before) in articles published days apart are two occurrences of a
/// recurring event ("the WHO confirmed 236 cases yesterday" and, a week later, "… 787
/// infections yesterday"), however alike their words.
fn separate_updates(
    story: &Story,
    ((a, _), a_day): ((usize, usize), Date),
    ((b, _), b_day): ((usize, usize), Date),
) -> bool {
    let fresh = |article: usize, day: Date| {
        story.articles[article]
            .article
            .meta
            .published_date()
            .is_some_and(|published| (0..=1).contains(&(published.to_days() - day.to_days())))
    };
    fresh(a, a_day)
        && fresh(b, b_day)
        && story
            .published_days_apart(a, b)
            .is_some_and(|days| days > super::CONTEMPORARY_DAYS)
}

/// Date disagreements: two outlets date the same event differently ("walked out on
/// Monday" in one, "on Sunday" in another, each resolved against its own publication
/// day). Candidates are body sentences that name exactly one day as an event (not a day
/// counted from, "since March 4"); two from different articles are the same event when
/// their words are close; a group of such sentences that names more than one day is a
/// disagreement, one claim per day.
pub fn dates(story: &Story) -> Vec<Disagreement> {
    let dated: Vec<((usize, usize), Date)> = story
        .body_sentences()
        .into_iter()
        .filter(|(a, s)| {
            !story.is_mostly_quoted(*a, *s) && !is_conditional(story.sentence_text(*a, *s))
        })
        .filter_map(|(a, s)| {
            let (_, events) = named_days(&story.articles[a], s);
            (events.len() == 1).then(|| ((a, s), events[0]))
        })
        .collect();
    // The same sentence in several articles that dates itself differently resolved
    // "yesterday" against each one's publication day: a paragraph carried into later
    // updates, whose days say nothing about when the event happened.
    let key = |(a, s): (usize, usize)| repetition_key(story.sentence_text(a, s));
    let mut days_per_sentence: BTreeMap<String, BTreeSet<Date>> = BTreeMap::new();
    for (at, day) in &dated {
        days_per_sentence.entry(key(*at)).or_default().insert(*day);
    }
    let dated: Vec<((usize, usize), Date)> = dated
        .into_iter()
        .filter(|(at, _)| days_per_sentence[&key(*at)].len() == 1)
        .collect();
    // Groups of same-event sentences (union-find over similar pairs across articles).
    let mut parent: Vec<usize> = (0..dated.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..dated.len() {
        for j in i + 1..dated.len() {
            let ((a, _), (b, _)) = (dated[i].0, dated[j].0);
            if a != b
                && !separate_updates(story, dated[i], dated[j])
                && story.similarity(dated[i].0, dated[j].0) >= SAME_EVENT_SIMILARITY
            {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..dated.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out = Vec::new();
    for members in groups.values() {
        let mut by_day: BTreeMap<Date, Vec<usize>> = BTreeMap::new();
        for &i in members {
            by_day.entry(dated[i].1).or_default().push(i);
        }
        if by_day.len() < 2 {
            continue;
        }
        let claims: Vec<Claim> = by_day
            .iter()
            .map(|(day, indices)| {
                let evidence = tidy(
                    indices
                        .iter()
                        .map(|&i| story.sentence_evidence(dated[i].0 .0, dated[i].0 .1))
                        .collect(),
                );
                Claim {
                    text: format!("{} ({})", day.iso(), weekday_name(day.weekday())),
                    articles: articles_of(&evidence),
                    evidence,
                }
            })
            .collect();
        // The event as the earliest-published telling puts it.
        let (first_article, first_sentence) = dated[members[0]].0;
        let event = crate::render::shorten(story.sentence_text(first_article, first_sentence), 90);
        let text = format!(
            "The sources date this differently: {}. “{}”",
            claims
                .iter()
                .map(|c| {
                    let sources: Vec<String> =
                        c.articles.iter().map(|a| story.source_name(*a)).collect();
                    format!("{} ({})", c.text, sources.join(", "))
                })
                .collect::<Vec<_>>()
                .join(" versus "),
            event
        );
        let evidence = tidy(claims.iter().flat_map(|c| c.evidence.clone()).collect());
        out.push(Disagreement {
            subject: format!("Date of “{event}”"),
            kind: "date".to_string(),
            text,
            claims,
            evidence,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::pipeline::dossier_from_texts as dossier;

    #[test]
    fn two_dates_for_one_event_disagree() {
        let d = dossier(&[
            "Walkout at Port Kelm\nPublished: March 4, 2031\n\nDockworkers at Port Kelm walked off the job on Monday after talks on crane automation collapsed, the union said. Union leader Ilse Brandt said the strike would last until the port authority put job guarantees in writing. Container ships waited at anchor outside the harbour.",
            "Port Kelm Strike Enters Third Day\nPublished: March 5, 2031\n\nShipping agents said two vessels had been diverted north to Brask. Dockworkers at Port Kelm walked off the job on Sunday after the talks on crane automation collapsed, the port authority said. The authority has offered retraining but no guarantees.",
        ]);
        let dates: Vec<_> = d
            .disagreements
            .iter()
            .filter(|x| x.kind == "date")
            .collect();
        assert_eq!(dates.len(), 1, "{:#?}", d.disagreements);
        let claims: Vec<&str> = dates[0].claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(claims, vec!["2031-03-02 (Sunday)", "2031-03-03 (Monday)"]);
    }

    #[test]
    fn what_could_happen_on_a_day_is_no_date_claim() {
        let d = dossier(&[
            "Talks at Port Kelm\nPublished: March 4, 2031\n\nThe minister said the government could order the dockworkers back to work on Sunday if talks at Port Kelm fail. Union leader Ilse Brandt said members would vote on the offer.",
            "Port Kelm Deadline\nPublished: March 5, 2031\n\nShipping agents counted six idle vessels. The minister said the government could order the dockworkers back to work on Monday if talks at Port Kelm fail, officials said.",
        ]);
        assert!(
            d.disagreements.iter().all(|x| x.kind != "date"),
            "{:#?}",
            d.disagreements
        );
    }

    #[test]
    fn one_day_named_two_ways_is_no_disagreement() {
        let d = dossier(&[
            "Walkout at Port Kelm\nPublished: March 4, 2031\n\nDockworkers at Port Kelm walked off the job on Monday after talks on crane automation collapsed, the union said. Union leader Ilse Brandt said the strike would last until the port authority put job guarantees in writing. Container ships waited at anchor outside the harbour.",
            "Port Kelm Strike Enters Third Day\nPublished: March 6, 2031\n\nShipping agents said two vessels had been diverted north to Brask. Dockworkers at Port Kelm walked off the job on March 3 after the talks on crane automation collapsed, the port authority said. The authority has offered retraining but no guarantees.",
            "Ferry Fares Rise\nPublished: March 6, 2031\n\nThe island ferry operator raised fares on Wednesday, blaming fuel costs.",
        ]);
        assert!(
            d.disagreements.iter().all(|x| x.kind != "date"),
            "{:#?}",
            d.disagreements
        );
    }

    #[test]
    fn a_recurring_update_is_no_date_disagreement() {
        // Each article reports the ministry's count "yesterday": two updates ten days
        // apart, worded alike, not one event dated two ways.
        let d = dossier(&[
            "Marsh Fever Count\nPublished: May 4, 2031\n\nThe Velmora health ministry confirmed 236 cases of marsh fever yesterday, up from 148. Clinics in the delta stayed open late.",
            "Marsh Fever Count Rises\nPublished: May 14, 2031\n\nThe Velmora health ministry confirmed 787 cases of marsh fever yesterday, up from 640. Schools in the delta closed for a week.",
        ]);
        assert!(
            d.disagreements.iter().all(|x| x.kind != "date"),
            "{:#?}",
            d.disagreements
        );
    }

    #[test]
    fn a_paragraph_carried_into_later_updates_is_no_date_disagreement() {
        let carried = "Harbour pilots met the port authority yesterday to discuss night shifts.";
        let d = dossier(&[
            &format!("Pilots Meet\nPublished: June 2, 2031\n\n{carried} The talks were described as calm."),
            &format!("Pilots Strike Vote\nPublished: June 9, 2031\n\nPilots will vote on a strike next week. {carried}"),
        ]);
        assert!(
            d.disagreements.iter().all(|x| x.kind != "date"),
            "{:#?}",
            d.disagreements
        );
    }
}
