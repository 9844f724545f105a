//! The study tools in the TUI: the custom study dialog (`c`), card info (`i`, ctrl-o in
//! search) and leeches (the stats tab, the browser's filter, `is:leech`).

use crate::schedule::Grade;
use crate::study::ReviewSource;
use crate::tui::screens::custom::CustomState;
use crate::tui::test_support::*;
use crate::tui::{app::Modal, screens::custom::Mode};

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::from(code), now()).unwrap();
}

fn grade(app: &mut App, id: &str, g: Grade, at: DateTime<Utc>) {
    app.study
        .grade(id, g, at, Duration::seconds(20), ReviewSource::Review)
        .unwrap();
}

fn dialog(app: &App) -> &CustomState {
    match &app.modal {
        Some(Modal::Custom(d)) => d,
        _ => panic!("the custom study dialog is not open"),
    }
}

/// `c` on home, cram chosen (← from the first mode), the cursor on Deck.
fn cram_dialog(app: &mut App) {
    press(app, "c", now());
    key(app, KeyCode::Left);
    assert_eq!(dialog(app).mode, Mode::Cram);
    // Study → Reschedule → Kind → Deck (the number is skipped: cram takes every card).
    for _ in 0..3 {
        key(app, KeyCode::Down);
    }
}

#[test]
fn the_custom_study_dialog_counts_the_selection_as_it_is_typed() {
    let (mut app, _d) = app();
    press(&mut app, "c", now());
    insta::assert_snapshot!("custom_dialog_extra_new", screen_text(&mut app, 80, 24));
    key(&mut app, KeyCode::Esc);
    cram_dialog(&mut app);
    press(&mut app, "breadth", now());
    let screen = screen_text(&mut app, 80, 24);
    insta::assert_snapshot!("custom_dialog_cram_deck", screen);
    assert!(screen.contains("Selection: 2 cards"), "{screen}");
}

#[test]
fn cram_from_the_dialog_reviews_exactly_the_selection_and_moves_no_schedule() {
    let (mut app, _d) = app();
    grade(
        &mut app,
        "fx-convexity",
        Grade::Easy,
        now() - Duration::days(3),
    );
    let before = app.study.states.get("fx-convexity").copied();
    cram_dialog(&mut app);
    press(&mut app, "Fixture breadth\n", now());
    assert!(app.modal.is_none(), "Enter closes the dialog");
    let screen = screen_text(&mut app, 80, 24);
    assert!(
        screen.contains(" Review · cram · Fixture breadth"),
        "{screen}"
    );
    let mut seen = Vec::new();
    while let Some(id) = current(&app) {
        seen.push(id);
        press(&mut app, " 3", now());
    }
    seen.sort();
    // (The first card was revealed above; its second space changes nothing.)
    assert_eq!(seen, vec!["fx-convexity", "fx-escape"]);
    assert_eq!(app.study.states.get("fx-convexity").copied(), before);
    assert!(!app.study.states.contains_key("fx-escape"));
    let log = app.study.store.answers("fx-escape").unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].source, "cram");
}

#[test]
fn bad_input_in_the_dialog_is_a_message_and_enter_waits() {
    let (mut app, _d) = app();
    press(&mut app, "c", now());
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    press(&mut app, "ten\n", now());
    let screen = screen_text(&mut app, 80, 24);
    assert!(
        screen.contains("new cards: “ten” is not a whole number"),
        "{screen}"
    );
    assert!(matches!(app.screen, Screen::Home(_)), "Enter did not start");
    key(&mut app, KeyCode::Esc);
    cram_dialog(&mut app);
    press(&mut app, "nosuch\n", now());
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("no deck matches “nosuch”"), "{screen}");
    // Lapses and loop are checked too.
    for _ in 0..5 {
        key(&mut app, KeyCode::Down);
    }
    press(&mut app, "x", now());
    let screen = screen_text(&mut app, 80, 24);
    assert!(
        screen.contains("lapses ≥: “x” is not a whole number"),
        "{screen}"
    );
    assert!(app.modal.is_some() && matches!(app.screen, Screen::Home(_)));
}

