//! Properties of the HTML front end on generated markup: the pre-parse pass never panics,
//! only ever shrinks a page, and leaves the text a reader sees unchanged; normalisation
//! agrees with a plain character-by-character definition.

use newsdesk::extract::{normalize_text, prescan::slim};
use proptest::prelude::*;

/// Fragments that exercise tags, attributes (quoted, unquoted, broken), comments, scripts
/// and raw-text elements.
fn fragment() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "<p>",
        "</p>",
        "<div class=\"story body\" data-x='1>2' onclick=go()>",
        "</div>",
        "<script>var a = '<p>';</script>",
        "<script type=\"application/ld+json\">{\"a\":\"<!--\"}</script>",
        "<style>p{}</style>",
        "<!-- note -->",
        "<!--",
        "-->",
        "<svg><path d=\"M0\"/></svg>",
        "<title>A <b> title</title>",
        "<a href=/x>link</a>",
        "<img src=x.png alt=\"",
        "<",
        ">",
        "\"",
        "'",
        "=",
        "Harbor crews",
        " returned on Monday. ",
        "café",
        "\r\n",
        "\u{a0}",
        "\u{200b}",
        "\t",
    ])
    .prop_map(str::to_string)
}

/// The reference definition of `normalize_text`, one character at a time.
fn normalize_reference(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{2028}' | '\u{2029}' | '\n' => out.push('\n'),
            '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                out.push(' ')
            }
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Visible text as a browser-like parser sees it, whitespace collapsed.
fn visible_text(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let mut text = String::new();
    for node in document.tree.nodes() {
        if let scraper::Node::Text(t) = node.value() {
            let inside_skipped = node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    matches!(
                        e.name(),
                        "script" | "style" | "svg" | "head" | "title" | "textarea"
                    )
                })
            });
            if !inside_skipped {
                text.push_str(t);
            }
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn slim_shrinks_and_keeps_the_visible_text(parts in prop::collection::vec(fragment(), 0..40)) {
        let page = parts.concat();
        let slimmed = slim(&page);
        prop_assert!(slimmed.len() <= page.len());
        prop_assert_eq!(visible_text(&slimmed), visible_text(&page));
    }

    #[test]
    fn normalize_agrees_with_its_definition(parts in prop::collection::vec(fragment(), 0..40)) {
        let text = parts.concat();
        prop_assert_eq!(normalize_text(&text), normalize_reference(&text));
    }

    #[test]
    fn slim_never_panics_on_arbitrary_text(text in ".{0,300}") {
        let _ = slim(&text);
    }
}
