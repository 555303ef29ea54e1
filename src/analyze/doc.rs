//! The [`Doc`]: every annotation of one article, as byte spans into its clean text.
//!
//! Like spaCy's `Doc`, one container is filled in by each analysis component in turn
//! (tokens, sentences, entity mentions with roles, time expressions, quantities, quotes)
//! and read by synthesis. Nothing here copies text: a span plus the article text is the
//! whole truth.

use crate::analyze::lexicon::OrgKind;
use crate::analyze::timex::TimeValue;
use crate::article::Span;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Word,
    Number,
    /// A possessive clitic split off its word: the `’s` of `Velmora’s`.
    Possessive,
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    Title,
    Heading,
    Body,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Token index range `[first, last)`.
    pub tokens: (usize, usize),
    /// Index of the article block the sentence belongs to.
    pub block: usize,
    pub kind: SentenceKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    /// A capitalised name without enough evidence yet; story-level resolution decides.
    Unknown,
}

/// Evidence for what a mention is, as bit flags.
pub mod cue {
    /// A role title precedes it inside the name ("Transport Minister Dalia Okafor").
    pub const TITLE: u16 = 1;
    /// An honorific precedes it ("Mr.", "Dr.").
    pub const HONORIFIC: u16 = 1 << 1;
    /// Its first word is a common given name.
    pub const GIVEN_NAME: u16 = 1 << 2;
    /// A lowercase role phrase or appositive gives it a role.
    pub const ROLE: u16 = 1 << 3;
    /// It is the subject of a reporting verb ("Ferreira said").
    pub const SPEECH: u16 = 1 << 4;
    /// Its last word marks an organisation ("Council", "Institution").
    pub const ORG_KEYWORD: u16 = 1 << 5;
    /// A well-known organisation.
    pub const KNOWN_ORG: u16 = 1 << 6;
    /// In the place gazetteer.
    pub const GAZETTEER: u16 = 1 << 7;
    /// Follows a locative preposition ("in Velmora").
    pub const PLACE_PREPOSITION: u16 = 1 << 8;
    /// The dateline place at the head of an article ("WASHINGTON –").
    pub const DATELINE: u16 = 1 << 9;
    /// An all-capitals acronym ("NATO").
    pub const ACRONYM: u16 = 1 << 10;
    /// Found in a headline or heading by matching a name seen in the body.
    pub const HEADLINE_MATCH: u16 = 1 << 11;
    /// Referred to with "he"/"she" later (pronoun resolution attached a pronoun).
    pub const PRONOUN: u16 = 1 << 12;
    /// Typed by the statistical tagger ([`crate::analyze::ner`]).
    pub const TAGGER: u16 = 1 << 13;
}

/// A name in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The name as written, without titles or a possessive clitic.
    pub span: Span,
    pub tokens: (usize, usize),
    pub sentence: usize,
    pub kind: EntityKind,
    pub org_kind: Option<OrgKind>,
    /// Canonical spelling from a gazetteer or known-organisation list ("U.S." -> "United
    /// States"), or a case-normalised form of an all-capitals dateline.
    pub normalized: Option<String>,
    /// A role phrase in the text: a title, a pre-name role, or an appositive.
    pub role: Option<Span>,
    pub cues: u16,
    /// Followed by a possessive clitic: "Okafor’s adviser" mentions Okafor as a possessor.
    pub possessive: bool,
}

impl Mention {
    pub fn has(&self, cue: u16) -> bool {
        self.cues & cue != 0
    }

    /// The name to use when grouping: the normalised form or the text as written.
    pub fn name<'t>(&'t self, text: &'t str) -> &'t str {
        self.normalized
            .as_deref()
            .unwrap_or_else(|| self.span.slice(text))
    }
}

/// A time expression ("on Saturday", "June 2024", "four years").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub span: Span,
    pub sentence: usize,
    pub value: TimeValue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "about", "nearly", "roughly"
    Approximately,
    /// "more than", "over", "at least"
    AtLeast,
    /// "less than", "up to", "under"
    AtMost,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuantityUnit {
    /// ISO 4217 code where known ("USD", "EUR"), else the symbol.
    Money {
        currency: String,
    },
    Percent,
    /// A count of things ("1,200 workers").
    Count,
    /// A length of time ("four years"); the unit is singular: "year".
    Duration {
        unit: String,
    },
    /// Any other unit written with the number ("28-point", "40-kilometre").
    Measure {
        unit: String,
    },
}

