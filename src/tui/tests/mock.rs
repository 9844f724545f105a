//! Mock screens driven by synthetic keys with a fake clock: plan, a counting segment with
//! overtime, round review with checklist and capped rubric, report; snapshots at 80x24 and a
//! resize to 60x20.

use crate::mock::loops::load_loops;
use crate::mock::plan::plan;
use crate::mock::session::Phase;
use crate::tui::app::{App, Screen, Start};
use crate::tui::test_support::{FIXTURE, FIXTURE_CODE, now, score_rubric, study_with};
use crate::tui::theme::Theme;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const LOOP: &str = "name = \"Fixture loop\"\ndescription = \"A short loop for tests.\"\n\n[[rounds]]\ntitle = \"Coding\"\n\n[[rounds.segments]]\ntitle = \"Intro\"\nminutes = 2\nprompt = \"Say hello.\"\n\n[[rounds.segments]]\ntitle = \"Code it\"\nminutes = 10\nkinds = [\"leetcode\"]\n\n[[rounds]]\ntitle = \"Breadth\"\nrubric = \"breadth\"\n\n[[rounds.segments]]\ntitle = \"Quick questions\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 1\n";

fn mock_app() -> (App, tempfile::TempDir) {
    let (study, dir) = study_with(&[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]);
    std::fs::create_dir_all(dir.path().join("loops")).unwrap();
    std::fs::write(dir.path().join("loops/fixture.toml"), LOOP).unwrap();
    let mut study = study;
    study.reload(now()).unwrap();
    let (loops, problems) = load_loops(&study.library);
    assert!(problems.is_empty(), "{problems:?}");
    let pool = study.mock_pool(now());
    let p = plan(&loops[0], &pool, &Default::default(), 11, false);
    let app = App::new(
        study,
        Start::Mock(Box::new(p)),
        Theme { color: false },
        now(),
    )
    .unwrap();
    (app, dir)
}

fn key(app: &mut App, code: KeyCode, at: DateTime<Utc>) {
    app.on_key(KeyEvent::from(code), at).unwrap();
}

fn typing(app: &mut App, text: &str, at: DateTime<Utc>) {
    for c in text.chars() {
        key(app, KeyCode::Char(c), at);
    }
}

fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| app.render(f)).unwrap();
    t
}

