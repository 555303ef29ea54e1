//! `newsdesk feeds …` (the followed feeds) and `newsdesk watch` (polling them into the
//! store).

use super::{
    clear_progress_line, plural, progress_line, report_problems, write_output, SourceArgs, StoreArg,
};
use crate::feeds::{self, opml, FeedRecord};
use crate::ingest::fetch::HttpClient;
use crate::ingest::InputError;
use crate::pipeline;
use clap::{Args, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Subcommand, Debug)]
pub(super) enum FeedsCommand {
    /// Follow a feed (RSS, Atom or JSON Feed URL).
    Add(FeedAddArgs),
    /// The feeds followed, with their last poll.
    List(FeedListArgs),
    /// Stop following a feed.
    Remove(FeedUrlArgs),
    /// Follow every feed of an OPML subscription list.
    Import(FeedImportArgs),
    /// Write the feeds followed as OPML.
    Export(FeedExportArgs),
}

#[derive(Args, Debug)]
pub(super) struct FeedAddArgs {
    #[arg(value_name = "URL")]
    url: String,
    /// A name for the feed (its outlet); the feed's own title otherwise.
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    store: StoreArg,
}

#[derive(Args, Debug)]
pub(super) struct FeedUrlArgs {
    #[arg(value_name = "URL")]
    url: String,
    #[command(flatten)]
    store: StoreArg,
}

#[derive(Args, Debug)]
pub(super) struct FeedListArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: StoreArg,
}

#[derive(Args, Debug)]
pub(super) struct FeedImportArgs {
    #[arg(value_name = "FILE.opml")]
    file: PathBuf,
    #[command(flatten)]
    store: StoreArg,
}

#[derive(Args, Debug)]
pub(super) struct FeedExportArgs {
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArg,
}

#[derive(Args, Debug)]
pub(super) struct WatchArgs {
    /// Seconds between polls of all feeds.
    #[arg(long, default_value_t = 900)]
    interval: u64,
    /// Poll every feed once and exit.
    #[arg(long)]
    once: bool,
    /// New items taken from one feed per poll (the newest first).
    #[arg(long, default_value_t = 50)]
    max_items: usize,
    /// Least seconds between two requests to the same host.
    #[arg(long, default_value_t = 1.0)]
    host_interval: f64,
    /// Seconds before a request is given up.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// Hosts whose pages are fetched at the same time (each host one request at a time).
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Further attempts at a request after a 5xx, 429, timeout or refused connection.
    #[arg(long, default_value_t = 2)]
    retries: u32,
    /// Fetch pages that the site's robots.txt disallows.
    #[arg(long)]
    ignore_robots: bool,
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    source: SourceArgs,
}

