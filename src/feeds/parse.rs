//! RSS 2.0 (and RSS 1.0/RDF), Atom 1.0 and JSON Feed 1.x documents to a [`Feed`].
//!
//! Namespaced extensions that carry articles are read by local name: `content:encoded`
//! (the full text many RSS feeds carry), `dc:creator`, `dc:date`. Dates are normalised to
//! ISO 8601; entities and CDATA sections are decoded.

use super::{Feed, FeedItem};
use crate::date::normalize_published;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Parses a feed document, telling JSON Feed from XML by its first character.
pub fn parse(bytes: &[u8]) -> Result<Feed, String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.is_empty() {
        return Err("is empty: no feed document".to_string());
    }
    if text.starts_with('{') {
        return parse_json_feed(text);
    }
    parse_xml_feed(text)
}

fn parse_json_feed(text: &str) -> Result<Feed, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("is not valid JSON Feed: {e}"))?;
    let is_json_feed = value["version"]
        .as_str()
        .is_some_and(|v| v.contains("jsonfeed.org"));
    if !is_json_feed {
        return Err("is JSON but not a JSON Feed (no jsonfeed.org version)".to_string());
    }
    let string = |v: &serde_json::Value| {
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let items = value["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    let author = string(&item["authors"][0]["name"])
                        .or_else(|| string(&item["author"]["name"]));
                    let mut feed_item = FeedItem {
                        url: string(&item["url"]).or_else(|| string(&item["external_url"])),
                        title: string(&item["title"]),
                        summary: string(&item["summary"]),
                        content: string(&item["content_html"])
                            .or_else(|| string(&item["content_text"]).map(|t| text_to_html(&t))),
                        published: string(&item["date_published"])
                            .or_else(|| string(&item["date_modified"]))
                            .and_then(|d| normalize_published(&d)),
                        author,
                        key: String::new(),
                    };
                    feed_item.key = string(&item["id"]).unwrap_or_else(|| feed_item.fallback_key());
                    feed_item
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Feed {
        title: string(&value["title"]),
        site: string(&value["home_page_url"]),
        items,
    })
}

/// Plain text as HTML paragraphs, escaped.
fn text_to_html(text: &str) -> String {
    text.split("\n\n")
        .map(|p| format!("<p>{}</p>", escape(p.trim())))
        .collect()
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Which element's text is being collected for the current item.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Title,
    Link,
    Id,
    Summary,
    Content,
    Published,
    Updated,
    Author,
}

fn local_name(element: &BytesStart) -> String {
    String::from_utf8_lossy(element.local_name().as_ref()).to_ascii_lowercase()
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    element.attributes().flatten().find_map(|a| {
        (String::from_utf8_lossy(a.key.local_name().as_ref()).eq_ignore_ascii_case(name))
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.trim().to_string())
            })
            .flatten()
    })
}

/// An Atom `<link>` that points at the entry's page (no `rel`, or `rel="alternate"`).
fn alternate_href(element: &BytesStart) -> Option<String> {
    let rel = attribute(element, "rel");
    (rel.is_none() || rel.as_deref() == Some("alternate"))
        .then(|| attribute(element, "href"))
        .flatten()
}

#[derive(Default)]
struct ItemText {
    title: String,
    link: String,
    id: String,
    summary: String,
    content: String,
    published: String,
    updated: String,
    author: String,
}

impl ItemText {
    fn slot(&mut self, field: Field) -> &mut String {
        match field {
            Field::Title => &mut self.title,
            Field::Link => &mut self.link,
            Field::Id => &mut self.id,
            Field::Summary => &mut self.summary,
            Field::Content => &mut self.content,
            Field::Published => &mut self.published,
            Field::Updated => &mut self.updated,
            Field::Author => &mut self.author,
        }
    }

    fn into_item(self) -> FeedItem {
        let some = |s: String| {
            let s = s.trim().to_string();
            (!s.is_empty()).then_some(s)
        };
        let published = some(self.published)
            .or(some(self.updated))
            .and_then(|d| normalize_published(&d));
        let mut item = FeedItem {
            key: String::new(),
            url: some(self.link),
            title: some(self.title).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")),
            summary: some(self.summary),
            content: some(self.content),
            published,
            author: some(self.author),
        };
        item.key = some(self.id).unwrap_or_else(|| item.fallback_key());
        item
    }
}

