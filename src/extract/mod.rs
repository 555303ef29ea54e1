//! Extract: turns a [`RawSource`] into an [`Article`]: clean text with page noise removed,
//! title, byline, publication date, outlet, URL and language.
//!
//! Takes: raw bytes and metadata hints from ingest. Gives: an `Article` whose canonical
//! text is the title (when known) followed by body blocks, separated by blank lines, or an
//! [`InputError`] that names the input and says what is wrong with it (empty, binary, not
//! UTF-8, no article text left after cleaning).

pub mod clean;
pub mod html;
pub mod language;
pub mod metadata;
pub mod plain;
pub mod prescan;

use crate::article::{Article, ArticleMeta, Block, BlockKind, RemovedBlock, Span};
use crate::dedup;
use crate::ingest::{InputError, RawSource, SourceFormat};
use clean::{Line, MetaField};

/// Extracts one article. `overrides` (from command-line flags) win over everything the
/// source says about itself.
pub fn extract(source: &RawSource, overrides: &ArticleMeta) -> Result<Article, InputError> {
    let fail = |problem: String| InputError::new(source.origin.clone(), problem);
    check_content(&source.bytes).map_err(fail)?;
    let (title, lines, removed, mut meta) = match source.format {
        SourceFormat::Text => {
            let text = std::str::from_utf8(&source.bytes).map_err(|e| {
                fail(format!(
                    "is not valid UTF-8 (invalid byte at offset {}); save it as UTF-8 and try again",
                    e.valid_up_to()
                ))
            })?;
            let text = normalize_text(text);
            let parsed = plain::parse(&text, source.hints.title.as_deref());
            let meta = lifted_meta(&parsed.cleaned.meta);
            (
                parsed.title,
                parsed.cleaned.kept,
                parsed.cleaned.removed,
                meta,
            )
        }
        SourceFormat::Html => {
            let text = decode_html(&source.bytes, source.content_type.as_deref());
            let parsed = html::parse(&normalize_text(&prescan::slim(&text)));
            let cleaned = clean::clean(parsed.lines);
            let mut meta = parsed.meta;
            meta.fill_from(&lifted_meta(&cleaned.meta));
            if meta.author.is_none() {
                meta.author = parsed.byline.and_then(|name| {
                    metadata::tidy(ArticleMeta {
                        author: Some(name),
                        ..ArticleMeta::default()
                    })
                    .author
                });
            }
            (parsed.title, cleaned.kept, cleaned.removed, meta)
        }
    };
    // Metadata precedence: flags, then what arrived with the bytes (record fields, HTTP),
    // then what the content says about itself.
    let mut hinted = source.hints.clone();
    hinted.fill_from(&meta);
    meta = hinted;
    meta.override_with(overrides);
    // A date in the URL path is the last resort for the publication date.
    if meta.published.is_none() {
        meta.published = meta
            .url
            .as_deref()
            .and_then(crate::date::date_in_url)
            .map(|d| d.iso());
    }
    let title = meta.title.clone().or(title);
    meta.title.clone_from(&title);
    if meta.language.is_none() {
        let sample: String = lines
            .iter()
            .take(20)
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        meta.language = language::guess(&sample).map(str::to_string);
    }
    assemble(source, title, lines, removed, meta)
}

/// Refuses empty and binary content before any decoding.
fn check_content(bytes: &[u8]) -> Result<(), String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("is empty: there is no text to read".to_string());
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if head.contains(&0) || controls * 20 > head.len() {
        return Err(
            "looks like binary data, not text or HTML (it contains NUL or control bytes)"
                .to_string(),
        );
    }
    Ok(())
}

