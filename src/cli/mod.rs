//! Cli: the `newsdesk` command. Parses arguments, runs the pipeline stages, and reports
//! per-input problems on standard error without stopping the run.
//!
//! Exit status: 0 when everything worked; 1 when some inputs failed but output was still
//! produced from the others; 2 when nothing could be produced (no usable input, a bad
//! argument, an unusable store).

mod feeds;
mod train;
mod writer;

use crate::article::ArticleMeta;
use crate::date::normalize_published;
use crate::ingest::{self, IngestOptions, DEFAULT_MAX_BYTES};
use crate::pipeline::{self, Options};
use crate::render::{self, Format};
use crate::store::Store;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "newsdesk",
    version,
    about = "Turns the coverage of a developing news story into a cited story dossier.",
    long_about = "Turns the coverage of a developing news story, from many outlets, into a story dossier: \
headline, overview, key figures, people and organizations with their roles, a dated timeline, \
attributed quotes, where the sources disagree, scenarios and background. Every item cites the \
exact sentences that support it.\n\nExit status: 0 all inputs used; 1 some inputs failed but output \
was produced; 2 nothing produced."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Brief articles (files, folders, NDJSON, URLs, - for stdin) into one story dossier.
    Brief(BriefArgs),
    /// Add coverage to the local store; each article joins a story and dossiers update.
    Ingest(IngestArgs),
    /// List the stories in the store, newest activity first.
    Stories(StoriesArgs),
    /// Show the dossier of one story from the store.
    Show(ShowArgs),
    /// Extract clean text and metadata from articles, one JSON object per article.
    Extract(ExtractArgs),
    /// Serve the store's stories as web pages and a JSON API on 127.0.0.1.
    Serve(ServeArgs),
    /// Follow feeds: add, list, remove, import and export (OPML).
    #[command(subcommand)]
    Feeds(feeds::FeedsCommand),
    /// Poll the followed feeds and ingest their new items (every --interval seconds, or --once).
    Watch(feeds::WatchArgs),
    /// Measure quality against a public evaluation set (see README).
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure speed, side by side with a reference implementation (see README).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Train a model from a public dataset (the committed models are made this way).
    #[command(subcommand)]
    Train(train::TrainCommand),
}

#[derive(Subcommand, Debug)]
enum BenchCommand {
    /// Clustering throughput and memory on a long synthetic stream built from a corpus.
    Cluster(BenchClusterArgs),
    /// Extraction speed and F1 beside trafilatura and readability-lxml, in the same run.
    Extract(BenchExtractArgs),
    /// Whole-analysis speed (MB/s and articles/s on one core) over the Timeline17 articles.
    Analyze(BenchAnalyzeArgs),
    /// The web server under wrk on loopback with many stories, beside a server answering
    /// with the same page from memory.
    Serve(BenchServeArgs),
}

#[derive(Args, Debug)]
struct BenchServeArgs {
    /// Stories in the store (the example collection's dossiers, copied).
    #[arg(long, default_value_t = 1_000)]
    stories: usize,
    /// Concurrent connections wrk keeps open.
    #[arg(long, default_value_t = 200)]
    connections: usize,
    /// Seconds each load runs.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// wrk's threads.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// The wrk binary (Debian package wrk).
    #[arg(long, default_value = "wrk")]
    wrk: PathBuf,
}

#[derive(Args, Debug)]
struct BenchAnalyzeArgs {
    /// The Timeline17 folder: ../shared/data/timeline17.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Timed passes over all articles.
    #[arg(long, default_value_t = 1)]
    passes: usize,
}

#[derive(Args, Debug)]
struct BenchExtractArgs {
    /// The benchmark folder: ../shared/data/article-extraction-benchmark.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Python interpreter with trafilatura installed (scripts/setup-extract-reference.sh).
    #[arg(
        long,
        value_name = "PATH",
        env = "NEWSDESK_REFERENCE_PYTHON",
        default_value = "target/extract-reference/bin/python"
    )]
    python: PathBuf,
    /// Timed passes of newsdesk over the pages (the median is reported).
    #[arg(long, default_value_t = 5)]
    passes: usize,
}

#[derive(Args, Debug)]
struct BenchClusterArgs {
    /// The corpus folder whose articles are repeated (Timeline17 or ECB+).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Articles in the stream.
    #[arg(long, default_value_t = 100_000)]
    articles: usize,
    /// Arrivals after which an inactive story leaves the index.
    #[arg(long, default_value_t = crate::cluster::Params::story().retire_after)]
    window: u64,
    /// Articles clustered by both the reference and newsdesk, for the ratio.
    #[arg(long, default_value_t = 4_000)]
    reference_articles: usize,
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Story clustering: B-cubed on ECB+ (event clusters, topics) or Timeline17 (topics).
    Cluster(EvalClusterArgs),
    /// Article extraction: shingle precision, recall and F1 on the article-extraction-benchmark.
    Extract(EvalExtractArgs),
    /// Near-duplicate detection: edited copies against other articles of the same story.
    Dedup(EvalDedupArgs),
    /// Named entities: conlleval-style entity F1 on CoNLL-2003 (eng.testb by default).
    Ner(EvalNerArgs),
    /// Time expressions: TempEval-3 extraction and value F1 on TE3-Platinum.
    Timex(EvalTimexArgs),
    /// Quotes and their speakers on PolNeAR: direct-quote and all-attribution F1.
    Quotes(EvalQuotesArgs),
    /// Timeline summarisation on Timeline17: date F1 and ROUGE (concat, agreement, align+ m:1).
    Timeline(EvalTimelineArgs),
    /// The writer's grounding check on Timeline17 dossiers: planted unsupported names,
    /// figures, dates and citations caught, supported sentences wrongly dropped.
    Grounding(EvalGroundingArgs),
}

#[derive(Args, Debug)]
struct EvalGroundingArgs {
    /// The Timeline17 folder: ../shared/data/timeline17.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Articles per collection the dossiers are built from (the earliest ones).
    #[arg(long, value_name = "N", default_value_t = 40)]
    articles: usize,
    /// Also list this many wrong decisions.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum TimelineMethod {
    /// `synthesize::datewise`: days by salience, each summarised by its central sentences.
    Datewise,
    /// `synthesize::timeline`: the dossier's own timeline section.
    Dossier,
}