#[test]
fn c_in_review_offers_a_new_session_and_esc_keeps_the_current_one() {
    let (mut app, _d) = app_with(
        &[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)],
        Start::Review(crate::study::Filter::default()),
    );
    let card = current(&app);
    press(&mut app, " c", now());
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("Enter leaves this review"), "{screen}");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none());
    assert_eq!(current(&app), card);
    let Screen::Review(r) = &app.screen else {
        panic!("not in review")
    };
    assert!(r.revealed, "the review is as it was");
    // Review ahead from the review: the one card graded days ago is due within 30 days.
    grade(&mut app, "fx-sum", Grade::Good, now() - Duration::days(1));
    press(&mut app, "c", now());
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    assert_eq!(dialog(&app).mode, Mode::Ahead);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Backspace);
    press(&mut app, "30\n", now());
    assert_eq!(current(&app).as_deref(), Some("fx-sum"));
}

/// A card with a history: learnt three weeks ago, forgotten, relearnt.
fn reviewed(app: &mut App) {
    let t = now() - Duration::days(21);
    grade(app, "fx-escape", Grade::Good, t);
    grade(app, "fx-escape", Grade::Good, t + Duration::minutes(10));
    grade(app, "fx-escape", Grade::Again, now() - Duration::days(2));
    grade(
        app,
        "fx-escape",
        Grade::Good,
        now() - Duration::days(2) + Duration::minutes(10),
    );
}

#[test]
fn card_info_in_the_browser_shows_the_history_and_esc_returns_to_the_same_row() {
    let (mut app, _d) = app();
    reviewed(&mut app);
    press(&mut app, "bj", now());
    let Screen::Browse(b) = &app.screen else {
        panic!("not browsing")
    };
    assert_eq!(b.selected(), Some("fx-escape"));
    press(&mut app, "i", now());
    let screen = screen_text(&mut app, 100, 30);
    assert!(screen.contains("Card info · fx-escape"), "{screen}");
    assert!(screen.contains("Reviews (4)"), "{screen}");
    assert!(screen.contains("Again"), "{screen}");
    assert!(screen.contains("lapses 1"), "{screen}");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none());
    let Screen::Browse(b) = &app.screen else {
        panic!("Esc left the browser")
    };
    assert_eq!(
        (b.table.selected(), b.selected()),
        (Some(1), Some("fx-escape"))
    );
}

#[test]
fn card_info_over_a_review_card() {
    let (mut app, _d) = app_with(
        &[("breadth.md", FIXTURE)],
        Start::Review(crate::study::Filter::default()),
    );
    reviewed(&mut app);
    // The temporary folder's name changes every run: the snapshot shows a fixed deck path.
    for c in &mut app.study.library.decks[0].cards {
        c.deck = "decks/breadth.md".into();
    }
    // The escape card is not due: open it from search, then `i` in its review.
    press(&mut app, "/escape\n", now());
    assert_eq!(current(&app).as_deref(), Some("fx-escape"));
    press(&mut app, " i", now());
    insta::assert_snapshot!("card_info_80x24", screen_text(&mut app, 80, 24));
    press(&mut app, "q", now());
    let Screen::Review(r) = &app.screen else {
        panic!("q left the review")
    };
    assert!(r.revealed && app.modal.is_none());
}

#[test]
fn ctrl_o_in_search_shows_the_selected_cards_info() {
    let (mut app, _d) = app();
    reviewed(&mut app);
    press(&mut app, "/escape", now());
    app.on_key(
        KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL),
        now(),
    )
    .unwrap();
    let screen = screen_text(&mut app, 100, 30);
    assert!(screen.contains("Reviews (4)"), "{screen}");
    key(&mut app, KeyCode::Esc);
    let Screen::Search(s) = &app.screen else {
        panic!("Esc left the search")
    };
    assert_eq!(s.query, "escape");
}

/// Leech at one lapse: fx-convexity and fx-sum become leeches, fx-escape lapses without the
/// tag being there (it was cleared).
fn with_leeches() -> (App, tempfile::TempDir) {
    let (mut app, d) = app();
    app.study.settings.leech.lapses = 1;
    let t = now() - Duration::days(30);
    for (id, lapses) in [("fx-convexity", 2), ("fx-sum", 1), ("fx-escape", 1)] {
        grade(&mut app, id, Grade::Easy, t);
        for n in 0..lapses {
            let at = t + Duration::days(10 * (n + 1));
            grade(&mut app, id, Grade::Again, at);
            grade(&mut app, id, Grade::Easy, at + Duration::minutes(10));
        }
    }
    assert!(app.study.clear_leech("fx-escape", now()).unwrap());
    (app, d)
}

