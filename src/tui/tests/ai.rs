//! The AI interviewer in review, against the in-process OpenAI-compatible stub: a typed answer
//! graded with proposed ticks and quotes, the user's different grade recorded against the
//! proposal; the wait (spinner, Esc), a timeout and a server error falling back to self-scoring;
//! the consent question for a remote host; and with `[ai]` off, no keys and no connection.

use super::ai_stub::{Reply, Stub};
use crate::ai::AiConfig;
use crate::schedule::Grade;
use crate::study::Filter;
use crate::tui::test_support::*;
use std::time::{Duration as StdDuration, Instant};

const ANSWER: &str = "For a convex loss every local minimum is global. Gradient descent \
    converges at known rates. Adam always finds the global minimum.";

fn reply() -> String {
    r#"{"points":[
        {"id":"k1","verdict":"covered","quotes":["every local minimum is global"]},
        {"id":"k2","verdict":"partly","quotes":["converges at known rates"]}],
      "rubric":[],
      "errors":[{"quote":"Adam always finds the global minimum","why":"not on a non-convex loss"}],
      "next":"Learn the rates for convex and strongly convex losses."}"#
        .into()
}

fn cfg(endpoint: &str, timeout_secs: u64) -> AiConfig {
    AiConfig {
        endpoint: endpoint.into(),
        model: "stub-model".into(),
        timeout_secs,
        ..AiConfig::default()
    }
}

/// A review of the convexity card with `[ai]` set to `ai`.
fn review_with(ai: Option<AiConfig>) -> (App, tempfile::TempDir) {
    let (mut study, dir) = study_with(&[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]);
    study.settings.ai = ai;
    let filter = Filter {
        tag: Some("optimisation".into()),
        ..Filter::default()
    };
    let mut app = App::new(study, Start::Review(filter), Theme { color: false }, now()).unwrap();
    app.status = None;
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
    (app, dir)
}

fn type_answer(app: &mut App, answer: &str) {
    press(app, "t", now());
    press(app, answer, now());
    press(app, "\x1b", now());
}

/// Ticks the loop (real threads, fixed clock) until the model's work ends, for at most 20 s.
fn until_answered(app: &mut App, at: DateTime<Utc>) {
    let started = Instant::now();
    loop {
        app.tick(at).unwrap();
        let waiting = matches!(&app.screen, Screen::Review(r) if r.ai.asking());
        if !waiting {
            return;
        }
        assert!(
            started.elapsed() < StdDuration::from_secs(20),
            "the model never answered"
        );
        std::thread::sleep(StdDuration::from_millis(5));
    }
}

#[test]
fn a_typed_answer_gets_proposed_ticks_with_quotes_and_the_users_grade_is_recorded() {
    let stub = Stub::start(|_, _| Reply::Content(reply()));
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 10)));
    type_answer(&mut app, ANSWER);
    // Typed before the reveal, shown under the prompt.
    assert!(screen_text(&mut app, 80, 24).contains("── Your answer ──"));
    press(&mut app, "a", now());
    let waiting = screen_text(&mut app, 80, 24);
    assert!(
        waiting.contains("the model is grading your answer… 0 s · esc cancels"),
        "{waiting}"
    );
    until_answered(&mut app, now() + Duration::seconds(2));
    assert_eq!(stub.chat_calls(), 1);
    assert!(
        stub.user_message(0)
            .contains("Adam always finds the global minimum")
    );

    // The first frame after the proposal scrolls to the ticks.
    insta::assert_snapshot!("review_ai_proposal_80x24", draw(&mut app, 80, 24).backend());
    let text = screen_text(&mut app, 120, 40);
    for want in [
        "☑ local = global  covered (proposed)",
        "“every local minimum is global”",
        "◐ convergence rates  partly (proposed)",
        "“converges at known rates”",
        "✗ “Adam always finds the global minimum” — not on a non-convex loss",
        "Study next: Learn the rates for convex and strongly convex losses.",
        "Proposed grade: 3 Good (proposed)",
        "the model proposes 3 Good: press 1-4 to grade",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // The proposed grade's button is highlighted.
    let t = draw(&mut app, 80, 24);
    let buf = t.backend().buffer();
    let row: String = (0..80).map(|x| buf[(x, 23)].symbol()).collect();
    let x = row.find("3 Good").expect("the grade buttons") as u16;
    assert!(
        buf[(x, 23)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
    let two = row.find("2 Hard").unwrap() as u16;
    assert!(
        !buf[(two, 23)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );

    // The user decides: Hard, not the proposed Good.
    press(&mut app, "2", now() + Duration::seconds(30));
    // Graded: the card (back in a learning step) starts afresh, nothing proposed.
    assert!(matches!(&app.screen, Screen::Review(r) if !r.revealed && r.ai.proposal().is_none()));
    let log = app.study.store.card_log("fx-convexity").unwrap();
    assert_eq!(log.last().map(|(_, g)| *g), Some(Grade::Hard));
    let (proposal, chosen, overridden) = app.study.store.ai_judgement(1).unwrap().unwrap();
    assert!(
        proposal.contains("every local minimum is global"),
        "{proposal}"
    );
    assert!(proposal.contains("\"suggested_grade\":3"), "{proposal}");
    assert_eq!(chosen.as_deref(), Some("{\"grade\":2}"));
    assert_eq!(overridden, Some(true));
    let summary = app.study.store.ai_summary().unwrap();
    assert_eq!((summary.judgements, summary.decided), (1, 1));
    assert_eq!(summary.override_rate, Some(1.0));
}

#[test]
fn keeping_the_proposed_grade_is_not_an_override() {
    let stub = Stub::start(|_, _| Reply::Content(reply()));
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 10)));
    type_answer(&mut app, ANSWER);
    press(&mut app, "a", now());
    until_answered(&mut app, now());
    // On a large terminal the whole card fits: nothing scrolls away.
    insta::assert_snapshot!(
        "review_ai_proposal_120x40",
        draw(&mut app, 120, 40).backend()
    );
    press(&mut app, "3", now());
    assert_eq!(
        app.study.store.ai_summary().unwrap().override_rate,
        Some(0.0)
    );
}

