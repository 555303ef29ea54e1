//! Page-noise removal by general rules over paragraph-level lines.
//!
//! Real pages and copied articles carry furniture that is not the story: calls to follow
//! or subscribe, teaser blocks of unrelated headlines, picture credits, logo and caption
//! residue, empty metadata labels ("Date:"), hashtag lines, share buttons, cookie and
//! copyright notices. Each rule here describes a *kind* of line, never a particular page,
//! so that it works on outlets newsdesk has not seen. Metadata labels that carry a value
//! ("By Ana Ruiz", "Published: 2031-03-04") are lifted into metadata rather than dropped.

use crate::article::{BlockKind, RemovedBlock};
use crate::date::normalize_published;

/// One paragraph-level line before cleaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub kind: BlockKind,
}

impl Line {
    pub fn paragraph(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            kind: BlockKind::Paragraph,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaField {
    Published,
    Author,
    Outlet,
}

#[derive(Debug, Default)]
pub struct Cleaned {
    pub kept: Vec<Line>,
    pub removed: Vec<RemovedBlock>,
    /// Metadata lifted from label lines, in document order.
    pub meta: Vec<(MetaField, String)>,
}

/// What one rule says about one line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict {
    Keep,
    Noise(&'static str),
    Meta(MetaField, String),
    /// A heading that opens a block of teaser headlines ("Read more", "Related").
    TeaserHeading,
}

/// Applies every rule to every line, and the teaser-block rule across lines.
pub fn clean(lines: Vec<Line>) -> Cleaned {
    let mut out = Cleaned::default();
    let mut teaser: Option<TeaserState> = None;
    for line in &lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(state) = &teaser {
            match continue_teaser(state, text) {
                Some(next_state) => {
                    out.removed.push(removed("teaser-block", text));
                    teaser = Some(next_state);
                    continue;
                }
                None => teaser = None,
            }
        }
        match verdict(text) {
            Verdict::Keep => out.kept.push(Line {
                text: text.to_string(),
                kind: line.kind,
            }),
            Verdict::Noise(rule) => out.removed.push(removed(rule, text)),
            Verdict::Meta(field, value) => {
                out.removed.push(removed("metadata-label", text));
                out.meta.push((field, value));
            }
            Verdict::TeaserHeading => {
                out.removed.push(removed("teaser-heading", text));
                teaser = Some(TeaserState {
                    last_headline: None,
                });
            }
        }
    }
    out
}

fn removed(rule: &str, text: &str) -> RemovedBlock {
    RemovedBlock {
        rule: rule.to_string(),
        text: text.to_string(),
    }
}

/// Where the teaser-block rule stands: inside a block, remembering the teaser headline
/// just removed (a one- or two-sentence dek about the same thing may follow it).
#[derive(Clone, Debug)]
struct TeaserState {
    last_headline: Option<String>,
}

/// Inside a teaser block, teaser headlines (short, headline-shaped) are removed, each
/// optionally followed by one short dek that shares a content word with its headline.
/// The block ends at the first line that is neither, so the article resumes there.
fn continue_teaser(state: &TeaserState, text: &str) -> Option<TeaserState> {
    if is_headline_like(text) && word_count(text) >= 3 {
        return Some(TeaserState {
            last_headline: Some(text.to_string()),
        });
    }
    let headline = state.last_headline.as_deref()?;
    let is_dek =
        word_count(text) <= 45 && sentence_count(text) <= 2 && shares_content_word(headline, text);
    is_dek.then_some(TeaserState {
        last_headline: None,
    })
}

/// Whether two lines share a word of four or more letters (plural `s` ignored).
fn shares_content_word(a: &str, b: &str) -> bool {
    fn keys(text: &str) -> Vec<String> {
        words(text)
            .into_iter()
            .filter(|w| {
                w.chars().count() >= 4
                    && !matches!(
                        w.as_str(),
                        "with"
                            | "from"
                            | "that"
                            | "this"
                            | "their"
                            | "have"
                            | "after"
                            | "over"
                            | "into"
                            | "about"
                    )
            })
            .map(|w| w.trim_end_matches('s').to_string())
            .collect()
    }
    let left = keys(a);
    keys(b).iter().any(|k| left.contains(k))
}

fn verdict(text: &str) -> Verdict {
    if let Some(verdict) = label_line(text) {
        return verdict;
    }
    // Prose: no rule below takes lines longer than forty words but the hashtag rule.
    if text.split_whitespace().nth(40).is_some() {
        return if is_hashtag_line(text) {
            Verdict::Noise("hashtags")
        } else {
            Verdict::Keep
        };
    }
    if let Some(date) = date_line(text) {
        return Verdict::Meta(MetaField::Published, date);
    }
    if is_teaser_heading(text) {
        return Verdict::TeaserHeading;
    }
    if is_inline_teaser(text) {
        return Verdict::Noise("teaser-link");
    }
    if is_hashtag_line(text) {
        return Verdict::Noise("hashtags");
    }
    if is_picture_credit(text) {
        return Verdict::Noise("picture-credit");
    }
    if is_call_to_action(text) {
        return Verdict::Noise("call-to-action");
    }
    if is_share_buttons(text) {
        return Verdict::Noise("share-buttons");
    }
    if is_interface_residue(text) {
        return Verdict::Noise("interface-residue");
    }
    if is_legal_or_paywall(text) {
        return Verdict::Noise("legal-or-paywall");
    }
    Verdict::Keep
}

/// Lowercased words with surrounding punctuation stripped.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '#')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn sentence_count(text: &str) -> usize {
    let enders = text
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_end_matches(['"', '”', '’', '\'', ')']);
            w.ends_with(['.', '!', '?']) && w.chars().filter(|c| c.is_alphabetic()).count() > 1
        })
        .count();
    enders.max(1)
}