pub(super) fn feeds_command(command: FeedsCommand) -> Result<ExitCode, String> {
    match command {
        FeedsCommand::Add(args) => {
            check_feed_url(&args.url)?;
            let mut store = args.store.open()?;
            let added = store
                .add_feed(&args.url, args.title.as_deref())
                .map_err(|e| e.to_string())?;
            eprintln!(
                "newsdesk: {} {}",
                if added {
                    "now following"
                } else {
                    "already following"
                },
                args.url
            );
        }
        FeedsCommand::Remove(args) => {
            let mut store = args.store.open()?;
            if !store.remove_feed(&args.url).map_err(|e| e.to_string())? {
                return Err(format!(
                    "{} is not followed (see `newsdesk feeds list`)",
                    args.url
                ));
            }
            eprintln!("newsdesk: no longer following {}", args.url);
        }
        FeedsCommand::List(args) => {
            let store = args.store.open()?;
            let feeds = store.feeds().map_err(|e| e.to_string())?;
            if args.json {
                let rows: Vec<serde_json::Value> = feeds.iter().map(feed_json).collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).expect("json values serialise")
                );
            } else if feeds.is_empty() {
                eprintln!("newsdesk: no feeds followed yet; add one with `newsdesk feeds add URL`");
            } else {
                for feed in &feeds {
                    println!(
                        "{}\t{}\t{}\t{}",
                        feed.url,
                        feed.title.as_deref().unwrap_or("-"),
                        feed.last_polled.as_deref().unwrap_or("never polled"),
                        feed.last_status.as_deref().unwrap_or("-")
                    );
                }
            }
        }
        FeedsCommand::Import(args) => {
            let text = std::fs::read_to_string(&args.file)
                .map_err(|e| format!("{}: cannot read ({e})", args.file.display()))?;
            let subscriptions =
                opml::read(&text).map_err(|p| format!("{}: {p}", args.file.display()))?;
            let mut store = args.store.open()?;
            let mut added = 0;
            for subscription in &subscriptions {
                if let Err(problem) = check_feed_url(&subscription.url) {
                    eprintln!("newsdesk: skipped {problem}");
                    continue;
                }
                added += usize::from(
                    store
                        .add_feed(&subscription.url, subscription.title.as_deref())
                        .map_err(|e| e.to_string())?,
                );
            }
            eprintln!(
                "newsdesk: {} feed{} in {}; {added} newly followed",
                subscriptions.len(),
                plural(subscriptions.len()),
                args.file.display()
            );
        }
        FeedsCommand::Export(args) => {
            let store = args.store.open()?;
            let subscriptions: Vec<opml::Subscription> = store
                .feeds()
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|f| opml::Subscription {
                    url: f.url,
                    title: f.title,
                })
                .collect();
            write_output(args.out.as_deref(), &opml::write(&subscriptions))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check_feed_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    if (lower.starts_with("http://") || lower.starts_with("https://")) && url.len() > 8 {
        Ok(())
    } else {
        Err(format!("{url:?} is not an http(s) URL of a feed"))
    }
}

fn feed_json(feed: &FeedRecord) -> serde_json::Value {
    serde_json::json!({
        "url": feed.url,
        "title": feed.title,
        "added_at": feed.added_at,
        "last_polled": feed.last_polled,
        "last_status": feed.last_status,
        "failures": feed.failures,
    })
}

/// Totals of one poll of every feed.
#[derive(Default)]
struct PollSummary {
    feeds_polled: usize,
    feeds_unchanged: usize,
    feeds_failed: usize,
    items_new: usize,
    ingested: usize,
    duplicates: usize,
    failed: Vec<InputError>,
}

