//! The `openai` writer backend against a real HTTP server on 127.0.0.1 that the test
//! starts: the client's requests, errors, retries and timeouts, and the grounding check on
//! canned completions with planted unsupported names, figures and dates.
//!
//! The canned "model" reads the numbered evidence from the request and answers with
//! sentences copied from it (which must be kept) and copies with one fact changed (which
//! must be dropped, naming the fact).

mod common;

use assert_cmd::Command;
use common::http::{Reply, TestServer};
use newsdesk::writer::openai::{OpenAi, OpenAiConfig};
use newsdesk::writer::prompt::Prompt;
use newsdesk::writer::Backend;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A chat-completions answer holding `content`.
fn completion(content: &str) -> Reply {
    let body = json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 900, "completion_tokens": 100, "total_tokens": 1000},
    });
    Reply::ok("application/json", body.to_string())
}

/// The numbered evidence lines of a request: (number, sentence without its source).
fn evidence_of(request: &Value) -> Vec<(usize, String)> {
    let user = request["messages"][1]["content"].as_str().unwrap_or("");
    user.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix('[')?;
            let (number, text) = rest.split_once("] ")?;
            let number = number.parse().ok()?;
            let text = match text.strip_prefix('(') {
                Some(tail) => tail.split_once(") ")?.1,
                None => text,
            };
            Some((number, text.to_string()))
        })
        .collect()
}

fn first_with<'e>(evidence: &'e [(usize, String)], words: &str) -> &'e (usize, String) {
    evidence
        .iter()
        .find(|(_, text)| text.contains(words))
        .unwrap_or_else(|| panic!("no evidence line contains {words:?}: {evidence:?}"))
}

/// What the canned model writes for one request.
fn canned_answer(request: &Value) -> String {
    let user = request["messages"][1]["content"].as_str().unwrap_or("");
    let evidence = evidence_of(request);
    if user.contains("Write the overview") {
        let (walkout, walkout_text) = first_with(&evidence, "walked off the job on Monday");
        let (joined, joined_text) = first_with(&evidence, "1,200");
        let (leader, leader_text) = first_with(&evidence, "Tomas Ferreira");
        format!(
            "{walkout_text} [{walkout}]\n{joined_text} [{joined}]\n{leader_text} [{leader}]\n\
             {} [{joined}]\n{} [{leader}]\n{} [{walkout}]",
            joined_text.replace("1,200", "1,900"),
            leader_text.replace("Tomas Ferreira", "Tomas Quennell"),
            walkout_text.replace("Monday", "Wednesday"),
        )
    } else if user.contains("Write the scenarios") {
        let (okafor, okafor_text) = first_with(&evidence, "30-day");
        format!(
            "{okafor_text} [{okafor}] Governments often impose cooling-off periods when \
             mediation stalls. [K] {} [{okafor}]",
            okafor_text.replace("30-day", "45-day")
        )
    } else {
        "Ports have automated cranes for decades [K]. The union was founded by Orla Brennick \
         in 1921 [1]."
            .to_string()
    }
}

fn brief_with_canned_model(server: &TestServer, extra: &[&str]) -> std::process::Output {
    let url = format!("{}/v1", server.base);
    let mut args = vec![
        "brief",
        "--example",
        "--writer",
        "openai",
        "--writer-url",
        &url,
        "--writer-model",
        "canned-model",
    ];
    args.extend_from_slice(extra);
    Command::cargo_bin("newsdesk")
        .unwrap()
        .env("NEWSDESK_WRITER_API_KEY", "sk-test-key")
        .env_remove("NEWSDESK_WRITER")
        .env_remove("NEWSDESK_WRITER_CACHE")
        .args(&args)
        .output()
        .unwrap()
}

fn canned_server(heads: Arc<std::sync::Mutex<Vec<String>>>) -> TestServer {
    TestServer::start_reading_bodies(move |path, head, body| {
        heads.lock().unwrap().push(head.to_string());
        if path != "/v1/chat/completions" {
            return Reply::status("404 Not Found");
        }
        let request: Value = serde_json::from_slice(body).expect("the request is JSON");
        assert_eq!(request["model"], "canned-model");
        assert_eq!(request["temperature"], 0);
        completion(&canned_answer(&request))
    })
}

