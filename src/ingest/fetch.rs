//! Fetching over HTTP(S), done the way a well-behaved crawler does it: a clear User-Agent,
//! timeouts, a redirect limit, a body size limit, gzip and brotli, conditional GET (ETag,
//! Last-Modified), retries with exponential backoff on 5xx, 429 and network failures, a
//! minimum interval between two requests to the same host, and robots.txt respected by
//! default.
//!
//! A host is asked one thing at a time, with the interval between requests; several hosts
//! are asked at once by [`HttpClient::get_many`] (up to `concurrency`). Per-host state
//! (when it was last asked, its robots rules) lives in the [`HttpClient`], so a `watch`
//! run that polls many feeds on one host treats that host politely across all of them.

use super::{sniff_format, IngestOptions, InputError, RawSource, SourceFormat};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use ureq::ResponseExt;

#[derive(Clone, Debug)]
pub struct HttpOptions {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_redirects: u32,
    pub user_agent: String,
    /// Least time between two requests to the same host.
    pub host_interval: Duration,
    /// Further attempts after a 5xx, 429, timeout or failed connection.
    pub retries: u32,
    /// Wait before the first retry; each further retry waits twice as long (a server's
    /// `Retry-After`, up to a minute, wins when longer).
    pub backoff: Duration,
    /// Fetch and obey each host's robots.txt.
    pub respect_robots: bool,
    /// Hosts fetched from at the same time by [`HttpClient::get_many`] (each host still one
    /// request at a time).
    pub concurrency: usize,
}

/// The product token robots.txt groups are matched against.
pub const ROBOTS_TOKEN: &str = "newsdesk";

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 5,
            user_agent: format!(
                "newsdesk/{} (story dossiers; offline-first news reader)",
                env!("CARGO_PKG_VERSION")
            ),
            host_interval: Duration::from_secs(1),
            retries: 2,
            backoff: Duration::from_secs(1),
            respect_robots: true,
            concurrency: 4,
        }
    }
}

/// Validators from an earlier response, sent back so that an unchanged resource costs a
/// `304 Not Modified` instead of a body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful response.
#[derive(Clone, Debug)]
pub struct Response {
    /// Where the last redirect led.
    pub final_url: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
    pub validators: Validators,
}

#[derive(Clone, Debug)]
pub enum Fetched {
    NotModified,
    Body(Response),
}

/// Per-host politeness state.
#[derive(Default)]
struct Host {
    last_request: Option<Instant>,
    /// `None` until fetched (or when robots are not respected).
    robots: Option<Robots>,
}

pub struct HttpClient {
    requester: Requester,
    hosts: HashMap<String, Host>,
}

/// What every request shares: the agent and the options. `Sync`, so that several hosts
/// can be fetched from at once.
struct Requester {
    agent: ureq::Agent,
    options: HttpOptions,
    max_bytes: u64,
}

