//! The user's own material: depth drills, the story bank and the story overlay.

use crate::tui::test_support::*;

#[test]
fn a_depth_drill_records_the_stall_level_and_grades_a_depth_card() {
    let (mut app, _d) = own_app();
    press(&mut app, "d\n", now());
    // Section 1 (framing: no framing card here): answer two levels, stall at the third.
    press(&mut app, "\n\ns", now());
    // Section 2 (modelling): stall at once.
    press(&mut app, "s", now());
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("Drill finished"), "{screen}");
    assert!(
        screen.contains("Weakest: Key decisions and alternatives"),
        "{screen}"
    );
    let summary = app.study.store.drill_summary().unwrap();
    assert_eq!(summary.len(), 2);
    let log = app.study.store.card_log("fx-dp-model").unwrap();
    assert_eq!(log.len(), 1, "the modelling card was graded from the drill");
    assert_eq!(log[0].1, crate::schedule::Grade::Again);
}

#[test]
fn stories_show_gaps_and_appear_during_behavioural_reviews() {
    let (mut app, _d) = own_app();
    press(&mut app, "o", now());
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("14 gaps"), "{screen}");
    press(&mut app, "q", now());
    // Review the behavioural card and open the user's stories for its principle.
    press(&mut app, "r", now());
    while current(&app).as_deref() != Some("fx-bh-dive") {
        press(&mut app, " 4", now());
    }
    press(&mut app, "o", now());
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("Fixed the eval leak"), "{screen}");
    assert!(screen.contains("I traced the split."), "{screen}");
    press(&mut app, "\x1b", now());
    assert!(matches!(app.screen, Screen::Review(_)));
}

#[test]
fn stories_are_one_key_away_in_a_mock_behavioural_segment() {
    let (app, _d) = own_app();
    let study = app.study;
    let lp = crate::mock::loops::parse_loop("b.toml", "name = \"B\"\n[[rounds]]\ntitle = \"R\"\n[[rounds.segments]]\ntitle = \"Story\"\nminutes = 10\nkinds = [\"behavioural\"]\n").0.unwrap();
    let pool = study.mock_pool(now());
    let plan = crate::mock::plan::plan(&lp, &pool, &Default::default(), 1, false);
    let mut app = App::new(
        study,
        Start::Mock(Box::new(plan)),
        Theme { color: false },
        now(),
    )
    .unwrap();
    app.on_key(KeyEvent::from(KeyCode::Enter), now()).unwrap();
    app.on_key(KeyEvent::from(KeyCode::Esc), now()).unwrap();
    press(&mut app, "o", now());
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("Fixed the eval leak"), "{screen}");
}
