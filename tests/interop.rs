//! The real binary moving a user's history around: review-log export and import (round trip,
//! a log made by another FSRS implementation, hostile rows), backups and restore after damage,
//! the doctor, and fitting personal parameters.

mod common;
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::*;
use mlprep::config::Settings;
use mlprep::content::{ContentRoot, Kind};
use mlprep::schedule::{CardState, Grade, Scheduler, SchedulerConfig};
use mlprep::store::Store;
use mlprep::study::Study;
use std::path::{Path, PathBuf};

const BREADTH: &str = "+++\ntitle = \"Facts\"\nkind = \"breadth\"\n+++\n";
const CODING: &str = "+++\ntitle = \"Problems\"\nkind = \"leetcode\"\n+++\n";

/// A content directory with three breadth cards and two coding cards.
fn content(dir: &Path) -> PathBuf {
    let c = dir.join("decks");
    let mut facts = BREADTH.to_string();
    for id in ["f1", "f2", "f3"] {
        facts.push_str(&format!("## Fact {id} {{#{id}}}\n### Answer\nyes\n"));
    }
    write(&c, "facts.md", facts.as_bytes());
    let mut probs = CODING.to_string();
    for id in ["p1", "p2"] {
        probs.push_str(&format!("## Problem {id} {{#{id}}}\n### Answer\nsolve\n"));
    }
    write(&c, "probs.md", probs.as_bytes());
    c
}

fn settings(content: &Path, db: &Path) -> Settings {
    Settings::with_roots(
        vec![ContentRoot::Dir(content.to_path_buf())],
        db.to_path_buf(),
    )
}

/// Runs mlprep on `db` over `content` only.
fn run(dir: &Path, content: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec![
        "--no-builtin",
        "--content",
        content.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    mlprep(dir, &all)
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap()
}

/// A varied history over months: every card reviewed when due, grades from a fixed pattern.
fn study_history(content: &Path, db: &Path) -> Study {
    let mut study = Study::open(settings(content, db), t0()).unwrap();
    let pattern = [3, 3, 1, 3, 2, 4, 3, 1, 3, 3];
    for (n, id) in ["f1", "f2", "f3", "p1", "p2"].iter().enumerate() {
        let mut now = t0() + Duration::minutes(n as i64);
        for (i, g) in pattern.iter().enumerate().skip(n) {
            let state = study.grade(
                id,
                Grade::from_number(*g).unwrap(),
                now,
                Duration::seconds(12),
                mlprep::study::ReviewSource::Review,
            );
            now = state.unwrap().due + Duration::minutes(i as i64);
        }
    }
    study
}

fn states(db: &Path) -> std::collections::HashMap<String, CardState> {
    Store::open(db).unwrap().states().unwrap()
}

#[test]
fn export_then_import_into_an_empty_database_gives_the_same_card_states() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(dir.path());
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    drop(study_history(&c, &a));
    let csv = dir.path().join("log.csv");
    let out = run(
        dir.path(),
        &c,
        &a,
        &["export", "reviews", csv.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("card_id,review_time,review_rating,review_state,review_duration,"));

    let out = run(
        dir.path(),
        &c,
        &b,
        &["import", "reviews", csv.to_str().unwrap()],
    );
    let said = stdout(&out);
    assert!(out.status.success(), "{said}{}", stderr(&out));
    let rows = text.lines().count() - 1;
    assert!(
        said.contains(&format!(
            "{rows} added, 0 skipped as duplicates, 0 rejected"
        )),
        "{said}"
    );
    assert!(
        said.contains("recomputed the schedule of 5 card(s)"),
        "{said}"
    );
    let (before, after) = (states(&a), states(&b));
    assert_eq!(before.len(), 5);
    for (id, s) in &before {
        assert_eq!(Some(s), after.get(id), "card {id}");
    }
    // The same file again adds nothing.
    let out = run(
        dir.path(),
        &c,
        &b,
        &["import", "reviews", csv.to_str().unwrap()],
    );
    assert!(
        stdout(&out).contains(&format!("0 added, {rows} skipped as duplicates")),
        "{}",
        stdout(&out)
    );
    assert_eq!(states(&b), after);
}

/// Reviews made exactly when due by py-fsrs's known-answer schedule (FSRS.md), written as
/// another tool would write them: integer card ids, no state columns.
#[test]
fn a_log_from_another_fsrs_implementation_gives_its_intervals() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(dir.path());
    let db = dir.path().join("x.db");
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let grades = [3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3];
    let mut now = Utc.with_ymd_and_hms(2022, 11, 29, 12, 30, 0).unwrap();
    let mut state = CardState::new(now);
    let mut csv = String::from("card_id,review_time,review_rating,review_state,review_duration\n");
    for g in grades {
        csv.push_str(&format!("1001,{},{g},0,0\n", now.timestamp_millis()));
        state = s
            .apply(&state, Grade::from_number(g).unwrap(), Kind::Breadth, now)
            .unwrap();
        now = state.due;
    }
    let file = write(dir.path(), "other.csv", csv.as_bytes());
    let out = run(
        dir.path(),
        &c,
        &db,
        &["import", "reviews", file.to_str().unwrap()],
    );
    let said = stdout(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("13 added"), "{said}");
    assert!(
        said.contains("13 added review(s) are for 1 card(s) your content does not have: 1001"),
        "{said}"
    );
    let out = run(dir.path(), &c, &db, &["export", "reviews", "-"]);
    let intervals: Vec<i64> = stdout(&out)
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let (at, due): (i64, i64) = (f[1].parse().unwrap(), f[7].parse().unwrap());
            (due - at) / 86_400_000
        })
        .collect();
    assert_eq!(
        intervals,
        vec![0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
    );
}

