//! Home: kinds and decks with their counts.

use crate::tui::test_support::*;

#[test]
fn home_lists_kinds_and_decks_with_counts() {
    let (mut app, _d) = app();
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

/// Two cards asked at Amazon (spelt two ways) and one at Meta.
const COMPANIES: &str = "+++
title = \"Company breadth\"
kind = \"breadth\"
+++

## What is a precision-recall curve? {#co-pr}
companies: Amazon

### Answer
Precision against recall as the threshold moves.

## What is calibration? {#co-cal}
companies: amazon, Meta, AMAZON

### Answer
Predicted probabilities match observed frequencies.

## What is dropout? {#co-drop}

### Answer
Random units zeroed during training.
";

#[test]
fn each_company_gets_a_row_and_enter_reviews_only_its_cards() {
    let (mut app, _d) = app_with(&[("co.md", COMPANIES)], Start::Home);
    let text = screen_text(&mut app, 100, 30);
    let amazon = text
        .lines()
        .find(|l| l.contains("Asked at Amazon"))
        .unwrap_or_else(|| panic!("no Amazon row in\n{text}"));
    assert!(amazon.contains(" 2 "), "two new cards: {amazon}");
    let meta = text.find("Asked at Meta").expect("a Meta row");
    assert!(
        text.find("Asked at Amazon").unwrap() < meta,
        "most cards first"
    );
    let rows = match &app.screen {
        Screen::Home(h) => {
            // Counted in the one pass over the cards, as a filtered count would count them.
            for r in h.rows.iter().filter(|r| r.filter.company.is_some()) {
                assert_eq!(r.counts, app.study.counts(&r.filter, now()), "{}", r.label);
            }
            h.rows.len()
        }
        _ => unreachable!(),
    };
    press(&mut app, &"j".repeat(rows - 2), now());
    press(&mut app, "\n", now());
    let mut seen = Vec::new();
    while let Some(id) = current(&app) {
        seen.push(id);
        press(&mut app, " 4", now());
    }
    seen.sort();
    assert_eq!(seen, vec!["co-cal", "co-pr"]);
}
