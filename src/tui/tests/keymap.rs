//! Keymap tests: every key of every screen's table (the table the footer and the `?` overlay
//! are drawn from) does something a user can see, from a state where it applies. A key shown
//! in help that does nothing fails here.

use crate::mock::loops::load_loops;
use crate::mock::plan::plan;
use crate::mock::session::Phase;
use crate::study::Filter;
use crate::tui::keys::{self, Binding};
use crate::tui::screens::mock::ReviewStep;
use crate::tui::test_support::*;
use std::fmt::Debug;

type Fixture = (App, tempfile::TempDir);

/// What a user can see (text and highlights), or what mlprep does next.
fn observe(app: &mut App) -> String {
    let t = draw(app, 100, 30);
    let styles: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| {
            let m = c.modifier;
            if m.contains(ratatui::style::Modifier::REVERSED) {
                'R'
            } else if m.contains(ratatui::style::Modifier::BOLD) {
                'B'
            } else {
                '.'
            }
        })
        .collect();
    format!(
        "{}\n{styles}\nhelp={} quit={} editor={} status={:?}",
        screen_text(app, 100, 30),
        app.help,
        app.should_quit(),
        app.has_external(),
        app.status
    )
}

/// Presses each bound key on a fresh fixture prepared for it; each must change something.
fn every_key_acts<A: Copy + Debug>(
    screen: &str,
    table: &[Binding<A>],
    prep: impl Fn(A) -> Fixture,
) {
    for (event, action) in keys::events(table) {
        let (mut app, _d) = prep(action);
        let before = observe(&mut app);
        app.on_key(event, now() + Duration::seconds(1)).unwrap();
        let after = observe(&mut app);
        assert_ne!(
            before, after,
            "{screen}: {event:?} ({action:?}) did nothing visible"
        );
    }
}

fn chars(app: &mut App, keys: &str) {
    press(app, keys, now());
}

fn home() -> Fixture {
    app_with(
        &[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)],
        Start::Home,
    )
}

#[test]
fn tables_resolve_every_key_they_show() {
    fn check<A: Copy + PartialEq + Debug>(table: &[Binding<A>]) {
        for (event, action) in keys::events(table) {
            assert_eq!(
                keys::lookup(table, event),
                Some(action),
                "{event:?} is shadowed"
            );
        }
        for b in table {
            assert!(!b.keys.is_empty(), "a binding without keys");
            assert!(
                b.footer.is_none() || (!b.label.is_empty() && !b.help.is_empty()),
                "{:?} is in the footer but not in the help",
                b.footer
            );
        }
    }
    check(keys::HOME);
    check(keys::PLAN);
    check(keys::REVIEW);
    check(keys::REVIEW_TYPING);
    check(keys::REVIEW_CONSENT);
    check(keys::REVIEW_ASKING);
    check(keys::PRACTICE);
    check(keys::PRACTICE_CONFIRM);
    check(keys::PRACTICE_RESET);
    check(keys::SEARCH);
    check(keys::STATS);
    check(keys::STORIES);
    check(keys::BROWSE);
    check(keys::LOOPS);
    check(keys::DRILL);
    check(keys::RESUME);
    check(keys::MOCK_PLAN);
    check(keys::MOCK_TYPING);
    check(keys::MOCK_ANSWER);
    check(keys::MOCK_FOLLOW_UP);
    check(keys::MOCK_BREAK);
    check(keys::MOCK_CARDS);
    check(keys::MOCK_RUBRIC);
    check(keys::MOCK_REPORT);
    check(keys::ADD_CARD);
    check(keys::ADD_CARD_CHOICE);
    check(keys::ADD_CARD_LINE);
    check(keys::ADD_CARD_DISCARD);
    check(keys::ADD_CARD_FORK);
    check(keys::CUSTOM);
    check(keys::CARD_INFO);
    check(keys::INTERVIEW_FORM);
}

#[test]
fn home_keys() {
    every_key_acts("home", keys::HOME, |_| {
        let (mut app, d) = home();
        chars(&mut app, "j");
        (app, d)
    });
}

#[test]
fn plan_keys() {
    every_key_acts("plan", keys::PLAN, |_| {
        let (mut app, d) = home();
        chars(&mut app, "p");
        assert!(matches!(app.screen, Screen::Plan(_)));
        // No date yet: the form opened over the plan; esc leaves the plan itself.
        app.on_key(KeyEvent::from(KeyCode::Esc), now()).unwrap();
        (app, d)
    });
}

