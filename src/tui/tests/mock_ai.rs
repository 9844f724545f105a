//! The AI interviewer on the mock screens and in the depth drill, against the in-process stub:
//! proposed ticks and row scores with their quotes on the round review, the user taking some
//! and overriding one, the stored judgement holding both; a follow-up made from the answer; a
//! question about the user's own decisions in the drill; and with `[ai]` off, no key does
//! anything and nothing connects.

use super::ai_stub::{Reply, Stub};
use crate::ai::AiConfig;
use crate::mock::loops::load_loops;
use crate::mock::plan::plan;
use crate::mock::session::Phase;
use crate::tui::test_support::*;
use std::time::{Duration as StdDuration, Instant};

const DECK: &str = "+++
title = \"Mock AI breadth\"
kind = \"breadth\"
+++

## Why does convexity matter for training? {#mai-convexity}
difficulty: easy

### Answer
For a convex loss every local minimum is global, and gradient descent has known rates.

### Key points
- every local minimum is global
- convergence rates are known
";

const LOOP: &str = "name = \"One breadth\"\n[[rounds]]\ntitle = \"Breadth\"\nrubric = \"breadth\"\n[[rounds.segments]]\ntitle = \"Quick questions\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 1\n";

const ANSWER: &str = "Every local minimum is global for a convex loss.";

fn grading() -> String {
    r#"{"points":[
        {"id":"k1","verdict":"covered","quotes":["Every local minimum is global"]},
        {"id":"k2","verdict":"missing","quotes":[]}],
      "rubric":[
        {"row":"r1","score":3,"reason":"states the central fact"},
        {"row":"r2","score":4,"reason":"clear and short"}],
      "errors":[],
      "next":"Learn the convergence rates."}"#
        .into()
}

fn cfg(url: &str) -> Option<AiConfig> {
    Some(AiConfig {
        endpoint: url.into(),
        model: "stub-model".into(),
        timeout_secs: 10,
        ..AiConfig::default()
    })
}

/// A started one-card mock with `[ai]` set to `ai`, the answer typed.
fn answered_mock(ai: Option<AiConfig>) -> (App, tempfile::TempDir) {
    answered_mock_of(DECK, ai)
}

fn answered_mock_of(deck: &str, ai: Option<AiConfig>) -> (App, tempfile::TempDir) {
    let (mut study, dir) = study_with(&[("breadth.md", deck)]);
    std::fs::create_dir_all(dir.path().join("loops")).unwrap();
    std::fs::write(dir.path().join("loops/one.toml"), LOOP).unwrap();
    study.reload(now()).unwrap();
    study.settings.ai = ai;
    let (loops, problems) = load_loops(&study.library);
    assert!(problems.is_empty(), "{problems:?}");
    let p = plan(
        &loops[0],
        &study.mock_pool(now()),
        &Default::default(),
        3,
        false,
    );
    let mut app = App::new(
        study,
        Start::Mock(Box::new(p)),
        Theme { color: false },
        now(),
    )
    .unwrap();
    press(&mut app, "\n", now());
    press(&mut app, ANSWER, now());
    (app, dir)
}

fn mock(app: &App) -> &crate::tui::screens::mock::MockState {
    match &app.screen {
        Screen::Mock(m) => m,
        _ => panic!("not in the mock"),
    }
}

/// Ticks until `done` holds (real worker threads, fixed clock), for at most 20 s.
fn until(app: &mut App, done: impl Fn(&App) -> bool) {
    let started = Instant::now();
    while !done(app) {
        app.tick(now()).unwrap();
        assert!(
            started.elapsed() < StdDuration::from_secs(20),
            "the model never answered; status {:?}",
            app.status
        );
        std::thread::sleep(StdDuration::from_millis(5));
    }
}

