//! The AI interviewer on the practice screen, against the in-process stub: the user types how
//! they would explain the solution, the model grades it against the key points with quotes, and
//! the user's grade is recorded against the model's proposal.

use super::ai_stub::{Reply, Stub};
use crate::ai::AiConfig;
use crate::tui::test_support::*;
use std::time::{Duration as StdDuration, Instant};

/// A coding card with key points (the practice fixture has none).
fn deck() -> String {
    FIXTURE_CODE.replace(
        "### Solution",
        "### Key points\n- one pass over the list\n- linear time, constant space\n\n### Solution",
    )
}

const EXPLANATION: &str = "I add the numbers in one pass over the list, so it is linear time.";

fn practice_app(ai: Option<AiConfig>) -> (App, tempfile::TempDir) {
    let (mut study, d) = study_with(&[("code.md", &deck())]);
    study.settings.ai = ai;
    let mut app = App::new(
        study,
        Start::Practice("fx-sum".into()),
        Theme { color: false },
        now(),
    )
    .unwrap();
    app.status = None;
    (app, d)
}

#[test]
fn a_typed_explanation_is_graded_and_the_users_grade_recorded_against_it() {
    let stub = Stub::start(|_, _| {
        Reply::Content(
            r#"{"points":[
                {"id":"k1","verdict":"covered","quotes":["one pass over the list"]},
                {"id":"k2","verdict":"partly","quotes":["linear time"]}],
              "rubric":[],"errors":[],"next":"Say the space cost too."}"#
                .into(),
        )
    });
    let (mut app, d) = practice_app(Some(AiConfig {
        endpoint: stub.url.clone(),
        model: "stub-model".into(),
        timeout_secs: 10,
        ..AiConfig::default()
    }));
    press(&mut app, "a", now());
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("type your explanation first")),
        "{:?}",
        app.status
    );
    press(&mut app, "t", now());
    press(&mut app, EXPLANATION, now());
    assert!(screen_text(&mut app, 100, 30).contains("your explanation · typing"));
    press(&mut app, "\x1ba", now());
    let started = Instant::now();
    while !matches!(&app.screen, Screen::Practice(p) if p.ai.proposal().is_some()) {
        app.tick(now()).unwrap();
        assert!(started.elapsed() < StdDuration::from_secs(20), "no reply");
        std::thread::sleep(StdDuration::from_millis(5));
    }
    assert!(stub.user_message(0).contains(EXPLANATION));
    // The workspace path is a temporary directory: masked so the snapshot is stable.
    let shown = screen_text(&mut app, 100, 30).replace(&*d.path().to_string_lossy(), "<tmp>");
    insta::assert_snapshot!("practice_ai_100x30", shown);
    let text = screen_text(&mut app, 100, 30);
    for want in [
        "☑ one pass over the list “one pass over the list”",
        "◐ linear time, constant space “linear time”",
        "Study next: Say the space cost too.",
        "the model: 1/2 key points in your explanation, proposes 3",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // The grade prompt names the model's proposal; the user picks Hard.
    press(&mut app, "g", now());
    assert!(screen_text(&mut app, 100, 30).contains("model on your explanation: 3"));
    press(&mut app, "2", now());
    let log = app.study.store.card_log("fx-sum").unwrap();
    assert_eq!(
        log.last().map(|(_, g)| *g),
        Some(crate::schedule::Grade::Hard)
    );
    let (proposal, chosen, overridden) = app.study.store.ai_judgement(1).unwrap().unwrap();
    assert!(proposal.contains("one pass over the list"), "{proposal}");
    assert_eq!(chosen.as_deref(), Some("{\"grade\":2}"));
    assert_eq!(overridden, Some(true));
}

#[test]
fn with_ai_off_practice_has_no_explanation_box() {
    let (mut app, _d) = practice_app(None);
    press(&mut app, "ta", now());
    let text = screen_text(&mut app, 100, 30);
    assert!(!text.contains("your explanation"), "{text}");
    assert!(!text.contains("AI grade"), "{text}");
    assert!(matches!(&app.screen, Screen::Practice(p) if !p.ai.typing));
}
