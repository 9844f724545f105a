//! Hostile folders against the real binary: symlinked decks, symlink loops and special files
//! never hang `check`, never read a deck twice, and `--fix` keeps links as links.

mod common;
use common::*;

const HEAD: &str = "+++\ntitle = \"T\"\nkind = \"breadth\"\n+++\n";

#[test]
fn check_fix_on_a_symlinked_deck_writes_through_to_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("decks");
    let elsewhere = dir.path().join("elsewhere");
    let target = write(
        &elsewhere,
        "real.md",
        format!("{HEAD}## What is a KV cache?\n### Answer\nkeys and values\n").as_bytes(),
    );
    std::fs::create_dir_all(&c).unwrap();
    std::os::unix::fs::symlink(&target, c.join("a.md")).unwrap();
    let out = mlprep(dir.path(), &["check", "--fix", c.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(c.join("a.md").is_symlink(), "the link was replaced");
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("## What is a KV cache? {#what-is-a-kv-cache}\n")
    );
}

#[test]
fn check_on_a_folder_with_symlink_loops_ends_and_names_each_loop() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("decks");
    write(
        &c,
        "a.md",
        format!("{HEAD}## One {{#one}}\n### Answer\nx\n").as_bytes(),
    );
    std::os::unix::fs::symlink(".", c.join("again")).unwrap();
    std::os::unix::fs::symlink(".", c.join("and-again")).unwrap();
    std::fs::create_dir_all(c.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", c.join("sub/up")).unwrap();
    let out = mlprep(dir.path(), &["check", c.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(text.matches("folder already read").count(), 3, "{text}");
    assert!(
        text.contains("0:0: warning: folder already read")
            || text.contains(":0: warning: folder already read"),
        "{text}"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "nothing is lost, so no error: {text}"
    );
    assert!(!text.contains("duplicate id"), "{text}");
}

fn with_db(dir: &std::path::Path, db: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .args(args)
        .env("MLPREP_DB", dir.join(db))
        .env("MLPREP_CONFIG", dir.join("config.toml"))
        .env("MLPREP_DATA", dir.join("data"))
        .env_remove("MLPREP_CONTENT")
        .output()
        .unwrap()
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(files_under(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn two_databases_each_get_their_own_daily_backup_folder() {
    let dir = tempfile::tempdir().unwrap();
    for db in ["a.db", "b.db", "a.db", "b.db"] {
        let out = with_db(dir.path(), db, &["stats"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let backups = dir.path().join("data/backups");
    let folders: Vec<_> = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(folders.len(), 2, "one folder per database: {folders:?}");
    for f in &folders {
        let inside = files_under(f);
        assert_eq!(inside.len(), 1, "{inside:?}");
        assert!(inside[0].to_string_lossy().ends_with("-auto.db"));
    }
}

#[test]
fn doctor_recommends_an_upgrade_not_a_restore_for_a_newer_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = with_db(dir.path(), "new.db", &["stats"]);
    assert_eq!(out.status.code(), Some(0));
    let out = with_db(dir.path(), "new.db", &["backup"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    {
        let c = rusqlite::Connection::open(dir.path().join("new.db")).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let out = with_db(dir.path(), "new.db", &["doctor"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("upgrade mlprep"), "{text}");
    assert!(!text.contains("mlprep restore"), "{text}");
}

#[test]
fn doctor_offers_only_this_databases_backups() {
    let dir = tempfile::tempdir().unwrap();
    for db in ["mine.db", "other.db"] {
        assert_eq!(with_db(dir.path(), db, &["stats"]).status.code(), Some(0));
    }
    let other = with_db(dir.path(), "other.db", &["backup"]);
    assert_eq!(other.status.code(), Some(0), "{}", stderr(&other));
    let out = with_db(dir.path(), "mine.db", &["doctor"]);
    let text = stdout(&out);
    // The only backup belongs to the other database: it must not be offered.
    for f in files_under(&dir.path().join("data/backups")) {
        assert!(!text.contains(&f.display().to_string()), "{text}");
    }
}

fn import(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let content = dir.join("decks");
    std::fs::create_dir_all(&content).unwrap();
    let mut all = vec!["--no-builtin", "--content", content.to_str().unwrap()];
    all.extend_from_slice(args);
    mlprep(dir, &all)
}

#[test]
fn an_import_whose_history_cannot_be_saved_leaves_no_deck_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let notes = write(
        dir.path(),
        "notes.txt",
        b"What is a KV cache?\tkeys and values\n",
    );
    assert_eq!(mlprep(dir.path(), &["stats"]).status.code(), Some(0));
    {
        // A database from a newer mlprep: the history cannot be written.
        let c = rusqlite::Connection::open(dir.path().join("mlprep.db")).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let out = import(dir.path(), &["import", "anki", notes.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0), "{}", stdout(&out));
    let left = files_under(&dir.path().join("decks"));
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_temp_file_left_by_a_killed_import_is_removed_on_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    // A pid no process has: the import that made this file is gone.
    let stale = write(
        &dir.path().join("data/tmp"),
        "mlprep-anki-2147483646-1.sqlite",
        &vec![0u8; 4096],
    );
    let notes = write(
        dir.path(),
        "notes.txt",
        b"What is a KV cache?\tkeys and values\n",
    );
    let out = import(dir.path(), &["import", "anki", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stale.exists(), "the stale temp file is still there");
    assert_eq!(files_under(&dir.path().join("decks")).len(), 1);
    // The imported deck is recorded as not the user's: its code would be asked about first.
    let origin: String = rusqlite::Connection::open(dir.path().join("mlprep.db"))
        .unwrap()
        .query_row(
            "SELECT origin FROM deck_trust WHERE allowed IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(origin.contains("Anki import"), "{origin}");
}

#[test]
fn the_tui_refuses_when_stdout_is_redirected_to_a_file() {
    if !need(
        Tool::Tmux,
        "hostile::the_tui_refuses_when_stdout_is_redirected_to_a_file",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let t = Tmux::start(
        dir.path(),
        &format!("{} > {}; echo exit=$?; sleep 30", bin(), out.display()),
    );
    let screen = t.wait_for("exit=");
    assert!(!screen.contains("exit=0"), "{screen}");
    assert!(screen.contains("standard output is redirected"), "{screen}");
    let written = std::fs::read(&out).unwrap();
    assert!(
        !written.contains(&0x1b),
        "the screen was drawn into the file"
    );
}

#[test]
fn practice_on_a_foreign_deck_shows_its_code_and_runs_nothing_without_a_yes() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("cloned");
    write(
        &c,
        ".mlprep-foreign",
        b"cloned from github.com/someone/decks\n",
    );
    let marker = dir.path().join("ran");
    write(
        &c,
        "add.md",
        format!(
            "+++\ntitle = \"t\"\nkind = \"leetcode\"\n+++\n## Add {{#f-add}}\n### Answer\nx\n### Starter\n```python\ndef add(a, b):\n    pass\n```\n### Tests\n```python\ndef test_add():\n    open({:?}, 'w').write('x')\n```\n### Solution\n```python\ndef add(a, b):\n    return a + b\n```\n",
            marker.display().to_string()
        )
        .as_bytes(),
    );
    let out = mlprep(
        dir.path(),
        &[
            "--content",
            c.to_str().unwrap(),
            "practice",
            "f-add",
            "--run",
        ],
    );
    let text = stdout(&out);
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("came from cloned from github.com/someone/decks"),
        "{text}"
    );
    assert!(text.contains("def test_add"), "{text}");
    assert!(stderr(&out).contains("needs your yes"), "{}", stderr(&out));
    assert!(!marker.exists(), "the deck's code ran");
}