#[test]
fn planted_names_figures_and_dates_are_dropped_and_the_rest_is_cited_and_labelled() {
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let server = canned_server(heads.clone());
    let output = brief_with_canned_model(&server, &["--no-writer-cache", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    if std::env::var_os("NEWSDESK_SHOW").is_some() {
        std::fs::write("/tmp/writer-out.json", &output.stdout).unwrap();
    }
    assert!(
        stderr.contains("writer openai canned-model: 11 sentences written, 4 supported, 2 model knowledge, 5 unsupported (dropped)"),
        "{stderr}"
    );
    // One request per section, each with the key as a bearer token.
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 3);
    assert!(heads.iter().all(|h| h
        .to_ascii_lowercase()
        .contains("authorization: bearer sk-test-key")));

    let dossier: Value = serde_json::from_slice(&output.stdout).unwrap();
    common::assert_evidence_exact(&dossier);
    let generated = &dossier["generated"];
    assert_eq!(generated["backend"], "openai");
    assert_eq!(generated["model"], "canned-model");
    assert!(generated["label"]
        .as_str()
        .unwrap()
        .starts_with("Generated by a language model"));
    let overview = &generated["sections"][0];
    assert_eq!(overview["name"], "overview");
    let kept: Vec<&str> = overview["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    for sentence in overview["sentences"].as_array().unwrap() {
        assert_eq!(sentence["verdict"], "supported");
        assert!(!sentence["evidence"].as_array().unwrap().is_empty());
    }
    let dropped = generated["grounding"]["dropped"].as_array().unwrap();
    let problems: Vec<String> = dropped
        .iter()
        .map(|d| d["sentence"]["problems"].to_string())
        .collect();
    for planted in ["1,900", "Quennell", "Wednesday", "45-day", "Orla Brennick"] {
        assert!(
            problems.iter().any(|p| p.contains(planted)),
            "{planted} not caught: {problems:?}"
        );
    }
    let scenarios = &generated["sections"][1];
    let verdicts: Vec<&str> = scenarios["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["supported", "model_knowledge"]);
}

#[test]
fn markdown_and_html_label_generated_text_and_the_cache_spares_the_second_call() {
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let server = canned_server(heads.clone());
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().to_str().unwrap();
    let markdown = brief_with_canned_model(&server, &["--writer-cache", cache_dir]);
    assert!(markdown.status.success());
    let text = String::from_utf8_lossy(&markdown.stdout);
    assert!(text.contains("## Written by a language model"), "{text}");
    assert!(text.contains("> **Generated.** Generated by a language model"));
    assert!(text.contains("### Overview (generated)"));
    assert!(text.contains("*(model knowledge, not from the sources)*"));
    assert!(
        !text.contains("Quennell"),
        "dropped sentences are not shown"
    );
    assert_eq!(heads.lock().unwrap().len(), 3);

    let html = brief_with_canned_model(&server, &["--writer-cache", cache_dir, "--format", "html"]);
    assert!(html.status.success());
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(page.contains("data-generated=\"true\""));
    assert!(page.contains("Overview (generated)"));
    assert_eq!(
        heads.lock().unwrap().len(),
        3,
        "the second rendering came from the cache"
    );
}

#[test]
fn the_flag_policy_keeps_unsupported_sentences_marked_in_markdown() {
    let server = canned_server(Arc::new(std::sync::Mutex::new(Vec::new())));
    let output = brief_with_canned_model(&server, &["--no-writer-cache", "--unsupported", "flag"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Quennell"));
    assert!(
        text.contains("*(unsupported: name “Tomas Quennell” is not in the cited evidence)*"),
        "{text}"
    );
}

#[test]
fn a_failing_endpoint_costs_only_the_generated_sections() {
    let server = TestServer::start(|_, _| Reply::status("401 Unauthorized"));
    let output = brief_with_canned_model(&server, &["--no-writer-cache", "--format", "json"]);
    assert!(output.status.success(), "the dossier is still produced");
    let dossier: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!dossier["overview"].as_array().unwrap().is_empty());
    for section in dossier["generated"]["sections"].as_array().unwrap() {
        let error = section["error"].as_str().unwrap();
        assert!(error.contains("HTTP 401"), "{error}");
        assert!(
            error.contains("/v1/chat/completions"),
            "names the endpoint: {error}"
        );
    }
}

#[test]
fn bad_writer_options_are_refused_with_a_clear_message() {
    let output = Command::cargo_bin("newsdesk")
        .unwrap()
        .env_remove("NEWSDESK_WRITER_MODEL")
        .args(["brief", "--example", "--writer", "openai"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--writer-model"));
    let output = Command::cargo_bin("newsdesk")
        .unwrap()
        .args([
            "brief",
            "--example",
            "--writer",
            "openai",
            "--writer-model",
            "m",
            "--writer-url",
            "ftp://x",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("not an http(s) URL"));
}

fn client(server: &TestServer, timeout: Duration, retries: u32) -> OpenAi {
    let mut config = OpenAiConfig::new(&format!("{}/v1", server.base), "m");
    config.timeout = timeout;
    config.retries = retries;
    config.backoff = Duration::from_millis(10);
    OpenAi::new(config)
}

fn prompt() -> Prompt {
    Prompt {
        system: "rules".into(),
        user: "evidence".into(),
        citations: Default::default(),
    }
}

/// A server answering the n-th request (from 0) with `replies(n)`.
fn sequence(
    replies: impl Fn(usize) -> Reply + Send + Sync + 'static,
) -> (TestServer, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let server = TestServer::start(move |_, _| replies(seen.fetch_add(1, Ordering::SeqCst)));
    (server, count)
}

#[test]
fn server_errors_and_rate_limits_are_retried_with_backoff() {
    let (server, count) = sequence(|n| match n {
        0 => Reply::status("503 Service Unavailable"),
        1 => Reply::status("429 Too Many Requests").header("Retry-After", "0"),
        _ => completion("Written [1]."),
    });
    let answer = client(&server, Duration::from_secs(5), 2)
        .complete(&prompt(), 50)
        .unwrap();
    assert_eq!(answer.text, "Written [1].");
    assert_eq!(answer.tokens, Some(1000));
    assert_eq!(count.load(Ordering::SeqCst), 3);

    let (server, count) = sequence(|_| Reply::status("500 Internal Server Error"));
    let error = client(&server, Duration::from_secs(5), 1)
        .complete(&prompt(), 50)
        .unwrap_err();
    assert!(error.to_string().contains("HTTP 500"), "{error}");
    assert!(error.to_string().contains("after 2 attempts"), "{error}");
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[test]
fn client_errors_and_bad_answers_fail_at_once() {
    let (server, count) = sequence(|_| {
        Reply::ok(
            "application/json",
            r#"{"error":{"message":"invalid api key"}}"#,
        )
        .status_line("401 Unauthorized")
    });
    let error = client(&server, Duration::from_secs(5), 3)
        .complete(&prompt(), 50)
        .unwrap_err();
    assert!(error.to_string().contains("HTTP 401"), "{error}");
    assert!(error.to_string().contains("invalid api key"), "{error}");
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "no retry of a client error"
    );

    let (server, _) = sequence(|_| Reply::ok("text/html", "<html>proxy error page</html>"));
    let error = client(&server, Duration::from_secs(5), 3)
        .complete(&prompt(), 50)
        .unwrap_err();
    assert!(error.to_string().contains("not JSON"), "{error}");
}

#[test]
fn a_slow_server_times_out_and_a_closed_port_is_reported() {
    let (server, count) = sequence(|_| completion("late").delayed(Duration::from_secs(3)));
    let error = client(&server, Duration::from_millis(300), 1)
        .complete(&prompt(), 50)
        .unwrap_err();
    assert!(error.to_string().contains("timed out"), "{error}");
    assert_eq!(count.load(Ordering::SeqCst), 2, "a timeout is retried");

    // A port nobody listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut config = OpenAiConfig::new(&format!("http://127.0.0.1:{port}/v1"), "m");
    config.retries = 0;
    let error = OpenAi::new(config).complete(&prompt(), 50).unwrap_err();
    assert!(error.to_string().contains("cannot connect"), "{error}");
}
