//! Page metadata: title, author, publication date, outlet, canonical URL and language from
//! JSON-LD, OpenGraph and other meta tags, `<link rel=canonical>`, `<time>` and `<html
//! lang>`, then tidied the same way whatever the page: entities left escaped by the
//! publishing system are decoded, the site's name is cut from the title, and placeholder
//! authors ("admin", "staff") are dropped.

use crate::article::ArticleMeta;
use crate::date::normalize_published;
use scraper::{ElementRef, Html};
use serde_json::Value;
use std::collections::HashMap;

fn clean_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Metadata in priority order: JSON-LD, then OpenGraph/meta tags, then `<time>`.
pub fn read(document: &Html, root: ElementRef) -> ArticleMeta {
    let (mut meta, other_date) = json_ld(document);
    let mut tags: HashMap<String, String> = HashMap::new();
    let mut canonical = None;
    let mut time_element = None;
    for element in root.descendent_elements() {
        let value = element.value();
        match value.name() {
            "meta" => {
                let key = value
                    .attr("property")
                    .or_else(|| value.attr("name"))
                    .or_else(|| value.attr("itemprop"))
                    .or_else(|| value.attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, value.attr("content")) {
                    let content = clean_text(content);
                    if !content.is_empty() {
                        tags.entry(key.to_ascii_lowercase()).or_insert(content);
                    }
                }
            }
            "link" if canonical.is_none() => {
                let is_canonical = value.attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                });
                if is_canonical {
                    canonical = value.attr("href").map(str::to_string);
                }
            }
            "time" if time_element.is_none() => {
                time_element = value
                    .attr("datetime")
                    .and_then(normalize_published)
                    .or_else(|| normalize_published(&element.text().collect::<String>()));
            }
            _ => {}
        }
    }
    let tag = |keys: &[&str]| keys.iter().find_map(|k| tags.get(*k).cloned());
    let from_tags = ArticleMeta {
        title: tag(&["og:title", "twitter:title", "headline", "dc.title"]),
        author: tag(&[
            "author",
            "article:author",
            "byline",
            "dc.creator",
            "sailthru.author",
            "parsely-author",
        ])
        .filter(|a| !a.starts_with("http")),
        published: tag(&[
            "article:published_time",
            "datepublished",
            "og:published_time",
            "date",
            "pubdate",
            "publishdate",
            "dc.date.issued",
            "dc.date",
            "sailthru.date",
            "parsely-pub-date",
        ])
        .and_then(|d| normalize_published(&d))
        .or(time_element),
        outlet: tag(&["og:site_name", "application-name", "publisher"]),
        url: canonical.or_else(|| tag(&["og:url"])),
        language: root
            .value()
            .attr("lang")
            .map(str::to_string)
            .or_else(|| tag(&["content-language", "og:locale", "language"]))
            .map(|l| l.replace('_', "-")),
    };
    meta.fill_from(&from_tags);
    if meta.published.is_none() {
        meta.published = other_date;
    }
    tidy(meta)
}

/// The author named by the page's byline element (`itemprop="author"`, `rel="author"`, or
/// a class or id with "author" or "byline"), outside comment threads: a name of two to
/// six words, with any "By" dropped.
///
/// The last resort for the author: a "By …" line in the body text, found by the cleaning
/// rules, comes before it.
pub fn byline_element(root: ElementRef, title: Option<&str>) -> Option<String> {
    let marks_author = |element: &ElementRef| {
        let value = element.value();
        // A cheap substring test first: it runs for every element of the page.
        let mentions = |v: &str, word: &[u8]| {
            v.as_bytes()
                .windows(word.len())
                .any(|w| w.eq_ignore_ascii_case(word))
        };
        let named = |attr: &str| {
            value.attr(attr).is_some_and(|v| {
                (mentions(v, b"author") || mentions(v, b"byline"))
                    && v.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                        .any(|w| {
                            w.eq_ignore_ascii_case("author") || w.eq_ignore_ascii_case("byline")
                        })
            })
        };
        value
            .attr("itemprop")
            .is_some_and(|v| v.eq_ignore_ascii_case("author"))
            || value
                .attr("rel")
                .is_some_and(|v| v.eq_ignore_ascii_case("author"))
            || named("class")
            || named("id")
    };
    let in_comments = |element: &ElementRef| {
        element.ancestors().filter_map(ElementRef::wrap).any(|a| {
            a.value()
                .attr("class")
                .or_else(|| a.value().attr("id"))
                .is_some_and(|c| c.to_ascii_lowercase().contains("comment"))
        })
    };
    root.descendent_elements()
        .filter(|e| marks_author(e) && !matches!(e.value().name(), "meta" | "link" | "script"))
        .filter(|e| !in_comments(e))
        .find_map(|element| {
            // Each piece of text on its own: "By" and the linked name are separate pieces,
            // and so is the "View more articles" link after it.
            element.text().find_map(|piece| {
                let text = clean_text(piece);
                let name = [
                    "Posted by ",
                    "posted by ",
                    "Written by ",
                    "By ",
                    "by ",
                    "BY ",
                ]
                .iter()
                .find_map(|prefix| text.strip_prefix(prefix))
                .unwrap_or(&text)
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
                .to_string();
                let words = name.split_whitespace().count();
                let looks_like_a_name = (2..=6).contains(&words)
                    && name.len() <= 60
                    && !name.chars().any(|c| c.is_ascii_digit())
                    && name.chars().next().is_some_and(char::is_uppercase)
                    && !name.to_lowercase().contains("author")
                    && !matches!(name.to_lowercase().as_str(), "posted by" | "written by")
                    // A piece of the headline in an author-named box is not a name.
                    && !title.is_some_and(|t| t.to_lowercase().contains(&name.to_lowercase()));
                looks_like_a_name.then_some(name)
            })
        })
}

