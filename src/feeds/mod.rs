//! Feeds: following sources. Takes the feeds a user follows (stored in the store, added
//! one by one or from OPML) and gives [`RawSource`]s for their new items, ready for the
//! ingest pipeline.
//!
//! A poll fetches each feed conditionally (ETag, Last-Modified), parses RSS, Atom or JSON
//! Feed ([`parse`]), skips items already seen, and makes each new item a source: the
//! item's own HTML when the feed carries the full text, else the linked page fetched
//! through the polite [`HttpClient`]. Feed metadata (title, date, author, outlet) travels
//! as hints. An item is marked seen only once its source was obtained; an item whose page
//! failed to download is kept as pending and tried again at the next polls (up to
//! [`MAX_ATTEMPTS`] in all), even when the feed itself answers "not modified". A broken
//! feed is recorded and the others go on.

pub mod opml;
pub mod parse;

use crate::ingest::fetch::{source_from_response, Fetched, HttpClient, Validators};
use crate::ingest::{InputError, RawSource, SourceFormat};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feed {
    pub title: Option<String>,
    /// The site's home page.
    pub site: Option<String>,
    pub items: Vec<FeedItem>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FeedItem {
    /// What identifies the item across polls: its guid or id, else its link, else its
    /// title and date.
    pub key: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The description or summary (HTML).
    pub summary: Option<String>,
    /// The full text when the feed carries it (`content:encoded`, Atom content,
    /// `content_html`), as HTML.
    pub content: Option<String>,
    /// ISO 8601.
    pub published: Option<String>,
    pub author: Option<String>,
}

/// Tries to download a pending item's page before it is given up.
pub const MAX_ATTEMPTS: i64 = 5;

/// Below this many words of text, a feed item's own content is a teaser and the linked
/// page is fetched instead.
pub const FULL_TEXT_WORDS: usize = 150;

impl FeedItem {
    pub(crate) fn fallback_key(&self) -> String {
        self.url.clone().unwrap_or_else(|| {
            format!(
                "{}|{}",
                self.title.as_deref().unwrap_or(""),
                self.published.as_deref().unwrap_or("")
            )
        })
    }

    /// The item's own text when it is the whole article, not a teaser.
    fn full_text(&self) -> Option<&str> {
        [self.content.as_deref(), self.summary.as_deref()]
            .into_iter()
            .flatten()
            .find(|html| visible_word_count(html) >= FULL_TEXT_WORDS)
    }
}

/// Words outside tags, roughly: enough to tell a teaser from an article.
fn visible_word_count(html: &str) -> usize {
    let mut in_tag = false;
    let mut text = String::with_capacity(html.len());
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().count()
}

/// A feed as the store keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedRecord {
    pub url: String,
    pub title: Option<String>,
    pub added_at: String,
    pub validators: Validators,
    pub last_polled: Option<String>,
    /// "ok: 3 new items", "not modified", or the last error.
    pub last_status: Option<String>,
    /// Polls in a row that failed.
    pub failures: i64,
}

/// What polling one feed gave.
pub struct Polled {
    /// New items' sources.
    pub sources: Vec<KeyedSource>,
    /// Items whose page could not be fetched (kept to be tried again).
    pub failed: Vec<FailedItem>,
    pub validators: Validators,
    /// The feed's own title, to fill a record that has none.
    pub title: Option<String>,
    pub not_modified: bool,
}

/// Fetches and parses one feed and makes sources of the items `is_new` accepts, at most
/// `max_items` of them, newest first as the feed lists them.
pub fn poll(
    client: &mut HttpClient,
    record: &FeedRecord,
    max_items: usize,
    is_new: &dyn Fn(&str) -> bool,
) -> Result<Polled, InputError> {
    let response = match client.get(&record.url, &record.validators)? {
        Fetched::NotModified => {
            return Ok(Polled {
                sources: Vec::new(),
                failed: Vec::new(),
                validators: record.validators.clone(),
                title: None,
                not_modified: true,
            })
        }
        Fetched::Body(response) => response,
    };
    let feed = parse::parse(&response.bytes).map_err(|p| InputError::new(record.url.clone(), p))?;
    let outlet = record.title.clone().or_else(|| feed.title.clone());
    let new_items: Vec<FeedItem> = feed
        .items
        .iter()
        .filter(|i| is_new(&i.key))
        .take(max_items)
        .cloned()
        .collect();
    let (sources, failed) = item_sources(client, &record.url, outlet.as_deref(), &new_items);
    Ok(Polled {
        sources,
        failed,
        validators: response.validators,
        title: feed.title,
        not_modified: false,
    })
}

