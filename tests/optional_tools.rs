//! Every test that needs a tool the README does not install (python3 and its modules, tmux)
//! goes through `tests/common`'s skip helper, so a fresh machine skips it with a one-line reason
//! and CI fails instead. This test reads `tests/` and fails on a direct spawn that bypasses it.

use std::path::Path;

/// Spellings of a direct spawn of an optional tool.
const FORBIDDEN: [&str; 4] = [
    "Command::new(\"python3\")",
    "Command::new(\"tmux\")",
    "\"python3\".into()",
    "\"python\".into()",
];

fn offending(text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let code = l.split("//").next().unwrap_or("");
            FORBIDDEN.iter().any(|f| code.contains(f))
        })
        .map(|(i, l)| format!("{}: {}", i + 1, l.trim()))
        .collect()
}

#[test]
fn no_test_spawns_python_or_tmux_without_the_skip_helper() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut bad = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("optional_tools.rs") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        for line in offending(&text) {
            bad.push(format!("{}:{line}", path.display()));
        }
    }
    assert!(
        seen >= 5,
        "read only {seen} test files from {}",
        dir.display()
    );
    assert!(
        bad.is_empty(),
        "spawn these through tests/common (`need(Tool::…)`, `python()`, `Tmux::start`):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_catches_a_direct_spawn() {
    assert_eq!(
        offending("let a = 1;\n    let o = Command::new(\"python3\").arg(\"-c\");\n").len(),
        1
    );
    assert!(offending("// Command::new(\"tmux\") in a comment\n").is_empty());
}
