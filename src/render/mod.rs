//! Render: a [`Dossier`] as Markdown (citations as footnotes), JSON (the
//! `newsdesk.dossier/1` document) or one self-contained HTML page (no external assets,
//! all source text escaped, citations linking to the highlighted sentence).
//!
//! Takes: a checked dossier. Gives: text. Rendering never changes content: every renderer
//! shows the same sections and the same citation numbers.

pub mod html;
pub mod markdown;

use crate::dossier::{Dossier, Evidence};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Markdown,
    Json,
    Html,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(value: &str) -> Result<Format, String> {
        match value.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "html" => Ok(Format::Html),
            other => Err(format!("unknown format {other:?}: use md, json or html")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Html => "html",
        })
    }
}

pub fn render(dossier: &Dossier, format: Format) -> String {
    match format {
        Format::Markdown => markdown::render(dossier),
        Format::Json => json(dossier),
        Format::Html => html::render(dossier),
    }
}

pub fn json(dossier: &Dossier) -> String {
    let mut out = serde_json::to_string_pretty(dossier).expect("a dossier always serialises");
    out.push('\n');
    out
}

/// The line every renderer shows above generated sections: who wrote them and what the
/// grounding check made of them.
pub fn generated_note(generated: &crate::dossier::Generated) -> String {
    let g = &generated.grounding;
    let mut note = format!(
        "{} ({} model {}). Of {} sentence{} written, {} {} supported by the evidence cited",
        generated.label,
        generated.backend,
        generated.model,
        g.written,
        if g.written == 1 { "" } else { "s" },
        g.supported,
        if g.supported == 1 { "is" } else { "are" },
    );
    if g.model_knowledge > 0 {
        note.push_str(&format!(
            ", {} rest{} on the model's own knowledge (marked)",
            g.model_knowledge,
            if g.model_knowledge == 1 { "s" } else { "" }
        ));
    }
    if g.unsupported > 0 {
        note.push_str(&format!(
            ", {} {} unsupported and {}",
            g.unsupported,
            if g.unsupported == 1 { "was" } else { "were" },
            if g.policy == "drop" {
                "left out"
            } else {
                "marked"
            }
        ));
    }
    note.push('.');
    note
}

/// How a generated sentence's standing is shown after it; `None` for a supported one.
pub fn verdict_mark(sentence: &crate::dossier::GeneratedSentence) -> Option<String> {
    match sentence.verdict.as_str() {
        "supported" => None,
        "model_knowledge" => Some("model knowledge, not from the sources".to_string()),
        _ => Some(format!("unsupported: {}", sentence.problems.join("; "))),
    }
}

/// The heading of a generated section.
pub fn generated_heading(name: &str) -> String {
    let mut chars = name.chars();
    let title: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{title} (generated)")
}

/// Citation numbers: each distinct evidence span gets a number in order of first use.
#[derive(Default)]
pub struct Citations {
    numbers: BTreeMap<(usize, usize, usize), usize>,
    list: Vec<Evidence>,
}

impl Citations {
    /// The numbers for a list of evidence, registering new spans.
    pub fn cite(&mut self, evidence: &[Evidence]) -> Vec<usize> {
        evidence
            .iter()
            .map(|e| {
                let key = (e.article, e.start, e.end);
                if let Some(number) = self.numbers.get(&key) {
                    return *number;
                }
                self.list.push(e.clone());
                let number = self.list.len();
                self.numbers.insert(key, number);
                number
            })
            .collect()
    }

    /// Every cited span, numbered from 1.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Evidence)> {
        self.list.iter().enumerate().map(|(i, e)| (i + 1, e))
    }
}

/// Shortens a quote for display in a reference list.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':']))
}

/// "Coastline Daily, 2031-03-04" or the parts that exist.
pub fn source_line(dossier: &Dossier, article: usize) -> String {
    let entry = &dossier.articles[article];
    let mut parts = Vec::new();
    if let Some(outlet) = &entry.outlet {
        parts.push(outlet.clone());
    }
    if let Some(published) = &entry.published {
        parts.push(published.chars().take(10).collect());
    }
    parts.join(", ")
}

/// "12 mentions in 3 articles".
pub fn mention_summary(mentions: usize, articles: usize) -> String {
    format!(
        "{mentions} mention{} in {articles} article{}",
        if mentions == 1 { "" } else { "s" },
        if articles == 1 { "" } else { "s" }
    )
}

/// "Also published by Harbour Courier (2031-03-06), North Shore Gazette": the copies of an
/// article, empty when it has none.
pub fn also_published_by(dossier: &Dossier, article: usize) -> String {
    let copies = &dossier.articles[article].also_published_by;
    if copies.is_empty() {
        return String::new();
    }
    let names: Vec<String> = copies
        .iter()
        .map(|copy| {
            let name = copy
                .outlet
                .clone()
                .or_else(|| copy.url.clone())
                .unwrap_or_else(|| copy.origin.clone());
            match &copy.published {
                Some(date) => format!("{name} ({})", date.get(..10).unwrap_or(date)),
                None => name,
            }
        })
        .collect();
    format!("Also published by {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse() {
        assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!("HTML".parse::<Format>(), Ok(Format::Html));
        assert!("pdf"
            .parse::<Format>()
            .unwrap_err()
            .contains("use md, json or html"));
    }

    #[test]
    fn shortening_cuts_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(
            shorten("the harbor talks resumed today", 18),
            "the harbor talks…"
        );
    }
}
