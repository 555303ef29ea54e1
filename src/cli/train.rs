//! `newsdesk train ner`: trains the named-entity tagger on CoNLL-2003 (`eng.train`, epoch
//! chosen on `eng.testa`) with word clusters learned from the Timeline17 articles and from
//! pretrained word vectors, and writes the model file that `models/ner.bin.gz` is built
//! from.

use crate::analyze::ner::{clusters, model::HashKeyed, train, vectors};
use crate::analyze::speakers;
use crate::article::Span;
use clap::{Args, Subcommand};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub(super) enum TrainCommand {
    /// The named-entity tagger: averaged perceptron on CoNLL-2003, clusters from Timeline17
    /// and from pretrained vectors.
    Ner(TrainNerArgs),
    /// The quote speaker ranker: softmax over candidate speakers, PolNeAR train and dev.
    Speakers(TrainSpeakersArgs),
}

#[derive(Args, Debug)]
pub(super) struct TrainSpeakersArgs {
    /// The PolNeAR folder: ../shared/data/polnear (train, dev).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "models/quote-speakers.tsv")]
    out: PathBuf,
    /// Passes over the training quotes.
    #[arg(long, default_value_t = 30)]
    epochs: usize,
    /// Learning rate of the first pass (divided by the pass number after).
    #[arg(long, default_value_t = 0.1)]
    rate: f64,
    /// L2 penalty on the weights.
    #[arg(long, default_value_t = 0.003)]
    l2: f64,
    /// Also list this many of the out-of-fold mistakes of each kind (a wrong speaker
    /// taken, a right one left), with the quote and its candidates.
    #[arg(long, default_value_t = 0)]
    errors: usize,
}

#[derive(Args, Debug)]
pub(super) struct TrainNerArgs {
    /// The CoNLL-2003 folder: ../shared/data/conll2003 (eng.train, eng.testa).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Learn word clusters from this Timeline17 folder (../shared/data/timeline17).
    #[arg(long, value_name = "DIR")]
    clusters_from: Option<PathBuf>,
    /// Also cluster words by the pretrained vectors in this spaCy `vocab/` folder
    /// (scripts/fetch-vectors.sh unpacks the one the committed model was trained with).
    #[arg(long, value_name = "DIR")]
    vectors: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = "models/ner.bin.gz")]
    out: PathBuf,
    /// Training passes over eng.train; the one best on eng.testa is kept.
    #[arg(long, default_value_t = 15)]
    epochs: usize,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Training runs, each in its own document order, whose kept models are averaged
    /// into the one written (eight chosen on eng.testa).
    #[arg(long, default_value_t = 8)]
    runs: usize,
}