#[test]
fn interview_form_keys() {
    use keys::InterviewFormKey as K;
    every_key_acts("interview form", keys::INTERVIEW_FORM, |k| {
        let (mut app, d) = home();
        app.study.settings.config_path = Some(d.path().join("config.toml"));
        std::fs::create_dir_all(d.path().join("loops")).unwrap();
        std::fs::write(
            d.path().join("loops/one.toml"),
            "name = \"One\"\ndescription = \"d\"\n[[rounds]]\ntitle = \"R\"\nrubric = \"breadth\"\n[[rounds.segments]]\ntitle = \"S\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 1\n",
        )
        .unwrap();
        app.study.reload(now()).unwrap();
        chars(&mut app, "p");
        match k {
            // On the loop field, where ← / → choose.
            K::NextChoice | K::PreviousChoice => {
                app.on_key(KeyEvent::from(KeyCode::Down), now()).unwrap();
            }
            K::Clear => chars(&mut app, "2027"),
            K::Save => chars(&mut app, "2026-05-01"),
            _ => {}
        }
        (app, d)
    });
}

#[test]
fn review_keys() {
    use keys::ReviewKey as K;
    every_key_acts("review", keys::REVIEW, |k| {
        let filter = Filter {
            tag: Some("optimisation".into()),
            ..Filter::default()
        };
        let (mut app, d) = app_with(
            &[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)],
            Start::Review(filter),
        );
        match k {
            K::Grade(_) => chars(&mut app, " "),
            K::Up | K::PageUp | K::Top => chars(&mut app, "jj"),
            _ => {}
        }
        (app, d)
    });
}

/// A review with the AI interviewer on, at `endpoint` (never reached by these keys), with the
/// status line cleared so only what the key does shows.
fn ai_review(endpoint: &str) -> Fixture {
    let (mut study, d) = study_with(&[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]);
    study.settings.ai = Some(crate::ai::AiConfig {
        endpoint: endpoint.into(),
        model: "m".into(),
        ..crate::ai::AiConfig::default()
    });
    let filter = Filter {
        tag: Some("optimisation".into()),
        ..Filter::default()
    };
    let mut app = App::new(study, Start::Review(filter), Theme { color: false }, now()).unwrap();
    app.status = None;
    (app, d)
}

#[test]
fn review_ai_keys() {
    use keys::ReviewKey as K;
    every_key_acts("review (AI on)", keys::REVIEW, |k| {
        let (mut app, d) = ai_review("http://127.0.0.1:9/v1");
        match k {
            K::Grade(_) => chars(&mut app, " "),
            K::Up | K::PageUp | K::Top => chars(&mut app, "jj"),
            _ => {}
        }
        (app, d)
    });
    every_key_acts("review typing", keys::REVIEW_TYPING, |_| {
        let (mut app, d) = ai_review("http://127.0.0.1:9/v1");
        chars(&mut app, "tx");
        (app, d)
    });
    every_key_acts("review consent", keys::REVIEW_CONSENT, |_| {
        // A remote host: the first `a` asks. `y` then starts a request to a name that never
        // resolves; the test ends before it could matter.
        let (mut app, d) = ai_review("http://ai.example.invalid:9/v1");
        chars(&mut app, "tx\x1ba");
        (app, d)
    });
    every_key_acts("review asking", keys::REVIEW_ASKING, |_| {
        // Waiting on the model (nothing listens there; the loop never ticks in this test).
        let (mut app, d) = ai_review("http://127.0.0.1:9/v1");
        chars(&mut app, "tx\x1ba");
        (app, d)
    });
}

#[test]
fn p_during_review_opens_practice_for_a_coding_card() {
    let filter = Filter {
        deck: Some("Fixture coding".into()),
        ..Filter::default()
    };
    let (mut app, _d) = app_with(
        &[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)],
        Start::Review(filter),
    );
    chars(&mut app, "p");
    assert!(matches!(&app.screen, Screen::Practice(p) if p.card_id == "fx-sum"));
    assert!(app.has_external(), "the workspace opens in the editor");
}

fn practice() -> Fixture {
    let (mut app, d) = app_with(
        &[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)],
        Start::Practice("fx-sum".into()),
    );
    app.take_external();
    (app, d)
}

