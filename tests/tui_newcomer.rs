//! First-session TUI defects (issue 17) in a real terminal: direct commands return to the
//! shell on `q`, and the review header names the deck by its title.

mod common;
use common::*;

const DECK: &str = "+++\ntitle = \"Binary search drills\"\nkind = \"leetcode\"\n+++\n\n## Find a value {#fx-find}\n\nFind it.\n\n### Answer\nHalve the range.\n\n### Starter\n```python\ndef find(xs, x):\n    raise NotImplementedError\n```\n\n### Tests\n```python\ndef test_one():\n    assert_equal(find([1, 2], 2), 1)\n```\n\n### Solution\n```python\ndef find(xs, x):\n    return xs.index(x)\n```\n";

#[test]
fn review_of_one_deck_shows_its_title_and_q_returns_to_the_shell() {
    if !need(
        Tool::Tmux,
        "tui_newcomer::review_of_one_deck_shows_its_title_and_q_returns_to_the_shell",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    write(&decks, "a-binary-search.md", DECK.as_bytes());
    let t = Tmux::start(
        dir.path(),
        &format!(
            "{} --no-builtin --content {} review --deck a-binary-search; echo exited-$?; sleep 30",
            bin(),
            decks.display()
        ),
    );
    let s = t.wait_for("show answer");
    assert!(s.contains("Review · Binary search drills"), "{s}");
    assert!(!s.contains("a-binary-search.md"), "{s}");
    t.send(&["q"]);
    t.wait_for("exited-0");
}

#[test]
fn practice_started_from_the_shell_returns_to_it_on_q() {
    if !need(
        Tool::Tmux,
        "tui_newcomer::practice_started_from_the_shell_returns_to_it_on_q",
    ) || !need(
        Tool::Python,
        "tui_newcomer::practice_started_from_the_shell_returns_to_it_on_q",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    write(&decks, "a-binary-search.md", DECK.as_bytes());
    let t = Tmux::start(
        dir.path(),
        &format!(
            "EDITOR=true {} --no-builtin --content {} practice fx-find; echo exited-$?; sleep 30",
            bin(),
            decks.display()
        ),
    );
    t.wait_for("0 of 1 tests pass");
    t.send(&["q"]);
    let s = t.wait_for("exited-0");
    assert!(!s.contains("Home"), "{s}");
}