/// A new item's source, with the key the item is remembered by.
pub type KeyedSource = (String, RawSource);
/// An item whose page could not be fetched, and why.
pub type FailedItem = (FeedItem, InputError);

/// Sources for feed items (full text or linked page), with the feed's metadata as hints;
/// the items that failed come back with their errors.
pub fn item_sources(
    client: &mut HttpClient,
    feed_url: &str,
    outlet: Option<&str>,
    items: &[FeedItem],
) -> (Vec<KeyedSource>, Vec<FailedItem>) {
    // Items that carry their text need no request; the linked pages are fetched together,
    // several hosts at a time, and come back in the items' order.
    let needs_page = |item: &FeedItem| item.full_text().is_none() && item.url.is_some();
    let urls: Vec<&str> = items
        .iter()
        .filter(|i| needs_page(i))
        .filter_map(|i| i.url.as_deref())
        .collect();
    let mut fetched = client.get_many(&urls).into_iter();
    let mut sources = Vec::new();
    let mut failed = Vec::new();
    for item in items {
        let outcome = if needs_page(item) {
            let url = item.url.as_deref().unwrap_or(feed_url);
            match fetched.next().expect("one result per page asked for") {
                Ok(Fetched::Body(response)) => Ok(source_from_response(url, response)),
                Ok(Fetched::NotModified) => Err(InputError::new(
                    url,
                    "server answered 304 Not Modified to an unconditional request",
                )),
                Err(error) => Err(error),
            }
        } else {
            own_text_source(feed_url, item)
        };
        match outcome {
            Ok(mut source) => {
                let hints = &mut source.hints;
                hints.title = hints.title.take().or_else(|| item.title.clone());
                hints.published = hints.published.take().or_else(|| item.published.clone());
                hints.author = hints.author.take().or_else(|| item.author.clone());
                hints.outlet = hints.outlet.take().or_else(|| outlet.map(str::to_string));
                sources.push((item.key.clone(), source));
            }
            Err(error) => failed.push((item.clone(), error)),
        }
    }
    (sources, failed)
}

/// A source from the item's own text (the full article, when the feed carries it).
fn own_text_source(feed_url: &str, item: &FeedItem) -> Result<RawSource, InputError> {
    let origin = item
        .url
        .clone()
        .unwrap_or_else(|| format!("{feed_url}#{}", item.key));
    let Some(html) = item.full_text() else {
        return Err(InputError::new(
            origin,
            "feed item has neither its full text nor a link to the article",
        ));
    };
    let page = format!(
        "<html><head><title>{}</title></head><body><article>{html}</article></body></html>",
        parse::escape(item.title.as_deref().unwrap_or(""))
    );
    let mut source = RawSource::new(origin, page.into_bytes(), SourceFormat::Html);
    source.hints.url.clone_from(&item.url);
    source.fetched_at = Some(crate::date::now_utc_iso());
    Ok(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teasers_are_not_full_text() {
        let teaser = FeedItem {
            summary: Some("<p>Crews walked out at <b>dawn</b>.</p>".into()),
            ..FeedItem::default()
        };
        assert_eq!(teaser.full_text(), None);
        let body = "<p>".to_string() + &"word ".repeat(FULL_TEXT_WORDS) + "</p>";
        let full = FeedItem {
            summary: Some("Short.".into()),
            content: Some(body.clone()),
            ..FeedItem::default()
        };
        assert_eq!(full.full_text(), Some(body.as_str()));
    }
}
