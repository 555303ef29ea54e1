//! `newsdesk train ner`: trains the named-entity tagger on CoNLL-2003 (`eng.train`, epoch
//! chosen on `eng.testa`) with word clusters learned from the Timeline17 articles, and
//! writes the model file that `models/ner.bin.gz` is built from.

use crate::analyze::ner::{clusters, model::HashKeyed, train};
use clap::{Args, Subcommand};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub(super) enum TrainCommand {
    /// The named-entity tagger: averaged perceptron on CoNLL-2003, clusters from Timeline17.
    Ner(TrainNerArgs),
}

#[derive(Args, Debug)]
pub(super) struct TrainNerArgs {
    /// The CoNLL-2003 folder: ../shared/data/conll2003 (eng.train, eng.testa).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Learn word clusters from this Timeline17 folder (../shared/data/timeline17).
    #[arg(long, value_name = "DIR")]
    clusters_from: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "models/ner.bin.gz")]
    out: PathBuf,
    /// Training passes over eng.train; the one best on eng.testa is kept.
    #[arg(long, default_value_t = 15)]
    epochs: usize,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

pub(super) fn train_command(command: TrainCommand) -> Result<ExitCode, String> {
    match command {
        TrainCommand::Ner(args) => train_ner(args),
    }
}

/// The `text` fields of the Timeline17 articles (already tokenised, tokens separated by
/// spaces).
fn timeline17_texts(dir: &Path) -> Result<Vec<String>, String> {
    let path = dir.join("t17_articles.jsonl.gz");
    let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut texts = Vec::new();
    for (number, line) in BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .enumerate()
    {
        let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| format!("{}:{}: {e}", path.display(), number + 1))?;
        if let Some(text) = record["text"].as_str() {
            texts.push(text.to_string());
        }
    }
    Ok(texts)
}

fn train_ner(args: TrainNerArgs) -> Result<ExitCode, String> {
    let started = Instant::now();
    let training = crate::eval::ner::labelled(&args.data.join("eng.train"))?;
    let development = crate::eval::ner::labelled(&args.data.join("eng.testa"))?;
    let learned = match &args.clusters_from {
        Some(dir) => {
            let texts = timeline17_texts(dir)?;
            let learned = clusters::learn(
                texts.iter().map(String::as_str),
                &clusters::Options::default(),
            );
            println!(
                "train ner: clusters for {} words from {} tokens of {} ({:.1}s)",
                learned.words,
                learned.tokens,
                dir.display(),
                started.elapsed().as_secs_f64()
            );
            learned.clusters
        }
        None => HashKeyed::default(),
    };
    let trained = train::train(
        &training,
        &development,
        &learned,
        &train::Options {
            epochs: args.epochs,
            seed: args.seed,
        },
        |report| {
            println!(
                "train ner: epoch {:>2}: {} errors in {} training tokens; eng.testa F1 {:.4} ({:.1}s)",
                report.epoch,
                report.training_errors,
                report.training_tokens,
                report.development.f1(),
                started.elapsed().as_secs_f64()
            );
        },
    );
    let bytes = trained.model.to_gzip();
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("{}: cannot create ({e})", parent.display()))?;
    }
    std::fs::write(&args.out, &bytes)
        .map_err(|e| format!("{}: cannot write ({e})", args.out.display()))?;
    println!(
        "train ner: kept epoch {} ({} features, {} clustered words); wrote {} ({:.1} MB) in {:.1}s",
        trained.best_epoch,
        trained.model.features(),
        trained.model.words_clustered(),
        args.out.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
