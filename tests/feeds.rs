//! Following feeds end to end against real HTTP servers on 127.0.0.1: RSS, Atom and JSON
//! Feed, full-text items and linked pages, conditional GET, broken feeds and pages, slow,
//! redirecting, huge and mislabelled responses, OPML, and a run killed midway.

mod common;

use assert_cmd::Command;
use common::http::{Reply, TestServer};
use std::path::Path;
use std::time::Duration;

fn newsdesk(store: &Path) -> Command {
    let mut command = Command::cargo_bin("newsdesk").unwrap();
    command.env("NEWSDESK_STORE", store);
    command
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// An invented article page: a headline, a lead, and two paragraphs of its own (distinct
/// pages must not read as copies of each other).
fn page(title: &str, lead: &str) -> String {
    let more = match title {
        t if t.starts_with("Cranes stay idle") => [
            "The Velmora Dockworkers Union said talks with the port authority would resume on Friday, after a week in which no container ship was unloaded at the northern quay.",
            "Shipping agents counted six vessels waiting at anchor beyond the breakwater by nightfall.",
        ],
        t if t.starts_with("Ferry") => [
            "Harbour master Ines Albarran told reporters that the island routes would keep a morning and an evening boat whatever happened at the container terminal.",
            "Passengers queued for two hours at the ticket office on Thursday, and the operator added a bus link to the southern pier.",
        ],
        t if t.starts_with("Gazette") => [
            "Ballot papers list the fourteen points of the authority's proposal, from retraining grants to early retirement at sixty.",
            "Union leader Tomas Ferreira said he would not tell members how to vote but expected a close result.",
        ],
        t if t.starts_with("Crane drivers") => [
            "About forty drivers lit braziers by the weighbridge and turned back two lorries carrying spare parts for the new cranes.",
            "Police watched from across the road but made no arrests, a spokesman said.",
        ],
        _ => [
            "Its owner said takings had fallen by two thirds since the pickets went up, as dockers stayed home and visitors stayed away.",
            "She hopes to reopen for the spring regatta if the dispute is settled by then.",
        ],
    };
    format!(
        "<html><head><title>{title}</title><meta property=\"article:published_time\" content=\"2031-03-05T08:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/ports\">Ports</a></nav><article><h1>{title}</h1>\
         <p>{lead}</p><p>{}</p><p>{}</p>\
         </article><footer>Copyright Coastline Daily</footer></body></html>",
        more[0], more[1]
    )
}

const FULL_TEXT_WORDS: usize = 160;

fn rss(base: &str) -> String {
    let long_body: String = (0..FULL_TEXT_WORDS / 16)
        .map(|i| format!("&lt;p&gt;Paragraph {i} of the full text: crane operators at Port Velmora kept the strike going through the night shift.&lt;/p&gt;"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Coastline Daily</title><link>{base}/</link>
<item><title>Cranes stay idle as strike enters second week</title><link>{base}/pages/cranes.html</link>
  <guid>cd-1</guid><pubDate>Wed, 05 Mar 2031 08:00:00 +0000</pubDate>
  <description>Cranes stayed idle.</description></item>
<item><title>Night shift joins the walkout</title><link>{base}/pages/night.html</link>
  <guid>cd-2</guid><pubDate>Thu, 06 Mar 2031 06:00:00 +0000</pubDate>
  <description>Short teaser.</description><content:encoded>{long_body}</content:encoded></item>
<item><title>Moved story</title><link>{base}/pages/moved.html</link><guid>cd-3</guid></item>
<item><title>Gone story</title><link>{base}/pages/gone.html</link><guid>cd-4</guid></item>
</channel></rss>"#
    )
}

fn atom(base: &str) -> String {
    format!(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Courier</title>
<entry><title>Ferry timetable cut</title><link href="{base}/pages/ferry.html"/><id>hc-1</id>
<updated>2031-03-06T09:00:00Z</updated><author><name>Tomas Bell</name></author><summary>Teaser.</summary></entry>
<entry><title>Latin-1 page</title><link href="{base}/pages/latin1.html"/><id>hc-2</id></entry>
<entry><title>Huge page</title><link href="{base}/pages/huge.html"/><id>hc-3</id></entry>
</feed>"#
    )
}

fn json_feed(base: &str) -> String {
    format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "North Shore Gazette",
  "items": [{{"id": "ns-1", "url": "{base}/pages/gazette.html", "title": "Gazette: union vote set", "summary": "Vote on Friday."}}]}}"#
    )
}

