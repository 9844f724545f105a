//! A blocking client for the OpenAI-compatible chat-completions protocol (ureq; no async
//! runtime). Streams when the server streams (server-sent events), reads a plain JSON completion
//! otherwise, and turns every failure into an [`AiError`] that says what to do.

use super::{AiConfig, AiError};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// One chat message.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Message {
    pub role: &'static str,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Message {
            role: "system",
            content: content.into(),
        }
    }
    pub fn user(content: impl Into<String>) -> Self {
        Message {
            role: "user",
            content: content.into(),
        }
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        Message {
            role: "assistant",
            content: content.into(),
        }
    }
}

/// The model's text and how long the round trip took.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatReply {
    pub text: String,
    pub latency: Duration,
    pub streamed: bool,
}

/// A configured connection to one model.
pub struct ChatClient {
    agent: ureq::Agent,
    cfg: AiConfig,
    key: Option<String>,
}

/// Replies larger than this are refused (a misbehaving server cannot exhaust memory).
const MAX_REPLY_BYTES: u64 = 4 << 20;

impl ChatClient {
    pub fn new(cfg: &AiConfig) -> ChatClient {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(cfg.timeout()))
            .timeout_connect(Some(cfg.timeout().min(Duration::from_secs(10))))
            .http_status_as_error(false)
            .build();
        ChatClient {
            agent: config.into(),
            key: cfg.api_key(),
            cfg: cfg.clone(),
        }
    }

    pub fn config(&self) -> &AiConfig {
        &self.cfg
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.cfg.endpoint.trim_end_matches('/'))
    }

    fn map_err(&self, e: ureq::Error) -> AiError {
        match e {
            ureq::Error::Timeout(_) => AiError::Timeout {
                secs: self.cfg.timeout_secs,
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => AiError::Timeout {
                secs: self.cfg.timeout_secs,
            },
            other => AiError::Unreachable {
                endpoint: self.cfg.endpoint.clone(),
                message: other.to_string(),
            },
        }
    }

    /// The model names the server lists (`GET /models`).
    pub fn models(&self) -> Result<Vec<String>, AiError> {
        let mut req = self.agent.get(self.url("models"));
        if let Some(k) = &self.key {
            req = req.header("Authorization", format!("Bearer {k}"));
        }
        let mut resp = req.call().map_err(|e| self.map_err(e))?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_REPLY_BYTES)
            .read_to_string()
            .map_err(|e| self.map_err(e))?;
        if status >= 400 {
            return Err(AiError::Status {
                status,
                body: clip(&body),
            });
        }
        let v: Value = serde_json::from_str(&body).map_err(|e| AiError::Protocol(e.to_string()))?;
        Ok(v["data"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|m| m["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// One chat completion. `schema` asks for JSON matching it (`response_format` with
    /// `json_schema`). `cancel` is checked between streamed chunks; `progress` gets the number of
    /// characters received so far.
    pub fn chat(
        &self,
        messages: &[Message],
        schema: Option<(&str, &Value)>,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ChatReply, AiError> {
        let started = Instant::now();
        let mut body = json!({
            "model": self.cfg.model,
            "messages": messages,
            "max_tokens": self.cfg.max_tokens,
            "temperature": 0,
            "stream": true,
        });
        if let Some((name, schema)) = schema {
            body["response_format"] = json!({
                "type": "json_schema",
                "json_schema": {"name": name, "strict": true, "schema": schema},
            });
        }
        let mut req = self.agent.post(self.url("chat/completions"));
        if let Some(k) = &self.key {
            req = req.header("Authorization", format!("Bearer {k}"));
        }
        let mut resp = req.send_json(&body).map_err(|e| self.map_err(e))?;
        let status = resp.status().as_u16();
        let streamed = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.contains("text/event-stream"));
        if status >= 400 {
            let text = resp
                .body_mut()
                .with_config()
                .limit(64 * 1024)
                .read_to_string()
                .unwrap_or_default();
            return Err(AiError::Status {
                status,
                body: clip(&text),
            });
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(AiError::Cancelled);
        }
        let text = if streamed {
            let reader = resp
                .body_mut()
                .with_config()
                .limit(MAX_REPLY_BYTES)
                .reader();
            read_events(
                BufReader::new(reader),
                cancel,
                progress,
                self.cfg.timeout_secs,
            )?
        } else {
            let raw = resp
                .body_mut()
                .with_config()
                .limit(MAX_REPLY_BYTES)
                .read_to_string()
                .map_err(|e| self.map_err(e))?;
            let v: Value =
                serde_json::from_str(&raw).map_err(|e| AiError::Protocol(e.to_string()))?;
            let text = v["choices"][0]["message"]["content"]
                .as_str()
                .ok_or_else(|| AiError::Protocol("no choices[0].message.content".into()))?
                .to_string();
            progress(text.len());
            text
        };
        Ok(ChatReply {
            text,
            latency: started.elapsed(),
            streamed,
        })
    }
}

/// Reads `data: {...}` server-sent events until `data: [DONE]` or the end of the body.
fn read_events(
    reader: impl BufRead,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize),
    timeout_secs: u64,
) -> Result<String, AiError> {
    let mut text = String::new();
    for line in reader.lines() {
        if cancel.load(Ordering::Relaxed) {
            return Err(AiError::Cancelled);
        }
        let line = line.map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                AiError::Timeout { secs: timeout_secs }
            }
            _ if e.to_string().to_lowercase().contains("timeout") => {
                AiError::Timeout { secs: timeout_secs }
            }
            _ => AiError::Protocol(e.to_string()),
        })?;
        let Some(data) = line.strip_prefix("data:") else {
            continue;
        };
        let data = data.trim();
        if data == "[DONE]" {
            break;
        }
        let v: Value = serde_json::from_str(data)
            .map_err(|e| AiError::Protocol(format!("bad stream event: {e}")))?;
        if let Some(piece) = v["choices"][0]["delta"]["content"].as_str() {
            text.push_str(piece);
            progress(text.len());
        }
    }
    Ok(text)
}

fn clip(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_joined_until_done() {
        let body = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n\
                    : keep-alive\n\
                    data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n\
                    data: [DONE]\n\
                    data: {\"choices\":[{\"delta\":{\"content\":\"ignored\"}}]}\n";
        let mut seen = Vec::new();
        let text = read_events(
            body.as_bytes(),
            &AtomicBool::new(false),
            &mut |n| seen.push(n),
            5,
        )
        .unwrap();
        assert_eq!(text, "Hello");
        assert_eq!(seen, vec![3, 5]);
    }

    #[test]
    fn a_cancelled_stream_stops() {
        let body = "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n";
        let r = read_events(body.as_bytes(), &AtomicBool::new(true), &mut |_| {}, 5);
        assert!(matches!(r, Err(AiError::Cancelled)));
    }
}
