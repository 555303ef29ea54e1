//! A byte-level pass over raw HTML before it is parsed: removes the parts a reader never
//! sees and the extractor never reads — scripts (but JSON-LD metadata), style sheets,
//! comments and inline SVG drawings. On news pages these are more than half of the bytes,
//! and the HTML parser would otherwise tokenise every one of them.
//!
//! The scan follows the tokenizer's own rules for where these elements end (the first
//! `</script`, `</style`, `-->`), so the parsed tree is the one the full page gives, minus
//! those elements. Where an element is not closed, the rest of the page is kept as is.

/// The page without its inert elements; borrows when there is nothing to remove.
pub fn strip_inert(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    // Start of the bytes not yet copied to `out`.
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let open = at + offset;
        let end = match inert_end(bytes, open) {
            Some(Element::Inert(end)) => end,
            // Data blocks are kept whole and not scanned: they may contain `<!--`.
            Some(Element::Data(end)) => {
                at = end;
                continue;
            }
            None => {
                at = open + 1;
                continue;
            }
        };
        out.get_or_insert_with(|| String::with_capacity(html.len() / 2))
            .push_str(&html[copied..open]);
        copied = end;
        at = end;
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            std::borrow::Cow::Owned(out)
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
    if rest.starts_with(b"!--") {
        let close = memchr::memmem::find(&rest[3..], b"-->")?;
        return Some(Element::Inert(open + 1 + 3 + close + 3));
    }
    let name: &[u8] = [&b"script"[..], b"style", b"svg"]
        .into_iter()
        .find(|name| starts_with_tag(rest, name))?;
    let tag_end = open + 1 + start_tag_length(rest)?;
    let close = find_end_tag(&bytes[tag_end..], name)?;
    let after_name = tag_end + close + 2 + name.len();
    let end = after_name + memchr::memchr(b'>', &bytes[after_name..])? + 1;
    if name == b"script" && is_metadata_script(&bytes[open..tag_end]) {
        Some(Element::Data(end))
    } else {
        Some(Element::Inert(end))
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
    while let Some(offset) = memchr::memmem::find(&bytes[at..], b"</") {
        let start = at + offset;
        if starts_with_tag(&bytes[start + 2..], name) {
            return Some(start);
        }
        at = start + 2;
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
            strip_inert(page),
            "<html><head></head><body><p>Kept text.</p><p>More.</p></body></html>"
        );
    }

    #[test]
    fn json_ld_is_kept_whole_and_not_scanned() {
        let page = "<script type=\"application/ld+json\">{\"a\":\"<!-- x\"}</script><p>Body.</p><!-- y -->";
        assert_eq!(
            strip_inert(page),
            "<script type=\"application/ld+json\">{\"a\":\"<!-- x\"}</script><p>Body.</p>"
        );
    }

    #[test]
    fn keeps_json_ld_and_unclosed_elements() {
        let page = "<script type=\"application/ld+json\">{\"headline\":\"Quay reopens\"}</script><p>x</p><script>never closed";
        assert_eq!(strip_inert(page), page);
    }

    #[test]
    fn attribute_values_may_hold_angle_brackets() {
        let page = "<script data-x=\"a>b\">var s = 1;</script ><p>Body.</p>";
        assert_eq!(strip_inert(page), "<p>Body.</p>");
    }

    #[test]
    fn similar_tag_names_are_not_removed() {
        let page = "<scripted>a</scripted><styles>b</styles><svgs>c</svgs>";
        assert_eq!(strip_inert(page), page);
    }

    #[test]
    fn borrows_when_nothing_is_removed() {
        assert!(matches!(
            strip_inert("<p>Plain.</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