fn parse_xml_feed(text: &str) -> Result<Feed, String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<String> = Vec::new();
    let mut root: Option<String> = None;
    let mut feed = Feed::default();
    let mut feed_title = String::new();
    let mut item: Option<(usize, ItemText)> = None;
    // The field being collected and the depth of its element.
    let mut field: Option<(Field, usize)> = None;
    let mut collecting_feed_title = false;
    loop {
        let event = next_event(&mut reader)?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let empty = matches!(event, Event::Empty(_));
                let name = local_name(element);
                if root.is_none() {
                    if !matches!(name.as_str(), "rss" | "rdf" | "feed") {
                        return Err(format!(
                            "is XML but not a feed (its root element is <{name}>, not <rss> or <feed>)"
                        ));
                    }
                    root = Some(name.clone());
                }
                let depth = stack.len() + 1;
                if matches!(name.as_str(), "item" | "entry") && item.is_none() {
                    item = Some((depth, ItemText::default()));
                } else if let Some((item_depth, text)) = item.as_mut() {
                    if name == "link" {
                        if let Some(href) = alternate_href(element) {
                            if text.link.is_empty() {
                                text.link = href;
                            }
                        }
                    }
                    if depth == *item_depth + 1 && field.is_none() {
                        let chosen = match name.as_str() {
                            "title" => Some(Field::Title),
                            "link" if text.link.is_empty() => Some(Field::Link),
                            "guid" | "id" => Some(Field::Id),
                            "description" | "summary" => Some(Field::Summary),
                            "encoded" | "content" => Some(Field::Content),
                            "pubdate" | "published" | "date" | "issued" => Some(Field::Published),
                            "updated" | "modified" => Some(Field::Updated),
                            "author" | "creator" => Some(Field::Author),
                            _ => None,
                        };
                        if let Some(chosen) = chosen {
                            // A second description or content keeps the first.
                            if text.slot(chosen).is_empty() && !empty {
                                field = Some((chosen, depth));
                            }
                        }
                    }
                } else {
                    // Feed-level metadata.
                    let parent = stack.last().map(String::as_str);
                    if name == "title"
                        && matches!(parent, Some("channel" | "feed"))
                        && feed_title.is_empty()
                    {
                        collecting_feed_title = !empty;
                    }
                    if name == "link"
                        && matches!(parent, Some("channel" | "feed"))
                        && feed.site.is_none()
                    {
                        feed.site = alternate_href(element);
                    }
                }
                if !empty {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                let depth = stack.len();
                stack.pop();
                if field.is_some_and(|(_, d)| d == depth) {
                    field = None;
                }
                collecting_feed_title = false;
                if item.as_ref().is_some_and(|(d, _)| *d == depth) {
                    let (_, text) = item.take().expect("checked");
                    feed.items.push(text.into_item());
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                let piece = event_text(&event)?;
                push_text(
                    &mut item,
                    field,
                    &stack,
                    &piece,
                    collecting_feed_title,
                    &mut feed_title,
                );
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(format!(
                        "ends before <{open}> is closed: the document is cut short"
                    ));
                }
                break;
            }
            _ => {}
        }
    }
    if root.is_none() {
        return Err("has no XML root element: not a feed".to_string());
    }
    let title = feed_title.trim();
    feed.title = (!title.is_empty()).then(|| title.to_string());
    Ok(feed)
}

/// The next XML event, or an error that says where the document is malformed.
pub fn next_event<'x>(reader: &mut Reader<&'x [u8]>) -> Result<Event<'x>, String> {
    reader.read_event().map_err(|e| {
        format!(
            "is not well-formed XML (at byte {}): {e}",
            reader.error_position()
        )
    })
}

/// The characters a text, CDATA or reference event stands for.
pub fn event_text(event: &Event) -> Result<String, String> {
    let undecodable = |e: quick_xml::encoding::EncodingError| format!("has undecodable text: {e}");
    Ok(match event {
        Event::Text(text) => text.decode().map_err(undecodable)?.into_owned(),
        Event::CData(data) => data.decode().map_err(undecodable)?.into_owned(),
        Event::GeneralRef(reference) => match reference.resolve_char_ref() {
            Ok(Some(c)) => c.to_string(),
            _ => {
                let name = reference.decode().unwrap_or_default();
                crate::extract::metadata::unescape_entities(&format!("&{name};"))
            }
        },
        _ => String::new(),
    })
}

