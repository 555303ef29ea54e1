//! HTML pages: metadata from JSON-LD, OpenGraph and meta tags, `<time>`, the canonical
//! link and `<html lang>`; the article body by scoring containers of paragraph text
//! (readability-style) and walking the best one while skipping navigation, figures,
//! share and teaser blocks and link-heavy lists.

use super::clean::Line;
use crate::article::{ArticleMeta, BlockKind};
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use std::collections::{HashMap, HashSet};

pub struct Parsed {
    pub title: Option<String>,
    pub lines: Vec<Line>,
    pub meta: ArticleMeta,
    /// The author named by a byline element, for when nothing better names one.
    pub byline: Option<String>,
}

pub fn parse(html: &str) -> Parsed {
    let document = Html::parse_document(html);
    let root = document.root_element();
    let mut meta = super::metadata::read(&document, root);
    let h1 = first_heading(root);
    let title = meta
        .title
        .clone()
        .or_else(|| h1.clone())
        .or_else(|| document_title(root, meta.outlet.as_deref()));
    meta.title.clone_from(&title);

    let (containers, path) = best_container(root);
    let mut lines = Vec::new();
    for container in containers {
        collect_container_blocks(container, BlockKind::Paragraph, &path, &mut lines);
    }
    // The page title is already the article's title; drop it from the body.
    if let (Some(title), Some(first)) = (&title, lines.first()) {
        if normalize(&first.text) == normalize(title) {
            lines.remove(0);
        }
    }
    // The byline element is the author of last resort: not looked for when the page's
    // metadata already names one.
    let byline = meta
        .author
        .is_none()
        .then(|| super::metadata::byline_element(root, title.as_deref()))
        .flatten();
    Parsed {
        title,
        lines,
        meta,
        byline,
    }
}

fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "footer",
    "aside",
    "header",
    "figure",
    "figcaption",
    "menu",
    "dialog",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
    "map",
    "head",
    "title",
];

/// Class and id words of blocks that are never the article, however much text they hold
/// (a long comment thread, a "related stories" rail).
const STRONG_NOISE_CLASS_WORDS: &[&str] = &[
    "comment",
    "comments",
    "disqus",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "recommendations",
    "newsletter",
    "subscribe",
    "cookie",
    "consent",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "trending",
    "mostread",
    "most-read",
    "more-stories",
    "read-more",
    "readmore",
    "author-bio",
];

/// Class and id words of furniture that page-wide wrappers also carry ("page-ad-margins",
/// "l-sidebar-fixed", "elementor-widget"): skipped inside the article container, only
/// weighed against when looking for it.
const WEAK_NOISE_CLASS_WORDS: &[&str] = &[
    "promo",
    "subscription",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "sponsor",
    "sponsored",
    "sidebar",
    "teaser",
    "teasers",
    "widget",
    "caption",
    "credit",
    "credits",
    "tags",
    "toolbar",
    "banner",
    "masthead",
    "signup",
    "hidden",
    "print-only",
];

const POSITIVE_CLASS_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "story", "text", "blog", "prose",
];

/// What an element's class and id names say about it.
#[derive(Clone, Copy, Debug, Default)]
struct ClassSignals {
    positive: bool,
    strong_noise: bool,
    weak_noise: bool,
}

/// Reads the class and id words (split at spaces, `-` and `_`, and whole names such as
/// "most-read"), in any letter case, without allocating: it runs for every element.
fn class_signals(element: &scraper::node::Element) -> ClassSignals {
    let mut signals = ClassSignals::default();
    let mut look = |word: &str| {
        let is = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
        signals.positive |= is(POSITIVE_CLASS_WORDS);
        signals.strong_noise |= is(STRONG_NOISE_CLASS_WORDS);
        signals.weak_noise |= is(WEAK_NOISE_CLASS_WORDS);
    };
    for attr in ["class", "id"] {
        if let Some(value) = element.attr(attr) {
            for name in value.split_ascii_whitespace() {
                look(name);
                if name.contains(['-', '_']) {
                    name.split(['-', '_'])
                        .filter(|w| !w.is_empty())
                        .for_each(&mut look);
                }
            }
        }
    }
    signals
}