impl HttpClient {
    pub fn new(options: &IngestOptions) -> HttpClient {
        let http = &options.http;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(http.timeout))
            .timeout_connect(Some(http.connect_timeout))
            .max_redirects(http.max_redirects)
            .user_agent(http.user_agent.as_str())
            .http_status_as_error(false)
            .build()
            .into();
        HttpClient {
            requester: Requester {
                agent,
                options: http.clone(),
                max_bytes: options.max_bytes,
            },
            hosts: HashMap::new(),
        }
    }

    /// GETs `url`, conditionally when `validators` hold anything. Errors name the URL and
    /// say what went wrong (status, timeout, robots, size).
    pub fn get(&mut self, url: &str, validators: &Validators) -> Result<Fetched, InputError> {
        let host = host_of(url)
            .ok_or_else(|| InputError::new(url, "is not an http(s) URL".to_string()))?;
        let state = self.hosts.entry(host).or_default();
        self.requester.get(url, validators, state)
    }

    /// GETs many URLs, up to `concurrency` hosts at a time but each host's URLs one after
    /// the other (with the host interval between them): politeness per host, speed across
    /// hosts. Results come back in the order of `urls`.
    pub fn get_many(&mut self, urls: &[&str]) -> Vec<Result<Fetched, InputError>> {
        let concurrency = self.requester.options.concurrency;
        let mut results: Vec<Option<Result<Fetched, InputError>>> =
            urls.iter().map(|_| None).collect();
        // Each host's queue, with the host's state taken out of the map while in use.
        let mut queues: Vec<(String, Host, Vec<usize>)> = Vec::new();
        for (index, url) in urls.iter().enumerate() {
            let Some(host) = host_of(url) else {
                results[index] = Some(Err(InputError::new(*url, "is not an http(s) URL")));
                continue;
            };
            match queues.iter_mut().find(|(h, _, _)| *h == host) {
                Some((_, _, indices)) => indices.push(index),
                None => {
                    let state = self.hosts.remove(&host).unwrap_or_default();
                    queues.push((host, state, vec![index]));
                }
            }
        }
        let work = std::sync::Mutex::new(queues);
        let done = std::sync::Mutex::new(Vec::new());
        let requester = &self.requester;
        std::thread::scope(|scope| {
            for _ in 0..concurrency.max(1) {
                scope.spawn(|| loop {
                    let Some((host, mut state, indices)) =
                        work.lock().expect("no panics while held").pop()
                    else {
                        break;
                    };
                    let mut fetched = Vec::with_capacity(indices.len());
                    for index in indices {
                        fetched.push((
                            index,
                            requester.get(urls[index], &Validators::default(), &mut state),
                        ));
                    }
                    done.lock()
                        .expect("no panics while held")
                        .push((host, state, fetched));
                });
            }
        });
        for (host, state, fetched) in done.into_inner().expect("threads joined") {
            self.hosts.insert(host, state);
            for (index, result) in fetched {
                results[index] = Some(result);
            }
        }
        results
            .into_iter()
            .map(|r| r.expect("every URL was fetched or refused"))
            .collect()
    }
}

impl Requester {
    fn get(
        &self,
        url: &str,
        validators: &Validators,
        host: &mut Host,
    ) -> Result<Fetched, InputError> {
        let fail = |problem: String| InputError::new(url, problem);
        if self.options.respect_robots && !self.allowed_by_robots(url, host) {
            return Err(fail(
                "robots.txt of the site disallows fetching it (pass --ignore-robots to fetch anyway)"
                    .to_string(),
            ));
        }
        let mut attempt = 0;
        loop {
            self.wait_for_turn(host);
            let outcome = self.request(url, validators);
            let retry_after = match &outcome {
                Err(Attempt::Retryable { retry_after, .. }) => *retry_after,
                _ => None,
            };
            match outcome {
                Ok(fetched) => return Ok(fetched),
                Err(Attempt::Retryable { problem, .. }) if attempt >= self.options.retries => {
                    let tries = attempt + 1;
                    return Err(fail(format!(
                        "{problem} (tried {tries} time{})",
                        if tries == 1 { "" } else { "s" }
                    )));
                }
                Err(Attempt::Retryable { .. }) => {
                    let backoff = self.options.backoff * 2u32.pow(attempt);
                    let wait = retry_after
                        .map(|r| r.min(Duration::from_secs(60)))
                        .map_or(backoff, |r| r.max(backoff));
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                Err(Attempt::Final(problem)) => return Err(fail(problem)),
            }
        }
    }

    fn wait_for_turn(&self, host: &mut Host) {
        if let Some(last) = host.last_request {
            let due = last + self.options.host_interval;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        host.last_request = Some(Instant::now());
    }

    fn request(&self, url: &str, validators: &Validators) -> Result<Fetched, Attempt> {
        let mut request = self.agent.get(url);
        if let Some(etag) = &validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(modified) = &validators.last_modified {
            request = request.header("If-Modified-Since", modified);
        }
        let mut response = request.call().map_err(|e| classify(&e))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if status == 429 || (500..600).contains(&status) {
            let retry_after = header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(Attempt::Retryable {
                problem: status_problem(response.status()),
                retry_after,
            });
        }
        if !response.status().is_success() {
            return Err(Attempt::Final(status_problem(response.status())));
        }
        let final_url = response.get_uri().to_string();
        let content_type = header("content-type");
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let limit = self.max_bytes;
        let bytes = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => Attempt::Final(format!(
                    "response body is larger than the {} limit (raise it with --max-bytes)",
                    super::human_bytes(limit)
                )),
                other => classify(&other),
            })?;
        Ok(Fetched::Body(Response {
            final_url,
            content_type,
            bytes,
            validators,
        }))
    }

