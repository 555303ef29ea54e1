//! The writer options that `brief` and `show` share: which backend writes the generated
//! sections, how it is reached, and what the grounding check does with what it cannot
//! support. Each option also reads an environment variable, so that a shell profile or a
//! service unit can configure the writer once.

use crate::dossier::Dossier;
use crate::writer::cache::Cache;
use crate::writer::openai::{OpenAi, OpenAiConfig};
use crate::writer::{self, Backend, Policy, WriterOptions};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WriterKind {
    /// The extractive dossier only.
    None,
    /// An OpenAI-compatible chat endpoint (--writer-url, --writer-model; key from
    /// NEWSDESK_WRITER_API_KEY or OPENAI_API_KEY).
    Openai,
    /// A GGUF model run in-process (built with --features llm; --writer-model is the file).
    Local,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UnsupportedPolicy {
    /// Remove sentences the check cannot support (listed in the JSON for audit).
    Drop,
    /// Keep them, marked unsupported.
    Flag,
}

/// The default model file of the `local` backend (scripts/fetch-smollm2.sh puts it there).
pub const DEFAULT_LOCAL_MODEL: &str = "models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf";

#[derive(Args, Debug, Clone)]
pub struct WriterArgs {
    /// Add model-written sections (overview, scenarios, background), each sentence
    /// checked against the evidence it cites and labelled as generated.
    #[arg(long, value_enum, default_value = "none", env = "NEWSDESK_WRITER")]
    pub writer: WriterKind,
    /// Base URL of the OpenAI-compatible API (`openai`).
    #[arg(
        long,
        value_name = "URL",
        env = "NEWSDESK_WRITER_URL",
        default_value = "http://127.0.0.1:11434/v1"
    )]
    pub writer_url: String,
    /// Model name (`openai`) or GGUF file (`local`, default: the SmolLM2 file that
    /// scripts/fetch-smollm2.sh unpacks).
    #[arg(long, value_name = "MODEL", env = "NEWSDESK_WRITER_MODEL")]
    pub writer_model: Option<String>,
    /// Seconds one request may take (`openai`).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 120,
        env = "NEWSDESK_WRITER_TIMEOUT"
    )]
    pub writer_timeout: u64,
    /// Retries of a request that timed out or got HTTP 429/5xx (`openai`).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 2,
        env = "NEWSDESK_WRITER_RETRIES"
    )]
    pub writer_retries: u32,
    /// Tokens one story may spend on writing, prompts and completions together.
    #[arg(
        long,
        value_name = "TOKENS",
        default_value_t = 12_000,
        env = "NEWSDESK_WRITER_BUDGET"
    )]
    pub writer_budget: usize,
    /// Completion tokens per request (default: 400 for `openai`, whose requests are whole
    /// sections; 80 for `local`, whose requests are single sentences).
    #[arg(long, value_name = "TOKENS")]
    pub writer_max_tokens: Option<usize>,
    /// Evidence sentences numbered for the model (default 40).
    #[arg(long, value_name = "N")]
    pub writer_evidence: Option<usize>,
    /// What to do with a generated sentence the evidence does not support.
    #[arg(long, value_enum, default_value = "drop")]
    pub unsupported: UnsupportedPolicy,
    /// Where completions are cached (default: ~/.cache/newsdesk/writer).
    #[arg(long, value_name = "DIR", env = "NEWSDESK_WRITER_CACHE")]
    pub writer_cache: Option<PathBuf>,
    /// Call the model even when a cached completion exists, and cache nothing.
    #[arg(long)]
    pub no_writer_cache: bool,
}

impl WriterArgs {
    /// Adds the generated sections to `dossier` when a writer is chosen, and reports the
    /// grounding figures on standard error.
    pub fn apply(&self, dossier: &mut Dossier) -> Result<(), String> {
        let backend = match self.backend()? {
            Some(backend) => backend,
            None => return Ok(()),
        };
        let cache = if self.no_writer_cache {
            Cache::disabled()
        } else {
            match self.writer_cache.clone().or_else(Cache::default_dir) {
                Some(dir) => Cache::at(dir),
                None => Cache::disabled(),
            }
        };
        let options = WriterOptions {
            policy: match self.unsupported {
                UnsupportedPolicy::Drop => Policy::Drop,
                UnsupportedPolicy::Flag => Policy::Flag,
            },
            token_budget: self.writer_budget,
            max_tokens: self.writer_max_tokens,
            evidence_limit: self.writer_evidence,
            ..WriterOptions::default()
        };
        let generated = writer::write(dossier, backend.as_ref(), &cache, &options);
        eprintln!("newsdesk: {}", writer::summary(&generated));
        dossier.generated = Some(generated);
        Ok(())
    }

    fn backend(&self) -> Result<Option<Box<dyn Backend>>, String> {
        match self.writer {
            WriterKind::None => Ok(None),
            WriterKind::Openai => {
                let model = self.writer_model.clone().ok_or(
                    "--writer openai needs a model name: --writer-model NAME (or NEWSDESK_WRITER_MODEL)",
                )?;
                if !(self.writer_url.starts_with("http://")
                    || self.writer_url.starts_with("https://"))
                {
                    return Err(format!(
                        "--writer-url {:?} is not an http(s) URL",
                        self.writer_url
                    ));
                }
                let mut config = OpenAiConfig::new(&self.writer_url, &model);
                config.api_key = ["NEWSDESK_WRITER_API_KEY", "OPENAI_API_KEY"]
                    .iter()
                    .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
                config.timeout = Duration::from_secs(self.writer_timeout.max(1));
                config.retries = self.writer_retries;
                Ok(Some(Box::new(OpenAi::new(config))))
            }
            WriterKind::Local => self.local_backend(),
        }
    }

    #[cfg(feature = "llm")]
    fn local_backend(&self) -> Result<Option<Box<dyn Backend>>, String> {
        let path = PathBuf::from(
            self.writer_model
                .clone()
                .unwrap_or_else(|| DEFAULT_LOCAL_MODEL.to_string()),
        );
        let model = crate::writer::local::Local::load(&path).map_err(|e| e.to_string())?;
        Ok(Some(Box::new(model)))
    }

    #[cfg(not(feature = "llm"))]
    fn local_backend(&self) -> Result<Option<Box<dyn Backend>>, String> {
        Err(format!(
            "--writer local needs a newsdesk built with the `llm` feature: cargo build \
             --release --features llm (scripts/fetch-smollm2.sh unpacks the model into \
             {DEFAULT_LOCAL_MODEL})"
        ))
    }
}