/// Whether an element (and everything inside it) is page furniture.
fn is_skipped(element: ElementRef) -> bool {
    is_structural_furniture(element) || has_noise_class(element)
}

/// Furniture by tag, ARIA role, or because it is hidden: never part of the article.
fn is_structural_furniture(element: ElementRef) -> bool {
    let value = element.value();
    let name = value.name();
    if SKIPPED_TAGS.contains(&name) {
        return true;
    }
    if matches!(name, "html" | "body" | "article" | "main") {
        return false;
    }
    if value.attr("hidden").is_some() || value.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(role) = value.attr("role") {
        if matches!(
            role,
            "navigation" | "banner" | "contentinfo" | "complementary" | "dialog" | "alert" | "menu"
        ) {
            return true;
        }
    }
    if let Some(style) = value.attr("style") {
        let style = style.replace(' ', "").to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// How strongly an element's class and id names say it is furniture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum NoiseClass {
    None,
    /// Furniture inside the article, but also the name of some page-wide wrappers.
    Weak,
    /// Never the article.
    Strong,
}

fn noise_class(element: ElementRef) -> NoiseClass {
    let value = element.value();
    if matches!(value.name(), "html" | "body" | "article" | "main") {
        return NoiseClass::None;
    }
    let signals = class_signals(value);
    if signals.positive {
        NoiseClass::None
    } else if signals.strong_noise {
        NoiseClass::Strong
    } else if signals.weak_noise {
        NoiseClass::Weak
    } else {
        NoiseClass::None
    }
}

fn has_noise_class(element: ElementRef) -> bool {
    noise_class(element) != NoiseClass::None
}

/// Whether an element starts a new block of text. Phrasing elements ("a", "em", "span")
/// run on inside a block; anything else, custom elements ("phoenix-page") included,
/// is a block, as browsers lay them out in practice.
fn is_block_tag(name: &str) -> bool {
    !matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "br"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "img"
            | "ins"
            | "kbd"
            | "label"
            | "mark"
            | "output"
            | "picture"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "source"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
    )
}

/// Visible text of an element, skipping furniture; `<br>` becomes a line break.
fn text_of(element: ElementRef, out: &mut String, links: &mut usize, in_link: bool) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => {
                out.push_str(text);
                if in_link {
                    *links += text.trim().chars().count();
                }
            }
            Node::Element(el) => {
                if el.name() == "br" {
                    out.push('\n');
                    continue;
                }
                if let Some(child_ref) = ElementRef::wrap(child) {
                    if !is_skipped(child_ref) {
                        text_of(child_ref, out, links, in_link || el.name() == "a");
                    }
                }
            }
            _ => {}
        }
    }
}

fn has_block_children(element: ElementRef) -> bool {
    element
        .descendent_elements()
        .skip(1)
        .any(|e| is_block_tag(e.value().name()))
}

/// Emits the block-level text of `element` as lines.
/// `path` holds the elements between the container and the best-scoring text block: they
/// are read even when their names sound like furniture ("elementor-widget-container").
fn collect_blocks(
    element: ElementRef,
    context: BlockKind,
    path: &HashSet<NodeId>,
    out: &mut Vec<Line>,
) {
    let skipped = if path.contains(&element.id()) {
        is_structural_furniture(element)
    } else {
        is_skipped(element)
    };
    if skipped {
        return;
    }
    collect_container_blocks(element, context, path, out);
}

