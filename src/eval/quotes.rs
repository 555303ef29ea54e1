//! Quotes and their attribution on PolNeAR (the test split by default).
//!
//! A predicted attribution matches a gold one when their content spans overlap by at
//! least half of the gold content and the predicted speaker span overlaps the gold Source
//! (a gold relation without a Source cannot be matched). Matching is one to one, in text
//! order. Figures are given for direct quotes (gold content holding a quotation mark) and
//! for all attributions; newsdesk's quotes are all direct, so the same predictions are
//! scored against both gold sets.
//!
//! A quote newsdesk leaves without a speaker (scare quotes, titles, quoted words it could
//! not attribute) claims no attribution, so it is no prediction here; the error listing
//! still names those that lie on a gold quote ("no speaker found").
//!
//! Each text file becomes one article with its text unchanged: the first line is the
//! headline, every other non-empty line a paragraph. Where an article has several
//! annotators, the first annotation file (by name) is the gold.

use crate::analyze::analyze;
use crate::analyze::doc::Speaker;
use crate::article::{Article, ArticleMeta, Block, BlockKind, Span};
use std::collections::HashMap;
use std::path::Path;

pub use super::metrics::Matches as Counts;

/// One gold attribution relation: its content ranges and its source ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    pub content: Vec<Span>,
    pub source: Vec<Span>,
    pub direct: bool,
}

pub struct Document {
    pub name: String,
    pub text: String,
    pub gold: Vec<Relation>,
}

/// Reads `text/*.txt` and `attributions/*.ann` of a split folder.
pub fn load(dir: &Path) -> Result<Vec<Document>, String> {
    let text_dir = dir.join("text");
    let mut names: Vec<String> = std::fs::read_dir(&text_dir)
        .map_err(|e| format!("{}: {e}", text_dir.display()))?
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut annotations: Vec<String> = std::fs::read_dir(dir.join("attributions"))
        .map_err(|e| format!("{}: {e}", dir.join("attributions").display()))?
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    annotations.sort();
    let mut documents = Vec::new();
    for name in names {
        let stem = name.trim_end_matches(".txt");
        let Some(ann) = annotations.iter().find(|a| {
            a.starts_with(stem) && a.len() > stem.len() && a.as_bytes()[stem.len()] == b'_'
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(text_dir.join(&name))
            .map_err(|e| format!("{}: {e}", text_dir.join(&name).display()))?;
        let ann_path = dir.join("attributions").join(ann);
        let ann_text = std::fs::read_to_string(&ann_path)
            .map_err(|e| format!("{}: {e}", ann_path.display()))?;
        let gold =
            parse_ann(&ann_text, &text).map_err(|p| format!("{}: {p}", ann_path.display()))?;
        documents.push(Document { name, text, gold });
    }
    if documents.is_empty() {
        return Err(format!("{}: no annotated texts", dir.display()));
    }
    Ok(documents)
}

/// brat offsets count characters; spans here are bytes of `text`.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut map: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    map.push(text.len());
    map
}

/// Parses brat standoff: `T` lines (label and character ranges) and `E` lines linking an
/// attribution's Content and Source.
pub fn parse_ann(ann: &str, text: &str) -> Result<Vec<Relation>, String> {
    let bytes_at = char_to_byte(text);
    let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
    for (number, line) in ann.lines().enumerate() {
        let mut fields = line.split('\t');
        let (Some(id), Some(annotation)) = (fields.next(), fields.next()) else {
            continue;
        };
        if !id.starts_with('T') {
            continue;
        }
        let ranges = annotation.split_once(' ').map(|(_, r)| r).unwrap_or("");
        let mut out = Vec::new();
        for range in ranges.split(';') {
            let mut ends = range.split_whitespace().map(|n| n.parse::<usize>());
            match (ends.next(), ends.next()) {
                (Some(Ok(start)), Some(Ok(end))) if start <= end && end < bytes_at.len() => {
                    out.push(Span::new(bytes_at[start], bytes_at[end]))
                }
                _ => {
                    return Err(format!(
                        "line {}: bad character range {range:?}",
                        number + 1
                    ))
                }
            }
        }
        spans.insert(id, out);
    }
    let mut relations = Vec::new();
    for line in ann.lines().filter(|l| l.starts_with('E')) {
        let Some((_, roles)) = line.split_once('\t') else {
            continue;
        };
        let mut content = Vec::new();
        let mut source = Vec::new();
        for role in roles.split_whitespace() {
            let Some((name, target)) = role.split_once(':') else {
                continue;
            };
            let found = spans.get(target).cloned().unwrap_or_default();
            match name {
                "Content" => content = found,
                "Source" => source = found,
                _ => {}
            }
        }
        if content.is_empty() {
            continue;
        }
        let direct = content.iter().any(|s| {
            let quoted = &text[s.start..s.end];
            quoted.contains(['"', '“', '”']) || quoted.contains("''")
        });
        relations.push(Relation {
            content,
            source,
            direct,
        });
    }
    Ok(relations)
}

/// newsdesk's quotes: (content span, speaker span).
/// A predicted attribution: content span and speaker span.
pub type Attribution = (Span, Option<Span>);

pub fn predict(document: &Document) -> Vec<Attribution> {
    predict_all(document).0
}

/// newsdesk's quotes (as in [`predict`]) and its reported speech, as (content span, speaker
/// span).
pub fn predict_all(document: &Document) -> (Vec<Attribution>, Vec<Attribution>) {
    let doc = analyze(&article_of(document));
    predictions(&doc)
}

/// A PolNeAR text as an article: the first line is the headline, every other non-empty
/// line a paragraph; the text is unchanged, so the gold offsets hold.
pub fn article_of(document: &Document) -> Article {
    let mut blocks = Vec::new();
    let mut offset = 0;
    for line in document.text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = offset + (line.len() - line.trim_start().len());
            blocks.push(Block {
                span: Span::new(start, start + trimmed.len()),
                kind: if blocks.is_empty() {
                    BlockKind::Title
                } else {
                    BlockKind::Paragraph
                },
            });
        }
        offset += line.len();
    }
    Article {
        id: crate::dedup::fingerprint(&document.text),
        origin: document.name.clone(),
        meta: ArticleMeta::default(),
        text: document.text.clone(),
        blocks,
        removed: Vec::new(),
        fetched_at: None,
    }
}

