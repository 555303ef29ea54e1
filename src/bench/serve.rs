//! `newsdesk bench serve`: the web server under load from `wrk` on loopback, with a store
//! of many stories, against a reference server in the same run.
//!
//! The store holds the example collection's two stories plus copies of their dossiers
//! (each copy its own story with its own headline, so that pages differ) up to the asked
//! number of stories. Four loads run for the same time at the same concurrency: one story
//! page again and again (what a popular story sees), story pages picked at random among
//! all stories (from the rendered-page cache once each has been asked for), the same with
//! the cache off (every request loads and renders its dossier), and the front page. The reference is
//! the floor for this machine and this HTTP stack: the same axum server answering every
//! request with the same story page's bytes from memory, no store and no rendering.
//! `wrk` shares the machine's cores with the server, as a co-located client would.

use crate::pipeline::build_dossier;
use crate::serve::serve_in_background;
use crate::store::Store;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct ServeBenchOptions {
    pub stories: usize,
    pub connections: usize,
    pub seconds: u64,
    pub threads: usize,
    /// The `wrk` binary.
    pub wrk: PathBuf,
}

/// What `wrk` measured for one load.
#[derive(Clone, Debug, PartialEq)]
pub struct Load {
    pub name: String,
    pub requests_per_second: f64,
    /// Latency percentiles in milliseconds.
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub requests: u64,
    /// Socket errors and non-2xx/3xx responses `wrk` counted.
    pub errors: u64,
}

pub struct ServeBench {
    pub stories: usize,
    pub page_bytes: usize,
    pub loads: Vec<Load>,
    pub reference: Load,
}

/// A latency such as `12.34ms`, `850.00us` or `1.02s`, in milliseconds.
fn milliseconds(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    match unit {
        "us" => Some(value / 1000.0),
        "ms" => Some(value),
        "s" => Some(value * 1000.0),
        "m" => Some(value * 60_000.0),
        _ => None,
    }
}

/// Reads `wrk --latency` output.
pub fn parse_wrk(name: &str, output: &str) -> Result<Load, String> {
    let mut load = Load {
        name: name.to_string(),
        requests_per_second: f64::NAN,
        p50_ms: f64::NAN,
        p99_ms: f64::NAN,
        requests: 0,
        errors: 0,
    };
    for line in output.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", value] => {
                load.requests_per_second = value.parse().unwrap_or(f64::NAN)
            }
            ["50%", value] => load.p50_ms = milliseconds(value).unwrap_or(f64::NAN),
            ["99%", value] => load.p99_ms = milliseconds(value).unwrap_or(f64::NAN),
            [count, "requests", "in", ..] => load.requests = count.parse().unwrap_or(0),
            ["Non-2xx", "or", "3xx", "responses:", count] => {
                load.errors += count.parse::<u64>().unwrap_or(0)
            }
            ["Socket", "errors:", rest @ ..] => {
                load.errors += rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum::<u64>()
            }
            _ => {}
        }
    }
    if load.requests_per_second.is_nan() || load.p99_ms.is_nan() {
        return Err(format!("could not read wrk's output for {name}:\n{output}"));
    }
    Ok(load)
}

/// A store with `stories` stories, in `dir`; returns its path and one story page's URL path.
fn build_store(dir: &Path, stories: usize) -> Result<PathBuf, String> {
    let path = dir.join("store.sqlite");
    let mut store = Store::open(&path).map_err(|e| e.to_string())?;
    crate::example::store_collection(&mut store).map_err(|e| e.to_string())?;
    let mut originals = Vec::new();
    for story in [1, 2] {
        let articles = store.story_articles(story).map_err(|e| e.to_string())?;
        originals.push(build_dossier(&articles)?);
    }
    for n in 3..=stories.max(2) {
        let story = store.create_story().map_err(|e| e.to_string())?;
        let mut dossier = originals[n % 2].clone();
        dossier.headline.text = format!("{} (copy {n})", dossier.headline.text);
        store
            .save_dossier(story, &dossier)
            .map_err(|e| e.to_string())?;
    }
    Ok(path)
}