/// Like [`collect_blocks`] but without judging `element` itself: the chosen container is
/// read whatever its name says.
fn collect_container_blocks(
    element: ElementRef,
    context: BlockKind,
    path: &HashSet<NodeId>,
    out: &mut Vec<Line>,
) {
    let name = element.value().name();
    let kind = match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "li" | "dd" => BlockKind::ListItem,
        "blockquote" => BlockKind::BlockQuote,
        _ => context,
    };
    let leaf = matches!(name, "p" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
        || !has_block_children(element);
    if leaf {
        emit(element, kind, out);
        return;
    }
    // Mixed content: runs of inline children between block children are paragraphs.
    let mut inline = String::new();
    let mut inline_links = 0;
    for child in element.children() {
        match child.value() {
            Node::Text(text) => inline.push_str(text),
            Node::Element(el) => {
                let Some(child_ref) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_block_tag(el.name()) {
                    flush(&mut inline, &mut inline_links, context, out);
                    collect_blocks(child_ref, kind, path, out);
                } else if el.name() == "br" {
                    inline.push('\n');
                } else if !is_skipped(child_ref) {
                    text_of(child_ref, &mut inline, &mut inline_links, el.name() == "a");
                }
            }
            _ => {}
        }
    }
    flush(&mut inline, &mut inline_links, context, out);
}

fn emit(element: ElementRef, kind: BlockKind, out: &mut Vec<Line>) {
    let mut text = String::new();
    let mut links = 0;
    text_of(
        element,
        &mut text,
        &mut links,
        element.value().name() == "a",
    );
    push_text(&text, links, kind, out);
}

fn flush(inline: &mut String, links: &mut usize, kind: BlockKind, out: &mut Vec<Line>) {
    push_text(inline, *links, kind, out);
    inline.clear();
    *links = 0;
}

/// Adds text as one line per double line break, dropping link-dominated fragments
/// (navigation lists, teaser links) unless they are long enough to be prose. A linked
/// lead-in followed by its own sentences (a "10 things" list item) is kept.
fn push_text(text: &str, link_chars: usize, kind: BlockKind, out: &mut Vec<Line>) {
    let total: usize = text.chars().filter(|c| !c.is_whitespace()).count();
    if total == 0 {
        return;
    }
    let link_share = link_chars as f64 / total as f64;
    let words = text.split_whitespace().count();
    if (link_share > 0.8 && words < 40) || (link_share > 0.5 && words < 12) {
        return;
    }
    for part in text.split("\n\n") {
        let joined = part.split_whitespace().collect::<Vec<_>>().join(" ");
        if !joined.is_empty() {
            out.push(Line { text: joined, kind });
        }
    }
}

/// The element holding most paragraph text, scored like readability: each paragraph
/// credits its parent fully and its grandparent by half; class names nudge the score.
/// The elements whose text is the article, in page order, and the path of elements from
/// the best-scoring block up to the root.
fn best_container(root: ElementRef) -> (Vec<ElementRef>, HashSet<NodeId>) {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let mut order: Vec<NodeId> = Vec::new();
    visit_paragraphs(root, &mut |credited, text, link_chars| {
        let length = text.trim().chars().count();
        if length < 25 {
            return;
        }
        let commas = text.matches([',', '，']).count() as f64;
        let link_share = (link_chars as f64 / length as f64).min(1.0);
        let score = (1.0 + commas + (length as f64 / 100.0).min(3.0)) * (1.0 - link_share);
        let mut ancestor = Some(credited);
        for share in [1.0, 0.5] {
            let Some(node) = ancestor else { break };
            let entry = scores.entry(node.id()).or_insert_with(|| {
                order.push(node.id());
                class_weight(node)
            });
            *entry += score * share;
            ancestor = node.parent().and_then(ElementRef::wrap);
        }
    });
    let best = order
        .iter()
        .copied()
        .fold(None, |best: Option<(NodeId, f64)>, id| {
            let score = scores[&id];
            match best {
                Some((_, top)) if top >= score => best,
                _ => Some((id, score)),
            }
        });
    let Some((best_id, _)) = best else {
        return (vec![body_or_root(root)], HashSet::new());
    };
    let tree = root.tree();
    let Some(mut best) = tree.get(best_id).and_then(ElementRef::wrap) else {
        return (vec![body_or_root(root)], HashSet::new());
    };
    let path: HashSet<NodeId> = std::iter::once(best.id())
        .chain(best.ancestors().map(|a| a.id()))
        .collect();
    // A wrapper around nothing but the best element says the same, with its name.
    while let Some(parent) = best.parent().and_then(ElementRef::wrap) {
        if matches!(parent.value().name(), "body" | "html") || parent.child_elements().count() != 1
        {
            break;
        }
        best = parent;
    }
    // Chunks wrapped alike: an article cut into several wrappers of the same tag and
    // class, with asides and ads between them, is all of them, in page order.
    if let Some(chunks) = same_class_chunks(best, &scores) {
        return (chunks, path);
    }
    // Publishers that mark the body up for search engines name it exactly.
    if let Some(marked) = best
        .ancestors()
        .filter_map(ElementRef::wrap)
        .take(4)
        .find(|a| is_marked_article_body(*a))
    {
        return (vec![marked], path);
    }
    let best_score = best_id_score(&scores, best, best_id);
    let Some(parent) = best.parent().and_then(ElementRef::wrap) else {
        return (vec![best], path);
    };
    // Articles split over sibling wrappers (one per few paragraphs, or around an inline ad)
    // are joined back, readability's way: siblings that score well, or read as paragraphs.
    let threshold = (best_score * 0.2).max(10.0);
    let containers = parent
        .child_elements()
        .filter(|sibling| {
            sibling.id() == best.id()
                || scores.get(&sibling.id()).is_some_and(|s| *s >= threshold)
                || reads_as_paragraph(*sibling)
        })
        .collect();
    (containers, path)
}