fn text(t: &Terminal<TestBackend>) -> String {
    let b = t.backend().buffer();
    (0..b.area.height)
        .map(|y| {
            (0..b.area.width)
                .map(|x| b[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn phase(app: &App) -> Phase {
    match &app.screen {
        Screen::Mock(m) => m.run.phase,
        _ => panic!("not in a mock"),
    }
}

#[test]
fn a_mock_runs_from_plan_to_report() {
    let (mut app, _d) = mock_app();
    insta::assert_snapshot!("mock_plan", draw(&mut app, 80, 24).backend());
    let t0 = now();
    key(&mut app, KeyCode::Enter, t0);
    assert_eq!(phase(&app), Phase::Answering);
    typing(&mut app, "Hello, I build rankers.", t0);
    app.tick(t0 + Duration::seconds(75)).unwrap();
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("00:45 left in this segment"), "{screen}");
    insta::assert_snapshot!("mock_segment", draw(&mut app, 80, 24).backend());
    // Past the 2-minute budget: overtime, told once, the clock keeps going.
    app.tick(t0 + Duration::seconds(150)).unwrap();
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("OVERTIME 00:30 over"), "{screen}");
    assert!(screen.contains("Time is up for “Intro”"), "{screen}");
    // Ctrl-N moves on to the coding card.
    app.on_key(
        KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL),
        t0 + Duration::seconds(151),
    )
    .unwrap();
    typing(&mut app, "sum(xs)", t0 + Duration::seconds(152));
    key(&mut app, KeyCode::Esc, t0 + Duration::seconds(153));
    key(&mut app, KeyCode::Char('n'), t0 + Duration::seconds(200));
    assert_eq!(phase(&app), Phase::Review { round: 0 });
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains("sum(xs)") && screen.contains("Add them up"),
        "answer beside reference:\n{screen}"
    );
    key(&mut app, KeyCode::Char('n'), t0 + Duration::seconds(201));
    insta::assert_snapshot!("mock_rubric", draw(&mut app, 80, 24).backend());
    // Enter with rows unscored does nothing but say so.
    key(&mut app, KeyCode::Enter, t0 + Duration::seconds(202));
    assert_eq!(phase(&app), Phase::Review { round: 0 });
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("still unscored"), "{screen}");
    score_rubric(&mut app, '4', t0 + Duration::seconds(202));
    key(&mut app, KeyCode::Enter, t0 + Duration::seconds(203));
    let Screen::Mock(m) = &app.screen else {
        panic!()
    };
    let s = m.run.scores[0].as_ref().unwrap();
    let code = s
        .segments
        .iter()
        .find(|g| g.kind == crate::content::Kind::Leetcode && g.segment == 1)
        .unwrap();
    let counted: Vec<u8> = code.rows.iter().map(|r| r.2).collect();
    assert_eq!(
        counted,
        vec![4, 4, 3, 3],
        "tests not run cap coding and verification"
    );
    assert!(s.overall <= 3, "overtime caps the overall");
    assert_eq!(
        app.study.store.card_log("fx-sum").unwrap().len(),
        1,
        "the card is graded into the schedule"
    );
    // A break between rounds; its time counts toward nothing.
    assert_eq!(phase(&app), Phase::Break { after: 0 });
    app.tick(t0 + Duration::seconds(263)).unwrap();
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("Round 1 done. 5-minute break."), "{screen}");
    assert!(screen.contains("Enter when ready"), "{screen}");
    insta::assert_snapshot!("mock_break", draw(&mut app, 80, 24).backend());
    key(&mut app, KeyCode::Enter, t0 + Duration::seconds(209));
    assert_eq!(phase(&app), Phase::Answering);
    let Screen::Mock(m) = &mut app.screen else {
        panic!()
    };
    m.typing = false;
    let help: Vec<&str> = m.help().iter().map(|h| h.1).collect();
    assert!(
        !help.iter().any(|h| h.starts_with("coding:")),
        "a breadth card lists no coding keys: {help:?}"
    );
    m.typing = true;
    // Round 2: a breadth card, its follow-up, checklist, rubric.
    typing(
        &mut app,
        "every local minimum is global",
        t0 + Duration::seconds(210),
    );
    key(&mut app, KeyCode::Esc, t0 + Duration::seconds(211));
    key(&mut app, KeyCode::Char('n'), t0 + Duration::seconds(260));
    assert!(matches!(phase(&app), Phase::FollowUp { .. }));
    typing(&mut app, "no, yet SGD works", t0 + Duration::seconds(261));
    app.tick(t0 + Duration::seconds(290)).unwrap();
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("Are deep nets convex?"), "{screen}");
    assert!(screen.contains("02:30 left for this follow-up"), "{screen}");
    insta::assert_snapshot!("mock_follow_up", draw(&mut app, 80, 24).backend());
    app.on_key(
        KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL),
        t0 + Duration::seconds(291),
    )
    .unwrap();
    assert_eq!(phase(&app), Phase::Review { round: 1 });
    let Screen::Mock(m) = &app.screen else {
        panic!()
    };
    let f = &m.run.items[m.run.pos - 1].follow_ups[0];
    assert_eq!(
        f.answer, "no, yet SGD works",
        "the follow-up's answer is recorded"
    );
    key(&mut app, KeyCode::Char(' '), t0 + Duration::seconds(292));
    insta::assert_snapshot!("mock_review_cards", draw(&mut app, 80, 24).backend());
    key(&mut app, KeyCode::Char('n'), t0 + Duration::seconds(262));
    score_rubric(&mut app, '2', t0 + Duration::seconds(263));
    key(&mut app, KeyCode::Enter, t0 + Duration::seconds(264));
    assert_eq!(phase(&app), Phase::Report);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("verdict: Mixed"), "{screen}");
    assert!(screen.contains("x extra round"), "{screen}");
    let history = app.study.store.mock_history().unwrap();
    assert_eq!(history[0].status, "finished");
    assert_eq!(history[0].verdict.as_deref(), Some("Mixed"));
    // A checklist with one of two points covered: some -> Hard.
    let log = app.study.store.card_log("fx-convexity").unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].1, crate::schedule::Grade::Hard);
    // The extra round of the weak type.
    key(&mut app, KeyCode::Char('x'), t0 + Duration::seconds(300));
    assert_eq!(phase(&app), Phase::Answering);
    let Screen::Mock(m) = &app.screen else {
        panic!()
    };
    assert_eq!(m.run.plan.lp.rounds.len(), 3);
    assert!(
        m.run.plan.lp.rounds[2]
            .title
            .starts_with("Extra round: Breadth")
    );
}

