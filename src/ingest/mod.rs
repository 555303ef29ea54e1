//! Ingest: turns what the user names (files, directories, NDJSON record files, gzip files,
//! standard input, URLs) into [`RawSource`]s: bytes plus whatever metadata came with them.
//!
//! Takes: input names and [`IngestOptions`]. Gives: one `Result<RawSource, InputError>` per
//! article found, in a deterministic order (directory entries sorted, records in file
//! order). A bad input never stops the others: its error is returned in its place.

pub mod fetch;
pub mod ndjson;

use crate::article::ArticleMeta;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use fetch::HttpOptions;

/// How the bytes of a source should be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    /// Plain text; the first non-empty line is the headline.
    Text,
    /// An HTML page.
    Html,
}

/// One article's worth of raw input.
#[derive(Clone, Debug)]
pub struct RawSource {
    /// Path, URL, `file.ndjson:LINE` or `<stdin>`: how errors and the dossier name it.
    pub origin: String,
    pub bytes: Vec<u8>,
    pub format: SourceFormat,
    /// Metadata that arrived with the bytes (record fields, HTTP headers). Extraction fills
    /// what is missing from the content itself.
    pub hints: ArticleMeta,
    /// `Content-Type` from HTTP, used for its charset.
    pub content_type: Option<String>,
    pub fetched_at: Option<String>,
    /// Non-fatal problems (an unparseable date that was dropped, say).
    pub warnings: Vec<String>,
}

impl RawSource {
    pub fn new(origin: impl Into<String>, bytes: Vec<u8>, format: SourceFormat) -> RawSource {
        RawSource {
            origin: origin.into(),
            bytes,
            format,
            hints: ArticleMeta::default(),
            content_type: None,
            fetched_at: None,
            warnings: Vec::new(),
        }
    }
}

/// A problem with one input, named so that the user can find and fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub origin: String,
    pub problem: String,
}

impl InputError {
    pub fn new(origin: impl Into<String>, problem: impl Into<String>) -> InputError {
        InputError {
            origin: origin.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.problem)
    }
}

impl std::error::Error for InputError {}

pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// The largest single article (file, record or HTTP body) accepted.
    pub max_bytes: u64,
    /// The largest NDJSON file read (it holds many articles, so it has its own limit).
    pub max_ndjson_bytes: u64,
    pub http: HttpOptions,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            max_ndjson_bytes: 2 * 1024 * 1024 * 1024,
            http: HttpOptions::default(),
        }
    }
}

/// File extensions a directory walk picks up.
const KNOWN_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "xhtml", "ndjson", "jsonl", "gz",
];

/// Collects the sources named by `inputs`, in order.
pub fn collect(inputs: &[String], options: &IngestOptions) -> Vec<Result<RawSource, InputError>> {
    let mut out = Vec::new();
    for input in inputs {
        collect_one(input, options, &mut out);
    }
    out
}

fn collect_one(input: &str, options: &IngestOptions, out: &mut Vec<Result<RawSource, InputError>>) {
    if input == "-" {
        out.push(read_stdin(options));
        return;
    }
    if input.starts_with("http://") || input.starts_with("https://") {
        out.push(fetch::fetch_url(input, options));
        return;
    }
    let path = Path::new(input);
    match std::fs::metadata(path) {
        Err(error) => out.push(Err(InputError::new(input, describe_io_error(&error)))),
        Ok(meta) if meta.is_dir() => match walk_dir(path) {
            Ok(files) if files.is_empty() => out.push(Err(InputError::new(
                input,
                format!(
                    "directory has no article files (looked for .{})",
                    KNOWN_EXTENSIONS.join(", .")
                ),
            ))),
            Ok(files) => {
                for file in files {
                    read_file(&file, options, out);
                }
            }
            Err(error) => out.push(Err(InputError::new(input, describe_io_error(&error)))),
        },
        Ok(_) => read_file(path, options, out),
    }
}

fn walk_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        let hidden = entry
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden || is_project_file(&entry) {
            continue;
        }
        if entry.is_dir() {
            files.extend(walk_dir(&entry)?);
        } else if extension(&entry).is_some_and(|ext| KNOWN_EXTENSIONS.contains(&ext.as_str())) {
            files.push(entry);
        }
    }
    Ok(files)
}

/// README, LICENSE and similar files describe a folder; they are not articles.
fn is_project_file(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README"
            | "LICENSE"
            | "LICENCE"
            | "CHANGELOG"
            | "CONTRIBUTING"
            | "NOTICE"
            | "COPYING"
            | "SOURCE"
            | "AUTHORS"
    )
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

fn read_file(path: &Path, options: &IngestOptions, out: &mut Vec<Result<RawSource, InputError>>) {
    let origin = path.display().to_string();
    let gzipped = extension(path).as_deref() == Some("gz");
    // "page.html.gz" is read as "page.html".
    let ext = if gzipped {
        extension(&path.with_extension(""))
    } else {
        extension(path)
    };
    let is_ndjson = matches!(ext.as_deref(), Some("ndjson" | "jsonl"));
    let limit = if is_ndjson {
        options.max_ndjson_bytes
    } else {
        options.max_bytes
    };
    let bytes = match read_limited(path, gzipped, limit) {
        Ok(bytes) => bytes,
        Err(problem) => {
            out.push(Err(InputError::new(origin, problem)));
            return;
        }
    };
    let name = if gzipped {
        path.with_extension("")
    } else {
        path.to_path_buf()
    };
    out.extend(from_bytes(
        &origin,
        &name.display().to_string(),
        bytes,
        options,
    ));
}

