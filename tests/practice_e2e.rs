//! Practising a coding card as a user would, in tmux with EDITOR set to a script: a wrong
//! solution first (failures on screen), then a right one (all pass), a confirmed grade, and
//! both attempts in `practice --history`. Also `practice --run` exit codes.

mod common;
use common::*;

const DECK: &str = "+++\ntitle = \"Fixture coding\"\nkind = \"leetcode\"\n+++\n\n## Sum a list {#fx-sum}\ndifficulty: easy\nminutes: 10\n\nReturn the sum of `xs`.\n\n### Hints\n1. Loop and add.\n\n### Answer\nAdd them up: O(n).\n\n### Starter\n```python\ndef total(xs):\n    raise NotImplementedError\n```\n\n### Tests\n```python\ndef test_empty():\n    assert_equal(total([]), 0)\n\ndef test_some():\n    assert_equal(total([1, 2, 3]), 6)\n```\n\n### Solution\n```python\ndef total(xs):\n    return sum(xs)\n```\n";

#[test]
fn practise_wrong_then_right_then_grade() {
    if !need(
        Tool::Tmux,
        "practice_e2e::practise_wrong_then_right_then_grade",
    ) || !need(
        Tool::Python,
        "practice_e2e::practise_wrong_then_right_then_grade",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    write(&decks, "code.md", DECK.as_bytes());
    write(
        dir.path(),
        "wrong.py",
        b"def total(xs):\n    return len(xs)\n",
    );
    write(
        dir.path(),
        "right.py",
        b"def total(xs):\n    return sum(xs)\n",
    );
    let editor = script(
        dir.path(),
        "editor.sh",
        &format!(
            "if [ -f {d}/round2 ]; then cp {d}/right.py \"$1\"; else cp {d}/wrong.py \"$1\"; touch {d}/round2; fi\n",
            d = dir.path().display()
        ),
    );
    let flags = format!("--no-builtin --content {}", decks.display());
    let t = Tmux::start(
        dir.path(),
        &format!(
            "EDITOR={} {} {flags} practice fx-sum",
            editor.display(),
            bin()
        ),
    );
    let s = t.wait_for("1 of 2 tests pass");
    assert!(s.contains("✗ test_some"), "{s}");
    assert!(s.contains("expected 6, got 3"), "{s}");
    assert!(s.contains("input: total([1, 2, 3])"), "{s}");
    t.send(&["e"]);
    let s = t.wait_for("2 of 2 tests pass");
    assert!(
        s.contains("✓ test_empty") && s.contains("✓ test_some"),
        "{s}"
    );
    t.send(&["g"]);
    t.wait_for("suggested: ");
    t.send(&["Enter"]);
    std::thread::sleep(std::time::Duration::from_millis(500));

    let out = mlprep(
        dir.path(),
        &[
            "--no-builtin",
            "--content",
            decks.to_str().unwrap(),
            "practice",
            "fx-sum",
            "--history",
        ],
    );
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(
        text.starts_with("started "),
        "a header names the columns: {text}"
    );
    assert!(text.lines().nth(1).unwrap().contains("1/2"), "{text}");
    assert!(text.lines().nth(2).unwrap().contains("2/2"), "{text}");
    let out = mlprep(
        dir.path(),
        &[
            "--no-builtin",
            "--content",
            decks.to_str().unwrap(),
            "stats",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kinds"]["leetcode"]["reviews_today"], 1, "{v}");
}

#[test]
fn practice_run_prints_results_and_sets_the_exit_status() {
    if !need(
        Tool::Python,
        "practice_e2e::practice_run_prints_results_and_sets_the_exit_status",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    write(&decks, "code.md", DECK.as_bytes());
    let c = [
        "--no-builtin",
        "--content",
        decks.to_str().unwrap(),
        "practice",
        "fx-sum",
        "--run",
    ];
    // The fresh workspace holds the starter: every test errors.
    let out = mlprep(dir.path(), &c);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 of 2 tests pass"));
    assert!(stdout(&out).contains("NotImplementedError"));
    let file = dir.path().join("data/workspace/fx-sum/solution.py");
    std::fs::write(&file, "def total(xs):\n    return sum(xs)\n").unwrap();
    let out = mlprep(dir.path(), &c);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("2 of 2 tests pass"));
}