/// Other elements of the same tag and class as `best`, within four levels above it, that
/// hold paragraph text of their own: with `best`, in page order. `None` when there are
/// none (or `best` has no class to go by).
fn same_class_chunks<'a>(
    best: ElementRef<'a>,
    scores: &HashMap<NodeId, f64>,
) -> Option<Vec<ElementRef<'a>>> {
    let class = best
        .value()
        .attr("class")
        .filter(|c| !c.trim().is_empty())?;
    let name = best.value().name();
    let alike = |e: &ElementRef| {
        e.id() != best.id() && e.value().name() == name && e.value().attr("class") == Some(class)
    };
    let holds_text = |e: &ElementRef| {
        std::iter::once(*e)
            .chain(e.descendent_elements())
            .any(|d| scores.get(&d.id()).is_some_and(|s| *s >= CHUNK_SCORE))
    };
    for ancestor in best.ancestors().filter_map(ElementRef::wrap).take(4) {
        if matches!(ancestor.value().name(), "body" | "html") {
            return None;
        }
        let chunks: Vec<ElementRef> = ancestor
            .descendent_elements()
            .filter(|e| e.id() == best.id() || (alike(e) && holds_text(e)))
            .collect();
        // Chunks nested in one another count once (the outer one).
        let outer: Vec<ElementRef> = chunks
            .iter()
            .copied()
            .filter(|c| {
                !chunks
                    .iter()
                    .any(|o| o.id() != c.id() && c.ancestors().any(|a| a.id() == o.id()))
            })
            .collect();
        if outer.len() > 1 && outer.iter().any(|c| c.id() == best.id()) {
            return Some(outer);
        }
    }
    None
}

/// A chunk holds paragraph text of its own when some element in it scores this much.
const CHUNK_SCORE: f64 = 10.0;

/// The best element's score, or that of the element it was found through.
fn best_id_score(scores: &HashMap<NodeId, f64>, best: ElementRef, best_id: NodeId) -> f64 {
    scores
        .get(&best.id())
        .or_else(|| scores.get(&best_id))
        .copied()
        .unwrap_or(0.0)
}

/// `itemprop="articleBody"` (schema.org microdata).
fn is_marked_article_body(element: ElementRef) -> bool {
    element.value().attr("itemprop").is_some_and(|v| {
        v.split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("articleBody"))
    })
}

/// A sibling `<p>` of the article's container that is prose rather than links.
fn reads_as_paragraph(element: ElementRef) -> bool {
    if element.value().name() != "p" || is_skipped(element) {
        return false;
    }
    let mut text = String::new();
    let mut links = 0;
    text_of(element, &mut text, &mut links, false);
    let length = text.trim().chars().count();
    let link_share = links as f64 / length.max(1) as f64;
    (length > 80 && link_share < 0.25)
        || (length > 0 && links == 0 && (text.trim_end().ends_with('.') || text.contains(". ")))
}

