//! Two windows on one database: grades interleaved between two `Study` handles give exactly
//! the schedule one window would.

use super::*;
use crate::content::ContentRoot;
use crate::schedule::Grade;

const DECK: &str = "+++\ntitle = \"W\"\nkind = \"breadth\"\n+++\n## One {#w-one}\n### Answer\na\n## Two {#w-two}\n### Answer\nb\n";

fn t(hours: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::hours(hours)
}

fn open(dir: &std::path::Path, db: &str) -> Study {
    let settings = Settings::with_roots(vec![ContentRoot::Dir(dir.join("decks"))], dir.join(db));
    Study::open(settings, t(0)).unwrap()
}

#[test]
fn two_windows_grading_the_same_cards_give_one_windows_schedule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/w.md"), DECK).unwrap();
    let plan = [
        (0, "w-one", Grade::Good, 0),
        (1, "w-one", Grade::Good, 30),
        (0, "w-two", Grade::Again, 31),
        (1, "w-one", Grade::Hard, 60),
        (1, "w-two", Grade::Good, 61),
        (0, "w-one", Grade::Easy, 24 * 5),
        (0, "w-two", Grade::Good, 24 * 5 + 1),
    ];
    let mut windows = [open(dir.path(), "two.db"), open(dir.path(), "two.db")];
    let mut single = open(dir.path(), "one.db");
    for (w, id, g, h) in plan {
        let now = t(h);
        windows[w]
            .grade(id, g, now, Duration::seconds(5), ReviewSource::Review)
            .unwrap();
        single
            .grade(id, g, now, Duration::seconds(5), ReviewSource::Review)
            .unwrap();
    }
    let reopened = open(dir.path(), "two.db");
    for id in ["w-one", "w-two"] {
        assert_eq!(
            reopened.state(id, t(0)),
            single.state(id, t(0)),
            "{id}: two windows disagree with one"
        );
    }
    let log = reopened.store.card_log("w-one").unwrap();
    assert_eq!(log.len(), 4);
}

#[test]
fn restore_refuses_while_another_window_has_the_database_open() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/w.md"), DECK).unwrap();
    let db = dir.path().join("two.db");
    let mut window = open(dir.path(), "two.db");
    window
        .grade(
            "w-one",
            Grade::Good,
            t(1),
            Duration::seconds(5),
            ReviewSource::Review,
        )
        .unwrap();
    let settings = window.settings.clone();
    let backup = crate::interop::backup::backup_now(
        &settings,
        t(2),
        crate::interop::backup::BackupKind::Manual,
    )
    .unwrap();
    assert!(crate::store::in_use(&db));
    let err = crate::interop::backup::restore(&settings, &backup, t(3)).unwrap_err();
    assert!(
        err.to_string().contains("open on") && err.to_string().contains("another window"),
        "{err}"
    );
    drop(window);
    assert!(!crate::store::in_use(&db));
    let done = crate::interop::backup::restore(&settings, &backup, t(3)).unwrap();
    assert_eq!(done.reviews, 1);
}

#[test]
fn a_clock_set_back_between_sessions_keeps_the_log_in_recorded_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/w.md"), DECK).unwrap();
    let mut s = open(dir.path(), "clock.db");
    s.grade(
        "w-one",
        Grade::Good,
        t(48),
        Duration::seconds(5),
        ReviewSource::Review,
    )
    .unwrap();
    // The next session's clock is a day behind.
    let mut s = {
        drop(s);
        open(dir.path(), "clock.db")
    };
    s.grade(
        "w-one",
        Grade::Again,
        t(24),
        Duration::seconds(5),
        ReviewSource::Review,
    )
    .unwrap();
    let mismatches = s.store.state_mismatches(&s.scheduler).unwrap();
    assert!(mismatches.is_empty(), "{mismatches:?}");
    let undone = s.store.undo_last(&s.scheduler).unwrap().unwrap();
    assert_eq!(undone.card_id, "w-one");
    let log = s.store.card_log("w-one").unwrap();
    assert_eq!(
        log,
        vec![(t(48), Grade::Good)],
        "the later-recorded review was undone"
    );
}
