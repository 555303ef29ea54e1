//! Time expressions on TempEval-3 (TE3-Platinum by default), scored the TempEval-3 way:
//! extraction precision, recall and F1 with strict (same span) and relaxed (overlapping
//! span) matching, and the F1 of values and of types over the relaxed matches (a match
//! counts only when the normalised value, or the type, is right too).
//!
//! Each `.tml` file becomes one article: the `<TEXT>` element with its tags removed (gold
//! TIMEX3 spans kept as byte offsets into it), paragraphs at blank lines, and the document
//! creation time as the publication date that relative expressions resolve against.

use crate::analyze::analyze;
use crate::analyze::timex::TimexKind;
use crate::article::{Article, ArticleMeta, Block, BlockKind, Span};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::path::Path;

pub use super::metrics::Matches as Counts;

/// A gold or predicted time expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    pub span: Span,
    pub kind: String,
    pub value: String,
}

/// One TimeML document.
pub struct Document {
    pub name: String,
    pub creation: String,
    pub text: String,
    pub gold: Vec<Expression>,
}

/// Reads every `.tml` file of a folder, in name order.
pub fn load(dir: &Path) -> Result<Vec<Document>, String> {
    let paths = super::metrics::sorted_entries(dir, |p| p.extension().is_some_and(|x| x == "tml"))?;
    let mut documents = Vec::new();
    for path in paths {
        let xml = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut document = parse(&xml).map_err(|p| format!("{}: {p}", path.display()))?;
        document.name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        documents.push(document);
    }
    if documents.is_empty() {
        return Err(format!("{}: no .tml files", dir.display()));
    }
    Ok(documents)
}

/// Parses one TimeML document.
pub fn parse(xml: &str) -> Result<Document, String> {
    let mut reader = Reader::from_str(xml);
    let mut text = String::new();
    let mut in_text = false;
    let mut in_dct = false;
    let mut creation = None;
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    loop {
        match crate::feeds::parse::next_event(&mut reader)? {
            Event::Start(element) => {
                let name = String::from_utf8_lossy(element.local_name().as_ref()).to_string();
                let attribute = |key: &str| {
                    element
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key.as_bytes())
                        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
                        .map(|v| v.to_string())
                        .unwrap_or_default()
                };
                match name.as_str() {
                    "TEXT" => in_text = true,
                    "DCT" => in_dct = true,
                    "TIMEX3" if in_dct => creation = Some(attribute("value")),
                    "TIMEX3" if in_text => {
                        open = Some((text.len(), attribute("type"), attribute("value")))
                    }
                    _ => {}
                }
            }
            Event::End(element) => match element.local_name().as_ref() {
                b"TEXT" => in_text = false,
                b"DCT" => in_dct = false,
                b"TIMEX3" => {
                    if let Some((start, kind, value)) = open.take() {
                        gold.push(Expression {
                            span: Span::new(start, text.len()),
                            kind,
                            value,
                        });
                    }
                }
                _ => {}
            },
            event @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) if in_text => {
                text.push_str(&crate::feeds::parse::event_text(&event)?);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Document {
        name: String::new(),
        creation: creation.ok_or("has no document creation time (<DCT><TIMEX3 value=…>)")?,
        text,
        gold,
    })
}

/// newsdesk's time expressions in a document.
pub fn predict(document: &Document) -> Vec<Expression> {
    let mut blocks = Vec::new();
    let mut start = None;
    let bytes = document.text.as_bytes();
    let mut at = 0;
    // Paragraphs: runs of text between blank lines, as they stand in the text.
    while at <= bytes.len() {
        let blank = at == bytes.len() || document.text[at..].starts_with("\n\n");
        match (start, blank) {
            (None, false) if !bytes[at].is_ascii_whitespace() => start = Some(at),
            (Some(s), true) => {
                let end = document.text[..at].trim_end().len();
                blocks.push(Block {
                    span: Span::new(s, end.max(s)),
                    kind: BlockKind::Paragraph,
                });
                start = None;
            }
            _ => {}
        }
        at += 1;
        while at < bytes.len() && !document.text.is_char_boundary(at) {
            at += 1;
        }
    }
    let article = Article {
        id: crate::dedup::fingerprint(&document.text),
        origin: document.name.clone(),
        meta: ArticleMeta {
            published: Some(document.creation.clone()),
            ..ArticleMeta::default()
        },
        text: document.text.clone(),
        blocks,
        removed: Vec::new(),
        fetched_at: None,
    };
    analyze(&article)
        .timexes
        .into_iter()
        .map(|timex| Expression {
            span: timex.span,
            kind: match timex.value.kind {
                TimexKind::Date => "DATE",
                TimexKind::Time => "TIME",
                TimexKind::Duration => "DURATION",
                TimexKind::Set => "SET",
            }
            .to_string(),
            value: timex.value.value,
        })
        .collect()
}

