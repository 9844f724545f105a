//! Presets end to end: a deck's `[schedule]` front matter and a config `[presets.<kind>]` change
//! how its cards are scheduled, undo and doctor replay with the same preset, and a bad preset is
//! reported with its file and line.

use chrono::{Duration, TimeZone, Utc};
use mlprep::config::Settings;
use mlprep::content::ContentRoot;
use mlprep::schedule::{Grade, Phase, Preset};
use mlprep::study::{ReviewSource, Study};

const CRAM_DECK: &str = "+++
title = \"Cram deck\"
kind = \"breadth\"

[schedule]
learning_steps = [\"10m\"]
relearning_steps = []
maximum_interval = 3650
desired_retention = 0.85
+++

## What is a KV cache? {#pr-kv}

### Answer
Stored keys and values of past tokens.

### Key points
- keys and values are stored
";

const PLAIN_DECK: &str = "+++
title = \"Plain deck\"
kind = \"breadth\"
+++

## What is dropout? {#pr-dropout}

### Answer
Random zeroing of activations.

### Key points
- random zeroing
";

fn study(dir: &std::path::Path, depth_preset: Option<Preset>) -> Study {
    std::fs::write(dir.join("cram.md"), CRAM_DECK).unwrap();
    std::fs::write(dir.join("plain.md"), PLAIN_DECK).unwrap();
    let mut s = Settings::with_roots(vec![ContentRoot::Dir(dir.into())], dir.join("db.sqlite"));
    if let Some(p) = depth_preset {
        s.scheduler
            .kind_presets
            .insert(mlprep::content::Kind::Breadth, p);
    }
    Study::open(s, Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()).unwrap()
}

#[test]
fn a_deck_preset_schedules_its_cards_and_replays_agree() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = study(dir.path(), None);
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    // One 10-minute step: Good graduates at once (py-fsrs: 4 days at retention 0.85).
    let a = st
        .grade(
            "pr-kv",
            Grade::Good,
            now,
            Duration::seconds(20),
            ReviewSource::Review,
        )
        .unwrap();
    assert_eq!(a.phase, Phase::Review);
    assert_eq!(a.due - now, Duration::days(4));
    // The plain deck keeps the defaults: Good is the second 10-minute step.
    let b = st
        .grade(
            "pr-dropout",
            Grade::Good,
            now,
            Duration::seconds(20),
            ReviewSource::Review,
        )
        .unwrap();
    assert_eq!(b.phase, Phase::Learning);
    assert_eq!(b.due - now, Duration::minutes(10));
    // A lapse with no relearning steps stays in review, days away.
    let c = st
        .grade(
            "pr-kv",
            Grade::Again,
            a.due,
            Duration::seconds(20),
            ReviewSource::Review,
        )
        .unwrap();
    assert_eq!(c.phase, Phase::Review);
    assert!(c.due - a.due >= Duration::days(1));
    // Doctor's replay uses the deck's preset too: no disagreement.
    assert!(st.store.state_mismatches(&st.scheduler).unwrap().is_empty());
    // Undo replays the remaining review with the same preset.
    st.undo().unwrap();
    let after_undo = st.store.states().unwrap()["pr-kv"];
    assert_eq!(after_undo.due, a.due);
}

#[test]
fn a_kind_preset_applies_to_every_deck_of_that_kind_unless_the_deck_says_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let p: Preset = toml::from_str("learning_steps = [\"30m\", \"2h\"]").unwrap();
    let mut st = study(dir.path(), Some(p));
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let b = st
        .grade(
            "pr-dropout",
            Grade::Again,
            now,
            Duration::seconds(5),
            ReviewSource::Review,
        )
        .unwrap();
    assert_eq!(b.due - now, Duration::minutes(30));
    let a = st
        .grade(
            "pr-kv",
            Grade::Again,
            now,
            Duration::seconds(5),
            ReviewSource::Review,
        )
        .unwrap();
    assert_eq!(
        a.due - now,
        Duration::minutes(10),
        "the deck's own steps win"
    );
}

#[test]
fn a_bad_deck_preset_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let deck = CRAM_DECK.replace("\"10m\"", "\"10 fortnights\"");
    std::fs::write(dir.path().join("bad.md"), deck).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mlprep"))
        .args(["--no-builtin", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("bad.md:5: error: [schedule]: step `10 fortnights`"),
        "{text}"
    );
}

#[test]
fn a_bad_config_preset_names_the_section() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[presets.breadth]\nmaximum_interval = 0\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mlprep"))
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(dir.path().join("db"))
        .args(["stats"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("[presets.breadth]") && err.contains("maximum_interval"),
        "{err}"
    );
}

#[test]
fn before_an_interview_the_queue_brings_weak_cards_of_its_kinds_forward() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let open = |interview: Option<&str>| {
        std::fs::write(dir.path().join("plain.md"), PLAIN_DECK).unwrap();
        let mut s = Settings::with_roots(
            vec![ContentRoot::Dir(dir.path().into())],
            dir.path().join("db.sqlite"),
        );
        if let Some(date) = interview {
            s.interviews =
                vec![toml::from_str(&format!("date = \"{date}\"\ntarget = 0.95")).unwrap()];
        }
        Study::open(s, t0).unwrap()
    };
    let mut st = open(None);
    let learned = st
        .grade(
            "pr-dropout",
            Grade::Easy,
            t0,
            Duration::seconds(9),
            ReviewSource::Review,
        )
        .unwrap();
    let gap = learned.due - t0;
    assert!(gap >= Duration::days(5), "{gap}");
    // Part way to its due date, with an interview just before that date.
    let now = t0 + gap * 3 / 5;
    let filter = mlprep::study::Filter::default();
    let mut plain = st.session(&filter, now).unwrap();
    assert_eq!(plain.next(now), None, "not due without an interview");
    let interview = (learned.due - Duration::days(1)).date_naive().to_string();
    let st = open(Some(&interview));
    let mut before = st.session(&filter, now).unwrap();
    assert_eq!(before.next(now).as_deref(), Some("pr-dropout"));
    // The stored schedule is untouched.
    assert_eq!(st.states["pr-dropout"].due, learned.due);
}

#[test]
fn doctor_replays_a_preset_deck_with_its_preset() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = study(dir.path(), None);
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    st.grade(
        "pr-kv",
        Grade::Good,
        now,
        Duration::seconds(20),
        ReviewSource::Review,
    )
    .unwrap();
    drop(st);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mlprep"))
        .args(["--no-builtin", "--content"])
        .arg(dir.path())
        .arg("--db")
        .arg(dir.path().join("db.sqlite"))
        .env("MLPREP_DATA", dir.path().join("data"))
        .arg("doctor")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("disagree"), "{text}");
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
