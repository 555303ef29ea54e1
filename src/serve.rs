//! Serve: the store's stories over HTTP on the loopback interface.
//!
//! Takes: a store path and an address. Gives: HTML pages (the story list and each story's
//! dossier, as rendered by [`crate::render::html`]) and a JSON API (`/api/stories`,
//! `/api/stories/{id}`, `/api/stories/{id}/versions`; `?version=N` for an earlier version,
//! `?since=N` for what changed since one). Every response carries a strict
//! Content-Security-Policy: no scripts at all, and the one inline stylesheet allowed by
//! its hash.

use crate::render::html::{page, render_page, STYLE};
use crate::store::{Store, StoreError, StoredDossier};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use maud::html;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
struct AppState {
    store: Arc<Mutex<Store>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// Standard base64, for the stylesheet hash in the security policy.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `default-src 'none'`: nothing loads but the page itself and its hashed stylesheet.
pub fn content_security_policy() -> String {
    let hash = base64(&Sha256::digest(STYLE.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// The router over a store; used by `serve` and by tests.
pub fn router(store_path: &Path) -> Result<Router, StoreError> {
    let store = Store::open(store_path)?;
    let state = AppState {
        store: Arc::new(Mutex::new(store)),
    };
    Ok(Router::new()
        .route("/", get(front_page))
        .route("/stories/{id}", get(story_page))
        .route("/api/stories", get(api_stories))
        .route("/api/stories/{id}", get(api_story))
        .route("/api/stories/{id}/versions", get(api_versions))
        .fallback(not_found)
        .layer(axum::middleware::map_response(secure))
        .with_state(state))
}

/// Serves until interrupted (Ctrl-C).
pub fn run(store_path: &Path, addr: &str) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let store_path: PathBuf = store_path.to_path_buf();
    runtime.block_on(async move {
        let app = router(&store_path)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        eprintln!(
            "newsdesk: serving {} on http://{}",
            store_path.display(),
            listener.local_addr()?
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// Runs blocking store work off the async threads.
async fn with_store<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        work(&mut guard)
    })
    .await
    .unwrap_or_else(|e| panic!("store task failed: {e}"))
}

fn error_response(status: StatusCode, message: &str, json: bool) -> Response {
    if json {
        return (status, Json(serde_json::json!({ "error": message }))).into_response();
    }
    let body = page(
        message,
        html! {
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) }
            p { (message) }
            p { a href="/" { "All stories" } }
        },
    );
    (status, Html(body.into_string())).into_response()
}

fn store_error(error: StoreError, json: bool) -> Response {
    match error {
        StoreError::NoStory(_) | StoreError::NoVersion { .. } => {
            error_response(StatusCode::NOT_FOUND, &error.to_string(), json)
        }
        other => error_response(StatusCode::INTERNAL_SERVER_ERROR, &other.to_string(), json),
    }
}

/// A request the server refuses, rendered as HTML or JSON.
struct Rejection {
    status: StatusCode,
    message: String,
    json: bool,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        error_response(self.status, &self.message, self.json)
    }
}

fn parse_id(raw: &str, json: bool) -> Result<i64, Rejection> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Rejection {
            status: StatusCode::BAD_REQUEST,
            message: format!("{raw:?} is not a story id (a positive number)"),
            json,
        })
}

#[derive(Debug, Deserialize)]
struct VersionQuery {
    version: Option<String>,
    /// Show what changed since this version.
    since: Option<String>,
}

fn parse_version(raw: Option<&String>, json: bool) -> Result<Option<i64>, Rejection> {
    match raw {
        None => Ok(None),
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|v| *v > 0)
            .map(Some)
            .ok_or_else(|| Rejection {
                status: StatusCode::BAD_REQUEST,
                message: format!("version {raw:?} is not a positive number"),
                json,
            }),
    }
}

/// What changed in `stored` since version `since` of story `id` (the story asked for,
/// which a merge may have redirected to `stored`).
async fn changes_since(
    state: &AppState,
    id: i64,
    since: i64,
    stored: &StoredDossier,
    json: bool,
) -> Result<crate::changes::Changes, Response> {
    if since > stored.version {
        return Err(Rejection {
            status: StatusCode::BAD_REQUEST,
            message: format!(
                "since={since}: story {} is at version {}; ask for an earlier version",
                stored.story, stored.version
            ),
            json,
        }
        .into_response());
    }
    match with_store(state, move |store| store.dossier(id, Some(since))).await {
        Ok(earlier) => Ok(crate::changes::between(&earlier.dossier, &stored.dossier)),
        Err(error) => Err(store_error(error, json)),
    }
}

async fn front_page(State(state): State<AppState>) -> Response {
    match with_store(&state, |store| store.stories()).await {
        Ok(stories) => {
            let body = html! {
                header {
                    p.kicker { "newsdesk" }
                    h1 { "Stories" }
                    p.dek { (stories.len()) " stories, newest activity first. Every line of every dossier cites its sources." }
                }
                @if stories.is_empty() {
                    p { "No stories yet. Add coverage with " code { "newsdesk ingest" } "." }
                }
                @for story in &stories {
                    article.card {
                        h3 { a href={ "/stories/" (story.id) } { (story.headline.as_deref().unwrap_or("(no dossier yet)")) } }
                        div.meta {
                            (story.articles) " articles"
                            @if !story.outlets.is_empty() { " · " (story.outlets.join(", ")) }
                            " · updated " (story.updated_at)
                        }
                    }
                }
            };
            Html(page("Stories", body).into_string()).into_response()
        }
        Err(error) => store_error(error, false),
    }
}