/// The attributions of an analysed PolNeAR text: its quotes and its reported speech.
fn predictions(doc: &crate::analyze::doc::Doc) -> (Vec<Attribution>, Vec<Attribution>) {
    // PolNeAR marks one relation per attribution: the quoted fragments of one sentence
    // with one speaker are one prediction.
    // So are the parts of a split quote (“…,” she said. “…”) and the paragraphs that
    // continue a speaker's quotation, which PolNeAR marks as one content.
    let mut out: Vec<(Span, Option<Span>)> = Vec::new();
    let mut last: Option<(usize, Option<Span>)> = None;
    let speaker_span = |speaker: &Speaker| match speaker {
        Speaker::Mention { mention } => doc.mentions[*mention].span,
        Speaker::Pronoun { span, .. } | Speaker::Description { span } => *span,
    };
    for quote in &doc.quotes {
        let speaker = quote.speaker.as_ref().map(speaker_span);
        let joins = last.is_some_and(|(sentence, previous)| {
            speaker.is_some()
                && previous == speaker
                && (sentence == quote.sentence || quote.continued)
        });
        match out.last_mut() {
            Some(last) if joins => {
                last.0 = Span::new(
                    last.0.start.min(quote.content.start),
                    last.0.end.max(quote.content.end),
                );
            }
            _ => out.push((quote.content, speaker)),
        }
        // A quote that runs over several sentences ends in the last of them: a fragment
        // there (“One. Two,” Ana said after calling it “a farce”) is in its sentence.
        last = Some((doc.closing_sentence(quote), speaker));
    }
    let reported = doc
        .reported
        .iter()
        .map(|r| (r.content, Some(speaker_span(&r.speaker))))
        .collect();
    (out, reported)
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Whether a prediction matches a gold relation (see the module comment).
pub fn matches(predicted: &(Span, Option<Span>), gold: &Relation) -> bool {
    let gold_length: usize = gold.content.iter().map(|s| s.end - s.start).sum();
    let shared: usize = gold.content.iter().map(|s| overlap(*s, predicted.0)).sum();
    let speaker_ok = predicted
        .1
        .is_some_and(|speaker| gold.source.iter().any(|s| overlap(*s, speaker) > 0));
    gold_length > 0 && shared * 2 >= gold_length && speaker_ok
}

pub struct Report {
    pub direct: Counts,
    pub all: Counts,
    /// Direct quotes scored as if every quote left without a speaker were a prediction
    /// (how this eval counted before it scored attributions only).
    pub direct_with_unattributed: Counts,
    /// Why predictions failed against the direct-quote gold, counted by reason.
    pub errors: std::collections::BTreeMap<&'static str, usize>,
    /// Examples of each reason: (reason, article, predicted content, predicted speaker,
    /// gold speaker).
    pub examples: Vec<(&'static str, String, String, String, String)>,
}

/// The text of a gold relation's (possibly discontinuous) spans, for error listings.
fn joined(text: &str, spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| s.slice(text))
        .collect::<Vec<_>>()
        .join(" … ")
}

/// Why a prediction matched no direct gold relation.
fn diagnose(
    text: &str,
    predicted: &(Span, Option<Span>),
    direct: &[&Relation],
    all: &[&Relation],
) -> (&'static str, String) {
    let shares = |r: &Relation| r.content.iter().any(|s| overlap(*s, predicted.0) > 0);
    let gold_speaker = |r: &Relation| joined(text, &r.source);
    if let Some(r) = direct.iter().find(|r| shares(r)) {
        let gold_length: usize = r.content.iter().map(|s| s.end - s.start).sum();
        let shared: usize = r.content.iter().map(|s| overlap(*s, predicted.0)).sum();
        let reason = if shared * 2 < gold_length {
            "covers under half of a gold quote"
        } else if r.source.is_empty() {
            "gold quote has no source"
        } else if matches(predicted, r) {
            "gold quote already matched (split quote)"
        } else {
            "wrong speaker"
        };
        return (reason, gold_speaker(r));
    }
    if let Some(r) = all.iter().find(|r| shares(r)) {
        return ("inside an indirect attribution", gold_speaker(r));
    }
    ("no gold attribution there", String::new())
}

/// Whether a prediction matches only a gold relation an earlier prediction already took.
fn report_split(
    p: &(Span, Option<Span>),
    predicted: &[(Span, Option<Span>)],
    direct: &[&Relation],
) -> bool {
    let first = |r: &Relation| predicted.iter().position(|q| matches(q, r));
    let mine = predicted.iter().position(|q| q == p);
    direct
        .iter()
        .filter(|r| matches(p, r))
        .all(|r| first(r) != mine)
}

fn score(predicted: &[(Span, Option<Span>)], gold: &[&Relation]) -> Counts {
    let mut used = vec![false; predicted.len()];
    let mut matched = 0;
    for relation in gold {
        if let Some(i) =
            (0..predicted.len()).find(|&i| !used[i] && matches(&predicted[i], relation))
        {
            used[i] = true;
            matched += 1;
        }
    }
    Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        matched,
    }
}