/// Headline-shaped: a short line that does not end like a sentence or a clause.
pub fn is_headline_like(text: &str) -> bool {
    let count = word_count(text);
    if count == 0 || count > 20 {
        return false;
    }
    let last = text
        .trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .chars()
        .last();
    if matches!(last, Some('.' | ',' | ';' | ':')) {
        return false;
    }
    text.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“‘'".contains(c))
}

/// Label lines: "Date:", "By Ana Ruiz", "Photo credit: …", "Tags: …".
fn label_line(text: &str) -> Option<Verdict> {
    if let Some(author) = byline(text) {
        return Some(Verdict::Meta(MetaField::Author, author));
    }
    let colon = text.find([':', '：'])?;
    let label = text[..colon].trim().to_lowercase();
    let value = text[colon..]
        .trim_start_matches([':', '：'])
        .trim()
        .to_string();
    if label.is_empty() || word_count(&label) > 3 {
        return None;
    }
    let value_words = word_count(&value);
    match label.as_str() {
        "date" | "dated" | "published" | "posted" | "updated" | "last updated" | "published on"
        | "posted on" | "first published" | "publication date" => {
            if value.is_empty() {
                return Some(Verdict::Noise("empty-metadata-label"));
            }
            if value_words > 8 {
                return None;
            }
            Some(match normalize_published(&value) {
                Some(date) if !label.contains("updated") => {
                    Verdict::Meta(MetaField::Published, date)
                }
                _ => Verdict::Noise("metadata-label"),
            })
        }
        "author" | "authors" | "by" | "byline" | "written by" | "reporter" | "reporting by" => {
            match value_words {
                0 => Some(Verdict::Noise("empty-metadata-label")),
                1..=8 => Some(Verdict::Meta(MetaField::Author, value)),
                _ => None,
            }
        }
        "source" | "outlet" | "publisher" | "publication" => match value_words {
            0 => Some(Verdict::Noise("empty-metadata-label")),
            1..=6 => Some(Verdict::Meta(MetaField::Outlet, value)),
            _ => None,
        },
        "photo" | "photos" | "image" | "images" | "picture" | "pictures" | "pic" | "credit"
        | "credits" | "photo credit" | "picture credit" | "image credit" | "image source"
        | "photograph" | "illustration" | "video" | "graphic" | "cover image" | "main image"
        | "header image" | "top image" | "file photo" => {
            (value_words <= 20).then_some(Verdict::Noise("picture-credit"))
        }
        "tags" | "tag" | "category" | "categories" | "filed under" | "keywords" | "topics"
        | "section" | "read time" | "reading time" | "share" | "share this" | "comments"
        | "share this article" | "follow" | "related topics" => {
            (value_words <= 25).then_some(Verdict::Noise(if value.is_empty() {
                "empty-metadata-label"
            } else {
                "metadata-label"
            }))
        }
        _ => None,
    }
}