fn push_text(
    item: &mut Option<(usize, ItemText)>,
    field: Option<(Field, usize)>,
    stack: &[String],
    text: &str,
    collecting_feed_title: bool,
    feed_title: &mut String,
) {
    if let (Some((_, item_text)), Some((field, _))) = (item.as_mut(), field) {
        // Atom authors: only the name, not the email or URI.
        if field == Field::Author
            && matches!(stack.last().map(String::as_str), Some("email" | "uri"))
        {
            return;
        }
        item_text.slot(field).push_str(text);
    } else if collecting_feed_title {
        feed_title.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Coastline Daily &amp; Friends</title>
  <link>https://coastline.example/</link>
  <item>
    <title>Ferry crews strike at dawn</title>
    <link>https://coastline.example/ferry-strike</link>
    <guid isPermaLink="false">cd-1001</guid>
    <pubDate>Tue, 04 Mar 2031 07:15:00 +0000</pubDate>
    <dc:creator>Ana Ruiz</dc:creator>
    <description>Crews walked out &lt;b&gt;early&lt;/b&gt;.</description>
    <content:encoded><![CDATA[<p>Ferry crews walked out at dawn on Tuesday.</p>]]></content:encoded>
  </item>
  <item>
    <title>Harbour &#8216;quiet&#8217; after walkout</title>
    <link>https://coastline.example/quiet</link>
  </item>
</channel>
</rss>"#;

    #[test]
    fn reads_rss_items_with_full_content() {
        let feed = parse(RSS.as_bytes()).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Coastline Daily & Friends"));
        assert_eq!(feed.items.len(), 2);
        let first = &feed.items[0];
        assert_eq!(first.key, "cd-1001");
        assert_eq!(
            first.url.as_deref(),
            Some("https://coastline.example/ferry-strike")
        );
        assert_eq!(first.author.as_deref(), Some("Ana Ruiz"));
        assert!(first
            .published
            .as_deref()
            .unwrap()
            .starts_with("2031-03-04"));
        assert_eq!(
            first.summary.as_deref(),
            Some("Crews walked out <b>early</b>.")
        );
        assert_eq!(
            first.content.as_deref(),
            Some("<p>Ferry crews walked out at dawn on Tuesday.</p>")
        );
        let second = &feed.items[1];
        assert_eq!(
            second.title.as_deref(),
            Some("Harbour ‘quiet’ after walkout")
        );
        // No guid: the link is the key.
        assert_eq!(second.key, "https://coastline.example/quiet");
    }

    #[test]
    fn reads_atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Harbour Courier</title>
  <link rel="alternate" href="https://courier.example/"/>
  <link rel="self" href="https://courier.example/atom.xml"/>
  <entry>
    <title>Union rejects port offer</title>
    <link rel="enclosure" href="https://courier.example/photo.jpg"/>
    <link href="https://courier.example/union-rejects"/>
    <id>tag:courier.example,2031:42</id>
    <updated>2031-03-06T09:00:00Z</updated>
    <author><name>Tomas Bell</name><email>tb@courier.example</email></author>
    <summary type="html">&lt;p&gt;The union said no.&lt;/p&gt;</summary>
  </entry>
</feed>"#;
        let feed = parse(atom.as_bytes()).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Harbour Courier"));
        assert_eq!(feed.site.as_deref(), Some("https://courier.example/"));
        let entry = &feed.items[0];
        assert_eq!(
            entry.url.as_deref(),
            Some("https://courier.example/union-rejects")
        );
        assert_eq!(entry.key, "tag:courier.example,2031:42");
        assert_eq!(entry.author.as_deref(), Some("Tomas Bell"));
        assert_eq!(entry.summary.as_deref(), Some("<p>The union said no.</p>"));
        assert!(entry
            .published
            .as_deref()
            .unwrap()
            .starts_with("2031-03-06"));
    }

    #[test]
    fn reads_json_feed() {
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "North Shore Gazette",
            "items": [{"id": "ns-7", "url": "https://gazette.example/7", "title": "Cranes idle",
                       "content_text": "Cranes stood idle.\n\nTalks resume Friday.",
                       "date_published": "2031-03-05T12:00:00+01:00", "authors": [{"name": "Lea Moss"}]}]}"#;
        let feed = parse(json.as_bytes()).unwrap();
        assert_eq!(feed.title.as_deref(), Some("North Shore Gazette"));
        let item = &feed.items[0];
        assert_eq!(item.key, "ns-7");
        assert_eq!(item.author.as_deref(), Some("Lea Moss"));
        assert_eq!(
            item.content.as_deref(),
            Some("<p>Cranes stood idle.</p><p>Talks resume Friday.</p>")
        );
    }

    #[test]
    fn bad_documents_get_clear_errors() {
        let cases: [(&str, &str); 5] = [
            ("", "is empty"),
            ("<html><body>Not a feed</body></html>", "not a feed"),
            ("<rss><channel><item><title>Open", "cut short"),
            ("{\"title\": \"x\"}", "not a JSON Feed"),
            ("{broken", "not valid JSON Feed"),
        ];
        for (text, want) in cases {
            let error = parse(text.as_bytes()).unwrap_err();
            assert!(error.contains(want), "{text:?}: {error}");
        }
    }
}
