//! Plain-text articles: the first non-empty line is the headline when it is shaped like
//! one; paragraphs are lines (or blank-line separated blocks when the file is hard-wrapped).

use super::clean::{self, is_headline_like, word_count, Cleaned, Line};
use crate::article::BlockKind;

/// What a plain-text article parses into before assembly.
#[derive(Debug, Default)]
pub struct Parsed {
    pub title: Option<String>,
    pub cleaned: Cleaned,
}

/// Parses normalised text (see [`super::normalize_text`]). `known_title` comes from
/// metadata (an NDJSON record); when it is given, a first line repeating it is dropped
/// instead of being read as a headline of its own.
pub fn parse(text: &str, known_title: Option<&str>) -> Parsed {
    let paragraphs = paragraphs(text);
    // A title may sit at the bottom or middle of a copied page, directly above a block
    // of metadata labels ("Date:", "By …", "Picture credit: …").
    let title_above_labels = paragraphs.iter().enumerate().find_map(|(i, p)| {
        let next = paragraphs.get(i + 1)?;
        // A label line ("Published: March 4, 2031") is headline-shaped but never the title.
        (i > 0 && is_headline_like(p) && word_count(p) >= 3 && !is_label(p) && is_label(next))
            .then_some(i)
    });
    let mut lines: Vec<Line> = paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_above_labels)
        .map(|(_, p)| Line::paragraph(p.as_str()))
        .collect();

    let mut cleaned = clean::clean(std::mem::take(&mut lines));
    let mut title = known_title.map(str::to_string);
    match (&title, cleaned.kept.first()) {
        (Some(known), Some(first)) if same_title(known, &first.text) => {
            cleaned.kept.remove(0);
        }
        (None, Some(first)) if is_headline_like(&first.text) && word_count(&first.text) >= 2 => {
            title = Some(cleaned.kept.remove(0).text);
        }
        _ => {}
    }
    if title.is_none() {
        title = title_above_labels.map(|i| paragraphs[i].clone());
    }
    mark_headings(&mut cleaned.kept);
    Parsed { title, cleaned }
}

fn is_label(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.starts_with("by ")
        || [
            "date",
            "published",
            "posted",
            "updated",
            "author",
            "source",
            "photo",
            "picture",
            "image",
            "credit",
        ]
        .iter()
        .any(|label| {
            lower.starts_with(label)
                && lower[label.len()..]
                    .trim_start_matches(|c: char| c.is_alphabetic() || c == ' ')
                    .starts_with(':')
        })
}

fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

/// Short headline-shaped lines between paragraphs are section headings.
fn mark_headings(lines: &mut [Line]) {
    let count = lines.len();
    // The last line is never a heading: nothing follows it.
    for line in lines.iter_mut().take(count.saturating_sub(1)) {
        let words = word_count(&line.text);
        let question = line.text.trim_end().ends_with('?');
        if is_headline_like(&line.text) && words <= if question { 8 } else { 12 } {
            line.kind = BlockKind::Heading;
        }
    }
}