#[test]
fn practice_keys() {
    use keys::PracticeKey as K;
    every_key_acts("practice", keys::PRACTICE, |k| {
        let (mut app, d) = practice();
        if matches!(k, K::Up | K::PageUp) {
            chars(&mut app, "j");
        }
        if k.needs_ai() {
            ai_on(&mut app);
        }
        (app, d)
    });
    every_key_acts("practice grade prompt", keys::PRACTICE_CONFIRM, |_| {
        let (mut app, d) = practice();
        chars(&mut app, "g");
        (app, d)
    });
    every_key_acts("practice reset", keys::PRACTICE_RESET, |_| {
        let (mut app, d) = practice();
        chars(&mut app, "x");
        (app, d)
    });
}

#[test]
fn search_keys() {
    use keys::SearchKey as K;
    every_key_acts("search", keys::SEARCH, |k| {
        let (mut app, d) = home();
        chars(&mut app, "/convexity escape");
        if matches!(k, K::Up | K::PageUp) {
            app.on_key(KeyEvent::from(KeyCode::Down), now()).unwrap();
        }
        (app, d)
    });
}

#[test]
fn stats_keys() {
    use keys::StatsKey as K;
    every_key_acts("stats", keys::STATS, |k| {
        let (mut app, d) = home();
        chars(&mut app, "s");
        if let K::Tab(i) = k {
            chars(&mut app, if i == 1 { "1" } else { "2" });
        }
        (app, d)
    });
}

fn own() -> Fixture {
    let (mut app, d) = own_app();
    let second = DOSSIER.replace("Job ranker", "Search ranker");
    std::fs::write(d.path().join("projects/search.md"), second).unwrap();
    app.study.reload(now()).unwrap();
    (app, d)
}

#[test]
fn stories_keys() {
    use keys::StoriesKey as K;
    every_key_acts("stories", keys::STORIES, |k| {
        let (mut app, d) = own();
        chars(&mut app, "o");
        if k == K::Up {
            chars(&mut app, "j");
        }
        (app, d)
    });
}

#[test]
fn browse_keys() {
    use keys::BrowseKey as K;
    every_key_acts("browse", keys::BROWSE, |k| {
        let (mut app, d) = home();
        chars(&mut app, "b");
        if matches!(k, K::Up | K::PageUp | K::Top) {
            chars(&mut app, "j");
        }
        (app, d)
    });
}

#[test]
fn loops_keys() {
    use keys::LoopsKey as K;
    every_key_acts("loops", keys::LOOPS, |k| {
        let (mut app, d) = home();
        std::fs::create_dir_all(d.path().join("loops")).unwrap();
        std::fs::write(d.path().join("loops/keys.toml"), LOOP).unwrap();
        let second = LOOP.replace("Keys loop", "Second loop");
        std::fs::write(d.path().join("loops/second.toml"), second).unwrap();
        app.study.reload(now()).unwrap();
        chars(&mut app, "m");
        if k == K::Up {
            chars(&mut app, "j");
        }
        (app, d)
    });
}

#[test]
fn drill_keys() {
    use keys::DrillKey as K;
    every_key_acts("drill", keys::DRILL, |k| {
        let (mut app, d) = own();
        chars(&mut app, "d");
        match k {
            K::Up => chars(&mut app, "j"),
            K::Stalled => chars(&mut app, "\n"),
            K::Ask => {
                ai_on(&mut app);
                chars(&mut app, "\n");
            }
            _ => {}
        }
        (app, d)
    });
}

const LOOP: &str = "name = \"Keys loop\"\ndescription = \"Two breadth cards.\"\n\n[[rounds]]\ntitle = \"Breadth\"\nrubric = \"breadth\"\n\n[[rounds.segments]]\ntitle = \"Quick questions\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 2\n";

fn mock() -> Fixture {
    let (mut study, dir) = study_with(&[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]);
    std::fs::create_dir_all(dir.path().join("loops")).unwrap();
    std::fs::write(dir.path().join("loops/keys.toml"), LOOP).unwrap();
    study.reload(now()).unwrap();
    let (loops, _) = load_loops(&study.library);
    let lp = loops.iter().find(|l| l.name == "Keys loop").unwrap();
    let p = plan(lp, &study.mock_pool(now()), &Default::default(), 5, false);
    let app = App::new(
        study,
        Start::Mock(Box::new(p)),
        Theme { color: false },
        now(),
    )
    .unwrap();
    (app, dir)
}

const LOOP_TWO: &str = "name = \"Keys loop two\"\ndescription = \"Two rounds.\"\n\n[[rounds]]\ntitle = \"One\"\nrubric = \"breadth\"\n\n[[rounds.segments]]\ntitle = \"First\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 1\n\n[[rounds]]\ntitle = \"Two\"\nrubric = \"breadth\"\n\n[[rounds.segments]]\ntitle = \"Second\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 1\n";

