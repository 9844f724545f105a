//! Study operations on a fixture deck and a real database file: filters and counts, grading
//! and undo, the mock plan pipeline, and a whole mock driven without a terminal, including a
//! failure injected part-way through a round's commit.

use super::*;
use crate::content::ContentRoot;
use crate::mock::loops::load_loops;
use crate::mock::session::{MockRun, Phase};
use crate::schedule::Grade;
use chrono::TimeZone;

const DECK: &str = "+++
title = \"Study breadth\"
kind = \"breadth\"
+++

## First question {#st-one}
tags: alpha

### Answer
One.

### Key points
- a point

## Second question {#st-two}
tags: beta

### Answer
Two.
";

const LOOP: &str = "name = \"Two cards\"\ndescription = \"One breadth round.\"\n\n[[rounds]]\ntitle = \"Breadth\"\nrubric = \"breadth\"\n\n[[rounds.segments]]\ntitle = \"Questions\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 2\n";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
}

fn study() -> (Study, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deck.md"), DECK).unwrap();
    std::fs::create_dir_all(dir.path().join("loops")).unwrap();
    std::fs::write(dir.path().join("loops/two.toml"), LOOP).unwrap();
    let settings = Settings::with_roots(
        vec![ContentRoot::Dir(dir.path().to_path_buf())],
        dir.path().join("data/mlprep.db"),
    );
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    (Study::open(settings, t0()).unwrap(), dir)
}

/// A mock planned on the two-card loop, answered, waiting for its round review.
fn mock_in_review(study: &mut Study) -> (MockId, MockRun) {
    let (loops, problems) = load_loops(&study.library);
    assert!(problems.is_empty(), "{problems:?}");
    let plan = study.plan_mock(&loops[0], 7, false, t0()).unwrap();
    assert_eq!(plan.items.iter().filter(|i| i.card_id.is_some()).count(), 2);
    let mut run = MockRun::new(plan, t0());
    run.start(t0());
    let id = study.save_mock(None, &run, t0()).unwrap();
    for i in 1..=2 {
        run.tick(t0() + Duration::seconds(60 * i));
        run.next(t0() + Duration::seconds(60 * i));
    }
    assert_eq!(run.phase, Phase::Review { round: 0 });
    for row in run.rubric_view(0) {
        run.score_row(0, row.sheet, row.row, 3);
    }
    study.save_mock(Some(id), &run, t0()).unwrap();
    (id, run)
}

fn log_len(study: &Study, id: &str) -> usize {
    study.store.card_log(id).unwrap().len()
}

#[test]
fn filters_select_by_kind_deck_and_tag_and_describe_themselves() {
    let (study, _d) = study();
    let tag = Filter {
        tag: Some("ALPHA".into()),
        ..Filter::default()
    };
    let ids: Vec<&str> = study
        .cards()
        .filter(|c| tag.matches(c))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["st-one"]);
    assert_eq!(tag.describe(), "#ALPHA");
    assert_eq!(Filter::default().describe(), "all decks");
    let deck = Filter {
        deck: Some("study breadth".into()),
        ..Filter::default()
    };
    assert_eq!(study.counts(&deck, t0()).cards, 2);
}

#[test]
fn a_grade_is_committed_counted_and_undone() {
    let (mut study, _d) = study();
    let before = study.counts(&Filter::default(), t0());
    assert_eq!((before.cards, before.new, before.due), (2, 2, 0));
    let state = study
        .grade(
            "st-one",
            Grade::Good,
            t0(),
            Duration::seconds(9),
            ReviewSource::Review,
        )
        .unwrap();
    assert_eq!(study.states["st-one"], state);
    assert_eq!(log_len(&study, "st-one"), 1);
    let after = study.counts(&Filter::default(), t0());
    assert_eq!(after.new, 1, "the graded card is no longer new");
    assert_eq!(study.done_today(t0()).unwrap().new[&Kind::Breadth], 1);
    let undone = study.undo().unwrap().unwrap();
    assert_eq!(
        (undone.card_id.as_str(), undone.grade),
        ("st-one", Grade::Good)
    );
    assert!(!study.states.contains_key("st-one"));
    assert!(study.undo().unwrap().is_none(), "nothing left to undo");
    assert!(
        study
            .grade(
                "missing",
                Grade::Good,
                t0(),
                Duration::zero(),
                ReviewSource::Review
            )
            .is_err()
    );
}

