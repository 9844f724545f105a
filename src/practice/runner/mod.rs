//! The test-runner child process: the harness (shipped inside the binary) runs a card's tests
//! one by one against the user's file and streams JSON lines back. The child has no terminal,
//! its own process group, a memory limit and a wall-clock limit per test; when it is killed at
//! a limit, the run resumes from the next test so one hanging test never hides the others.
//! The child runs contained ([`super::sandbox`]), its result lines are authenticated with a
//! per-process token and read with byte limits ([`super::pipe`]), and its whole process group
//! is killed when the run ends.

mod child;
mod report;

use super::pipe::Message;
use crate::content::Card;
pub use report::{Report, Status, TestResult};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

pub const HARNESS: &str = include_str!("../harness.py");

/// Limits and the interpreter.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub python: String,
    /// Wall-clock budget for the card's whole test run, seconds.
    pub timeout: f32,
    pub memory_mb: u32,
    /// Decks the user did not write and has not allowed yet: deck path -> where it came from.
    /// Their code is not run (the CLI asks; see `practice::trust`).
    pub untrusted: std::collections::HashMap<String, String>,
}

/// A run in progress; `poll` it from the event loop.
pub struct Run {
    config: RunConfig,
    dir: PathBuf,
    solution: PathBuf,
    requires: Vec<String>,
    per_test: f32,
    expected: usize,
    child: Option<Child>,
    events: Option<Receiver<Message>>,
    stderr: Option<std::thread::JoinHandle<String>>,
    started: Instant,
    child_started: Instant,
    names: Vec<String>,
    current: Option<String>,
    report: Report,
    restarts: usize,
    done: bool,
}

impl Run {
    /// Starts the tests of `card` against `solution` (the workspace file).
    pub fn start(card: &Card, solution: &Path, config: RunConfig) -> Run {
        let tests = card.code(card.tests).unwrap_or("");
        let expected = tests
            .lines()
            .filter(|l| l.starts_with("def test_"))
            .count()
            .max(1);
        let timeout = card.timeout.unwrap_or(config.timeout);
        // Each test gets its share of the card's budget, and never less than a second.
        let per_test = (timeout / expected as f32).max(1.0);
        let dir = solution
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
            .join(".mlprep");
        let mut run = Run {
            config,
            solution: solution.to_path_buf(),
            requires: card.requires.clone(),
            per_test,
            expected,
            child: None,
            events: None,
            stderr: None,
            started: Instant::now(),
            child_started: Instant::now(),
            names: Vec::new(),
            current: None,
            report: Report::default(),
            restarts: 0,
            done: false,
            dir,
        };
        if let Some(origin) = run.config.untrusted.get(&*card.deck) {
            let msg = format!(
                "this deck came from {origin}, so its tests are code you did not write; see what it runs and allow it once with `mlprep practice {} --run`",
                card.id
            );
            run.finish_fatal(msg);
            return run;
        }
        let prepared = std::fs::create_dir_all(&run.dir)
            .and_then(|_| std::fs::write(run.dir.join("harness.py"), HARNESS))
            .and_then(|_| std::fs::write(run.dir.join("tests.py"), tests));
        match prepared {
            Err(e) => run.finish_fatal(format!(
                "cannot prepare the workspace {}: {e}",
                run.dir.display()
            )),
            Ok(()) => run.spawn(0),
        }
        run
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Tests finished so far and the number expected.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.report.results.len(),
            self.names.len().max(self.expected),
        )
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Drains events and enforces the limits; never blocks.
    pub fn poll(&mut self) {
        if self.done {
            return;
        }
        let mut disconnected = false;
        let mut overflow = None;
        let mut received = Vec::new();
        if let Some(rx) = &self.events {
            loop {
                match rx.try_recv() {
                    Ok(Message::Event(v)) => received.push(v),
                    Ok(Message::Overflow(m)) => {
                        overflow = Some(m);
                        disconnected = true;
                        break;
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        disconnected = true;
                        break;
                    }
                }
            }
        }
        for v in received {
            self.event(v);
        }
        if self.done {
            self.reap();
            return;
        }
        // The harness times tests itself; this is the backstop for code that ignores signals.
        let remaining = self
            .names
            .len()
            .saturating_sub(self.report.results.len())
            .max(1);
        let limit = Duration::from_secs_f32(self.per_test * remaining as f32 + 3.0);
        if self.child_started.elapsed() > limit || disconnected {
            self.kill();
            let stopped_at = self.current.take();
            if let Some(name) = stopped_at {
                let msg = match &overflow {
                    Some(m) => m.as_str(),
                    None if disconnected => {
                        "the test process died (out of memory, or killed by a signal)"
                    }
                    None => "killed after the time limit (the code did not respond to the timer)",
                };
                let status = if disconnected {
                    Status::Error
                } else {
                    Status::Timeout
                };
                self.push(TestResult {
                    name,
                    status,
                    message: msg.into(),
                    line: None,
                    seconds: self.per_test as f64,
                    output: String::new(),
                    input: None,
                    test_line: None,
                });
            } else if self.names.is_empty() {
                let err = self.collect_stderr();
                self.finish_fatal(if let Some(m) = overflow {
                    m
                } else if disconnected {
                    format!(
                        "the test harness exited before running any test{}",
                        tail(&err)
                    )
                } else {
                    "the test harness did not start in time".into()
                });
                return;
            }
            let next = self.report.results.len();
            if next < self.names.len() && self.restarts < 50 {
                self.restarts += 1;
                self.spawn(next);
            } else {
                self.finish();
            }
        }
    }

