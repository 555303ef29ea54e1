//! A byte-level pass over raw HTML before it is parsed, so that the parser sees only what
//! extraction reads:
//!
//! - scripts (but JSON-LD metadata), style sheets, comments and inline SVG drawings are
//!   removed: on news pages they are more than half of the bytes;
//! - start tags keep only the attributes extraction looks at (class, id, role, hidden and
//!   style for page furniture; itemprop; meta, link, time and html metadata): of what is
//!   left, most bytes are inside tags — tracking data, image sources, inline handlers.
//!
//! The scan follows the tokenizer's own rules for where elements end (the first
//! `</script`, `</style`, `-->`) and for attribute syntax (quoted and unquoted values), so
//! the parsed tree is the one the full page gives, minus what was dropped. Raw-text
//! elements (`<title>`, `<textarea>`, …) are copied as they are, and where anything is
//! malformed or unclosed the rest of the page is kept as is.

/// Attributes extraction reads; every other attribute is dropped before parsing (but
/// `href` on `<link>`).
const KEPT_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "role",
    "hidden",
    "aria-hidden",
    "style",
    "itemprop",
    "lang",
    "name",
    "property",
    "content",
    "http-equiv",
    "charset",
    "rel",
    "datetime",
    "type",
];

/// Elements whose content is text, not markup, up to their end tag.
const RAW_TEXT_ELEMENTS: &[&[u8]] = &[
    b"title",
    b"textarea",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

/// The page as the extractor needs it; borrows when there is nothing to change.
pub fn slim(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    // Start of the bytes not yet copied to `out`.
    let mut copied = 0;
    let mut at = 0;
    let mut kept = Vec::new();
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        // Right after a stray `<` (or `</`, `<!`), removing an element would join that
        // `<` to the text after it and make a tag of it: such elements stay.
        let after_stray = open > 0 && bytes[open - 1] == b'<'
            || open > 1 && bytes[open - 2] == b'<' && matches!(bytes[open - 1], b'/' | b'!');
        match inert_end(bytes, open) {
            Some(Element::Inert(end)) => {
                if !after_stray {
                    out.get_or_insert_with(|| String::with_capacity(html.len() / 2))
                        .push_str(&html[copied..open]);
                    copied = end;
                }
                at = end;
                continue;
            }
            // Data blocks are kept whole and not scanned: they may contain `<!--`.
            Some(Element::Data(end)) => {
                at = end;
                continue;
            }
            None => {}
        }
        let Some(tag) = start_tag(bytes, open, &mut kept) else {
            if bytes.get(open + 1).is_some_and(u8::is_ascii_alphabetic) {
                // A start tag that never ends (an unclosed quote) swallows the rest.
                break;
            }
            at = open + 1;
            continue;
        };
        if tag.dropped_any {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
            out.push_str(&html[copied..open]);
            out.push('<');
            out.push_str(&html[tag.name.0..tag.name.1]);
            for &(start, end) in &kept {
                out.push(' ');
                out.push_str(&html[start..end]);
            }
            out.push('>');
            copied = tag.end;
        }
        at = tag.end;
        let name = &bytes[tag.name.0..tag.name.1];
        if RAW_TEXT_ELEMENTS
            .iter()
            .any(|raw| raw.eq_ignore_ascii_case(name))
        {
            if let Some(close) = find_end_tag(&bytes[at..], name) {
                at += close + 2;
            }
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// A start tag found at a `<`: its name's byte range, the offset after its `>`, and
/// whether any attribute was left out of the kept list.
struct StartTag {
    name: (usize, usize),
    end: usize,
    dropped_any: bool,
}

/// Reads the start tag at `open`, filling `kept` with the byte ranges of the attributes to
/// keep (each as written: name, `=`, value with its quotes). `None` when `open` does not
/// start a tag, or starts one that runs to the end of the page.
fn start_tag(bytes: &[u8], open: usize, kept: &mut Vec<(usize, usize)>) -> Option<StartTag> {
    kept.clear();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut at = open + 1;
    if !bytes.get(at)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = at;
    while at < bytes.len() && !is_space(bytes[at]) && !matches!(bytes[at], b'/' | b'>') {
        at += 1;
    }
    let name = (name_start, at);
    let mut dropped_any = false;
    loop {
        while at < bytes.len() && (is_space(bytes[at]) || bytes[at] == b'/') {
            at += 1;
        }
        match bytes.get(at)? {
            b'>' => {
                return Some(StartTag {
                    name,
                    end: at + 1,
                    dropped_any,
                })
            }
            _ => {
                let attr_start = at;
                at += 1; // a first `=` belongs to the name, as the tokenizer says
                while at < bytes.len()
                    && !is_space(bytes[at])
                    && !matches!(bytes[at], b'/' | b'>' | b'=')
                {
                    at += 1;
                }
                let attr_name = &bytes[attr_start..at];
                let mut after = at;
                while after < bytes.len() && is_space(bytes[after]) {
                    after += 1;
                }
                if bytes.get(after) == Some(&b'=') {
                    at = after + 1;
                    while at < bytes.len() && is_space(bytes[at]) {
                        at += 1;
                    }
                    match *bytes.get(at)? {
                        quote @ (b'"' | b'\'') => {
                            at += 1 + memchr::memchr(quote, &bytes[at + 1..])? + 1;
                        }
                        _ => {
                            while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'>' {
                                at += 1;
                            }
                        }
                    }
                }
                // Links inside the text are not read, only `<link rel=canonical href>`.
                let keep = KEPT_ATTRIBUTES
                    .iter()
                    .any(|k| k.as_bytes().eq_ignore_ascii_case(attr_name))
                    || attr_name.eq_ignore_ascii_case(b"href")
                        && bytes[name.0..name.1].eq_ignore_ascii_case(b"link");
                if keep {
                    kept.push((attr_start, at));
                } else {
                    dropped_any = true;
                }
            }
        }
    }
}

/// An element found at a `<`, with the offset just after its end tag.
enum Element {
    /// To be removed.
    Inert(usize),
    /// A script that carries data (JSON-LD metadata): kept as is.
    Data(usize),
}

/// The element opening at `open` (a `<`), or `None` when the tag there is not a script,
/// style sheet, comment or drawing (or is never closed).
fn inert_end(bytes: &[u8], open: usize) -> Option<Element> {
    let rest = &bytes[open + 1..];
    // An unclosed comment, script or style sheet runs to the end of the page: nothing
    // after it is markup, so it is kept as it is and not scanned.
    let unclosed = Element::Data(bytes.len());
    if rest.starts_with(b"!--") {
        return Some(
            comment_end(&rest[3..]).map_or(unclosed, |end| Element::Inert(open + 4 + end)),
        );
    }
    let name: &[u8] = [&b"script"[..], b"style", b"svg"]
        .into_iter()
        .find(|name| starts_with_tag(rest, name))?;
    let tag_end = open + 1 + start_tag_length(rest)?;
    let Some(close) = find_end_tag(&bytes[tag_end..], name) else {
        return (name != b"svg").then_some(unclosed);
    };
    let after_name = tag_end + close + 2 + name.len();
    let end = after_name + memchr::memchr(b'>', &bytes[after_name..])? + 1;
    if name == b"script" && is_metadata_script(&bytes[open..tag_end]) {
        Some(Element::Data(end))
    } else {
        Some(Element::Inert(end))
    }
}

/// Where a comment whose body starts at `body` (just after `<!--`) ends, as the tokenizer
/// has it: `<!-->` and `<!--->` are empty comments; otherwise the first `-->` or `--!>`.
fn comment_end(body: &[u8]) -> Option<usize> {
    if body.starts_with(b">") {
        return Some(1);
    }
    if body.starts_with(b"->") {
        return Some(2);
    }
    // `--!>` is rare: look for it only before the first `-->`, not through the whole page.
    let plain = memchr::memmem::find(body, b"-->");
    let before_plain = &body[..plain.unwrap_or(body.len())];
    match memchr::memmem::find(before_plain, b"--!>") {
        Some(bang) => Some(bang + 4),
        None => plain.map(|at| at + 3),
    }
}

/// Whether `rest` (the bytes after `<`) opens the tag `name`, in any letter case.
fn starts_with_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(
            rest[name.len()],
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'
        )
}

/// Length of a start tag up to and including its `>`, skipping quoted attribute values.
fn start_tag_length(rest: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i + 1),
            None => {}
        }
    }
    None
}