/// A two-round mock on the break after round 1 (round 1 answered blank and scored).
fn mock_on_break() -> Fixture {
    let (mut study, dir) = study_with(&[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]);
    std::fs::create_dir_all(dir.path().join("loops")).unwrap();
    std::fs::write(dir.path().join("loops/keys2.toml"), LOOP_TWO).unwrap();
    study.reload(now()).unwrap();
    let (loops, _) = load_loops(&study.library);
    let lp = loops.iter().find(|l| l.name == "Keys loop two").unwrap();
    let p = plan(lp, &study.mock_pool(now()), &Default::default(), 5, false);
    let mut app = App::new(
        study,
        Start::Mock(Box::new(p)),
        Theme { color: false },
        now(),
    )
    .unwrap();
    chars(&mut app, "\n");
    ctrl_n(&mut app);
    while matches!(mock_state(&app).step, ReviewStep::Cards { .. }) {
        chars(&mut app, "n");
    }
    crate::tui::test_support::score_rubric(&mut app, '2', now());
    chars(&mut app, "\n");
    assert!(matches!(
        mock_state(&app).run.phase,
        Phase::Break { after: 0 }
    ));
    (app, dir)
}

/// A mock on its first follow-up, the answer box left for the command keys.
fn mock_on_follow_up() -> Fixture {
    let (mut app, d) = mock();
    chars(&mut app, "\n");
    for _ in 0..2 {
        chars(&mut app, "an answer");
        ctrl_n(&mut app);
        if matches!(mock_state(&app).run.phase, Phase::FollowUp { .. }) {
            break;
        }
    }
    assert!(matches!(mock_state(&app).run.phase, Phase::FollowUp { .. }));
    chars(&mut app, "\x1b");
    (app, d)
}

/// The AI interviewer on, at a port nothing listens on (the request fails with a status line),
/// for the keys that exist only then.
fn ai_on(app: &mut App) {
    app.study.settings.ai = Some(crate::ai::AiConfig {
        endpoint: "http://127.0.0.1:9/v1".into(),
        model: "m".into(),
        ..crate::ai::AiConfig::default()
    });
    match &mut app.screen {
        Screen::Mock(m) => m.ai_on = true,
        Screen::Drill(d) => d.ai_on = true,
        Screen::Practice(p) => p.ai.on = true,
        _ => {}
    }
}

fn mock_state(app: &App) -> &crate::tui::screens::mock::MockState {
    match &app.screen {
        Screen::Mock(m) => m,
        _ => panic!("not in a mock"),
    }
}

fn ctrl_n(app: &mut App) {
    app.on_key(
        KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL),
        now(),
    )
    .unwrap();
}

/// A mock in its round review, on the card that has key points.
fn mock_review() -> Fixture {
    mock_review_with("")
}

/// The round review, with `answer` typed for each card.
fn mock_review_with(answer: &str) -> Fixture {
    let (mut app, d) = mock();
    chars(&mut app, "\n");
    for _ in 0..2 {
        chars(&mut app, answer);
        ctrl_n(&mut app);
        // Follow-ups left blank count as passes.
        while matches!(mock_state(&app).run.phase, Phase::FollowUp { .. }) {
            ctrl_n(&mut app);
        }
    }
    let m = mock_state(&app);
    assert!(matches!(m.run.phase, Phase::Review { .. }));
    let first = m.round_cards(0)[0];
    let points = m.run.plan.items[first].card_id.as_deref() == Some("fx-convexity");
    if !points {
        chars(&mut app, "n");
    }
    (app, d)
}

