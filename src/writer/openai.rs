//! The `openai` backend: any OpenAI-compatible chat-completions endpoint (Ollama,
//! llama.cpp's server, vLLM, hosted APIs). `POST {base}/chat/completions` with the system
//! and user messages, temperature 0; the answer's first choice is the completion.
//!
//! Failures that may pass (timeouts, refused connections, HTTP 429 and 5xx) are retried
//! with exponential backoff, honouring a short `Retry-After`; others (401, 404, a body
//! that is not a chat completion) fail at once with the endpoint and the reason.

use super::prompt::Prompt;
use super::{Backend, Completion, WriterError};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct OpenAiConfig {
    /// The API base, e.g. `http://127.0.0.1:11434/v1` or `https://api.openai.com/v1`.
    pub base_url: String,
    pub model: String,
    /// Sent as a bearer token when present (from the environment, never a flag).
    pub api_key: Option<String>,
    /// For the whole of one request.
    pub timeout: Duration,
    /// Attempts after the first.
    pub retries: u32,
    /// Wait before the first retry; doubled each time.
    pub backoff: Duration,
}

impl OpenAiConfig {
    pub fn new(base_url: &str, model: &str) -> OpenAiConfig {
        OpenAiConfig {
            base_url: base_url.trim_end_matches('/').to_string(),
            model: model.to_string(),
            api_key: None,
            timeout: Duration::from_secs(120),
            retries: 2,
            backoff: Duration::from_millis(500),
        }
    }
}

pub struct OpenAi {
    config: OpenAiConfig,
    agent: ureq::Agent,
}

/// Longest `Retry-After` honoured; a server asking for longer is treated as failing.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

impl OpenAi {
    pub fn new(config: OpenAiConfig) -> OpenAi {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(config.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("newsdesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        OpenAi { config, agent }
    }

    fn endpoint(&self) -> String {
        format!("{}/chat/completions", self.config.base_url)
    }

    fn attempt(&self, body: &serde_json::Value) -> Result<Completion, Attempt> {
        let mut request = self
            .agent
            .post(&self.endpoint())
            .header("Content-Type", "application/json");
        if let Some(key) = &self.config.api_key {
            request = request.header("Authorization", &format!("Bearer {key}"));
        }
        let payload = serde_json::to_vec(body).expect("a request serialises");
        let mut response = request.send(&payload[..]).map_err(|e| match e {
            ureq::Error::Timeout(_) => Attempt::Retry {
                problem: format!("timed out after {:?}", self.config.timeout),
                wait: None,
            },
            ureq::Error::ConnectionFailed | ureq::Error::Io(_) => Attempt::Retry {
                problem: format!("cannot connect: {e}"),
                wait: None,
            },
            other => Attempt::Fail(format!("request failed: {other}")),
        })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| match e {
                ureq::Error::Timeout(_) => Attempt::Retry {
                    problem: format!("timed out after {:?}", self.config.timeout),
                    wait: None,
                },
                other => Attempt::Fail(format!("cannot read the answer: {other}")),
            })?;
        if status == 429 || (500..600).contains(&status) {
            return Err(match retry_after {
                Some(wait) if wait > MAX_RETRY_AFTER => Attempt::Fail(format!(
                    "HTTP {status}; the server asks to wait {}s",
                    wait.as_secs()
                )),
                wait => Attempt::Retry {
                    problem: format!("HTTP {status}: {}", excerpt(&text)),
                    wait,
                },
            });
        }
        if !(200..300).contains(&status) {
            return Err(Attempt::Fail(format!("HTTP {status}: {}", excerpt(&text))));
        }
        parse_completion(&text).map_err(Attempt::Fail)
    }
}

enum Attempt {
    Retry {
        problem: String,
        wait: Option<Duration>,
    },
    Fail(String),
}

impl Backend for OpenAi {
    fn backend(&self) -> &str {
        "openai"
    }

    fn model(&self) -> &str {
        &self.config.model
    }

    fn identity(&self) -> String {
        format!("openai {} at {}", self.config.model, self.config.base_url)
    }

    fn complete(&self, prompt: &Prompt, max_tokens: usize) -> Result<Completion, WriterError> {
        let body = serde_json::json!({
            "model": self.config.model,
            "messages": [
                {"role": "system", "content": prompt.system},
                {"role": "user", "content": prompt.user},
            ],
            "temperature": 0,
            "max_tokens": max_tokens,
            "stream": false,
        });
        let mut wait = self.config.backoff;
        let mut attempt = 0;
        loop {
            match self.attempt(&body) {
                Ok(completion) => return Ok(completion),
                Err(Attempt::Fail(problem)) => {
                    return Err(WriterError::new(self.endpoint(), problem));
                }
                Err(Attempt::Retry {
                    problem,
                    wait: asked,
                }) => {
                    if attempt >= self.config.retries {
                        let tries = attempt + 1;
                        return Err(WriterError::new(
                            self.endpoint(),
                            format!(
                                "{problem} (after {tries} attempt{})",
                                if tries == 1 { "" } else { "s" }
                            ),
                        ));
                    }
                    std::thread::sleep(asked.unwrap_or(wait));
                    wait *= 2;
                    attempt += 1;
                }
            }
        }
    }
}

/// The completion in a chat-completions answer, with the tokens it reports using.
fn parse_completion(text: &str) -> Result<Completion, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("the answer is not JSON ({e}): {}", excerpt(text)))?;
    if let Some(error) = value.get("error") {
        let message = error
            .get("message")
            .and_then(|m| m.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| error.to_string());
        return Err(format!("the server reports an error: {message}"));
    }
    let content = value
        .pointer("/choices/0/message/content")
        .and_then(|c| c.as_str())
        .ok_or_else(|| {
            format!(
                "the answer has no choices[0].message.content: {}",
                excerpt(text)
            )
        })?;
    let tokens = value
        .pointer("/usage/total_tokens")
        .and_then(|t| t.as_u64())
        .map(|t| t as usize);
    Ok(Completion {
        text: content.to_string(),
        tokens,
    })
}

/// The start of a server's answer, for error messages.
fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 200 {
        format!("{}…", flat.chars().take(200).collect::<String>())
    } else if flat.is_empty() {
        "(empty body)".to_string()
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_and_server_errors_are_read() {
        let ok = parse_completion(
            r#"{"choices":[{"message":{"role":"assistant","content":"Hi [1]."}}],
                "usage":{"total_tokens":42}}"#,
        )
        .unwrap();
        assert_eq!(ok.text, "Hi [1].");
        assert_eq!(ok.tokens, Some(42));
        let error = parse_completion(r#"{"error":{"message":"model not found"}}"#).unwrap_err();
        assert!(error.contains("model not found"), "{error}");
        let garbage = parse_completion("<html>gateway</html>").unwrap_err();
        assert!(
            garbage.contains("not JSON") && garbage.contains("gateway"),
            "{garbage}"
        );
        let shapeless = parse_completion(r#"{"choices":[]}"#).unwrap_err();
        assert!(shapeless.contains("choices[0]"), "{shapeless}");
    }
}