/// A line that only dates the article: "May 14, 2031", "posted Apr 24th, 2031 at 12:28
/// PM", "PORT VELMORA, March 4, 2031". Few other words, no sentence ending, and not an
/// update stamp.
fn date_line(text: &str) -> Option<String> {
    if word_count(text) > 10 || text.trim_end().ends_with(['.', '!', '?']) {
        return None;
    }
    let date = crate::date::date_in_line(text)?;
    let lower = text.to_lowercase();
    if lower.contains("updated") || lower.contains("modified") {
        return None;
    }
    // Everything else on the line: a place name at most ("PORT VELMORA, March 4, 2031").
    let other_words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .filter(|w| {
            let lower = w.to_lowercase();
            crate::date::month_from_name(&lower).is_none()
                && crate::date::weekday_from_name(&lower).is_none()
                && !matches!(
                    lower.as_str(),
                    "posted"
                        | "published"
                        | "on"
                        | "at"
                        | "am"
                        | "pm"
                        | "hrs"
                        | "gmt"
                        | "utc"
                        | "et"
                        | "pt"
                        | "est"
                        | "pst"
                        | "bst"
                        | "cet"
                )
        })
        .count();
    (other_words <= 3).then(|| date.iso())
}

/// "By Ana Ruiz", "By Ana Ruiz and Tomas Bell", "By ANA RUIZ, Staff Reporter".
fn byline(text: &str) -> Option<String> {
    let rest = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("BY "))?;
    let rest = rest.trim();
    let count = word_count(rest);
    if count == 0 || count > 8 || rest.ends_with(['.', '?', '!']) && !rest.ends_with("Jr.") {
        return None;
    }
    // Every word a name part, a connector, or part of a role after a comma.
    let name_part = rest.split(',').next().unwrap_or(rest);
    let plausible = name_part.split_whitespace().all(|w| {
        matches!(w, "and" | "&" | "de" | "van" | "von" | "da" | "del" | "al")
            || w.chars().next().is_some_and(char::is_uppercase)
    });
    plausible.then(|| rest.to_string())
}

const TEASER_HEADINGS: &[&str] = &[
    "other topics of interest",
    "other topics",
    "read more",
    "read also",
    "also read",
    "read next",
    "more on this",
    "more on this story",
    "more on this topic",
    "related",
    "related articles",
    "related stories",
    "related coverage",
    "related content",
    "related news",
    "related reading",
    "related topics",
    "recommended",
    "recommended for you",
    "recommended stories",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "more stories",
    "more news",
    "other stories",
    "other news",
    "other articles",
    "more from us",
    "more top stories",
    "most read",
    "most popular",
    "most viewed",
    "popular now",
    "trending",
    "trending now",
    "see also",
    "further reading",
    "top stories",
    "latest news",
    "latest stories",
    "editor's picks",
    "editors' picks",
    "don't miss",
    "watch next",
    "up next",
    "in other news",
    "elsewhere",
    // The same in the other languages newsdesk reads most.
    "você pode gostar",
    "você também pode gostar",
    "leia também",
    "veja também",
    "notícias relacionadas",
    "te puede interesar",
    "también te puede interesar",
    "lee también",
    "noticias relacionadas",
    "lire aussi",
    "à lire aussi",
    "voir aussi",
    "sur le même sujet",
    "lesen sie auch",
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "leggi anche",
    "potrebbe interessarti",
    "articoli correlati",
    "lees ook",
    "читайте также",
    "похожие статьи",
];

fn is_teaser_heading(text: &str) -> bool {
    if word_count(text) > 6 {
        return false;
    }
    let normalized = normalize_phrase(text);
    TEASER_HEADINGS.contains(&normalized.as_str())
        || normalized.starts_with("more from ")
        || normalized.starts_with("more stories from ")
        || normalized.starts_with("more on ") && word_count(text) <= 4
}

