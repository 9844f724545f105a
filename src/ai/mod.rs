//! The optional AI interviewer: a model the user runs (Ollama, llama.cpp's server, vLLM, LM Studio
//! or a hosted API), spoken to over the OpenAI-compatible chat-completions protocol. It proposes;
//! the user decides. Owns the `[ai]` settings, the HTTP client, the prompts, the validation of
//! every reply (schema, key-point ids, quotes that must occur in the answer) and the evidence caps
//! applied on top. Never touches the terminal or the database; with no `[ai]` configured nothing
//! here is constructed and no connection is attempted.

pub mod ask;
pub mod client;
pub mod eval;
pub mod grade;
pub mod job;
pub mod prompts;
pub mod validate;

pub use client::{ChatClient, ChatReply};
pub use grade::{GradeRequest, Grading, PointVerdict, Verdict};
pub use job::{Job, JobState};

use std::time::Duration;

/// `[ai]` in config.toml. Every key is optional; the interviewer is on when the section exists,
/// `model` is set and `enabled` is not false.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AiConfig {
    /// Base URL of an OpenAI-compatible API (`…/v1`). Default: Ollama on this machine.
    #[serde(default = "default_endpoint")]
    pub endpoint: String,
    /// Model name as the server knows it (`qwen2.5:7b-instruct`, `gpt-4o-mini`, …).
    #[serde(default)]
    pub model: String,
    /// The *name* of an environment variable holding the API key. The key itself is never
    /// stored in the config file or the database.
    #[serde(default)]
    pub api_key_env: Option<String>,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    #[serde(default = "default_max_tokens")]
    pub max_tokens: u32,
    #[serde(default = "default_true")]
    pub enabled: bool,
}

fn default_endpoint() -> String {
    "http://localhost:11434/v1".into()
}
fn default_timeout() -> u64 {
    60
}
fn default_max_tokens() -> u32 {
    1200
}
fn default_true() -> bool {
    true
}

impl Default for AiConfig {
    fn default() -> Self {
        AiConfig {
            endpoint: default_endpoint(),
            model: String::new(),
            api_key_env: None,
            timeout_secs: default_timeout(),
            max_tokens: default_max_tokens(),
            enabled: true,
        }
    }
}

impl AiConfig {
    /// The configuration to use, or `None` when the interviewer is off (no section, no model,
    /// or `enabled = false`). Callers construct nothing network-related for `None`.
    pub fn active(cfg: Option<&AiConfig>) -> Option<&AiConfig> {
        cfg.filter(|c| c.enabled && !c.model.trim().is_empty())
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs.max(1))
    }

    /// The host part of the endpoint (`localhost`, `api.openai.com`), recorded with judgements.
    pub fn host(&self) -> String {
        host_of(&self.endpoint)
    }

    /// Whether answers stay on this machine (loopback endpoint). Otherwise the first use asks.
    pub fn is_local(&self) -> bool {
        let h = self.host();
        h == "localhost" || h == "::1" || h == "[::1]" || h.starts_with("127.")
    }

    /// The API key from the environment variable named in `api_key_env`, if any.
    pub fn api_key(&self) -> Option<String> {
        let name = self.api_key_env.as_deref()?.trim();
        std::env::var(name).ok().filter(|k| !k.trim().is_empty())
    }
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or("").to_string();
    }
    authority
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// What can go wrong talking to the model. Each message says what the user can do.
#[derive(Debug, thiserror::Error)]
pub enum AiError {
    #[error("the model server at {endpoint} did not answer: {message}")]
    Unreachable { endpoint: String, message: String },
    #[error("the model server answered HTTP {status}: {body}")]
    Status { status: u16, body: String },
    #[error("the model took longer than {secs} s (timeout_secs in [ai]); self-scoring instead")]
    Timeout { secs: u64 },
    #[error("cancelled")]
    Cancelled,
    #[error("the model's reply could not be used ({0}); self-scoring instead")]
    Invalid(String),
    #[error("the server's reply was not an OpenAI-style chat completion: {0}")]
    Protocol(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_locality() {
        let mut c = AiConfig::default();
        assert_eq!(c.host(), "localhost");
        assert!(c.is_local());
        c.endpoint = "https://user@API.example.com:443/v1".into();
        assert_eq!(c.host(), "api.example.com");
        assert!(!c.is_local());
        c.endpoint = "http://127.0.0.1:8080/v1".into();
        assert!(c.is_local());
        c.endpoint = "http://[::1]:8080/v1".into();
        assert!(c.is_local());
    }

    #[test]
    fn off_unless_a_model_is_named_and_enabled() {
        assert!(AiConfig::active(None).is_none());
        let mut c = AiConfig::default();
        assert!(AiConfig::active(Some(&c)).is_none(), "no model");
        c.model = "m".into();
        assert!(AiConfig::active(Some(&c)).is_some());
        c.enabled = false;
        assert!(AiConfig::active(Some(&c)).is_none());
    }

    #[test]
    fn the_key_comes_from_the_named_variable_only() {
        let c = AiConfig {
            api_key_env: Some("MLPREP_TEST_KEY_THAT_IS_UNSET".into()),
            ..AiConfig::default()
        };
        assert_eq!(c.api_key(), None);
        let c: AiConfig = toml::from_str("model = \"m\"\napi_key_env = \"PATH\"").unwrap();
        assert!(c.api_key().is_some(), "PATH is always set");
        assert!(toml::from_str::<AiConfig>("api_key = \"sk-123\"").is_err());
    }
}
