//! Article extraction speed and quality side by side (`newsdesk bench extract`).
//!
//! Takes: the article-extraction-benchmark folder and a Python interpreter that has
//! trafilatura (and optionally readability-lxml) installed — see
//! `scripts/setup-extract-reference.sh`. Gives: an [`ExtractBench`] with, for newsdesk and
//! each reference tool, the benchmark's shingle F1 and the pages extracted per CPU-second
//! on one core, measured in the same run on the same pages.
//!
//! Reading and decompressing the pages is left out of every timing. The reference tools run
//! once in one Python process (after one warm-up page); newsdesk runs `passes` times and
//! reports the median pass, so that one busy moment of the machine does not decide the
//! figure.

use super::Stopwatch;
use crate::eval::extract::{self as eval, Page, Summary};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The reference runner, fed to the interpreter on standard input so that the binary
/// works from any directory.
const REFERENCE_SCRIPT: &str = include_str!("../../scripts/extract_reference.py");

#[derive(Clone, Debug)]
pub struct ExtractBenchOptions {
    /// Python with trafilatura installed.
    pub python: PathBuf,
    /// Timed passes of newsdesk over all pages.
    pub passes: usize,
}

/// One tool's figures.
#[derive(Clone, Debug)]
pub struct ToolFigures {
    pub name: String,
    pub version: String,
    pub summary: Summary,
    /// CPU time of one pass over all pages (wall time where the system cannot tell).
    pub seconds: f64,
    pub pages_per_second: f64,
}

pub struct ExtractBench {
    pub pages: usize,
    pub html_bytes: usize,
    pub newsdesk: ToolFigures,
    pub references: Vec<ToolFigures>,
}

pub fn run(dir: &Path, options: &ExtractBenchOptions) -> Result<ExtractBench, String> {
    let pages = eval::load(dir)?;
    let newsdesk = time_newsdesk(&pages, options.passes.max(1));
    let references = run_references(dir, &options.python, &pages)?;
    Ok(ExtractBench {
        pages: pages.len(),
        html_bytes: pages.iter().map(|p| p.source.bytes.len()).sum(),
        newsdesk,
        references,
    })
}

fn time_newsdesk(pages: &[Page], passes: usize) -> ToolFigures {
    let mut times = Vec::with_capacity(passes);
    let mut bodies = Vec::new();
    for _ in 0..passes {
        let mut stopwatch = Stopwatch::new();
        let (extracted, _) = stopwatch.time(|| {
            pages
                .iter()
                .map(|page| eval::extract_page(page).map(|a| eval::body_text(&a)))
                .collect::<Vec<_>>()
        });
        times.push(stopwatch.cpu.unwrap_or(stopwatch.wall));
        bodies = extracted;
    }
    times.sort();
    let seconds = times[times.len() / 2].as_secs_f64();
    let counts: Vec<_> = pages
        .iter()
        .zip(&bodies)
        .map(|(page, body)| eval::score(&page.gold, body.as_deref().unwrap_or("")))
        .collect();
    ToolFigures {
        name: "newsdesk".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        summary: eval::summarize(&counts),
        seconds,
        pages_per_second: pages.len() as f64 / seconds.max(1e-9),
    }
}

fn run_references(dir: &Path, python: &Path, pages: &[Page]) -> Result<Vec<ToolFigures>, String> {
    let hint = "install the reference extractors with scripts/setup-extract-reference.sh and pass its interpreter with --python";
    let mut child = Command::new(python)
        .arg("-")
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{}: cannot start Python ({e}); {hint}", python.display()))?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(REFERENCE_SCRIPT.as_bytes())
        .map_err(|e| {
            format!(
                "{}: cannot send the reference script ({e})",
                python.display()
            )
        })?;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{}: the reference run failed ({}); {hint}",
            python.display(),
            output.status
        ));
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("the reference run printed something that is not JSON: {e}"))?;
    let tools = report["tools"]
        .as_array()
        .ok_or("the reference run listed no tools")?;
    let mut figures = Vec::new();
    for tool in tools {
        let bodies = &tool["bodies"];
        let counts: Vec<_> = pages
            .iter()
            .map(|page| eval::score(&page.gold, bodies[&page.id].as_str().unwrap_or("")))
            .collect();
        let seconds = tool["cpu_seconds"]
            .as_f64()
            .or_else(|| tool["wall_seconds"].as_f64())
            .unwrap_or(f64::NAN);
        figures.push(ToolFigures {
            name: tool["name"].as_str().unwrap_or("?").to_string(),
            version: tool["version"].as_str().unwrap_or("?").to_string(),
            summary: eval::summarize(&counts),
            seconds,
            pages_per_second: pages.len() as f64 / seconds.max(1e-9),
        });
    }
    Ok(figures)
}
