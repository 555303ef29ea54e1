//! NDJSON article records: one JSON object per line,
//! `{"title","text"|"html","url","outlet","published","author","language"}`.

use super::{IngestOptions, InputError, RawSource, SourceFormat};
use crate::article::ArticleMeta;
use crate::date::normalize_published;
use serde_json::Value;

/// Parses every non-blank line of an NDJSON file into a source or a per-line error.
pub fn records(
    origin: &str,
    bytes: &[u8],
    options: &IngestOptions,
) -> Vec<Result<RawSource, InputError>> {
    let mut out = Vec::new();
    for (index, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let line_origin = format!("{origin}:{}", index + 1);
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        out.push(parse_record(&line_origin, trimmed, options));
    }
    if out.is_empty() {
        out.push(Err(InputError::new(origin, "NDJSON file has no records")));
    }
    out
}

/// Parses one record; `origin` names the file and line.
pub fn parse_record(
    origin: &str,
    line: &[u8],
    options: &IngestOptions,
) -> Result<RawSource, InputError> {
    if line.len() as u64 > options.max_bytes {
        return Err(InputError::new(
            origin,
            super::too_large(line.len() as u64, options.max_bytes),
        ));
    }
    let text = std::str::from_utf8(line)
        .map_err(|e| InputError::new(origin, format!("record is not valid UTF-8: {e}")))?;
    let value: Value = serde_json::from_str(text)
        .map_err(|e| InputError::new(origin, format!("not a valid JSON record: {e}")))?;
    let object = value.as_object().ok_or_else(|| {
        InputError::new(
            origin,
            "a record must be a JSON object with \"text\" or \"html\"",
        )
    })?;
    let field = |name: &str| -> Result<Option<String>, InputError> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(other) => Err(InputError::new(
                origin,
                format!(
                    "field \"{name}\" must be a string, not {}",
                    json_kind(other)
                ),
            )),
        }
    };
    let (body, format) = match (field("html")?, field("text")?) {
        (Some(html), _) => (html, SourceFormat::Html),
        (None, Some(text)) => (text, SourceFormat::Text),
        (None, None) => {
            return Err(InputError::new(
                origin,
                "record has neither \"text\" nor \"html\"",
            ))
        }
    };
    let mut source = RawSource::new(origin, body.into_bytes(), format);
    let mut warnings = Vec::new();
    let published = match field("published")? {
        Some(raw) => match normalize_published(&raw) {
            Some(date) => Some(date),
            None => {
                warnings.push(format!(
                    "ignored \"published\": {raw:?} is not a date newsdesk can read (use ISO 8601)"
                ));
                None
            }
        },
        None => None,
    };
    source.hints = ArticleMeta {
        title: field("title")?,
        author: field("author")?,
        published,
        outlet: field("outlet")?,
        url: field("url")?,
        language: field("language")?,
    };
    source.warnings = warnings;
    Ok(source)
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(text: &str) -> Vec<Result<RawSource, InputError>> {
        records("feed.ndjson", text.as_bytes(), &IngestOptions::default())
    }

    #[test]
    fn reads_records_and_metadata() {
        let got = parse(concat!(
            r#"{"title":"Dam opens","text":"Body.","outlet":"Valley Courier","published":"2031-03-04"}"#,
            "\n\n",
            r#"{"html":"<p>Hi</p>","url":"https://example.test/a"}"#,
            "\n"
        ));
        assert_eq!(got.len(), 2);
        let first = got[0].as_ref().unwrap();
        assert_eq!(first.origin, "feed.ndjson:1");
        assert_eq!(first.format, SourceFormat::Text);
        assert_eq!(first.hints.outlet.as_deref(), Some("Valley Courier"));
        assert_eq!(first.hints.published.as_deref(), Some("2031-03-04"));
        let second = got[1].as_ref().unwrap();
        assert_eq!(second.origin, "feed.ndjson:3");
        assert_eq!(second.format, SourceFormat::Html);
    }

    #[test]
    fn bad_records_are_named_by_line_and_do_not_stop_others() {
        let got = parse("{\"text\":\"ok\"}\nnot json\n{\"title\":\"x\"}\n{\"text\":5}\n[1]\n");
        assert!(got[0].is_ok());
        let problems: Vec<String> = got[1..]
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert!(problems[0].starts_with("feed.ndjson:2: not a valid JSON record"));
        assert!(problems[1].contains("neither \"text\" nor \"html\""));
        assert!(problems[2].contains("\"text\" must be a string, not a number"));
        assert!(problems[3].contains("must be a JSON object"));
    }

    #[test]
    fn unreadable_dates_are_dropped_with_a_warning() {
        let got = parse(r#"{"text":"Body","published":"last Tuesday"}"#);
        let source = got[0].as_ref().unwrap();
        assert_eq!(source.hints.published, None);
        assert!(source.warnings[0].contains("last Tuesday"));
    }

    proptest! {
        #[test]
        fn never_panics(input in "\\PC{0,200}") {
            let _ = parse(&input);
        }
    }
}