/// `?since=N` for a redirect, when the request had it.
fn since_suffix(query: &VersionQuery) -> String {
    query
        .since
        .as_ref()
        .and_then(|raw| raw.parse::<i64>().ok())
        .map(|since| format!("?since={since}"))
        .unwrap_or_default()
}

/// The story id from the path and the version from the query.
fn story_request(
    raw: &str,
    query: &VersionQuery,
    json: bool,
) -> Result<(i64, Option<i64>), Rejection> {
    Ok((
        parse_id(raw, json)?,
        parse_version(query.version.as_ref(), json)?,
    ))
}

/// A story's dossier, or where a merged story's id now points. Without a version the id
/// follows merges; an explicit version is that story's own history.
enum Lookup {
    Found(Box<StoredDossier>),
    MergedInto(i64),
}

async fn look_up(state: &AppState, id: i64, version: Option<i64>) -> Result<Lookup, StoreError> {
    with_store(state, move |store| {
        if version.is_none() {
            let current = store.resolve_story(id)?;
            if current != id {
                return Ok(Lookup::MergedInto(current));
            }
        }
        store
            .dossier(id, version)
            .map(|stored| Lookup::Found(Box::new(stored)))
    })
    .await
}

async fn story_page(
    State(state): State<AppState>,
    UrlPath(raw): UrlPath<String>,
    Query(query): Query<VersionQuery>,
) -> Response {
    let (id, version) = match story_request(&raw, &query, false) {
        Ok(request) => request,
        Err(rejection) => return rejection.into_response(),
    };
    match look_up(&state, id, version).await {
        Ok(Lookup::MergedInto(current)) => {
            Redirect::permanent(&format!("/stories/{current}{}", since_suffix(&query)))
                .into_response()
        }
        Ok(Lookup::Found(stored)) => {
            let changes = match parse_version(query.since.as_ref(), false) {
                Ok(None) => None,
                Ok(Some(since)) => match changes_since(&state, id, since, &stored, false).await {
                    Ok(changes) => Some(changes),
                    Err(response) => return response,
                },
                Err(rejection) => return rejection.into_response(),
            };
            let nav = html! {
                p.meta {
                    a href="/" { "← All stories" }
                    " · version " (stored.version) " of story " (stored.story)
                    " · " a href={ "/api/stories/" (stored.story) "?version=" (stored.version) } { "JSON" }
                    @if stored.version > 1 && changes.is_none() {
                        " · " a href={ "/stories/" (stored.story) "?since=" (stored.version - 1) } { "What changed" }
                    }
                }
                @if let Some(changes) = &changes { (changes.html_section()) }
            };
            Html(render_page(&stored.dossier, Some(nav)).into_string()).into_response()
        }
        Err(error) => store_error(error, false),
    }
}

async fn api_stories(State(state): State<AppState>) -> Response {
    match with_store(&state, |store| store.stories()).await {
        Ok(stories) => Json(serde_json::json!({ "stories": stories })).into_response(),
        Err(error) => store_error(error, true),
    }
}

async fn api_story(
    State(state): State<AppState>,
    UrlPath(raw): UrlPath<String>,
    Query(query): Query<VersionQuery>,
) -> Response {
    let (id, version) = match story_request(&raw, &query, true) {
        Ok(request) => request,
        Err(rejection) => return rejection.into_response(),
    };
    match look_up(&state, id, version).await {
        Ok(Lookup::MergedInto(current)) => {
            Redirect::permanent(&format!("/api/stories/{current}{}", since_suffix(&query)))
                .into_response()
        }
        Ok(Lookup::Found(stored)) => match parse_version(query.since.as_ref(), true) {
            Ok(None) => Json(stored.dossier).into_response(),
            Ok(Some(since)) => match changes_since(&state, id, since, &stored, true).await {
                Ok(changes) => Json(changes).into_response(),
                Err(response) => response,
            },
            Err(rejection) => rejection.into_response(),
        },
        Err(error) => store_error(error, true),
    }
}

async fn api_versions(State(state): State<AppState>, UrlPath(raw): UrlPath<String>) -> Response {
    let id = match parse_id(&raw, true) {
        Ok(id) => id,
        Err(rejection) => return rejection.into_response(),
    };
    match with_store(&state, move |store| store.versions(id)).await {
        Ok(versions) => {
            let list: Vec<_> = versions
                .into_iter()
                .map(|(version, created_at)| serde_json::json!({ "version": version, "created_at": created_at }))
                .collect();
            Json(serde_json::json!({ "story": id, "versions": list })).into_response()
        }
        Err(error) => store_error(error, true),
    }
}

async fn not_found(uri: axum::http::Uri) -> Response {
    let json = uri.path().starts_with("/api/");
    error_response(
        StatusCode::NOT_FOUND,
        &format!("nothing at {}", uri.path()),
        json,
    )
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