#[test]
fn a_mock_round_shows_proposals_with_quotes_and_records_the_users_override() {
    let stub = Stub::start(|_, _| Reply::Content(grading()));
    let (mut app, _d) = answered_mock(cfg(&stub.url));
    press(&mut app, "\x1b", now());
    press(&mut app, "n", now());
    assert_eq!(mock(&app).run.phase, Phase::Review { round: 0 });
    assert!(screen_text(&mut app, 100, 30).contains("a AI proposal"));
    press(&mut app, "a", now());
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("the model is grading the answer")),
        "{:?}",
        app.status
    );
    until(&mut app, |a| mock(a).run.items[0].ai.is_some());
    assert_eq!(stub.chat_calls(), 1);
    let sent = stub.user_message(0);
    assert!(sent.contains(ANSWER), "the answer is sent: {sent}");
    assert!(
        sent.contains("r1: Communication") || sent.contains("r1: "),
        "the segment's rubric rows are sent: {sent}"
    );
    // The checklist is pre-ticked, each point with what the model said and its quote.
    assert_eq!(mock(&app).run.items[0].checklist, vec![true, false]);
    insta::assert_snapshot!("mock_ai_cards_100x30", draw(&mut app, 100, 30).backend());
    let text = screen_text(&mut app, 100, 30);
    for want in [
        "[x] every local minimum is global  · AI: covered",
        "“Every local minimum is global”",
        "AI · study next: Learn the convergence rates.",
        "[ ] convergence rates are known  · AI: missing",
        "the model proposes 1/2 key points",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // The rubric: proposed scores wait for the user; under 80% covered caps 4 at 3.
    press(&mut app, "n", now());
    let text = screen_text(&mut app, 100, 30);
    assert!(text.contains("proposed 3 · y takes it"), "{text}");
    assert!(text.contains("AI proposes 3:"), "{text}");
    assert!(text.contains("states the central fact"), "{text}");
    let round = 0;
    assert_eq!(
        mock(&app).run.unscored(round).len(),
        mock(&app).run.rubric_view(round).len(),
        "a proposal is not a score"
    );
    insta::assert_snapshot!("mock_ai_rubric_100x30", draw(&mut app, 100, 30).backend());
    // Take both proposals, then score the rest, then override the first row with 2.
    press(&mut app, "Y", now());
    let view = mock(&app).run.rubric_view(round);
    assert_eq!(view[0].score, crate::mock::score::RowScore::Scored(3));
    assert_eq!(
        view[1].score,
        crate::mock::score::RowScore::Scored(3),
        "the cap holds"
    );
    press(&mut app, "\n", now());
    score_rubric(&mut app, '3', now());
    press(&mut app, &"k".repeat(20), now());
    press(&mut app, "2", now());
    assert!(screen_text(&mut app, 100, 30).contains("(proposed 3; yours stands)"));
    press(&mut app, "\n", now());
    assert_ne!(mock(&app).run.phase, Phase::Review { round: 0 });
    // The stored judgement holds the model's proposal and the user's choice.
    let summary = app.study.store.ai_summary().unwrap();
    assert_eq!((summary.judgements, summary.decided), (1, 1));
    assert_eq!(summary.override_rate, Some(1.0));
    let (proposal, chosen, overridden) = app.study.store.ai_judgement(1).unwrap().unwrap();
    assert!(
        proposal.contains("Every local minimum is global"),
        "{proposal}"
    );
    let chosen: serde_json::Value = serde_json::from_str(&chosen.unwrap()).unwrap();
    assert_eq!(chosen["rubric"]["r1"], 2, "{chosen}");
    assert_eq!(chosen["rubric"]["r2"], 3, "{chosen}");
    assert_eq!(chosen["ticks"], serde_json::json!([true, false]));
    assert_eq!(overridden, Some(true));
    assert_eq!(
        app.study.store.card_log("mai-convexity").unwrap().len(),
        1,
        "the card is graded into the schedule"
    );
}

#[test]
fn a_follow_up_made_from_the_answer_is_asked_before_the_review() {
    let stub = Stub::start(|_, _| {
        Reply::Content(r#"{"question":"Why does convexity give that guarantee?"}"#.into())
    });
    let (mut app, _d) = answered_mock(cfg(&stub.url));
    press(&mut app, "\x1b", now());
    press(&mut app, "a", now());
    until(&mut app, |a| {
        matches!(mock(a).run.phase, Phase::FollowUp { .. })
    });
    assert!(stub.user_message(0).contains(ANSWER));
    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("Why does convexity give that guarantee?"),
        "{text}"
    );
    assert!(
        mock(&app).typing,
        "the answer box is ready for the follow-up"
    );
    press(&mut app, "Because a chord lies above the curve.", now());
    press(&mut app, "\x1b", now());
    press(&mut app, "n", now());
    assert_eq!(mock(&app).run.phase, Phase::Review { round: 0 });
    let f = &mock(&app).run.items[0].follow_ups[0];
    assert_eq!(f.question, "Why does convexity give that guarantee?");
    assert!(f.handled());
}

#[test]
fn with_ai_off_the_mock_ai_keys_are_inert_and_hidden() {
    let (mut app, _d) = answered_mock(None);
    press(&mut app, "\x1ba", now());
    assert_eq!(mock(&app).run.phase, Phase::Answering);
    assert!(!screen_text(&mut app, 100, 30).contains("AI follow-up"));
    press(&mut app, "n", now());
    press(&mut app, "a", now());
    app.tick(now()).unwrap();
    assert!(mock(&app).run.items[0].ai.is_none());
    assert_eq!(app.status, None, "nothing nags");
    let text = screen_text(&mut app, 100, 30);
    assert!(!text.contains("AI proposal"), "{text}");
    press(&mut app, "n", now());
    press(&mut app, "y", now());
    let view = mock(&app).run.rubric_view(0);
    assert!(
        view.iter()
            .all(|v| v.score == crate::mock::score::RowScore::Unscored)
    );
    assert!(!screen_text(&mut app, 100, 30).contains("take proposal"));
}