/// Sources from bytes already in memory; `name` (a file name) decides the format:
/// `.ndjson`/`.jsonl` hold records, `.html`/`.htm` are pages, `.txt`/`.md` are text, and
/// anything else is sniffed.
pub fn from_bytes(
    origin: &str,
    name: &str,
    bytes: Vec<u8>,
    options: &IngestOptions,
) -> Vec<Result<RawSource, InputError>> {
    let ext = extension(Path::new(name));
    if matches!(ext.as_deref(), Some("ndjson" | "jsonl")) {
        return ndjson::records(origin, &bytes, options);
    }
    let format = match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => SourceFormat::Html,
        Some("txt" | "text" | "md") => SourceFormat::Text,
        _ => sniff_format(&bytes),
    };
    vec![Ok(RawSource::new(origin, bytes, format))]
}

/// Reads a file, refusing (before reading it all) anything over `limit` bytes.
fn read_limited(path: &Path, gzipped: bool, limit: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| describe_io_error(&e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if !gzipped && size > limit {
        return Err(too_large(size, limit));
    }
    let mut bytes = Vec::new();
    let result = if gzipped {
        flate2::read::MultiGzDecoder::new(file)
            .take(limit + 1)
            .read_to_end(&mut bytes)
    } else {
        file.take(limit + 1).read_to_end(&mut bytes)
    };
    result.map_err(|e| {
        if gzipped {
            format!("cannot decompress gzip data: {e}")
        } else {
            describe_io_error(&e)
        }
    })?;
    if bytes.len() as u64 > limit {
        return Err(if gzipped {
            format!("decompresses to more than {}", human_bytes(limit))
        } else {
            too_large(bytes.len() as u64, limit)
        });
    }
    Ok(bytes)
}

fn read_stdin(options: &IngestOptions) -> Result<RawSource, InputError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(options.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::new("<stdin>", describe_io_error(&e)))?;
    if bytes.len() as u64 > options.max_bytes {
        return Err(InputError::new(
            "<stdin>",
            format!(
                "is larger than the {} limit",
                human_bytes(options.max_bytes)
            ),
        ));
    }
    let format = sniff_format(&bytes);
    Ok(RawSource::new("<stdin>", bytes, format))
}

pub(crate) fn too_large(size: u64, limit: u64) -> String {
    format!(
        "is {}, larger than the {} limit for one article (raise it with --max-bytes)",
        human_bytes(size),
        human_bytes(limit)
    )
}

pub(crate) fn human_bytes(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= MB {
        format!("{:.1} MiB", bytes as f64 / MB)
    } else if bytes >= 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Guesses HTML or text from the first bytes when the name does not say.
pub fn sniff_format(bytes: &[u8]) -> SourceFormat {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    let looks_html = trimmed.starts_with('<')
        && [
            "<html",
            "<!doctype html",
            "<body",
            "<head",
            "<p>",
            "<p ",
            "<div",
            "<article",
        ]
        .iter()
        .any(|tag| head.contains(tag));
    if looks_html {
        SourceFormat::Html
    } else {
        SourceFormat::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        path
    }

    #[test]
    fn missing_path_is_a_named_error() {
        let got = collect(&["no/such/file.txt".into()], &IngestOptions::default());
        let error = got[0].as_ref().unwrap_err();
        assert_eq!(error.origin, "no/such/file.txt");
        assert!(error.problem.contains("no such file"));
    }

    #[test]
    fn oversized_file_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "big.txt", &vec![b'a'; 2048]);
        let options = IngestOptions {
            max_bytes: 1024,
            ..IngestOptions::default()
        };
        let got = collect(&[path.display().to_string()], &options);
        let problem = &got[0].as_ref().unwrap_err().problem;
        assert!(
            problem.contains("larger than the 1.0 KiB limit"),
            "{problem}"
        );
    }

    #[test]
    fn directory_walk_is_sorted_and_skips_unknown_files() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.txt", b"Second\n\nBody two.");
        write(
            dir.path(),
            "a.html",
            b"<html><body><p>One</p></body></html>",
        );
        write(dir.path(), "notes.pdf", b"%PDF");
        write(dir.path(), ".hidden.txt", b"secret");
        write(dir.path(), "README.md", b"About this folder");
        let got = collect(
            &[dir.path().display().to_string()],
            &IngestOptions::default(),
        );
        let origins: Vec<String> = got
            .iter()
            .map(|r| r.as_ref().unwrap().origin.clone())
            .collect();
        assert_eq!(origins.len(), 2);
        assert!(origins[0].ends_with("a.html"));
        assert!(origins[1].ends_with("b.txt"));
        assert_eq!(got[0].as_ref().unwrap().format, SourceFormat::Html);
    }

    #[test]
    fn gzip_files_are_decompressed() {
        let dir = tempfile::tempdir().unwrap();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(b"<html><body><p>Hi</p></body></html>")
            .unwrap();
        let path = write(dir.path(), "page.html.gz", &encoder.finish().unwrap());
        let got = collect(&[path.display().to_string()], &IngestOptions::default());
        let source = got[0].as_ref().unwrap();
        assert_eq!(source.format, SourceFormat::Html);
        assert!(source.bytes.starts_with(b"<html>"));
    }

    #[test]
    fn sniffing_tells_html_from_text() {
        assert_eq!(sniff_format(b"  <!DOCTYPE html><html>"), SourceFormat::Html);
        assert_eq!(sniff_format(b"<p>Para</p>"), SourceFormat::Html);
        assert_eq!(sniff_format(b"Headline\n<not html>"), SourceFormat::Text);
        assert_eq!(sniff_format(b"Plain headline"), SourceFormat::Text);
    }
}