#[derive(Args, Debug)]
struct EvalTimelineArgs {
    /// The Timeline17 folder: ../shared/data/timeline17.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// What each timeline is built from: every collection on its topic (as news-tls
    /// loads Timeline17, so the published figures compare), or only the gold timeline's
    /// own collection (one outlet).
    #[arg(long, value_enum, default_value_t = crate::eval::timeline::Pool::Topic)]
    pool: crate::eval::timeline::Pool,
    /// Only this topic (e.g. H1N1, bpoil): its collections and gold timelines.
    #[arg(long, value_name = "NAME")]
    topic: Option<String>,
    /// Write every predicted timeline here, in Timeline17's format (COLLECTION/FILE).
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Try parameter combinations on the development topics and list the best.
    #[arg(long)]
    tune: bool,
    /// What builds the timelines: the date-wise summariser (the published method's
    /// setting), or the timeline section of the dossier a reader sees.
    #[arg(long, value_enum, default_value_t = TimelineMethod::Datewise)]
    method: TimelineMethod,
}

#[derive(Args, Debug)]
struct EvalQuotesArgs {
    /// The PolNeAR folder: ../shared/data/polnear.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Which split to score.
    #[arg(long, default_value = "test")]
    split: String,
    /// Also list this many examples of each kind of error.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
}

#[derive(Args, Debug)]
struct EvalTimexArgs {
    /// The TempEval-3 folder: ../shared/data/tempeval3.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Which subfolder of TimeML files to score.
    #[arg(long, default_value = "te3-platinum")]
    split: String,
    /// Also list this many expressions whose value was wrong.
    #[arg(long, default_value_t = 0)]
    wrong: usize,
    /// Also list this many gold expressions that were not found at all.
    #[arg(long, default_value_t = 0)]
    missed: usize,
    /// Also list this many found expressions that overlap no gold one.
    #[arg(long, default_value_t = 0)]
    spurious: usize,
}

#[derive(Args, Debug)]
struct EvalNerArgs {
    /// The CoNLL-2003 folder: ../shared/data/conll2003.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Which file of the folder to score.
    #[arg(long, default_value = "eng.testb")]
    split: String,
    /// Write `TOKEN GOLD PRED` lines here (blank between sentences), for conlleval.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Score this model file instead of the embedded one (models/ner.bin.gz).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Label sequences kept per sentence (1: greedy tagging).
    #[arg(long, value_name = "N", default_value_t = crate::analyze::ner::BEAM_WIDTH)]
    beam: usize,
}

#[derive(Args, Debug)]
struct EvalDedupArgs {
    /// Take the base articles from Timeline17 (../shared/data/timeline17) instead of the
    /// repository's own invented corpus.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Base articles taken from each Timeline17 story.
    #[arg(long, default_value_t = 40)]
    per_story: usize,
    /// Other articles of the same story each base is compared with.
    #[arg(long, default_value_t = 10)]
    negatives: usize,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// List this many of the most similar pairs of different articles that were flagged.
    #[arg(long, default_value_t = 5)]
    show: usize,
}

#[derive(Args, Debug)]
struct EvalExtractArgs {
    /// The benchmark folder: ../shared/data/article-extraction-benchmark.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Also list the N pages with the lowest F1, with their precision and recall.
    #[arg(long, value_name = "N", default_value_t = 0)]
    worst: usize,
    /// Write the extracted bodies here as a JSON object keyed by page id, in the
    /// benchmark's own `{"articleBody": ...}` format, for independent scoring.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct EvalClusterArgs {
    /// The dataset folder: ../shared/data/ecbplus or ../shared/data/timeline17.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Write `doc_name<TAB>story<TAB>event` lines here, for independent scoring.
    #[arg(long, value_name = "FILE")]
    assignments: Option<PathBuf>,
    /// Seed of the ECB+ stream order.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Grid-search the clustering parameters on the development topics only (ECB+: odd
    /// numbers; Timeline17: every other topic in name order) and print the trials, best
    /// first, with their held-out scores, instead of evaluating.
    #[arg(long)]
    tune: bool,
    /// Also run the reference (TF-IDF average-link agglomerative clustering of the whole
    /// corpus at once) and print its scores next to ours.
    #[arg(long)]
    reference: bool,
}

#[derive(Args, Debug, Clone)]
struct SourceArgs {
    /// Outlet name for every input that does not name its own.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// Publication date for every input (ISO 8601, e.g. 2031-03-04).
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Largest article accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

impl SourceArgs {
    fn options(&self) -> Result<Options, String> {
        let published = match &self.published {
            Some(raw) => Some(normalize_published(raw).ok_or_else(|| {
                format!("--published {raw:?} is not a date newsdesk can read; use ISO 8601 such as 2031-03-04")
            })?),
            None => None,
        };
        Ok(Options {
            ingest: IngestOptions {
                max_bytes: self.max_bytes,
                ..IngestOptions::default()
            },
            overrides: ArticleMeta {
                outlet: self.outlet.clone(),
                published,
                ..ArticleMeta::default()
            },
        })
    }
}

#[derive(Args, Debug)]
struct BriefArgs {
    /// Articles: .txt/.md (first line is the headline), .html, .ndjson/.jsonl records,
    /// folders of those, gzip files, http(s) URLs, or - for standard input.
    #[arg(value_name = "INPUT", required_unless_present = "example")]
    inputs: Vec<String>,
    /// Brief the embedded example corpus (a fictional port strike in five outlets).
    #[arg(long, conflicts_with = "inputs")]
    example: bool,
    /// Output format: md, json or html.
    #[arg(long, short, default_value = "md", value_parser = parse_format)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    source: SourceArgs,
    #[command(flatten)]
    writer: writer::WriterArgs,
}

#[derive(Args, Debug)]
struct StoreArg {
    /// The store (SQLite file). Default: $NEWSDESK_STORE, else the user data folder.
    #[arg(long, value_name = "PATH", env = "NEWSDESK_STORE")]
    store: Option<PathBuf>,
}

impl StoreArg {
    fn path(&self) -> PathBuf {
        self.store.clone().unwrap_or_else(default_store_path)
    }

