//! Serve: the store's stories over HTTP on the loopback interface.
//!
//! Takes: a store path, an address and an optional write token. Gives: HTML pages (the
//! front page of stories with search and outlet filters, each story's dossier as rendered
//! by [`crate::render::html`], every article with the cited sentence highlighted, each
//! person or organization across stories, search results), an Atom feed of stories and a
//! JSON API described by its own OpenAPI document (`/api/openapi.json`). Pages need no
//! JavaScript; every response carries a strict Content-Security-Policy: no scripts at all,
//! and the one inline stylesheet allowed by its hash. Writes (`POST /api/articles`) are off
//! unless a token is configured, and need it.
//!
//! Start reading at [`router_with`]: the route table. Pages are in `pages`, the JSON API
//! in `api`, the feed in `feed`.

mod api;
mod feed;
mod pages;

use crate::render::html::{page, STYLE};
use crate::store::{Store, StoreError};
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use maud::html;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The largest request body accepted (an article posted for ingest).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Memory for rendered story pages, by default (pages are kept by story and version, and
/// a version never changes).
pub const PAGE_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// How the server runs.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The bearer token `POST /api/articles` needs; ingest over HTTP is off without one.
    pub token: Option<String>,
    /// Store connections serving requests at once (0: one per core, at least two).
    pub connections: usize,
    /// Memory for rendered story pages; `None` for [`PAGE_CACHE_BYTES`], `Some(0)` to
    /// render every request.
    pub page_cache_bytes: Option<usize>,
}

#[derive(Clone)]
struct AppState {
    /// Several connections to the one store (SQLite in WAL mode lets them read while one
    /// writes), so that requests do not queue behind one connection.
    stores: Arc<Vec<Mutex<Store>>>,
    next: Arc<AtomicUsize>,
    /// One permit per connection: requests beyond them wait here, in order, rather than
    /// as blocked threads.
    permits: Arc<tokio::sync::Semaphore>,
    token: Option<Arc<str>>,
    pages: Arc<Mutex<PageCache>>,
    /// The story list as of a store generation (see [`Store::generation`]).
    front: Arc<Mutex<Option<Arc<pages::FrontData>>>>,
}

/// Rendered story pages by (story, version), within a memory budget.
#[derive(Default)]
struct PageCache {
    pages: HashMap<(i64, i64), Bytes>,
    bytes: usize,
    budget: usize,
}

impl AppState {
    fn cached_page(&self, key: (i64, i64)) -> Option<Bytes> {
        self.pages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pages
            .get(&key)
            .cloned()
    }

    fn cache_page(&self, key: (i64, i64), body: Bytes) {
        let mut cache = self
            .pages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if body.len() > cache.budget {
            return;
        }
        // When full, start again: simpler than recency bookkeeping, and the pages that
        // are asked for come back at once.
        if cache.bytes + body.len() > cache.budget {
            cache.pages.clear();
            cache.bytes = 0;
        }
        cache.bytes += body.len();
        if let Some(previous) = cache.pages.insert(key, body) {
            cache.bytes -= previous.len();
        }
    }
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

/// The router over a store with the default [`Config`] (no writes); used by tests.
pub fn router(store_path: &Path) -> Result<Router, StoreError> {
    router_with(store_path, &Config::default())
}

/// Every route the server answers; `/api/openapi.json` describes the API ones.
pub fn router_with(store_path: &Path, config: &Config) -> Result<Router, StoreError> {
    let connections = match config.connections {
        0 => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .max(2),
        n => n,
    };
    let stores = (0..connections)
        .map(|_| Store::open(store_path).map(Mutex::new))
        .collect::<Result<Vec<_>, _>>()?;
    let state = AppState {
        permits: Arc::new(tokio::sync::Semaphore::new(stores.len())),
        stores: Arc::new(stores),
        next: Arc::new(AtomicUsize::new(0)),
        token: config
            .token
            .as_deref()
            .filter(|token| !token.is_empty())
            .map(Arc::from),
        pages: Arc::new(Mutex::new(PageCache {
            budget: config.page_cache_bytes.unwrap_or(PAGE_CACHE_BYTES),
            ..PageCache::default()
        })),
        front: Arc::new(Mutex::new(None)),
    };
    Ok(Router::new()
        .route("/", get(pages::front_page))
        .route("/search", get(pages::search_page))
        .route("/stories/{id}", get(pages::story_page))
        .route("/articles/{id}", get(pages::article_page))
        .route("/entities/{slug}", get(pages::entity_page))
        .route("/feed.xml", get(feed::atom))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/stories/{id}/versions", get(api::versions))
        .route(
            "/api/articles",
            axum::routing::post(api::post_article).get(api::method_not_allowed),
        )
        .route("/api/articles/{id}", get(api::article))
        .route("/api/search", get(api::search))
        .route("/api/entities/{slug}", get(api::entity))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(secure))
        .with_state(state))
}