/// The fixture site: three good feeds, a broken one, a missing one and a slow one.
fn site() -> TestServer {
    TestServer::start(|path, head| {
        let base_host = head
            .lines()
            .find_map(|l| {
                l.strip_prefix("Host: ")
                    .or_else(|| l.strip_prefix("host: "))
            })
            .unwrap_or("127.0.0.1")
            .trim()
            .to_string();
        let base = format!("http://{base_host}");
        match path {
            "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
            "/rss.xml" => {
                if head
                    .to_ascii_lowercase()
                    .contains("if-none-match: \"rss-v1\"")
                {
                    Reply::status("304 Not Modified").header("ETag", "\"rss-v1\"")
                } else {
                    Reply::ok("application/rss+xml", rss(&base)).header("ETag", "\"rss-v1\"")
                }
            }
            "/atom.xml" => Reply::ok("application/atom+xml", atom(&base)),
            "/feed.json" => Reply::ok("application/feed+json", json_feed(&base)),
            "/broken.xml" => Reply::ok("application/rss+xml", "<rss><channel><item><title>Cut"),
            "/missing.xml" => Reply::status("404 Not Found"),
            "/slow.xml" => {
                Reply::ok("application/rss+xml", "<rss/>").delayed(Duration::from_secs(5))
            }
            "/pages/cranes.html" => Reply::ok(
                "text/html; charset=utf-8",
                page(
                    "Cranes stay idle as strike enters second week",
                    "Not a single crane moved at Port Velmora on Wednesday.",
                ),
            ),
            "/pages/ferry.html" => Reply::ok(
                "text/html",
                page(
                    "Ferry timetable cut",
                    "The winter ferry timetable was cut to four crossings a day.",
                ),
            ),
            "/pages/gazette.html" => Reply::ok(
                "text/html",
                page(
                    "Gazette: union vote set",
                    "Dockworkers will vote on the port offer on Friday.",
                ),
            ),
            "/pages/moved.html" => {
                Reply::status("301 Moved Permanently").header("Location", "/pages/cranes-2.html")
            }
            "/pages/cranes-2.html" => Reply::ok(
                "text/html",
                page(
                    "Crane drivers picket the gates",
                    "Crane drivers picketed the northern gates at dawn.",
                ),
            ),
            "/pages/gone.html" => Reply::status("500 Internal Server Error"),
            "/pages/latin1.html" => {
                // Declared UTF-8 by nothing, written in windows-1252: "Café" with 0xE9.
                let mut body = page(
                    "Quay caf\u{e9} closes",
                    "The quay caf\u{e9} closed its doors during the strike.",
                )
                .replace('\u{e9}', "\u{1}")
                .into_bytes();
                for byte in body.iter_mut() {
                    if *byte == 1 {
                        *byte = 0xe9;
                    }
                }
                Reply::ok("text/html", body)
            }
            "/pages/huge.html" => Reply::ok("text/html", vec![b'x'; 3 * 1024 * 1024]),
            _ => Reply::status("404 Not Found"),
        }
    })
}

/// Articles in the store's stories.
fn stored_articles(store: &Path) -> u64 {
    let stories = newsdesk(store)
        .args(["stories", "--json"])
        .output()
        .unwrap();
    let stories: serde_json::Value = serde_json::from_slice(&stories.stdout).unwrap();
    stories
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["articles"].as_u64().unwrap())
        .sum()
}

fn watch_once(store: &Path) -> std::process::Output {
    newsdesk(store)
        .args([
            "watch",
            "--once",
            "--host-interval",
            "0",
            "--timeout",
            "2",
            "--max-bytes",
            "1000000",
        ])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap()
}

#[test]
fn watch_ingests_new_items_and_survives_broken_sources() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    for feed in [
        "/rss.xml",
        "/atom.xml",
        "/feed.json",
        "/broken.xml",
        "/missing.xml",
    ] {
        newsdesk(&store)
            .args(["feeds", "add", &server.url(feed)])
            .assert()
            .success();
    }
    newsdesk(&store)
        .args(["feeds", "add", "ftp://nowhere"])
        .assert()
        .failure();

    let output = watch_once(&store);
    let stderr = stderr_of(&output);
    // Some sources failed, so the exit status says so, but the run went on.
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("polled 5 feeds"), "{stderr}");
    assert!(stderr.contains("cut short"), "{stderr}");
    assert!(stderr.contains("HTTP 404"), "{stderr}");
    assert!(stderr.contains("HTTP 500"), "{stderr}");
    assert!(stderr.contains("larger than"), "{stderr}");
    // The full-text item was not fetched; the teaser items' pages were, redirects followed.
    assert_eq!(server.requested("/pages/night.html"), 0);
    assert_eq!(server.requested("/pages/cranes.html"), 1);
    assert_eq!(server.requested("/pages/cranes-2.html"), 1);
    // Retried before giving up.
    assert_eq!(server.requested("/pages/gone.html"), 3);
    assert_eq!(server.requested("/robots.txt"), 1);

    let articles = stored_articles(&store);
    // cranes, night (full text), cranes-2, ferry, latin1, gazette.
    assert_eq!(articles, 6);

    let list = newsdesk(&store)
        .args(["feeds", "list", "--json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let status = |url: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|f| f["url"] == server.url(url))
            .map(|f| {
                (
                    f["last_status"].as_str().unwrap().to_string(),
                    f["failures"].as_i64().unwrap(),
                )
            })
            .unwrap()
    };
    assert!(status("/broken.xml").0.starts_with("error:"));
    assert_eq!(status("/broken.xml").1, 1);
    assert_eq!(
        status("/rss.xml").0,
        "ok: 4 new items, 3 ingested, 1 failed"
    );
    assert_eq!(list[0]["title"], "Coastline Daily");

    // Second poll: the RSS feed answers 304, the others have nothing new; the failed page
    // (HTTP 500) is tried again.
    let output = watch_once(&store);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("1 unchanged"), "{stderr}");
    assert!(stderr.contains("0 ingested"), "{stderr}");
    assert_eq!(server.requested("/rss.xml"), 2);
    assert_eq!(server.requested("/pages/cranes.html"), 1);
    // The page that failed is pending: tried again although the feed did not change.
    assert_eq!(server.requested("/pages/gone.html"), 6);
    assert_eq!(server.requested("/pages/huge.html"), 2);
    assert_eq!(
        status_of(&store, &server.url("/rss.xml")),
        "not modified, 1 pending retried"
    );
}