    /// Blocks until the run is over (for `practice --run`).
    pub fn wait(&mut self) -> &Report {
        while !self.done {
            self.poll();
            std::thread::sleep(Duration::from_millis(10));
        }
        &self.report
    }

    fn event(&mut self, v: serde_json::Value) {
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        match v.get("event").and_then(|e| e.as_str()) {
            Some("collected") if self.names.is_empty() => {
                self.names = v
                    .get("tests")
                    .and_then(|t| t.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                if self.names.is_empty() {
                    self.finish_fatal("the card's tests define no test_ functions".into());
                }
            }
            Some("start") => self.current = Some(s("name")),
            Some("result") => {
                self.current = None;
                let status = match s("status").as_str() {
                    "pass" => Status::Pass,
                    "fail" => Status::Fail,
                    "timeout" => Status::Timeout,
                    _ => Status::Error,
                };
                let line = v.get("line").and_then(|l| {
                    Some((
                        l.get("line")?.as_u64()? as u32,
                        l.get("source")?.as_str()?.to_string(),
                    ))
                });
                self.push(TestResult {
                    name: s("name"),
                    status,
                    message: s("message"),
                    line,
                    seconds: v.get("seconds").and_then(|x| x.as_f64()).unwrap_or(0.0),
                    output: s("output"),
                    input: v.get("input").and_then(|x| x.as_str()).map(str::to_string),
                    test_line: v
                        .get("test_line")
                        .and_then(|x| x.as_str())
                        .map(str::to_string),
                });
            }
            Some("fatal") => self.finish_fatal(s("message")),
            Some("done") => self.finish(),
            _ => {}
        }
    }

    fn push(&mut self, r: TestResult) {
        if !self.report.results.iter().any(|x| x.name == r.name) {
            self.report.results.push(r);
        }
    }

    fn finish(&mut self) {
        for name in self.names.clone() {
            if !self.report.results.iter().any(|r| r.name == name) {
                self.push(TestResult {
                    name,
                    status: Status::NotRun,
                    message: "not run".into(),
                    line: None,
                    seconds: 0.0,
                    output: String::new(),
                    input: None,
                    test_line: None,
                });
            }
        }
        self.done = true;
        self.report.seconds = self.started.elapsed().as_secs_f64();
        self.reap();
    }

    fn finish_fatal(&mut self, msg: String) {
        self.report.fatal = Some(msg);
        self.finish();
    }
}

fn tail(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        return String::new();
    }
    let last: Vec<&str> = s
        .lines()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!(": {}", last.join(" / "))
}
