//! HTML: one self-contained page. No scripts, fonts or external files; every piece of
//! source text goes through maud's escaping. Citations are numbered links to a reference
//! list, and each reference links to the cited sentence inside the full article text at
//! the end of the page, where CSS `:target` highlights it.

use super::{
    generated_heading, generated_note, mention_summary, shorten, source_line, verdict_mark,
    Citations,
};
use crate::dossier::{Dossier, Evidence};
use maud::{html, Markup, PreEscaped, DOCTYPE};

pub const STYLE: &str = r#"
:root{--bg:#fbfaf7;--fg:#1d1d1f;--muted:#5f6368;--rule:#e3e0d8;--card:#ffffff;--accent:#9a3412;--mark:#fde68a;--chip:#f1efe9}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e8e6e3;--muted:#a0a4aa;--rule:#2c3036;--card:#1c1f23;--accent:#f0a36b;--mark:#5b4a12;--chip:#262a30}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.6 Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1.1rem 4rem}
a{color:var(--accent)}
header h1{font-size:2.1rem;line-height:1.2;margin:.3rem 0 .6rem}
.kicker,.meta,nav,.cite,.chip,table,.refs,.label,time{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.kicker{color:var(--muted);font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;margin:0}
.dek{font-size:1.2rem;color:var(--muted);margin:0 0 1rem}
nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem;font-size:.85rem;border-top:1px solid var(--rule);border-bottom:1px solid var(--rule);padding:.5rem 0;margin-bottom:1.5rem}
nav a{text-decoration:none}
h2{font-size:1.35rem;border-bottom:2px solid var(--fg);padding-bottom:.2rem;margin-top:2.4rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.cite{font-size:.7rem;vertical-align:super;line-height:0;margin-left:.1rem;white-space:nowrap}
.cite a{text-decoration:none}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.8rem}
.card{background:var(--card);border:1px solid var(--rule);border-radius:.5rem;padding:.8rem 1rem}
.card h3{margin:0 0 .2rem}
.figure{font-size:1.6rem;font-weight:700;line-height:1.2}
.label{font-size:.9rem;color:var(--muted)}
.meta{font-size:.8rem;color:var(--muted)}
.chip{display:inline-block;font-size:.72rem;background:var(--chip);border-radius:1rem;padding:.05rem .55rem;margin-right:.3rem}
.single{color:var(--accent)}
ol.timeline{list-style:none;padding:0;border-left:3px solid var(--rule);margin-left:.4rem}
ol.timeline li{position:relative;padding:0 0 1rem 1.2rem}
ol.timeline li::before{content:"";position:absolute;left:-.55rem;top:.45rem;width:.75rem;height:.75rem;border-radius:50%;background:var(--accent)}
time{font-weight:700;font-size:.9rem}
blockquote{margin:1rem 0;padding:.2rem 0 .2rem 1rem;border-left:3px solid var(--accent)}
blockquote p{margin:.2rem 0;font-size:1.05rem}
blockquote footer{font-size:.9rem;color:var(--muted)}
.claims{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.8rem}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{text-align:left;border-bottom:1px solid var(--rule);padding:.3rem .4rem;vertical-align:top}
.refs{font-size:.85rem;padding-left:1.6rem}
.refs li{margin-bottom:.35rem}
.refs li:target{background:var(--mark)}
.article p,.article h3,.article h4{margin:.5rem 0}
.article span:target{background:var(--mark);outline:2px solid var(--accent)}
details{background:var(--card);border:1px solid var(--rule);border-radius:.5rem;padding:.5rem 1rem;margin:.6rem 0}
summary{cursor:pointer;font-weight:600}
.site{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:.9rem;margin-bottom:1.2rem}
.site .brand{font-weight:700;text-decoration:none;color:var(--fg);letter-spacing:.02em}
form.search{display:flex;gap:.4rem;flex:1;min-width:12rem}
form.search input{flex:1;min-width:0;font:inherit;padding:.35rem .6rem;border:1px solid var(--rule);border-radius:.4rem;background:var(--card);color:var(--fg)}
form.search button{font:inherit;padding:.35rem .8rem;border:1px solid var(--accent);background:var(--accent);color:var(--bg);border-radius:.4rem;cursor:pointer}
mark{background:var(--mark);color:inherit;padding:0 .1rem}
.row{display:grid;grid-template-columns:1fr auto;gap:.3rem 1rem;align-items:end}
.row h3 a{text-decoration:none}
.row p{margin:.2rem 0}
svg.spark{display:block}
svg.spark rect{fill:var(--accent)}
svg.spark line{stroke:var(--rule)}
.filters{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:.85rem;margin:0 0 1rem}
.filters a{text-decoration:none}
.filters .chip.on{background:var(--accent);color:var(--bg)}
.pager{display:flex;justify-content:space-between;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:.9rem;margin-top:1.2rem}
.hits{list-style:none;padding:0}
.hits li{margin:0 0 1rem}
.article-text span.cited{background:var(--mark);outline:2px solid var(--accent)}
.generated{border-left:4px dashed var(--accent);padding-left:1rem}
.generated-note{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:.9rem}
.generated li[data-verdict=unsupported]{opacity:.7}
.wide{overflow-x:auto}
td{overflow-wrap:anywhere}
@media (max-width:36rem){header h1{font-size:1.6rem}body{font-size:16px}.row{grid-template-columns:1fr}#coverage th:nth-child(5),#coverage td:nth-child(5){display:none}}
"#;

fn cite(citations: &mut Citations, evidence: &[Evidence]) -> Markup {
    let numbers = citations.cite(evidence);
    html! {
        span.cite {
            "["
            @for (i, number) in numbers.iter().enumerate() {
                @if i > 0 { "," }
                a href={ "#ref-" (number) } title="Show the source" { (number) }
            }
            "]"
        }
    }
}

/// Links only web addresses; anything else (`javascript:`, `data:`) is shown as text.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url.trim())
}

pub fn render(dossier: &Dossier) -> String {
    render_page(dossier, None).into_string()
}

/// The page; `nav_extra` adds links (the web server's "all stories" link).
pub fn render_page(dossier: &Dossier, nav_extra: Option<Markup>) -> Markup {
    render_with(dossier, nav_extra, false)
}

/// The page as the web server serves it: as [`render_page`], and each reference also
/// opens its sentence highlighted on the article's own page, and people and organizations
/// link to their pages across stories.
pub fn render_served(dossier: &Dossier, nav_extra: Option<Markup>) -> Markup {
    render_with(dossier, nav_extra, true)
}

fn render_with(dossier: &Dossier, nav_extra: Option<Markup>, served: bool) -> Markup {
    let mut c = Citations::default();
    // Sections are rendered in order so that citation numbers follow reading order.
    let header = html! {
        header {
            p.kicker { "Story dossier · " (dossier.coverage.article_count) " articles" }
            h1 { (dossier.headline.text) (cite(&mut c, &dossier.headline.evidence)) }
            p.dek { (dossier.dek.text) (cite(&mut c, &dossier.dek.evidence)) }
        }
    };
    let overview = (!dossier.overview.is_empty()).then(|| html! {
        section #overview {
            h2 { "Overview" }
            p { @for item in &dossier.overview { (item.text) (cite(&mut c, &item.evidence)) " " } }
        }
    });
    let indicators = (!dossier.key_indicators.is_empty()).then(|| {
        html! {
            section #indicators {
                h2 { "Key indicators" }
                div.cards {
                    @for indicator in &dossier.key_indicators {
                        article.card {
                            div.figure { (indicator.text) }
                            div.label { (indicator.label) }
                            p { (indicator.context) (cite(&mut c, &indicator.evidence)) }
                            @if indicator.single_source { div.meta.single { "single source" } }
                        }
                    }
                }
            }
        }
    });
    let people = (!dossier.people.is_empty()).then(|| html! {
        section #people {
            h2 { "People" }
            div.cards {
                @for person in &dossier.people {
                    article.card id={ "person-" (person.id) } {
                        h3 {
                            @if served { a href={ "/entities/" (person.id) } { (person.name) } }
                            @else { (person.name) }
                        }
                        @if let Some(role) = &person.role { div.label { (role) } }
                        div.meta {
                            (mention_summary(person.mentions, person.articles.len()))
                            @if !person.aliases.is_empty() { " · also " (person.aliases.join(", ")) }
                        }
                        p { (person.text) (cite(&mut c, &person.evidence)) }
                    }
                }
            }
        }
    });
    let organizations = (!dossier.organizations.is_empty()).then(|| {
        html! {
            section #organizations {
                h2 { "Organizations" }
                div.cards {
                    @for org in &dossier.organizations {
                        article.card id={ "org-" (org.id) } {
                            h3 {
                                @if served { a href={ "/entities/" (org.id) } { (org.name) } }
                                @else { (org.name) }
                            }
                            span.chip { (org.kind) }
                            div.meta {
                                (mention_summary(org.mentions, org.articles.len()))
                                @if !org.aliases.is_empty() { " · also " (org.aliases.join(", ")) }
                            }
                            p { (org.text) (cite(&mut c, &org.evidence)) }
                            @if let Some(stance) = &org.stance {
                                p.stance {
                                    span.chip { (stance.position) }
                                    @for (i, s) in stance.statements.iter().enumerate() {
                                        @if i > 0 { "; " }
                                        (s.verb) " " (s.toward) (cite(&mut c, &s.evidence))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    });
    let places = (!dossier.places.is_empty()).then(|| html! {
        section #places {
            h2 { "Places" }
            p {
                @for place in &dossier.places {
                    span.chip { (place.name) " · " (place.mentions) } (cite(&mut c, &place.evidence)) " "
                }
            }
        }
    });
    let timeline = (!dossier.timeline.is_empty()).then(|| html! {
        section #timeline {
            h2 { "Timeline" }
            ol.timeline {
                @for entry in &dossier.timeline {
                    li {
                        @match &entry.date {
                            Some(date) => { time datetime=(date) { (date) } " · " (entry.expression) }
                            None => { time { (entry.expression) } span.meta { " (no calendar date in the sources)" } }
                        }
                        " " span.chip { (entry.category) }
                        @if entry.single_source { span.chip.single { "single source" } }
                        p { (entry.text) (cite(&mut c, &entry.evidence)) }
                    }
                }
            }
        }
    });
    let grouped = dossier.perspectives.iter().any(|p| p.side.is_some());
    let side_name = |index: usize| {
        dossier.perspectives[index]
            .side
            .as_ref()
            .map(|s| s.name.as_str())
    };
    let starts_group = |index: usize| index == 0 || side_name(index) != side_name(index - 1);
    let perspectives = (!dossier.perspectives.is_empty()).then(|| {
        html! {
            section #perspectives {
                h2 { "Perspectives" }
                @for (index, perspective) in dossier.perspectives.iter().enumerate() {
                    @if grouped && starts_group(index) {
                        h3 { (perspective.side.as_ref().map_or("Other voices", |s| s.name.as_str())) }
                    }
                    blockquote {
                        p { "“" (perspective.quote) "”" }
                        footer {
                            "— " strong { (perspective.speaker) }
                            @if let Some(role) = &perspective.role { ", " (role) }
                            @if let Some(outlet) = &perspective.outlet { " (" (outlet) ")" }
                            @if perspective.inferred { " " span.meta { "· speaker inferred from context" } }
                            (cite(&mut c, &perspective.evidence))
                            @if let Some(side) = &perspective.side {
                                span.meta { " · on this side as “" (side.basis) "”" (cite(&mut c, &side.evidence)) }
                            }
                            @if perspective.contradicts.is_some() {
                                " " span.chip.single { "contradicts their earlier words above" }
                            }
                        }
                    }
                }
            }
        }
    });
    let disagreements = (!dossier.disagreements.is_empty()).then(|| {
        html! {
            section #disagreements {
                h2 { "Where the sources disagree" }
                @for disagreement in &dossier.disagreements {
                    h3 { (disagreement.subject) " " span.chip { (disagreement.kind) } }
                    div.claims {
                        @for claim in &disagreement.claims {
                            div.card {
                                div.figure { (claim.text) }
                                div.meta {
                                    @for (i, article) in claim.articles.iter().enumerate() {
                                        @if i > 0 { "; " }
                                        "article " (article + 1)
                                        @let line = source_line(dossier, *article);
                                        @if !line.is_empty() { " (" (line) ")" }
                                    }
                                    (cite(&mut c, &claim.evidence))
                                }
                            }
                        }
                    }
                }
            }
        }
    });
    let scenarios = (!dossier.scenarios.is_empty()).then(|| {
        html! {
            section #scenarios {
                h2 { "Scenarios" }
                ul {
                    @for scenario in &dossier.scenarios {
                        li {
                            (scenario.text) (cite(&mut c, &scenario.evidence))
                            div.meta { "Raised by " (scenario.discussed_by.join(", ")) }
                        }
                    }
                }
            }
        }
    });
    let background = (!dossier.background.is_empty()).then(|| html! {
        section #background {
            h2 { "Background" }
            ul {
                @for item in &dossier.background {
                    li {
                        @if let Some(date) = &item.date { time datetime=(date) { (date) } " — " }
                        @else if let Some(expression) = &item.expression { time { (expression) } " — " }
                        (item.text) (cite(&mut c, &item.evidence))
                    }
                }
            }
        }
    });
    let generated = dossier.generated.as_ref().map(|generated| {
        html! {
            section #generated.generated data-generated="true" {
                h2 { "Written by a language model" }
                p.generated-note { strong { "Generated. " } (generated_note(generated)) }
                @for section in &generated.sections {
                    h3 { (generated_heading(&section.name)) }
                    ul {
                        @for sentence in &section.sentences {
                            li data-verdict=(sentence.verdict) {
                                (sentence.text)
                                @if let Some(mark) = verdict_mark(sentence) { " " em.verdict { "(" (mark) ")" } }
                                @if !sentence.evidence.is_empty() { (cite(&mut c, &sentence.evidence)) }
                            }
                        }
                    }
                    @if let Some(error) = &section.error { p.meta { "Not written: " (error) } }
                    @else if section.sentences.is_empty() { p.meta { "Nothing written here passed the check." } }
                }
            }
        }
    });
    let coverage = html! {
        section #coverage {
            h2 { "Coverage" }
            p { (dossier.coverage.text) (cite(&mut c, &dossier.coverage.evidence)) }
            div.wide { table {
                thead { tr { th { "#" } th { "Title" } th { "Outlet" } th { "Published" } th { "Words" } } }
                tbody {
                    @for article in &dossier.articles {
                        tr {
                            td { (article.index + 1) }
                            td {
                                a href={ "#article-" (article.index) } { (article.title) }
                                @if let Some(url) = article.url.as_deref().and_then(safe_url) {
                                    " " a.meta href=(url) rel="noopener noreferrer nofollow" { "(original)" }
                                } @else if let Some(url) = &article.url {
                                    div.meta { (url) }
                                }
                            }
                            td { (article.outlet.as_deref().unwrap_or("—")) }
                            td { (article.published.as_deref().unwrap_or("—")) }
                            td { (article.words) }
                        }
                    }
                }
            } }
        }
    };
    let sources = html! {
        section #sources {
            h2 { "Sources" }
            ol.refs {
                @for (number, evidence) in c.entries() {
                    li id={ "ref-" (number) } {
                        a href={ "#a" (evidence.article) "-s" (evidence.sentence) } {
                            "Article " (evidence.article + 1) ", sentence " (evidence.sentence + 1)
                        }
                        ": “" (shorten(&evidence.quote, 260)) "”"
                        @if served {
                            @if let Some(article) = dossier.articles.get(evidence.article) {
                                " " a.meta href={ "/articles/" (article.id) "?s=" (evidence.sentence) "#s" (evidence.sentence) } { "open in article" }
                            }
                        }
                    }
                }
            }
        }
    };
    let articles = html! {
        section #articles {
            h2 { "Articles" }
            @for article in &dossier.articles {
                details.article id={ "article-" (article.index) } open {
                    summary {
                        (article.index + 1) ". " (article.title)
                        @let line = source_line(dossier, article.index);
                        @if !line.is_empty() { span.meta { " — " (line) } }
                    }
                    @let copies = super::also_published_by(dossier, article.index);
                    @if !copies.is_empty() { p.copies { (copies) } }
                    (article_body(dossier, article.index))
                }
            }
        }
    };
    let has = |present: bool, id: &str, label: &str| -> Markup {
        html! { @if present { a href={ "#" (id) } { (label) } } }
    };
    page(
        &dossier.headline.text,
        html! {
                        @if let Some(extra) = nav_extra { (extra) }
                        (header)
                        nav {
                            (has(!dossier.overview.is_empty(), "overview", "Overview"))
                            (has(!dossier.key_indicators.is_empty(), "indicators", "Figures"))
                            (has(!dossier.people.is_empty(), "people", "People"))
                            (has(!dossier.organizations.is_empty(), "organizations", "Organizations"))
                            (has(!dossier.timeline.is_empty(), "timeline", "Timeline"))
                            (has(!dossier.perspectives.is_empty(), "perspectives", "Perspectives"))
                            (has(!dossier.disagreements.is_empty(), "disagreements", "Disagreements"))
                            (has(!dossier.scenarios.is_empty(), "scenarios", "Scenarios"))
                            (has(!dossier.background.is_empty(), "background", "Background"))
                            (has(dossier.generated.is_some(), "generated", "Generated"))
                            a href="#coverage" { "Coverage" }
                            a href="#sources" { "Sources" }
                        }
                        @if let Some(part) = overview { (part) }
                        @if let Some(part) = indicators { (part) }
                        @if let Some(part) = people { (part) }
                        @if let Some(part) = organizations { (part) }
                        @if let Some(part) = places { (part) }
                        @if let Some(part) = timeline { (part) }
                        @if let Some(part) = perspectives { (part) }
                        @if let Some(part) = disagreements { (part) }
                        @if let Some(part) = scenarios { (part) }
                        @if let Some(part) = background { (part) }
                        @if let Some(part) = generated { (part) }
                        (coverage)
                        (sources)
                        (articles)
        },
    )
}

