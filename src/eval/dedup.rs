//! Near-duplicate detection measured on pairs built from real article text: each base
//! article is paired with copies of itself edited the ways wire copies are (a new
//! headline and dateline, trimmed, extended with local paragraphs, reworded), which must
//! be found, and with other articles of the same story, which must not.
//!
//! The bases are this repository's own invented corpus (`corpus/`, the default) or, with
//! `--data`, Timeline17's articles (many articles per story, so many hard negatives).
//! Timeline17 is a crawl and holds some real republished copies, so a flagged "negative"
//! there may be a true copy: the worst are listed for inspection.

use crate::dedup;
use crate::eval::metrics::{sorted_entries, SplitMix64};
use std::collections::BTreeMap;
use std::path::Path;

/// A base article: its name, story, and clean text.
pub struct Base {
    pub name: String,
    pub story: String,
    pub text: String,
}

/// The edits applied to make copies.
pub const EDITS: &[&str] = &["wire", "trim", "extend", "reword", "combined"];

/// One scored pair.
pub struct Pair {
    pub left: String,
    pub right: String,
    /// The edit for a copy; `None` for two different articles.
    pub edit: Option<&'static str>,
    pub flagged: bool,
    pub resemblance: f64,
}

pub struct Report {
    pub pairs: Vec<Pair>,
    pub bases: usize,
}

impl Report {
    pub fn counts(&self) -> (usize, usize, usize) {
        let tp = self
            .pairs
            .iter()
            .filter(|p| p.edit.is_some() && p.flagged)
            .count();
        let fp = self
            .pairs
            .iter()
            .filter(|p| p.edit.is_none() && p.flagged)
            .count();
        let fn_ = self
            .pairs
            .iter()
            .filter(|p| p.edit.is_some() && !p.flagged)
            .count();
        (tp, fp, fn_)
    }

    /// Recall of each edit, in [`EDITS`] order.
    pub fn recall_by_edit(&self) -> Vec<(&'static str, usize, usize)> {
        EDITS
            .iter()
            .map(|edit| {
                let of_edit: Vec<&Pair> =
                    self.pairs.iter().filter(|p| p.edit == Some(edit)).collect();
                (
                    *edit,
                    of_edit.iter().filter(|p| p.flagged).count(),
                    of_edit.len(),
                )
            })
            .collect()
    }
}

/// Texts of the repository's invented corpus (every folder under `corpus/` is a story).
pub fn repository_bases() -> Result<Vec<Base>, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut bases = Vec::new();
    let stories = sorted_entries(&root, Path::is_dir)?;
    for story in stories {
        let name = story
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let options = crate::ingest::IngestOptions::default();
        for source in crate::ingest::collect(&[story.display().to_string()], &options)
            .into_iter()
            .flatten()
        {
            if let Ok(article) = crate::extract::extract(&source, &Default::default()) {
                bases.push(Base {
                    name: article.origin.clone(),
                    story: name.clone(),
                    text: article.text,
                });
            }
        }
    }
    Ok(bases)
}

/// Up to `per_story` articles of each Timeline17 topic, in a seeded order.
pub fn timeline17_bases(dir: &Path, per_story: usize, seed: u64) -> Result<Vec<Base>, String> {
    let docs = crate::eval::cluster::load_timeline17(dir)?;
    let mut by_story: BTreeMap<String, Vec<Base>> = BTreeMap::new();
    for doc in docs {
        let story = doc
            .labels
            .first()
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&doc.source.bytes).to_string();
        by_story.entry(story.clone()).or_default().push(Base {
            name: doc.name,
            story,
            text,
        });
    }
    let mut random = SplitMix64::new(seed);
    let mut bases = Vec::new();
    for (_, mut docs) in by_story {
        random.shuffle(&mut docs);
        bases.extend(docs.into_iter().take(per_story));
    }
    Ok(bases)
}

