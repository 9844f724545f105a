//! Review: prompt, hints, answer and grades; undo; learning steps; inert escapes; help; scrolling; small terminals; a grade that cannot be saved.

use crate::tui::test_support::*;

#[test]
fn review_shows_prompt_then_hints_then_answer_with_intervals() {
    let (mut app, _d) = app();
    // Rows: all decks, LeetCode, its deck, ML coding, ML breadth, ...: open ML breadth.
    press(&mut app, "jjjj\n", now());
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
    let t = draw(&mut app, 80, 24);
    insta::assert_snapshot!("review_prompt", t.backend());
    press(&mut app, "h", now());
    insta::assert_snapshot!("review_hint", draw(&mut app, 80, 24).backend());
    press(&mut app, " ", now());
    insta::assert_snapshot!("review_answer", draw(&mut app, 80, 24).backend());
}

#[test]
fn grading_commits_and_undo_brings_the_card_back() {
    let (mut app, _d) = app();
    press(&mut app, "r", now());
    let first = current(&app);
    press(&mut app, " 3", now());
    assert_ne!(current(&app), first);
    assert_eq!(
        app.study
            .store
            .card_log(&first.clone().unwrap())
            .unwrap()
            .len(),
        1
    );
    press(&mut app, "u", now() + Duration::seconds(5));
    assert_eq!(current(&app), first);
    assert!(
        app.study
            .store
            .card_log(&first.unwrap())
            .unwrap()
            .is_empty()
    );
    assert!(app.status.as_deref().unwrap().starts_with("undid Good"));
}

#[test]
fn a_learning_card_returns_after_its_step() {
    let (study, _d) = study_with(&[("breadth.md", FIXTURE)]);
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    press(&mut app, "r", now());
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
    press(&mut app, " 1", now()); // Again: back in 1 minute
    assert_eq!(current(&app).as_deref(), Some("fx-escape"));
    press(&mut app, " 4", now());
    // Nothing else is due; within the learn-ahead window the card comes back.
    app.tick(now() + Duration::minutes(2)).unwrap();
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
}

#[test]
fn escape_sequences_in_content_never_reach_the_terminal() {
    let (mut app, _d) = app();
    press(&mut app, "r", now());
    for _ in 0..3 {
        if current(&app).as_deref() == Some("fx-escape") {
            break;
        }
        press(&mut app, " 4", now());
    }
    assert_eq!(current(&app).as_deref(), Some("fx-escape"));
    press(&mut app, " ", now());
    let t = draw(&mut app, 80, 24);
    let cells: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(!cells.contains('\x1b'));
    assert!(cells.contains("^[[31m"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn help_lists_the_keys_of_the_screen() {
    let (mut app, _d) = app();
    press(&mut app, "r?", now());
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    press(&mut app, "?", now());
    assert!(!app.help);
}

#[test]
fn empty_review_says_what_is_next() {
    let (mut app, _d) = app();
    press(&mut app, "r", now());
    for _ in 0..3 {
        press(&mut app, " 4", now());
    }
    assert!(current(&app).is_none());
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn long_answers_scroll() {
    let long: String = (1..=200).map(|i| format!("- line {i}\n")).collect();
    let deck = format!(
        "+++\ntitle = \"Long\"\nkind = \"breadth\"\n+++\n## Long one {{#long}}\n### Answer\n{long}"
    );
    let (study, _d) = study_with(&[("long.md", &deck)]);
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    press(&mut app, "r ", now());
    for _ in 0..30 {
        app.on_key(KeyEvent::from(KeyCode::PageDown), now())
            .unwrap();
    }
    let text = screen_text(&mut app, 80, 24);
    assert!(
        text.contains("line 200"),
        "the end of a long answer is reachable"
    );
    assert!(!text.contains("line 1 "));
}

#[test]
fn works_at_80x24_and_in_a_tiny_terminal() {
    let (mut app, _d) = app();
    draw(&mut app, 20, 6);
    press(&mut app, "r ", now());
    draw(&mut app, 20, 6);
    draw(&mut app, 60, 20);
}

#[test]
fn a_grade_that_cannot_be_saved_is_reported_and_can_be_retried() {
    let (mut app, _d) = app();
    press(&mut app, "r", now());
    let first = current(&app);
    // Make every write fail, as a full disk or a read-only file would.
    app.study.store.set_read_only_for_tests(true);
    press(&mut app, " 3", now());
    assert_eq!(current(&app), first, "the card stays");
    assert!(
        app.status.as_deref().unwrap().contains("NOT saved"),
        "{:?}",
        app.status
    );
    app.study.store.set_read_only_for_tests(false);
    press(&mut app, "3", now());
    assert_ne!(current(&app), first);
    assert_eq!(app.study.store.card_log(&first.unwrap()).unwrap().len(), 1);
}

#[test]
fn a_deck_edit_that_removes_shown_hints_does_not_crash_the_review() {
    let filter = crate::study::Filter {
        tag: Some("optimisation".into()),
        ..Default::default()
    };
    let (mut app, d) = app_with(&[("breadth.md", FIXTURE)], Start::Review(filter));
    press(&mut app, "hh", now());
    // The user deletes the hints in their editor while the card is on screen.
    let start = FIXTURE.find("### Hints").unwrap();
    let end = FIXTURE.find("### Answer").unwrap();
    let edited = format!("{}{}", &FIXTURE[..start], &FIXTURE[end..]);
    std::fs::write(d.path().join("breadth.md"), edited).unwrap();
    app.external_done(Ok(()), now()).unwrap();
    let text = screen_text(&mut app, 80, 24);
    assert!(text.contains("no more hints"), "{text}");
    assert!(text.contains("Why does convexity matter"), "{text}");
}