/// Author values that name no one.
const PLACEHOLDER_AUTHORS: &[&str] = &[
    "admin",
    "administrator",
    "staff",
    "editor",
    "editors",
    "webmaster",
    "guest",
    "unknown",
    "anonymous",
    "author",
    "user",
    "root",
];

/// The same tidying for every page's metadata (see the module comment).
pub fn tidy(mut meta: ArticleMeta) -> ArticleMeta {
    for field in [&mut meta.title, &mut meta.author, &mut meta.outlet] {
        if let Some(value) = field.as_mut() {
            *value = clean_text(&unescape_entities(value));
        }
    }
    meta.author = meta.author.filter(|author| {
        let lower = author.to_lowercase();
        !PLACEHOLDER_AUTHORS.contains(&lower.as_str())
            && !lower.contains('@')
            && !lower.starts_with("http")
    });
    if let Some(title) = meta.title.take() {
        meta.title = Some(strip_site_name(
            &title,
            meta.outlet.as_deref(),
            meta.url.as_deref(),
        ));
    }
    meta
}

/// "Headline | Site", "Headline - Site": the site part goes when it is the outlet's name
/// or the web site's host name; a headline that merely contains a dash stays whole.
pub fn strip_site_name(title: &str, outlet: Option<&str>, url: Option<&str>) -> String {
    let squash = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let host = url
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split(['/', ':', '?']).next())
        .map(|host| host.trim_start_matches("www."))
        .and_then(|host| host.split('.').next())
        .map(squash);
    let is_site = |tail: &str| {
        let tail = squash(tail);
        !tail.is_empty()
            && (outlet.is_some_and(|o| squash(o) == tail)
                || host
                    .as_deref()
                    .is_some_and(|h| h == tail || tail.starts_with(h) && h.len() >= 4))
    };
    for separator in [" | ", " – ", " — ", " - ", " :: ", " · "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if is_site(tail) && head.split_whitespace().count() >= 2 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Decodes character references that survived into attribute values or JSON-LD because
/// the publishing system escaped them twice ("&#8216;The Medium&#8217;", "&amp;").
pub fn unescape_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest[1..]
            .find(';')
            .filter(|end| *end <= 10)
            .and_then(|end| {
                let name = &rest[1..1 + end];
                let c = match name.strip_prefix('#') {
                    Some(number) => match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse::<u32>().ok(),
                    }
                    .and_then(char::from_u32),
                    None => named_entity(name),
                }?;
                Some((c, end + 2))
            });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => ' ',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => return None,
    })
}

/// Metadata from the JSON-LD objects typed as articles, and the first date any other
/// object gives.
fn json_ld(document: &Html) -> (ArticleMeta, Option<String>) {
    let mut meta = ArticleMeta::default();
    let mut other_date = None;
    let selector =
        scraper::Selector::parse("script[type=\"application/ld+json\"]").expect("static selector");
    for script in document.select(&selector) {
        let text: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        let mut objects = Vec::new();
        flatten_ld(&value, &mut objects);
        for object in objects {
            let is_article = object
                .get("@type")
                .map(|t| match t {
                    Value::String(s) => is_article_type(s),
                    Value::Array(items) => {
                        items.iter().filter_map(Value::as_str).any(is_article_type)
                    }
                    _ => false,
                })
                .unwrap_or(false);
            if !is_article {
                continue;
            }
            let found = ArticleMeta {
                title: object
                    .get("headline")
                    .and_then(Value::as_str)
                    .map(clean_text),
                author: object.get("author").and_then(ld_names),
                published: object
                    .get("datePublished")
                    .and_then(Value::as_str)
                    .and_then(normalize_published),
                outlet: object.get("publisher").and_then(ld_names),
                url: object
                    .get("url")
                    .or_else(|| object.get("mainEntityOfPage"))
                    .and_then(|v| match v {
                        Value::String(s) => Some(s.clone()),
                        Value::Object(o) => {
                            o.get("@id").and_then(Value::as_str).map(str::to_string)
                        }
                        _ => None,
                    }),
                language: object
                    .get("inLanguage")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            };
            meta.fill_from(&found);
        }
        // Pages typed otherwise (WebPage, ClaimReview, MedicalWebPage…) still date
        // themselves: the first such date is the last resort for the publication date.
        if other_date.is_none() {
            other_date = objects_dated(&value);
        }
    }
    (meta, other_date)
}

