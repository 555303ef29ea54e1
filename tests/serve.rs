//! HTTP routes of `newsdesk serve`, exercised through the router with a store built from
//! the example corpus.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use newsdesk::pipeline::{ingest, Options};
use newsdesk::store::Store;
use tower::ServiceExt;

fn store_with_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let report = ingest(
        &mut store,
        newsdesk::example::sources(),
        &Options::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(report.added.len(), 5);
    dir
}

async fn get(dir: &tempfile::TempDir, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let app = newsdesk::serve::router(&dir.path().join("store.sqlite")).unwrap();
    let response = app
        .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn front_page_lists_stories() {
    let dir = store_with_example();
    let (status, headers, body) = get(&dir, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(body.contains("href=\"/stories/1\""));
    assert!(body.contains("5 articles"));
}

#[tokio::test]
async fn story_page_renders_the_dossier_with_a_strict_policy() {
    let dir = store_with_example();
    let (status, headers, body) = get(&dir, "/stories/1").await;
    assert_eq!(status, StatusCode::OK);
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.starts_with("default-src 'none'; style-src 'sha256-"),
        "{policy}"
    );
    assert_eq!(policy, newsdesk::serve::content_security_policy());
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(body.contains("Where the sources disagree"));
    assert!(body.contains("id=\"a0-s0\""), "sentences are addressable");
    assert!(!body.contains("<script"));
}

#[tokio::test]
async fn api_serves_the_dossier_contract() {
    let dir = store_with_example();
    let (status, _, body) = get(&dir, "/api/stories").await;
    assert_eq!(status, StatusCode::OK);
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list["stories"][0]["articles"], 5);

    let (status, headers, body) = get(&dir, "/api/stories/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let dossier: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(dossier["schema"], "newsdesk.dossier/1");
    assert_eq!(dossier["story"]["version"], 1);

    let (status, _, body) = get(&dir, "/api/stories/1/versions").await;
    assert_eq!(status, StatusCode::OK);
    let versions: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(versions["versions"][0]["version"], 1);

    let (status, _, _) = get(&dir, "/api/stories/1?version=1").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn errors_are_clear_and_typed() {
    let dir = store_with_example();
    let cases = [
        (
            "/api/stories/99",
            StatusCode::NOT_FOUND,
            "there is no story 99",
        ),
        (
            "/api/stories/abc",
            StatusCode::BAD_REQUEST,
            "is not a story id",
        ),
        (
            "/api/stories/0",
            StatusCode::BAD_REQUEST,
            "is not a story id",
        ),
        (
            "/api/stories/1?version=0",
            StatusCode::BAD_REQUEST,
            "not a positive number",
        ),
        (
            "/api/stories/1?version=9",
            StatusCode::NOT_FOUND,
            "has no version 9",
        ),
        (
            "/api/nothing",
            StatusCode::NOT_FOUND,
            "nothing at /api/nothing",
        ),
    ];
    for (uri, status, message) in cases {
        let (got, headers, body) = get(&dir, uri).await;
        assert_eq!(got, status, "{uri}");
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{uri}"
        );
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(
            error["error"].as_str().unwrap().contains(message),
            "{uri}: {body}"
        );
    }
    let (status, headers, body) = get(&dir, "/stories/42").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(body.contains("there is no story 42"));
    let (status, _, _) = get(&dir, "/../../etc/passwd").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_merged_story_redirects_to_the_story_it_became() {
    let dir = store_with_example();
    {
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        let survivor = store.create_story().unwrap();
        store.merge_stories(1, survivor, 0.5).unwrap();
    }
    for (uri, to) in [
        ("/stories/1", "/stories/2"),
        ("/api/stories/1", "/api/stories/2"),
    ] {
        let (status, headers, _) = get(&dir, uri).await;
        assert_eq!(status, StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(headers["location"], to, "{uri}");
    }
    // Its own history stays readable.
    let (status, _, body) = get(&dir, "/api/stories/1?version=1").await;
    assert_eq!(status, StatusCode::OK);
    let dossier: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(dossier["story"]["id"], 1);
}

/// The example story ingested in two rounds (three articles, then two): two versions.
fn store_with_two_versions() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let sources = newsdesk::example::sources();
    let (first, second): (Vec<_>, Vec<_>) =
        sources.into_iter().enumerate().partition(|(i, _)| *i < 3);
    for round in [first, second] {
        let round = round.into_iter().map(|(_, s)| s).collect();
        ingest(&mut store, round, &Options::default(), &mut |_, _| {}).unwrap();
    }
    dir
}

#[tokio::test]
async fn what_changed_since_a_version_as_json_and_on_the_page() {
    let dir = store_with_two_versions();
    let (status, _, body) = get(&dir, "/api/stories/1/versions").await;
    assert_eq!(status, StatusCode::OK);
    let versions: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(versions["versions"].as_array().unwrap().len(), 2, "{body}");

    let (status, _, body) = get(&dir, "/api/stories/1?since=1").await;
    assert_eq!(status, StatusCode::OK);
    let changes: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(changes["schema"], "newsdesk.changes/1");
    assert_eq!(changes["from_version"], 1);
    assert_eq!(changes["to_version"], 2);
    assert!(!changes["changes"].as_array().unwrap().is_empty());

    let (status, _, page) = get(&dir, "/stories/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("href=\"/stories/1?since=1\""),
        "a link to what changed"
    );
    let (status, _, page) = get(&dir, "/stories/1?since=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("What changed from version 1 to version 2"));

    let (status, _, body) = get(&dir, "/api/stories/1?since=7").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("since=7"), "{body}");
    let (status, _, _) = get(&dir, "/stories/1?since=first").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
