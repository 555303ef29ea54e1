//! OPML subscription lists: the feeds in one (outlines with an `xmlUrl`, at any depth of
//! folders) and an OPML 2.0 document of the feeds followed.

use super::parse::escape;
use quick_xml::events::Event;
use quick_xml::Reader;

/// A feed named in an OPML file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub url: String,
    pub title: Option<String>,
}

pub fn read(text: &str) -> Result<Vec<Subscription>, String> {
    let mut reader = Reader::from_str(text);
    let mut found = Vec::new();
    let mut saw_opml = false;
    loop {
        let event = super::parse::next_event(&mut reader)?;
        match event {
            Event::Start(element) | Event::Empty(element) => {
                let name =
                    String::from_utf8_lossy(element.local_name().as_ref()).to_ascii_lowercase();
                saw_opml |= name == "opml";
                if name != "outline" {
                    continue;
                }
                let mut url = None;
                let mut title = None;
                let mut text_attr = None;
                for attribute in element.attributes().flatten() {
                    let key = String::from_utf8_lossy(attribute.key.as_ref()).to_ascii_lowercase();
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.trim().to_string())
                        .unwrap_or_default();
                    match key.as_str() {
                        "xmlurl" => url = Some(value),
                        "title" => title = Some(value),
                        "text" => text_attr = Some(value),
                        _ => {}
                    }
                }
                if let Some(url) = url.filter(|u| !u.is_empty()) {
                    found.push(Subscription {
                        url,
                        title: title.or(text_attr).filter(|t| !t.is_empty()),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err("is not an OPML document (no <opml> element)".to_string());
    }
    Ok(found)
}

pub fn write(feeds: &[Subscription]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>newsdesk feeds</title>\n  </head>\n  <body>\n",
    );
    for feed in feeds {
        let title = escape(feed.title.as_deref().unwrap_or(&feed.url));
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{}\"/>\n",
            escape(&feed.url)
        ));
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_outlines_and_round_trips() {
        let text = r#"<?xml version="1.0"?><opml version="1.0"><head/><body>
            <outline text="Ports">
              <outline text="Coastline &amp; Co" type="rss" xmlUrl="https://coastline.example/rss?a=1&amp;b=2"/>
              <outline text="Folder only"/>
            </outline>
            <outline title="Courier" xmlUrl="https://courier.example/atom.xml"></outline>
        </body></opml>"#;
        let feeds = read(text).unwrap();
        assert_eq!(
            feeds,
            vec![
                Subscription {
                    url: "https://coastline.example/rss?a=1&b=2".into(),
                    title: Some("Coastline & Co".into())
                },
                Subscription {
                    url: "https://courier.example/atom.xml".into(),
                    title: Some("Courier".into())
                },
            ]
        );
        assert_eq!(read(&write(&feeds)).unwrap(), feeds);
    }

    #[test]
    fn other_documents_are_refused() {
        assert!(read("<rss><channel/></rss>")
            .unwrap_err()
            .contains("not an OPML"));
    }
}
