//! The HTML pages: front page, search, story, article and entity. Every one is a whole
//! page from [`crate::render::html::page`] (no scripts, the one stylesheet) with the site
//! bar on top; source text only ever reaches the page through maud's escaping.

use super::{
    changes_since, parse_article_id, parse_count, parse_slug, parse_version, since_suffix,
    store_error, story_request, with_store, AppState, Rejection, VersionQuery,
};
use crate::date::Date;
use crate::render::html::{page, render_served, sentence_paragraphs};
use crate::store::{StorySummary, MATCH_END, MATCH_START};
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Stories on one front page.
pub const STORIES_PER_PAGE: usize = 20;
/// Stories and articles on a search page, each.
const HITS_PER_PAGE: usize = 30;

/// The bar on top of every page: home, search, feed and API.
pub(super) fn site_header(query: &str) -> Markup {
    html! {
        div.site {
            a.brand href="/" { "newsdesk" }
            form.search action="/search" method="get" role="search" {
                input type="search" name="q" value=(query) placeholder="Search stories and articles" aria-label="Search stories and articles";
                button type="submit" { "Search" }
            }
            a href="/feed.xml" { "Feed" }
            a href="/api/openapi.json" { "API" }
        }
    }
}

/// Articles per day as a bar chart (inline SVG, coloured by the stylesheet): one bar per
/// day of the story's span, or per equal slice of it when the span is long.
fn coverage_chart(days: &[(String, usize)]) -> Markup {
    const WIDTH: f64 = 132.0;
    const HEIGHT: f64 = 30.0;
    const MAX_BARS: i64 = 44;
    let dated: Vec<(i64, usize)> = days
        .iter()
        .filter_map(|(day, count)| Some((Date::parse_iso(day)?.to_days(), *count)))
        .collect();
    let (Some(first), Some(last)) = (
        dated.iter().map(|(d, _)| *d).min(),
        dated.iter().map(|(d, _)| *d).max(),
    ) else {
        return html! {};
    };
    let span = last - first + 1;
    let bars = span.min(MAX_BARS);
    let mut counts = vec![0usize; bars as usize];
    for (day, count) in &dated {
        counts[((day - first) * bars / span) as usize] += count;
    }
    let highest = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let total: usize = counts.iter().sum();
    let slot = WIDTH / bars as f64;
    let label = format!(
        "{total} dated article{} from {} to {}",
        if total == 1 { "" } else { "s" },
        Date::from_days(first).iso(),
        Date::from_days(last).iso()
    );
    html! {
        svg.spark width=(WIDTH) height=(HEIGHT) viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label=(label) {
            title { (label) }
            line x1="0" y1=(HEIGHT - 0.5) x2=(WIDTH) y2=(HEIGHT - 0.5) stroke-width="1" {}
            @for (i, count) in counts.iter().enumerate() {
                @if *count > 0 {
                    @let height = ((*count as f64 / highest) * (HEIGHT - 2.0)).max(2.0);
                    rect x=(format!("{:.1}", i as f64 * slot + 0.5)) y=(format!("{:.1}", HEIGHT - 1.0 - height))
                        width=(format!("{:.1}", (slot - 1.0).max(1.0))) height=(format!("{height:.1}")) {}
                }
            }
        }
    }
}

/// The story list, its charts' data and its leading outlets, as of one store generation.
pub(super) struct FrontData {
    generation: i64,
    pub(super) stories: Vec<StorySummary>,
    activity: BTreeMap<i64, Vec<(String, usize)>>,
    outlets: Vec<(String, usize)>,
    /// Front pages rendered from this data, by page number and outlet filter.
    rendered: std::sync::Mutex<HashMap<(usize, Option<String>), Bytes>>,
}

/// Rendered front pages kept per store generation.
const RENDERED_FRONT_PAGES: usize = 256;

/// The front page's data: the copy kept since the store last changed, else read anew.
/// (Reading a thousand stories' counts and outlets costs milliseconds; checking the
/// generation costs microseconds.)
pub(super) async fn front_data(
    state: &AppState,
) -> Result<Arc<FrontData>, crate::store::StoreError> {
    let kept = state.front.clone();
    let data = with_store(state, move |store| {
        let generation = store.generation()?;
        let current = kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
            .filter(|data| data.generation == generation);
        if let Some(data) = current {
            return Ok(data);
        }
        let stories = store.stories()?;
        let data = Arc::new(FrontData {
            generation,
            activity: store.activity()?,
            outlets: leading_outlets(&stories, 12),
            stories,
            rendered: std::sync::Mutex::new(HashMap::new()),
        });
        *kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(data.clone());
        Ok(data)
    })
    .await?;
    Ok(data)
}