pub fn run(documents: &[Document]) -> Report {
    let mut report = Report {
        direct: Counts::default(),
        all: Counts::default(),
        direct_with_unattributed: Counts::default(),
        errors: Default::default(),
        examples: Vec::new(),
    };
    for document in documents {
        let (quotes, reported) = predict_all(document);
        let (predicted, unattributed): (Vec<Attribution>, Vec<Attribution>) = quotes
            .into_iter()
            .partition(|(_, speaker)| speaker.is_some());
        let all: Vec<&Relation> = document.gold.iter().collect();
        let direct: Vec<&Relation> = document.gold.iter().filter(|r| r.direct).collect();
        let every: Vec<(Span, Option<Span>)> = predicted.iter().chain(&reported).copied().collect();
        report.all.add(score(&every, &all));
        let mut direct_counts = score(&predicted, &direct);
        report.direct.add(direct_counts);
        direct_counts.predicted += unattributed.len();
        report.direct_with_unattributed.add(direct_counts);
        let slice = |s: Span| document.text[s.start..s.end].to_string();
        for p in &predicted {
            if direct.iter().any(|r| matches(p, r)) && !report_split(p, &predicted, &direct) {
                continue;
            }
            let (reason, gold_speaker) = diagnose(&document.text, p, &direct, &all);
            *report.errors.entry(reason).or_default() += 1;
            report.examples.push((
                reason,
                document.name.clone(),
                slice(p.0),
                p.1.map(slice).unwrap_or_default(),
                gold_speaker,
            ));
        }
        for p in &unattributed {
            if let Some(r) = direct
                .iter()
                .find(|r| r.content.iter().any(|s| overlap(*s, p.0) > 0))
            {
                let reason = "no speaker found (not counted as a prediction)";
                *report.errors.entry(reason).or_default() += 1;
                let gold_speaker = joined(&document.text, &r.source);
                report.examples.push((
                    reason,
                    document.name.clone(),
                    slice(p.0),
                    String::new(),
                    gold_speaker,
                ));
            }
        }
        for r in &direct {
            if !predicted.iter().any(|p| matches(p, r)) {
                let found = predicted
                    .iter()
                    .any(|p| r.content.iter().any(|s| overlap(*s, p.0) > 0));
                let reason = if found {
                    "missed: found, not matched"
                } else {
                    "missed: not found"
                };
                *report.errors.entry(reason).or_default() += 1;
                report.examples.push((
                    reason,
                    document.name.clone(),
                    joined(&document.text, &r.content),
                    String::new(),
                    joined(&document.text, &r.source),
                ));
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Port talks stall\n“We will not go back without guarantees,” union leader Tomas Ferreira said on Monday.\nThe authority said it would publish its offer.\n";

    #[test]
    fn reads_brat_relations_with_character_offsets() {
        // Character offsets: the curly quotes are one character each but three bytes.
        let ann = "T1\tSource 72 86\tTomas Ferreira\nT2\tCue 87 91\tsaid\nT3\tContent 17 58\t“We will not go back without guarantees,”\nT4\tAttribution 87 91\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
        let gold = parse_ann(ann, TEXT).unwrap();
        assert_eq!(gold.len(), 1);
        let content = gold[0].content[0];
        assert!(TEXT[content.start..content.end].starts_with("“We will"));
        assert!(gold[0].direct);
        assert_eq!(
            &TEXT[gold[0].source[0].start..gold[0].source[0].end],
            "Tomas Ferreira"
        );
        assert!(parse_ann("T1\tSource 5 x\tbad\n", TEXT).is_err());
    }

    #[test]
    fn content_in_two_apostrophes_is_a_direct_quote() {
        let text = "Port talks\n''We stay out,'' said Tomas Ferreira. He said talks had failed.\n";
        let ann = "T1\tSource 33 47\tTomas Ferreira\nT2\tContent 11 27\t''We stay out,''\nT3\tCue 28 32\tsaid\nT4\tAttribution 28 32\tsaid\nE1\tAttribution:T4 Content:T2 Cue:T3 Source:T1\nT5\tSource 49 51\tHe\nT6\tContent 57 73\ttalks had failed\nT7\tCue 52 56\tsaid\nE2\tAttribution:T7 Content:T6 Cue:T7 Source:T5\n";
        let gold = parse_ann(ann, text).unwrap();
        let content = gold[0].content[0];
        assert_eq!(&text[content.start..content.end], "''We stay out,''");
        assert_eq!(
            gold.iter().map(|r| r.direct).collect::<Vec<_>>(),
            vec![true, false]
        );
    }

    #[test]
    fn newsdesk_quotes_match_the_gold_attribution() {
        let ann = "T1\tSource 72 86\tTomas Ferreira\nT3\tContent 17 58\t“We will not go back without guarantees,”\nT4\tAttribution 87 91\tsaid\nE1\tAttribution:T4 Content:T3 Source:T1\n";
        let document = Document {
            name: "invented.txt".into(),
            text: TEXT.into(),
            gold: parse_ann(ann, TEXT).unwrap(),
        };
        let report = run(&[document]);
        assert_eq!(report.direct.gold, 1);
        assert_eq!(report.direct.matched, 1, "{:?}", report.direct);
    }
}