#[test]
fn a_without_a_typed_answer_asks_for_one_and_sends_nothing() {
    let stub = Stub::start(|_, _| Reply::Content(reply()));
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 10)));
    press(&mut app, "a", now());
    assert_eq!(app.status.as_deref(), Some("type an answer first (t)"));
    press(&mut app, " a", now());
    assert_eq!(app.status.as_deref(), Some("type an answer first (t)"));
    app.tick(now()).unwrap();
    assert_eq!(stub.chat_calls(), 0);
}

#[test]
fn the_wait_shows_elapsed_seconds_and_esc_cancels_to_self_scoring() {
    let stub = Stub::start(|_, _| Reply::Hang(StdDuration::from_secs(5)));
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 30)));
    type_answer(&mut app, ANSWER);
    press(&mut app, "a", now());
    app.tick(now() + Duration::seconds(3)).unwrap();
    let text = screen_text(&mut app, 80, 24);
    assert!(
        text.contains("the model is grading your answer… 3 s · esc cancels"),
        "{text}"
    );
    press(&mut app, "\x1b", now() + Duration::seconds(4));
    assert!(
        matches!(&app.screen, Screen::Review(_)),
        "esc did not leave"
    );
    assert!(app.status.as_deref().unwrap().starts_with("cancelled"));
    press(&mut app, "4", now() + Duration::seconds(5));
    assert_eq!(app.study.store.card_log("fx-convexity").unwrap().len(), 1);
    assert_eq!(app.study.store.ai_summary().unwrap().judgements, 0);
}

#[test]
fn a_timeout_or_a_server_error_is_one_status_line_and_self_scoring() {
    let stub = Stub::start(|_, _| Reply::Hang(StdDuration::from_secs(4)));
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 1)));
    type_answer(&mut app, ANSWER);
    press(&mut app, "a", now());
    until_answered(&mut app, now());
    assert_eq!(
        app.status.as_deref(),
        Some("AI: the model took longer than 1 s (timeout_secs in [ai]); self-scoring instead")
    );

    let stub = Stub::start(|_, _| Reply::Status(500, "{\"error\":\"boom\"}".into()));
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 5)));
    type_answer(&mut app, ANSWER);
    press(&mut app, "a", now());
    until_answered(&mut app, now());
    let status = app.status.clone().unwrap();
    assert!(
        status.starts_with("AI: the model server answered HTTP 500"),
        "{status}"
    );
    assert!(status.ends_with("grade yourself with 1-4"), "{status}");
    press(&mut app, "3", now());
    assert_eq!(app.study.store.card_log("fx-convexity").unwrap().len(), 1);
}

#[test]
fn a_remote_endpoint_asks_once_before_anything_is_sent() {
    let (mut app, _d) = review_with(Some(cfg("http://ai.example.invalid:9/v1", 5)));
    type_answer(&mut app, ANSWER);
    press(&mut app, "a", now());
    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("Answers go to ai.example.invalid (not this machine). Send? y/n, asked once"),
        "{text}"
    );
    assert!(
        text.contains("y send") && text.contains("n don't send"),
        "{text}"
    );
    press(&mut app, "n", now());
    assert_eq!(
        app.status.as_deref(),
        Some("nothing was sent to ai.example.invalid; grade yourself with 1-4")
    );
    assert!(!app.study.store.ai_consented("ai.example.invalid").unwrap());
    press(&mut app, "a", now());
    press(&mut app, "y", now());
    assert!(app.study.store.ai_consented("ai.example.invalid").unwrap());
    assert!(matches!(&app.screen, Screen::Review(r) if r.ai.asking()));
    press(&mut app, "\x1b", now());
    // Agreed once: the next ask goes straight to the model.
    press(&mut app, "a", now());
    assert!(matches!(&app.screen, Screen::Review(r) if r.ai.asking()));
    press(&mut app, "\x1b", now());
}