/// "Read more: Ferry fares rise again" — a teaser link inside the body.
fn is_inline_teaser(text: &str) -> bool {
    if word_count(text) > 20 {
        return false;
    }
    let lower = text.to_lowercase();
    let prefixes = [
        "read more:",
        "read more |",
        "read also:",
        "also read:",
        "read next:",
        "related:",
        "see also:",
        "recommended:",
        "more:",
        "watch:",
        "video:",
        "listen:",
        "gallery:",
        "photos:",
        "in pictures:",
        "live:",
    ];
    prefixes.iter().any(|p| lower.starts_with(p))
}

/// Lowercase, apostrophes straightened, surrounding punctuation and arrows removed.
fn normalize_phrase(text: &str) -> String {
    text.to_lowercase()
        .replace('’', "'")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_hashtag_line(text: &str) -> bool {
    if !text.contains('#') {
        return false;
    }
    let (mut tokens, mut tags) = (0, 0);
    for token in text.split_whitespace() {
        tokens += 1;
        tags += usize::from(
            token.starts_with('#') && token.chars().nth(1).is_some_and(|c| c.is_alphanumeric()),
        );
    }
    tags >= 2 && tags * 2 >= tokens || tags == 1 && tokens == 1
}

fn is_picture_credit(text: &str) -> bool {
    if word_count(text) > 20 {
        return false;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_start_matches(['(', '[']);
    let starts = [
        "photo by ",
        "photos by ",
        "photograph by ",
        "picture by ",
        "image by ",
        "illustration by ",
        "photo courtesy",
        "image courtesy",
        "courtesy of ",
        "photo/",
        "photo /",
        "file photo",
    ];
    if starts.iter().any(|s| lower.starts_with(s)) {
        return true;
    }
    // "(Photo: Agency)" as a whole line.
    text.starts_with('(')
        && text.ends_with(')')
        && ["photo", "image", "picture", "credit", "illustration"]
            .iter()
            .any(|w| lower.starts_with(w))
}

const CTA_VERBS: &[&str] = &[
    "join",
    "follow",
    "subscribe",
    "sign",
    "download",
    "click",
    "tap",
    "like",
    "share",
    "watch",
    "listen",
    "get",
    "support",
    "donate",
    "register",
    "install",
    "visit",
    "check",
    "stay",
    "become",
    "send",
    "contact",
    "message",
    "don't",
    "never",
    "read",
    "see",
    "find",
    "help",
    "try",
    "unlock",
];

const PROMO_MARKERS: &[&str] = &[
    "us",
    "our",
    "we",
    "we're",
    "channel",
    "channels",
    "newsletter",
    "newsletters",
    "podcast",
    "app",
    "here",
    "link",
    "below",
    "free",
    "telegram",
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "whatsapp",
    "tiktok",
    "linkedin",
    "threads",
    "bluesky",
    "substack",
    "patreon",
    "updates",
    "coverage",
    "feed",
    "subscription",
    "subscribers",
    "membership",
    "inbox",
];

fn is_call_to_action(text: &str) -> bool {
    // Cheap test first: most lines are long prose.
    if word_count(text) > 30 {
        return false;
    }
    let words = words(text);
    if words.is_empty() || words.len() > 30 {
        return false;
    }
    let first = words[0].replace('’', "'");
    let has_handle = words.iter().any(|w| w.starts_with('@') && w.len() > 2);
    let has_marker = words
        .iter()
        .any(|w| PROMO_MARKERS.contains(&w.as_str()) || w.starts_with('@') && w.len() > 2);
    if CTA_VERBS.contains(&first.as_str()) && has_marker {
        return true;
    }
    // "Breaking news on our channel @handle" — a handle plus a promotion verb anywhere.
    has_handle
        && words.len() <= 20
        && words.iter().any(|w| {
            matches!(
                w.as_str(),
                "follow" | "join" | "subscribe" | "find" | "like"
            )
        })
}

const SOCIAL_NAMES: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "linkedin",
    "telegram",
    "reddit",
    "pinterest",
    "instagram",
    "email",
    "e-mail",
    "messenger",
    "threads",
    "bluesky",
    "mastodon",
    "print",
    "copy",
    "link",
];

fn is_share_buttons(text: &str) -> bool {
    if word_count(text) > 10 {
        return false;
    }
    let words = words(text);
    if words.is_empty() || words.len() > 10 {
        return false;
    }
    let social = words
        .iter()
        .filter(|w| SOCIAL_NAMES.contains(&w.as_str()))
        .count();
    let share_word = words
        .iter()
        .any(|w| matches!(w.as_str(), "share" | "tweet" | "post" | "send" | "pin"));
    // "Share this article", "Share this story".
    let share_this = words[0] == "share"
        && words.len() <= 4
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "this" | "article" | "story" | "page" | "post"));
    share_word && social >= 1 || share_this || social >= 2 && social * 2 >= words.len()
}