#[test]
fn the_drill_asks_about_the_users_own_decisions_from_the_dossier() {
    let stub = Stub::start(|_, _| {
        Reply::Content(r#"{"question":"Why LightGBM rather than a deep model?"}"#.into())
    });
    let (mut app, _d) = own_app();
    app.study.settings.ai = cfg(&stub.url);
    press(&mut app, "d", now());
    press(&mut app, "\n", now());
    assert!(screen_text(&mut app, 100, 30).contains("a AI question"));
    press(&mut app, "a", now());
    until(
        &mut app,
        |a| matches!(&a.screen, Screen::Drill(d) if d.ai_asked.is_some()),
    );
    let sent = stub.user_message(0);
    assert!(
        sent.contains("GBDT over a two-tower DNN."),
        "the dossier goes in as data: {sent}"
    );
    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("Interviewer (AI): Why LightGBM rather than a deep model?"),
        "{text}"
    );
    assert!(
        sent.contains("Rank jobs for applicants."),
        "the whole dossier: {sent}"
    );
    // Answering the level moves on; the question belonged to it.
    press(&mut app, "\n", now());
    assert!(!screen_text(&mut app, 100, 30).contains("Interviewer (AI)"));
}

#[test]
fn a_remote_endpoint_asks_once_on_the_status_line_before_a_mock_answer_is_sent() {
    // A name that never resolves: after `y` the request fails with a status line.
    let (mut app, _d) = answered_mock(cfg("http://ai.example.invalid:9/v1"));
    press(&mut app, "\x1bn", now());
    press(&mut app, "a", now());
    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("Answers go to ai.example.invalid (not this machine). Send? y sends"),
        "{text}"
    );
    press(&mut app, "n", now());
    assert_eq!(
        app.status.as_deref(),
        Some("nothing was sent to ai.example.invalid")
    );
    assert!(!app.study.store.ai_consented("ai.example.invalid").unwrap());
    assert_eq!(
        mock(&app).run.phase,
        Phase::Review { round: 0 },
        "n did not move on"
    );
    press(&mut app, "a", now());
    press(&mut app, "y", now());
    assert!(app.study.store.ai_consented("ai.example.invalid").unwrap());
    until(&mut app, |a| {
        a.status.as_deref().is_some_and(|s| s.starts_with("AI: "))
    });
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .ends_with("tick and score yourself"),
        "{:?}",
        app.status
    );
    assert!(mock(&app).run.items[0].ai.is_none());
}

#[test]
fn the_interviewer_adds_a_follow_up_from_the_answer_after_the_written_one() {
    let stub = Stub::start(|_, _| {
        Reply::Content(r#"{"question":"Why does convexity give that guarantee?"}"#.into())
    });
    let deck = format!("{DECK}\n### Follow-ups\n- Is a deep net's loss convex? No: many minima.\n");
    let (mut app, _d) = answered_mock_of(&deck, cfg(&stub.url));
    press_ctrl_n(&mut app);
    assert_eq!(mock(&app).run.phase, Phase::FollowUp { item: 0, index: 0 });
    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("Interviewer: Is a deep net's loss convex?"),
        "{text}"
    );
    assert!(
        !text.contains("many minima"),
        "the written answer is not shown: {text}"
    );
    // The request runs on its own: Esc still leaves the answer box, and no spinner shows.
    press(&mut app, "\x1b", now());
    assert!(!mock(&app).typing, "Esc went to the answer box");
    assert!(
        !app.status.as_deref().unwrap_or("").contains("esc cancels"),
        "{:?}",
        app.status
    );
    until(&mut app, |a| {
        a.status.as_deref() == Some("the interviewer has one more question after this one")
    });
    press(&mut app, "i", now());
    press(&mut app, "Not convex.", now());
    press_ctrl_n(&mut app);
    assert_eq!(mock(&app).run.phase, Phase::FollowUp { item: 0, index: 1 });
    assert!(
        screen_text(&mut app, 100, 30)
            .contains("Interviewer: Why does convexity give that guarantee?")
    );
    assert_eq!(stub.chat_calls(), 1);
}

#[test]
fn a_remote_endpoint_gets_no_follow_up_the_user_did_not_agree_to() {
    let deck = format!("{DECK}\n### Follow-ups\n- Is a deep net's loss convex?\n");
    let (mut app, _d) = answered_mock_of(&deck, cfg("http://ai.example.invalid:9/v1"));
    press_ctrl_n(&mut app);
    assert_eq!(mock(&app).run.phase, Phase::FollowUp { item: 0, index: 0 });
    assert_eq!(app.status, None, "no consent question while typing");
    press(&mut app, "y", now());
    assert!(
        !app.study.store.ai_consented("ai.example.invalid").unwrap(),
        "a typed y is text, not consent"
    );
}

fn press_ctrl_n(app: &mut App) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.on_key(
        KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL),
        now(),
    )
    .unwrap();
}