#[test]
fn a_small_terminal_still_shows_the_clock_and_the_box() {
    let (mut app, _d) = mock_app();
    key(&mut app, KeyCode::Enter, now());
    app.tick(now() + Duration::seconds(10)).unwrap();
    let screen = text(&draw(&mut app, 60, 20));
    assert!(screen.contains("01:50 left"), "{screen}");
    assert!(screen.contains("your answer"), "{screen}");
    for _ in 0..2 {
        key(&mut app, KeyCode::Esc, now());
        key(&mut app, KeyCode::Char('n'), now());
    }
    let screen = text(&draw(&mut app, 60, 20));
    assert!(screen.contains("key points you covered"), "{screen}");
}

#[test]
fn hints_in_a_mock_are_recorded() {
    let (mut app, _d) = mock_app();
    key(&mut app, KeyCode::Enter, now());
    app.on_key(
        KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL),
        now(),
    )
    .unwrap();
    // fx-sum has no hints: the user is told.
    key(&mut app, KeyCode::Esc, now());
    key(&mut app, KeyCode::Char('h'), now());
    assert_eq!(app.status.as_deref(), None);
    let Screen::Mock(m) = &app.screen else {
        panic!()
    };
    assert_eq!(m.notice.as_deref(), Some("no more hints for this card"));
    key(&mut app, KeyCode::Char('n'), now());
    key(&mut app, KeyCode::Char('n'), now());
    assert_eq!(phase(&app), Phase::Review { round: 0 });
    key(&mut app, KeyCode::Enter, now());
    score_rubric(&mut app, '3', now());
    key(&mut app, KeyCode::Enter, now());
    key(&mut app, KeyCode::Enter, now());
    // Round 2, breadth card with two hints.
    key(&mut app, KeyCode::Esc, now());
    key(&mut app, KeyCode::Char('h'), now());
    key(&mut app, KeyCode::Char('h'), now());
    let Screen::Mock(m) = &app.screen else {
        panic!()
    };
    assert_eq!(m.run.items[m.run.pos].hints, 2);
    assert_eq!(m.run.evidence(1).hints, 2);
}

#[test]
fn a_mock_save_that_fails_is_reported_and_retried_not_fatal() {
    let (mut app, _d) = mock_app();
    key(&mut app, KeyCode::Enter, now());
    typing(&mut app, "hello", now());
    app.study.store.set_read_only_for_tests(true);
    key(&mut app, KeyCode::Esc, now());
    assert!(!app.should_quit());
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("saving the mock failed"), "{status}");
    app.study.store.set_read_only_for_tests(false);
    app.tick(now() + Duration::seconds(1)).unwrap();
    let Screen::Mock(m) = &app.screen else {
        panic!("still in the mock")
    };
    let id = m.id.expect("saved").0;
    let (_, run) = app.study.store.mock(id).unwrap().unwrap();
    assert_eq!(run.items[0].answer, "hello", "the retry saved the answer");
}

#[test]
fn a_long_answer_wraps_and_its_end_stays_in_view() {
    let (mut app, _d) = mock_app();
    key(&mut app, KeyCode::Enter, now());
    let words: Vec<String> = (0..60).map(|i| format!("word{i}")).collect();
    typing(&mut app, &words.join(" "), now());
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("word0 "), "{screen}");
    assert!(
        screen.contains("word59"),
        "the cursor's end of a long line is visible:\n{screen}"
    );
}
