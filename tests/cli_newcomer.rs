//! CLI defects a newcomer met in a first session (issue 17): each test runs the real binary as
//! the user did and checks what they would see.

mod common;
use common::*;

const MY_LOOP: &str = "name = \"My loop\"\ndescription = \"one shipped card\"\n\n[[rounds]]\ntitle = \"Coding\"\nrubric = \"leetcode\"\n\n[[rounds.segments]]\ntitle = \"Two sum\"\nminutes = 20\nkinds = [\"leetcode\"]\ncards = 1\nids = [\"lc-two-sum\"]\n";

#[test]
fn check_of_a_user_folder_resolves_loop_ids_against_the_shipped_decks() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    write(&mine, "loops/my.toml", MY_LOOP.as_bytes());
    let out = mlprep(dir.path(), &["check", mine.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(!stdout(&out).contains("lc-two-sum"), "{}", stdout(&out));
    // Without the shipped decks the id is unknown, and said so.
    let out = mlprep(
        dir.path(),
        &["--no-builtin", "check", mine.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("lc-two-sum"), "{}", stdout(&out));
}

const CODING: &str = "+++\ntitle = \"Fixture coding\"\nkind = \"leetcode\"\n+++\n\n## Sum a list {#fx-sum}\n\nReturn the sum of `xs`.\n\n### Answer\nAdd them up.\n\n### Starter\n```python\ndef total(xs):\n    raise NotImplementedError\n```\n\n### Tests\n```python\ndef test_empty():\n    assert_equal(total([]), 0)\n\ndef test_some():\n    assert_equal(total([1, 2, 3]), 6)\n\ndef test_plain():\n    assert len([1]) == 2\n```\n\n### Solution\n```python\ndef total(xs):\n    return sum(xs)\n```\n\n## Needs a module {#fx-needs}\nrequires: surely_not_a_module\n\nAnything.\n\n### Answer\nx\n\n### Starter\n```python\ndef f():\n    pass\n```\n\n### Tests\n```python\ndef test_f():\n    assert_equal(f(), 1)\n```\n\n### Solution\n```python\ndef f():\n    return 1\n```\n";

fn practice(dir: &std::path::Path, rest: &[&str]) -> std::process::Output {
    let decks = dir.join("decks");
    write(&decks, "code.md", CODING.as_bytes());
    let mut args = vec![
        "--no-builtin",
        "--content",
        decks.to_str().unwrap(),
        "practice",
    ];
    args.extend_from_slice(rest);
    mlprep(dir, &args)
}

#[test]
fn a_mistyped_practice_id_suggests_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), &["practice", "lc-two-summ"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `lc-two-sum`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_failing_test_shows_its_input_and_output_keeps_line_breaks() {
    if !need(
        Tool::Python,
        "cli_newcomer::a_failing_test_shows_its_input_and_output_keeps_line_breaks",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data/workspace/fx-sum/solution.py");
    drop(practice(dir.path(), &["fx-sum", "--run"]));
    std::fs::write(
        &file,
        "def total(xs):\n    print('adding', xs)\n    print('done')\n    return len(xs)\n",
    )
    .unwrap();
    let out = practice(dir.path(), &["fx-sum", "--run"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("expected 6, got 3"), "{text}");
    assert!(text.contains("input: total([1, 2, 3])"), "{text}");
    assert!(
        text.contains("output:\n         | adding [1, 2, 3]\n         | done\n"),
        "{text}"
    );
    // A failing line with no call into the user's code names the test's line.
    assert!(text.contains("in the test: assert len([1]) == 2"), "{text}");
}

#[test]
fn practice_history_has_a_header_and_marks_a_shown_solution() {
    let dir = tempfile::tempdir().unwrap();
    drop(practice(dir.path(), &["fx-sum", "--history"]));
    let report = mlprep::practice::Report::default();
    let mut store = mlprep::store::Store::open(&dir.path().join("mlprep.db")).unwrap();
    for shown in [false, true] {
        let now = chrono::Utc::now();
        store
            .record_attempt(&mlprep::store::AttemptInput {
                card_id: "fx-sum",
                started_at: now,
                finished_at: now,
                report: &report,
                effort: mlprep::practice::Effort {
                    elapsed: chrono::Duration::minutes(3),
                    hints: 1,
                    solution_shown: shown,
                },
                source: "practice",
            })
            .unwrap();
    }
    drop(store);
    let text = stdout(&practice(dir.path(), &["fx-sum", "--history"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for col in ["started", "tests", "result", "time", "hints", "solution"] {
        assert!(lines[0].contains(col), "{text}");
    }
    assert!(lines[1].ends_with(" -"), "{text}");
    assert!(lines[2].ends_with(" SHOWN"), "{text}");
}

#[test]
fn a_card_needing_a_missing_module_says_so_before_the_editor_opens() {
    if !need(
        Tool::Tmux,
        "cli_newcomer::a_card_needing_a_missing_module_says_so_before_the_editor_opens",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    write(&decks, "code.md", CODING.as_bytes());
    let opened = dir.path().join("editor-opened");
    let editor = script(
        dir.path(),
        "editor.sh",
        &format!("touch {}\n", opened.display()),
    );
    let t = Tmux::start(
        dir.path(),
        &format!(
            "EDITOR={} {} --no-builtin --content {} practice fx-needs",
            editor.display(),
            bin(),
            decks.display()
        ),
    );
    let s = t.wait_for("needs the Python module surely_not_a_module");
    assert!(s.contains("install: `python3 -m"), "{s}");
    assert!(s.contains("e: write your solution anyway"), "{s}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        !opened.exists(),
        "the editor waits until the user has read it"
    );
    t.send(&["e"]);
    let start = std::time::Instant::now();
    while !opened.exists() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "{}",
            t.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn the_story_bank_names_its_principle_set_and_takes_another() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    let story = "+++\ntitle = \"Shipped the fix\"\nlp = [\"ship-it\", \"be-kind\"]\n+++\n## Situation\nA lab.\n## Task\nMine.\n## Action\nI fixed it.\n## Result\nIt worked.\n## Reflection\nTest first.\n## Metrics\n2x.\n## Follow-up answers\nNone.\n";
    write(&mine, "stories/fix.md", story.as_bytes());
    let c = ["--content", mine.to_str().unwrap()];
    // Amazon's set by default: the story's principles are unknown, and check says which set.
    let out = mlprep(dir.path(), &[&c[..], &["stories"]].concat());
    let text = stdout(&out);
    assert!(
        text.contains("1 story, 0 dossiers, mapped to Amazon's 16 Leadership Principles"),
        "{text}"
    );
    assert!(
        text.contains("`ship-it` is not one of Amazon's 16 Leadership Principles"),
        "{text}"
    );
    write(
        &mine,
        "principles.toml",
        b"name = \"Acme values\"\nprinciples = [\"ship-it\", \"be-kind\", \"think-long\"]\n",
    );
    let out = mlprep(dir.path(), &[&c[..], &["stories"]].concat());
    let text = stdout(&out);
    assert!(text.contains("mapped to Acme values (from "), "{text}");
    assert!(
        text.contains("ok   ship-it") || text.contains("thin ship-it"),
        "{text}"
    );
    assert!(text.contains("GAP  think-long"), "{text}");
    assert!(!text.contains("ownership"), "{text}");
    let out = mlprep(dir.path(), &["check", mine.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn check_warns_about_a_story_still_full_of_template_text() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    let template = stdout(&mlprep(dir.path(), &["template", "story"]));
    write(&mine, "stories/copied.md", template.as_bytes());
    let dossier = stdout(&mlprep(dir.path(), &["template", "dossier"]));
    write(&mine, "projects/p.md", dossier.as_bytes());
    let out = mlprep(dir.path(), &["check", mine.to_str().unwrap()]);
    let text = stdout(&out);
    for f in ["copied.md", "p.md"] {
        assert!(
            text.lines()
                .any(|l| l.contains(f) && l.contains("warning: still mostly the template's text")),
            "{f}: {text}"
        );
    }
}
