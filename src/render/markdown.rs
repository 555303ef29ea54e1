//! Markdown: the dossier as a readable document; citations are footnotes (`[^3]`) whose
//! definitions at the end quote the cited words and name the article.

use super::{
    generated_heading, generated_note, mention_summary, shorten, source_line, verdict_mark,
    Citations,
};
use crate::dossier::{Dossier, Evidence};
use std::fmt::Write;

/// Escapes Markdown syntax in source text so that it renders as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn refs(citations: &mut Citations, evidence: &[Evidence]) -> String {
    citations
        .cite(evidence)
        .iter()
        .map(|n| format!("[^{n}]"))
        .collect()
}

pub fn render(dossier: &Dossier) -> String {
    let mut c = Citations::default();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# {} {}",
        escape(&dossier.headline.text),
        refs(&mut c, &dossier.headline.evidence)
    );
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "*{}* {}",
        escape(&dossier.dek.text),
        refs(&mut c, &dossier.dek.evidence)
    );
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "> Story dossier built by newsdesk from {}. Every line is taken from the sources and cites them; the numbers lead to the quoted words.",
        escape(dossier.coverage.text.split('.').next().unwrap_or_default())
    );

    if !dossier.overview.is_empty() {
        let _ = writeln!(w, "\n## Overview\n");
        let sentences: Vec<String> = dossier
            .overview
            .iter()
            .map(|item| format!("{} {}", escape(&item.text), refs(&mut c, &item.evidence)))
            .collect();
        let _ = writeln!(w, "{}", sentences.join(" "));
    }

    if !dossier.key_indicators.is_empty() {
        let _ = writeln!(w, "\n## Key indicators\n");
        for indicator in &dossier.key_indicators {
            let single = if indicator.single_source {
                " *(single source)*"
            } else {
                ""
            };
            let _ = writeln!(
                w,
                "- **{}** — {}{} {}",
                escape(&indicator.text),
                escape(&indicator.label),
                single,
                refs(&mut c, &indicator.evidence)
            );
            let _ = writeln!(w, "  - Why it matters: {}", escape(&indicator.context));
        }
    }

    if !dossier.people.is_empty() {
        let _ = writeln!(w, "\n## People\n");
        for person in &dossier.people {
            let role = person
                .role
                .as_deref()
                .map(|r| format!(" — {}", escape(r)))
                .unwrap_or_default();
            let aliases = if person.aliases.is_empty() {
                String::new()
            } else {
                format!(" Also written: {}.", escape(&person.aliases.join(", ")))
            };
            let _ = writeln!(
                w,
                "- **{}**{}. {}.{} {}",
                escape(&person.name),
                role,
                mention_summary(person.mentions, person.articles.len()),
                aliases,
                refs(&mut c, &person.evidence)
            );
            let _ = writeln!(w, "  - {}", escape(&person.text));
        }
    }

    if !dossier.organizations.is_empty() {
        let _ = writeln!(w, "\n## Organizations\n");
        for org in &dossier.organizations {
            let aliases = if org.aliases.is_empty() {
                String::new()
            } else {
                format!(" Also written: {}.", escape(&org.aliases.join(", ")))
            };
            let _ = writeln!(
                w,
                "- **{}** ({}). {}.{} {}",
                escape(&org.name),
                escape(&org.kind),
                mention_summary(org.mentions, org.articles.len()),
                aliases,
                refs(&mut c, &org.evidence)
            );
            if let Some(stance) = &org.stance {
                let statements: Vec<String> = stance
                    .statements
                    .iter()
                    .map(|s| {
                        let act = format!("{} {}", s.verb, s.toward);
                        format!("{} {}", escape(act.trim()), refs(&mut c, &s.evidence))
                    })
                    .collect();
                let _ = writeln!(
                    w,
                    "  - Stance: {} — {}",
                    escape(&stance.position),
                    statements.join("; ")
                );
            }
        }
    }

    if !dossier.places.is_empty() {
        let _ = writeln!(w, "\n## Places\n");
        let places: Vec<String> = dossier
            .places
            .iter()
            .map(|p| {
                format!(
                    "**{}** ({}) {}",
                    escape(&p.name),
                    p.mentions,
                    refs(&mut c, &p.evidence)
                )
            })
            .collect();
        let _ = writeln!(w, "{}", places.join(" · "));
    }

    if !dossier.timeline.is_empty() {
        let _ = writeln!(w, "\n## Timeline\n");
        for entry in &dossier.timeline {
            let when = match &entry.date {
                Some(date) if !date.is_empty() => {
                    format!("**{}** ({})", escape(date), escape(&entry.expression))
                }
                _ => format!(
                    "**{}** (no calendar date in the sources)",
                    escape(&entry.expression)
                ),
            };
            let single = if entry.single_source {
                " *(single source)*"
            } else {
                ""
            };
            let _ = writeln!(
                w,
                "- {} · *{}* — {}{} {}",
                when,
                escape(&entry.category),
                escape(&entry.text),
                single,
                refs(&mut c, &entry.evidence)
            );
        }
    }

    if !dossier.perspectives.is_empty() {
        let _ = writeln!(w, "\n## Perspectives\n");
        let grouped = dossier.perspectives.iter().any(|p| p.side.is_some());
        let mut group: Option<Option<&str>> = None;
        for perspective in &dossier.perspectives {
            let side = perspective.side.as_ref().map(|s| s.name.as_str());
            if grouped && group != Some(side) {
                let _ = writeln!(w, "### {}\n", escape(side.unwrap_or("Other voices")));
                group = Some(side);
            }
            let role = perspective
                .role
                .as_deref()
                .map(|r| format!(", {}", escape(r)))
                .unwrap_or_default();
            let outlet = perspective
                .outlet
                .as_deref()
                .map(|o| format!(" ({})", escape(o)))
                .unwrap_or_default();
            let side = perspective
                .side
                .as_ref()
                .map(|s| {
                    format!(
                        " · on this side as “{}” {}",
                        escape(&s.basis),
                        refs(&mut c, &s.evidence)
                    )
                })
                .unwrap_or_default();
            let contradiction = if perspective.contradicts.is_some() {
                "\n> *Contradicts their earlier words above.*"
            } else {
                ""
            };
            let _ = writeln!(w, "> “{}”", escape(&perspective.quote));
            let inferred = if perspective.inferred {
                " · speaker inferred from context"
            } else {
                ""
            };
            let _ = writeln!(
                w,
                "> — **{}**{}{}{} {}{}{}\n",
                escape(&perspective.speaker),
                role,
                outlet,
                inferred,
                refs(&mut c, &perspective.evidence),
                side,
                contradiction
            );
        }
    }

    if !dossier.disagreements.is_empty() {
        let _ = writeln!(w, "\n## Where the sources disagree\n");
        for disagreement in &dossier.disagreements {
            let _ = writeln!(
                w,
                "### {} ({})\n",
                escape(&disagreement.subject),
                escape(&disagreement.kind)
            );
            for claim in &disagreement.claims {
                let sources: Vec<String> = claim
                    .articles
                    .iter()
                    .map(|a| {
                        let line = source_line(dossier, *a);
                        if line.is_empty() {
                            format!("article {}", a + 1)
                        } else {
                            format!("article {} ({})", a + 1, line)
                        }
                    })
                    .collect();
                let _ = writeln!(
                    w,
                    "- **{}** — {} {}",
                    escape(&claim.text),
                    escape(&sources.join("; ")),
                    refs(&mut c, &claim.evidence)
                );
            }
            let _ = writeln!(w);
        }
    }

    if !dossier.scenarios.is_empty() {
        let _ = writeln!(w, "\n## Scenarios\n");
        for scenario in &dossier.scenarios {
            let _ = writeln!(
                w,
                "- {} *Raised by {}.* {}",
                escape(&scenario.text),
                escape(&scenario.discussed_by.join(", ")),
                refs(&mut c, &scenario.evidence)
            );
        }
    }

    if !dossier.background.is_empty() {
        let _ = writeln!(w, "\n## Background\n");
        for item in &dossier.background {
            let when = match (&item.date, &item.expression) {
                (Some(date), Some(expression)) => {
                    format!("**{}** ({}) — ", escape(date), escape(expression))
                }
                (None, Some(expression)) => format!("**{}** — ", escape(expression)),
                _ => String::new(),
            };
            let _ = writeln!(
                w,
                "- {}{} {}",
                when,
                escape(&item.text),
                refs(&mut c, &item.evidence)
            );
        }
    }

    if let Some(generated) = &dossier.generated {
        let _ = writeln!(w, "\n## Written by a language model\n");
        let _ = writeln!(w, "> **Generated.** {}", escape(&generated_note(generated)));
        for section in &generated.sections {
            let _ = writeln!(w, "\n### {}\n", generated_heading(&section.name));
            for sentence in &section.sentences {
                let mark = verdict_mark(sentence)
                    .map(|m| format!(" *({})*", escape(&m)))
                    .unwrap_or_default();
                let _ = writeln!(
                    w,
                    "- {}{} {}",
                    escape(&sentence.text),
                    mark,
                    refs(&mut c, &sentence.evidence)
                );
            }
            if let Some(error) = &section.error {
                let _ = writeln!(w, "*Not written: {}*", escape(error));
            } else if section.sentences.is_empty() {
                let _ = writeln!(w, "*Nothing written here passed the check.*");
            }
        }
    }

    let _ = writeln!(w, "\n## Coverage\n");
    let _ = writeln!(
        w,
        "{} {}\n",
        escape(&dossier.coverage.text),
        refs(&mut c, &dossier.coverage.evidence)
    );
    let _ = writeln!(w, "| # | Title | Outlet | Published | Words |");
    let _ = writeln!(w, "|---|---|---|---|---|");
    for article in &dossier.articles {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            article.index + 1,
            escape(&article.title),
            escape(article.outlet.as_deref().unwrap_or("—")),
            escape(article.published.as_deref().unwrap_or("—")),
            article.words
        );
    }
    for article in &dossier.articles {
        let copies = super::also_published_by(dossier, article.index);
        if !copies.is_empty() {
            let _ = writeln!(w, "\nArticle {}: {}.", article.index + 1, escape(&copies));
        }
    }

    let _ = writeln!(w, "\n## Sources\n");
    for (number, evidence) in c.entries() {
        let article = &dossier.articles[evidence.article];
        let line = source_line(dossier, evidence.article);
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" ({})", escape(&line))
        };
        let _ = writeln!(
            w,
            "[^{number}]: Article {}, “{}”{}, sentence {}: “{}”",
            evidence.article + 1,
            escape(&shorten(&article.title, 90)),
            line,
            evidence.sentence + 1,
            escape(&shorten(&evidence.quote, 220))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markdown_syntax() {
        assert_eq!(
            escape("a *b* [c](d) <e> #f |g|"),
            "a \\*b\\* \\[c\\](d) \\<e\\> \\#f \\|g\\|"
        );
    }
}
