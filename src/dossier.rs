//! The dossier contract, schema `newsdesk.dossier/1`: what synthesis produces, what the
//! store keeps as versions, and what every renderer and the API serve.
//!
//! Invariant: every section item carries non-empty `evidence`, and each evidence quote is
//! exactly `articles[article].text[start..end]` (byte offsets). [`Dossier::check_evidence`]
//! verifies it; the pipeline runs it on every dossier it builds. Later versions extend the
//! schema with new optional fields, never by changing the meaning of existing ones.
//! Model-written sections (`generated`) are the one labelled exception: a sentence the
//! model marks as its own knowledge carries no evidence and is shown as such.

use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "newsdesk.dossier/1";

/// A citation: the exact words in one article that support an item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// Index into [`Dossier::articles`].
    pub article: usize,
    /// Index of the sentence (in the article's `sentences`) where the span starts.
    pub sentence: usize,
    /// Byte offsets into the article's clean `text`.
    pub start: usize,
    pub end: usize,
    /// `text[start..end]`.
    pub quote: String,
}

/// A headline, dek or overview sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextItem {
    pub text: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyIndicator {
    /// The figure as written ("$105 billion", "28-point").
    pub text: String,
    /// Numeric value (money and counts expanded: 105000000000).
    pub value: f64,
    /// "USD", "percent", "point", "year", "worker", …
    pub unit: String,
    /// What the figure is about, in the source's words ("peace framework").
    pub label: String,
    /// Why it matters: the sentence that carries the figure.
    pub context: String,
    pub articles: Vec<usize>,
    pub single_source: bool,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Stable within a dossier: a slug of the name.
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// The role most sources give, as written; `None` when no source gives one.
    pub role: Option<String>,
    /// Every distinct role phrase the sources use.
    pub roles: Vec<String>,
    pub mentions: usize,
    pub articles: Vec<usize>,
    /// Their part in the story: the sentence that best shows what they did or said.
    pub text: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// government body, company, supranational bloc, military, media, party, NGO,
    /// organization.
    pub kind: String,
    pub mentions: usize,
    pub articles: Vec<usize>,
    pub text: String,
    pub evidence: Vec<Evidence>,
    /// Where it stands, when the sources report it acting for or against something.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
}

/// An organisation's stance: "supports", "opposes" or "mixed", from what it did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stance {
    pub position: String,
    /// The reports it rests on, the most central first.
    pub statements: Vec<StanceStatement>,
}