    fn open(&self) -> Result<Store, String> {
        Store::open(&self.path()).map_err(|e| e.to_string())
    }
}

fn default_store_path() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".local/share")));
    match base {
        Some(base) => base.join("newsdesk").join("newsdesk.sqlite"),
        None => PathBuf::from("newsdesk.sqlite"),
    }
}

#[derive(Args, Debug)]
struct IngestArgs {
    /// Articles, as for `brief`.
    #[arg(value_name = "INPUT", required_unless_present = "example")]
    inputs: Vec<String>,
    /// Ingest the embedded example collection (two invented stories: the port strike and
    /// a storm on the Carrow coast line).
    #[arg(long, conflicts_with = "inputs")]
    example: bool,
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    source: SourceArgs,
}

#[derive(Args, Debug)]
struct StoriesArgs {
    #[command(flatten)]
    store: StoreArg,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// List the merges and splits clustering made instead of the stories.
    #[arg(long)]
    changes: bool,
}

#[derive(Args, Debug)]
struct ShowArgs {
    /// Story id (see `newsdesk stories`).
    story: i64,
    #[command(flatten)]
    store: StoreArg,
    /// Output format: md, json or html.
    #[arg(long, short, default_value = "md", value_parser = parse_format)]
    format: Format,
    /// Show this version instead of the latest.
    #[arg(long, value_name = "N")]
    version: Option<i64>,
    /// Show only what changed since this version: new, changed and retracted items.
    #[arg(long, value_name = "N")]
    since: Option<i64>,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    writer: writer::WriterArgs,
}

#[derive(Args, Debug)]
struct ExtractArgs {
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,
    /// One compact JSON object per line instead of a pretty JSON array.
    #[arg(long)]
    jsonl: bool,
    #[command(flatten)]
    source: SourceArgs,
}

#[derive(Args, Debug)]
struct ServeArgs {
    #[command(flatten)]
    store: StoreArg,
    /// Address to listen on (loopback by default; anything else exposes the store).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Turn on `POST /api/articles` with the token in this file (first line); writes
    /// need `Authorization: Bearer TOKEN`. The NEWSDESK_TOKEN environment variable works
    /// too. Without either, the server only reads.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Store connections answering requests at once (default: one per core, at least two).
    #[arg(long, default_value_t = 0)]
    connections: usize,
    /// Memory for rendered story pages, in MiB (0 renders every request).
    #[arg(long, default_value_t = crate::serve::PAGE_CACHE_BYTES / (1024 * 1024))]
    page_cache_mib: usize,
}

fn parse_format(value: &str) -> Result<Format, String> {
    value.parse()
}

/// Runs the command line; returns the process exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Brief(args) => brief(args),
        Command::Ingest(args) => ingest_command(args),
        Command::Stories(args) => stories(args),
        Command::Show(args) => show(args),
        Command::Extract(args) => extract_command(args),
        Command::Feeds(command) => feeds::feeds_command(command),
        Command::Watch(args) => feeds::watch(args),
        Command::Serve(args) => serve(args),
        Command::Eval(EvalCommand::Cluster(args)) => eval_cluster(args),
        Command::Eval(EvalCommand::Extract(args)) => eval_extract(args),
        Command::Eval(EvalCommand::Dedup(args)) => eval_dedup(args),
        Command::Eval(EvalCommand::Ner(args)) => eval_ner(args),
        Command::Eval(EvalCommand::Timex(args)) => eval_timex(args),
        Command::Eval(EvalCommand::Timeline(args)) => eval_timeline(args),
        Command::Eval(EvalCommand::Quotes(args)) => eval_quotes(args),
        Command::Eval(EvalCommand::Grounding(args)) => eval_grounding(args),
        Command::Bench(BenchCommand::Cluster(args)) => bench_cluster(args),
        Command::Bench(BenchCommand::Extract(args)) => bench_extract(args),
        Command::Bench(BenchCommand::Analyze(args)) => bench_analyze(args),
        Command::Bench(BenchCommand::Serve(args)) => bench_serve(args),
        Command::Train(command) => train::train_command(command),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("newsdesk: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn report_problems(errors: &[ingest::InputError], warnings: &[String]) {
    for warning in warnings {
        eprintln!("newsdesk: warning: {warning}");
    }
    for error in errors {
        eprintln!("newsdesk: error: {error}");
    }
}

/// Writes output to a file (via a temporary file and a rename, so a failed write never
/// leaves a half-written file) or to standard output.
fn write_output(out: Option<&Path>, content: &str) -> Result<(), String> {
    match out {
        Some(path) => {
            let temporary = path.with_extension(format!(
                "{}.partial",
                path.extension().and_then(|e| e.to_str()).unwrap_or("out")
            ));
            std::fs::write(&temporary, content)
                .and_then(|()| std::fs::rename(&temporary, path))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(content.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => Ok(()),
                // A closed pipe (`newsdesk … | head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(format!("cannot write output: {e}")),
            }
        }
    }
}

