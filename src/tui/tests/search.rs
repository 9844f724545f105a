//! Search: typo-tolerant results, and lazily held decks read one at a time.

use crate::tui::test_support::*;

#[test]
fn search_finds_a_misspelt_word_and_opens_the_card() {
    let (mut app, _d) = app();
    press(&mut app, "/convaxity", now());
    let screen = screen_text(&mut app, 100, 30);
    assert!(screen.contains("Why does convexity matter"), "{screen}");
    app.on_key(KeyEvent::from(KeyCode::Enter), now()).unwrap();
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
    press(&mut app, " 3", now());
    assert_eq!(app.study.store.card_log("fx-convexity").unwrap().len(), 1);
    press(&mut app, "\x1b", now());
    assert!(
        matches!(app.screen, Screen::Search(_)),
        "back to the search"
    );
}

#[test]
fn large_libraries_keep_text_on_disk_and_read_it_when_a_card_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("breadth.md"), FIXTURE).unwrap();
    let mut settings = Settings::with_roots(
        vec![ContentRoot::Dir(dir.path().to_path_buf())],
        dir.path().join("m.db"),
    );
    settings.lazy_text_bytes = 0; // every library counts as large
    let study = Study::open(settings, now()).unwrap();
    assert!(study.lazy_text);
    assert_eq!(
        study.card("fx-convexity").unwrap().answer(),
        "",
        "text is not held"
    );
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    press(&mut app, "r", now());
    draw(&mut app, 80, 24);
    press(&mut app, "h ", now());
    let screen = screen_text(&mut app, 80, 24);
    assert!(
        screen.contains("What does a local minimum guarantee?"),
        "{screen}"
    );
    assert!(screen.contains("every local minimum is"), "{screen}");
    // Search reads the decks one at a time, on a worker: the screen answers keys meanwhile,
    // and what was typed is answered when the index lands, words from answers included.
    press(&mut app, "/", now());
    press(&mut app, "grad", now());
    if app.search_building() {
        let text = screen_text(&mut app, 100, 30);
        assert!(text.contains("reading the decks for search"), "{text}");
    }
    let start = std::time::Instant::now();
    while app.search_building() {
        assert!(start.elapsed().as_secs() < 20, "the index never arrived");
        std::thread::sleep(std::time::Duration::from_millis(5));
        app.tick(now()).unwrap();
    }
    let Screen::Search(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.query, "grad");
    assert_eq!(s.selected(), Some("fx-convexity"));
    let text = screen_text(&mut app, 100, 30);
    assert!(text.contains("Why does convexity matter"), "{text}");
    // Leaving and coming back reuses the index: no second build.
    press(&mut app, "\x1b/", now());
    assert!(!app.search_building());
}
