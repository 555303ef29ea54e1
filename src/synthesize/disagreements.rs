//! Name disagreements: a person whose name the sources spell differently ("Ferreira" /
//! "Ferrera", "Albarran" / "Albaran"), each spelling shown with the articles that use
//! it; date disagreements: one event dated differently by different outlets; claim
//! disagreements: what one source reports and another, writing at the same time, denies.
//! Figure disagreements come from [`super::figures`].

use super::contradiction;
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

/// Sentences this similar (TF-IDF cosine) can be two tellings of one claim. Lower, and
/// general statements about different subjects that share a phrase ("humans, who have
/// some natural immunity" to seasonal flu / "humans do not have any natural immunity"
/// to new viruses, 0.32) pass for one claim; a report and its denial score about 0.7.
const SAME_CLAIM_SIMILARITY: f64 = 0.5;
/// Shorter sentences ("It is not the union.") are too bare to compare.
const MIN_CLAIM_WORDS: usize = 8;
/// At most this many claim disagreements, those involving the most articles first.
const MAX_CLAIM_DISAGREEMENTS: usize = 5;

/// Claim disagreements: a body sentence (the reporter's own words: no quotation, question
/// or possibility) that one source writes and another, published within
/// [`super::CONTEMPORARY_DAYS`], contradicts ([`contradiction::contradicts`]): "the union
/// accepted the offer" / "the union has not accepted the offer", under the strict
/// [`contradiction::BETWEEN_REPORTS`] rules. Tellings on each side
/// are gathered (two-colouring the contradiction pairs), one claim per side.
pub fn claims(story: &Story) -> Vec<Disagreement> {
    let candidates: Vec<(usize, usize)> = story
        .body_sentences()
        .into_iter()
        .filter(|(a, s)| {
            // A reporter's own statement: no quotation marks, no question, no
            // possibility, long enough to say what it is about.
            let text = story.sentence_text(*a, *s);
            !text.contains(['"', '“', '”', '?', '`'])
                && !text.contains("''")
                && !is_conditional(text)
                && text.split_whitespace().count() >= MIN_CLAIM_WORDS
        })
        .collect();
    let polar: Vec<bool> = candidates
        .iter()
        .map(|(a, s)| contradiction::has_polarity(story.sentence_text(*a, *s)))
        .collect();
    let contemporary = |a: usize, b: usize| {
        story
            .published_days_apart(a, b)
            .is_none_or(|days| days <= super::CONTEMPORARY_DAYS)
    };
    // Contradiction edges between sentences of different articles.
    let mut edges: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..candidates.len() {
        if !polar[i] {
            continue;
        }
        for j in 0..candidates.len() {
            let ((a, s), (b, t)) = (candidates[i], candidates[j]);
            if a == b || (polar[j] && j < i) || !contemporary(a, b) {
                continue;
            }
            if story.similarity((a, s), (b, t)) >= SAME_CLAIM_SIMILARITY
                && contradiction::contradicts_under(
                    story.sentence_text(a, s),
                    story.sentence_text(b, t),
                    &contradiction::BETWEEN_REPORTS,
                )
            {
                edges.entry(i).or_default().push(j);
                edges.entry(j).or_default().push(i);
            }
        }
    }
    // Each connected group, two-coloured: the tellings on either side.
    let mut colour: BTreeMap<usize, bool> = BTreeMap::new();
    let mut groups: Vec<[Vec<usize>; 2]> = Vec::new();
    for &start in edges.keys() {
        if colour.contains_key(&start) {
            continue;
        }
        let mut sides: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        let mut stack = vec![(start, false)];
        while let Some((node, side)) = stack.pop() {
            if colour.contains_key(&node) {
                continue;
            }
            colour.insert(node, side);
            sides[side as usize].push(node);
            for &next in &edges[&node] {
                stack.push((next, !side));
            }
        }
        for side in &mut sides {
            side.sort_unstable();
        }
        groups.push(sides);
    }
    let articles_in = |members: &[usize]| {
        let mut articles: Vec<usize> = members.iter().map(|&i| candidates[i].0).collect();
        articles.sort_unstable();
        articles.dedup();
        articles
    };
    groups.sort_by_key(|sides| {
        let all: Vec<usize> = sides.concat();
        (std::cmp::Reverse(articles_in(&all).len()), all[0])
    });
    let mut out = Vec::new();
    for sides in groups.into_iter().take(MAX_CLAIM_DISAGREEMENTS) {
        // The side told first comes first.
        let mut sides = sides;
        sides.sort_by_key(|members| members[0]);
        let claims: Vec<Claim> = sides
            .iter()
            .map(|members| {
                let (a, s) = candidates[members[0]];
                let evidence = tidy(
                    members
                        .iter()
                        .map(|&i| story.sentence_evidence(candidates[i].0, candidates[i].1))
                        .collect(),
                );
                Claim {
                    text: story.sentence_text(a, s).to_string(),
                    articles: articles_of(&evidence),
                    evidence,
                }
            })
            .collect();
        let told = |claim: &Claim| {
            let sources: Vec<String> = claim
                .articles
                .iter()
                .map(|a| story.source_name(*a))
                .collect();
            format!(
                "{}: “{}”",
                sources.join(", "),
                crate::render::shorten(&claim.text, 140)
            )
        };
        let text = format!(
            "The sources contradict each other. {} — versus {}",
            told(&claims[0]),
            told(&claims[1])
        );
        let subject = format!("“{}”", crate::render::shorten(&claims[0].text, 90));
        let evidence = tidy(claims.iter().flat_map(|c| c.evidence.clone()).collect());
        out.push(Disagreement {
            subject,
            kind: "claim".to_string(),
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
    fn a_report_another_source_denies_is_a_claim_disagreement() {
        let d = dossier(&[
            "Union Accepts Offer\nPublished: March 7, 2031\n\nThe Kelm Dockworkers Union accepted the port authority's offer of ten-year job guarantees on Friday, ending the strike. Cranes were moving again by the evening shift.",
            "Strike Goes On at Port Kelm\nPublished: March 7, 2031\n\nThe Kelm Dockworkers Union has not accepted the port authority's offer of job guarantees, and the strike continues. Ships are still waiting outside the harbour.",
            "Ferry Fares Rise\nPublished: March 7, 2031\n\nThe island ferry operator raised fares on Friday, blaming fuel costs.",
        ]);
        let claims: Vec<_> = d
            .disagreements
            .iter()
            .filter(|x| x.kind == "claim")
            .collect();
        assert_eq!(claims.len(), 1, "{:#?}", d.disagreements);
        let sides: Vec<&[usize]> = claims[0]
            .claims
            .iter()
            .map(|c| c.articles.as_slice())
            .collect();
        assert_eq!(sides, [[0].as_slice(), [1].as_slice()]);
        assert!(claims[0].claims[1].text.contains("has not accepted"));
        d.check_evidence().unwrap();
    }

    #[test]
    fn a_claim_that_changed_over_days_or_a_quoted_denial_is_no_disagreement() {
        // Days apart: the news moved on, the sources do not disagree.
        let d = dossier(&[
            "Strike Goes On at Port Kelm\nPublished: March 3, 2031\n\nThe Kelm Dockworkers Union has not accepted the port authority's offer of job guarantees, and the strike continues.",
            "Union Accepts Offer\nPublished: March 9, 2031\n\nThe Kelm Dockworkers Union accepted the port authority's offer of ten-year job guarantees on Friday, ending the strike.",
        ]);
        assert!(
            d.disagreements.iter().all(|x| x.kind != "claim"),
            "{:#?}",
            d.disagreements
        );
        // A denial in someone's own words is their perspective, not the source's claim.
        let d = dossier(&[
            "Union Accepts Offer\nPublished: March 7, 2031\n\nThe Kelm Dockworkers Union accepted the port authority's offer of ten-year job guarantees on Friday, ending the strike.",
            "Union Leader Speaks\nPublished: March 7, 2031\n\n\"We have not accepted the port authority's offer of job guarantees,\" union leader Ilse Brandt said.",
        ]);
        assert!(
            d.disagreements.iter().all(|x| x.kind != "claim"),
            "{:#?}",
            d.disagreements
        );
    }

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
