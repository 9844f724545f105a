//! `--data-dir` isolates everything: with HOME pointed at an empty directory, a run of every
//! command writes nothing outside the data directory, and `optimize` keeps its parameters in the
//! database it fitted instead of a global config file.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs mlprep with `--data-dir` and nothing else pointing anywhere: no MLPREP_* variables,
/// HOME an empty directory, no XDG overrides, the working directory an empty directory.
fn isolated(root: &Path, args: &[&str]) -> Output {
    let data = root.join("data");
    Command::new(bin())
        .arg("--data-dir")
        .arg(&data)
        .args(args)
        .current_dir(root.join("cwd"))
        .env("HOME", root.join("home"))
        .env("EDITOR", "true")
        .env_remove("VISUAL")
        .env_remove("MLPREP_DB")
        .env_remove("MLPREP_CONFIG")
        .env_remove("MLPREP_DATA")
        .env_remove("MLPREP_CONTENT")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CACHE_HOME")
        .output()
        .unwrap()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn ok(root: &Path, args: &[&str]) -> String {
    let out = isolated(root, args);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

#[test]
fn every_command_with_a_data_dir_writes_only_there() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for d in ["home", "cwd", "data"] {
        std::fs::create_dir(root.join(d)).unwrap();
    }
    let data = root.join("data");
    let p = |name: &str| -> String { data.join(name).to_string_lossy().into_owned() };
    write(&data, "log.csv", forgetful_log(70).as_bytes());

    ok(root, &["stats"]);
    ok(root, &["stats", "--json"]);
    ok(root, &["check"]);
    ok(root, &["search", "softmax"]);
    ok(root, &["stories"]);
    ok(root, &["template", "story"]);
    ok(root, &["import", "reviews", &p("log.csv")]);
    ok(root, &["export", "reviews", &p("out.csv")]);
    ok(root, &["export", "anki", &p("out.tsv")]);
    ok(root, &["export", "anki", &p("out.apkg")]);
    ok(
        root,
        &["import", "anki", &p("out.tsv"), "--into", &p("imported")],
    );
    ok(root, &["backup"]);
    // The manual one (the daily automatic one was made before the import), in the database's
    // own backup folder (one per database, named from its identity).
    let folders: Vec<PathBuf> = std::fs::read_dir(data.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    let backup: PathBuf = std::fs::read_dir(&folders[0])
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| !p.to_string_lossy().contains("-auto"))
        .unwrap();
    ok(root, &["restore", backup.to_str().unwrap()]);
    ok(root, &["doctor"]);
    let said = ok(root, &["optimize"]);
    assert!(
        said.contains("adopted: wrote fsrs_parameters to the database"),
        "{said}"
    );
    ok(root, &["mock", "loops"]);
    ok(root, &["mock", "--loop", "screen", "--plan", "--seed", "1"]);
    ok(root, &["mock", "history"]);
    ok(root, &["practice", "lc-two-sum", "--history"]);
    if need(
        Tool::Python,
        "data_dir::every_command_with_a_data_dir_writes_only_there (practice --run)",
    ) {
        ok(root, &["practice", "lc-two-sum", "--run"]);
        assert!(data.join("workspace").is_dir(), "{:?}", entries(&data));
    }
    ok(root, &["doctor"]);

    assert_eq!(entries(&root.join("home")), Vec::<String>::new(), "HOME");
    assert_eq!(entries(&root.join("cwd")), Vec::<String>::new(), "cwd");
    assert_eq!(entries(root), ["cwd", "data", "home"]);
    let inside = entries(&data);
    for expected in ["backups", "mlprep.db"] {
        assert!(inside.contains(&expected.to_string()), "{inside:?}");
    }
    assert!(
        !data.join("config.toml").exists(),
        "optimize wrote no config file: {inside:?}"
    );
}

#[test]
fn optimize_parameters_stay_with_the_database_they_were_fitted_on() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for d in ["home", "cwd", "data"] {
        std::fs::create_dir(root.join(d)).unwrap();
    }
    let data = root.join("data");
    let log = write(&data, "log.csv", forgetful_log(70).as_bytes());
    let scratch = data.join("scratch.db");
    let real = data.join("real.db");
    for db in [&scratch, &real] {
        ok(
            root,
            &[
                "--db",
                db.to_str().unwrap(),
                "import",
                "reviews",
                log.to_str().unwrap(),
            ],
        );
    }
    let before = stdout(&isolated(
        root,
        &["--db", real.to_str().unwrap(), "stats", "--json"],
    ));
    let said = ok(root, &["--db", scratch.to_str().unwrap(), "optimize"]);
    assert!(said.contains("adopted"), "{said}");
    let after = stdout(&isolated(
        root,
        &["--db", real.to_str().unwrap(), "stats", "--json"],
    ));
    assert_eq!(
        before, after,
        "optimizing the scratch database left the real one alone"
    );
    // The fitted database keeps using its parameters: its states match them.
    let doctor = ok(root, &["--db", scratch.to_str().unwrap(), "doctor"]);
    assert!(doctor.contains("no problems found"), "{doctor}");
    assert_eq!(entries(&root.join("home")), Vec::<String>::new());
}
