//! Organisations' stances: where each stands, from what the sources report it did.
//!
//! Takes the story and one resolved organisation; gives its stance when the sources
//! report it acting for or against something: a mention of the organisation followed
//! (past auxiliaries and adverbs only) by a verb of support ("welcomed", "backed",
//! "approved", "voted for") or of opposition ("rejected", "condemned", "disputes",
//! "voted against"), and what that verb takes ("a 12-point proposal from the Port
//! Authority"). A negated verb ("did not reject") says too little and is left out, as
//! is anything inside a quotation. Each statement cites its sentence; the stance is
//! "supports" or "opposes" when the statements agree, "mixed" when they do not.

use super::resolve::Entity;
use super::{tidy, Story};
use crate::analyze::doc::TokenKind;
use crate::dossier::{Stance, StanceStatement};

/// At most this many statements per organisation, the most central first.
const MAX_STATEMENTS: usize = 3;
/// What the verb takes is cut at this many words.
const MAX_TOWARD_WORDS: usize = 12;

fn position_of_verb(verb: &str, next: Option<&str>) -> Option<&'static str> {
    let supports = matches!(
        verb,
        "welcomed"
            | "welcomes"
            | "backed"
            | "backs"
            | "supported"
            | "supports"
            | "endorsed"
            | "endorses"
            | "praised"
            | "praises"
            | "approved"
            | "approves"
            | "accepted"
            | "accepts"
            | "applauded"
            | "applauds"
            | "hailed"
            | "hails"
            | "ratified"
            | "ratifies"
            | "defended"
            | "defends"
            | "championed"
            | "champions"
    );
    let opposes = matches!(
        verb,
        "rejected"
            | "rejects"
            | "opposed"
            | "opposes"
            | "condemned"
            | "condemns"
            | "criticised"
            | "criticises"
            | "criticized"
            | "criticizes"
            | "denounced"
            | "denounces"
            | "refused"
            | "refuses"
            | "blocked"
            | "blocks"
            | "disputed"
            | "disputes"
            | "vetoed"
            | "vetoes"
            | "boycotted"
            | "boycotts"
            | "sued"
            | "sues"
            | "challenged"
            | "challenges"
            | "decried"
            | "decries"
            | "objected"
            | "objects"
            | "resisted"
            | "resists"
    );
    match (verb, next) {
        ("voted" | "votes" | "vote", Some("for")) => Some("supports"),
        ("voted" | "votes" | "vote", Some("against")) => Some("opposes"),
        _ if supports => Some("supports"),
        _ if opposes => Some("opposes"),
        _ => None,
    }
}

/// Words that may stand between a subject and its verb without changing what it did.
fn is_bridge(word: &str) -> bool {
    matches!(
        word,
        "has"
            | "have"
            | "had"
            | "also"
            | "again"
            | "formally"
            | "publicly"
            | "strongly"
            | "swiftly"
            | "quickly"
            | "firmly"
            | "flatly"
            | "unanimously"
            | "already"
            | "later"
            | "then"
            | "on"
            | "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "yesterday"
            | "today"
    )
}

fn is_negation(word: &str) -> bool {
    matches!(
        word,
        "not" | "never" | "n't" | "didn't" | "hasn't" | "haven't" | "won't" | "did" | "does"
    )
}

/// Where a clause stops: what the verb takes ends there.
fn ends_clause(word: &str) -> bool {
    matches!(
        word,
        "," | ";"
            | ":"
            | "."
            | "!"
            | "?"
            | "and"
            | "but"
            | "because"
            | "after"
            | "as"
            | "saying"
            | "while"
            | "which"
            | "—"
            | "–"
    )
}

/// What a subject ending at token `subject_end` (exclusive) of `sentence` did, if it is a
/// verb of support or opposition: the statement and its sentence's centrality.
fn statement_after(
    story: &Story,
    article: usize,
    sentence: usize,
    subject_end: usize,
) -> Option<(f64, StanceStatement)> {
    let doc = story.doc(article);
    let text = story.text(article);
    let sentence_end = doc.sentences[sentence].tokens.1;
    let word = |i: usize| doc.tokens[i].span.slice(text);
    let mut index = subject_end;
    while index < sentence_end && is_bridge(word(index)) {
        index += 1;
    }
    if index >= sentence_end || is_negation(word(index)) {
        return None;
    }
    let verb = word(index).to_lowercase();
    let next = (index + 1 < sentence_end).then(|| word(index + 1));
    let position = position_of_verb(&verb, next)?;
    if story.is_quoted(article, doc.tokens[index].span) {
        return None;
    }
    // What the verb takes: up to the end of its clause.
    let mut first = index + 1;
    if verb.starts_with("vote") {
        first += 1;
    }
    let mut last = first;
    while last < sentence_end
        && last - first < MAX_TOWARD_WORDS
        && !ends_clause(word(last))
        && doc.tokens[last].kind != TokenKind::Punct
    {
        last += 1;
    }
    // A stance toward nothing said ("a figure the authority disputes") says too little.
    if last == first {
        return None;
    }
    let toward = text[doc.tokens[first].span.start..doc.tokens[last - 1].span.end].to_string();
    let statement = StanceStatement {
        position: position.to_string(),
        verb: word(index).to_string(),
        toward,
        text: story.sentence_text(article, sentence).to_string(),
        evidence: vec![story.sentence_evidence(article, sentence)],
    };
    Some((story.centrality(article, sentence), statement))
}

