//! The prompts: one chat request per section, holding the rules of citation, the story's
//! headline and the numbered evidence. The wording is part of the cache key, so changing it
//! invalidates cached writings.

use super::evidence::Numbered;

/// The sections a model may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SectionKind {
    Overview,
    Scenarios,
    Background,
}

impl SectionKind {
    pub const ALL: [SectionKind; 3] = [
        SectionKind::Overview,
        SectionKind::Scenarios,
        SectionKind::Background,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Overview => "overview",
            SectionKind::Scenarios => "scenarios",
            SectionKind::Background => "background",
        }
    }

    pub fn parse(name: &str) -> Option<SectionKind> {
        SectionKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    /// Whether a sentence may rest on the model's own knowledge (marked `[K]`): history and
    /// what may come next need it; the overview reports the sources only.
    pub fn allows_knowledge(self) -> bool {
        !matches!(self, SectionKind::Overview)
    }

    fn task(self) -> &'static str {
        match self {
            SectionKind::Overview => {
                "Write the overview: what happened and why it matters, in 3 to 5 sentences."
            }
            SectionKind::Scenarios => {
                "Write the scenarios: 2 to 4 sentences, each a way the story could develop \
                 next and what it depends on."
            }
            SectionKind::Background => {
                "Write the background: 2 to 4 sentences on the earlier events, history or \
                 precedents a reader needs to understand the story."
            }
        }
    }
}

/// A chat request: the system rules and the user message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub system: String,
    pub user: String,
    /// What a citation may be, for backends that can hold the model to it.
    pub citations: CitationRule,
}

/// The citations a writing may use: these evidence numbers, and `[K]` where the section
/// allows model knowledge. A backend that controls decoding (the `local` one) makes the
/// model choose a citation of this form for every sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CitationRule {
    pub numbers: Vec<usize>,
    pub knowledge: bool,
}

impl Prompt {
    /// A rough token count (four characters a token), for the budget.
    pub fn estimated_tokens(&self) -> usize {
        (self.system.len() + self.user.len()).div_ceil(4)
    }
}

/// The request for one section.
pub fn build(kind: SectionKind, headline: &str, evidence: &[Numbered]) -> Prompt {
    let mut system = String::from(
        "You write one section of a news story page from numbered evidence sentences taken \
         from news articles.\n\
         Rules:\n\
         - End every sentence with the numbers of the evidence sentences that support it, in \
         square brackets, like [2] or [1][4].\n\
         - Use only names, numbers and dates that appear in the evidence sentences you cite.\n",
    );
    if kind.allows_knowledge() {
        system.push_str(
            "- A sentence that rests on your own general knowledge rather than the evidence \
             must end with [K] instead of numbers.\n",
        );
    }
    system.push_str(
        "- Write plain sentences only: no title, list, greeting or comment.\n\
         Example of the format: The council approved the budget on Monday [2]. Spending \
         rises by 4 percent [3][5].",
    );
    let mut user = format!("Story: {}\n\nEvidence:\n", headline.trim());
    for item in evidence {
        user.push_str(&format!("[{}] ", item.number));
        match (&item.outlet, item.day()) {
            (Some(outlet), Some(day)) => user.push_str(&format!("({outlet}, {day}) ")),
            (Some(outlet), None) => user.push_str(&format!("({outlet}) ")),
            (None, Some(day)) => user.push_str(&format!("({day}) ")),
            (None, None) => {}
        }
        user.push_str(&item.text().split_whitespace().collect::<Vec<_>>().join(" "));
        user.push('\n');
    }
    user.push('\n');
    user.push_str(kind.task());
    Prompt {
        system,
        user,
        citations: CitationRule {
            numbers: evidence.iter().map(|item| item.number).collect(),
            knowledge: kind.allows_knowledge(),
        },
    }
}

/// The request for one sentence of a section, written from one evidence sentence: for
/// small models, which follow one sentence far better than a page of evidence.
pub fn build_single(kind: SectionKind, headline: &str, item: &Numbered) -> Prompt {
    let system = format!(
        "You rewrite one sentence from a news article as one short, plain sentence for the {} \
         of a story page. Keep its names, numbers and dates exactly as written and add \
         nothing else. Mark the sentence with the evidence number in square brackets, like \
         [{}].",
        kind.name(),
        item.number
    );
    let text = item.text().split_whitespace().collect::<Vec<_>>().join(" ");
    let user = format!(
        "Story: {}\n\nEvidence:\n[{}] {text}\n\nRewrite evidence [{}] as one short sentence.",
        headline.trim(),
        item.number,
        item.number
    );
    Prompt {
        system,
        user,
        citations: CitationRule {
            numbers: vec![item.number],
            knowledge: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::Evidence;

    #[test]
    fn the_prompt_numbers_the_evidence_and_states_the_rules() {
        let evidence = vec![Numbered {
            number: 1,
            evidence: Evidence {
                article: 0,
                sentence: 0,
                start: 0,
                end: 30,
                quote: "The guild rejected\nthe offer.".into(),
            },
            outlet: Some("Tessaly Post".into()),
            published: Some("2031-05-02T09:00:00Z".into()),
        }];
        let overview = build(SectionKind::Overview, "Guild rejects offer", &evidence);
        assert!(overview
            .user
            .contains("[1] (Tessaly Post, 2031-05-02) The guild rejected the offer.\n"));
        assert!(
            !overview.system.contains("[K]"),
            "no model knowledge in overview"
        );
        let background = build(SectionKind::Background, "Guild rejects offer", &evidence);
        assert!(background.system.contains("[K]"));
        assert!(background.estimated_tokens() > 50);
    }
}