#[test]
fn hostile_rows_are_rejected_by_line_and_the_good_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(dir.path());
    let db = dir.path().join("x.db");
    let future = (Utc::now() + Duration::days(3)).timestamp_millis();
    let t = t0().timestamp_millis();
    let csv = format!(
        "card_id,review_time,review_rating,review_duration\nf1,{t},3,1000\nf1,{t},3,1000\nf2,{t},7,0\nf2,{future},3,0\nf3,yesterday,3,0\n\x1b[31m,{t},3,0\nf3,{t}\n\"f3,{t},3\n"
    );
    let file = write(dir.path(), "bad.csv", csv.as_bytes());
    let out = run(
        dir.path(),
        &c,
        &db,
        &["import", "reviews", file.to_str().unwrap()],
    );
    let said = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("1 added, 1 skipped as duplicates, 6 rejected"),
        "{said}"
    );
    for (line, what) in [
        (4, "review_rating `7` is not 1, 2, 3 or 4"),
        (5, "review_time "),
        (6, "review_time `yesterday`"),
        (7, "card_id `^[[31m` is not a valid id"),
        (8, "missing `review_rating`"),
        (9, "quoted field is not closed"),
    ] {
        let prefix = format!("line {line}: ");
        assert!(
            said.lines()
                .any(|l| l.trim_start().starts_with(&prefix) && l.contains(what)),
            "line {line}: {said}"
        );
    }
    assert!(said.contains("UTC is in the future"), "{said}");
    assert!(!said.contains('\x1b'), "escape sequences are shown inert");
    assert_eq!(states(&db).len(), 1);
}

fn live_reviews(db: &Path) -> usize {
    Store::open(db).unwrap().live_reviews().unwrap().len()
}