/// Decodes HTML by BOM, then HTTP charset, then `<meta charset>`, then UTF-8, falling back
/// to windows-1252 as browsers do (also for pages declared UTF-8 that are not).
fn decode_html<'b>(bytes: &'b [u8], content_type: Option<&str>) -> std::borrow::Cow<'b, str> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom_length..]).0;
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(2048)]));
    if let Some(encoding) = declared.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        // Pages declared UTF-8 that are not (a template's header over an old archive) are
        // read as browsers in the West guess them, rather than with replacement marks.
        let mislabelled = encoding == encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err();
        if !mislabelled {
            return encoding.decode_without_bom_handling(bytes).0;
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

fn charset_from_content_type(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        (key.trim().eq_ignore_ascii_case("charset"))
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

fn meta_charset(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")?;
    let value: String = head[at + 8..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!value.is_empty()).then_some(value)
}

/// Canonical character-level normalisation: no BOM, `\n` line ends, no-break and other
/// exotic spaces become spaces, zero-width and control characters are removed. Quotes and
/// dashes are kept as written: evidence quotes must match what the source said.
pub fn normalize_text(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}');
    let mut out = String::with_capacity(text.len());
    // Printable ASCII and `\n` are copied as runs; only the rest is looked at one by one.
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let run = bytes[at..]
            .iter()
            .position(|&b| !(b == b'\n' || (0x20..0x7f).contains(&b)))
            .map_or(bytes.len(), |p| at + p);
        out.push_str(&text[at..run]);
        if run == bytes.len() {
            break;
        }
        let c = text[run..]
            .chars()
            .next()
            .expect("run stops before a character");
        let before_newline = text[run + c.len_utf8()..].starts_with('\n');
        push_normalized(c, before_newline, &mut out);
        at = run + c.len_utf8();
    }
    out
}

/// Appends the normalised form of `c`; a `\r` before a `\n` is dropped.
fn push_normalized(c: char, before_newline: bool, out: &mut String) {
    match c {
        '\r' if before_newline => {}
        '\r' | '\u{2028}' | '\u{2029}' => out.push('\n'),
        '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
            out.push(' ')
        }
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
        c if c.is_control() => {}
        c => out.push(c),
    }
}

fn lifted_meta(lifted: &[(MetaField, String)]) -> ArticleMeta {
    let mut meta = ArticleMeta::default();
    for (field, value) in lifted {
        let slot = match field {
            MetaField::Published => &mut meta.published,
            MetaField::Author => &mut meta.author,
            MetaField::Outlet => &mut meta.outlet,
        };
        if slot.is_none() {
            *slot = Some(value.clone());
        }
    }
    meta
}

