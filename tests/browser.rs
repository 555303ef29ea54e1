//! End to end in headless Chromium, driven through ChromeDriver's WebDriver protocol: the
//! server runs in this process over a store built from the example collection; the
//! browser loads the front page and a story, follows a citation to its highlighted
//! sentence and on to the article's page, runs a search, opens a person's page, and reads
//! the story at phone width and in the dark theme. Screenshots land in
//! `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them and sets
//! `NEWSDESK_REQUIRE_BROWSER=1`, which turns a missing browser into a failure); elsewhere
//! the test is skipped with a message.

use base64::Engine;
use newsdesk::store::Store;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The key WebDriver names element references by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn browser_available() -> bool {
    let found = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !found {
        if std::env::var_os("NEWSDESK_REQUIRE_BROWSER").is_some() {
            panic!("{CHROMIUM} or {CHROMEDRIVER} is missing but NEWSDESK_REQUIRE_BROWSER is set");
        }
        eprintln!("skipped: {CHROMIUM} and {CHROMEDRIVER} are needed (Debian packages chromium, chromium-driver)");
    }
    found
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Serves `store` on a free loopback port; returns the base URL.
fn start_server(store: &Path) -> String {
    newsdesk::serve::serve_in_background(newsdesk::serve::router(store).unwrap()).unwrap()
}

/// ChromeDriver, stopped when dropped.
struct Driver {
    process: Child,
    base: String,
    agent: ureq::Agent,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Driver {
    fn start() -> Driver {
        let port = free_port();
        let process = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let driver = Driver {
            process,
            base: format!("http://127.0.0.1:{port}"),
            agent,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = driver
                .agent
                .get(&format!("{}/status", driver.base))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|body| serde_json::from_str::<Value>(&body).ok())
                .is_some_and(|status| status["value"]["ready"] == true);
            if ready {
                return driver;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not become ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self
                .agent
                .post(&url)
                .header("content-type", "application/json")
                .send(body.unwrap_or_else(|| json!({})).to_string()),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status();
        let text = response.body_mut().read_to_string().unwrap();
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        value["value"].clone()
    }

    fn session(&self, user_data: &Path, extra_args: &[&str]) -> Session<'_> {
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--no-first-run".to_string(),
            "--disable-sync".to_string(),
            "--disable-quic".to_string(),
            "--window-size=1200,1500".to_string(),
            format!("--user-data-dir={}", user_data.display()),
        ];
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let value = self.request(
            "POST",
            "/session",
            Some(json!({ "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": CHROMIUM, "args": args }
            } } })),
        );
        Session {
            driver: self,
            id: value["sessionId"]
                .as_str()
                .expect("a session id")
                .to_string(),
        }
    }
}

struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.driver
                .request("DELETE", &format!("/session/{}", self.id), None)
        }));
    }
}

impl Session<'_> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.driver
            .request(method, &format!("/session/{}{path}", self.id), body)
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_string()
    }

    /// Waits (up to ten seconds) for a navigation a click started; returns the new URL.
    fn wait_for_url(&self, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = self.url();
            if wanted(&url) {
                return url;
            }
            assert!(Instant::now() < deadline, "still at {url}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn find(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string()
    }

    fn count(&self, css: &str) -> usize {
        self.call(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        )
        .as_array()
        .map_or(0, Vec::len)
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.call("POST", &format!("/element/{element}/click"), None);
    }

    fn text(&self, css: &str) -> String {
        let element = self.find(css);
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn css(&self, css: &str, property: &str) -> String {
        let element = self.find(css);
        self.call("GET", &format!("/element/{element}/css/{property}"), None)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn script(&self, body: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": body, "args": [] })),
        )
    }

    fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// Saves a PNG of the viewport to `target/screenshots/NAME.png`.
    fn screenshot(&self, name: &str) -> PathBuf {
        let encoded = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        assert!(png.len() > 10_000, "{name}: a page, not a blank image");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }
}

fn example_store(dir: &Path) -> PathBuf {
    let path = dir.join("store.sqlite");
    let mut store = Store::open(&path).unwrap();
    newsdesk::example::store_collection(&mut store).unwrap();
    path
}

#[test]
fn a_reader_follows_a_story_its_citations_and_a_search_in_chromium() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let base = start_server(&example_store(dir.path()));
    let driver = Driver::start();
    let session = driver.session(&dir.path().join("profile"), &[]);

    // The front page lists both stories with their coverage charts.
    session.go(&format!("{base}/"));
    assert_eq!(session.count("article.card.row"), 2);
    assert_eq!(session.count("svg.spark"), 2);
    session.screenshot("front");

    // A story page, from the front page.
    session.click("a[href=\"/stories/1\"]");
    session.wait_for_url(|url| url.ends_with("/stories/1"));
    assert!(session.text("h1").contains("Velmora"));
    session.screenshot("story");

    // A citation number leads to its reference, the reference to the sentence in the
    // article text below, highlighted by the stylesheet alone (no scripts on the page).
    session.click(".cite a");
    session.wait_for_url(|url| url.ends_with("#ref-1"));
    session.click("#ref-1 > a");
    let url = session.wait_for_url(|url| url.contains("-s"));
    let target = url.rsplit('#').next().unwrap().to_string();
    assert!(target.starts_with('a') && target.contains("-s"), "{url}");
    let highlight = session.css(&format!("#{target}"), "background-color");
    assert_ne!(
        highlight, "rgba(0, 0, 0, 0)",
        "the cited sentence is highlighted"
    );
    session.screenshot("citation");

    // The reference also opens the article's own page with the sentence marked.
    let story_url = format!("{base}/stories/1");
    session.go(&story_url);
    session.click("#ref-1 a.meta");
    session.wait_for_url(|url| url.contains("/articles/"));
    assert_eq!(session.count("span.cited mark"), 1);
    session.screenshot("article");

    // A search from the form in the site bar.
    session.go(&format!("{base}/"));
    session.type_into("input[name=q]", "embankment");
    session.click("form.search button");
    session.wait_for_url(|url| url.ends_with("/search?q=embankment"));
    assert!(session.count("mark") >= 2, "matched words are marked");
    assert!(session.count("a[href=\"/stories/2\"]") >= 1);
    session.screenshot("search");

    // A person across stories.
    session.go(&format!("{base}/stories/2"));
    session.click("a[href=\"/entities/dalia-okafor\"]");
    session.wait_for_url(|url| url.ends_with("/entities/dalia-okafor"));
    assert!(session.text("header").contains("Named in 2 stories"));
    session.screenshot("entity");

    // Phone width: nothing wider than the screen.
    session.resize(390, 844);
    session.go(&story_url);
    let fits = session.script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;",
    );
    let offenders = session.script(
        "const w = document.documentElement.clientWidth; return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 40));",
    );
    assert_eq!(
        fits, true,
        "the story page fits a phone's width: {offenders}"
    );
    session.screenshot("story-phone");
    drop(session);

    // The dark theme follows the system's preference.
    let dark = driver.session(&dir.path().join("profile-dark"), &["--force-dark-mode"]);
    dark.go(&story_url);
    let background = dark.css("body", "background-color");
    assert_eq!(background, "rgba(21, 23, 26, 1)", "the dark palette");
    dark.screenshot("story-dark");
}
