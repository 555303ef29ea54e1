//! The article: what extraction gives every later stage.
//!
//! An [`Article`] owns one canonical clean text. Every offset anywhere in newsdesk (blocks,
//! sentences, tokens, entity mentions, evidence spans in the dossier) is a byte offset into
//! that one string; nothing is ever re-tokenised into a copy with different offsets.

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's clean text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Metadata about an article. Every field is optional: newsdesk never invents a value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    /// ISO 8601: `YYYY-MM-DD`, or a date-time when the source gives one.
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

impl ArticleMeta {
    /// The publication day, which anchors relative time expressions.
    pub fn published_date(&self) -> Option<Date> {
        self.published.as_deref().and_then(Date::parse_iso)
    }

    /// Fills every field that `self` lacks from `other`.
    pub fn fill_from(&mut self, other: &ArticleMeta) {
        fn fill(slot: &mut Option<String>, value: &Option<String>) {
            if slot.is_none() {
                slot.clone_from(value);
            }
        }
        fill(&mut self.title, &other.title);
        fill(&mut self.author, &other.author);
        fill(&mut self.published, &other.published);
        fill(&mut self.outlet, &other.outlet);
        fill(&mut self.url, &other.url);
        fill(&mut self.language, &other.language);
    }

    /// Overrides every field that `other` has.
    pub fn override_with(&mut self, other: &ArticleMeta) {
        fn set(slot: &mut Option<String>, value: &Option<String>) {
            if value.is_some() {
                slot.clone_from(value);
            }
        }
        set(&mut self.title, &other.title);
        set(&mut self.author, &other.author);
        set(&mut self.published, &other.published);
        set(&mut self.outlet, &other.outlet);
        set(&mut self.url, &other.url);
        set(&mut self.language, &other.language);
    }
}

/// What a paragraph-level block of the clean text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// The article's headline (always the first block when present).
    Title,
    /// An in-body section heading ("Europe watches from the sidelines").
    Heading,
    Paragraph,
    ListItem,
    BlockQuote,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub span: Span,
    pub kind: BlockKind,
}

/// Page noise that cleaning removed, kept so that a user can see why a line is missing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedBlock {
    pub rule: String,
    pub text: String,
}

/// A cleaned article: the output of the extract stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Content fingerprint of the clean text (see [`crate::dedup`]); identical text gets the
    /// same id whatever file or URL it came from.
    pub id: String,
    /// Where the article came from: a path, a URL, or `file.ndjson:LINE`.
    pub origin: String,
    pub meta: ArticleMeta,
    /// The canonical clean text: blocks separated by a blank line, the title first.
    pub text: String,
    pub blocks: Vec<Block>,
    pub removed: Vec<RemovedBlock>,
    pub fetched_at: Option<String>,
}

impl Article {
    pub fn title_span(&self) -> Option<Span> {
        self.blocks
            .first()
            .filter(|block| block.kind == BlockKind::Title)
            .map(|block| block.span)
    }

    /// The title, or the opening words of the text when the source has none.
    pub fn display_title(&self) -> String {
        if let Some(title) = &self.meta.title {
            return title.clone();
        }
        let first = self
            .blocks
            .first()
            .map(|b| b.span.slice(&self.text))
            .unwrap_or("");
        let words: Vec<&str> = first.split_whitespace().take(12).collect();
        let mut title = words.join(" ");
        if first.split_whitespace().count() > 12 {
            title.push('…');
        }
        title
    }

    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}