/// The last status `feeds list` shows for a feed.
fn status_of(store: &Path, url: &str) -> String {
    let list = newsdesk(store)
        .args(["feeds", "list", "--json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|f| f["url"] == url)
        .and_then(|f| f["last_status"].as_str())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_page_that_keeps_failing_is_given_up_after_five_attempts() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    newsdesk(&store)
        .args(["feeds", "add", &server.url("/rss.xml")])
        .assert()
        .success();
    let poll = || {
        newsdesk(&store)
            .args(["watch", "--once", "--host-interval", "0", "--retries", "0"])
            .output()
            .unwrap()
    };
    for _ in 0..4 {
        let output = poll();
        assert!(!stderr_of(&output).contains("given up"));
    }
    let output = poll();
    assert!(
        stderr_of(&output)
            .contains("HTTP 500 Internal Server Error (tried 1 time) (given up after 5 attempts)"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(server.requested("/pages/gone.html"), 5);
    poll();
    assert_eq!(server.requested("/pages/gone.html"), 5);
}

#[test]
fn windows_1252_pages_are_decoded() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    let output = newsdesk(&store)
        .args(["extract", &server.url("/pages/latin1.html")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Quay café closes"), "{text}");
}

#[test]
fn opml_round_trip_and_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    let opml = dir.path().join("subs.opml");
    std::fs::write(
        &opml,
        r#"<opml version="2.0"><body><outline text="Ports">
        <outline text="Coastline Daily" xmlUrl="https://coastline.example/rss.xml"/>
        <outline text="Courier" xmlUrl="https://courier.example/atom.xml"/>
        <outline text="Bad" xmlUrl="gopher://old.example/"/></outline></body></opml>"#,
    )
    .unwrap();
    let output = newsdesk(&store)
        .args(["feeds", "import"])
        .arg(&opml)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        stderr_of(&output).contains("2 newly followed"),
        "{}",
        stderr_of(&output)
    );
    let exported = newsdesk(&store).args(["feeds", "export"]).output().unwrap();
    let exported = String::from_utf8_lossy(&exported.stdout);
    assert!(
        exported.contains("xmlUrl=\"https://coastline.example/rss.xml\""),
        "{exported}"
    );
    assert!(exported.contains("text=\"Courier\""), "{exported}");
    assert!(!exported.contains("gopher"));

    newsdesk(&store)
        .args(["feeds", "remove", "https://courier.example/atom.xml"])
        .assert()
        .success();
    let output = newsdesk(&store)
        .args(["feeds", "remove", "https://courier.example/atom.xml"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(stderr_of(&output).contains("is not followed"));

    let not_opml = dir.path().join("feed.xml");
    std::fs::write(&not_opml, "<rss><channel/></rss>").unwrap();
    let output = newsdesk(&store)
        .args(["feeds", "import"])
        .arg(&not_opml)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("not an OPML document"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn a_run_killed_midway_loses_nothing_already_stored() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    newsdesk(&store)
        .args(["feeds", "add", &server.url("/feed.json")])
        .assert()
        .success();
    watch_once(&store);
    let before = newsdesk(&store)
        .args(["stories", "--json"])
        .output()
        .unwrap()
        .stdout;

    // A slow feed keeps the next run busy; kill it while it waits.
    newsdesk(&store)
        .args(["feeds", "add", &server.url("/slow.xml")])
        .assert()
        .success();
    newsdesk(&store)
        .args(["feeds", "add", &server.url("/rss.xml")])
        .assert()
        .success();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsdesk"))
        .env("NEWSDESK_STORE", &store)
        .args(["watch", "--once", "--host-interval", "0", "--timeout", "30"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    child.kill().unwrap();
    child.wait().unwrap();

    // Everything stored before is still there, and the next run completes.
    let after = newsdesk(&store)
        .args(["stories", "--json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(before, after);
    let output = watch_once(&store);
    assert!(
        stderr_of(&output).contains("ingested"),
        "{}",
        stderr_of(&output)
    );
    let articles = stored_articles(&store);
    assert!(articles >= 4, "{articles}");
}
