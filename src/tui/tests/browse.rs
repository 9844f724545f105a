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