fn brief(args: BriefArgs) -> Result<ExitCode, String> {
    let options = args.source.options()?;
    let sources = if args.example {
        crate::example::sources()
    } else {
        ingest::collect(&args.inputs, &options.ingest)
    };
    let total = sources.len();
    let prepared = pipeline::prepare_sources(sources, &options);
    report_problems(&prepared.errors, &prepared.warnings);
    let mut dossier = pipeline::build_dossier(&prepared.articles)?;
    dossier.attach_copies(&prepared.copies);
    args.writer.apply(&mut dossier)?;
    write_output(args.out.as_deref(), &render::render(&dossier, args.format))?;
    let failed = prepared.errors.len();
    eprintln!(
        "newsdesk: briefed {} article{} from {} input{}{}{}",
        prepared.articles.len(),
        plural(prepared.articles.len()),
        total,
        plural(total),
        if failed > 0 {
            format!("; {failed} failed")
        } else {
            String::new()
        },
        args.out
            .as_ref()
            .map(|p| format!("; wrote {}", p.display()))
            .unwrap_or_default()
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn ingest_command(args: IngestArgs) -> Result<ExitCode, String> {
    let options = args.source.options()?;
    let mut store = args.store.open()?;
    let sources = if args.example {
        crate::example::collection()
    } else {
        ingest::collect(&args.inputs, &options.ingest)
    };
    let report = pipeline::ingest(&mut store, sources, &options, &mut progress_line())
        .map_err(|e| e.to_string())?;
    clear_progress_line();
    report_problems(&report.errors, &report.warnings);
    for added in &report.added {
        eprintln!(
            "newsdesk: added {} to {} story {}",
            added.origin,
            if added.new_story { "new" } else { "existing" },
            added.story
        );
    }
    for (from, into, moved) in &report.split {
        eprintln!(
            "newsdesk: story {from} drifted apart; {moved} article{} moved to new story {into}",
            if *moved == 1 { "" } else { "s" }
        );
    }
    for (from, into) in &report.merged {
        eprintln!("newsdesk: story {from} turned out to be story {into}; merged (story {from} now redirects)");
    }
    for (story, version) in &report.updated {
        eprintln!("newsdesk: story {story} dossier is now version {version}");
    }
    eprintln!(
        "newsdesk: ingested {} new article{} into {}; {} already stored; {} cop{} of stored articles linked; {} failed",
        report.added.len(),
        plural(report.added.len()),
        store.path().display(),
        report.duplicates,
        report.copies,
        if report.copies == 1 { "y" } else { "ies" },
        report.errors.len()
    );
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else if report.added.is_empty() && report.duplicates == 0 {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    })
}

/// A progress line on standard error, shown only when it is a terminal.
fn progress_line() -> impl FnMut(usize, usize) {
    let terminal = std::io::stderr().is_terminal();
    move |done, total| {
        if terminal && total > 1 {
            eprint!("\rnewsdesk: reading {}/{} …", done + 1, total);
        }
    }
}

fn clear_progress_line() {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2K");
    }
}

