//! The test-runner child process: the harness (shipped inside the binary) runs a card's tests
//! one by one against the user's file and streams JSON lines back. The child has no terminal,
//! its own process group, a memory limit and a wall-clock limit per test; when it is killed at
//! a limit, the run resumes from the next test so one hanging test never hides the others.
//! The child runs contained ([`super::sandbox`]), its result lines are authenticated with a
//! per-process token and read with byte limits ([`super::pipe`]), and its whole process group
//! is killed when the run ends.

use super::pipe::{Message, new_token, read_events};
use super::sandbox;
use crate::content::Card;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

pub const HARNESS: &str = include_str!("harness.py");

/// One test's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Fail,
    Error,
    Timeout,
    NotRun,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Timeout => "timeout",
            Status::NotRun => "not run",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TestResult {
    pub name: String,
    pub status: Status,
    pub message: String,
    /// Line in the user's file and its source, when the failure points there.
    pub line: Option<(u32, String)>,
    pub seconds: f64,
    pub output: String,
    /// The last call from the test into the user's code, e.g. `two_sum([2, 7], 9)`.
    pub input: Option<String>,
    /// The test's line that failed, when no call into the user's code was seen.
    pub test_line: Option<String>,
}

/// The whole run.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Report {
    pub results: Vec<TestResult>,
    /// A problem that stopped every test (no python3, a missing module, broken tests).
    pub fatal: Option<String>,
    pub stderr: String,
    pub seconds: f64,
    /// Said once per session when no sandbox contains deck code, with how to get one.
    pub notice: Option<String>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.status == Status::Pass)
            .count()
    }
    pub fn total(&self) -> usize {
        self.results.len()
    }
    pub fn all_passed(&self) -> bool {
        self.fatal.is_none() && self.total() > 0 && self.passed() == self.total()
    }
    /// One word for the attempt log.
    pub fn status(&self) -> &'static str {
        if let Some(f) = &self.fatal {
            if f.contains("python3") && f.contains("not found") {
                "no-python"
            } else {
                "error"
            }
        } else if self.all_passed() {
            "passed"
        } else if self.results.iter().any(|r| r.status == Status::Timeout) {
            "timeout"
        } else {
            "failed"
        }
    }
}

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

    fn spawn(&mut self, start: usize) {
        let workspace = self
            .solution
            .parent()
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let sandbox = sandbox::detect();
        if let Some(n) = sandbox::notice_once(sandbox) {
            self.report.notice = Some(n);
        }
        let mut cmd = match sandbox::command(sandbox, &self.config.python, &workspace) {
            Ok(cmd) => cmd,
            Err(e) => return self.spawn_failed(e),
        };
        cmd.arg("-B")
            .arg(self.dir.join("harness.py"))
            .arg(&self.solution)
            .arg(self.dir.join("tests.py"))
            .args([
                "--start",
                &start.to_string(),
                "--per-test",
                &format!("{:.2}", self.per_test),
                "--mem",
                &self.config.memory_mb.to_string(),
            ])
            .args(["--requires", &self.requires.join(",")])
            .current_dir(&workspace)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONIOENCODING", "utf-8")
            .env("OPENBLAS_NUM_THREADS", "1")
            .env("OMP_NUM_THREADS", "1")
            .env("MKL_NUM_THREADS", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match cmd.spawn() {
            Err(e) => self.spawn_failed(e),
            Ok(mut child) => {
                let (tx, rx) = channel();
                // The token goes through stdin, read by the harness before user code runs:
                // not in argv or the environment, where the code could find it.
                let token = new_token();
                if let Some(mut stdin) = child.stdin.take() {
                    let _ = writeln!(stdin, "{token}");
                }
                if let Some(out) = child.stdout.take() {
                    std::thread::spawn(move || read_events(out, &token, |m| tx.send(m).is_ok()));
                }
                self.stderr = child.stderr.take().map(|mut err| {
                    std::thread::spawn(move || {
                        let mut buf = Vec::new();
                        let _ = err.by_ref().take(64 * 1024).read_to_end(&mut buf);
                        let _ = std::io::copy(&mut err, &mut std::io::sink());
                        String::from_utf8_lossy(&buf).into_owned()
                    })
                });
                self.events = Some(rx);
                self.child = Some(child);
                self.child_started = Instant::now();
            }
        }
    }

    fn spawn_failed(&mut self, e: std::io::Error) {
        self.finish_fatal(if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "`{}` was not found: install Python 3 (e.g. `sudo apt install python3`, or from python.org) to run coding tests; the rest of mlprep works without it",
                self.config.python
            )
        } else {
            format!("cannot start `{}`: {e}", self.config.python)
        })
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

    fn kill(&mut self) {
        if let Some(child) = &mut self.child {
            // The whole process group: the harness and anything the user's code started.
            unsafe {
                libc::kill(-(child.id() as i32), libc::SIGKILL);
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        self.child = None;
        let err = self.collect_stderr();
        self.report.stderr.push_str(&err);
    }

    fn reap(&mut self) {
        if let Some(mut child) = self.child.take() {
            let deadline = Instant::now() + Duration::from_millis(500);
            loop {
                match child.try_wait() {
                    Ok(Some(_)) => {
                        // Anything the code left running in the background goes too.
                        unsafe {
                            libc::kill(-(child.id() as i32), libc::SIGKILL);
                        }
                        break;
                    }
                    Ok(None) if Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(5))
                    }
                    _ => {
                        unsafe {
                            libc::kill(-(child.id() as i32), libc::SIGKILL);
                        }
                        let _ = child.wait();
                        break;
                    }
                }
            }
            let err = self.collect_stderr();
            self.report.stderr.push_str(&err);
        }
    }

    fn collect_stderr(&mut self) -> String {
        self.stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        if self.child.is_some() {
            self.kill();
        }
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
