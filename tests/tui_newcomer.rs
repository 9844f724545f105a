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

#[test]
fn editing_a_shipped_card_forks_its_deck_and_keeps_history() {
    if !need(
        Tool::Tmux,
        "tui_newcomer::editing_a_shipped_card_forks_its_deck_and_keeps_history",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The "editor" renames the card's prompt in the file it is given.
    let editor = script(
        dir.path(),
        "ed.sh",
        &format!(
            "echo \"$@\" > {d}/args\nsed -i 's/^## Define precision, recall/## MY precision, recall/' \"$2\"\n",
            d = dir.path().display()
        ),
    );
    let t = Tmux::start(
        dir.path(),
        &format!(
            "EDITOR={} VISUAL= {} review --deck a-classification-metrics; echo exited-$?; sleep 30",
            editor.display(),
            bin()
        ),
    );
    t.wait_for("Define precision, recall");
    t.send(&["Space"]);
    t.wait_for("1 Again");
    // A grade before the fork: the history must survive it.
    t.send(&["3"]);
    t.wait_for("1 done");
    // First e (on the second card of the same deck): one message offering the fork; nothing is written yet.
    t.send(&["e"]);
    let s = t.wait_for("press e again");
    assert!(s.contains("ships with mlprep"), "{s}");
    let fork = dir
        .path()
        .join("data/content/breadth/a-classification-metrics.md");
    assert!(!fork.exists());
    t.send(&["e"]);
    t.wait_for("your copy replaces the shipped deck (same ids, history kept)");
    assert!(fork.is_file());
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    assert!(
        args.starts_with('+') && args.trim_end().ends_with("a-classification-metrics.md"),
        "the editor got the fork at the card's line: {args}"
    );
    assert!(
        std::fs::read_to_string(&fork)
            .unwrap()
            .contains("## MY precision, recall")
    );
    t.send(&["q"]);
    t.wait_for("exited-0");
    // The fork is loaded from the data directory next time, with the card's history.
    let out = mlprep(dir.path(), &["search", "MY precision"]);
    assert!(
        stdout(&out).contains("br-met-precision-recall"),
        "{}",
        stdout(&out)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&mlprep(dir.path(), &["stats", "--json"]).stdout).unwrap();
    assert_eq!(v["kinds"]["breadth"]["reviews_today"], 1, "{v}");
    assert_eq!(v["kinds"]["breadth"]["learning"], 1, "{v}");
}
