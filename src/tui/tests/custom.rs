//! Custom study through the review screen: a grade is answered in the screen's session (cram
//! answers leave the schedule alone) and a card that becomes a leech says so on the status line.

use crate::schedule::Grade;
use crate::study::{Filter, ReviewSource};
use crate::study_tools::custom::{CustomStudy, Status};
use crate::tui::test_support::*;

#[test]
fn a_cram_answer_on_the_review_screen_leaves_the_schedule_alone() {
    let (study, _d) = study_with(&[("breadth.md", FIXTURE)]);
    let cram = CustomStudy::Cram { reschedule: false };
    let mut app = App::new(
        study,
        Start::Custom(Filter::default(), cram),
        Theme { color: false },
        now(),
    )
    .unwrap();
    let first = current(&app).unwrap();
    press(&mut app, " 3", now());
    assert_ne!(current(&app).as_deref(), Some(first.as_str()));
    let answers = app.study.store.answers(&first).unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].source, "cram");
    assert!(
        !app.study.states.contains_key(&first),
        "a cram answer gives a new card no schedule"
    );
}

/// Leeches at one lapse; the convexity card graduated ten days ago and is due again now (the
/// only card in review): one Again makes it a leech.
fn one_lapse_from_a_leech() -> (crate::study::Study, tempfile::TempDir) {
    let (mut study, d) = study_with(&[("breadth.md", FIXTURE)]);
    study.settings.leech.lapses = 1;
    study
        .grade(
            "fx-convexity",
            Grade::Easy,
            now() - Duration::days(10),
            Duration::seconds(5),
            ReviewSource::Review,
        )
        .unwrap();
    (study, d)
}

#[test]
fn the_grade_that_makes_a_leech_names_it_on_the_status_line() {
    let (study, _d) = one_lapse_from_a_leech();
    let filter = Filter {
        status: vec![Status::Review],
        ..Filter::default()
    };
    let mut app = App::new(study, Start::Review(filter), Theme { color: false }, now()).unwrap();
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
    press(&mut app, " 1", now());
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("leech: this card has lapsed 1 times"),
        "{status}"
    );
    assert!(
        app.study
            .store
            .leeches()
            .unwrap()
            .contains_key("fx-convexity")
    );
}

#[test]
fn l_in_card_info_takes_the_leech_tag_off() {
    let (mut study, _d) = one_lapse_from_a_leech();
    study
        .grade(
            "fx-convexity",
            Grade::Again,
            now() - Duration::hours(1),
            Duration::seconds(5),
            ReviewSource::Review,
        )
        .unwrap();
    assert!(
        study
            .leeches()
            .unwrap()
            .iter()
            .any(|l| l.card_id == "fx-convexity")
    );
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    // The browser filtered to leeches, card info, L.
    press(&mut app, "bt", now());
    press(&mut app, "is:leech\n", now());
    press(&mut app, "i", now());
    assert!(screen_text(&mut app, 100, 30).contains("leech"));
    press(&mut app, "L", now());
    assert_eq!(
        app.status.as_deref(),
        Some("took the leech tag off `fx-convexity`; it comes back if the card keeps lapsing")
    );
    assert!(app.study.leeches().unwrap().is_empty());
    press(&mut app, "L", now());
    assert_eq!(app.status.as_deref(), Some("`fx-convexity` is not a leech"));
}
