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
    let report = newsdesk::example::store_collection(&mut store).unwrap();
    assert_eq!(report.added.len(), 8);
    dir
}

async fn get(dir: &tempfile::TempDir, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let app = newsdesk::serve::router(&dir.path().join("store.sqlite")).unwrap();
    send(
        &app,
        Request::builder().uri(uri).body(Body::empty()).unwrap(),
    )
    .await
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
    assert!(body.contains("href=\"/stories/2\""));
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
    let strike = list["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|story| story["id"] == 1)
        .unwrap();
    assert_eq!(strike["articles"], 5);

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
        ("/stories/1", "/stories/3"),
        ("/api/stories/1", "/api/stories/3"),
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

/// A router with writes on (token `TOKEN`) over `dir`'s store.
fn writable(dir: &tempfile::TempDir) -> axum::Router {
    newsdesk::serve::router_with(
        &dir.path().join("store.sqlite"),
        &newsdesk::serve::Config {
            token: Some(TOKEN.to_string()),
            connections: 2,
            ..newsdesk::serve::Config::default()
        },
    )
    .unwrap()
}

const TOKEN: &str = "a-long-test-token-0123456789";

async fn send(
    app: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn post(body: &str, token: Option<&str>, content_type: &str) -> Request<Body> {
    let mut request = Request::builder()
        .method("POST")
        .uri("/api/articles")
        .header("content-type", content_type);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    request.body(Body::from(body.to_string())).unwrap()
}

fn json_of(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn the_front_page_filters_by_outlet_draws_coverage_and_pages() {
    let dir = store_with_example();
    let (_, _, body) = get(&dir, "/").await;
    assert!(body.contains("<svg class=\"spark\""), "coverage charts");
    assert!(
        body.contains("href=\"/?outlet=Pelagia%20Post\""),
        "outlet filters"
    );
    assert!(body.contains("action=\"/search\""), "a search form");
    let (status, _, body) = get(&dir, "/?outlet=Pelagia%20Post").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("href=\"/stories/2\"") && !body.contains("href=\"/stories/1\""));
    let (status, _, body) = get(&dir, "/?outlet=Nobody%20Times").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("No story is covered by that outlet"));
    let (status, _, body) = get(&dir, "/?page=2").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("there is no page 2"));
    let (status, _, _) = get(&dir, "/?page=zero").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn search_finds_stories_and_articles_and_rejects_empty_queries() {
    let dir = store_with_example();
    let (status, _, body) = get(&dir, "/search?q=embankment").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<mark>embankment</mark>"), "{body}");
    assert!(body.contains("href=\"/stories/2\""));
    assert!(body.contains("href=\"/articles/"));
    let (status, _, body) = get(&dir, "/search").await;
    assert_eq!(status, StatusCode::OK, "an empty search page is a form");
    assert!(body.contains("Type a few words"));
    let (status, _, body) = get(&dir, "/search?q=%22%28%2A").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("has no words to search for"));

    let (status, _, body) = get(&dir, "/api/search?q=cranes").await;
    assert_eq!(status, StatusCode::OK);
    let results = json_of(&body);
    let hit = &results["articles"][0];
    let text = hit["snippet"]["text"].as_str().unwrap();
    let [start, end] =
        [0, 1].map(|i| hit["snippet"]["highlights"][0][i].as_u64().unwrap() as usize);
    assert!(
        text[start..end].to_lowercase().starts_with("crane"),
        "{hit}"
    );
    for bad in [
        "/api/search",
        "/api/search?q=",
        "/api/search?q=%3F%3F",
        "/api/search?q=x&limit=0",
    ] {
        let (status, _, body) = get(&dir, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(json_of(&body)["error"].is_string());
    }
}

#[tokio::test]
async fn a_citation_opens_its_sentence_highlighted_in_the_article() {
    let dir = store_with_example();
    let (_, _, story) = get(&dir, "/stories/1").await;
    // The first reference that opens an article page.
    let start = story
        .find("href=\"/articles/")
        .expect("references open articles")
        + 6;
    let link = &story[start..start + story[start..].find('"').unwrap()];
    let link = link.replace("&amp;", "&");
    let (status, _, page) = get(&dir, &link).await;
    assert_eq!(status, StatusCode::OK, "{link}");
    let sentence = link.rsplit("#s").next().unwrap();
    assert!(
        page.contains(&format!("<span class=\"cited\" id=\"s{sentence}\"><mark>")),
        "{link}"
    );
    let id = link
        .trim_start_matches("/articles/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let (status, _, body) = get(&dir, &format!("/api/articles/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let article = json_of(&body);
    assert_eq!(article["id"], id.as_str());
    assert_eq!(article["story"], 1);
    assert!(article["sentences"].as_array().unwrap().len() > 3);

    for (uri, status, message) in [
        (
            "/articles/not-hex!".to_string(),
            StatusCode::BAD_REQUEST,
            "is not an article id",
        ),
        (
            "/articles/00ff".to_string(),
            StatusCode::NOT_FOUND,
            "there is no article 00ff",
        ),
        (
            format!("/articles/{id}?s=999"),
            StatusCode::BAD_REQUEST,
            "there is no sentence 999",
        ),
        (
            format!("/articles/{id}?s=first"),
            StatusCode::BAD_REQUEST,
            "is not a sentence number",
        ),
        (
            "/api/articles/zz".to_string(),
            StatusCode::BAD_REQUEST,
            "is not an article id",
        ),
        (
            "/api/articles/abc123".to_string(),
            StatusCode::NOT_FOUND,
            "there is no article abc123",
        ),
    ] {
        let (got, _, body) = get(&dir, &uri).await;
        assert_eq!(got, status, "{uri}");
        assert!(body.contains(message), "{uri}: {body}");
    }
}

#[tokio::test]
async fn an_entity_page_follows_a_person_across_stories() {
    let dir = store_with_example();
    let (_, _, story) = get(&dir, "/stories/2").await;
    assert!(story.contains("href=\"/entities/dalia-okafor\""));
    let (status, _, body) = get(&dir, "/entities/dalia-okafor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Named in 2 stories"), "{body}");
    assert!(body.contains("href=\"/stories/1#person-dalia-okafor\""));
    assert!(body.contains("href=\"/stories/2#person-dalia-okafor\""));
    let (status, _, body) = get(&dir, "/api/entities/dalia-okafor").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&body)["appearances"].as_array().unwrap().len(), 2);
    for (uri, status) in [
        ("/entities/Not_A_Slug", StatusCode::BAD_REQUEST),
        ("/entities/nobody-named-so", StatusCode::NOT_FOUND),
        ("/api/entities/nobody-named-so", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(get(&dir, uri).await.0, status, "{uri}");
    }
}

#[tokio::test]
async fn the_feed_is_atom_with_one_entry_per_story() {
    let dir = store_with_example();
    let (status, headers, body) = get(&dir, "/feed.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let mut reader = quick_xml::Reader::from_str(&body);
    let mut entries = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(tag) if tag.name().as_ref() == b"entry" => entries += 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(entries, 2);
    assert!(body.contains("/stories/2</id>"));
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let dir = store_with_example();
    let (status, _, body) = get(&dir, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let document = json_of(&body);
    assert_eq!(document["openapi"], "3.1.0");
    let paths: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths.len(), 8, "{paths:?}");
    // Each described GET answers (not the fallback's "nothing at").
    for path in paths {
        let operations = &document["paths"][path];
        if operations.get("get").is_none() {
            continue;
        }
        let uri = path
            .replace("/api/stories/{id}", "/api/stories/1")
            .replace("{id}", "dalia-okafor");
        let uri = if uri.starts_with("/api/articles/") {
            "/api/articles/00".to_string()
        } else if uri == "/api/search" {
            "/api/search?q=strike".to_string()
        } else {
            uri
        };
        let (_, _, body) = get(&dir, &uri).await;
        assert!(!body.contains("nothing at"), "{uri}: {body}");
    }
}

#[tokio::test]
async fn posting_an_article_needs_the_token_and_updates_the_story() {
    let dir = store_with_example();
    let article = serde_json::json!({
        "title": "Coastrail Runs First Test Train on Rebuilt Carrow Embankment",
        "outlet": "Velmora Ledger",
        "published": "2031-04-03",
        "text": "Coastrail ran its first test train over the rebuilt embankment south of Carrow on Thursday, three weeks after the storm that washed out the coast line.\nChief engineer Piet Varga said the new embankment had settled faster than expected and that passenger trains could return on April 14.\nTransport Minister Dalia Okafor said the €60 million repair had come in under budget."
    })
    .to_string();

    // Off without a token.
    let read_only = newsdesk::serve::router(&dir.path().join("store.sqlite")).unwrap();
    let (status, _, body) = send(&read_only, post(&article, Some(TOKEN), "application/json")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("ingest over HTTP is off"));

    let app = writable(&dir);
    let (_, _, before) = send(
        &app,
        Request::get("/stories/2").body(Body::empty()).unwrap(),
    )
    .await;
    assert!(before.contains("version 1 of story 2"));
    let (status, _, _) = send(&app, post(&article, None, "application/json")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = send(
        &app,
        post(&article, Some("wrong-token-0123456789"), "application/json"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(&app, post(&article, Some(TOKEN), "text/plain")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, _, body) = send(
        &app,
        post("{\"title\": 3}", Some(TOKEN), "application/json"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        json_of(&body)["error"]
            .as_str()
            .unwrap()
            .contains("POST /api/articles"),
        "{body}"
    );
    let huge = "x".repeat(newsdesk::serve::MAX_BODY_BYTES + 10);
    let (status, _, _) = send(&app, post(&huge, Some(TOKEN), "application/json")).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    let (status, headers, body) = send(&app, post(&article, Some(TOKEN), "application/json")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created = json_of(&body);
    assert_eq!(created["story"], 2, "it joins the storm story: {body}");
    assert_eq!(created["dossier_version"], 2);
    let location = headers["location"].to_str().unwrap().to_string();
    let (status, _, _) = send(
        &app,
        Request::get(location.as_str()).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The page shows the new version (rendered pages are kept by version).
    let (_, _, after) = send(
        &app,
        Request::get("/stories/2").body(Body::empty()).unwrap(),
    )
    .await;
    assert!(
        after.contains("version 2 of story 2"),
        "the new version is served"
    );
    assert!(after.contains("test train"));

    let (status, _, body) = send(&app, post(&article, Some(TOKEN), "application/json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&body)["duplicate"], true);
    let (status, _, _) = send(
        &app,
        Request::get("/api/articles").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn hostile_source_text_is_shown_as_text_everywhere() {
    let dir = store_with_example();
    let hostile = serde_json::json!({
        "title": "Carrow Storm <script>alert('title')</script> Embankment Update",
        "outlet": "<img src=x onerror=alert(1)>",
        "url": "javascript:alert('url')",
        "published": "2031-03-18",
        "text": "Repair crews on the Carrow embankment found <script>alert('body')</script> nothing unusual on Tuesday, Coastrail said.\nThe washed-out embankment south of Carrow will be rebuilt with <b>rock</b> fill, chief engineer Piet Varga said."
    })
    .to_string();
    let app = writable(&dir);
    let (status, _, body) = send(&app, post(&hostile, Some(TOKEN), "application/json")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = json_of(&body)["article"].as_str().unwrap().to_string();
    let story = json_of(&body)["story"].as_i64().unwrap();
    for uri in [
        format!("/stories/{story}"),
        format!("/articles/{id}"),
        "/search?q=embankment".to_string(),
        "/".to_string(),
        "/entities/piet-varga".to_string(),
    ] {
        let (status, headers, page) = send(
            &app,
            Request::get(uri.as_str()).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(!page.contains("<script"), "{uri}");
        if uri.starts_with("/articles/") {
            assert!(
                page.contains("&lt;script&gt;alert('body')"),
                "shown as text"
            );
            assert!(
                page.contains("javascript:alert('url')"),
                "the address as text"
            );
        }
        assert!(!page.contains("<img"), "{uri}");
        assert!(!page.contains("href=\"javascript:"), "{uri}");
        assert!(headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'"));
    }
    let (_, _, feed) = send(&app, Request::get("/feed.xml").body(Body::empty()).unwrap()).await;
    assert!(!feed.contains("<script"));
}

#[tokio::test]
async fn error_pages_carry_the_security_headers_too() {
    let dir = store_with_example();
    for uri in [
        "/nowhere",
        "/stories/x",
        "/api/stories/x",
        "/articles/%2e%2e%2fetc%2fpasswd",
    ] {
        let (status, headers, _) = get(&dir, uri).await;
        assert!(status.is_client_error(), "{uri}");
        assert!(headers.contains_key("content-security-policy"), "{uri}");
        assert_eq!(headers["x-frame-options"], "DENY", "{uri}");
    }
}
