//! The run's child process: spawning the harness contained (token on stdin, output and stderr
//! read on threads), killing its whole process group at a limit or on drop, reaping it, and
//! collecting what it wrote to stderr.

use super::Run;
use crate::practice::pipe::{new_token, read_events};
use crate::practice::sandbox;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

impl Run {
    pub(super) fn spawn(&mut self, start: usize) {
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

    pub(super) fn kill(&mut self) {
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

    pub(super) fn reap(&mut self) {
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

    pub(super) fn collect_stderr(&mut self) -> String {
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
