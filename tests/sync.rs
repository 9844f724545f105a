//! `mlprep sync` end to end: two machines through a real git remote (a bare repository in a
//! temporary directory), the refusals, and a user without `sync_dir` seeing no change.

mod common;

use common::{Tool, mlprep, need, stderr, stdout};
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn clone(root: &Path, name: &str) -> std::path::PathBuf {
    git(root, &["clone", "--quiet", "remote.git", name]);
    let dir = root.join(name);
    git(&dir, &["config", "user.name", "Test"]);
    git(&dir, &["config", "user.email", "test@example.com"]);
    git(&dir, &["config", "commit.gpgsign", "false"]);
    dir
}

fn import(device: &Path, rows: &str) {
    let csv = device.join("r.csv");
    std::fs::write(&csv, format!("card_id,review_time,review_rating\n{rows}")).unwrap();
    let out = mlprep(device, &["import", "reviews", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn reviews(device: &Path) -> Vec<String> {
    let out = mlprep(device, &["export", "reviews", "-"]);
    let mut lines: Vec<String> = stdout(&out).lines().skip(1).map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn two_clones_of_one_git_remote_share_their_reviews() {
    if !need(Tool::Git, "sync --git between two clones") {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    git(root, &["init", "--quiet", "--bare", "remote.git"]);
    let (a, b) = (root.join("a"), root.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let clone_a = clone(root, "clone-a");
    import(&a, "br-one,1764000000000,3\nbr-two,1764000060000,1\n");
    let out = mlprep(&a, &["sync", "--git", "--dir", clone_a.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("pushed"), "{}", stdout(&out));

    let clone_b = clone(root, "clone-b");
    import(&b, "br-one,1764000120000,4\n");
    let out = mlprep(&b, &["sync", "--git", "--dir", clone_b.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("2 review"), "{}", stdout(&out));

    let out = mlprep(&a, &["sync", "--git", "--dir", clone_a.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(reviews(&a).len(), 3);
    assert_eq!(reviews(&a), reviews(&b));
    let status = mlprep(
        &a,
        &["sync", "--status", "--dir", clone_a.to_str().unwrap()],
    );
    let said = stdout(&status);
    assert!(
        said.contains("(this one)")
            && said.contains("pending: 0 event(s) to write from here, 0 to merge"),
        "{said}"
    );

    // A conflict in the user's own file: mlprep refuses and names it.
    git(&clone_b, &["pull", "--quiet", "--no-rebase"]);
    std::fs::write(clone_b.join("notes.md"), "from b\n").unwrap();
    git(&clone_b, &["add", "notes.md"]);
    git(&clone_b, &["commit", "--quiet", "-m", "b"]);
    git(&clone_b, &["push", "--quiet"]);
    std::fs::write(clone_a.join("notes.md"), "from a\n").unwrap();
    git(&clone_a, &["add", "notes.md"]);
    git(&clone_a, &["commit", "--quiet", "-m", "a"]);
    let _ = Command::new("git")
        .arg("-C")
        .arg(&clone_a)
        .args(["pull", "--no-rebase", "--quiet"])
        .output();
    let out = mlprep(&a, &["sync", "--git", "--dir", clone_a.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not mlprep's: notes.md"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn git_sync_refuses_a_folder_that_is_not_a_repository() {
    if !need(Tool::Git, "sync --git refusing a plain folder") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    let out = mlprep(
        dir.path(),
        &["sync", "--git", "--dir", plain.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is not a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn sync_through_the_configured_folder_and_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), &["sync"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("sync_dir"), "{}", stderr(&out));
    let folder = dir.path().join("shared");
    std::fs::write(
        dir.path().join("config.toml"),
        format!("sync_dir = {:?}\n", folder.to_str().unwrap()),
    )
    .unwrap();
    import(dir.path(), "br-one,1764000000000,3\n");
    let out = mlprep(dir.path(), &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("written to this device's journal: 1 event(s)"),
        "{}",
        stdout(&out)
    );
    let journals = std::fs::read_dir(&folder)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".jsonl")
        })
        .count();
    assert_eq!(journals, 1);
}

#[test]
fn a_user_without_sync_dir_gets_no_sync_files_and_no_device_id() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), "br-one,1764000000000,3\n");
    let out = mlprep(dir.path(), &["stats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            assert!(
                !name.ends_with(".jsonl") && !name.ends_with(".device.json"),
                "{}",
                p.display()
            );
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    let conn = rusqlite::Connection::open(dir.path().join("mlprep.db")).unwrap();
    let rows: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM sync_meta) + (SELECT count(*) FROM sync_events)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn doctor_reports_an_unreadable_journal_line_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("shared");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("mlprep-abc-2026-11.jsonl"),
        "{\"v\":1}\nnot json\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!("sync_dir = {:?}\n", folder.to_str().unwrap()),
    )
    .unwrap();
    let out = mlprep(dir.path(), &["doctor"]);
    let said = stdout(&out);
    assert!(said.contains("about the sync folder"), "{said}");
    assert!(
        said.contains("mlprep-abc-2026-11.jsonl:2: not a journal event"),
        "{said}"
    );
}