/// A complete page around `body`: the one stylesheet, no scripts, no external assets.
pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="newsdesk";
                title { (title) " — newsdesk" }
                style { (PreEscaped(STYLE)) }
            }
            body { main { (body) } }
        }
    }
}

/// An article's clean text, paragraph by paragraph, each sentence addressable as
/// `#a{article}-s{sentence}`.
fn article_body(dossier: &Dossier, index: usize) -> Markup {
    let article = &dossier.articles[index];
    sentence_paragraphs(
        &article.text,
        &article.title,
        &article.sentences,
        &format!("a{index}-s"),
        None,
    )
}

/// A text's sentences (byte spans into `text`) as paragraphs, a blank line in the text
/// starting a new one; sentence `n` gets the id `{id_prefix}{n}`, the `cited` one is
/// marked, and a first sentence that is the title becomes a heading.
pub fn sentence_paragraphs(
    text: &str,
    title: &str,
    sentences: &[[usize; 2]],
    id_prefix: &str,
    cited: Option<usize>,
) -> Markup {
    let mut paragraphs: Vec<Vec<usize>> = Vec::new();
    let mut previous_end = 0;
    for (number, [start, end]) in sentences.iter().enumerate() {
        let (start, end) = (*start, *end);
        if start > end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        let gap = text.get(previous_end.min(start)..start).unwrap_or("");
        if paragraphs.is_empty() || gap.contains('\n') {
            paragraphs.push(Vec::new());
        }
        if let Some(current) = paragraphs.last_mut() {
            current.push(number);
        }
        previous_end = end;
    }
    let title_first = sentences
        .first()
        .and_then(|[start, end]| text.get(*start..*end))
        .is_some_and(|first| first == title);
    html! {
        @for (p, numbers) in paragraphs.iter().enumerate() {
            @let body = html! {
                @for number in numbers {
                    @let [start, end] = sentences[*number];
                    @if cited == Some(*number) {
                        span.cited id={ (id_prefix) (number) } { mark { (text[start..end]) } } " "
                    } @else {
                        span id={ (id_prefix) (number) } { (text[start..end]) } " "
                    }
                }
            };
            @if p == 0 && title_first {
                h3 { (body) }
            } @else {
                p { (body) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::safe_url;

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            safe_url("https://example.test/a"),
            Some("https://example.test/a")
        );
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JavaScript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
    }
}