    /// Whether the host's robots.txt lets newsdesk fetch `url` (fetched once per host; a
    /// missing or unreachable file allows everything).
    fn allowed_by_robots(&self, url: &str, host: &mut Host) -> bool {
        if host.robots.is_none() {
            let robots_url = format!("{}/robots.txt", origin_of(url).unwrap_or_default());
            self.wait_for_turn(host);
            host.robots = Some(match self.request(&robots_url, &Validators::default()) {
                Ok(Fetched::Body(response)) => {
                    Robots::parse(&String::from_utf8_lossy(&response.bytes), ROBOTS_TOKEN)
                }
                _ => Robots::default(),
            });
        }
        let path = path_of(url);
        host.robots.as_ref().is_none_or(|r| r.allows(&path))
    }
}

/// One attempt's failure.
enum Attempt {
    /// Worth trying again: 5xx, 429, timeouts, refused connections.
    Retryable {
        problem: String,
        retry_after: Option<Duration>,
    },
    Final(String),
}

fn status_problem(status: ureq::http::StatusCode) -> String {
    format!(
        "server answered HTTP {} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .trim_end()
    .to_string()
}

fn classify(error: &ureq::Error) -> Attempt {
    let retryable = |problem: &str| Attempt::Retryable {
        problem: problem.to_string(),
        retry_after: None,
    };
    match error {
        ureq::Error::Timeout(_) => retryable("timed out"),
        ureq::Error::ConnectionFailed => retryable("connection failed"),
        ureq::Error::Io(_) => retryable(&format!("fetch failed: {error}")),
        ureq::Error::HostNotFound => Attempt::Final("host not found".to_string()),
        ureq::Error::TooManyRedirects => Attempt::Final("too many redirects".to_string()),
        other => Attempt::Final(format!("fetch failed: {other}")),
    }
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    (!authority.is_empty()).then(|| format!("{}://{authority}", scheme.to_ascii_lowercase()))
}

/// The host (with port) that politeness is counted per.
fn host_of(url: &str) -> Option<String> {
    origin_of(url).map(|o| {
        o.split_once("://")
            .map(|(_, h)| h.to_ascii_lowercase())
            .unwrap_or(o)
    })
}

/// Path and query of a URL, `/` when empty.
fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find(['/', '?']).map_or("/", |at| &rest[at..]);
    let path = path.split('#').next().unwrap_or("/");
    if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_string()
    }
}

/// The rules of one robots.txt that apply to newsdesk: the group naming its product token,
/// else the `*` group. Longest matching rule wins; `Allow` wins a tie; `*` matches any run
/// of characters and a final `$` anchors the end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Robots {
    rules: Vec<Rule>,
}

/// (allow, pattern)
type Rule = (bool, String);