#[derive(Debug, Deserialize)]
pub(super) struct FrontQuery {
    page: Option<String>,
    outlet: Option<String>,
}

/// The outlets that cover the most stories, most first (ties by name), at most `limit`.
fn leading_outlets(stories: &[StorySummary], limit: usize) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for story in stories {
        for outlet in &story.outlets {
            *counts.entry(outlet).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(outlet, n)| (outlet.to_string(), n))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(limit);
    ranked
}

fn front_link(page: usize, outlet: Option<&str>) -> String {
    let mut query = Vec::new();
    if let Some(outlet) = outlet {
        query.push(format!("outlet={}", percent_encode(outlet)));
    }
    if page > 1 {
        query.push(format!("page={page}"));
    }
    if query.is_empty() {
        "/".to_string()
    } else {
        format!("/?{}", query.join("&"))
    }
}

/// Percent-encodes everything but unreserved characters (for query values).
pub(super) fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub(super) async fn front_page(
    State(state): State<AppState>,
    Query(query): Query<FrontQuery>,
) -> Response {
    let page_number = match parse_count("page", query.page.as_ref(), 1, false) {
        Ok(n) => n,
        Err(rejection) => return rejection.into_response(),
    };
    let outlet = query
        .outlet
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty());
    let front = match front_data(&state).await {
        Ok(front) => front,
        Err(error) => return store_error(error, false),
    };
    let key = (page_number, outlet.map(str::to_string));
    if let Some(body) = front
        .rendered
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(&key)
    {
        return Html(body.clone()).into_response();
    }
    let (stories, activity, outlets) = (&front.stories, &front.activity, &front.outlets);
    let shown: Vec<&StorySummary> = stories
        .iter()
        .filter(|story| outlet.is_none_or(|o| story.outlets.iter().any(|x| x == o)))
        .collect();
    let pages = shown.len().div_ceil(STORIES_PER_PAGE).max(1);
    if page_number > pages {
        return Rejection {
            status: StatusCode::NOT_FOUND,
            message: format!("there is no page {page_number}: the stories fill {pages}"),
            json: false,
        }
        .into_response();
    }
    let on_page = shown
        .iter()
        .skip((page_number - 1) * STORIES_PER_PAGE)
        .take(STORIES_PER_PAGE);
    let body = html! {
        (site_header(""))
        header {
            p.kicker { "Stories" }
            h1 { @if let Some(outlet) = outlet { "Covered by " (outlet) } @else { "What the sources say" } }
            p.dek {
                (count_of(shown.len(), "story", "stories"))
                ", newest activity first. Every line of every dossier cites the sentences it comes from."
            }
        }
        @if !outlets.is_empty() {
            p.filters {
                "Outlets: "
                a.chip.on[outlet.is_none()] href="/" { "all" }
                @for (name, count) in outlets {
                    a.chip.on[outlet == Some(name.as_str())] href=(front_link(1, Some(name))) { (name) " · " (count) }
                }
            }
        }
        @if stories.is_empty() {
            p { "No stories yet. Add coverage with " code { "newsdesk ingest" } " (or " code { "newsdesk ingest --example" } ")." }
        } @else if shown.is_empty() {
            p { "No story is covered by that outlet. " a href="/" { "All stories" } }
        }
        @for story in on_page {
            article.card.row {
                div {
                    h3 { a href={ "/stories/" (story.id) } { (story.headline.as_deref().unwrap_or("(no dossier yet)")) } }
                    @if let Some(dek) = &story.dek { p { (dek) } }
                    div.meta {
                        (count_of(story.articles, "article", "articles"))
                        " · " (count_of(story.outlets.len(), "outlet", "outlets"))
                        @if let (Some(first), Some(last)) = (&story.first_published, &story.last_published) {
                            " · published " (first.get(..10).unwrap_or(first))
                            @if first.get(..10) != last.get(..10) { " to " (last.get(..10).unwrap_or(last)) }
                        }
                        " · updated " (readable_time(&story.updated_at))
                    }
                }
                @if let Some(days) = activity.get(&story.id) { (coverage_chart(days)) }
            }
        }
        @if pages > 1 {
            nav.pager aria-label="Pages" {
                span { @if page_number > 1 { a href=(front_link(page_number - 1, outlet)) rel="prev" { "← Newer" } } }
                span.meta { "page " (page_number) " of " (pages) }
                span { @if page_number < pages { a href=(front_link(page_number + 1, outlet)) rel="next" { "Older →" } } }
            }
        }
    };
    let body = Bytes::from(page("Stories", body).into_string());
    let mut rendered = front
        .rendered
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if rendered.len() < RENDERED_FRONT_PAGES {
        rendered.insert(key, body.clone());
    }
    Html(body).into_response()
}