/// Splits text into paragraphs, undoing hard wrapping and lines broken mid-sentence.
fn paragraphs(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let non_empty: Vec<&&str> = lines.iter().filter(|l| !l.is_empty()).collect();
    let has_blank_separators = lines.iter().any(|l| l.is_empty());
    let wrapped = non_empty
        .iter()
        .filter(|l| (55..=90).contains(&l.chars().count()))
        .count();
    let hard_wrapped =
        has_blank_separators && non_empty.len() >= 4 && wrapped * 10 >= non_empty.len() * 6;

    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if current.is_empty() {
            current.push_str(line);
        } else if hard_wrapped || continues(&current, line) {
            current.push(' ');
            current.push_str(line);
        } else {
            out.push(std::mem::replace(&mut current, line.to_string()));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Whether `next` continues the sentence that `current` leaves open.
fn continues(current: &str, next: &str) -> bool {
    let last = current.chars().last().unwrap_or('.');
    let next_first = next.chars().next().unwrap_or('A');
    if last == ',' || last == ';' {
        return true;
    }
    // A long line ending mid-word-flow followed by a lowercase start.
    last.is_alphabetic() && next_first.is_lowercase() && word_count(current) > 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parsed: &Parsed) -> Vec<(BlockKind, String)> {
        parsed
            .cleaned
            .kept
            .iter()
            .map(|l| (l.kind, l.text.clone()))
            .collect()
    }

    #[test]
    fn first_line_is_the_headline() {
        let parsed = parse(
            "Cranes Stop at Port Velmora\n\nThe strike began on Monday.\n",
            None,
        );
        assert_eq!(parsed.title.as_deref(), Some("Cranes Stop at Port Velmora"));
        assert_eq!(body(&parsed).len(), 1);
    }

    #[test]
    fn a_label_line_above_another_label_is_not_taken_for_the_title() {
        // Regression: the date line was taken for a "title above labels" and lost.
        let parsed = parse(
            "Velmora dockworkers strike over cranes\nPublished: March 4, 2031\nSource: Tidewire Syndicate\nCranes stood idle on Monday as the strike began.\n",
            None,
        );
        assert_eq!(
            parsed.title.as_deref(),
            Some("Velmora dockworkers strike over cranes")
        );
        assert!(parsed
            .cleaned
            .meta
            .contains(&(super::clean::MetaField::Published, "2031-03-04".to_string())));
    }

    #[test]
    fn a_long_first_paragraph_is_not_a_headline_but_a_title_above_labels_is() {
        let text = "The strike at Port Velmora entered its second week on Monday, with cranes idle and ships waiting offshore.\n\
                    Union leaders said talks would resume.\n\
                    Can the Harbor Deal Hold?\n\
                    Date:\n\
                    Photo credit: Lena Park\n";
        let parsed = parse(text, None);
        assert_eq!(parsed.title.as_deref(), Some("Can the Harbor Deal Hold?"));
        let texts: Vec<String> = body(&parsed).into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts.len(), 2);
        assert!(texts[0].starts_with("The strike at Port Velmora"));
    }

    #[test]
    fn a_known_title_replaces_a_repeated_first_line() {
        let parsed = parse("Cranes stop\nThe strike began.\n", Some("Cranes Stop"));
        assert_eq!(parsed.title.as_deref(), Some("Cranes Stop"));
        assert_eq!(body(&parsed).len(), 1);
    }

    #[test]
    fn lines_broken_after_a_comma_are_joined() {
        let parsed = parse(
            "Headline Here\nThe mayor met the union, the port authority,\nand the shipping firms on Tuesday.\nNext paragraph.",
            None,
        );
        let texts: Vec<String> = body(&parsed).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            texts[0],
            "The mayor met the union, the port authority, and the shipping firms on Tuesday."
        );
    }

    #[test]
    fn hard_wrapped_files_are_unwrapped() {
        let text = "Ferry Fares Rise\n\n\
            The ferry operator raised fares by nine percent on Friday, citing fuel\n\
            costs and the long dispute at the harbor that has delayed deliveries.\n\n\
            Commuters said the increase would hit families on the outer islands the\n\
            hardest, and the council promised to review the operator's licence.\n";
        let parsed = parse(text, None);
        let texts: Vec<String> = body(&parsed).into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts.len(), 2);
        assert!(texts[0].contains("fuel costs"));
    }

    #[test]
    fn short_lines_between_paragraphs_are_headings() {
        let parsed = parse(
            "Title of the Piece\nFirst paragraph here.\nWhat the union wants\nSecond paragraph.",
            None,
        );
        let kinds: Vec<BlockKind> = body(&parsed).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Paragraph,
                BlockKind::Heading,
                BlockKind::Paragraph
            ]
        );
    }
}