/// A figure with its unit ("$105 billion", "28-point", "1,200 workers").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub span: Span,
    pub sentence: usize,
    pub value: f64,
    pub unit: QuantityUnit,
    /// The counted or measured thing, singular and lowercase ("worker", "plan").
    pub noun: Option<String>,
    /// Where that thing is named ("peace plan").
    pub noun_span: Option<Span>,
    pub qualifier: Option<Qualifier>,
}

/// Who said a quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Speaker {
    /// A named entity mention.
    Mention { mention: usize },
    /// "he"/"she", resolved to the person it most likely refers to.
    Pronoun { span: Span, mention: Option<usize> },
    /// An unnamed source: "a senior European diplomat".
    Description { span: Span },
}

/// A quotation with its attribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without quotation marks.
    pub span: Span,
    pub sentence: usize,
    /// The quote with its attribution: the sentence(s) a reader needs to check it.
    pub evidence: Span,
    pub speaker: Option<Speaker>,
    /// The reporting verb ("said").
    pub cue: Option<Span>,
    /// True when the speaker comes from the previous paragraph's quote.
    pub continued: bool,
    /// What is reported, as attribution corpora mark it: the quote with its marks, and
    /// for a fragment the clause around it ("Tapper said [her actions were “unethical”]").
    #[serde(default)]
    pub content: Span,
    /// True when the speaker was inferred by the speaker ranker ([`crate::analyze::speakers`])
    /// rather than read off an attribution in the text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// Reported speech without quotation marks: "Okafor said the talks would resume",
/// "The port will reopen, the authority said", "according to the ministry, …".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reported {
    /// What is reported (the clause after or before the attribution).
    pub content: Span,
    pub sentence: usize,
    pub speaker: Speaker,
    /// The reporting verb, or "according to".
    pub cue: Span,
}

/// All annotations of one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<Mention>,
    pub timexes: Vec<Timex>,
    pub quantities: Vec<Quantity>,
    pub quotes: Vec<Quote>,
    /// Reported speech (indirect attribution), in text order.
    #[serde(default)]
    pub reported: Vec<Reported>,
}

impl Doc {
    /// The sentence a quote's content ends in: a quote running over several sentences
    /// ends in the last of them.
    pub fn closing_sentence(&self, quote: &Quote) -> usize {
        self.sentence_at(quote.content.end.saturating_sub(1))
            .map_or(quote.sentence, |s| s.max(quote.sentence))
    }

    /// The index of the sentence containing byte `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let index = self.sentences.partition_point(|s| s.span.end <= offset);
        (index < self.sentences.len() && self.sentences[index].span.start <= offset)
            .then_some(index)
    }

    /// The index of the token starting at or containing byte `offset`.
    pub fn token_at(&self, offset: usize) -> Option<usize> {
        let index = self.tokens.partition_point(|t| t.span.end <= offset);
        (index < self.tokens.len()).then_some(index)
    }

    pub fn sentence_tokens(&self, sentence: usize) -> &[Token] {
        let (first, last) = self.sentences[sentence].tokens;
        &self.tokens[first..last]
    }

    /// The mentions in a sentence, as an index range into `mentions` (which are sorted by
    /// offset): a binary search, not a scan.
    pub fn mention_range(&self, sentence: usize) -> std::ops::Range<usize> {
        let span = self.sentences[sentence].span;
        let start = self.mentions.partition_point(|m| m.span.start < span.start);
        let end = self.mentions.partition_point(|m| m.span.start < span.end);
        start..end.max(start)
    }

    /// The time expressions in a sentence (sorted by offset, like mentions).
    pub fn timexes_in(&self, sentence: usize) -> &[Timex] {
        let span = self.sentences[sentence].span;
        let start = self.timexes.partition_point(|t| t.span.start < span.start);
        let end = self.timexes.partition_point(|t| t.span.start < span.end);
        &self.timexes[start..end.max(start)]
    }

    /// The quotes overlapping a span. Quotes are sorted and never overlap one another,
    /// so both their starts and their ends are ordered.
    pub fn quotes_overlapping(&self, span: Span) -> &[Quote] {
        let start = self.quotes.partition_point(|q| q.span.end <= span.start);
        let end = self.quotes.partition_point(|q| q.span.start < span.end);
        &self.quotes[start..end.max(start)]
    }

    /// The sentences of a block, as an index range into `sentences`.
    pub fn sentences_of_block(&self, block: usize) -> std::ops::Range<usize> {
        let start = self.sentences.partition_point(|s| s.block < block);
        let end = self.sentences.partition_point(|s| s.block <= block);
        start..end.max(start)
    }
}