/// JSON-LD and other data blocks stay: metadata is read from them.
fn is_metadata_script(tag: &[u8]) -> bool {
    let tag = String::from_utf8_lossy(tag).to_ascii_lowercase();
    tag.contains("ld+json")
}

/// Offset of `</name` (any case, then a delimiter) in `bytes`.
fn find_end_tag(bytes: &[u8], name: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        if bytes.get(start + 1) == Some(&b'/') && starts_with_tag(&bytes[start + 2..], name) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_scripts_styles_comments_and_drawings() {
        let page = "<html><head><style>p{color:red}</style><SCRIPT src=x.js></SCRIPT>\
            <script>if (a < b && c > d) { document.write('</p>'); }</script></head>\
            <body><!-- ad slot --><p>Kept text.</p><svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg>\
            <p>More.</p></body></html>";
        assert_eq!(
            slim(page),
            "<html><head></head><body><p>Kept text.</p><p>More.</p></body></html>"
        );
    }

    #[test]
    fn json_ld_is_kept_whole_and_not_scanned() {
        let page = "<script type=\"application/ld+json\">{\"a\":\"<!-- x\"}</script><p>Body.</p><!-- y -->";
        assert_eq!(
            slim(page),
            "<script type=\"application/ld+json\">{\"a\":\"<!-- x\"}</script><p>Body.</p>"
        );
    }

    #[test]
    fn keeps_json_ld_and_unclosed_elements() {
        let page = "<script type=\"application/ld+json\">{\"headline\":\"Quay reopens\"}</script><p>x</p><script>never closed";
        assert_eq!(slim(page), page);
    }

    #[test]
    fn attribute_values_may_hold_angle_brackets() {
        let page = "<script data-x=\"a>b\">var s = 1;</script ><p>Body.</p>";
        assert_eq!(slim(page), "<p>Body.</p>");
    }

    #[test]
    fn similar_tag_names_are_not_removed() {
        let page = "<scripted>a</scripted><styles>b</styles><svgs>c</svgs>";
        assert_eq!(slim(page), page);
    }

    #[test]
    fn start_tags_keep_only_the_attributes_extraction_reads() {
        let page = "<div class='story body' data-track=\"x>y\" onclick=go() id=main>\
            <a href=\"/next\" class=more>Next</a><link rel=canonical href=\"https://example.test/a\">\
            <img src=\"data:image/png;base64,AAAA\" alt=\"\"><p hidden>Hidden</p></div>";
        assert_eq!(
            slim(page),
            "<div class='story body' id=main><a class=more>Next</a>\
             <link rel=canonical href=\"https://example.test/a\"><img><p hidden>Hidden</p></div>"
        );
    }

    #[test]
    fn raw_text_elements_are_copied_as_written() {
        let page = "<title>Tags like <b data-x=1> stay</title><textarea><i onclick=x></i></textarea><b data-x=1>b</b>";
        assert_eq!(
            slim(page),
            "<title>Tags like <b data-x=1> stay</title><textarea><i onclick=x></i></textarea><b>b</b>"
        );
    }

    #[test]
    fn malformed_tags_are_left_alone() {
        for page in [
            "a < b and c > d",
            "<p class=\"never closed>text",
            "<3 love",
            "<p data-x",
        ] {
            assert_eq!(slim(page), page, "{page}");
        }
    }

    #[test]
    fn borrows_when_nothing_is_removed() {
        assert!(matches!(
            slim("<p class=lead>Plain.</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