/// The stance of one organisation, if the sources report one. `head` is the head noun by
/// which the sources may name it alone ("the union"), when no other organisation in the
/// story shares it ([`super::sides::unique_head`]).
pub fn of(story: &Story, entity: &Entity, head: Option<&str>) -> Option<Stance> {
    let mut found: Vec<(f64, StanceStatement)> = Vec::new();
    for at in &entity.mentions {
        let mention = &story.doc(at.article).mentions[at.mention];
        if !story.is_body(at.article, mention.sentence) || mention.possessive {
            continue;
        }
        found.extend(statement_after(
            story,
            at.article,
            mention.sentence,
            mention.tokens.1,
        ));
    }
    // "The union rejected …": the organisation named by its head noun alone.
    if let Some(head) = head {
        for (article, sentence) in story.body_sentences() {
            let doc = story.doc(article);
            let text = story.text(article);
            let (first, end) = doc.sentences[sentence].tokens;
            for index in first + 1..end {
                let named = doc.tokens[index].span.slice(text).eq_ignore_ascii_case(head)
                    && doc.tokens[index - 1]
                        .span
                        .slice(text)
                        .eq_ignore_ascii_case("the")
                    // "the union leader", "the union's offer": not the union acting.
                    && doc.tokens.get(index + 1).is_none_or(|next| {
                        next.kind != TokenKind::Possessive
                            && !next.span.slice(text).starts_with(char::is_uppercase)
                    });
                if named {
                    found.extend(statement_after(story, article, sentence, index + 1));
                }
            }
        }
    }
    if found.is_empty() {
        return None;
    }
    // The same sentence reached through two mentions is one statement.
    found.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.evidence[0].cmp(&b.1.evidence[0]))
    });
    found.dedup_by(|a, b| a.1.evidence == b.1.evidence);
    let statements: Vec<StanceStatement> = found
        .into_iter()
        .take(MAX_STATEMENTS)
        .map(|(_, s)| StanceStatement {
            evidence: tidy(s.evidence),
            ..s
        })
        .collect();
    let supports = statements.iter().any(|s| s.position == "supports");
    let opposes = statements.iter().any(|s| s.position == "opposes");
    let position = match (supports, opposes) {
        (true, true) => "mixed",
        (true, false) => "supports",
        _ => "opposes",
    };
    Some(Stance {
        position: position.to_string(),
        statements,
    })
}

#[cfg(test)]
mod tests {
    use crate::pipeline::dossier_from_texts as dossier;

    fn stance_of<'d>(
        d: &'d crate::dossier::Dossier,
        name: &str,
    ) -> Option<&'d crate::dossier::Stance> {
        d.organizations
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{name} is not among {:?}", d.organizations))
            .stance
            .as_ref()
    }

    #[test]
    fn an_organisation_named_by_its_head_noun_alone_has_a_stance() {
        let d = dossier(&[
            "Mill Strike Vote\n\nThe Kessler Mill Workers Union met on Monday. The union rejected the company's pay offer after a two-hour vote, and the union leader Petra Holm said talks would resume.",
        ]);
        let stance = stance_of(&d, "Kessler Mill Workers Union").expect("a stance");
        assert_eq!(stance.position, "opposes");
        assert_eq!(stance.statements.len(), 1, "{stance:#?}");
        assert_eq!(stance.statements[0].verb, "rejected");
        assert_eq!(stance.statements[0].toward, "the company's pay offer");
        // Two unions in one story: "the union" names neither.
        let d = dossier(&[
            "Mill Strike Vote\n\nThe Kessler Mill Workers Union and the Harbour Drivers Union met on Monday. The union rejected the company's pay offer after a two-hour vote.",
        ]);
        assert!(
            d.organizations.iter().all(|o| o.stance.is_none()),
            "{:#?}",
            d.organizations
        );
    }

    #[test]
    fn an_organisation_that_rejects_an_offer_opposes_it() {
        let d = dossier(&[
            "Union Rejects Offer\n\nThe Kelm Dockworkers Union rejected a 12-point proposal from the Kelm Port Authority on Tuesday, calling it vague. The Kelm Port Authority said talks would continue.",
            "Shippers Back Plan\n\nThe Osterran Shipping Association welcomed the automation plan at Port Kelm. The Kelm Dockworkers Union has formally rejected the plan.",
        ]);
        let union = stance_of(&d, "Kelm Dockworkers Union").expect("the union has a stance");
        assert_eq!(union.position, "opposes");
        assert!(union.statements.iter().any(|s| s.verb == "rejected"
            && s.toward == "a 12-point proposal from the Kelm Port Authority on Tuesday"));
        let shippers = stance_of(&d, "Osterran Shipping Association").unwrap();
        assert_eq!(shippers.position, "supports");
        assert_eq!(
            shippers.statements[0].toward,
            "the automation plan at Port Kelm"
        );
        // Saying something is no stance.
        assert!(stance_of(&d, "Kelm Port Authority").is_none());
        // Every statement cites the sentence it comes from.
        for s in &union.statements {
            assert_eq!(s.evidence.len(), 1);
            assert!(s.evidence[0].quote.contains(&s.verb));
        }
    }

    #[test]
    fn both_ways_is_mixed_and_negation_or_quotation_is_no_stance() {
        let d = dossier(&[
            "Council Votes\n\nThe Kelm City Council voted for the harbour budget on Monday. The Kelm City Council voted against the crane contract on Tuesday.",
            "Guild Silent\n\nThe Kelm Pilots Guild did not reject the offer. \"The Kelm Pilots Guild rejected nothing,\" a member said of the Kelm Pilots Guild.",
        ]);
        assert_eq!(
            stance_of(&d, "Kelm City Council").unwrap().position,
            "mixed"
        );
        assert!(stance_of(&d, "Kelm Pilots Guild").is_none());
    }
}
