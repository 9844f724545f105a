//! The real binary against hostile decks and databases: every problem named with file and line,
//! the right exit status, and nothing overwritten.

mod common;
use common::*;

const HEAD: &str = "+++\ntitle = \"T\"\nkind = \"breadth\"\n+++\n";

#[test]
fn check_reports_every_hostile_deck_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("decks");
    write(
        &c,
        "toml.md",
        b"+++\ntitle = \"x\nkind = \"breadth\"\n+++\n## A {#a}\n### Answer\nx\n",
    );
    write(
        &c,
        "kind.md",
        b"+++\ntitle = \"x\"\nkind = \"astrology\"\n+++\n## A {#k}\n### Answer\nx\n",
    );
    write(
        &c,
        "noanswer.md",
        format!("{HEAD}\n## Question only {{#q}}\n### Hints\n- think\n").as_bytes(),
    );
    write(&c, "dup1.md", format!("{HEAD}## One {{#dup}}\n### Answer\nx\n## Two {{#dup}}\n### Answer\ny\n## Three {{#cross}}\n### Answer\nz\n").as_bytes());
    write(
        &c,
        "dup2.md",
        format!("{HEAD}## Cross {{#cross}}\n### Answer\nw\n").as_bytes(),
    );
    let mut bad = format!("{HEAD}## U {{#u}}\n### Answer\n").into_bytes();
    bad.extend_from_slice(&[b'o', b'k', 0xC3, 0x28, b'\n']);
    write(&c, "utf8.md", &bad);
    write(&c, "empty.md", b"");
    let big = format!(
        "{HEAD}## Big {{#big}}\n### Answer\n{}\n",
        "y".repeat(5 * 1024 * 1024)
    );
    write(&c, "big.md", big.as_bytes());
    write(
        &c,
        "ansi.md",
        format!("{HEAD}## Colours {{#ansi}}\n### Answer\n\x1b[31mred\x1b[0m and a bell\x07\n")
            .as_bytes(),
    );
    write(
        &c,
        "good.md",
        format!("{HEAD}## Fine {{#fine}}\n### Answer\nyes\n").as_bytes(),
    );

    let out = mlprep(dir.path(), &["check", c.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let has = |file: &str, line: u32, what: &str| {
        let prefix = format!("{}:{line}: error: ", c.join(file).display());
        assert!(
            text.lines()
                .any(|l| l.starts_with(&prefix) && l.contains(what)),
            "missing {prefix}...{what} in:\n{text}"
        );
    };
    has("toml.md", 2, "not valid TOML");
    has("kind.md", 3, "unknown kind `astrology`");
    has("noanswer.md", 6, "has no answer");
    has("dup1.md", 8, "duplicate id `dup`: already used at");
    assert!(
        text.contains(&format!(
            "dup1.md:8: error: duplicate id `dup`: already used at {}:5",
            c.join("dup1.md").display()
        )),
        "{text}"
    );
    has("dup2.md", 5, "duplicate id `cross`");
    assert!(
        text.contains(&format!(
            "already used at {}:11",
            c.join("dup1.md").display()
        )),
        "{text}"
    );
    has("utf8.md", 7, "not valid UTF-8");
    has("empty.md", 1, "empty deck");
    has("big.md", 5, "MB");
    has("ansi.md", 7, "control character");
    // Escape sequences are printed inert, never raw.
    assert!(!text.contains('\x1b'));
    assert!(!stderr(&out).contains('\x1b'));
    assert!(stderr(&out).contains("error(s)"));
}

#[test]
fn check_passes_clean_decks_with_status_zero() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("decks");
    write(
        &c,
        "good.md",
        format!("{HEAD}## Fine {{#fine}}\n### Answer\nyes\n").as_bytes(),
    );
    let out = mlprep(dir.path(), &["check", c.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stderr(&out).contains("1 card(s)"));
}

#[test]
fn the_shipped_decks_pass_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn check_fix_writes_derived_ids() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("decks");
    let deck = write(
        &c,
        "a.md",
        format!("{HEAD}## What is a KV cache?\n### Answer\nkeys and values\n").as_bytes(),
    );
    let out = mlprep(dir.path(), &["check", c.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("warning: card has no `{#id}`"));
    let out = mlprep(dir.path(), &["check", "--fix", c.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&deck)
            .unwrap()
            .contains("## What is a KV cache? {#what-is-a-kv-cache}\n")
    );
    assert!(!stdout(&out).contains("warning"));
}

#[test]
fn a_database_from_a_newer_mlprep_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mlprep.db");
    {
        let c = rusqlite_free_db(&db, 99);
        drop(c);
    }
    let before = std::fs::read(&db).unwrap();
    let out = mlprep(dir.path(), &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("newer mlprep"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = write(
        dir.path(),
        "mlprep.db",
        &b"These are my notes, please keep them.\n".repeat(10),
    );
    let before = std::fs::read(&db).unwrap();
    let out = mlprep(dir.path(), &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not an SQLite database"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_read_only_directory_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let mut perms = std::fs::metadata(&ro).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    std::fs::set_permissions(&ro, perms).unwrap();
    if std::fs::write(ro.join("probe"), b"x").is_ok() {
        eprintln!("skipping: running as a user who can write to read-only directories (root)");
        return;
    }
    let out = std::process::Command::new(bin())
        .args(["stats", "--db"])
        .arg(ro.join("mlprep.db"))
        .env("MLPREP_CONFIG", dir.path().join("c.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot open the database"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stats_json_on_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), &["stats", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for kind in [
        "leetcode",
        "ml-coding",
        "breadth",
        "depth",
        "design",
        "behavioural",
        "talk",
    ] {
        assert!(v["kinds"][kind]["new"].as_u64().unwrap() >= 5, "{kind}");
        assert_eq!(v["kinds"][kind]["reviews_today"], 0);
    }
    assert!(v["total"]["retention_30d"].is_null());
}

#[test]
fn a_broken_config_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "config.toml",
        b"new_per_day = 10\nnew_per_day_typo = 3\n",
    );
    let out = mlprep(dir.path(), &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("config.toml:2:"), "{}", stderr(&out));
}

/// A database file with the given schema version, written with plain rusqlite (not mlprep).
fn rusqlite_free_db(path: &std::path::Path, version: i32) -> std::fs::File {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = {version}; CREATE TABLE future (x);",
        0x4d4c5052
    ))
    .unwrap();
    drop(c);
    std::fs::File::open(path).unwrap()
}

#[test]
fn output_into_a_closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for args in [
        &["stats", "--json"][..],
        &["stats"],
        &["template", "story"],
        &["mock", "loops"],
        &["search", "attention"],
    ] {
        // The reader goes away before mlprep writes, as `| head` does after its lines.
        let mut child = std::process::Command::new(bin())
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .env_remove("MLPREP_CONFIG")
            .env_remove("MLPREP_DB")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}