pub(super) fn train_command(command: TrainCommand) -> Result<ExitCode, String> {
    match command {
        TrainCommand::Ner(args) => train_ner(args),
        TrainCommand::Speakers(args) => train_speakers(args),
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
    if args.runs == 0 {
        return Err("train ner: --runs 0: at least one training run is needed".to_string());
    }
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
    let from_vectors = match &args.vectors {
        Some(dir) => {
            let table = vectors::read_spacy(dir)?;
            let from_vectors = vectors::learn(
                &table,
                vectors::is_word_like,
                vectors::LEVELS,
                vectors::ITERATIONS,
                args.seed,
            )?;
            println!(
                "train ner: vector clusters for {} of {} words, {} rows ({:.1}s)",
                from_vectors.len(),
                table.words.len(),
                table.rows.len(),
                started.elapsed().as_secs_f64()
            );
            from_vectors
        }
        None => HashKeyed::default(),
    };
    let trained = train::train(
        &training,
        &development,
        &learned,
        &from_vectors,
        &train::Options {
            epochs: args.epochs,
            seed: args.seed,
            runs: args.runs,
        },
        |report| {
            println!(
                "train ner: run {} epoch {:>2}: {} errors in {} training tokens; eng.testa F1 {:.4} ({:.1}s)",
                report.run,
                report.epoch,
                report.training_errors,
                report.training_tokens,
                report.development.f1(),
                started.elapsed().as_secs_f64()
            );
        },
    );
    let bytes = trained.model.to_gzip();
    write_model(&args.out, &bytes)?;
    println!(
        "train ner: kept epochs {:?} of {} runs, averaged: eng.testa F1 {:.4} ({} features, {} clustered words, {} with vector clusters); wrote {} ({:.1} MB) in {:.1}s",
        trained.best_epochs,
        trained.best_epochs.len(),
        trained.development.f1(),
        trained.model.features(),
        trained.model.words_clustered(),
        trained.model.words_with_vectors(),
        args.out.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes a trained model file, creating its folder if need be.
fn write_model(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("{}: cannot create ({e})", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: cannot write ({e})", path.display()))
}

/// The quotes of PolNeAR texts the rules leave without a speaker, each with the options
/// that would make it match a gold direct quote in `eval quotes` (or "no speaker" where
/// none would).
fn speaker_examples(dir: &Path) -> Result<Vec<speakers::Example>, String> {
    let documents = crate::eval::quotes::load(dir)?;
    let mut examples = Vec::new();
    for document in &documents {
        let doc = crate::analyze::analyze(&crate::eval::quotes::article_of(document));
        for choice in speakers::choices(&document.text, &doc) {
            let direct = document.gold.iter().filter(|r| r.direct);
            let matching = |content: Span, span: Span| {
                direct
                    .clone()
                    .any(|r| crate::eval::quotes::matches(&(content, Some(span)), r))
            };
            let mut correct: Vec<bool> = std::iter::once(false)
                .chain(
                    choice
                        .candidates
                        .iter()
                        .map(|c| matching(c.content, c.span)),
                )
                .collect();
            if !correct.iter().any(|&c| c) {
                correct[0] = true;
            }
            let quote = doc.quotes[choice.quote].span.slice(&document.text);
            let candidates: Vec<&str> = choice
                .candidates
                .iter()
                .map(|c| c.span.slice(&document.text))
                .collect();
            let description = format!("{quote:?} <- {}", candidates.join(" | "));
            examples.push(speakers::Example {
                choice,
                correct,
                description,
            });
        }
    }
    Ok(examples)
}

/// The probability of the best candidate of an example (when it beats "no speaker") and
/// whether it is right.
fn best_option(model: &speakers::SpeakerModel, example: &speakers::Example) -> Option<(f64, bool)> {
    let (best, p) = model.best(&example.choice)?;
    Some((p, example.correct[best + 1]))
}

/// What taking the best candidates at probability `threshold` or above gains, counted as
/// `eval quotes` would change its direct F1 near `f1`: a right attribution adds `1 - f1/2`,
/// a wrong one costs `f1/2` (in units of 2/(gold + predicted)).
fn threshold_gain(picks: &[(f64, bool)], threshold: f64, f1: f64) -> (f64, usize, usize) {
    let right = picks.iter().filter(|(p, r)| *p >= threshold && *r).count();
    let wrong = picks.iter().filter(|(p, r)| *p >= threshold && !*r).count();
    let gain = right as f64 * (1.0 - f1 / 2.0) - wrong as f64 * f1 / 2.0;
    (gain, right, wrong)
}

fn train_speakers(args: TrainSpeakersArgs) -> Result<ExitCode, String> {
    let started = Instant::now();
    let training = speaker_examples(&args.data.join("train"))?;
    let development = speaker_examples(&args.data.join("dev"))?;
    let answerable =
        |examples: &[speakers::Example]| examples.iter().filter(|e| !e.correct[0]).count();
    println!(
        "train speakers: {} unattributed quotes in train ({} with a right candidate), {} in dev ({}) ({:.1}s)",
        training.len(),
        answerable(&training),
        development.len(),
        answerable(&development),
        started.elapsed().as_secs_f64()
    );
    // The threshold is chosen on out-of-fold probabilities over the training quotes (five
    // folds of consecutive texts), which are many more than dev's; dev is the check.
    const FOLDS: usize = 5;
    let mut out_of_fold: Vec<(f64, bool)> = Vec::new();
    // (wrong speakers taken, right speakers left) out of fold, for `--errors`.
    let mut mistakes: (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for fold in 0..FOLDS {
        let range = fold * training.len() / FOLDS..(fold + 1) * training.len() / FOLDS;
        let rest: Vec<speakers::Example> = training
            .iter()
            .enumerate()
            .filter(|(i, _)| !range.contains(i))
            .map(|(_, e)| e.clone())
            .collect();
        let fold_model = speakers::train(&rest, args.epochs, args.rate, args.l2);
        for example in &training[range.clone()] {
            let pick = best_option(&fold_model, example);
            let mistake = match pick {
                Some((_, false)) if mistakes.0.len() < args.errors => &mut mistakes.0,
                None if !example.correct[0] && mistakes.1.len() < args.errors => &mut mistakes.1,
                _ => continue,
            };
            mistake.push(example.description.clone());
        }
        out_of_fold.extend(
            training[range]
                .iter()
                .filter_map(|e| best_option(&fold_model, e)),
        );
    }
    let mut model = speakers::train(&training, args.epochs, args.rate, args.l2);
    let on_dev: Vec<(f64, bool)> = development
        .iter()
        .filter_map(|e| best_option(&model, e))
        .collect();
    // The F1 the gains are counted at: the rules' direct F1 on PolNeAR, about 0.82.
    const RULES_F1: f64 = 0.82;
    let mut best = (f64::NEG_INFINITY, 1.0);
    for step in 0..=40 {
        let threshold = 0.3 + step as f64 * 0.0125;
        let (gain, right, wrong) = threshold_gain(&out_of_fold, threshold, RULES_F1);
        let (dev_gain, dev_right, dev_wrong) = threshold_gain(&on_dev, threshold, RULES_F1);
        println!(
            "train speakers: threshold {threshold:.4}: train out of fold {right} right, {wrong} wrong, gain {gain:.2}; dev {dev_right} right, {dev_wrong} wrong, gain {dev_gain:.2}"
        );
        if gain > best.0 {
            best = (gain, threshold);
        }
    }
    model.threshold = best.1;
    for description in &mistakes.0 {
        println!("  [wrong speaker taken] {description}");
    }
    for description in &mistakes.1 {
        println!("  [right speaker left] {description}");
    }
    let (_, right, wrong) = threshold_gain(&on_dev, model.threshold, RULES_F1);
    write_model(&args.out, model.to_text().as_bytes())?;
    println!(
        "train speakers: threshold {:.4} (dev {right} right, {wrong} wrong); {} weights; wrote {} in {:.1}s",
        model.threshold,
        model.weights.len(),
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
