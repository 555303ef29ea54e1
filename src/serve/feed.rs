//! `/feed.xml`: the stories as an Atom feed, newest activity first, each entry linking to
//! its story page with the dossier's dek as the summary.

use super::{store_error, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

/// Entries in the feed.
const FEED_ENTRIES: usize = 50;

/// Escapes text for XML character data and (double-quoted) attribute values, as the
/// OPML export does, leaving out the control characters XML 1.0 forbids.
fn xml_escape(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|c| (*c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    crate::feeds::parse::escape(&allowed)
}

/// `http://HOST` from the request's Host header when it is a plain host[:port], else the
/// loopback default: entry links must be absolute, and a forged header must not inject.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host.len() <= 255
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .unwrap_or("127.0.0.1:8080");
    format!("http://{host}")
}

pub(super) async fn atom(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let front = match super::pages::front_data(&state).await {
        Ok(front) => front,
        Err(error) => return store_error(error, false),
    };
    let stories = &front.stories;
    let base = base_url(&headers);
    let updated = stories
        .first()
        .map(|story| story.updated_at.clone())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str("  <title>newsdesk stories</title>\n");
    xml.push_str(&format!("  <id>{}/</id>\n", xml_escape(&base)));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}/feed.xml\"/>\n  <link href=\"{}/\"/>\n",
        xml_escape(&base),
        xml_escape(&base)
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", xml_escape(&updated)));
    xml.push_str("  <generator>newsdesk</generator>\n");
    for story in stories.iter().take(FEED_ENTRIES) {
        let link = format!("{base}/stories/{}", story.id);
        let title = story.headline.as_deref().unwrap_or("(no dossier yet)");
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(title)));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&link)));
        xml.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&link)));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            xml_escape(&story.updated_at)
        ));
        xml.push_str("    <author><name>newsdesk</name></author>\n");
        let summary = match &story.dek {
            Some(dek) => format!(
                "{dek} ({} articles from {} outlets)",
                story.articles,
                story.outlets.len()
            ),
            None => format!("{} articles", story.articles),
        };
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&summary)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn a_forged_host_does_not_reach_the_feed() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "127.0.0.1:9000".parse().unwrap());
        assert_eq!(base_url(&headers), "http://127.0.0.1:9000");
        headers.insert(header::HOST, "evil\"><x".parse().unwrap());
        assert_eq!(base_url(&headers), "http://127.0.0.1:8080");
    }
}