fn class_weight(element: ElementRef) -> f64 {
    let signals = class_signals(element.value());
    let mut weight = 0.0;
    if signals.positive {
        weight += 25.0;
    }
    if signals.strong_noise || signals.weak_noise {
        weight -= 25.0;
    }
    if matches!(element.value().name(), "article" | "main") {
        weight += 10.0;
    }
    weight
}

/// Calls `visit(credited, text, link_chars)` for each unit of paragraph text, with the
/// element that the unit credits first: a `<p>` or `<pre>` (or a `<div>`/`<td>` holding
/// no blocks) credits its parent; text written straight into a container between its
/// blocks (paragraphs separated by `<br>`, as some publishing systems do) credits the
/// container itself.
fn visit_paragraphs(element: ElementRef, visit: &mut dyn FnMut(ElementRef, &str, usize)) {
    let mut run = String::new();
    let mut run_links = 0;
    for child in element.children() {
        let Some(child_element) = ElementRef::wrap(child) else {
            if let Node::Text(text) = child.value() {
                run.push_str(text);
            }
            continue;
        };
        if is_structural_furniture(child_element)
            || noise_class(child_element) == NoiseClass::Strong
        {
            continue;
        }
        let name = child_element.value().name();
        if !is_block_tag(name) {
            text_of(child_element, &mut run, &mut run_links, name == "a");
            continue;
        }
        visit(element, &run, run_links);
        run.clear();
        run_links = 0;
        // A block with no blocks inside (`<p>`, `<pre>`, a `<div>`, `<td>` or `<li>` of
        // plain text) is a paragraph: it credits the element that holds it.
        if matches!(name, "p" | "pre") || !has_block_children(child_element) {
            visit_unit(child_element, element, visit)
        } else {
            visit_paragraphs(child_element, visit)
        }
    }
    visit(element, &run, run_links);
}

fn visit_unit(
    unit: ElementRef,
    parent: ElementRef,
    visit: &mut dyn FnMut(ElementRef, &str, usize),
) {
    let mut text = String::new();
    let mut links = 0;
    text_of(unit, &mut text, &mut links, false);
    visit(parent, &text, links);
}

fn body_or_root(root: ElementRef) -> ElementRef {
    root.child_elements()
        .find(|e| e.value().name() == "body")
        .unwrap_or(root)
}

fn first_heading(root: ElementRef) -> Option<String> {
    fn find(element: ElementRef) -> Option<String> {
        for child in element.child_elements() {
            if is_skipped(child) && child.value().name() != "header" {
                continue;
            }
            if child.value().name() == "h1" {
                let text = clean_text(&child.text().collect::<String>());
                if !text.is_empty() {
                    return Some(text);
                }
            }
            if let Some(found) = find(child) {
                return Some(found);
            }
        }
        None
    }
    find(root)
}

fn document_title(root: ElementRef, site: Option<&str>) -> Option<String> {
    let title = root
        .descendent_elements()
        .find(|e| e.value().name() == "title")
        .map(|e| clean_text(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty())?;
    // "Headline | Site" or "Headline - Site": drop the site part.
    for separator in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let tail_is_site = site.is_some_and(|s| normalize(s) == normalize(tail))
                || tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3;
            if tail_is_site {
                return Some(head.trim().to_string());
            }
        }
    }
    Some(title)
}

fn clean_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!doctype html>
<html lang="en-GB"><head>
<title>Cranes Fall Silent at Port Velmora | Coastline Daily</title>
<meta property="og:site_name" content="Coastline Daily">
<meta name="author" content="Lena Park">
<link rel="canonical" href="https://coastline.example/port-strike">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Cranes Fall Silent at Port Velmora","datePublished":"2031-03-04T08:15:00+01:00",
 "author":[{"@type":"Person","name":"Lena Park"}],"publisher":{"@type":"Organization","name":"Coastline Daily"}}</script>
