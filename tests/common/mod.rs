//! Helpers for the end-to-end tests: the built binary, scratch directories, and a tmux driver
//! that waits for text with a bounded poll instead of fixed sleeps.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_mlprep")
}

/// Runs mlprep with an isolated database and config (no user files are touched).
pub fn mlprep(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env("MLPREP_DB", dir.join("mlprep.db"))
        .env("MLPREP_CONFIG", dir.join("config.toml"))
        .env("MLPREP_DATA", dir.join("data"))
        .env_remove("MLPREP_CONTENT")
        .output()
        .expect("run mlprep")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Something the README does not install that some tests need. Every test that needs one goes
/// through [`need`] (`tests/optional_tools.rs` fails on a direct `python3` / `tmux` spawn).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// tmux, for the end-to-end tests in a real terminal.
    Tmux,
    /// python3, for coding practice.
    Python,
    /// python3 with numpy, for the ML-coding cards.
    Numpy,
    /// python3 with genanki, to build Anki packages.
    Genanki,
    /// python3 with the real Anki library, to import our packages into Anki itself.
    Anki,
    /// git, for `mlprep sync --git` between two clones.
    Git,
}

impl Tool {
    fn present(self) -> bool {
        match self {
            Tool::Tmux => Command::new("sh")
                .args(["-c", "command -v tmux"])
                .output()
                .is_ok_and(|o| o.status.success()),
            Tool::Python => python_imports("sys"),
            Tool::Numpy => python_imports("numpy"),
            Tool::Genanki => python_imports("genanki"),
            Tool::Anki => python_imports("anki.collection"),
            Tool::Git => Command::new("sh")
                .args(["-c", "command -v git"])
                .output()
                .is_ok_and(|o| o.status.success()),
        }
    }

    /// What the user runs to get it.
    fn how(self) -> &'static str {
        match self {
            Tool::Tmux => "tmux (apt install tmux / brew install tmux)",
            Tool::Python => "python3",
            Tool::Numpy => "numpy (python3 -m pip install numpy)",
            Tool::Genanki => "genanki (python3 -m pip install genanki)",
            Tool::Anki => "the Anki library (python3 -m pip install anki)",
            Tool::Git => "git (apt install git / brew install git)",
        }
    }
}

fn python_imports(module: &str) -> bool {
    Command::new(PYTHON)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The Python interpreter the tests (and mlprep's default config) use.
pub const PYTHON: &str = "python3";

/// True when `tool` is here. Otherwise prints one line (past cargo's output capture, so it shows
/// in a plain `cargo test`) naming the skipped `part` and how to enable it, and returns false;
/// under `CI=true` a missing tool fails the test instead, so CI proves everything.
pub fn need(tool: Tool, part: &str) -> bool {
    if tool.present() {
        return true;
    }
    let line = format!("skipped: {part}: needs {}", tool.how());
    assert!(
        std::env::var("CI").map_or(true, |v| v.is_empty() || v == "false"),
        "{line}; under CI nothing may be skipped (.ci/run installs it)"
    );
    use std::io::Write;
    // Straight to the file descriptor: `eprintln!` would be swallowed for a passing test.
    let _ = writeln!(std::io::stderr(), "{line}");
    false
}

/// A `python3` command, for a test that has already checked [`need`].
pub fn python() -> Command {
    Command::new(PYTHON)
}

const TMUX: &str = "tmux";

/// A tmux server of our own (its own socket), one session, 100x30.
pub struct Tmux {
    socket: String,
    pub dir: PathBuf,
}

impl Tmux {
    pub fn start(dir: &Path, command: &str) -> Tmux {
        // A fresh socket per session (tests run in parallel and one test may start several).
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("mlprep-test-{}-{n}", std::process::id());
        let t = Tmux {
            socket,
            dir: dir.to_path_buf(),
        };
        // A tmux server can fail to come up while another is shutting down: retry a little.
        for attempt in 0..10 {
            let status = Command::new(TMUX)
                .args([
                    "-L",
                    &t.socket,
                    "-f",
                    "/dev/null",
                    "new-session",
                    "-d",
                    "-x",
                    "100",
                    "-y",
                    "30",
                    "-s",
                    "t",
                ])
                .arg(command)
                .env("MLPREP_DB", dir.join("mlprep.db"))
                .env("MLPREP_CONFIG", dir.join("config.toml"))
                .env("MLPREP_DATA", dir.join("data"))
                .env("TERM", "xterm-256color")
                .env_remove("MLPREP_CONTENT")
                .stderr(std::process::Stdio::null())
                .status()
                .expect("start tmux");
            if status.success() {
                return t;
            }
            assert!(attempt < 9, "tmux did not start");
            std::thread::sleep(Duration::from_millis(300));
        }
        t
    }

    /// Resizes the session's window (the app redraws at the new size).
    pub fn resize(&self, w: u16, h: u16) {
        let status = Command::new(TMUX)
            .args(["-L", &self.socket, "resize-window", "-t", "t", "-x"])
            .arg(w.to_string())
            .arg("-y")
            .arg(h.to_string())
            .status()
            .expect("resize tmux");
        assert!(status.success(), "tmux resize-window failed");
    }

    pub fn send(&self, keys: &[&str]) {
        let status = Command::new(TMUX)
            .args(["-L", &self.socket, "send-keys", "-t", "t"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub fn screen(&self) -> String {
        let o = Command::new(TMUX)
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    pub fn display(&self, format: &str) -> String {
        let o = Command::new(TMUX)
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "t",
                format,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    }

    /// Waits (up to 10 s) until `text` shows on a settled screen (two captures 60 ms apart
    /// agree, so a frame caught half drawn is not returned); returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                std::thread::sleep(Duration::from_millis(60));
                if self.screen() == s {
                    return s;
                }
                continue;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out waiting for {text:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of the process running in the pane.
    pub fn pane_pid(&self) -> String {
        self.display("#{pane_pid}")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new(TMUX)
            .args(["-L", &self.socket, "kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Writes an executable shell script (a stand-in `$EDITOR`).
pub fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = write(dir, name, format!("#!/bin/sh\n{body}").as_bytes());
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// A review log (FSRS tools' CSV layout) of a learner who forgets far more than FSRS's defaults expect: every card reviewed when due,
/// long-term reviews recalled only 60% of the time.
pub fn forgetful_log(cards: usize) -> String {
    let s = mlprep::schedule::Scheduler::new(mlprep::schedule::SchedulerConfig::default()).unwrap();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rand = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 1000) as f64 / 1000.0
    };
    let end = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2025, 9, 1, 0, 0, 0).unwrap();
    let mut csv = String::from("card_id,review_time,review_rating\n");
    for c in 0..cards {
        let mut now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2024, 1, 1, 8, 0, 0)
            .unwrap()
            + chrono::Duration::hours(c as i64 * 5);
        let mut state = mlprep::schedule::CardState::new(now);
        for _ in 0..14 {
            let grade = match state.phase {
                mlprep::schedule::Phase::Review if rand() > 0.6 => mlprep::schedule::Grade::Again,
                _ => mlprep::schedule::Grade::Good,
            };
            csv.push_str(&format!(
                "o{c},{},{}\n",
                now.timestamp_millis(),
                grade as i64
            ));
            state = s
                .apply(&state, grade, mlprep::content::Kind::Breadth, now)
                .unwrap();
            now = state.due;
            if now > end {
                break;
            }
        }
    }
    csv
}