#[test]
fn with_ai_off_there_are_no_ai_keys_and_no_connection() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let disabled = AiConfig {
        enabled: false,
        ..cfg(&url, 5)
    };
    for ai in [None, Some(disabled)] {
        let (mut app, _d) = review_with(ai);
        let before = screen_text(&mut app, 100, 30);
        assert!(
            !before.contains("t type") && !before.contains("AI grade"),
            "{before}"
        );
        press(&mut app, "ta", now());
        assert_eq!(
            screen_text(&mut app, 100, 30),
            before,
            "t or a did something"
        );
        press(&mut app, " a", now());
        app.tick(now()).unwrap();
        let after = screen_text(&mut app, 100, 30);
        assert!(!after.contains("AI grade") && !after.contains("Your answer"));
        press(&mut app, "?", now());
        let help = screen_text(&mut app, 100, 30);
        assert!(!help.contains("the model grades"), "{help}");
        press(&mut app, "?", now());
        assert!(app.status.is_none(), "{:?}", app.status);
    }
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "something connected"
    );
}

#[test]
fn with_ai_on_the_footer_and_help_show_the_keys() {
    let stub = Stub::start(|_, _| Reply::Content(reply()));
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 5)));
    let text = screen_text(&mut app, 80, 24);
    assert!(
        text.contains("t type") && text.contains("a AI grade"),
        "{text}"
    );
    press(&mut app, "?", now());
    let help = screen_text(&mut app, 100, 30);
    assert!(
        help.contains("the model grades your typed answer"),
        "{help}"
    );
    press(&mut app, "?t", now());
    let typing = screen_text(&mut app, 80, 24);
    assert!(typing.contains("Your answer (esc: done"), "{typing}");
    assert!(typing.contains("esc done typing"), "{typing}");
    // While typing, command letters are text.
    press(&mut app, "q1", now());
    assert!(matches!(&app.screen, Screen::Review(_)));
    assert_eq!(app.study.store.card_log("fx-convexity").unwrap().len(), 0);
}

#[test]
fn a_grade_that_is_not_saved_decides_nothing_until_it_is() {
    let stub = Stub::start(|_, _| Reply::Content(reply()));
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 10)));
    type_answer(&mut app, ANSWER);
    press(&mut app, "a", now());
    until_answered(&mut app, now());
    app.study.store.set_read_only_for_tests(true);
    press(&mut app, "1", now());
    assert!(app.status.as_deref().unwrap().contains("NOT saved"));
    app.study.store.set_read_only_for_tests(false);
    let (_, chosen, _) = app.study.store.ai_judgement(1).unwrap().unwrap();
    assert_eq!(chosen, None, "decided by a grade that was not saved");
    // The proposal is still on screen; the retry decides it.
    press(&mut app, "1", now());
    let (_, chosen, overridden) = app.study.store.ai_judgement(1).unwrap().unwrap();
    assert_eq!(chosen.as_deref(), Some("{\"grade\":1}"));
    assert_eq!(overridden, Some(true));
}

#[test]
fn a_second_a_explains_the_miss_below_the_proposal() {
    let stub = Stub::start(|body, _| {
        let system = body["messages"][0]["content"].as_str().unwrap_or("");
        if system.contains("what the candidate's answer got wrong") {
            Reply::Content(
                r#"{"explanation":"You claimed Adam always reaches the global minimum. On a non-convex loss nothing guarantees that; the reference only promises it for convex losses."}"#
                    .into(),
            )
        } else {
            Reply::Content(reply())
        }
    });
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 10)));
    type_answer(&mut app, ANSWER);
    press(&mut app, "a", now());
    until_answered(&mut app, now());
    assert!(screen_text(&mut app, 100, 30).contains("a explain"));
    press(&mut app, "a", now());
    let waiting = screen_text(&mut app, 100, 30);
    assert!(
        waiting.contains("the model is explaining the miss… 0 s · esc cancels"),
        "{waiting}"
    );
    until_answered(&mut app, now());
    assert_eq!(stub.chat_calls(), 2);
    let text = screen_text(&mut app, 120, 60);
    assert!(
        text.contains("What you missed: You claimed Adam always reaches the global minimum."),
        "{text}"
    );
    assert!(
        text.contains("Proposed grade: 3 Good"),
        "the proposal stays:\n{text}"
    );
    press(&mut app, "a", now());
    assert_eq!(
        app.status.as_deref(),
        Some("the model's explanation is below its proposal")
    );
    assert_eq!(stub.chat_calls(), 2, "asked once");
    // The user still grades; the judgement records it.
    press(&mut app, "3", now());
    assert_eq!(app.study.store.ai_summary().unwrap().decided, 1);
}

#[test]
fn a_fast_esc_then_a_read_as_alt_a_still_leaves_the_box_and_asks() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let stub = Stub::start(|_, _| Reply::Content(reply()));
    let (mut app, _d) = review_with(Some(cfg(&stub.url, 10)));
    press(&mut app, "t", now());
    press(&mut app, ANSWER, now());
    app.on_key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::ALT), now())
        .unwrap();
    assert!(matches!(&app.screen, Screen::Review(r) if !r.ai.typing && r.ai.asking()));
    until_answered(&mut app, now());
    assert_eq!(stub.chat_calls(), 1);
    assert!(matches!(&app.screen, Screen::Review(r) if r.ai.answer_text() == ANSWER));
}