<script>var tracking = "not text";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/ports">Ports</a></nav></header>
<div class="share-bar"><a href="#">Share on Facebook</a></div>
<article class="story-body">
  <h1>Cranes Fall Silent at Port Velmora</h1>
  <p>Dockworkers at Port Velmora walked off the job on Monday, halting the cranes that load most of the region's exports.</p>
  <figure><img src="x.jpg"><figcaption>Idle cranes on Monday. Photo: Lena Park</figcaption></figure>
  <p>The Velmora Dockworkers Union said 1,200 members joined the strike, demanding limits on automated cranes.</p>
  <h2>What the union wants</h2>
  <p>Union leader Tomas Ferreira said the talks had failed because the port refused to put job guarantees in writing.</p>
  <blockquote><p>"We are not against machines, we are against being thrown away," Ferreira said.</p></blockquote>
  <ul><li><a href="/a">Ferry fares rise</a></li><li><a href="/b">Council votes on the quay</a></li></ul>
</article>
<aside class="related"><h3>Related</h3><p>Another story entirely about something else, with many words in it.</p></aside>
<footer><p>© 2031 Coastline Daily. All rights reserved.</p></footer>
</body></html>"##;

    #[test]
    fn extracts_metadata_from_json_ld_and_tags() {
        let parsed = parse(PAGE);
        assert_eq!(
            parsed.title.as_deref(),
            Some("Cranes Fall Silent at Port Velmora")
        );
        assert_eq!(parsed.meta.author.as_deref(), Some("Lena Park"));
        assert_eq!(parsed.meta.outlet.as_deref(), Some("Coastline Daily"));
        assert_eq!(
            parsed.meta.published.as_deref(),
            Some("2031-03-04T08:15:00+01:00")
        );
        assert_eq!(
            parsed.meta.url.as_deref(),
            Some("https://coastline.example/port-strike")
        );
        assert_eq!(parsed.meta.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn keeps_the_body_and_drops_furniture() {
        let parsed = parse(PAGE);
        let texts: Vec<&str> = parsed.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts.len(), 5, "{texts:#?}");
        assert!(texts[0].starts_with("Dockworkers at Port Velmora"));
        assert_eq!(parsed.lines[2].kind, BlockKind::Heading);
        assert_eq!(parsed.lines[4].kind, BlockKind::BlockQuote);
        let all = texts.join(" ");
        for noise in [
            "Home",
            "Share on Facebook",
            "Idle cranes",
            "Ferry fares",
            "Another story",
            "rights reserved",
            "tracking",
        ] {
            assert!(!all.contains(noise), "kept {noise}");
        }
    }

    #[test]
    fn falls_back_to_the_document_title_without_its_site_suffix() {
        let parsed = parse("<html><head><title>Quay Vote Delayed - Harbour Courier</title></head><body><p>The council delayed its vote on the quay lease until after the strike, officials said.</p></body></html>");
        assert_eq!(parsed.title.as_deref(), Some("Quay Vote Delayed"));
        assert_eq!(parsed.lines.len(), 1);
    }

    #[test]
    fn an_article_cut_into_alike_chunks_is_read_whole() {
        let chunk = |text: &str| {
            format!("<section class=\"outer\"><div class=\"post-chunk prose\"><p>{text}</p><p>{text} Again, with commas, clauses, and more words to read.</p></div></section>")
        };
        let page = format!(
            "<html><body><main>{}<aside><p>Sponsored: the best ferry deals of the season, book now, save more.</p></aside>{}{}</main>\
             <div class=\"rail\"><p>Most read: a completely different story about the city budget, taxes, and parking.</p></div></body></html>",
            chunk("Crane drivers walked out at dawn, the union said, and the quay fell silent."),
            chunk("Talks resume on Friday, officials said, with a mediator from the ministry."),
            chunk("Ferries kept running, but freight piled up at the gates, agents said.")
        );
        let parsed = parse(&page);
        let texts: Vec<&str> = parsed.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts.len(), 6, "{texts:#?}");
        assert!(texts[0].starts_with("Crane drivers"));
        assert!(texts[5].starts_with("Ferries kept running"));
    }

    #[test]
    fn survives_broken_markup() {
        let parsed = parse("<p>Unclosed <b>bold <div>text</p></span>");
        assert!(!parsed.lines.is_empty());
    }
}
