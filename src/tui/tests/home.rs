//! Home: kinds and decks with their counts.

use crate::tui::test_support::*;

#[test]
fn home_lists_kinds_and_decks_with_counts() {
    let (mut app, _d) = app();
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}