pub(super) fn watch(args: WatchArgs) -> Result<ExitCode, String> {
    let mut options = args.source.options()?;
    options.ingest.http.host_interval = seconds(args.host_interval, "--host-interval")?;
    options.ingest.http.timeout = seconds(args.timeout, "--timeout")?;
    options.ingest.http.respect_robots = !args.ignore_robots;
    options.ingest.http.retries = args.retries;
    options.ingest.http.concurrency = args.concurrency.max(1);
    let mut store = args.store.open()?;
    let mut client = HttpClient::new(&options.ingest);
    loop {
        let feeds = store.feeds().map_err(|e| e.to_string())?;
        if feeds.is_empty() {
            return Err("no feeds followed; add one with `newsdesk feeds add URL` or `newsdesk feeds import FILE.opml`".into());
        }
        let mut summary = PollSummary::default();
        let terminal = std::io::stderr().is_terminal();
        for (number, feed) in feeds.iter().enumerate() {
            if terminal {
                eprint!(
                    "\r\x1b[2Knewsdesk: polling feed {}/{}: {}",
                    number + 1,
                    feeds.len(),
                    feed.url
                );
            }
            summary.feeds_polled += 1;
            let polled = {
                let store_ref = &store;
                feeds::poll(&mut client, feed, args.max_items, &|key| {
                    !store_ref.feed_item_seen(&feed.url, key).unwrap_or(false)
                })
            };
            let polled = match polled {
                Ok(polled) => polled,
                Err(error) => {
                    eprintln!("newsdesk: feed {}: {}", feed.url, error.problem);
                    store
                        .record_poll(&feed.url, Err(&error.problem), None)
                        .map_err(|e| e.to_string())?;
                    summary.feeds_failed += 1;
                    summary.failed.push(error);
                    continue;
                }
            };
            if polled.not_modified {
                summary.feeds_unchanged += 1;
            }
            let new_items = polled.sources.len() + polled.failed.len();
            summary.items_new += new_items;
            let (mut sources, mut failed) = (polled.sources, polled.failed);
            // Items whose pages failed at earlier polls are tried again, whatever the feed
            // answered this time (unless this poll just tried them).
            let attempted = |key: &str| {
                sources.iter().any(|(k, _)| k == key) || failed.iter().any(|(i, _)| i.key == key)
            };
            let pending: Vec<feeds::FeedItem> = store
                .pending_items(&feed.url)
                .map_err(|e| e.to_string())?
                .into_iter()
                .filter(|item| !attempted(&item.key))
                .collect();
            let (retried, still_failing) =
                feeds::item_sources(&mut client, &feed.url, feed.title.as_deref(), &pending);
            sources.extend(retried);
            failed.extend(still_failing);
            let mut given_up = Vec::new();
            for (item, error) in &mut failed {
                let attempts = store
                    .add_pending(&feed.url, item, &error.problem)
                    .map_err(|e| e.to_string())?;
                if attempts >= feeds::MAX_ATTEMPTS {
                    error.problem =
                        format!("{} (given up after {attempts} attempts)", error.problem);
                    given_up.push(item.key.clone());
                }
            }
            let keys: Vec<String> = sources.iter().map(|(k, _)| k.clone()).collect();
            let sources = sources.into_iter().map(|(_, s)| Ok(s)).collect();
            let report = pipeline::ingest(&mut store, sources, &options, &mut progress_line())
                .map_err(|e| e.to_string())?;
            clear_progress_line();
            report_problems(&report.errors, &report.warnings);
            let failed: Vec<InputError> = failed.into_iter().map(|(_, e)| e).collect();
            report_problems(&failed, &[]);
            // Stored (or refused for good): not taken again; pending ones are done with.
            let done: Vec<String> = keys.iter().chain(&given_up).cloned().collect();
            store
                .mark_feed_items_seen(&feed.url, &done)
                .map_err(|e| e.to_string())?;
            store
                .remove_pending(&feed.url, &done)
                .map_err(|e| e.to_string())?;
            let retried = if pending.is_empty() {
                String::new()
            } else {
                format!(", {} pending retried", pending.len())
            };
            let status = if polled.not_modified {
                format!("not modified{retried}")
            } else {
                format!(
                    "ok: {new_items} new item{}, {} ingested, {} failed{retried}",
                    plural(new_items),
                    report.added.len(),
                    report.errors.len() + failed.len()
                )
            };
            store
                .record_poll(
                    &feed.url,
                    Ok((&polled.validators, &status)),
                    polled.title.as_deref(),
                )
                .map_err(|e| e.to_string())?;
            summary.ingested += report.added.len();
            summary.duplicates += report.duplicates;
            summary.failed.extend(report.errors);
            summary.failed.extend(failed);
        }
        clear_progress_line();
        print_summary(&summary);
        if args.once {
            let everything_failed = summary.feeds_failed == summary.feeds_polled;
            return Ok(if everything_failed {
                ExitCode::from(2)
            } else if summary.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        std::thread::sleep(Duration::from_secs(args.interval));
    }
}

fn seconds(value: f64, flag: &str) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("{flag} {value} is not a number of seconds (0 or more)"))
}

fn print_summary(summary: &PollSummary) {
    eprintln!(
        "newsdesk: polled {} feed{} ({} unchanged, {} failed): {} new item{}, {} ingested, {} already stored, {} failed",
        summary.feeds_polled,
        plural(summary.feeds_polled),
        summary.feeds_unchanged,
        summary.feeds_failed,
        summary.items_new,
        plural(summary.items_new),
        summary.ingested,
        summary.duplicates,
        summary.failed.len()
    );
    // Why things failed, grouped: one line per kind of problem.
    let mut reasons: Vec<(String, usize)> = Vec::new();
    for error in &summary.failed {
        let reason = error
            .problem
            .split(" (")
            .next()
            .unwrap_or(&error.problem)
            .to_string();
        match reasons.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, count)) => *count += 1,
            None => reasons.push((reason, 1)),
        }
    }
    for (reason, count) in reasons {
        eprintln!("newsdesk:   {count} × {reason}");
    }
}
