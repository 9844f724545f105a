//! Runner tests against real `python3`: right and wrong answers, and hostile code (infinite
//! loops, unbounded allocation, sys.exit, megabytes of output, import-time errors, syntax
//! errors). Skipped when python3 is absent, except under CI.

use super::*;
use crate::content::parse_deck;

fn python() -> bool {
    let ok = std::process::Command::new("python3")
        .arg("-c")
        .arg("pass")
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 is required under CI"
        );
        // Once, and past the test harness's capture, so a plain `cargo test` shows it.
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipped: practice::tests (the test runner against real code): needs python3"
            );
        });
    }
    ok
}

fn card(tests: &str, meta: &str) -> Card {
    let text = format!(
        "+++\ntitle = \"t\"\nkind = \"leetcode\"\n+++\n## Add {{#add}}\n{meta}\n### Answer\nx\n### Starter\n```python\ndef add(a, b):\n    raise NotImplementedError\n```\n### Tests\n```python\n{tests}\n```\n### Solution\n```python\ndef add(a, b):\n    return a + b\n```\n"
    );
    let (deck, problems) = parse_deck("t.md", text.as_bytes());
    assert!(problems.is_empty(), "{problems:?}");
    deck.unwrap().cards.remove(0)
}

const TESTS: &str = "def test_small():\n    assert_equal(add(1, 2), 3)\n\ndef test_negative():\n    assert_equal(add(-1, -2), -3)\n\ndef test_zero():\n    assert add(0, 0) == 0, 'zero plus zero'\n";

fn run(code: &str, tests: &str, meta: &str) -> (Report, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let c = card(tests, meta);
    let file = ensure_workspace(dir.path(), &c).unwrap();
    std::fs::write(&file, code).unwrap();
    let mut r = Run::start(
        &c,
        &file,
        RunConfig {
            python: "python3".into(),
            timeout: 3.0,
            memory_mb: 512,
            untrusted: Default::default(),
        },
    );
    let report = r.wait().clone();
    (report, dir)
}

#[test]
fn a_right_answer_passes_every_test() {
    if !python() {
        return;
    }
    let (r, _d) = run("def add(a, b):\n    return a + b\n", TESTS, "");
    assert!(r.all_passed(), "{r:?}");
    assert_eq!(r.total(), 3);
}

#[test]
fn a_wrong_answer_shows_expected_got_and_the_line() {
    if !python() {
        return;
    }
    let (r, _d) = run("def add(a, b):\n    x = a - b\n    return x\n", TESTS, "");
    assert_eq!(r.passed(), 1, "{r:?}");
    let small = &r.results[0];
    assert_eq!(small.status, Status::Fail);
    assert_eq!(small.message, "AssertionError: expected 3, got -1");
    let zero = &r.results[2];
    assert!(zero.status == Status::Pass);
    let (r, _d) = run("def add(a, b):\n    return a + b + 1\n", TESTS, "");
    assert!(
        r.results[2].message.contains("zero plus zero"),
        "{:?}",
        r.results[2]
    );
}

#[test]
fn an_exception_points_at_the_users_line() {
    if !python() {
        return;
    }
    let (r, _d) = run("def add(a, b):\n    return [a][b]\n", TESTS, "");
    let e = &r.results[0];
    assert_eq!(e.status, Status::Error);
    assert!(e.message.contains("IndexError"), "{e:?}");
    assert_eq!(e.line.as_ref().map(|l| l.0), Some(2));
}

#[test]
fn an_infinite_loop_times_out_without_hiding_other_tests() {
    if !python() {
        return;
    }
    let code =
        "def add(a, b):\n    if a == 1:\n        while True:\n            pass\n    return a + b\n";
    let (r, _d) = run(code, TESTS, "");
    assert_eq!(r.results[0].status, Status::Timeout, "{r:?}");
    assert_eq!(r.results[1].status, Status::Pass);
    assert_eq!(r.results[2].status, Status::Pass);
}

#[test]
fn code_that_ignores_the_timer_is_killed_and_the_run_resumes() {
    if !python() {
        return;
    }
    // Blocking every signal the harness could use: only the outer kill stops it.
    let code = "import signal, time\ndef add(a, b):\n    if a == 1:\n        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])\n        time.sleep(60)\n    return a + b\n";
    let (r, _d) = run(code, TESTS, "");
    assert_eq!(r.results[0].status, Status::Timeout, "{r:?}");
    assert_eq!(r.passed(), 2, "{r:?}");
}

#[test]
fn unbounded_allocation_is_stopped_by_the_memory_limit() {
    if !python() {
        return;
    }
    let code =
        "def add(a, b):\n    xs = []\n    while True:\n        xs.append(bytearray(10**7))\n";
    let (r, _d) = run(code, TESTS, "");
    assert!(
        r.results
            .iter()
            .all(|t| t.status == Status::Error || t.status == Status::Timeout),
        "{r:?}"
    );
    // Stopped by the memory limit (or, on a slow machine, by the timer first).
    assert!(
        r.results
            .iter()
            .any(|t| t.message.contains("MemoryError") || t.message.contains("process died")),
        "{r:?}"
    );
}

#[test]
fn sys_exit_and_huge_output_are_contained() {
    if !python() {
        return;
    }
    let code = "import sys\ndef add(a, b):\n    print('x' * 5_000_000)\n    if a == 1:\n        sys.exit(3)\n    return a + b\n";
    let (r, _d) = run(code, TESTS, "");
    assert_eq!(r.results[0].status, Status::Error);
    assert!(r.results[0].message.contains("sys.exit(3)"), "{r:?}");
    assert_eq!(r.results[1].status, Status::Pass);
    assert!(r.results[1].output.len() < 5000, "output is truncated");
    assert!(r.results[1].output.contains("more characters not shown"));
}

