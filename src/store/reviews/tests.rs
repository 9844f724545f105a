//! The review log's tests: grading, undo, today's counts and damaged rows, on in-memory SQLite.

use super::*;
use crate::schedule::SchedulerConfig;
use chrono::{Duration, TimeZone};

fn grade(store: &mut Store, s: &Scheduler, id: &str, g: Grade, at: DateTime<Utc>) -> CardState {
    store.grade_for_test(s, id, g, at, "review", 1000)
}

#[test]
fn grades_persist_and_undo_restores_the_previous_state() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
    let first = grade(&mut store, &s, "a", Grade::Good, t0);
    grade(
        &mut store,
        &s,
        "a",
        Grade::Again,
        t0 + Duration::minutes(10),
    );
    assert_eq!(store.card_log("a").unwrap().len(), 2);
    let undone = store.undo_last(&s).unwrap().unwrap();
    assert_eq!(undone.card_id, "a");
    assert_eq!(undone.grade, Grade::Again);
    assert_eq!(store.states().unwrap()["a"], first);
    let undone = store.undo_last(&s).unwrap().unwrap();
    assert_eq!(undone.state, None);
    assert!(store.states().unwrap().is_empty());
    assert!(store.undo_last(&s).unwrap().is_none());
}

#[test]
fn done_today_counts_new_and_review_cards_per_kind() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
    grade(&mut store, &s, "a", Grade::Easy, t0 - Duration::days(5));
    grade(&mut store, &s, "a", Grade::Good, t0);
    grade(&mut store, &s, "b", Grade::Good, t0);
    let done = store.done_today(t0 - Duration::hours(2)).unwrap();
    assert_eq!(done.new.get(&Kind::Breadth), Some(&1));
    assert_eq!(done.reviews.get(&Kind::Breadth), Some(&1));
}

#[test]
fn a_damaged_row_is_reported_not_read_as_a_default() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
    grade(&mut store, &s, "a", Grade::Good, t0);
    store
        .conn
        .execute(
            "UPDATE card_state SET phase = 'bogus' WHERE card_id = 'a'",
            [],
        )
        .unwrap();
    let err = store.states().unwrap_err().to_string();
    assert!(
        err.contains("card `a` has an unknown phase `bogus`"),
        "{err}"
    );
    // The schema forbids it; a file edited by another tool may still hold it.
    store
        .conn
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE reviews SET grade = 9 WHERE card_id = 'a';",
        )
        .unwrap();
    let err = store.card_log("a").unwrap_err().to_string();
    assert!(err.contains("grade 9"), "{err}");
    let err = store.undo_last(&s).unwrap_err().to_string();
    assert!(err.contains("grade 9"), "{err}");
    assert_eq!(
        store
            .conn
            .query_row("SELECT count(*) FROM reviews WHERE undone = 0", [], |r| r
                .get::<_, i64>(
                0
            ))
            .unwrap(),
        1,
        "a failed undo takes nothing back"
    );
}
