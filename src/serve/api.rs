//! The JSON API: stories, dossiers (the `newsdesk.dossier/1` document) and their
//! versions, articles, search, entities, ingest by `POST` (with the configured token), and
//! the OpenAPI document that describes them. Errors are `{"error": "…"}` with the status.

use super::{
    changes_since, look_up, parse_article_id, parse_count, parse_slug, parse_version, since_suffix,
    store_error, story_request, with_store, AppState, Lookup, Rejection, VersionQuery,
    MAX_BODY_BYTES,
};
use crate::ingest::{ndjson, IngestOptions};
use crate::pipeline::{ingest, Options};
use crate::store::{MATCH_END, MATCH_START};
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub(super) async fn stories(State(state): State<AppState>) -> Response {
    match super::pages::front_data(&state).await {
        Ok(front) => Json(json!({ "stories": front.stories })).into_response(),
        Err(error) => store_error(error, true),
    }
}

pub(super) async fn story(
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

pub(super) async fn versions(
    State(state): State<AppState>,
    UrlPath(raw): UrlPath<String>,
) -> Response {
    let id = match super::parse_id(&raw, true) {
        Ok(id) => id,
        Err(rejection) => return rejection.into_response(),
    };
    match with_store(&state, move |store| store.versions(id)).await {
        Ok(versions) => {
            let list: Vec<_> = versions
                .into_iter()
                .map(
                    |(version, created_at)| json!({ "version": version, "created_at": created_at }),
                )
                .collect();
            Json(json!({ "story": id, "versions": list })).into_response()
        }
        Err(error) => store_error(error, true),
    }
}

pub(super) async fn article(
    State(state): State<AppState>,
    UrlPath(raw): UrlPath<String>,
) -> Response {
    let id = match parse_article_id(&raw, true) {
        Ok(id) => id,
        Err(rejection) => return rejection.into_response(),
    };
    match with_store(&state, move |store| store.article(&id)).await {
        Ok(stored) => {
            let article = &stored.article;
            Json(json!({
                "id": article.id,
                "origin": article.origin,
                "title": article.meta.title,
                "author": article.meta.author,
                "outlet": article.meta.outlet,
                "published": article.meta.published,
                "url": article.meta.url,
                "language": article.meta.language,
                "story": stored.story,
                "ingested_at": stored.ingested_at,
                "text": article.text,
                "sentences": stored.sentences,
            }))
            .into_response()
        }
        Err(error) => store_error(error, true),
    }
}

/// A snippet as plain text and the byte spans of its matched words.
fn plain_snippet(marked: &str) -> Value {
    let mut text = String::new();
    let mut highlights = Vec::new();
    let mut start = None;
    for c in marked.chars() {
        match c {
            MATCH_START => start = Some(text.len()),
            MATCH_END => {
                if let Some(start) = start.take() {
                    highlights.push([start, text.len()]);
                }
            }
            c => text.push(c),
        }
    }
    json!({ "text": text, "highlights": highlights })
}

#[derive(Debug, Deserialize)]
pub(super) struct SearchQuery {
    q: Option<String>,
    limit: Option<String>,
}

pub(super) async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Response {
    let words = query.q.unwrap_or_default();
    if words.trim().is_empty() {
        return Rejection::bad_request("give the words to search for as ?q=", true).into_response();
    }
    if words.chars().count() > 500 {
        return Rejection::bad_request("the search is longer than 500 characters", true)
            .into_response();
    }
    let limit = match parse_count("limit", query.limit.as_ref(), 20, true) {
        Ok(limit) => limit.min(100),
        Err(rejection) => return rejection.into_response(),
    };
    let searched = words.clone();
    match with_store(&state, move |store| store.search(&searched, limit)).await {
        Ok(Some(results)) => Json(json!({
            "query": results.query,
            "stories": results.stories.iter().map(|hit| json!({
                "id": hit.id,
                "headline": hit.headline,
                "snippet": plain_snippet(&hit.snippet),
            })).collect::<Vec<_>>(),
            "articles": results.articles.iter().map(|hit| json!({
                "id": hit.id,
                "title": hit.title,
                "outlet": hit.outlet,
                "published": hit.published,
                "story": hit.story,
                "snippet": plain_snippet(&hit.snippet),
            })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Ok(None) => Rejection::bad_request(
            format!(
                "{:?} has no words to search for (letters or digits)",
                crate::render::shorten(&words, 80)
            ),
            true,
        )
        .into_response(),
        Err(error) => store_error(error, true),
    }
}

pub(super) async fn entity(
    State(state): State<AppState>,
    UrlPath(raw): UrlPath<String>,
) -> Response {
    let slug = match parse_slug(&raw, true) {
        Ok(slug) => slug,
        Err(rejection) => return rejection.into_response(),
    };
    let wanted = slug.clone();
    match with_store(&state, move |store| store.entity(&wanted)).await {
        Ok(found) if found.is_empty() => Rejection {
            status: StatusCode::NOT_FOUND,
            message: format!("no story's dossier names {slug:?}"),
            json: true,
        }
        .into_response(),
        Ok(found) => Json(json!({ "id": slug, "appearances": found })).into_response(),
        Err(error) => store_error(error, true),
    }
}

pub(super) async fn method_not_allowed() -> Response {
    Rejection {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: "POST an article here; read one at /api/articles/{id}".to_string(),
        json: true,
    }
    .into_response()
}

/// Compares without stopping at the first difference, so that timing tells nothing about
/// how much of a guess was right.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    let mut difference = given.len() ^ expected.len();
    for (i, byte) in expected.iter().enumerate() {
        difference |= usize::from(byte ^ given.get(i).copied().unwrap_or(0));
    }
    difference == 0
}

/// Ingests one article posted as a JSON record (`title`, `text` or `html`, `url`,
/// `outlet`, `published`, `author`, `language`), as `newsdesk ingest` would: it joins a
/// story and the story's dossier gets a new version.
pub(super) async fn post_article(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let refuse = |status: StatusCode, message: &str| {
        Rejection {
            status,
            message: message.to_string(),
            json: true,
        }
        .into_response()
    };
    let Some(token) = state.token.clone() else {
        return refuse(
            StatusCode::FORBIDDEN,
            "ingest over HTTP is off; start `newsdesk serve` with a token (--token-file or NEWSDESK_TOKEN) to turn it on",
        );
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let Some(given) = given else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "send the token as `Authorization: Bearer TOKEN`",
        );
    };
    if !same_secret(given.trim().as_bytes(), token.as_bytes()) {
        return refuse(StatusCode::FORBIDDEN, "the token is not the configured one");
    }
    let json_body = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !json_body {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "post the article as application/json: {\"title\", \"text\" or \"html\", \"url\", \"outlet\", \"published\", \"author\"}",
        );
    }
    let options = IngestOptions {
        max_bytes: MAX_BODY_BYTES as u64,
        ..IngestOptions::default()
    };
    let source = ndjson::parse_record("POST /api/articles", &body, &options);
    let outcome = with_store(&state, move |store| {
        ingest(store, vec![source], &Options::default(), &mut |_, _| {})
    })
    .await;
    let report = match outcome {
        Ok(report) => report,
        Err(error) => return store_error(error, true),
    };
    if let Some(error) = report.errors.first() {
        return refuse(StatusCode::BAD_REQUEST, &error.to_string());
    }
    match report.added.first() {
        Some(added) => {
            let version = report
                .updated
                .iter()
                .find(|(story, _)| *story == added.story)
                .map(|(_, version)| *version);
            (
                StatusCode::CREATED,
                [(header::LOCATION, format!("/api/articles/{}", added.article))],
                Json(json!({
                    "article": added.article,
                    "story": added.story,
                    "new_story": added.new_story,
                    "dossier_version": version,
                    "warnings": report.warnings,
                })),
            )
                .into_response()
        }
        None => Json(json!({
            "article": null,
            "duplicate": report.duplicates > 0 || report.copies > 0,
            "message": "already stored (the same text, or a copy of a stored article)",
            "warnings": report.warnings,
        }))
        .into_response(),
    }
}

/// The OpenAPI 3.1 description of the JSON API.
pub fn openapi_document() -> Value {
    let error = json!({ "$ref": "#/components/responses/Error" });
    let id = |name: &str, description: &str, schema: Value| json!({ "name": name, "in": "path", "required": true, "description": description, "schema": schema });
    let story_id = id("id", "Story id", json!({ "type": "integer", "minimum": 1 }));
    let version = json!({ "name": "version", "in": "query", "description": "An earlier version of the dossier", "schema": { "type": "integer", "minimum": 1 } });
    let since = json!({ "name": "since", "in": "query", "description": "Return what changed since this version (newsdesk.changes/1) instead of the dossier", "schema": { "type": "integer", "minimum": 1 } });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "newsdesk",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Story dossiers built from many outlets' coverage; every item cites the sentences it comes from."
        },
        "paths": {
            "/api/stories": { "get": {
                "summary": "Stories, newest activity first",
                "responses": { "200": { "description": "The stories", "content": { "application/json": { "schema": { "type": "object", "properties": { "stories": { "type": "array", "items": { "$ref": "#/components/schemas/StorySummary" } } } } } } } }
            } },
            "/api/stories/{id}": { "get": {
                "summary": "A story's dossier (newsdesk.dossier/1), or what changed since a version",
                "parameters": [story_id, version, since],
                "responses": {
                    "200": { "description": "The dossier, or with ?since= the changes", "content": { "application/json": { "schema": { "type": "object" } } } },
                    "308": { "description": "The story was merged; Location names the story it became" },
                    "400": error, "404": error
                }
            } },
            "/api/stories/{id}/versions": { "get": {
                "summary": "Every version of a story's dossier",
                "parameters": [id("id", "Story id", json!({ "type": "integer", "minimum": 1 }))],
                "responses": { "200": { "description": "Versions with their times", "content": { "application/json": { "schema": { "type": "object" } } } }, "400": error, "404": error }
            } },
            "/api/articles": { "post": {
                "summary": "Ingest one article (only when the server has a token)",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ArticleRecord" } } } },
                "responses": {
                    "201": { "description": "Stored; Location names the article", "content": { "application/json": { "schema": { "type": "object" } } } },
                    "200": { "description": "Already stored", "content": { "application/json": { "schema": { "type": "object" } } } },
                    "400": error, "401": error, "403": error, "413": { "description": "Larger than the limit" }, "415": error
                }
            } },
            "/api/articles/{id}": { "get": {
                "summary": "A stored article: metadata, clean text and sentence spans (byte offsets)",
                "parameters": [id("id", "Article id (hexadecimal fingerprint)", json!({ "type": "string", "pattern": "^[0-9a-fA-F]{1,64}$" }))],
                "responses": { "200": { "description": "The article", "content": { "application/json": { "schema": { "type": "object" } } } }, "400": error, "404": error }
            } },
            "/api/search": { "get": {
                "summary": "Stories and articles containing every word (the last also as a prefix)",
                "parameters": [
                    { "name": "q", "in": "query", "required": true, "schema": { "type": "string", "maxLength": 500 } },
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 } }
                ],
                "responses": { "200": { "description": "Matches with snippets and the byte spans of the matched words", "content": { "application/json": { "schema": { "type": "object" } } } }, "400": error }
            } },
            "/api/entities/{id}": { "get": {
                "summary": "A person or organization (a dossier's people[].id or organizations[].id) across the current stories",
                "parameters": [id("id", "Entity id", json!({ "type": "string", "pattern": "^[a-z0-9-]+$" }))],
                "responses": { "200": { "description": "Where they appear", "content": { "application/json": { "schema": { "type": "object" } } } }, "400": error, "404": error }
            } },
            "/api/openapi.json": { "get": {
                "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3.1", "content": { "application/json": { "schema": { "type": "object" } } } } }
            } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": {
                "Error": { "description": "What was wrong", "content": { "application/json": { "schema": { "type": "object", "required": ["error"], "properties": { "error": { "type": "string" } } } } } }
            },
            "schemas": {
                "StorySummary": { "type": "object", "properties": {
                    "id": { "type": "integer" }, "headline": { "type": ["string", "null"] }, "dek": { "type": ["string", "null"] },
                    "articles": { "type": "integer" }, "outlets": { "type": "array", "items": { "type": "string" } },
                    "first_published": { "type": ["string", "null"] }, "last_published": { "type": ["string", "null"] },
                    "updated_at": { "type": "string" }, "versions": { "type": "integer" }
                } },
                "ArticleRecord": { "type": "object", "properties": {
                    "title": { "type": "string" }, "text": { "type": "string" }, "html": { "type": "string" },
                    "url": { "type": "string" }, "outlet": { "type": "string" }, "published": { "type": "string" },
                    "author": { "type": "string" }, "language": { "type": "string" }
                } }
            }
        }
    })
}

pub(super) async fn openapi() -> Response {
    Json(openapi_document()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_text_and_spans() {
        let value = plain_snippet("a \u{2}crane\u{3} and \u{2}ship\u{3}");
        assert_eq!(value["text"], "a crane and ship");
        assert_eq!(value["highlights"], json!([[2, 7], [12, 16]]));
    }

    #[test]
    fn secrets_match_only_exactly() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"s3cretx", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
    }
}
