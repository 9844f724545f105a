//! Browse: suspending a card removes it from the review session.

use crate::tui::test_support::*;

#[test]
fn a_suspended_card_leaves_the_review_session() {
    let (mut app, _d) = app();
    press(&mut app, "b", now());
    // Filter to new breadth cards via the text filter on the deck title.
    press(&mut app, "tbreadth\n", now());
    let Screen::Browse(b) = &app.screen else {
        panic!("not browsing")
    };
    assert_eq!(b.rows.len(), 2);
    let first = b.rows[0].clone();
    press(&mut app, "x", now());
    assert!(app.study.suspended.contains(&first));
    press(&mut app, "qr", now());
    let mut seen = Vec::new();
    while let Some(id) = current(&app) {
        seen.push(id);
        press(&mut app, " 4", now());
    }
    assert!(!seen.contains(&first), "{seen:?}");
    assert_eq!(seen.len(), 2);
}

#[test]
fn a_card_added_to_a_deck_on_disk_shows_in_the_open_browser() {
    let (mut app, d) = app_with(&[("breadth.md", FIXTURE)], Start::Home);
    press(&mut app, "b", now());
    assert!(!screen_text(&mut app, 100, 30).contains("Added in another editor"));
    let deck = d.path().join("breadth.md");
    let text = std::fs::read_to_string(&deck).unwrap()
        + "\n## Added in another editor {#fx-added-on-disk}\n\n### Answer\nYes.\n";
    std::fs::write(&deck, text).unwrap();
    app.tick(now() + Duration::seconds(3)).unwrap();
    assert!(matches!(app.screen, Screen::Browse(_)));
    let shown = screen_text(&mut app, 100, 30);
    assert!(shown.contains("Added in another editor"), "{shown}");
}