const INTERFACE_WORDS: &[&str] = &[
    "logo",
    "image",
    "images",
    "photo",
    "photos",
    "icon",
    "advertisement",
    "advert",
    "ad",
    "ads",
    "sponsored",
    "share",
    "shares",
    "tweet",
    "email",
    "print",
    "copy",
    "link",
    "close",
    "menu",
    "skip",
    "to",
    "content",
    "main",
    "back",
    "top",
    "loading",
    "play",
    "video",
    "listen",
    "comments",
    "comment",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "telegram",
    "reddit",
    "pinterest",
    "instagram",
    "youtube",
    "save",
    "bookmark",
    "subscribe",
    "login",
    "log",
    "in",
    "sign",
    "up",
    "search",
    "home",
    "next",
    "previous",
    "prev",
    "gallery",
    "audio",
    "caption",
    "expand",
    "collapse",
    "toggle",
    "navigation",
    "open",
    "view",
    "fullscreen",
    "embed",
    "placeholder",
    "thumbnail",
    "banner",
    "slideshow",
    "min",
    "read",
];

/// Lines made only of interface words: "Logo", "Share", "Skip to main content".
fn is_interface_residue(text: &str) -> bool {
    if word_count(text) > 6 {
        return false;
    }
    let words = words(text);
    !words.is_empty()
        && words.len() <= 6
        && words
            .iter()
            .all(|w| INTERFACE_WORDS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
        && !words.iter().all(|w| w.chars().all(|c| c.is_ascii_digit()))
}

fn is_legal_or_paywall(text: &str) -> bool {
    if word_count(text) > 40 {
        return false;
    }
    let lower = text.to_lowercase();
    let markers = [
        "all rights reserved",
        "we use cookies",
        "this site uses cookies",
        "this website uses cookies",
        "accept all cookies",
        "cookie policy",
        "cookie settings",
        "privacy policy",
        "terms of use",
        "terms of service",
        "subscribe to continue",
        "subscribe to read",
        "already a subscriber",
        "sign in to continue",
        "log in to continue",
        "this article is for subscribers",
        "for subscribers only",
    ];
    markers.iter().any(|m| lower.contains(m))
        || lower.starts_with('©')
        || lower.starts_with("copyright ©")
        || lower.starts_with("(c) ")
        || lower.starts_with("copyright 1")
        || lower.starts_with("copyright 2")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn run(lines: &[&str]) -> Cleaned {
        clean(lines.iter().map(|l| Line::paragraph(*l)).collect())
    }

    fn kept(lines: &[&str]) -> Vec<String> {
        run(lines).kept.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn calls_to_follow_join_and_subscribe_are_removed() {
        let noise = [
            "JOIN OUR WHATSAPP CHANNEL",
            "Follow the Harbour Courier on Telegram for live updates.",
            "Subscribe to our newsletter",
            "Sign up for our free morning briefing",
            "Find us on @valleycourier_news",
            "Download the app today for breaking alerts",
        ];
        for line in noise {
            assert!(kept(&[line]).is_empty(), "kept: {line}");
        }
    }

    #[test]
    fn ordinary_sentences_with_the_same_verbs_are_kept() {
        let content = [
            "Follow the money, the auditors told the council on Tuesday.",
            "Join talks resumed after a two-week pause, the union said.",
            "Investigators said they would share the findings with the ministry.",
            "Read the fine print, warned consumer advocate Mila Stroud.",
        ];
        for line in content {
            assert_eq!(kept(&[line]), vec![line.to_string()]);
        }
    }

    #[test]
    fn teaser_blocks_are_removed_with_their_deks_but_the_article_resumes() {
        let got = kept(&[
            "The ferry service stopped on Monday.",
            "More Stories From Our Newsroom",
            "Lighthouse Keepers Vote to Strike Over Night Shifts",
            "The keepers say their night shifts grew longer after the storm season.",
            "Council Approves New Fish Market Lease",
            "Officials expect the ferries to run again by Friday.",
        ]);
        assert_eq!(
            got,
            vec![
                "The ferry service stopped on Monday.",
                "Officials expect the ferries to run again by Friday."
            ]
        );
    }

    #[test]
    fn a_teaser_heading_followed_by_body_text_only_drops_the_heading() {
        let got = kept(&[
            "Related",
            "The minister said the port would reopen once the cranes were inspected and the unions agreed to new shift rotations.",
        ]);
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn picture_credits_and_interface_residue_are_removed() {
        for line in [
            "Logo",
            "Photo credit: Lena Park / Coastline Daily",
            "Image: Harbour Courier",
            "(Photo: Port Authority)",
            "Photo by Ira Wells on a harbor pier",
            "Share",
            "Skip to main content",
            "Advertisement",
            "Share on Facebook",
            "Facebook Twitter Email",
            "Share this article",
        ] {
            assert!(kept(&[line]).is_empty(), "kept: {line}");
        }
    }

    #[test]
    fn metadata_labels_are_lifted_or_dropped() {
        let got = run(&[
            "Date:",
            "Author:",
            "By Ana Ruiz and Tomas Bell",
            "Published: March 4, 2031",
            "Source: Valley Courier",
            "Tags: ports, strikes",
            "Date: the day the cranes stopped",
        ]);
        assert!(got.kept.is_empty(), "{:?}", got.kept);
        assert_eq!(
            got.meta,
            vec![
                (MetaField::Author, "Ana Ruiz and Tomas Bell".to_string()),
                (MetaField::Published, "2031-03-04".to_string()),
                (MetaField::Outlet, "Valley Courier".to_string()),
            ]
        );
        let rules: Vec<&str> = got.removed.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(rules[0], "empty-metadata-label");
    }

    #[test]
    fn date_only_lines_date_the_article_but_sentences_with_dates_stay() {
        let got = run(&[
            "Cranes Stop at Port Velmora",
            "posted Mar 4th, 2031 at 12:28 PM",
            "The vote is on March 9, 2031.",
            "Updated March 5, 2031",
        ]);
        assert_eq!(
            got.meta,
            vec![(MetaField::Published, "2031-03-04".to_string())]
        );
        let kept: Vec<&str> = got.kept.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            kept,
            vec![
                "Cranes Stop at Port Velmora",
                "The vote is on March 9, 2031.",
                "Updated March 5, 2031"
            ]
        );
    }

    #[test]
    fn hashtag_lines_are_removed_but_a_hashtag_in_a_sentence_is_not() {
        assert!(kept(&["#PortStrike #Velmora #Dockers"]).is_empty());
        assert_eq!(
            kept(&["Residents rallied under the #SaveTheQuay banner on Sunday."]).len(),
            1
        );
    }

    #[test]
    fn legal_and_paywall_lines_are_removed() {
        for line in [
            "© 2031 Coastline Daily. All rights reserved.",
            "We use cookies to improve your experience.",
            "Already a subscriber? Log in",
        ] {
            assert!(kept(&[line]).is_empty(), "kept: {line}");
        }
    }

    #[test]
    fn headline_shape() {
        assert!(is_headline_like("Dockworkers Walk Out at Port Velmora"));
        assert!(is_headline_like("Can the Harbor Deal Hold?"));
        assert!(!is_headline_like("The strike began on Monday."));
        assert!(!is_headline_like("the strike began"));
    }

    proptest! {
        #[test]
        fn cleaning_never_invents_text(lines in proptest::collection::vec("\\PC{0,60}", 0..12)) {
            let input: Vec<Line> = lines.iter().map(|l| Line::paragraph(l.clone())).collect();
            let got = clean(input);
            for line in got.kept {
                prop_assert!(lines.iter().any(|l| l.trim() == line.text));
            }
        }
    }
}