#[test]
fn import_time_errors_and_syntax_errors_fail_every_test_clearly() {
    if !python() {
        return;
    }
    let (r, _d) = run("raise RuntimeError('boom at import')\n", TESTS, "");
    assert!(
        r.results
            .iter()
            .all(|t| t.status == Status::Error && t.message.contains("boom at import")),
        "{r:?}"
    );
    let (r, _d) = run("def add(a, b)\n    return a + b\n", TESTS, "");
    assert!(
        r.results.iter().all(|t| t.message.contains("SyntaxError")),
        "{r:?}"
    );
    assert_eq!(r.results[0].line.as_ref().map(|l| l.0), Some(1));
}

#[test]
fn nothing_is_written_outside_the_workspace() {
    if !python() {
        return;
    }
    let (r, dir) = run("import os\ndef add(a, b):\n    return a + b\n", TESTS, "");
    assert!(r.all_passed());
    let mut files = Vec::new();
    fn walk(p: &std::path::Path, out: &mut Vec<String>, root: &std::path::Path) {
        for e in std::fs::read_dir(p).unwrap().flatten() {
            if e.path().is_dir() {
                walk(&e.path(), out, root);
            } else {
                out.push(e.path().strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    walk(dir.path(), &mut files, dir.path());
    files.sort();
    assert_eq!(
        files,
        vec![
            "workspace/add/.mlprep/harness.py",
            "workspace/add/.mlprep/tests.py",
            "workspace/add/solution.py"
        ]
    );
}

#[test]
fn a_missing_interpreter_or_module_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let c = card(TESTS, "");
    let file = ensure_workspace(dir.path(), &c).unwrap();
    let mut r = Run::start(
        &c,
        &file,
        RunConfig {
            python: "python3-not-installed-here".into(),
            timeout: 3.0,
            memory_mb: 512,
            untrusted: Default::default(),
        },
    );
    let f = r.wait().fatal.clone().unwrap();
    assert!(f.contains("was not found: install Python 3"), "{f}");
    if !python() {
        return;
    }
    let (r, _d) = run(
        "def add(a, b):\n    return a + b\n",
        TESTS,
        "requires: surely_not_a_module",
    );
    assert!(
        r.fatal
            .unwrap()
            .contains("python3 -m pip install surely_not_a_module")
    );
}

#[test]
fn the_workspace_keeps_the_users_code_until_reset() {
    let dir = tempfile::tempdir().unwrap();
    let c = card(TESTS, "");
    let file = ensure_workspace(dir.path(), &c).unwrap();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("raise NotImplementedError")
    );
    std::fs::write(&file, "mine").unwrap();
    ensure_workspace(dir.path(), &c).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    reset_workspace(dir.path(), &c).unwrap();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("raise NotImplementedError")
    );
}

#[test]
fn the_suggested_grade_follows_the_result() {
    let pass = Report {
        results: vec![TestResult {
            name: "t".into(),
            status: Status::Pass,
            message: String::new(),
            line: None,
            seconds: 0.0,
            output: String::new(),
            input: None,
            test_line: None,
        }],
        ..Report::default()
    };
    let fail = Report {
        results: vec![TestResult {
            status: Status::Fail,
            ..pass.results[0].clone()
        }],
        ..Report::default()
    };
    let e = |mins, hints, shown| Effort {
        elapsed: Duration::minutes(mins),
        hints,
        solution_shown: shown,
    };
    assert_eq!(suggested_grade(&pass, &e(5, 0, false), 25).0, Grade::Easy);
    assert_eq!(suggested_grade(&pass, &e(20, 1, false), 25).0, Grade::Good);
    assert_eq!(suggested_grade(&pass, &e(30, 0, false), 25).0, Grade::Hard);
    assert_eq!(suggested_grade(&pass, &e(10, 2, false), 25).0, Grade::Hard);
    assert_eq!(suggested_grade(&pass, &e(5, 0, true), 25).0, Grade::Again);
    assert_eq!(suggested_grade(&fail, &e(5, 0, false), 25).0, Grade::Again);
}

#[test]
fn missing_modules_names_only_what_cannot_be_imported() {
    if !python() {
        return;
    }
    let asked = ["sys".to_string(), "surely_not_a_module".to_string()];
    assert_eq!(
        super::missing_modules("python3", &asked),
        ["surely_not_a_module"]
    );
    assert!(super::missing_modules("python3-not-installed-here", &asked).is_empty());
}

#[test]
fn a_failure_shows_the_input_as_it_was_passed() {
    if !python() {
        return;
    }
    // The user's code sorts its argument in place; the input shown is the original list.
    let code = "def add(a, b):\n    a.sort()\n    return a[0] + b\n";
    let tests = "def test_list():\n    assert_equal(add([3, 1, 2], 1), 4)\n";
    let (r, _d) = run(code, tests, "");
    assert_eq!(r.results[0].status, Status::Fail, "{r:?}");
    assert_eq!(r.results[0].input.as_deref(), Some("add([3, 1, 2], 1)"));
    assert_eq!(
        r.results[0].test_line.as_deref(),
        Some("assert_equal(add([3, 1, 2], 1), 4)")
    );
}
