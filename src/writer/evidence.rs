//! The numbered evidence a model writes from: the whole source sentences that the dossier's
//! own items cite, chosen in the order of the sections that matter most to a reader and
//! listed in publication order, numbered from 1. Citations in generated text are these
//! numbers.

use super::prompt::SectionKind;
use crate::dossier::{Dossier, Evidence};
use std::collections::HashSet;

/// One numbered evidence sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Numbered {
    /// 1-based: what the model cites.
    pub number: usize,
    /// The whole sentence, as an exact span of its article.
    pub evidence: Evidence,
    pub outlet: Option<String>,
    /// `YYYY-MM-DD…` as the article gives it.
    pub published: Option<String>,
}

impl Numbered {
    pub fn text(&self) -> &str {
        &self.evidence.quote
    }

    /// The publication day (`YYYY-MM-DD`), when known.
    pub fn day(&self) -> Option<&str> {
        self.published.as_deref().and_then(|p| p.get(..10))
    }
}

/// Up to `limit` sentences the dossier cites, most important sections first (overview,
/// key figures, timeline, perspectives, disagreements, scenarios, background, then the
/// actors), each sentence once, then sorted by publication date and position.
pub fn number(dossier: &Dossier, limit: usize) -> Vec<Numbered> {
    let mut lists: Vec<&[Evidence]> = vec![&dossier.headline.evidence];
    lists.extend(dossier.overview.iter().map(|i| i.evidence.as_slice()));
    lists.extend(dossier.key_indicators.iter().map(|i| i.evidence.as_slice()));
    lists.extend(dossier.timeline.iter().map(|i| i.evidence.as_slice()));
    lists.extend(dossier.perspectives.iter().map(|i| i.evidence.as_slice()));
    lists.extend(dossier.disagreements.iter().map(|i| i.evidence.as_slice()));
    lists.extend(dossier.scenarios.iter().map(|i| i.evidence.as_slice()));
    lists.extend(dossier.background.iter().map(|i| i.evidence.as_slice()));
    lists.extend(dossier.people.iter().map(|i| i.evidence.as_slice()));
    lists.extend(dossier.organizations.iter().map(|i| i.evidence.as_slice()));
    lists.extend(dossier.places.iter().map(|i| i.evidence.as_slice()));

    let mut seen = HashSet::new();
    let mut chosen = Vec::new();
    for evidence in lists.into_iter().flatten() {
        if chosen.len() == limit {
            break;
        }
        if !seen.insert((evidence.article, evidence.sentence)) {
            continue;
        }
        if let Some(whole) = whole_sentence(dossier, evidence.article, evidence.sentence) {
            chosen.push(whole);
        }
    }
    chosen.sort_by(|a, b| {
        let day = |e: &Evidence| dossier.articles[e.article].published.clone();
        day(a)
            .cmp(&day(b))
            .then(a.article.cmp(&b.article))
            .then(a.sentence.cmp(&b.sentence))
    });
    chosen
        .into_iter()
        .enumerate()
        .map(|(index, evidence)| {
            let article = &dossier.articles[evidence.article];
            Numbered {
                number: index + 1,
                outlet: article.outlet.clone(),
                published: article.published.clone(),
                evidence,
            }
        })
        .collect()
}

/// The numbered sentences the dossier's own `kind` section cites, in its order (for
/// the overview, those of the headline and overview): what a sentence-by-sentence
/// writer rewrites. Where the dossier found no scenarios, the sentences that speak of
/// what could or will happen follow; where it found no background, the timeline's
/// sentences, earliest first.
pub fn for_section<'n>(
    dossier: &Dossier,
    kind: SectionKind,
    numbered: &'n [Numbered],
) -> Vec<&'n Numbered> {
    let lists: Vec<&[Evidence]> = match kind {
        SectionKind::Overview => std::iter::once(dossier.headline.evidence.as_slice())
            .chain(dossier.overview.iter().map(|i| i.evidence.as_slice()))
            .collect(),
        SectionKind::Scenarios => dossier
            .scenarios
            .iter()
            .map(|i| i.evidence.as_slice())
            .collect(),
        SectionKind::Background => dossier
            .background
            .iter()
            .map(|i| i.evidence.as_slice())
            .chain(dossier.timeline.iter().map(|i| i.evidence.as_slice()))
            .collect(),
    };
    let mut out: Vec<&Numbered> = Vec::new();
    for evidence in lists.into_iter().flatten() {
        let found = numbered.iter().find(|n| {
            n.evidence.article == evidence.article && n.evidence.sentence == evidence.sentence
        });
        if let Some(item) = found {
            if !out.iter().any(|o| o.number == item.number) {
                out.push(item);
            }
        }
    }
    if kind == SectionKind::Scenarios {
        for item in numbered.iter().filter(|n| speaks_of_the_future(n.text())) {
            if !out.iter().any(|o| o.number == item.number) {
                out.push(item);
            }
        }
    }
    out
}

/// Whether a sentence speaks of what could or will happen.
fn speaks_of_the_future(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'')
        .any(|word| {
            matches!(
                word.to_lowercase().as_str(),
                "could"
                    | "would"
                    | "will"
                    | "might"
                    | "may"
                    | "if"
                    | "unless"
                    | "expected"
                    | "plans"
                    | "likely"
                    | "won’t"
                    | "won't"
            )
        })
}

/// The whole sentence `sentence` of article `article`, as evidence.
fn whole_sentence(dossier: &Dossier, article: usize, sentence: usize) -> Option<Evidence> {
    let entry = dossier.articles.get(article)?;
    let [start, end] = *entry.sentences.get(sentence)?;
    let quote = entry.text.get(start..end)?.trim_end();
    Some(Evidence {
        article,
        sentence,
        start,
        end: start + quote.len(),
        quote: quote.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_whole_cited_sentences_numbered_in_publication_order() {
        let dossier = crate::pipeline::dossier_from_texts(&[
            "Harbour talks resume\n\nNegotiators for the Tessaly Ferry Guild met on Monday. \
             The guild wants a 6 percent raise, said Mara Oyelaran, its chair.",
            "Ferry guild rejects offer\n\nThe Tessaly Ferry Guild rejected a 3 percent offer \
             on Tuesday. Mara Oyelaran said the guild would strike on Friday.",
        ]);
        let numbered = number(&dossier, 50);
        assert!(!numbered.is_empty());
        for (index, item) in numbered.iter().enumerate() {
            assert_eq!(item.number, index + 1);
            let article = &dossier.articles[item.evidence.article];
            let [start, _] = article.sentences[item.evidence.sentence];
            assert_eq!(item.evidence.start, start, "whole sentences only");
            assert_eq!(
                &article.text[item.evidence.start..item.evidence.end],
                item.text()
            );
        }
        let days: Vec<_> = numbered.iter().map(|n| n.published.clone()).collect();
        let mut sorted = days.clone();
        sorted.sort();
        assert_eq!(days, sorted);
        assert!(number(&dossier, 2).len() <= 2);
    }
}
