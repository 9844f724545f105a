//! The AI interviewer in the real binary, in a real terminal (tmux), against the in-process
//! OpenAI-compatible stub: the wait shows a spinner while the screen stays live, the streamed
//! proposal arrives with its quotes, and the user's grade is recorded against it.

/// The stub is shared with `tests/ai.rs`; this test uses part of it.
#[allow(dead_code)]
#[path = "support/ai_stub.rs"]
mod ai_stub;
mod common;

use ai_stub::{Reply, Stub};
use common::*;
use std::time::Duration;

const DECK: &str = "+++\ntitle = \"AI e2e\"\nkind = \"breadth\"\n+++\n## Why does convexity matter for training? {#e2e-convex}\n### Answer\nFor a convex loss every local minimum is global.\n### Key points\n- every local minimum is global\n- convergence rates are known\n";

const REPLY: &str = r#"{"points":[
    {"id":"k1","verdict":"covered","quotes":["every local minimum is global"]},
    {"id":"k2","verdict":"missing","quotes":[]}],
  "rubric":[],"errors":[],"next":"Learn the convergence rates."}"#;

#[test]
fn the_real_binary_grades_a_typed_answer_without_blocking_the_screen() {
    if !need(
        Tool::Tmux,
        "ai_e2e::the_real_binary_grades_a_typed_answer_without_blocking_the_screen",
    ) {
        return;
    }
    // The model thinks for two seconds, then streams its reply in small pieces.
    let stub = Stub::start(|_, _| {
        std::thread::sleep(Duration::from_secs(2));
        Reply::Streamed(REPLY.into(), 12)
    });
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    write(&decks, "ai.md", DECK.as_bytes());
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[ai]\nendpoint = \"{}\"\nmodel = \"stub-model\"\ntimeout_secs = 20\n",
            stub.url
        ),
    )
    .unwrap();
    let t = Tmux::start(
        dir.path(),
        &format!(
            "{} --no-builtin --content {} review; echo exited-$?; sleep 30",
            bin(),
            decks.display()
        ),
    );
    t.wait_for("show answer");
    t.send(&["t"]);
    t.send(&["-l", "For a convex loss every local minimum is global."]);
    t.send(&["Escape"]);
    // Esc and `a` in one burst read as Alt-a: wait until typing has ended.
    t.wait_for("AI grade");
    t.send(&["a"]);
    let s = t.wait_for("the model is grading your answer");
    assert!(s.contains("esc cancels"), "{s}");
    // The clock on the status line moves while the model works: the loop is not blocked.
    t.wait_for("the model is grading your answer… 1 s");
    let s = t.wait_for("the model proposes");
    assert!(s.contains("covered (proposed)"), "{s}");
    assert!(s.contains("“every local minimum is global”"), "{s}");
    t.send(&["2"]);
    // Hard puts the card in a learning step: it comes back in this session; leave.
    t.wait_for("1 done");
    t.send(&["q"]);
    t.wait_for("exited-0");
    let out = mlprep(dir.path(), &["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ai"]["judgements"], 1, "{v}");
    assert_eq!(v["ai"]["decided"], 1, "{v}");
    assert_eq!(
        v["ai"]["overridden"], 1,
        "Hard against the proposed Good: {v}"
    );
    assert_eq!(stub.chat_calls(), 1);
}