impl Robots {
    pub fn parse(text: &str, token: &str) -> Robots {
        // Groups: user-agent lines followed by rules.
        /// The user agents a group names, and its rules.
        type Group = (Vec<String>, Vec<Rule>);
        let mut groups: Vec<Group> = Vec::new();
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((field, value)) = line.split_once(':') else {
                continue;
            };
            let (field, value) = (field.trim().to_ascii_lowercase(), value.trim().to_string());
            match field.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push((Vec::new(), Vec::new()));
                    }
                    in_agents = true;
                    if let Some(group) = groups.last_mut() {
                        group.0.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(group) = groups.last_mut() {
                        // An empty Disallow allows everything: no rule.
                        if !value.is_empty() {
                            group.1.push((field == "allow", value));
                        }
                    }
                }
                _ => in_agents = false,
            }
        }
        let token = token.to_ascii_lowercase();
        let pick = |matches: &dyn Fn(&str) -> bool| -> Option<Vec<Rule>> {
            let rules: Vec<Rule> = groups
                .iter()
                .filter(|(agents, _)| agents.iter().any(|a| matches(a)))
                .flat_map(|(_, rules)| rules.iter().cloned())
                .collect();
            groups
                .iter()
                .any(|(agents, _)| agents.iter().any(|a| matches(a)))
                .then_some(rules)
        };
        let rules = pick(&|agent: &str| agent != "*" && token.contains(agent))
            .or_else(|| pick(&|agent: &str| agent == "*"))
            .unwrap_or_default();
        Robots { rules }
    }

    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if pattern_matches(pattern, path) {
                let length = pattern.len();
                best = match best {
                    Some((l, a)) if l > length || (l == length && a) => Some((l, a)),
                    _ => Some((length, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

fn pattern_matches(pattern: &str, path: &str) -> bool {
    // Without a final `$` a rule matches any path that starts like it: a trailing `*`.
    let pattern = match pattern.strip_suffix('$') {
        Some(anchored) => anchored.to_string(),
        None => format!("{pattern}*"),
    };
    wildcard_match(pattern.as_bytes(), path.as_bytes())
}

/// Whole-string match with `*` for any run of bytes, in time proportional to the product
/// of the lengths at worst (greedy, backtracking only to the last `*`): a robots.txt full
/// of stars cannot stall a run.
fn wildcard_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut last_star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            last_star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((star, matched)) = last_star {
            p = star + 1;
            t = matched + 1;
            last_star = Some((star, matched + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// Fetches one URL as an article source (used for URLs given on the command line).
pub fn fetch_url(url: &str, options: &IngestOptions) -> Result<RawSource, InputError> {
    let mut client = HttpClient::new(options);
    match client.get(url, &Validators::default())? {
        Fetched::Body(response) => Ok(source_from_response(url, response)),
        Fetched::NotModified => Err(InputError::new(
            url,
            "server answered 304 Not Modified to an unconditional request",
        )),
    }
}

/// An article source from a fetched page: the format from the Content-Type, else sniffed.
pub fn source_from_response(origin: &str, response: Response) -> RawSource {
    let format = match response.content_type.as_deref() {
        Some(ct) if ct.contains("html") => SourceFormat::Html,
        Some(ct) if ct.starts_with("text/plain") => SourceFormat::Text,
        _ => sniff_format(&response.bytes),
    };
    let mut source = RawSource::new(origin, response.bytes, format);
    source.hints.url = Some(response.final_url);
    source.content_type = response.content_type;
    source.fetched_at = Some(crate::date::now_utc_iso());
    source
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    /// Serves canned responses on 127.0.0.1, one per connection, in order; records the
    /// request heads it received.
    fn serve(responses: Vec<&'static [u8]>) -> (String, Arc<Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for response in responses {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let mut buffer = [0u8; 8192];
                let n = stream.read(&mut buffer).unwrap_or(0);
                log.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&buffer[..n]).to_string());
                let _ = stream.write_all(response);
            }
        });
        (format!("http://{address}"), seen)
    }

    fn quick() -> IngestOptions {
        IngestOptions {
            http: HttpOptions {
                host_interval: Duration::ZERO,
                backoff: Duration::from_millis(10),
                respect_robots: false,
                timeout: Duration::from_secs(5),
                ..HttpOptions::default()
            },
            ..IngestOptions::default()
        }
    }

    const NOT_FOUND: &[u8] =
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    #[test]
    fn fetches_a_page_with_its_content_type() {
        let (base, _) = serve(vec![
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 26\r\nConnection: close\r\n\r\n<html><p>Harbor</p></html>",
        ]);
        let url = format!("{base}/story");
        let source = fetch_url(&url, &quick()).unwrap();
        assert_eq!(source.format, SourceFormat::Html);
        assert_eq!(source.bytes, b"<html><p>Harbor</p></html>");
        assert_eq!(source.hints.url.as_deref(), Some(url.as_str()));
        assert!(source.fetched_at.is_some());
    }

    #[test]
    fn http_errors_are_reported_with_status() {
        let (base, _) = serve(vec![NOT_FOUND]);
        let error = fetch_url(&format!("{base}/story"), &quick()).unwrap_err();
        assert_eq!(error.problem, "server answered HTTP 404 Not Found");
    }

    #[test]
    fn oversized_bodies_are_refused() {
        let (base, _) = serve(vec![
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 40\r\nConnection: close\r\n\r\n0123456789012345678901234567890123456789",
        ]);
        let options = IngestOptions {
            max_bytes: 10,
            ..quick()
        };
        let error = fetch_url(&format!("{base}/story"), &options).unwrap_err();
        assert!(
            error.problem.contains("larger than the 10 bytes limit"),
            "{}",
            error.problem
        );
    }

    #[test]
    fn server_errors_are_retried_then_reported() {
        let (base, seen) = serve(vec![
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nHello",
        ]);
        let source = fetch_url(&format!("{base}/a"), &quick()).unwrap();
        assert_eq!(source.bytes, b"Hello");
        assert_eq!(seen.lock().unwrap().len(), 3);

        let (base, seen) = serve(vec![
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            3
        ]);
        let error = fetch_url(&format!("{base}/a"), &quick()).unwrap_err();
        assert_eq!(
            error.problem,
            "server answered HTTP 502 Bad Gateway (tried 3 times)"
        );
        assert_eq!(seen.lock().unwrap().len(), 3);
    }

    #[test]
    fn conditional_get_sends_validators_and_understands_304() {
        let (base, seen) = serve(vec![
            b"HTTP/1.1 304 Not Modified\r\nETag: \"v7\"\r\nConnection: close\r\n\r\n",
        ]);
        let mut client = HttpClient::new(&quick());
        let validators = Validators {
            etag: Some("\"v7\"".into()),
            last_modified: Some("Tue, 04 Mar 2031 10:00:00 GMT".into()),
        };
        let fetched = client
            .get(&format!("{base}/feed.xml"), &validators)
            .unwrap();
        assert!(matches!(fetched, Fetched::NotModified));
        let head = seen.lock().unwrap()[0].to_ascii_lowercase();
        assert!(head.contains("if-none-match: \"v7\""), "{head}");
        assert!(
            head.contains("if-modified-since: tue, 04 mar 2031"),
            "{head}"
        );
        assert!(head.contains("user-agent: newsdesk/"), "{head}");
    }

    #[test]
    fn robots_txt_is_fetched_once_and_obeyed() {
        let (base, seen) = serve(vec![
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 52\r\nConnection: close\r\n\r\nUser-agent: *\nDisallow: /private/\nAllow: /private/ok\n",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
        ]);
        let options = IngestOptions {
            http: HttpOptions {
                respect_robots: true,
                ..quick().http
            },
            ..quick()
        };
        let mut client = HttpClient::new(&options);
        let error = client
            .get(&format!("{base}/private/plans"), &Validators::default())
            .unwrap_err();
        assert!(error.problem.contains("robots.txt"), "{}", error.problem);
        let fetched = client
            .get(&format!("{base}/private/ok"), &Validators::default())
            .unwrap();
        assert!(matches!(fetched, Fetched::Body(_)));
        let requests = seen.lock().unwrap();
        assert_eq!(requests.len(), 2);
        assert!(requests[0].starts_with("GET /robots.txt"));
    }

    #[test]
    fn robots_groups_and_patterns() {
        let text = "User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /search\nDisallow: /*.pdf$\nAllow: /search/about\n";
        let robots = Robots::parse(text, ROBOTS_TOKEN);
        assert!(robots.allows("/news/harbor-strike"));
        assert!(!robots.allows("/search?q=strike"));
        assert!(robots.allows("/search/about"));
        assert!(!robots.allows("/files/report.pdf"));
        assert!(robots.allows("/files/report.pdf.html"));
        let own = Robots::parse(
            "User-agent: newsdesk\nDisallow: /feeds/\n\nUser-agent: *\nDisallow: /\n",
            ROBOTS_TOKEN,
        );
        assert!(own.allows("/news/"));
        assert!(!own.allows("/feeds/all.xml"));
        assert!(Robots::parse("", ROBOTS_TOKEN).allows("/anything"));
        let stars = format!("User-agent: *\nDisallow: /{}x\n", "*a".repeat(40));
        assert!(Robots::parse(&stars, ROBOTS_TOKEN).allows(&format!("/{}", "a".repeat(200))));
    }

    #[test]
    fn hosts_are_spaced_out() {
        let (base, _) = serve(vec![NOT_FOUND, NOT_FOUND]);
        let options = IngestOptions {
            http: HttpOptions {
                host_interval: Duration::from_millis(300),
                ..quick().http
            },
            ..quick()
        };
        let mut client = HttpClient::new(&options);
        let started = Instant::now();
        let _ = client.get(&format!("{base}/a"), &Validators::default());
        let _ = client.get(&format!("{base}/b"), &Validators::default());
        // The second request waited for the interval (a lower bound, not a timing claim).
        assert!(started.elapsed() >= Duration::from_millis(300));
    }

    #[test]
    fn gzip_bodies_are_decompressed() {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"<p>Harbour reopens</p>").unwrap();
        let body = encoder.finish().unwrap();
        let mut response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(&body);
        let (base, seen) = serve(vec![Box::leak(response.into_boxed_slice())]);
        let source = fetch_url(&format!("{base}/page"), &quick()).unwrap();
        assert_eq!(source.bytes, b"<p>Harbour reopens</p>");
        let head = seen.lock().unwrap()[0].to_ascii_lowercase();
        assert!(head.contains("accept-encoding: gzip, br"), "{head}");
    }

    #[test]
    fn slow_servers_time_out_and_are_retried() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            // Accept and say nothing: every attempt waits for the timeout.
            let mut held = Vec::new();
            for stream in listener.incoming().take(3) {
                held.push(stream);
            }
            std::thread::sleep(Duration::from_secs(5));
        });
        let options = IngestOptions {
            http: HttpOptions {
                timeout: Duration::from_millis(300),
                ..quick().http
            },
            ..quick()
        };
        let error = fetch_url(&format!("http://{address}/slow"), &options).unwrap_err();
        assert_eq!(error.problem, "timed out (tried 3 times)");
    }

    #[test]
    fn redirect_loops_stop_at_the_limit() {
        const AGAIN: &[u8] =
            b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        let (base, seen) = serve(vec![AGAIN; 8]);
        let error = fetch_url(&format!("{base}/again"), &quick()).unwrap_err();
        assert_eq!(error.problem, "too many redirects");
        // The first request and five redirects.
        assert_eq!(seen.lock().unwrap().len(), 6);
    }

    #[test]
    fn many_urls_come_back_in_order_from_several_hosts_at_once() {
        let ok = |body: &'static str| -> &'static [u8] {
            Box::leak(
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
                    .into_bytes()
                    .into_boxed_slice(),
            )
        };
        let (first, _) = serve(vec![ok("a1"), ok("a2")]);
        let (second, _) = serve(vec![ok("b1")]);
        let urls = [
            format!("{first}/1"),
            format!("{second}/1"),
            "mailto:someone".to_string(),
            format!("{first}/2"),
        ];
        let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
        let mut client = HttpClient::new(&quick());
        let results = client.get_many(&refs);
        let bodies: Vec<String> = results
            .iter()
            .map(|r| match r {
                Ok(Fetched::Body(response)) => String::from_utf8_lossy(&response.bytes).to_string(),
                Ok(Fetched::NotModified) => "304".to_string(),
                Err(error) => error.problem.clone(),
            })
            .collect();
        assert_eq!(bodies, ["a1", "b1", "is not an http(s) URL", "a2"]);
        // Host state is kept for later requests.
        assert_eq!(client.hosts.len(), 2);
    }

    #[test]
    fn url_parts() {
        assert_eq!(
            origin_of("HTTPS://Example.test:8080/a?b").as_deref(),
            Some("https://Example.test:8080")
        );
        assert_eq!(
            host_of("http://Example.test/a").as_deref(),
            Some("example.test")
        );
        assert_eq!(path_of("http://example.test"), "/");
        assert_eq!(path_of("http://example.test?x=1"), "/?x=1");
        assert_eq!(path_of("http://example.test/a/b?c#frag"), "/a/b?c");
        assert_eq!(origin_of("ftp://example.test/"), None);
    }
}