/// "1 story", "2 stories".
fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2026-11-22 20:07 UTC" from a stored ISO time (as stored when it is not one).
fn readable_time(iso: &str) -> String {
    match (iso.get(..10), iso.get(11..16)) {
        (Some(day), Some(time)) if iso.as_bytes().get(10) == Some(&b'T') => {
            format!("{day} {time} UTC")
        }
        _ => iso.to_string(),
    }
}

/// A search snippet with its matched words marked.
fn snippet(text: &str) -> Markup {
    let mut parts = text.split(MATCH_START);
    let first = parts.next().unwrap_or("");
    html! {
        (first)
        @for part in parts {
            @let (matched, rest) = part.split_once(MATCH_END).unwrap_or((part, ""));
            mark { (matched) } (rest)
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct SearchQuery {
    q: Option<String>,
}

pub(super) async fn search_page(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Response {
    let words = query.q.as_deref().unwrap_or("").trim().to_string();
    if words.is_empty() {
        let body = html! {
            (site_header(""))
            h1 { "Search" }
            p { "Type a few words: every story and article that contains all of them is listed, the best matches first." }
        };
        return Html(page("Search", body).into_string()).into_response();
    }
    if words.chars().count() > 500 {
        return Rejection::bad_request("the search is longer than 500 characters", false)
            .into_response();
    }
    let searched = words.clone();
    let results =
        match with_store(&state, move |store| store.search(&searched, HITS_PER_PAGE)).await {
            Ok(Some(results)) => results,
            Ok(None) => {
                return Rejection::bad_request(
                    format!(
                        "{:?} has no words to search for (letters or digits)",
                        crate::render::shorten(&words, 80)
                    ),
                    false,
                )
                .into_response()
            }
            Err(error) => return store_error(error, false),
        };
    let body = html! {
        (site_header(&words))
        header {
            p.kicker { "Search" }
            h1 { "“" (words) "”" }
            p.dek {
                (count_of(results.stories.len(), "story", "stories")) " and "
                (count_of(results.articles.len(), "article", "articles")) " contain every word."
            }
        }
        @if !results.stories.is_empty() {
            h2 { "Stories" }
            ul.hits {
                @for hit in &results.stories {
                    li {
                        a href={ "/stories/" (hit.id) } { strong { (hit.headline) } }
                        div { (snippet(&hit.snippet)) }
                    }
                }
            }
        }
        @if !results.articles.is_empty() {
            h2 { "Articles" }
            ul.hits {
                @for hit in &results.articles {
                    li {
                        a href={ "/articles/" (hit.id) } { strong { (hit.title.as_deref().unwrap_or("(untitled)")) } }
                        div.meta {
                            (hit.outlet.as_deref().unwrap_or("outlet not named"))
                            @if let Some(published) = &hit.published { " · " (published) }
                            @if let Some(story) = hit.story { " · " a href={ "/stories/" (story) } { "story " (story) } }
                        }
                        div { (snippet(&hit.snippet)) }
                    }
                }
            }
        }
        @if results.stories.is_empty() && results.articles.is_empty() {
            p { "Nothing contains all of these words. Fewer words, or the start of a word, find more." }
        }
    };
    Html(page(&format!("Search: {words}"), body).into_string()).into_response()
}

/// A story page from the cache, or the dossier to render one from.
enum StoryPage {
    Cached(Bytes),
    Fresh(Box<crate::store::StoredDossier>),
    MergedInto(i64),
}

pub(super) async fn story_page(
    State(state): State<AppState>,
    UrlPath(raw): UrlPath<String>,
    Query(query): Query<VersionQuery>,
) -> Response {
    let (id, version) = match story_request(&raw, &query, false) {
        Ok(request) => request,
        Err(rejection) => return rejection.into_response(),
    };
    let since = match parse_version(query.since.as_ref(), false) {
        Ok(since) => since,
        Err(rejection) => return rejection.into_response(),
    };
    // Versions never change, so a page without "what changed" is rendered once.
    let cache = state.clone();
    let found = with_store(&state, move |store| {
        if version.is_none() {
            let current = store.resolve_story(id)?;
            if current != id {
                return Ok(StoryPage::MergedInto(current));
            }
        }
        let wanted = match version {
            Some(version) => version,
            None => store.latest_version(id)?,
        };
        if since.is_none() {
            if let Some(body) = cache.cached_page((id, wanted)) {
                return Ok(StoryPage::Cached(body));
            }
        }
        store
            .dossier(id, Some(wanted))
            .map(|stored| StoryPage::Fresh(Box::new(stored)))
    })
    .await;
    let stored = match found {
        Ok(StoryPage::Cached(body)) => return Html(body).into_response(),
        Ok(StoryPage::MergedInto(current)) => {
            return Redirect::permanent(&format!("/stories/{current}{}", since_suffix(&query)))
                .into_response()
        }
        Ok(StoryPage::Fresh(stored)) => stored,
        Err(error) => return store_error(error, false),
    };
    let changes = match since {
        None => None,
        Some(since) => match changes_since(&state, id, since, &stored, false).await {
            Ok(changes) => Some(changes),
            Err(response) => return response,
        },
    };
    let nav = html! {
        (site_header(""))
        p.meta {
            a href="/" { "← All stories" }
            " · version " (stored.version) " of story " (stored.story) " (" (stored.created_at) ")"
            " · " a href={ "/api/stories/" (stored.story) "?version=" (stored.version) } { "JSON" }
            @if stored.version > 1 && changes.is_none() {
                " · " a href={ "/stories/" (stored.story) "?since=" (stored.version - 1) } { "What changed" }
            }
        }
        @if let Some(changes) = &changes { (changes.html_section()) }
    };
    let body = render_served(&stored.dossier, Some(nav)).into_string();
    if changes.is_none() {
        let body = Bytes::from(body);
        state.cache_page((stored.story, stored.version), body.clone());
        return Html(body).into_response();
    }
    Html(body).into_response()
}

#[derive(Debug, Deserialize)]
pub(super) struct SentenceQuery {
    /// The cited sentence (0-based), highlighted.
    s: Option<String>,
}

pub(super) async fn article_page(
    State(state): State<AppState>,
    UrlPath(raw): UrlPath<String>,
    Query(query): Query<SentenceQuery>,
) -> Response {
    let id = match parse_article_id(&raw, false) {
        Ok(id) => id,
        Err(rejection) => return rejection.into_response(),
    };
    let cited = match &query.s {
        None => None,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) => Some(n),
            Err(_) => {
                return Rejection::bad_request(
                    format!("sentence {raw:?} is not a sentence number (0, 1, 2, …)"),
                    false,
                )
                .into_response()
            }
        },
    };
    let stored = match with_store(&state, move |store| store.article(&id)).await {
        Ok(stored) => stored,
        Err(error) => return store_error(error, false),
    };
    if let Some(n) = cited.filter(|n| *n >= stored.sentences.len()) {
        return Rejection::bad_request(
            format!(
                "article {} has {} sentences; there is no sentence {n}",
                stored.article.id,
                stored.sentences.len()
            ),
            false,
        )
        .into_response();
    }
    let article = &stored.article;
    let meta = &article.meta;
    let title = meta
        .title
        .clone()
        .unwrap_or_else(|| "(untitled)".to_string());
    let body = html! {
        (site_header(""))
        header {
            p.kicker {
                (meta.outlet.as_deref().unwrap_or("Outlet not named"))
                @if let Some(published) = &meta.published { " · " (published) }
            }
            h1 { (title) }
            p.meta {
                @if let Some(author) = &meta.author { "By " (author) " · " }
                @if let Some(story) = stored.story { a href={ "/stories/" (story) } { "Story " (story) } " · " }
                @if let Some(url) = meta.url.as_deref().and_then(crate::render::html::safe_url) {
                    a href=(url) rel="noopener noreferrer nofollow" { "Original" } " · "
                } @else if let Some(url) = &meta.url { "From " (url) " · " }
                a href={ "/api/articles/" (article.id) } { "JSON" }
                " · stored " (stored.ingested_at)
            }
            @if let Some(n) = cited {
                p.meta { "Highlighted: " a href={ "#s" (n) } { "sentence " (n + 1) } ", the one a dossier cites." }
            }
        }
        div.article.article-text {
            (sentence_paragraphs(&article.text, &title, &stored.sentences, "s", cited))
        }
    };
    Html(page(&title, body).into_string()).into_response()
}

pub(super) async fn entity_page(
    State(state): State<AppState>,
    UrlPath(raw): UrlPath<String>,
) -> Response {
    let slug = match parse_slug(&raw, false) {
        Ok(slug) => slug,
        Err(rejection) => return rejection.into_response(),
    };
    let wanted = slug.clone();
    let appearances = match with_store(&state, move |store| store.entity(&wanted)).await {
        Ok(found) if found.is_empty() => {
            return Rejection {
                status: StatusCode::NOT_FOUND,
                message: format!("no story's dossier names {slug:?}"),
                json: false,
            }
            .into_response()
        }
        Ok(found) => found,
        Err(error) => return store_error(error, false),
    };
    let first = &appearances[0];
    let roles: Vec<&str> = {
        let mut roles: Vec<&str> = appearances
            .iter()
            .filter_map(|a| a.role.as_deref())
            .collect();
        roles.dedup();
        roles
    };
    let body = html! {
        (site_header(""))
        header {
            p.kicker { (if first.kind == "person" { "Person" } else { "Organization" }) }
            h1 { (first.name) }
            p.dek {
                @if first.kind != "person" { span.chip { (first.kind) } }
                @if !roles.is_empty() { (roles.join("; ")) ". " }
                "Named in " (count_of(appearances.len(), "story", "stories")) "."
            }
        }
        div.cards {
            @for appearance in &appearances {
                article.card {
                    h3 { a href={ "/stories/" (appearance.story) "#" (if appearance.kind == "person" { "person-" } else { "org-" }) (slug) } {
                        (appearance.headline.as_deref().unwrap_or("(no headline)"))
                    } }
                    @if let Some(role) = &appearance.role { div.label { (role) } }
                    div.meta { (crate::render::mention_summary(appearance.mentions, appearance.articles)) }
                    p { (appearance.text) }
                    @if !appearance.evidence.is_empty() {
                        ul.refs {
                            @for evidence in &appearance.evidence {
                                li {
                                    "“" (crate::render::shorten(&evidence.quote, 200)) "” "
                                    a href={ "/articles/" (evidence.article) "?s=" (evidence.sentence) "#s" (evidence.sentence) } { "source" }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Html(page(&first.name, body).into_string()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_has_a_bar_per_day_with_articles() {
        let days = vec![("2031-03-04".to_string(), 2), ("2031-03-06".to_string(), 1)];
        let svg = coverage_chart(&days).into_string();
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
        assert!(svg.contains("3 dated articles from 2031-03-04 to 2031-03-06"));
        // A long span is sliced; no bar is lost.
        let long: Vec<_> = (0..200)
            .map(|i| (Date::from_days(20_000 + i).iso(), 1))
            .collect();
        let svg = coverage_chart(&long).into_string();
        assert_eq!(svg.matches("<rect").count(), 44);
        assert_eq!(coverage_chart(&[]).into_string(), "");
    }

    #[test]
    fn snippets_mark_matches_and_escape_the_rest() {
        let marked = snippet("a \u{2}<b>\u{3} c").into_string();
        assert_eq!(marked, "a <mark>&lt;b&gt;</mark> c");
    }

    #[test]
    fn times_read_as_day_and_minute() {
        assert_eq!(
            readable_time("2026-11-22T20:07:13Z"),
            "2026-11-22 20:07 UTC"
        );
        assert_eq!(readable_time("yesterday"), "yesterday");
    }

    #[test]
    fn outlet_links_are_encoded() {
        assert_eq!(front_link(1, Some("A&B News")), "/?outlet=A%26B%20News");
        assert_eq!(front_link(2, None), "/?page=2");
        assert_eq!(front_link(1, None), "/");
    }
}
