//! An in-process stand-in for an OpenAI-compatible server: answers `GET /models` and
//! `POST /chat/completions` from a script, records every request body, and counts connections.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the stub sends for one chat request.
#[derive(Clone)]
pub enum Reply {
    /// A chat completion whose message content is this text.
    Content(String),
    /// The same, as server-sent events in chunks of this many characters.
    Streamed(String, usize),
    Status(u16, String),
    /// Sleep this long before answering (past the client's timeout).
    Hang(Duration),
}

type Script = dyn Fn(&Value, usize) -> Reply + Send + Sync;

pub struct Stub {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Value>>>,
    pub connections: Arc<AtomicUsize>,
}

impl Stub {
    /// Serves `script(request_body, chat_call_index)` for each chat call.
    pub fn start(script: impl Fn(&Value, usize) -> Reply + Send + Sync + 'static) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        Stub::serve(listener, url, Arc::new(script))
    }

    pub fn serve(listener: TcpListener, url: String, script: Arc<Script>) -> Stub {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (reqs, conns) = (requests.clone(), connections.clone());
        std::thread::spawn(move || {
            let chats = Arc::new(AtomicUsize::new(0));
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                conns.fetch_add(1, Ordering::SeqCst);
                let (script, reqs, chats) = (script.clone(), reqs.clone(), chats.clone());
                std::thread::spawn(move || handle(stream, &*script, &reqs, &chats));
            }
        });
        Stub {
            url,
            requests,
            connections,
        }
    }

    /// The text of the last user message of chat call `i`.
    pub fn user_message(&self, i: usize) -> String {
        let r = self.requests.lock().unwrap();
        let msgs = r[i]["messages"].as_array().unwrap();
        msgs.iter()
            .rev()
            .find(|m| m["role"] == "user")
            .and_then(|m| m["content"].as_str())
            .unwrap_or("")
            .to_string()
    }

    pub fn chat_calls(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

fn handle(stream: TcpStream, script: &Script, reqs: &Mutex<Vec<Value>>, chats: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut len = 0;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    let mut out = stream;
    if path.ends_with("/models") {
        let b =
            json!({"object": "list", "data": [{"id": "stub-model"}, {"id": "other"}]}).to_string();
        respond(&mut out, 200, "application/json", &b);
        return;
    }
    let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let i = chats.fetch_add(1, Ordering::SeqCst);
    reqs.lock().unwrap().push(value.clone());
    match script(&value, i) {
        Reply::Content(text) => {
            let b = json!({"object": "chat.completion", "choices": [{"index": 0,
                "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]});
            respond(&mut out, 200, "application/json", &b.to_string());
        }
        Reply::Streamed(text, n) => {
            let mut b = String::new();
            let chars: Vec<char> = text.chars().collect();
            for piece in chars.chunks(n.max(1)) {
                let s: String = piece.iter().collect();
                let ev = json!({"choices": [{"index": 0, "delta": {"content": s}}]});
                b.push_str(&format!("data: {ev}\n\n"));
            }
            b.push_str("data: [DONE]\n\n");
            respond(&mut out, 200, "text/event-stream", &b);
        }
        Reply::Status(code, text) => respond(&mut out, code, "application/json", &text),
        Reply::Hang(d) => {
            std::thread::sleep(d);
            respond(&mut out, 200, "application/json", "{}");
        }
    }
}

fn respond(out: &mut TcpStream, code: u16, ct: &str, body: &str) {
    let _ = write!(
        out,
        "HTTP/1.1 {code} X\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = out.flush();
}
