//! The writing cache: one JSON file per completion, named by the SHA-256 of what
//! determines it (story version, backend, model, the whole prompt, the token limit), so
//! that rendering a dossier again costs no model call. Writes go through a temporary
//! file and a rename, so an interrupted run never leaves a half-written entry; an entry
//! that cannot be read is ignored and rewritten.

use super::prompt::Prompt;
use super::Completion;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Bumped when the entry format changes.
const FORMAT: &str = "newsdesk.writer-cache/1";

#[derive(Clone, Debug)]
pub struct Cache {
    dir: Option<PathBuf>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    format: String,
    key: String,
    model: String,
    text: String,
    tokens: Option<usize>,
}

impl Cache {
    /// A cache in `dir` (created when first written).
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            dir: Some(dir.into()),
        }
    }

    /// No cache: every writing calls the model.
    pub fn disabled() -> Cache {
        Cache { dir: None }
    }

    /// `$XDG_CACHE_HOME/newsdesk/writer`, else `~/.cache/newsdesk/writer`.
    pub fn default_dir() -> Option<PathBuf> {
        std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))
            .map(|base| base.join("newsdesk").join("writer"))
    }

    pub fn key(
        story_version: Option<(i64, i64)>,
        identity: &str,
        prompt: &Prompt,
        max_tokens: usize,
    ) -> String {
        let mut hasher = Sha256::new();
        for part in [
            FORMAT,
            &story_version
                .map(|(story, version)| format!("{story}/{version}"))
                .unwrap_or_default(),
            identity,
            &prompt.system,
            &prompt.user,
            &max_tokens.to_string(),
        ] {
            hasher.update(part.len().to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        self.dir.as_ref().map(|dir| dir.join(format!("{key}.json")))
    }

    pub fn get(&self, key: &str) -> Option<Completion> {
        let bytes = std::fs::read(self.path(key)?).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.format == FORMAT && entry.key == key).then_some(Completion {
            text: entry.text,
            tokens: entry.tokens,
        })
    }

    /// Stores a completion; a cache that cannot be written is reported, not fatal.
    pub fn put(&self, key: &str, model: &str, completion: &Completion) -> Result<(), String> {
        let (Some(dir), Some(path)) = (&self.dir, self.path(key)) else {
            return Ok(());
        };
        let problem =
            |e: std::io::Error| format!("cannot write the writer cache in {}: {e}", dir.display());
        std::fs::create_dir_all(dir).map_err(problem)?;
        let entry = Entry {
            format: FORMAT.to_string(),
            key: key.to_string(),
            model: model.to_string(),
            text: completion.text.clone(),
            tokens: completion.tokens,
        };
        let temporary = dir.join(format!("{key}.{}.tmp", std::process::id()));
        let json = serde_json::to_vec_pretty(&entry).expect("an entry serialises");
        std::fs::write(&temporary, json).map_err(problem)?;
        std::fs::rename(&temporary, &path).map_err(problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_keys_depend_on_every_part() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("writer"));
        let prompt = Prompt {
            system: "rules".into(),
            user: "evidence".into(),
            citations: Default::default(),
        };
        let key = Cache::key(Some((3, 7)), "openai m at u", &prompt, 300);
        assert!(cache.get(&key).is_none());
        let completion = Completion {
            text: "Written [1].".into(),
            tokens: Some(12),
        };
        cache.put(&key, "m", &completion).unwrap();
        assert_eq!(cache.get(&key), Some(completion));
        for other in [
            Cache::key(Some((3, 8)), "openai m at u", &prompt, 300),
            Cache::key(Some((3, 7)), "openai n at u", &prompt, 300),
            Cache::key(Some((3, 7)), "openai m at u", &prompt, 301),
            Cache::key(
                Some((3, 7)),
                "openai m at u",
                &Prompt {
                    system: "rules".into(),
                    user: "evidence!".into(),
                    citations: Default::default(),
                },
                300,
            ),
        ] {
            assert_ne!(other, key);
        }
        // A damaged entry is ignored, not trusted.
        std::fs::write(dir.path().join("writer").join(format!("{key}.json")), "{").unwrap();
        assert!(cache.get(&key).is_none());
        assert!(Cache::disabled().get(&key).is_none());
    }
}