/// One report of an organisation acting for or against something.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StanceStatement {
    /// "supports" or "opposes".
    pub position: String,
    /// The verb as written ("rejected").
    pub verb: String,
    /// What it acted on, as written after the verb ("a 12-point proposal").
    pub toward: String,
    /// The sentence.
    pub text: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub mentions: usize,
    pub articles: Vec<usize>,
    pub text: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `null` when the sources give no calendar date
    /// (a relative expression in an undated article).
    pub date: Option<String>,
    /// The time expression as written ("on Saturday" is given as "Saturday").
    pub expression: String,
    /// TIMEX3 value ("2031-03-04", "XXXX-WXX-6").
    pub value: String,
    /// diplomacy, statement, military, economic, legal, humanitarian, politics,
    /// revelation, event.
    pub category: String,
    pub text: String,
    pub articles: Vec<usize>,
    pub single_source: bool,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Perspective {
    /// Canonical name of a person or organisation, or the source's description of an
    /// unnamed speaker ("a senior European diplomat").
    pub speaker: String,
    /// `people[].id` or `organizations[].id` when the speaker is named.
    pub speaker_id: Option<String>,
    pub role: Option<String>,
    /// The quoted words.
    pub quote: String,
    /// The reporting verb ("said").
    pub cue: Option<String>,
    pub outlet: Option<String>,
    pub text: String,
    pub evidence: Vec<Evidence>,
    /// Whom the speaker speaks for; present only when the story has sides (speakers of
    /// two or more parties), and then perspectives come grouped by side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// Index in `perspectives` of the same speaker's quote that this one contradicts:
    /// a speaker who disagrees with themselves keeps both voices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contradicts: Option<usize>,
    /// True when no attribution in the text names the speaker and the speaker ranker
    /// inferred it from the sentences around the quote (which the evidence then spans).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// The party a speaker speaks for: a country, a bloc or an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub name: String,
    /// The words that tie the speaker to it, as written ("Ukrainian President").
    pub basis: String,
    /// Where the sources say so.
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub text: String,
    pub articles: Vec<usize>,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    pub subject: String,
    /// figure, name or date.
    pub kind: String,
    pub text: String,
    pub claims: Vec<Claim>,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub text: String,
    /// Speakers or outlets that raise it.
    pub discussed_by: Vec<String>,
    pub articles: Vec<usize>,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackgroundItem {
    pub date: Option<String>,
    pub expression: Option<String>,
    pub text: String,
    pub articles: Vec<usize>,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutletCoverage {
    pub name: String,
    pub articles: Vec<usize>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub text: String,
    pub article_count: usize,
    pub outlets: Vec<OutletCoverage>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// Items in this dossier supported by one article only.
    pub single_source_items: usize,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntry {
    pub index: usize,
    /// Content fingerprint: the same text always has the same id.
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub origin: String,
    pub words: usize,
    /// The clean text every evidence span points into.
    pub text: String,
    /// `[start, end)` byte spans of the sentences, in order.
    pub sentences: Vec<[usize; 2]>,
    /// Other outlets' copies of this article (wire copies with small edits): listed here
    /// instead of counting as independent coverage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_published_by: Vec<Republication>,
}

/// A near-duplicate of an article: the same text republished, lightly edited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Republication {
    /// The article it copies (its content fingerprint).
    pub original: String,
    pub origin: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// Jaccard resemblance of the two texts' word 4-gram shingles.
    pub resemblance: f64,
}

/// Where a dossier sits in the store, when it comes from one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryRef {
    pub id: i64,
    pub version: i64,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dossier {
    pub schema: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<StoryRef>,
    pub headline: TextItem,
    pub dek: TextItem,
    pub overview: Vec<TextItem>,
    pub key_indicators: Vec<KeyIndicator>,
    pub people: Vec<Person>,
    pub organizations: Vec<Organization>,
    pub places: Vec<Place>,
    pub timeline: Vec<TimelineEntry>,
    pub perspectives: Vec<Perspective>,
    pub disagreements: Vec<Disagreement>,
    pub scenarios: Vec<Scenario>,
    pub background: Vec<BackgroundItem>,
    pub coverage: Coverage,
    pub articles: Vec<ArticleEntry>,
    /// Sections a language model wrote (`--writer openai|local`), kept apart from the
    /// extracted sections above and labelled as generated wherever they are shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
}

/// What a language model wrote from the dossier's evidence, after the grounding check
/// (see `crate::writer`). Never mixed with the extracted sections.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Generated {
    /// The label every output shows beside these sections.
    pub label: String,
    /// `openai` or `local`.
    pub backend: String,
    pub model: String,
    /// In the order written: overview, scenarios, background.
    pub sections: Vec<GeneratedSection>,
    pub grounding: Grounding,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratedSection {
    /// `overview`, `scenarios` or `background`.
    pub name: String,
    pub sentences: Vec<GeneratedSentence>,
    /// Why the section is missing or cut short (backend error, token budget spent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratedSentence {
    pub text: String,
    /// The evidence numbers the model cited, as it wrote them.
    pub citations: Vec<usize>,
    /// The cited sentences: whole source sentences, exact spans like every citation.
    pub evidence: Vec<Evidence>,
    /// `supported` (its names, figures and dates are in the cited evidence),
    /// `model_knowledge` (marked by the model as its own knowledge; background and
    /// scenarios only, shown as such and not checked), or `unsupported` (present only when
    /// the policy flags instead of dropping).
    pub verdict: String,
    /// What the check could not find in the cited evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// The grounding check's account of one writing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Grounding {
    /// `drop` (unsupported sentences are removed) or `flag` (kept, marked unsupported).
    pub policy: String,
    /// Sentences the model wrote.
    pub written: usize,
    pub supported: usize,
    pub model_knowledge: usize,
    pub unsupported: usize,
    /// The sentences removed under `drop`, kept here so that a reader can audit the check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<DroppedSentence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DroppedSentence {
    pub section: String,
    pub sentence: GeneratedSentence,
}

impl Dossier {
    /// Lists each copy under the article it copies (copies of articles not in this
    /// dossier are ignored), in a stable order.
    pub fn attach_copies(&mut self, copies: &[Republication]) {
        for entry in &mut self.articles {
            let mut mine: Vec<Republication> = copies
                .iter()
                .filter(|c| c.original == entry.id)
                .cloned()
                .collect();
            mine.sort_by(|a, b| a.published.cmp(&b.published).then(a.origin.cmp(&b.origin)));
            mine.dedup_by(|a, b| a.origin == b.origin);
            entry.also_published_by = mine;
        }
    }

    /// Every evidence list of every item, labelled by where it sits.
    pub fn evidence_lists(&self) -> Vec<(String, &[Evidence])> {
        let mut out: Vec<(String, &[Evidence])> = vec![
            ("headline".into(), &self.headline.evidence),
            ("dek".into(), &self.dek.evidence),
            ("coverage".into(), &self.coverage.evidence),
        ];
        macro_rules! section {
            ($name:literal, $items:expr) => {
                for (index, item) in $items.iter().enumerate() {
                    out.push((format!("{}[{}]", $name, index), &item.evidence));
                }
            };
        }
        section!("overview", self.overview);
        section!("key_indicators", self.key_indicators);
        section!("people", self.people);
        section!("organizations", self.organizations);
        section!("places", self.places);
        section!("timeline", self.timeline);
        section!("perspectives", self.perspectives);
        section!("disagreements", self.disagreements);
        section!("scenarios", self.scenarios);
        section!("background", self.background);
        for (index, perspective) in self.perspectives.iter().enumerate() {
            if let Some(side) = &perspective.side {
                out.push((format!("perspectives[{index}].side"), &side.evidence));
            }
        }
        for (index, organization) in self.organizations.iter().enumerate() {
            for (statement_index, statement) in organization
                .stance
                .iter()
                .flat_map(|stance| stance.statements.iter())
                .enumerate()
            {
                out.push((
                    format!("organizations[{index}].stance.statements[{statement_index}]"),
                    &statement.evidence,
                ));
            }
        }
        // Generated sentences judged supported must cite real evidence; those marked as
        // model knowledge or flagged unsupported carry their label instead.
        for section in self.generated.iter().flat_map(|g| &g.sections) {
            for (index, sentence) in section.sentences.iter().enumerate() {
                if sentence.verdict == "supported" {
                    out.push((
                        format!("generated.{}[{index}]", section.name),
                        &sentence.evidence,
                    ));
                }
            }
        }
        for (index, disagreement) in self.disagreements.iter().enumerate() {
            for (claim_index, claim) in disagreement.claims.iter().enumerate() {
                out.push((
                    format!("disagreements[{index}].claims[{claim_index}]"),
                    &claim.evidence,
                ));
            }
        }
        out
    }

    /// Verifies the evidence invariant; returns every violation found.
    pub fn check_evidence(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        for (place, list) in self.evidence_lists() {
            if list.is_empty() {
                problems.push(format!("{place}: no evidence"));
            }
            for evidence in list {
                let Some(article) = self.articles.get(evidence.article) else {
                    problems.push(format!(
                        "{place}: article {} does not exist",
                        evidence.article
                    ));
                    continue;
                };
                match article.text.get(evidence.start..evidence.end) {
                    Some(quote) if quote == evidence.quote => {}
                    Some(quote) => problems.push(format!(
                        "{place}: quote {:?} does not match text {:?}",
                        evidence.quote, quote
                    )),
                    None => problems.push(format!(
                        "{place}: span {}..{} is outside article {} or not on a character boundary",
                        evidence.start, evidence.end, evidence.article
                    )),
                }
                let sentence_ok = article
                    .sentences
                    .get(evidence.sentence)
                    .is_some_and(|[start, end]| *start <= evidence.start && evidence.start < *end);
                if !sentence_ok {
                    problems.push(format!(
                        "{place}: sentence {} does not contain offset {}",
                        evidence.sentence, evidence.start
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Sections counted for coverage: how many items rest on one article only.
    pub fn count_single_source(&self) -> usize {
        self.key_indicators
            .iter()
            .filter(|i| i.single_source)
            .count()
            + self.timeline.iter().filter(|t| t.single_source).count()
            + self
                .scenarios
                .iter()
                .filter(|s| s.articles.len() == 1)
                .count()
            + self
                .background
                .iter()
                .filter(|b| b.articles.len() == 1)
                .count()
    }
}
