//! `mlprep sync --git`: commit this device's journal files and pull/push them with the user's
//! own `git` (their remote, their credentials). Refuses, saying why, when the folder is not a
//! git repository or has conflicts in files that are not mlprep's. Journals never conflict
//! (each device appends only its own file); if an mlprep file ever does, the two sides' lines
//! are kept together, since events are deduplicated by id.

use super::SyncError;
use super::files::PREFIX;
use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Result<Output, SyncError> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| {
            SyncError::Git(format!(
                "cannot run git ({e}); is git installed and on PATH?"
            ))
        })
}

fn ok(dir: &Path, args: &[&str]) -> Result<String, SyncError> {
    let out = run(dir, args)?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).trim().to_string());
    }
    Err(SyncError::Git(format!(
        "`git {}` failed in {}: {}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stderr).trim()
    )))
}

/// Whether a repository path (relative to the sync folder's repository) is one of mlprep's.
fn is_mlprep_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with(PREFIX))
}

/// Refuses a folder that is not a git work tree or has conflicts in files that are not
/// mlprep's; resolves conflicts in mlprep's own files by keeping both sides' lines.
pub fn check(dir: &Path) -> Result<(), SyncError> {
    let inside = run(dir, &["rev-parse", "--is-inside-work-tree"])?;
    if !inside.status.success() || String::from_utf8_lossy(&inside.stdout).trim() != "true" {
        return Err(SyncError::Git(format!(
            "{} is not a git repository: run `git init` there and add a remote (`git remote add origin URL`), or sync through a shared folder without --git",
            dir.display()
        )));
    }
    let conflicted = ok(
        dir,
        &["diff", "--name-only", "--diff-filter=U", "--relative"],
    )?;
    let (ours, foreign): (Vec<&str>, Vec<&str>) = conflicted
        .lines()
        .filter(|l| !l.is_empty())
        .partition(|p| is_mlprep_file(p));
    if !foreign.is_empty() {
        return Err(SyncError::Git(format!(
            "{} has unresolved conflicts in files that are not mlprep's: {}. Resolve them (see `git status`), commit, and run `mlprep sync --git` again; nothing was changed",
            dir.display(),
            foreign.join(", ")
        )));
    }
    for path in ours {
        let side = |n: u8| {
            run(dir, &["show", &format!(":{n}:./{path}")])
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        };
        let (a, b) = (side(2)?, side(3)?);
        let mut lines: Vec<&str> = a.lines().collect();
        for l in b.lines() {
            if !lines.contains(&l) {
                lines.push(l);
            }
        }
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(dir.join(path), text)
            .map_err(|e| SyncError::Git(format!("cannot write {path}: {e}")))?;
        ok(dir, &["add", "--", path])?;
    }
    Ok(())
}

/// Commits mlprep's files in the folder (only them); returns whether there was anything new.
pub fn commit(dir: &Path, device: &str) -> Result<bool, SyncError> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| SyncError::Git(format!("cannot list {}: {e}", dir.display())))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with(PREFIX))
        .collect();
    names.sort();
    if names.is_empty() {
        return Ok(false);
    }
    let mut add = vec!["add", "--"];
    add.extend(names.iter().map(String::as_str));
    ok(dir, &add)?;
    let mut staged = vec!["diff", "--cached", "--quiet", "--"];
    staged.extend(names.iter().map(String::as_str));
    if run(dir, &staged)?.status.success() {
        return Ok(false);
    }
    let message = format!("mlprep sync from device {device}");
    let mut commit = vec!["commit", "--quiet", "-m", &message, "--"];
    commit.extend(names.iter().map(String::as_str));
    ok(dir, &commit)?;
    Ok(true)
}

/// What pull and push did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Remote {
    pub remote: Option<String>,
    pub pulled: bool,
    pub pushed: bool,
}

/// Pulls (merge, no rebase) and pushes the current branch; with no remote, does nothing.
pub fn pull(dir: &Path) -> Result<Remote, SyncError> {
    let remotes = ok(dir, &["remote"])?;
    let Some(remote) = remotes.lines().next().map(str::to_string) else {
        return Ok(Remote::default());
    };
    let branch = ok(dir, &["rev-parse", "--abbrev-ref", "HEAD"])?;
    let out = run(
        dir,
        &[
            "pull",
            "--no-rebase",
            "--no-edit",
            "--allow-unrelated-histories",
            &remote,
            &branch,
        ],
    )?;
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let pulled = if out.status.success() {
        true
    } else if stderr.contains("couldn't find remote ref") {
        false // a new, empty remote: the push creates the branch
    } else {
        // A merge that stopped on conflicts: resolve mlprep's files, refuse on others.
        check(dir)?;
        ok(dir, &["commit", "--quiet", "--no-edit"]).map_err(|_| {
            SyncError::Git(format!(
                "`git pull` failed in {}: {}",
                dir.display(),
                stderr.trim()
            ))
        })?;
        true
    };
    Ok(Remote {
        remote: Some(remote),
        pulled,
        pushed: false,
    })
}

/// Pushes the current branch to `remote` (setting it as upstream).
pub fn push(dir: &Path, remote: &str) -> Result<(), SyncError> {
    let branch = ok(dir, &["rev-parse", "--abbrev-ref", "HEAD"])?;
    ok(dir, &["push", "--quiet", "-u", remote, &branch])?;
    Ok(())
}