/// Builds the canonical text and its block map.
fn assemble(
    source: &RawSource,
    title: Option<String>,
    lines: Vec<Line>,
    removed: Vec<RemovedBlock>,
    meta: ArticleMeta,
) -> Result<Article, InputError> {
    let body: Vec<Line> = lines
        .into_iter()
        .map(|line| Line {
            text: line.text.split_whitespace().collect::<Vec<_>>().join(" "),
            kind: line.kind,
        })
        .filter(|line| !line.text.is_empty())
        .collect();
    // A headline on its own (a feed item, a wire flash) is still coverage; nothing at all
    // is an error.
    if title.is_none() && !body.iter().any(|l| l.kind != BlockKind::Heading) {
        return Err(InputError::new(
            source.origin.clone(),
            "no article text found: nothing was left after removing page noise",
        ));
    }
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut push = |content: &str, kind: BlockKind| {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(content);
        blocks.push(Block {
            span: Span::new(start, text.len()),
            kind,
        });
    };
    if let Some(title) = &title {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        push(&title, BlockKind::Title);
    }
    for line in &body {
        push(&line.text, line.kind);
    }
    Ok(Article {
        id: dedup::fingerprint(&text),
        origin: source.origin.clone(),
        meta,
        text,
        blocks,
        removed,
        fetched_at: source.fetched_at.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_source(bytes: &[u8]) -> RawSource {
        RawSource::new("story.txt", bytes.to_vec(), SourceFormat::Text)
    }

    #[test]
    fn bad_content_gets_a_clear_error() {
        let none = ArticleMeta::default();
        let cases: [(&[u8], &str); 4] = [
            (b"", "is empty"),
            (b"  \n\n ", "is empty"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
            (
                b"Caf\xe9 owners protest\n\nThe caf\xe9 closed.",
                "not valid UTF-8",
            ),
        ];
        for (bytes, want) in cases {
            let error = extract(&text_source(bytes), &none).unwrap_err();
            assert_eq!(error.origin, "story.txt");
            assert!(error.problem.contains(want), "{}", error.problem);
        }
    }

    #[test]
    fn all_noise_is_an_error_not_an_empty_article() {
        let error = extract(
            &text_source(b"Subscribe to our newsletter\n#tag #other\n"),
            &ArticleMeta::default(),
        )
        .unwrap_err();
        assert!(error.problem.contains("no article text"));
    }

    #[test]
    fn a_headline_alone_is_an_article() {
        let article = extract(
            &text_source(b"Robbers in Disguise Empty Harbour Jewellery Store\n"),
            &ArticleMeta::default(),
        )
        .unwrap();
        assert_eq!(
            article.text,
            "Robbers in Disguise Empty Harbour Jewellery Store"
        );
        assert_eq!(article.blocks.len(), 1);
    }

    #[test]
    fn assembles_title_first_with_block_spans() {
        let article = extract(
            &text_source("Harbor Talks Resume\r\n\r\nBy Ana Ruiz\nTalks resumed on Monday.\nJOIN US ON TELEGRAM\n".as_bytes()),
            &ArticleMeta::default(),
        )
        .unwrap();
        assert_eq!(
            article.text,
            "Harbor Talks Resume\n\nTalks resumed on Monday."
        );
        assert_eq!(article.meta.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(article.blocks[0].kind, BlockKind::Title);
        for block in &article.blocks {
            assert!(!block.span.slice(&article.text).contains('\n'));
        }
        assert_eq!(article.removed.len(), 2);
    }

    #[test]
    fn flags_override_and_hints_fill() {
        let mut source = text_source(b"Headline Here\nPublished: 2031-03-01\nBody text here.");
        source.hints.outlet = Some("Coastline Daily".into());
        let overrides = ArticleMeta {
            published: Some("2031-03-04".into()),
            ..ArticleMeta::default()
        };
        let article = extract(&source, &overrides).unwrap();
        assert_eq!(article.meta.published.as_deref(), Some("2031-03-04"));
        assert_eq!(article.meta.outlet.as_deref(), Some("Coastline Daily"));
    }

    #[test]
    fn html_charset_is_honoured() {
        let mut bytes =
            b"<html><head><meta charset=\"windows-1252\"></head><body><p>The caf".to_vec();
        bytes.push(0xe9);
        bytes.extend_from_slice(
            b" on the quay reopened after the strike ended on Monday.</p></body></html>",
        );
        let source = RawSource::new("page.html", bytes, SourceFormat::Html);
        let article = extract(&source, &ArticleMeta::default()).unwrap();
        assert!(article.text.contains("café"), "{}", article.text);
    }

    #[test]
    fn pages_mislabelled_as_utf8_are_read_as_windows_1252() {
        let mut bytes =
            b"<html><head><meta charset=\"utf-8\"></head><body><p>The quay caf".to_vec();
        bytes.push(0xe9);
        bytes.extend_from_slice(
            b" reopened on Monday after the strike ended at the port.</p></body></html>",
        );
        let mut source = RawSource::new("page.html", bytes, SourceFormat::Html);
        source.content_type = Some("text/html; charset=UTF-8".into());
        let article = extract(&source, &ArticleMeta::default()).unwrap();
        assert!(article.text.contains("café"), "{}", article.text);
    }

    #[test]
    fn normalizes_line_ends_and_invisible_characters() {
        assert_eq!(
            normalize_text("\u{feff}a\r\nb\rc\u{200b}d\u{a0}e"),
            "a\nb\ncd e"
        );
    }
}
