//! Containment for deck code: the harness runs under bubblewrap (`bwrap`) when it is installed
//! and works (no network, its own process namespace, the workspace writable, keys and
//! credentials in the home folder hidden, /tmp private, everything else read-only), always with a process-count limit, in its own process
//! group that is killed when the run ends. Owns no test logic.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// How many processes a test run may add to the user's current count.
pub const EXTRA_PROCESSES: u64 = 64;

/// What contains the deck code on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sandbox {
    Bwrap(PathBuf),
    None,
}

impl Sandbox {
    /// One line for the user: what the sandbox allows, or how to get one.
    pub fn describe(&self) -> String {
        match self {
            Sandbox::Bwrap(_) => "sandboxed by bubblewrap: no network, only the workspace is writable, keys and credentials are hidden".into(),
            Sandbox::None => "no sandbox: deck code runs with your rights (files, network); install bubblewrap to contain it (`sudo apt install bubblewrap`)".into(),
        }
    }
}

/// The sandbox available here, found once per process. `MLPREP_SANDBOX=none` turns it off.
pub fn detect() -> &'static Sandbox {
    static FOUND: OnceLock<Sandbox> = OnceLock::new();
    FOUND.get_or_init(|| {
        if std::env::var("MLPREP_SANDBOX").is_ok_and(|v| v == "none") {
            return Sandbox::None;
        }
        let Some(bwrap) = which("bwrap") else {
            return Sandbox::None;
        };
        // Installed is not enough: user namespaces may be off. Try it.
        let works = Command::new(&bwrap)
            .args(["--ro-bind", "/", "/", "--unshare-net", "--", "true"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if works {
            Sandbox::Bwrap(bwrap)
        } else {
            Sandbox::None
        }
    })
}

/// The "no sandbox" notice, once per process; `None` after the first call or with a sandbox.
pub fn notice_once(sandbox: &Sandbox) -> Option<String> {
    static SAID: AtomicBool = AtomicBool::new(false);
    notice(sandbox, &SAID)
}

fn notice(sandbox: &Sandbox, said: &AtomicBool) -> Option<String> {
    (*sandbox == Sandbox::None && !said.swap(true, Ordering::Relaxed)).then(|| sandbox.describe())
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(tool))
            .find(|p| p.is_file())
    })
}

/// A command that runs `program args...` contained: inside bubblewrap when there is one, with
/// `workspace` writable, in a new process group with a process-count limit either way. A
/// program that is not installed is `NotFound`, as it would be without the sandbox.
pub fn command(sandbox: &Sandbox, program: &str, workspace: &Path) -> std::io::Result<Command> {
    let mut cmd = match sandbox {
        Sandbox::None => Command::new(program),
        Sandbox::Bwrap(bwrap) => {
            let program = if program.contains('/') {
                Some(PathBuf::from(program)).filter(|p| p.is_file())
            } else {
                which(program)
            }
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
            let mut c = Command::new(bwrap);
            c.args(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"])
                .args(["--tmpfs", "/tmp"]);
            if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
                hide_secrets(&mut c, &home);
            }
            c.arg("--bind").arg(workspace).arg(workspace);
            c.args([
                "--unshare-net",
                "--unshare-pid",
                "--unshare-ipc",
                "--die-with-parent",
                "--new-session",
            ]);
            c.arg("--chdir").arg(workspace).arg("--").arg(program);
            c
        }
    };
    let limit = user_processes().map_or(256, |n| n + EXTRA_PROCESSES);
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            // Best effort: a failure here must not stop the tests from running.
            libc::setrlimit(libc::RLIMIT_NPROC, &lim);
            Ok(())
        });
    }
    cmd.process_group(0);
    Ok(cmd)
}

/// Keys, tokens and browser profiles under the home folder: hidden inside the sandbox (the
/// rest of the home folder stays visible read-only, so pyenv, venvs and `pip --user` work).
const SECRET_DIRS: &[&str] = &[
    ".ssh",
    ".gnupg",
    ".aws",
    ".azure",
    ".kube",
    ".docker",
    ".password-store",
    ".mozilla",
    ".config/gcloud",
    ".config/gh",
    ".config/google-chrome",
    ".config/chromium",
    ".local/share/keyrings",
];
const SECRET_FILES: &[&str] = &[".netrc", ".git-credentials", ".pypirc", ".npmrc"];

fn hide_secrets(c: &mut Command, home: &Path) {
    for d in SECRET_DIRS
        .iter()
        .map(|d| home.join(d))
        .filter(|d| d.is_dir())
    {
        c.arg("--tmpfs").arg(d);
    }
    for f in SECRET_FILES
        .iter()
        .map(|f| home.join(f))
        .filter(|f| f.is_file())
    {
        c.arg("--ro-bind").arg("/dev/null").arg(f);
    }
}

/// How many processes this user runs now (Linux: counted in /proc), so the limit leaves the
/// user's other programs alone.
fn user_processes() -> Option<u64> {
    let uid = unsafe { libc::getuid() };
    let entries = std::fs::read_dir("/proc").ok()?;
    let mut n = 0;
    for e in entries.flatten() {
        if !e
            .file_name()
            .to_string_lossy()
            .bytes()
            .all(|b| b.is_ascii_digit())
        {
            continue;
        }
        use std::os::unix::fs::MetadataExt;
        if e.metadata().is_ok_and(|m| m.uid() == uid) {
            n += 1;
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_process_count_is_measured() {
        let n = user_processes().unwrap();
        assert!(n >= 1, "this test itself is a process of this user");
    }

    #[test]
    fn no_sandbox_says_how_to_get_one_once() {
        assert!(Sandbox::None.describe().contains("apt install bubblewrap"));
        let said = AtomicBool::new(false);
        assert_eq!(notice(&Sandbox::Bwrap("/x".into()), &said), None);
        let first = notice(&Sandbox::None, &said);
        let second = notice(&Sandbox::None, &said);
        assert!(first.is_some() && second.is_none());
    }
}