fn run_wrk(
    options: &ServeBenchOptions,
    name: &str,
    url: &str,
    script: Option<&Path>,
) -> Result<Load, String> {
    let mut command = Command::new(&options.wrk);
    command
        .arg(format!("-t{}", options.threads.max(1)))
        .arg(format!("-c{}", options.connections.max(1)))
        .arg(format!("-d{}s", options.seconds.max(1)))
        .arg("--latency")
        .arg("--timeout")
        .arg("10s");
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    let output = command.arg(url).output().map_err(|e| {
        format!(
            "cannot run {} ({e}); install wrk (Debian package wrk) or pass --wrk PATH",
            options.wrk.display()
        )
    })?;
    if !output.status.success() {
        return Err(format!(
            "wrk failed for {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    parse_wrk(name, &String::from_utf8_lossy(&output.stdout))
}

pub fn run(options: &ServeBenchOptions) -> Result<ServeBench, String> {
    let dir = std::env::temp_dir().join(format!("newsdesk-bench-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = (|| {
        let store = build_store(&dir, options.stories)?;
        let app = crate::serve::router(&store).map_err(|e| e.to_string())?;
        let base = serve_in_background(app).map_err(|e| e.to_string())?;
        let uncached = crate::serve::router_with(
            &store,
            &crate::serve::Config {
                page_cache_bytes: Some(0),
                ..crate::serve::Config::default()
            },
        )
        .map_err(|e| e.to_string())?;
        let uncached_base = serve_in_background(uncached).map_err(|e| e.to_string())?;
        // The page the reference serves: story 1 as newsdesk serves it.
        let page = ureq::get(&format!("{base}/stories/1"))
            .call()
            .map_err(|e| format!("the server did not answer: {e}"))?
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| e.to_string())?;
        let page_bytes = page.len();
        let reference_app = Router::new().route(
            "/stories/1",
            get(move || {
                let page = page.clone();
                async move { Html(page) }
            }),
        );
        let reference_base = serve_in_background(reference_app).map_err(|e| e.to_string())?;
        let script = dir.join("random-story.lua");
        std::fs::write(
            &script,
            format!(
                "math.randomseed(42)\nrequest = function()\n  return wrk.format(\"GET\", \"/stories/\" .. math.random(1, {}))\nend\n",
                options.stories.max(2)
            ),
        )
        .map_err(|e| e.to_string())?;
        let loads = vec![
            run_wrk(
                options,
                "one story page",
                &format!("{base}/stories/1"),
                None,
            )?,
            run_wrk(
                options,
                "random story pages",
                &format!("{base}/"),
                Some(&script),
            )?,
            run_wrk(
                options,
                "random story pages, no page cache",
                &format!("{uncached_base}/"),
                Some(&script),
            )?,
            run_wrk(options, "front page", &format!("{base}/"), None)?,
        ];
        let reference = run_wrk(
            options,
            "reference: same bytes from memory",
            &format!("{reference_base}/stories/1"),
            None,
        )?;
        Ok(ServeBench {
            stories: options.stories.max(2),
            page_bytes,
            loads,
            reference,
        })
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_output_is_read() {
        let output = "Running 5s test @ http://127.0.0.1:1/\n  2 threads and 200 connections\n  Thread Stats   Avg      Stdev     Max   +/- Stdev\n    Latency    12.01ms    3.10ms  80.00ms   90.00%\n  Latency Distribution\n     50%   11.50ms\n     75%   13.00ms\n     90%   15.00ms\n     99%  850.00us\n  41234 requests in 5.00s, 1.20GB read\n  Socket errors: connect 0, read 2, write 0, timeout 1\n  Non-2xx or 3xx responses: 4\nRequests/sec:   8246.80\nTransfer/sec:    245.00MB\n";
        let load = parse_wrk("x", output).unwrap();
        assert_eq!(load.requests, 41234);
        assert!((load.requests_per_second - 8246.8).abs() < 1e-9);
        assert!((load.p50_ms - 11.5).abs() < 1e-9);
        assert!((load.p99_ms - 0.85).abs() < 1e-9);
        assert_eq!(load.errors, 7);
        assert!(parse_wrk("x", "garbage").is_err());
        assert_eq!(milliseconds("1.5s"), Some(1500.0));
    }
}