/// Serves until interrupted (Ctrl-C).
pub fn run(store_path: &Path, addr: &str, config: &Config) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let store_path: PathBuf = store_path.to_path_buf();
    runtime.block_on(async move {
        let app = router_with(&store_path, config)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        eprintln!(
            "newsdesk: serving {} on http://{}{}",
            store_path.display(),
            listener.local_addr()?,
            if config.token.is_some() {
                " (POST /api/articles is on)"
            } else {
                ""
            }
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// Serves `app` on a free loopback port from a runtime on a background thread, for as
/// long as the process lives; returns the base URL. For the load test and browser tests.
pub fn serve_in_background(app: Router) -> std::io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                let _ = axum::serve(listener, app).await;
            }
        });
    });
    Ok(format!("http://{address}"))
}

/// Runs blocking store work off the async threads, on a free connection when there is
/// one (else on the next in turn).
async fn with_store<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let stores = state.stores.clone();
    let turn = state.next.fetch_add(1, Ordering::Relaxed);
    let permit = state
        .permits
        .clone()
        .acquire_owned()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let free = (0..stores.len())
            .map(|i| (turn + i) % stores.len())
            .find_map(|i| stores[i].try_lock().ok());
        let mut guard = match free {
            Some(guard) => guard,
            None => stores[turn % stores.len()]
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        };
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
            (pages::site_header(""))
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) }
            p { (message) }
            p { a href="/" { "All stories" } }
        },
    );
    (status, Html(body.into_string())).into_response()
}

fn store_error(error: StoreError, json: bool) -> Response {
    match error {
        StoreError::NoStory(_) | StoreError::NoVersion { .. } | StoreError::NoArticle(_) => {
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

impl Rejection {
    fn bad_request(message: impl Into<String>, json: bool) -> Rejection {
        Rejection {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            json,
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        error_response(self.status, &self.message, self.json)
    }
}

fn parse_id(raw: &str, json: bool) -> Result<i64, Rejection> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        Rejection::bad_request(
            format!("{raw:?} is not a story id (a positive number)"),
            json,
        )
    })
}

/// An article id: the hexadecimal fingerprint the store keys articles by.
fn parse_article_id(raw: &str, json: bool) -> Result<String, Rejection> {
    let valid = !raw.is_empty() && raw.len() <= 64 && raw.bytes().all(|b| b.is_ascii_hexdigit());
    if valid {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(Rejection::bad_request(
            format!(
                "{:?} is not an article id (hexadecimal digits)",
                crate::render::shorten(raw, 80)
            ),
            json,
        ))
    }
}

/// A person's or organization's id in a dossier: lowercase letters, digits and hyphens.
fn parse_slug(raw: &str, json: bool) -> Result<String, Rejection> {
    let valid = !raw.is_empty()
        && raw.len() <= 120
        && raw
            .chars()
            .all(|c| c == '-' || c.is_alphanumeric() && !c.is_uppercase());
    if valid {
        Ok(raw.to_string())
    } else {
        Err(Rejection::bad_request(
            format!(
                "{:?} is not an entity id (lowercase words joined by hyphens, as in a dossier's people[].id)",
                crate::render::shorten(raw, 80)
            ),
            json,
        ))
    }
}

#[derive(Debug, serde::Deserialize)]
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
            .ok_or_else(|| {
                Rejection::bad_request(format!("version {raw:?} is not a positive number"), json)
            }),
    }
}

/// A positive count from the query (`page=`, `limit=`), `default` when absent.
fn parse_count(
    name: &str,
    raw: Option<&String>,
    default: usize,
    json: bool,
) -> Result<usize, Rejection> {
    match raw {
        None => Ok(default),
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0 && *n <= 1_000_000)
            .ok_or_else(|| {
                Rejection::bad_request(format!("{name} {raw:?} is not a positive number"), json)
            }),
    }
}

/// What changed in `stored` since version `since` of story `id` (the story asked for,
/// which a merge may have redirected to `stored`).
async fn changes_since(
    state: &AppState,
    id: i64,
    since: i64,
    stored: &crate::store::StoredDossier,
    json: bool,
) -> Result<crate::changes::Changes, Response> {
    if since > stored.version {
        return Err(Rejection::bad_request(
            format!(
                "since={since}: story {} is at version {}; ask for an earlier version",
                stored.story, stored.version
            ),
            json,
        )
        .into_response());
    }
    match with_store(state, move |store| store.dossier(id, Some(since))).await {
        Ok(earlier) => Ok(crate::changes::between(&earlier.dossier, &stored.dossier)),
        Err(error) => Err(store_error(error, json)),
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
    Found(Box<crate::store::StoredDossier>),
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

async fn not_found(uri: axum::http::Uri) -> Response {
    let json = uri.path().starts_with("/api/");
    error_response(
        StatusCode::NOT_FOUND,
        &format!("nothing at {}", crate::render::shorten(uri.path(), 200)),
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