#[test]
fn a_suspended_card_leaves_the_session_and_the_overview() {
    let (mut study, _d) = study();
    study.set_suspended("st-two", true, t0()).unwrap();
    let session = study.session(&Filter::default(), t0()).unwrap();
    assert_eq!(session.remaining(), 1);
    assert_eq!(study.overview(t0()).total.new, 1);
    study.set_suspended("st-two", false, t0()).unwrap();
    assert_eq!(study.overview(t0()).total.new, 2);
}

#[test]
fn the_same_seed_plans_the_same_mock() {
    let (mut study, _d) = study();
    let (loops, _) = load_loops(&study.library);
    let a = study.plan_mock(&loops[0], 3, false, t0()).unwrap();
    let b = study.plan_mock(&loops[0], 3, false, t0()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_whole_mock_runs_without_a_terminal() {
    let (mut study, _d) = study();
    let (id, mut run) = mock_in_review(&mut study);
    study.confirm_mock_round(id, &mut run, 0, t0()).unwrap();
    assert_eq!(run.phase, Phase::Report);
    assert_eq!(log_len(&study, "st-one"), 1);
    assert_eq!(log_len(&study, "st-two"), 1);
    let history = study.store.mock_history().unwrap();
    assert_eq!(history[0].status, "finished");
    assert!(study.active_mock().unwrap().is_none());
}

#[test]
fn a_round_with_an_unscored_row_is_not_committed() {
    let (mut study, _d) = study();
    let (id, mut run) = mock_in_review(&mut study);
    let row = run.rubric_view(0)[0].clone();
    run.clear_row(0, row.sheet, row.row);
    let before = run.clone();
    let err = study.confirm_mock_round(id, &mut run, 0, t0()).unwrap_err();
    assert!(format!("{err:#}").contains("1 left"), "{err:#}");
    assert_eq!(run, before);
    assert_eq!(log_len(&study, "st-one") + log_len(&study, "st-two"), 0);
}

#[test]
fn a_failure_after_the_first_card_grades_nothing_and_a_resume_grades_once() {
    let (mut study, _d) = study();
    let (id, mut run) = mock_in_review(&mut study);
    // Inject the failure from a second connection: the second review insert aborts.
    let other = rusqlite::Connection::open(&study.settings.db_path).unwrap();
    other
        .execute_batch(
            "CREATE TRIGGER fail_second BEFORE INSERT ON reviews
             WHEN (SELECT count(*) FROM reviews) >= 1
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let before = run.clone();
    let err = study.confirm_mock_round(id, &mut run, 0, t0()).unwrap_err();
    assert!(format!("{err:#}").contains("injected failure"), "{err:#}");
    assert_eq!(
        run, before,
        "the session is unchanged, so the user can retry"
    );
    assert_eq!(log_len(&study, "st-one") + log_len(&study, "st-two"), 0);
    assert!(study.states.is_empty(), "no state changed in memory either");

    // mlprep is restarted: the saved session is still waiting for its round review.
    other.execute_batch("DROP TRIGGER fail_second").unwrap();
    let (resumed_id, mut resumed) = study.active_mock().unwrap().unwrap();
    assert_eq!(resumed_id, id);
    assert_eq!(resumed.phase, Phase::Review { round: 0 });
    study.confirm_mock_round(id, &mut resumed, 0, t0()).unwrap();
    assert_eq!(log_len(&study, "st-one"), 1, "graded exactly once");
    assert_eq!(log_len(&study, "st-two"), 1, "graded exactly once");
    assert_eq!(resumed.phase, Phase::Report);
}

#[test]
fn a_mock_round_builds_on_a_grade_made_in_another_window() {
    let (mut study, _d) = study();
    let (id, mut run) = mock_in_review(&mut study);
    // A second window on the same database grades one of the round's cards first.
    let mut other = Study::open(study.settings.clone(), t0()).unwrap();
    other
        .grade(
            "st-one",
            crate::schedule::Grade::Good,
            t0(),
            Duration::seconds(5),
            ReviewSource::Review,
        )
        .unwrap();
    study.confirm_mock_round(id, &mut run, 0, t0()).unwrap();
    assert_eq!(log_len(&study, "st-one"), 2);
    assert_eq!(
        study.state("st-one", t0()).reps,
        2,
        "the mock grade counts both"
    );
    let mismatches = study.store.state_mismatches(&study.scheduler).unwrap();
    assert!(
        mismatches.is_empty(),
        "stored states equal replaying the log: {mismatches:?}"
    );
}