fn objects_dated(value: &Value) -> Option<String> {
    let mut objects = Vec::new();
    flatten_ld(value, &mut objects);
    objects.iter().find_map(|object| {
        object
            .get("datePublished")
            .and_then(Value::as_str)
            .and_then(normalize_published)
    })
}

fn is_article_type(name: &str) -> bool {
    name.ends_with("Article") || matches!(name, "BlogPosting" | "Report" | "LiveBlogPosting")
}

fn flatten_ld<'v>(value: &'v Value, out: &mut Vec<&'v serde_json::Map<String, Value>>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| flatten_ld(item, out)),
        Value::Object(object) => {
            out.push(object);
            if let Some(graph) = object.get("@graph") {
                flatten_ld(graph, out);
            }
        }
        _ => {}
    }
}

/// A name, or the names of a list of people/organizations, from JSON-LD.
fn ld_names(value: &Value) -> Option<String> {
    let names: Vec<String> = match value {
        Value::String(s) => vec![clean_text(s)],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(clean_text)
            .into_iter()
            .collect(),
        Value::Array(items) => items.iter().filter_map(ld_names).collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_escaped_twice_are_decoded() {
        assert_eq!(
            unescape_entities(
                "&#8216;Harbour Lights&#8217; return &amp; more &#x2014; &bogus; & so"
            ),
            "‘Harbour Lights’ return & more — &bogus; & so"
        );
    }

    #[test]
    fn the_site_name_is_cut_from_the_title() {
        let url = Some("https://www.coastlinedaily.example/2031/03/04/strike");
        assert_eq!(
            strip_site_name(
                "Ferry Strike Enters Second Week | Coastline Daily",
                None,
                url
            ),
            "Ferry Strike Enters Second Week"
        );
        assert_eq!(
            strip_site_name(
                "Ferry Strike Enters Second Week - The Harbour Courier",
                Some("The Harbour Courier"),
                None
            ),
            "Ferry Strike Enters Second Week"
        );
        // A dash inside the headline is not a site name.
        assert_eq!(
            strip_site_name(
                "Talks resume - but the cranes stay idle",
                Some("Coastline Daily"),
                url
            ),
            "Talks resume - but the cranes stay idle"
        );
    }

    #[test]
    fn the_byline_element_names_the_author_when_meta_tags_do_not() {
        let page = Html::parse_document(
            "<html><body><div class=\"comments\"><span class=\"comment-author\">Pat Doe</span></div>\
             <p class=\"byline\">By</p><span class=\"author-name\">By Lena Ostrova</span>\
             <p>Text.</p></body></html>",
        );
        assert_eq!(
            byline_element(page.root_element(), None).as_deref(),
            Some("Lena Ostrova")
        );
        let linked = Html::parse_document(
            "<div class=\"byline\">By <a href=\"/lena\">Lena Ostrova</a><a>View More Articles</a></div>",
        );
        assert_eq!(
            byline_element(linked.root_element(), Some("Quay reopens")).as_deref(),
            Some("Lena Ostrova")
        );
        let none = Html::parse_document("<p class=\"byline\">About the Author</p>");
        assert_eq!(byline_element(none.root_element(), None), None);
        let headline = Html::parse_document("<p class=\"author\">Harbour Lights Festival</p>");
        assert_eq!(
            byline_element(
                headline.root_element(),
                Some("The 7th Harbour Lights Festival opens")
            ),
            None
        );
    }

    #[test]
    fn any_json_ld_object_dates_the_page_when_nothing_else_does() {
        let page = Html::parse_document(
            "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\
             \"@graph\":[{\"@type\":\"Organization\",\"name\":\"Velmora Post\"},\
             {\"@type\":\"WebPage\",\"datePublished\":\"2031-03-04T09:30:00+01:00\"}]}</script></head></html>",
        );
        let meta = read(&page, page.root_element());
        assert!(meta.published.unwrap().starts_with("2031-03-04"));
        // A meta tag is preferred to such a date.
        let tagged = Html::parse_document(
            "<html><head><meta property=\"article:published_time\" content=\"2031-03-05T07:00:00Z\">\
             <script type=\"application/ld+json\">{\"@type\":\"WebPage\",\"datePublished\":\"2031-03-04\"}</script></head></html>",
        );
        assert!(read(&tagged, tagged.root_element())
            .published
            .unwrap()
            .starts_with("2031-03-05"));
    }

    #[test]
    fn placeholder_authors_are_dropped() {
        let meta = tidy(ArticleMeta {
            author: Some("admin".into()),
            title: Some("Quay &amp; Harbour | Velmora Post".into()),
            outlet: Some("Velmora Post".into()),
            ..ArticleMeta::default()
        });
        assert_eq!(meta.author, None);
        assert_eq!(meta.title.as_deref(), Some("Quay & Harbour"));
    }
}