fn stories(args: StoriesArgs) -> Result<ExitCode, String> {
    let store = args.store.open()?;
    if args.changes {
        return story_changes(&store, args.json);
    }
    let stories = store.stories().map_err(|e| e.to_string())?;
    if args.json {
        let json = serde_json::to_string_pretty(&stories).expect("summaries serialise");
        write_output(None, &format!("{json}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    if stories.is_empty() {
        eprintln!(
            "newsdesk: the store at {} has no stories yet; add some with `newsdesk ingest`",
            store.path().display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::from("ID  ARTICLES  OUTLETS  UPDATED               HEADLINE\n");
    for story in &stories {
        out.push_str(&format!(
            "{:<3} {:>8}  {:>7}  {:<20}  {}\n",
            story.id,
            story.articles,
            story.outlets.len(),
            story.updated_at,
            story.headline.as_deref().unwrap_or("(no dossier yet)")
        ));
    }
    write_output(None, &out)?;
    Ok(ExitCode::SUCCESS)
}

fn story_changes(store: &Store, json: bool) -> Result<ExitCode, String> {
    let changes = store.story_changes().map_err(|e| e.to_string())?;
    if json {
        let json = serde_json::to_string_pretty(&changes).expect("changes serialise");
        write_output(None, &format!("{json}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for change in &changes {
        let what = match change.kind.as_str() {
            "merge" => format!(
                "story {} merged into story {} ({} articles moved)",
                change.story, change.other, change.articles
            ),
            _ => format!(
                "story {} split: {} articles moved to new story {}",
                change.story, change.articles, change.other
            ),
        };
        let score = change
            .score
            .map(|s| format!(" (similarity {s:.2})"))
            .unwrap_or_default();
        out.push_str(&format!("{}  {what}{score}\n", change.at));
    }
    if changes.is_empty() {
        eprintln!("newsdesk: no story has been merged or split yet");
    }
    write_output(None, &out)?;
    Ok(ExitCode::SUCCESS)
}

fn show(args: ShowArgs) -> Result<ExitCode, String> {
    let store = args.store.open()?;
    // A merged story's id redirects to the story it became; an explicit version still
    // shows that story's own history.
    let story = match args.version {
        Some(_) => args.story,
        None => store.resolve_story(args.story).map_err(|e| e.to_string())?,
    };
    if story != args.story {
        eprintln!(
            "newsdesk: story {} was merged into story {story}; showing story {story}",
            args.story
        );
    }
    let mut stored = store
        .dossier(story, args.version)
        .map_err(|e| e.to_string())?;
    if let Some(since) = args.since {
        if since > stored.version {
            return Err(format!(
                "--since {since}: story {story} is at version {}; ask for an earlier version",
                stored.version
            ));
        }
        // The earlier version from the story asked for: after a merge, what changed since
        // the reader last saw *that* story.
        let earlier = store
            .dossier(args.story, Some(since))
            .map_err(|e| e.to_string())?;
        let changes = crate::changes::between(&earlier.dossier, &stored.dossier);
        write_output(args.out.as_deref(), &changes.render(args.format))?;
        return Ok(ExitCode::SUCCESS);
    }
    args.writer.apply(&mut stored.dossier)?;
    write_output(
        args.out.as_deref(),
        &render::render(&stored.dossier, args.format),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn extract_command(args: ExtractArgs) -> Result<ExitCode, String> {
    let options = args.source.options()?;
    let mut objects = Vec::new();
    let mut failed = 0;
    for source in ingest::collect(&args.inputs, &options.ingest) {
        let object = match source.and_then(|s| crate::extract::extract(&s, &options.overrides)) {
            Ok(article) => serde_json::json!({
                "input": article.origin,
                "id": article.id,
                "title": article.meta.title,
                "author": article.meta.author,
                "published": article.meta.published,
                "outlet": article.meta.outlet,
                "url": article.meta.url,
                "language": article.meta.language,
                "text": article.text,
                "removed": article.removed,
            }),
            Err(error) => {
                failed += 1;
                eprintln!("newsdesk: error: {error}");
                serde_json::json!({ "input": error.origin, "error": error.problem })
            }
        };
        objects.push(object);
    }
    let output = if args.jsonl {
        objects.iter().map(|o| format!("{o}\n")).collect::<String>()
    } else {
        format!(
            "{}\n",
            serde_json::to_string_pretty(&objects).expect("json values serialise")
        )
    };
    write_output(None, &output)?;
    Ok(match failed {
        0 => ExitCode::SUCCESS,
        n if n == objects.len() => ExitCode::from(2),
        _ => ExitCode::from(1),
    })
}

fn serve(args: ServeArgs) -> Result<ExitCode, String> {
    let path = args.store.path();
    // Open once here so that a bad path fails before the server starts.
    drop(Store::open(&path).map_err(|e| e.to_string())?);
    let token = match &args.token_file {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read the token file {}: {e}", file.display()))?;
            let token = text.lines().next().unwrap_or("").trim().to_string();
            if token.len() < 16 {
                return Err(format!(
                    "the token in {} is shorter than 16 characters; use a long random one",
                    file.display()
                ));
            }
            Some(token)
        }
        None => std::env::var("NEWSDESK_TOKEN")
            .ok()
            .map(|token| token.trim().to_string())
            .filter(|token| !token.is_empty()),
    };
    let config = crate::serve::Config {
        token,
        connections: args.connections,
        page_cache_bytes: Some(args.page_cache_mib.saturating_mul(1024 * 1024)),
    };
    crate::serve::run(&path, &args.addr, &config).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn bench_extract(args: BenchExtractArgs) -> Result<ExitCode, String> {
    let options = crate::bench::extract::ExtractBenchOptions {
        python: args.python,
        passes: args.passes,
    };
    let bench = crate::bench::extract::run(&args.data, &options)?;
    println!(
        "bench extract: {} pages, {:.1} MB of HTML, one core each; F1 is the benchmark's word 4-gram shingle F1",
        bench.pages,
        bench.html_bytes as f64 / 1e6
    );
    for tool in std::iter::once(&bench.newsdesk).chain(&bench.references) {
        println!(
            "bench extract: {:<17} {:<8} P {:.3} R {:.3} F1 {:.3}  {:>7.3}s  {:>6.0} pages/s",
            tool.name,
            tool.version,
            tool.summary.precision,
            tool.summary.recall,
            tool.summary.f1,
            tool.seconds,
            tool.pages_per_second
        );
    }
    for tool in &bench.references {
        println!(
            "bench extract: newsdesk is {:.1}x as fast as {} (F1 {:+.3})",
            bench.newsdesk.pages_per_second / tool.pages_per_second.max(1e-9),
            tool.name,
            bench.newsdesk.summary.f1 - tool.summary.f1
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn bench_analyze(args: BenchAnalyzeArgs) -> Result<ExitCode, String> {
    let bench = crate::bench::analyze::run(&args.data, args.passes)?;
    println!(
        "bench analyze: {} articles, {:.1} MB of clean text, {} body tokens ({} pass(es), one core, CPU time)",
        bench.articles,
        bench.bytes as f64 / 1e6,
        bench.tokens,
        args.passes.max(1)
    );
    println!(
        "bench analyze: whole analysis {:.2} MB/s, {:.0} articles/s per core (target >= 5 MB/s)",
        bench.megabytes_per_second(),
        bench.articles_per_second()
    );
    println!(
        "bench analyze: the tagger alone {:.0} tokens/s, {:.0}% of the analysis time",
        bench.tagger_tokens_per_second(),
        bench.tagger_share() * 100.0
    );
    Ok(ExitCode::SUCCESS)
}

fn bench_serve(args: BenchServeArgs) -> Result<ExitCode, String> {
    if args.stories < 2 || args.connections == 0 || args.duration == 0 {
        return Err(
            "bench serve: --stories must be at least 2, --connections and --duration at least 1"
                .into(),
        );
    }
    let options = crate::bench::serve::ServeBenchOptions {
        stories: args.stories,
        connections: args.connections,
        seconds: args.duration,
        threads: args.threads,
        wrk: args.wrk,
    };
    let bench = crate::bench::serve::run(&options)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "bench serve: {} stories; a story page is {:.0} KB; wrk -t{} -c{} -d{}s --latency on loopback, sharing the machine's {cores} cores with the server",
        bench.stories,
        bench.page_bytes as f64 / 1024.0,
        options.threads,
        options.connections,
        options.seconds
    );
    for load in bench.loads.iter().chain(std::iter::once(&bench.reference)) {
        println!(
            "bench serve: {:<34} {:>8.0} requests/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} requests, {} errors)",
            load.name, load.requests_per_second, load.p50_ms, load.p99_ms, load.requests, load.errors
        );
    }
    for load in &bench.loads {
        println!(
            "bench serve: {}: {:.2}x the reference's requests/s; p99 {:.1} ms against the 50 ms target: {}",
            load.name,
            load.requests_per_second / bench.reference.requests_per_second,
            load.p99_ms,
            if load.p99_ms < 50.0 { "met" } else { "NOT met" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn bench_cluster(args: BenchClusterArgs) -> Result<ExitCode, String> {
    if args.articles == 0 || args.reference_articles < 2 {
        return Err(
            "bench cluster: --articles must be at least 1 and --reference-articles at least 2"
                .into(),
        );
    }
    let options = crate::bench::cluster::ClusterBenchOptions {
        articles: args.articles,
        window: args.window,
        reference_articles: args.reference_articles,
    };
    let bench = crate::bench::cluster::run(&args.data, &options)?;
    let mib = |bytes: Option<u64>| {
        bytes.map_or("unknown".to_string(), |b| {
            format!("{:.0} MiB", b as f64 / 1048576.0)
        })
    };
    println!(
        "bench cluster: {} articles ({} readable articles of {}, repeated with shifted dates and respelt names), window {} arrivals",
        bench.articles,
        bench.corpus_articles,
        args.data.display(),
        bench.window
    );
    for checkpoint in &bench.checkpoints {
        println!(
            "bench cluster: after {:>7} articles: {:>6} stories and {:>6} events in the index, {:>7} terms; resident memory {}; {:.0} articles/s since the last line",
            checkpoint.articles,
            checkpoint.active_stories,
            checkpoint.active_events,
            checkpoint.vocabulary,
            mib(checkpoint.resident_bytes),
            checkpoint.rate
        );
    }
    println!(
        "bench cluster: clustering {:.2}s: {:.0} articles/s on one core (single-threaded){}; {} stories opened; peak resident memory while streaming {}",
        bench.clustering.as_secs_f64(),
        bench.articles_per_second(),
        bench
            .articles_per_cpu_second()
            .map(|rate| format!(", {rate:.0} per CPU-second"))
            .unwrap_or_default(),
        bench.stories_opened,
        mib(bench.peak_bytes)
    );
    println!(
        "bench cluster: stream stories against gold (each repetition of a topic its own story) B-cubed P {:.3} R {:.3} F1 {:.3}",
        bench.quality.precision, bench.quality.recall, bench.quality.f1
    );
    println!(
        "bench cluster: first {} articles: reference (TF-IDF average-link agglomerative, all pairs) {:.3}s, newsdesk online {:.3}s: newsdesk is {:.1}x faster",
        bench.reference_articles,
        bench.reference.as_secs_f64(),
        bench.ours_on_prefix.as_secs_f64(),
        bench.reference.as_secs_f64() / bench.ours_on_prefix.as_secs_f64().max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

fn eval_grounding(args: EvalGroundingArgs) -> Result<ExitCode, String> {
    use crate::eval::grounding::{ratio, PLANTS, SUPPORTED};
    let corpus = crate::eval::timeline::load(&args.data, None)?;
    let mut collections: std::collections::BTreeMap<&str, Vec<crate::synthesize::AnalyzedArticle>> =
        std::collections::BTreeMap::new();
    for (article, (collection, _)) in corpus.articles.iter().zip(&corpus.origins) {
        collections
            .entry(collection.as_str())
            .or_default()
            .push(article.clone());
    }
    let mut dossiers = Vec::new();
    for (name, mut articles) in collections {
        articles.sort_by(|a, b| {
            a.article
                .meta
                .published
                .cmp(&b.article.meta.published)
                .then(a.article.id.cmp(&b.article.id))
        });
        articles.truncate(args.articles);
        match pipeline::build_dossier(&articles) {
            Ok(dossier) => dossiers.push(dossier),
            Err(error) => eprintln!("newsdesk: eval grounding: {name}: {error}"),
        }
    }
    if dossiers.len() < 2 {
        return Err(format!(
            "{}: eval grounding needs at least two collections",
            args.data.display()
        ));
    }
    let report = crate::eval::grounding::run(&dossiers);
    println!(
        "eval grounding: {} dossiers (Timeline17 collections, first {} articles each), {} evidence sentences",
        report.dossiers, args.articles, report.evidence_sentences
    );
    let rows = PLANTS
        .iter()
        .zip(&report.planted)
        .map(|(name, tally)| (format!("planted {name:<9}"), "caught", tally))
        .chain(
            SUPPORTED
                .iter()
                .zip(&report.supported)
                .map(|(name, tally)| (format!("supported {name:<14}"), "wrongly dropped", tally)),
        );
    for (label, what, tally) in rows {
        println!(
            "eval grounding: {label} {:>5} {what} of {:>5}  {:.3}",
            tally.dropped,
            tally.total,
            ratio(tally.dropped, tally.total)
        );
    }
    println!(
        "eval grounding: planted unsupported facts caught {:.3} (target >= 0.95); supported sentences wrongly dropped {:.3} (target <= 0.05)",
        report.catch_rate(),
        report.false_drop_rate()
    );
    for kind in PLANTS.iter().chain(&SUPPORTED) {
        for mistake in report
            .mistakes
            .iter()
            .filter(|m| m.kind == *kind)
            .take(args.errors)
        {
            println!(
                "  [{kind}] {:?}\n      evidence {:?}\n      problems {:?}",
                mistake.sentence, mistake.evidence, mistake.problems
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_quotes(args: EvalQuotesArgs) -> Result<ExitCode, String> {
    let dir = args.data.join(&args.split);
    let documents = crate::eval::quotes::load(&dir)?;
    let report = crate::eval::quotes::run(&documents);
    println!(
        "eval quotes: {} ({} articles); a match shares half the gold content and overlaps the gold source",
        dir.display(),
        documents.len()
    );
    for (name, counts) in [
        ("direct", &report.direct),
        ("all", &report.all),
        (
            "direct, quotes without a speaker counted as predictions:",
            &report.direct_with_unattributed,
        ),
    ] {
        println!(
            "eval quotes: {name:<6} {}  ({} gold, {} predicted, {} matched)",
            counts.summary(),
            counts.gold,
            counts.predicted,
            counts.matched
        );
    }
    for (reason, count) in &report.errors {
        println!("eval quotes: direct errors: {count:>4} {reason}");
    }
    for reason in report.errors.keys() {
        for (_, article, content, speaker, gold_speaker) in report
            .examples
            .iter()
            .filter(|e| e.0 == *reason)
            .take(args.errors)
        {
            println!(
                "  [{reason}] {article}: {content:?} — ours {speaker:?}, gold {gold_speaker:?}"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_timeline(args: EvalTimelineArgs) -> Result<ExitCode, String> {
    use crate::eval::timeline::{self, Summary, TimelineResult};
    let corpus = timeline::load(&args.data, args.topic.as_deref())?;
    println!(
        "eval timeline: {} ({} articles analysed in {:.1} s, {} unreadable; {} gold timelines; pool: {:?})",
        args.data.display(),
        corpus.articles.len(),
        corpus.analysis_seconds,
        corpus.skipped.len(),
        corpus.gold.len(),
        args.pool
    );
    for warning in &corpus.warnings {
        println!("eval timeline: warning: {warning}");
    }
    if args.tune {
        for trial in timeline::tune(&corpus, args.pool) {
            println!(
                "eval timeline: tune {:?}: development date F1 {:.3}, align+ m:1 ROUGE-1 F1 {:.3}",
                trial.params, trial.date_f1, trial.align_rouge1_f1
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let results = match args.method {
        TimelineMethod::Datewise => timeline::run(&corpus, args.pool, &Default::default()),
        TimelineMethod::Dossier => timeline::run_dossier(&corpus, args.pool),
    };
    for result in &results {
        let (p, r) = result.dates;
        println!(
            "eval timeline:   {:<48} {:>3} dates x {} from {:>4} articles: date F1 {:.3}, align+ m:1 ROUGE-1 F1 {:.3}, ROUGE-2 F1 {:.3}",
            result.name,
            result.gold_dates,
            result.sentences_per_date,
            result.input_articles,
            crate::eval::metrics::f1(p, r),
            result.rouge[0][2].f1(),
            result.rouge[1][2].f1()
        );
    }
    let line = |label: &str, summary: &Summary| {
        if summary.timelines == 0 {
            return;
        }
        let mut text = format!(
            "eval timeline: {label:<22} date F1 {:.3} (P {:.3} R {:.3})",
            summary.dates.f1(),
            summary.dates.precision,
            summary.dates.recall
        );
        for (variant, name) in timeline::VARIANTS.iter().enumerate() {
            text.push_str(&format!(
                " | {name} ROUGE-1 F1 {:.3} ROUGE-2 F1 {:.3}",
                summary.rouge[0][variant].f1(),
                summary.rouge[1][variant].f1()
            ));
        }
        let aligned = &summary.rouge[0][2];
        text.push_str(&format!(
            " (align ROUGE-1 P {:.3} R {:.3})",
            aligned.precision, aligned.recall
        ));
        println!("{text}");
    };
    let all: Vec<&TimelineResult> = results.iter().collect();
    let development: Vec<&TimelineResult> = results.iter().filter(|r| r.development).collect();
    let held_out: Vec<&TimelineResult> = results.iter().filter(|r| !r.development).collect();
    line(&format!("all ({})", all.len()), &timeline::summarize(&all));
    line(
        &format!("development ({})", development.len()),
        &timeline::summarize(&development),
    );
    line(
        &format!("held out ({})", held_out.len()),
        &timeline::summarize(&held_out),
    );
    println!(
        "eval timeline: published, Ghalandari & Ifrim (ACL 2020), DATEWISE on T17: date F1 {:.3}, align+ m:1 ROUGE-1 F1 {:.3}, ROUGE-2 F1 {:.3}",
        timeline::PUBLISHED_DATEWISE.0,
        timeline::PUBLISHED_DATEWISE.1,
        timeline::PUBLISHED_DATEWISE.2
    );
    if let Some(dir) = &args.output {
        for result in &results {
            let path = dir.join(&result.name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(&path, timeline::format_timeline(&result.predicted))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        println!(
            "eval timeline: predicted timelines written under {}",
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_timex(args: EvalTimexArgs) -> Result<ExitCode, String> {
    let dir = args.data.join(&args.split);
    let documents = crate::eval::timex::load(&dir)?;
    let report = crate::eval::timex::run(&documents);
    println!(
        "eval timex: {} ({} documents, {} gold expressions)",
        dir.display(),
        documents.len(),
        report.strict.gold
    );
    for (name, counts) in [
        ("strict", &report.strict),
        ("relaxed", &report.relaxed),
        ("value", &report.value),
        ("type", &report.kind),
    ] {
        println!(
            "eval timex: {name:<8} {}  ({} matched)",
            counts.summary(),
            counts.matched
        );
    }
    for (document, text, gold, guess) in report.wrong_values.iter().take(args.wrong) {
        println!("eval timex:   {document}: {text:?} gold {gold} newsdesk {guess}");
    }
    for (document, text, gold) in report.missed.iter().take(args.missed) {
        println!("eval timex:   missed in {document}: {text:?} ({gold})");
    }
    for (document, text, guess) in report.spurious.iter().take(args.spurious) {
        println!("eval timex:   spurious in {document}: {text:?} ({guess})");
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_ner(args: EvalNerArgs) -> Result<ExitCode, String> {
    let path = args.data.join(&args.split);
    let documents = crate::eval::ner::load(&path)?;
    let load_started = std::time::Instant::now();
    let tagger = match &args.model {
        Some(file) => {
            let bytes = std::fs::read(file)
                .map_err(|e| format!("{}: cannot read ({e})", file.display()))?;
            let model = crate::analyze::ner::Model::from_gzip(&bytes)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            crate::analyze::ner::Tagger::new(model)
        }
        None => crate::analyze::ner::Tagger::load_embedded().map_err(|e| {
            format!("the embedded NER model is damaged ({e}); rebuild after `newsdesk train ner`")
        })?,
    }
    .with_beam(args.beam);
    println!(
        "eval ner: model {} ({} features, {} clustered words, {} with vector clusters) loaded in {:.1} ms; beam {}",
        args.model
            .as_deref()
            .map_or("embedded (models/ner.bin.gz)".to_string(), |p| p
                .display()
                .to_string()),
        tagger.model().features(),
        tagger.model().words_clustered(),
        tagger.model().words_with_vectors(),
        load_started.elapsed().as_secs_f64() * 1e3,
        args.beam.max(1)
    );
    let report = crate::eval::ner::run(&tagger, &documents);
    if let Some(out) = &args.predictions {
        let mut text = report.lines.join("\n");
        text.push('\n');
        std::fs::write(out, text).map_err(|e| format!("{}: cannot write ({e})", out.display()))?;
    }
    let line = |name: &str, score: &crate::eval::ner::Score| {
        println!(
            "eval ner: {name:<5} {}  ({} gold, {} predicted, {} correct)",
            score.summary(),
            score.gold,
            score.predicted,
            score.matched
        );
    };
    println!(
        "eval ner: {} ({} documents, {} tokens), entity-level exact match (conlleval)",
        path.display(),
        documents.len(),
        report.tokens
    );
    for (kind, score) in &report.by_type {
        line(kind, score);
    }
    line("all", &report.overall);
    println!(
        "eval ner: tagging took {:.2}s, {:.0} tokens/s on one core",
        report.seconds,
        report.tokens as f64 / report.seconds.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

fn eval_dedup(args: EvalDedupArgs) -> Result<ExitCode, String> {
    use crate::eval::dedup;
    let (bases, source) = match &args.data {
        Some(dir) => (
            dedup::timeline17_bases(dir, args.per_story, args.seed)?,
            dir.display().to_string(),
        ),
        None => (
            dedup::repository_bases()?,
            "the repository's corpus/".to_string(),
        ),
    };
    let report = dedup::run(&bases, args.negatives, args.seed);
    let (tp, fp, fn_) = report.counts();
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = crate::eval::metrics::f1(precision, recall);
    let negatives = report.pairs.iter().filter(|p| p.edit.is_none()).count();
    println!(
        "eval dedup: {} base articles from {source}; {} copy pairs, {negatives} pairs of different articles of one story",
        report.bases,
        tp + fn_
    );
    for (edit, found, total) in report.recall_by_edit() {
        println!("eval dedup:   {edit:<9} copies found {found}/{total}");
    }
    println!(
        "eval dedup: pairs flagged as copies: precision {precision:.3} recall {recall:.3} F1 {f1:.3} ({fp} different-article pairs flagged)"
    );
    let mut flagged: Vec<&dedup::Pair> = report
        .pairs
        .iter()
        .filter(|p| p.edit.is_none() && p.flagged)
        .collect();
    flagged.sort_by(|a, b| b.resemblance.total_cmp(&a.resemblance));
    for pair in flagged.into_iter().take(args.show) {
        println!(
            "eval dedup:   flagged {:.2}: {}  ~  {}",
            pair.resemblance, pair.left, pair.right
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_extract(args: EvalExtractArgs) -> Result<ExitCode, String> {
    let pages = crate::eval::extract::load(&args.data)?;
    let report = crate::eval::extract::run(&pages);
    for page in report.pages.iter().filter(|p| p.error.is_some()) {
        eprintln!(
            "newsdesk: {}: {}",
            page.id,
            page.error.as_deref().unwrap_or_default()
        );
    }
    if let Some(path) = &args.predictions {
        let object: serde_json::Map<String, serde_json::Value> = report
            .pages
            .iter()
            .map(|p| (p.id.clone(), serde_json::json!({ "articleBody": p.body })))
            .collect();
        let text = serde_json::to_string_pretty(&object).expect("json values serialise");
        std::fs::write(path, text)
            .map_err(|e| format!("{}: cannot write predictions ({e})", path.display()))?;
    }
    if args.worst > 0 {
        let mut order: Vec<&crate::eval::extract::PageResult> = report.pages.iter().collect();
        order.sort_by(|a, b| {
            a.counts
                .f1()
                .total_cmp(&b.counts.f1())
                .then(a.id.cmp(&b.id))
        });
        println!("worst pages (F1, precision, recall, id, url):");
        for page in order.into_iter().take(args.worst) {
            let show = |v: Option<f64>| v.map_or("  -  ".to_string(), |v| format!("{v:.3}"));
            println!(
                "  {:.3}  P {}  R {}  {}  {}",
                page.counts.f1(),
                show(page.counts.precision()),
                show(page.counts.recall()),
                &page.id[..12],
                page.url.as_deref().unwrap_or("")
            );
        }
    }
    let failed = report.pages.iter().filter(|p| p.error.is_some()).count();
    let summary = report.summary;
    println!(
        "eval extract: {} pages ({} refused), shingle (word 4-gram) precision {:.3} recall {:.3} F1 {:.3}",
        report.pages.len(),
        failed,
        summary.precision,
        summary.recall,
        summary.f1
    );
    println!(
        "eval extract: extraction took {:.2}s, {:.0} pages/s on one core",
        report.seconds,
        report.pages.len() as f64 / report.seconds.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

fn eval_cluster(args: EvalClusterArgs) -> Result<ExitCode, String> {
    let corpus = crate::eval::cluster::load(&args.data, args.seed)?;
    if args.tune {
        let results = crate::eval::cluster::tune(&corpus);
        println!(
            "{} settings tried; chosen by development F1 (held-out F1 shown, never used)",
            results.len()
        );
        println!("rank  dev-F1  held-out  centroid member entity date  days  dormant   year  anchor person threshold attach merge large split  stray");
        for (rank, trial) in results.iter().take(15).enumerate() {
            let p = &trial.params;
            println!(
                "{:>4}  {:.4}  {:.4}    {:.2}     {:.2}   {:.2}   {:.2}  {:>4.0}  {:.2}/{:<4}  {:.2}  {:.2}   {:.2}   {:.2}      {:.2}   {:.2}  {:.2}  {:.2}  {:>5}",
                rank + 1,
                trial.development_f1,
                trial.held_out_f1,
                p.centroid,
                p.member,
                p.entity,
                p.date,
                p.date_scale_days,
                p.dormant_penalty,
                p.dormant_days,
                p.year_penalty,
                p.anchor_penalty,
                p.protagonist_penalty,
                p.threshold,
                p.attach_threshold,
                p.merge_threshold,
                p.merge_large_threshold,
                p.split_threshold,
                if p.stray_after == u32::MAX {
                    "off".to_string()
                } else {
                    format!("{}/{:.2}", p.stray_after, p.stray_threshold)
                }
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = crate::eval::cluster::run(&corpus);
    for problem in &report.skipped {
        eprintln!("newsdesk: skipped {problem}");
    }
    if let Some(path) = &args.assignments {
        let lines: String = report
            .assignments
            .iter()
            .map(|(name, story, event)| format!("{name}\t{story}\t{event}\n"))
            .collect();
        write_output(Some(path), &lines)?;
    }
    println!(
        "eval cluster {}: {} documents ({} unreadable), {} stories, {} events; analysis {:.1}s, clustering {:.3}s ({:.0} docs/s)",
        report.dataset,
        report.documents,
        report.skipped.len(),
        report.stories,
        report.events,
        report.analysis_seconds,
        report.clustering_seconds,
        report.documents as f64 / report.clustering_seconds.max(1e-9)
    );
    for (level, subset, score) in &report.scores {
        let ours = if *level == "event" {
            "events"
        } else {
            "stories"
        };
        println!(
            "eval cluster {} {level} B-cubed ({subset}; our {ours}): P {:.3} R {:.3} F1 {:.3}",
            report.dataset, score.precision, score.recall, score.f1
        );
    }
    if args.reference {
        let (levels, seconds) = crate::eval::cluster::reference(&corpus);
        println!(
            "eval cluster {} reference (TF-IDF average-link agglomerative, all pairs): {seconds:.3}s ({:.1}x our clustering time)",
            report.dataset,
            seconds / report.clustering_seconds.max(1e-9)
        );
        for level in levels {
            for (subset, score) in &level.chosen {
                println!(
                    "eval cluster {} reference {} B-cubed ({subset}; threshold {:.2} chosen on development): P {:.3} R {:.3} F1 {:.3}",
                    report.dataset, level.level, level.chosen_threshold, score.precision, score.recall, score.f1
                );
            }
            println!(
                "eval cluster {} reference {} B-cubed (all; threshold {:.2} tuned on all, optimistic): P {:.3} R {:.3} F1 {:.3}",
                report.dataset,
                level.level,
                level.oracle_threshold,
                level.oracle.precision,
                level.oracle.recall,
                level.oracle.f1
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