#[test]
fn the_stats_screen_lists_leeches_by_lapses() {
    let (mut app, _d) = with_leeches();
    press(&mut app, "s5", now());
    let screen = screen_text(&mut app, 80, 24);
    insta::assert_snapshot!("stats_leeches_80x24", screen);
    assert!(screen.contains("leeches: 2"), "{screen}");
    let convexity = screen.find("Why does convexity").unwrap();
    let sum = screen.find("Sum a list").unwrap();
    assert!(convexity < sum, "most lapses first");
    assert!(!screen.contains("Red"), "a cleared tag is not listed");
}

#[test]
fn the_browser_and_search_find_leeches_by_their_stored_tag() {
    let (mut app, _d) = with_leeches();
    press(&mut app, "b", now());
    // any → new → due → learning → lapsed often → leeches
    press(&mut app, "FFFFF", now());
    let Screen::Browse(b) = &app.screen else {
        panic!("not browsing")
    };
    assert_eq!(b.rows, vec!["fx-convexity", "fx-sum"]);
    assert!(screen_text(&mut app, 100, 30).contains("leeches"));
    press(&mut app, "q/is:leech", now());
    let Screen::Search(s) = &app.screen else {
        panic!("not searching")
    };
    let mut ids: Vec<String> = s
        .hits
        .iter()
        .map(|&h| s.index.as_ref().unwrap().1[h].clone())
        .collect();
    ids.sort();
    assert_eq!(ids, vec!["fx-convexity", "fx-sum"]);
}

#[test]
fn the_dialogs_draw_in_a_tiny_terminal() {
    let (mut app, _d) = app();
    reviewed(&mut app);
    press(&mut app, "c", now());
    for (w, h) in [(40, 12), (10, 3), (1, 1)] {
        draw(&mut app, w, h);
    }
    press(&mut app, "\x1bbji", now());
    assert!(matches!(app.modal, Some(Modal::Info(_))));
    for (w, h) in [(40, 12), (10, 3), (1, 1)] {
        draw(&mut app, w, h);
    }
}

#[test]
fn an_empty_review_points_past_the_new_card_limit_to_c() {
    let (mut study, _d) = study_with(&[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]);
    study.settings.limits.new_per_day = 1;
    let mut app = App::new(
        study,
        Start::Review(crate::study::Filter::default()),
        Theme { color: false },
        now(),
    )
    .unwrap();
    press(&mut app, " 4", now());
    let screen = screen_text(&mut app, 100, 30);
    assert!(
        screen.contains("2 new card(s) wait beyond today's new-card limit: c studies more today."),
        "{screen}"
    );
    // c, Enter: up to 10 more new cards today (2 are left), in a new session.
    press(&mut app, "c", now());
    assert!(screen_text(&mut app, 100, 30).contains("up to 10 more new (of 2 new here)"));
    press(&mut app, "\n", now());
    assert!(
        current(&app).is_some(),
        "the extra new cards are in the session"
    );
}

#[test]
fn f1_lists_a_dialogs_keys_over_it_and_closes_back_to_the_dialog() {
    let (mut app, _d) = app();
    press(&mut app, "c", now());
    key(&mut app, KeyCode::Down);
    press(&mut app, "5", now());
    key(&mut app, KeyCode::F(1));
    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("ctrl-u") && text.contains("clear the field"),
        "{text}"
    );
    // Keys close the list; they do not reach the form.
    key(&mut app, KeyCode::F(1));
    assert!(!app.help);
    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("New cards  105") && !text.contains("clear the field"),
        "{text}"
    );
    // In card info, ? works too (nothing is typed there).
    key(&mut app, KeyCode::Esc);
    press(&mut app, "bi?", now());
    let text = screen_text(&mut app, 100, 30);
    assert!(text.contains("take its leech tag off"), "{text}");
    press(&mut app, "?", now());
    assert!(matches!(app.modal, Some(Modal::Info(_))) && !app.help);
}