#[derive(Default)]
pub struct Report {
    pub strict: Counts,
    pub relaxed: Counts,
    pub value: Counts,
    pub kind: Counts,
    /// (document, gold text, gold value, predicted value) of relaxed matches with a wrong value.
    pub wrong_values: Vec<(String, String, String, String)>,
    /// (document, gold text, gold value) of gold expressions nothing overlapped.
    pub missed: Vec<(String, String, String)>,
    /// (document, found text, found value) of found expressions no gold one overlaps.
    pub spurious: Vec<(String, String, String)>,
}

pub fn run(documents: &[Document]) -> Report {
    let mut report = Report::default();
    for document in documents {
        let predicted = predict(document);
        let gold = &document.gold;
        for counts in [
            &mut report.strict,
            &mut report.relaxed,
            &mut report.value,
            &mut report.kind,
        ] {
            counts.gold += gold.len();
            counts.predicted += predicted.len();
        }
        let mut used = vec![false; predicted.len()];
        for expression in gold {
            let exact = predicted.iter().position(|p| p.span == expression.span);
            if exact.is_some() {
                report.strict.matched += 1;
            }
            let overlapping = exact.or_else(|| {
                predicted.iter().enumerate().position(|(i, p)| {
                    !used[i]
                        && p.span.start < expression.span.end
                        && expression.span.start < p.span.end
                })
            });
            let Some(index) = overlapping else {
                report.missed.push((
                    document.name.clone(),
                    document.text[expression.span.start..expression.span.end].to_string(),
                    expression.value.clone(),
                ));
                continue;
            };
            used[index] = true;
            report.relaxed.matched += 1;
            let guess = &predicted[index];
            if guess.kind == expression.kind {
                report.kind.matched += 1;
            }
            if guess.value == expression.value {
                report.value.matched += 1;
            } else {
                report.wrong_values.push((
                    document.name.clone(),
                    document.text[expression.span.start..expression.span.end].to_string(),
                    expression.value.clone(),
                    guess.value.clone(),
                ));
            }
        }
        for guess in &predicted {
            let overlaps_gold = gold.iter().any(|expression| {
                guess.span.start < expression.span.end && expression.span.start < guess.span.end
            });
            if !overlaps_gold {
                report.spurious.push((
                    document.name.clone(),
                    document.text[guess.span.start..guess.span.end].to_string(),
                    guess.value.clone(),
                ));
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENT: &str = r#"<?xml version="1.0" ?><TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2031-03-04" functionInDocument="CREATION_TIME">March 4, 2031</TIMEX3></DCT>
<TEXT>
The strike at Port Velmora began on <TIMEX3 tid="t1" type="DATE" value="2031-03-03">Monday</TIMEX3> and could last <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3>, the union said &amp; warned.

Talks resume <TIMEX3 tid="t3" type="DATE" value="2031-03-07">on Friday</TIMEX3>.
</TEXT></TimeML>"#;

    #[test]
    fn reads_text_gold_spans_and_creation_time() {
        let document = parse(DOCUMENT).unwrap();
        assert_eq!(document.creation, "2031-03-04");
        assert_eq!(document.gold.len(), 3);
        let first = &document.gold[0];
        assert_eq!(&document.text[first.span.start..first.span.end], "Monday");
        assert_eq!(first.value, "2031-03-03");
        assert!(document.text.contains("said & warned"));
    }

    #[test]
    fn scores_newsdesk_on_an_invented_document() {
        let mut document = parse(DOCUMENT).unwrap();
        document.name = "invented.tml".into();
        let report = run(&[document]);
        assert_eq!(report.relaxed.gold, 3);
        // "Monday" in a past-tense sentence is the Monday before the creation date.
        assert!(report.value.matched >= 1, "{:?}", report.wrong_values);
        assert!(report.relaxed.matched >= report.strict.matched);
    }
}
