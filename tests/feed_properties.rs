//! Properties of the feed and OPML parsers and the robots.txt reader on generated input:
//! they never panic, and what newsdesk writes it reads back unchanged.

use newsdesk::feeds::opml::{self, Subscription};
use newsdesk::feeds::parse::{escape, parse};
use newsdesk::ingest::fetch::{Robots, ROBOTS_TOKEN};
use proptest::prelude::*;

/// Text with the characters XML makes awkward.
fn awkward_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 &<>\"'’é—]{1,40}".prop_filter("visible text", |t| !t.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn feed_parsing_never_panics(text in ".{0,400}") {
        let _ = parse(text.as_bytes());
    }

    #[test]
    fn rss_titles_and_links_survive_escaping(items in prop::collection::vec((awkward_text(), 0u32..1000), 1..6)) {
        let body: String = items
            .iter()
            .map(|(title, n)| format!(
                "<item><title>{}</title><link>https://coastline.example/{n}?a=1&amp;b=2</link><guid>id-{n}</guid></item>",
                escape(title)
            ))
            .collect();
        let document = format!("<rss version=\"2.0\"><channel><title>T</title>{body}</channel></rss>");
        let feed = parse(document.as_bytes()).unwrap();
        prop_assert_eq!(feed.items.len(), items.len());
        for (item, (title, n)) in feed.items.iter().zip(&items) {
            let expected = title.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(item.title.as_deref(), Some(expected.as_str()));
            let link = format!("https://coastline.example/{n}?a=1&b=2");
            prop_assert_eq!(item.url.as_deref(), Some(link.as_str()));
        }
    }

    #[test]
    fn opml_round_trips(feeds in prop::collection::vec((awkward_text(), 0u32..1000), 0..6)) {
        let subscriptions: Vec<Subscription> = feeds
            .iter()
            .map(|(title, n)| Subscription {
                url: format!("https://example.test/feed/{n}?x=1&y=2"),
                title: Some(title.trim().to_string()),
            })
            .collect();
        prop_assert_eq!(opml::read(&opml::write(&subscriptions)).unwrap(), subscriptions);
    }

    #[test]
    fn robots_reading_never_panics(text in "(?s).{0,300}", path in "/[a-z/*$?=]{0,30}") {
        let _ = Robots::parse(&text, ROBOTS_TOKEN).allows(&path);
    }
}