#[test]
fn mock_keys() {
    use keys::{MockAnswerKey as A, MockCardsKey as C, MockReportKey as P, MockRubricKey as R};
    every_key_acts("mock plan", keys::MOCK_PLAN, |_| mock());
    every_key_acts("mock typing", keys::MOCK_TYPING, |_| {
        let (mut app, d) = mock();
        chars(&mut app, "\n");
        (app, d)
    });
    every_key_acts("mock answering", keys::MOCK_ANSWER, |k| {
        let (mut app, d) = mock();
        chars(&mut app, "\n\x1b");
        if matches!(k, A::Up | A::PageUp) {
            chars(&mut app, "j");
        }
        if k.needs_ai() {
            ai_on(&mut app);
        }
        (app, d)
    });
    every_key_acts("mock review cards", keys::MOCK_CARDS, |k| {
        let (mut app, d) = mock_review();
        match k {
            C::Up => chars(&mut app, "j"),
            C::ReferenceUp => {
                draw(&mut app, 100, 30);
                app.on_key(KeyEvent::from(KeyCode::PageDown), now())
                    .unwrap();
            }
            C::Previous if matches!(mock_state(&app).step, ReviewStep::Cards { card: 0, .. }) => {
                chars(&mut app, "n")
            }
            C::Ask => ai_on(&mut app),
            _ => {}
        }
        (app, d)
    });
    every_key_acts("mock rubric", keys::MOCK_RUBRIC, |k| {
        let (mut app, d) = mock_review();
        while matches!(mock_state(&app).step, ReviewStep::Cards { .. }) {
            chars(&mut app, "n");
        }
        if k == R::Up {
            chars(&mut app, "j");
        }
        if k.needs_ai() {
            ai_on(&mut app);
        }
        (app, d)
    });
    every_key_acts("mock follow-up", keys::MOCK_FOLLOW_UP, |k| {
        let (mut app, d) = mock_on_follow_up();
        if k.needs_ai() {
            ai_on(&mut app);
        }
        (app, d)
    });
    every_key_acts("mock break", keys::MOCK_BREAK, |_| mock_on_break());
    every_key_acts("mock report", keys::MOCK_REPORT, |k| {
        // Answers typed, so the scores are not capped at 1 by an empty answer.
        let (mut app, d) = mock_review_with("convex means every local minimum is global");
        while matches!(mock_state(&app).step, ReviewStep::Cards { .. }) {
            chars(&mut app, "n");
        }
        // Overall 2 on the only round: a Mixed verdict, so the extra round is offered.
        crate::tui::test_support::score_rubric(&mut app, '2', now());
        chars(&mut app, "\n");
        assert_eq!(mock_state(&app).run.phase, Phase::Report);
        if matches!(k, P::Up | P::PageUp | P::Top) {
            draw(&mut app, 100, 30);
            chars(&mut app, "j");
        }
        (app, d)
    });
}

#[test]
fn resume_keys() {
    every_key_acts("resume", keys::RESUME, |_| {
        let (mut app, d) = mock();
        chars(&mut app, "\n");
        let App { study, .. } = app;
        let app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
        assert!(matches!(app.screen, Screen::Resume { .. }));
        (app, d)
    });
}

#[test]
fn add_card_keys() {
    let form = || {
        let (mut app, d) = home();
        chars(&mut app, "a");
        (app, d)
    };
    every_key_acts("add card", keys::ADD_CARD, |_| form());
    every_key_acts("add card: kind", keys::ADD_CARD_CHOICE, |_| {
        let (mut app, d) = form();
        for _ in 0..2 {
            app.on_key(KeyEvent::from(KeyCode::BackTab), now()).unwrap();
        }
        (app, d)
    });
    every_key_acts("add card: prompt", keys::ADD_CARD_LINE, |_| form());
    every_key_acts("add card: discard?", keys::ADD_CARD_DISCARD, |_| {
        let (mut app, d) = form();
        chars(&mut app, "typed\x1b");
        (app, d)
    });
    every_key_acts("add card: fork?", keys::ADD_CARD_FORK, |_| {
        super::add_card_fork::asking_to_fork()
    });
}

#[test]
fn custom_study_keys() {
    use keys::CustomKey as K;
    every_key_acts("custom study", keys::CUSTOM, |k| {
        let (mut app, d) = home();
        chars(&mut app, "c");
        if k == K::Clear {
            // On the number of new cards (a typed field).
            app.on_key(KeyEvent::from(KeyCode::Down), now()).unwrap();
        }
        (app, d)
    });
}

#[test]
fn card_info_keys() {
    use keys::CardInfoKey as K;
    every_key_acts("card info", keys::CARD_INFO, |k| {
        let (mut app, d) = home();
        // Twenty answers: longer than the overlay, so every scroll key moves it.
        for n in 0..20 {
            let at = now() - Duration::days(40) + Duration::days(n);
            app.study
                .grade(
                    "fx-convexity",
                    crate::schedule::Grade::Good,
                    at,
                    Duration::seconds(9),
                    crate::study::ReviewSource::Review,
                )
                .unwrap();
        }
        chars(&mut app, "bi");
        if matches!(k, K::Up | K::PageUp | K::Top) {
            chars(&mut app, "jj");
        }
        (app, d)
    });
}