const FILLER: &[&str] = &[
    "officials",
    "reported",
    "later",
    "several",
    "residents",
    "local",
    "statement",
    "region",
    "meanwhile",
    "according",
    "sources",
    "week",
];

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        if word.ends_with(['.', '!', '?']) && word.len() > 3 {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// An edited copy of `text`, as a republishing outlet would make it.
pub fn edit(text: &str, edit: &str, random: &mut SplitMix64) -> String {
    let mut parts = sentences(text);
    let reword = |parts: &mut Vec<String>, share: u64, random: &mut SplitMix64| {
        for sentence in parts.iter_mut() {
            *sentence = sentence
                .split_whitespace()
                .map(|w| {
                    if (random.below(100) as u64) < share {
                        FILLER[random.below(FILLER.len())].to_string()
                    } else {
                        w.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
        }
    };
    let wire = |parts: &mut Vec<String>| {
        if let Some(first) = parts.first_mut() {
            *first = format!("NORTH HARBOUR (Tidewire) — {first}");
        }
        parts.insert(
            0,
            "Updated: officials respond as the story develops".to_string(),
        );
        parts.push("Reporting by Mara Lind; editing by Joel Amsel.".to_string());
    };
    let trim = |parts: &mut Vec<String>| {
        let keep = (parts.len() * 6).div_ceil(10).max(1);
        parts.truncate(keep);
    };
    match edit {
        "wire" => wire(&mut parts),
        "trim" => trim(&mut parts),
        "extend" => {
            let middle = parts.len() / 2;
            parts.insert(
                middle,
                "Residents of the harbour district told this newspaper they had followed the events closely. \
                 A community meeting is planned for next week at the old library."
                    .to_string(),
            );
            parts.push("This article includes reporting from our regional desk.".to_string());
        }
        "reword" => reword(&mut parts, 8, random),
        "combined" => {
            wire(&mut parts);
            trim(&mut parts);
            reword(&mut parts, 3, random);
        }
        other => unreachable!("unknown edit {other}"),
    }
    parts.join(" ")
}

/// Scores every base against its edited copies and against the other bases of its story
/// (at most `negatives_per_base` of them, the most alike first), and each copy
/// against another article of its story.
pub fn run(bases: &[Base], negatives_per_base: usize, seed: u64) -> Report {
    let mut random = SplitMix64::new(seed);
    let prints: Vec<dedup::CopyPrint> = bases
        .iter()
        .map(|b| dedup::CopyPrint::of(&b.text))
        .collect();
    let mut pairs = Vec::new();
    let judge = |a: &dedup::CopyPrint, b: &dedup::CopyPrint| {
        let verdict = dedup::is_copy(a, b);
        (
            verdict.is_some(),
            dedup::overlap(&a.shingles, &b.shingles).0,
        )
    };
    for (i, base) in bases.iter().enumerate() {
        if prints[i].shingles.len() < dedup::MIN_SHINGLES {
            continue;
        }
        let others: Vec<usize> = {
            let mut others: Vec<usize> = (0..bases.len())
                .filter(|&j| j != i && bases[j].story == base.story)
                .collect();
            // The hardest negatives first: those whose signatures agree most.
            others.sort_by_key(|&j| {
                let agreement =
                    dedup::estimated_resemblance(&prints[i].signature, &prints[j].signature);
                (std::cmp::Reverse((agreement * 1000.0) as u64), j)
            });
            others.truncate(negatives_per_base);
            others
        };
        for edit_name in EDITS {
            let copy = edit(&base.text, edit_name, &mut random);
            let copy_print = dedup::CopyPrint::of(&copy);
            let (flagged, resemblance) = judge(&prints[i], &copy_print);
            pairs.push(Pair {
                left: base.name.clone(),
                right: format!("{} ({edit_name})", base.name),
                edit: Some(edit_name),
                flagged,
                resemblance,
            });
            if let Some(&other) = others.first() {
                let (flagged, resemblance) = judge(&prints[other], &copy_print);
                pairs.push(Pair {
                    left: bases[other].name.clone(),
                    right: format!("{} ({edit_name})", base.name),
                    edit: None,
                    flagged,
                    resemblance,
                });
            }
        }
        for &j in others.iter().filter(|&&j| j > i) {
            let (flagged, resemblance) = judge(&prints[i], &prints[j]);
            pairs.push(Pair {
                left: base.name.clone(),
                right: bases[j].name.clone(),
                edit: None,
                flagged,
                resemblance,
            });
        }
    }
    Report {
        pairs,
        bases: bases.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_corpus_copies_are_found_and_distinct_articles_are_not() {
        let bases = repository_bases().unwrap();
        assert!(bases.len() >= 5);
        let report = run(&bases, 10, 7);
        let (tp, fp, fn_) = report.counts();
        assert_eq!(fp, 0, "distinct articles flagged as copies");
        assert_eq!(
            fn_,
            0,
            "copies missed: {:?}",
            report
                .pairs
                .iter()
                .filter(|p| p.edit.is_some() && !p.flagged)
                .map(|p| &p.right)
                .collect::<Vec<_>>()
        );
        assert!(tp >= bases.len() * EDITS.len() - EDITS.len());
    }

    #[test]
    fn edits_change_the_text_the_intended_way() {
        let text = "One two three four. Five six seven eight. Nine ten eleven twelve. Thirteen fourteen fifteen sixteen. Seventeen eighteen nineteen twenty.";
        let mut random = SplitMix64::new(1);
        assert!(edit(text, "wire", &mut random).contains("(Tidewire) — One two"));
        assert_eq!(
            edit(text, "trim", &mut random),
            "One two three four. Five six seven eight. Nine ten eleven twelve."
        );
        assert!(edit(text, "extend", &mut random).len() > text.len() + 100);
    }
}