#[test]
fn a_damaged_database_is_restored_from_a_backup_with_its_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(dir.path());
    let db = dir.path().join("mlprep.db");
    drop(study_history(&c, &db));
    let reviews = live_reviews(&db);
    assert!(reviews > 20);
    let out = run(dir.path(), &c, &db, &["backup"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    let backup = said.trim().rsplit(" to ").next().unwrap().to_string();
    assert!(
        backup.contains(&format!("/data/backups/{}/mlprep-", identity(&db)))
            && backup.ends_with(".db"),
        "{said}"
    );

    // Damage the file: garbage over the header and the first pages.
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().take(6000) {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = run(dir.path(), &c, &db, &["stats"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not an SQLite database"),
        "{}",
        stderr(&out)
    );

    let out = run(dir.path(), &c, &db, &["restore", &backup]);
    let said = stdout(&out);
    assert!(out.status.success(), "{said}{}", stderr(&out));
    assert!(said.contains(&format!("{reviews} review(s)")), "{said}");
    assert!(
        said.contains("its bytes were copied as they were"),
        "{said}"
    );
    assert_eq!(live_reviews(&db), reviews);
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("data/backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        kept.iter()
            .any(|n| n.ends_with("-before-restore-damaged.db")),
        "{kept:?}"
    );
    let out = run(dir.path(), &c, &db, &["stats"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn restore_refuses_files_that_are_not_mlprep_databases_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(dir.path());
    let db = dir.path().join("mlprep.db");
    drop(study_history(&c, &db));
    let before = std::fs::read(&db).unwrap();
    let notes = write(
        dir.path(),
        "notes.txt",
        "just some notes, not a database".repeat(9).as_bytes(),
    );
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    for (file, why) in [
        (&notes, "not an SQLite database"),
        (&other, "not an mlprep one"),
    ] {
        let out = run(dir.path(), &c, &db, &["restore", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let stray: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("restore"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn startup_makes_one_automatic_backup_a_day_and_keeps_the_last_seven() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(dir.path());
    let db = dir.path().join("mlprep.db");
    drop(study_history(&c, &db));
    // Each database's backups live in a folder named from its identity.
    let backups = dir.path().join("data/backups").join(identity(&db));
    for day in 1..=8 {
        write(
            &backups,
            &format!("mlprep-202001{day:02}-040000-auto.db"),
            b"old",
        );
    }
    write(&backups, "mlprep-20190101-000000.db", b"manual");
    for _ in 0..2 {
        let out = run(dir.path(), &c, &db, &["stats"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let autos: Vec<&String> = names.iter().filter(|n| n.ends_with("-auto.db")).collect();
    assert_eq!(autos.len(), 7, "{names:?}");
    assert_eq!(autos[0], "mlprep-20200103-040000-auto.db");
    assert!(
        !autos[6].starts_with("mlprep-2020"),
        "today's backup is the newest: {names:?}"
    );
    assert!(
        names.contains(&"mlprep-20190101-000000.db".to_string()),
        "manual backups are never pruned"
    );
    let newest = backups.join(autos[6]);
    assert_eq!(live_reviews(&newest), live_reviews(&db));
}

#[test]
fn doctor_explains_findings_and_fix_recomputes_states_without_losing_history() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(dir.path());
    let db = dir.path().join("mlprep.db");
    drop(study_history(&c, &db));
    let out = run(dir.path(), &c, &db, &["doctor"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("no problems found"),
        "{}",
        stdout(&out)
    );

    // A cached state edited behind mlprep's back, a card removed from the content, a bad loop.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE card_state SET due = 0, reps = 99 WHERE card_id = 'f2'",
            [],
        )
        .unwrap();
    let facts = format!(
        "{BREADTH}## Fact f1 {{#f1}}\n### Answer\nyes\n## Fact f2 {{#f2}}\n### Answer\nyes\n"
    );
    write(&c, "facts.md", facts.as_bytes());
    write(&c, "loops/broken.toml", b"name = \"Broken\"\n[[rounds\n");
    let reviews = live_reviews(&db);

    let out = run(dir.path(), &c, &db, &["doctor"]);
    let said = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(
            "problem: 1 card(s) have a stored schedule that disagrees with their review log"
        ),
        "{said}"
    );
    assert!(
        said.contains("  - f2: stored review due 1970-01-01 00:00, 99 review(s); its log says"),
        "{said}"
    );
    assert!(
        said.contains("note: 8 review(s) of 1 card(s) whose id is no longer in your content"),
        "{said}"
    );
    assert!(said.contains("  - f3: 8 review(s)"), "{said}");
    assert!(said.contains("problem(s) in loop files"), "{said}");
    assert!(said.contains("broken.toml:"), "{said}");
    assert!(
        said.contains("`mlprep doctor --fix` applies the safe fixes"),
        "{said}"
    );

    let out = run(dir.path(), &c, &db, &["doctor", "--fix"]);
    let said = stdout(&out);
    assert!(
        said.contains("fixed: 1 card(s) have a stored schedule"),
        "{said}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the loop file still needs an edit: {said}"
    );
    std::fs::remove_file(c.join("loops/broken.toml")).unwrap();
    let out = run(dir.path(), &c, &db, &["doctor"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(live_reviews(&db), reviews, "no review is ever deleted");
}

#[test]
fn optimize_needs_a_few_hundred_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(dir.path());
    let db = dir.path().join("mlprep.db");
    drop(study_history(&c, &db));
    let out = run(dir.path(), &c, &db, &["optimize"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("not enough history to fit personal parameters yet"),
        "{}",
        stdout(&out)
    );
    assert!(!dir.path().join("config.toml").exists());
}

#[test]
fn optimize_fits_compares_on_later_reviews_and_adopts_into_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let c = content(dir.path());
    let db = dir.path().join("mlprep.db");
    let config = write(
        dir.path(),
        "config.toml",
        b"# my settings\nnew_per_day = 7\n\n[limits.leetcode]\nnew_per_day = 2\n",
    );
    let log = write(dir.path(), "log.csv", forgetful_log(70).as_bytes());
    let out = run(
        dir.path(),
        &c,
        &db,
        &["import", "reviews", log.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stdout(&out));

    let out = run(dir.path(), &c, &db, &["optimize", "--dry-run"]);
    let said = stdout(&out);
    assert!(out.status.success(), "{said}{}", stderr(&out));
    let loss = |label: &str| -> f32 {
        let line = said
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label}: {said}"));
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    let (default, fitted) = (
        loss("log loss, default parameters:"),
        loss("log loss, fitted parameters:"),
    );
    assert!(fitted < default, "{said}");
    assert!(said.contains("--dry-run, so nothing was changed"), "{said}");
    assert!(
        !std::fs::read_to_string(&config)
            .unwrap()
            .contains("fsrs_parameters")
    );

    let before = states(&db);
    let out = run(dir.path(), &c, &db, &["optimize"]);
    let said = stdout(&out);
    assert!(said.contains("adopted: wrote fsrs_parameters to"), "{said}");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("\nfsrs_parameters = ["), "{text}");
    assert!(
        text.contains("# my settings\nnew_per_day = 7\n")
            && text.ends_with("[limits.leetcode]\nnew_per_day = 2\n"),
        "{text}"
    );
    assert_ne!(states(&db), before, "schedules follow the new parameters");
    let out = run(dir.path(), &c, &db, &["doctor"]);
    assert!(
        stdout(&out).contains("no problems found"),
        "{}",
        stdout(&out)
    );
}

/// The identity stored inside a database (names its backup folder).
fn identity(db: &std::path::Path) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT id FROM db_identity", [], |r| r.get(0))
        .unwrap()
}
