//! Studying toward a date, as the home screen and `p` show it; the session-end summary; the
//! first-run guide and the new column's "available today / total".

use crate::plan::Interview;
use crate::schedule::Grade;
use crate::study::{Filter, ReviewSource};
use crate::tui::test_support::*;
use chrono::NaiveDate;

const LOOP: &str = "name = \"Breadth loop\"\ndescription = \"One breadth round.\"\n\n[[rounds]]\ntitle = \"Breadth\"\nrubric = \"breadth\"\n\n[[rounds.segments]]\ntitle = \"Quick questions\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 1\n";

fn snap(name: &str, app: &mut App, dir: &tempfile::TempDir) {
    let path = dir.path().display().to_string();
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen_text(app, w, h).replace(&path, "<dir>");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

/// Twelve breadth cards.
fn breadth_deck() -> String {
    let mut d = String::from("+++\ntitle = \"Plan breadth\"\nkind = \"breadth\"\n+++\n");
    for i in 0..12 {
        d.push_str(&format!(
            "\n## Question {i}? {{#pl-q{i:02}}}\n\n### Answer\nAnswer {i}.\n"
        ));
    }
    d
}

/// Four weeks before an interview on the breadth loop, with five cards studied in the past
/// (one of them forgotten once).
fn interview_app() -> (App, tempfile::TempDir) {
    let deck = breadth_deck();
    let (mut study, dir) = study_with(&[("plan.md", deck.as_str()), ("code.md", FIXTURE_CODE)]);
    std::fs::create_dir_all(dir.path().join("loops")).unwrap();
    std::fs::write(dir.path().join("loops/breadth.toml"), LOOP).unwrap();
    study.settings.interviews.push(Interview {
        date: NaiveDate::from_ymd_opt(2026, 4, 7).unwrap(),
        loop_key: Some("breadth".into()),
        name: Some("Research internship".into()),
        target: None,
    });
    study.settings.daily_minutes = 30;
    study.reload(now()).unwrap();
    let past = now() - Duration::days(6);
    for i in 0..5 {
        let id = format!("pl-q{i:02}");
        let first = if i == 0 { Grade::Again } else { Grade::Good };
        study
            .grade(
                &id,
                first,
                past,
                Duration::seconds(30),
                ReviewSource::Review,
            )
            .unwrap();
        study
            .grade(
                &id,
                Grade::Good,
                past + Duration::days(1),
                Duration::seconds(30),
                ReviewSource::Review,
            )
            .unwrap();
    }
    let app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    (app, dir)
}

#[test]
fn home_counts_down_to_the_interview_with_its_predicted_recall() {
    let (mut app, d) = interview_app();
    let line = |app: &mut App, w| {
        let text = screen_text(app, w, 24);
        assert!(!text.contains("First time here"), "{text}");
        text.lines()
            .find(|l| l.contains("Interview"))
            .unwrap_or_else(|| panic!("no interview line:\n{text}"))
            .trim()
            .to_string()
    };
    let wide = line(&mut app, 120);
    assert!(
        wide.starts_with(
            "Interview in 28 days (Research internship, loop breadth): predicted recall on the day "
        ) && wide.ends_with("% · p plan"),
        "{wide}"
    );
    // Narrow: the name goes, the countdown and the recall stay.
    let narrow = line(&mut app, 80);
    assert!(
        narrow.starts_with("Interview in 28 days (loop breadth): predicted recall on the day ")
            && narrow.ends_with("% · p plan"),
        "{narrow}"
    );
    snap("home_interview", &mut app, &d);
}

#[test]
fn p_opens_the_plan_with_readiness_the_daily_chart_and_the_cards_to_start() {
    let (mut app, d) = interview_app();
    press(&mut app, "p", now());
    assert!(matches!(app.screen, Screen::Plan(_)));
    let text = screen_text(&mut app, 120, 40);
    for want in [
        "interview Tue 7 Apr 2026",
        "28 days · target 90% · 30 min a day",
        "Predicted recall on the day",
        "ML breadth      ",
        "Proposed minutes a day",
        "today Tue 10 Mar",
        "Mon 6 Apr",
        "New cards: 7 waiting",
        "Start today (",
        "pl-q05",
        "Not due again before the date",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    // Only the loop's round type is prepared: the coding card is not in the table.
    assert!(!text.contains("LeetCode"), "{text}");
    // Mock days are marked under the chart: a week apart, the last three days before.
    let marks = text.lines().find(|l| {
        l.contains('M')
            && l.trim_matches(|c| c == '│' || c == ' ' || c == 'M')
                .is_empty()
    });
    assert!(marks.is_some_and(|l| l.matches('M').count() == 4), "{text}");
    snap("plan", &mut app, &d);
    press(&mut app, "q", now());
    assert!(matches!(app.screen, Screen::Home(_)));
}

#[test]
fn without_an_interview_p_says_how_to_set_one() {
    let (mut app, d) = app();
    press(&mut app, "p", now());
    // The date form opens at once; esc shows how to set a date by hand.
    assert!(screen_text(&mut app, 80, 24).contains("Interview date"));
    app.on_key(KeyEvent::from(KeyCode::Esc), now()).unwrap();
    let text = screen_text(&mut app, 80, 24);
    assert!(text.contains("n sets one here"), "{text}");
    assert!(text.contains("No interview date is set"), "{text}");
    assert!(text.contains("[[interviews]]") && text.contains("date = \"2027-01-20\""));
    assert!(!text.contains("Interview in"));
    snap("plan_unset", &mut app, &d);
}

#[test]
fn an_interview_today_is_counted_and_the_plan_says_why_there_is_none() {
    let (mut study, _d) = fixture_study();
    study.settings.interviews.push(Interview {
        date: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        loop_key: None,
        name: None,
        target: None,
    });
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    let text = screen_text(&mut app, 80, 24);
    assert!(
        text.contains("Interview today: nothing studied yet"),
        "{text}"
    );
    press(&mut app, "p", now());
    let text = screen_text(&mut app, 80, 24);
    assert!(text.contains("No plan: the interview date"), "{text}");
}

fn fixture_study() -> (Study, tempfile::TempDir) {
    study_with(&[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)])
}

/// Reviews every card of the fixture: `grades` in order, each after `secs` seconds.
fn review_all(app: &mut App, grades: &str, secs: i64) -> DateTime<Utc> {
    let mut t = now();
    for g in grades.chars() {
        press(app, " ", t);
        t += Duration::seconds(secs);
        press(app, &g.to_string(), t);
    }
    t
}

#[test]
fn the_session_ends_with_a_summary_and_what_is_next() {
    let (mut app, d) = app_with(
        &[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)],
        Start::Review(Filter::default()),
    );
    review_all(&mut app, "144", 40);
    assert!(current(&app).is_none());
    let text = screen_text(&mut app, 80, 24);
    assert!(
        text.contains("This session: 3 cards in 2 min · again 33% (1 of 3)"),
        "{text}"
    );
    // The forgotten card (the coding one: its first learning step is a day) is due tomorrow;
    // the two Easy ones later.
    assert!(text.contains("What's next: 1 card due tomorrow."), "{text}");
    snap("review_summary", &mut app, &d);
}

#[test]
fn undo_takes_a_grade_out_of_the_summary() {
    let (mut app, _d) = app_with(
        &[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)],
        Start::Review(Filter::default()),
    );
    let t = review_all(&mut app, "444", 10);
    assert!(screen_text(&mut app, 80, 24).contains("What's next: 0 cards due tomorrow."));
    press(&mut app, "u", t);
    press(&mut app, " 4", t + Duration::seconds(10));
    let text = screen_text(&mut app, 80, 24);
    assert!(
        text.contains("This session: 3 cards in 30 s · again 0% (0 of 3)"),
        "{text}"
    );
}

#[test]
fn the_emptied_screen_counts_again_after_an_undo_and_a_new_grade() {
    let (mut app, _d) = app_with(
        &[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)],
        Start::Review(Filter {
            kind: Some(crate::content::Kind::Leetcode),
            ..Filter::default()
        }),
    );
    let t = review_all(&mut app, "4", 10);
    assert!(screen_text(&mut app, 80, 24).contains("What's next: 0 cards due tomorrow."));
    // Undone and answered Again (a coding card's first learning step is a day): the queue
    // empties again, and the count follows the new grade.
    press(&mut app, "u", t);
    press(&mut app, " 1", t + Duration::seconds(10));
    let text = screen_text(&mut app, 80, 24);
    assert!(text.contains("again 100% (1 of 1)"), "{text}");
    assert!(text.contains("What's next: 1 card due tomorrow."), "{text}");
}

#[test]
fn first_run_home_guides_and_the_new_column_shows_today_of_total() {
    let (mut study, d) = fixture_study();
    study.settings.limits.new_per_day = 2;
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    let text = screen_text(&mut app, 80, 24);
    for want in [
        "First time here? r starts today's session: 2 new cards.",
        "space shows the answer and 1-4 grades it",
        "? lists the keys of any screen",
        "3 cards · 0 due · 2 new today of 3",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    let row = |label: &str| {
        text.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no {label} row:\n{text}"))
            .split_whitespace()
            .filter(|w| w.contains('/'))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("All decks"), "2/3");
    assert_eq!(row("Fixture breadth"), "2/2");
    assert_eq!(row("Fixture coding"), "1/1");
    snap("home_first_run", &mut app, &d);
    // After the first grade the guide is gone, and the limit counts what was learnt.
    press(&mut app, "r 3q", now());
    let text = screen_text(&mut app, 80, 24);
    assert!(!text.contains("First time here"), "{text}");
    assert_eq!(
        text.lines()
            .find(|l| l.contains("All decks"))
            .and_then(|l| l.split_whitespace().find(|w| w.contains('/'))),
        Some("1/2")
    );
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::from(code), now()).unwrap();
}

#[test]
fn p_without_a_date_asks_for_one_saves_it_and_plans_toward_it() {
    let deck = breadth_deck();
    let (mut study, dir) = study_with(&[("plan.md", deck.as_str())]);
    std::fs::create_dir_all(dir.path().join("loops")).unwrap();
    std::fs::write(dir.path().join("loops/breadth.toml"), LOOP).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "# mine\nnew_per_day = 7\n").unwrap();
    study.settings.config_path = Some(config.clone());
    study.reload(now()).unwrap();
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    press(&mut app, "p", now());
    assert!(screen_text(&mut app, 80, 24).contains("Interview date"));

    // A date that is not one, then one in the past: said in the form, nothing written.
    press(&mut app, "2026-13-01", now());
    key(&mut app, KeyCode::Enter);
    let text = screen_text(&mut app, 80, 24);
    assert!(text.contains("is not a date"), "{text}");
    app.on_key(
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        now(),
    )
    .unwrap();
    press(&mut app, "2026-03-01", now());
    key(&mut app, KeyCode::Enter);
    let text = screen_text(&mut app, 80, 24);
    assert!(text.contains("is not after today"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "# mine\nnew_per_day = 7\n"
    );

    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "2026-04-07", now());
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Right);
    let text = screen_text(&mut app, 80, 24);
    assert!(text.contains("breadth (Breadth loop)"), "{text}");
    key(&mut app, KeyCode::Tab);
    press(&mut app, "Acme", now());
    key(&mut app, KeyCode::Enter);

    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("interview Tue 7 Apr 2026 · Acme · loop breadth"),
        "{text}"
    );
    assert!(text.contains("saved the interview on 2026-04-07"), "{text}");
    let saved = std::fs::read_to_string(&config).unwrap();
    assert!(saved.starts_with("# mine\nnew_per_day = 7\n"), "{saved}");
    assert!(
        saved
            .contains("[[interviews]]\ndate = \"2026-04-07\"\nloop = \"breadth\"\nname = \"Acme\""),
        "{saved}"
    );
    // Home counts down to it, and a restart reads it back.
    press(&mut app, "q", now());
    let text = screen_text(&mut app, 100, 30);
    assert!(text.contains("Interview"), "{text}");
    let g = crate::config::Flags {
        config: Some(config),
        ..Default::default()
    };
    assert_eq!(crate::config::resolve(&g).unwrap().interviews.len(), 1);
}

#[test]
fn the_interview_form_over_the_plan() {
    let (mut app, d) = app();
    let config = d.path().join("config.toml");
    app.study.settings.config_path = Some(config.clone());
    press(&mut app, "p", now());
    snap("interview_form", &mut app, &d);
    press(&mut app, "2026-04-31", now());
    key(&mut app, KeyCode::Enter);
    snap("interview_form_error", &mut app, &d);
    assert!(!config.exists());
}

#[test]
fn n_on_the_plan_adds_a_date_and_an_earlier_one_still_leads() {
    let (mut app, dir) = interview_app();
    let config = dir.path().join("config.toml");
    app.study.settings.config_path = Some(config.clone());
    press(&mut app, "p", now());
    assert!(screen_text(&mut app, 100, 30).contains("Research internship"));
    press(&mut app, "n2026-06-01", now());
    key(&mut app, KeyCode::Enter);
    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("the plan follows the next one, on 2026-04-07"),
        "{text}"
    );
    assert!(text.contains("Research internship"), "{text}");
    assert!(
        std::fs::read_to_string(&config)
            .unwrap()
            .contains("2026-06-01")
    );
}

#[test]
fn without_a_config_file_the_form_says_how_to_get_one() {
    let (mut app, _d) = app();
    app.study.settings.config_path = None;
    press(&mut app, "p2026-06-01", now());
    key(&mut app, KeyCode::Enter);
    let text = screen_text(&mut app, 100, 30);
    assert!(
        text.contains("not saved: no config file is in use"),
        "{text}"
    );
    assert!(app.study.settings.interviews.is_empty());
}

#[test]
fn e_on_the_plan_edits_the_dates_in_the_config_file_and_reads_them_back() {
    let (mut app, dir) = interview_app();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "new_per_day = 9\n\n[[interviews]]\ndate = \"2026-04-07\"\nloop = \"breadth\"\n",
    )
    .unwrap();
    app.study.settings.config_path = Some(config.clone());
    press(&mut app, "pe", now());
    let Some(crate::tui::app::External::EditConfig { path, line, .. }) = app.take_external() else {
        panic!("e opens the config file in the editor")
    };
    assert_eq!(
        (path, line),
        (config.clone(), 3),
        "at the first [[interviews]]"
    );
    // The user moves the date and the daily minutes, saves and quits the editor.
    std::fs::write(
        &config,
        "new_per_day = 9\ndaily_minutes = 45\n\n[[interviews]]\ndate = \"2026-04-21\"\nloop = \"breadth\"\n",
    )
    .unwrap();
    app.external_done(Ok(()), now()).unwrap();
    let text = screen_text(&mut app, 100, 30);
    assert!(text.contains("interview Tue 21 Apr 2026"), "{text}");
    assert!(text.contains("45 min a day"), "{text}");
    assert!(text.contains("read 1 interview date from"), "{text}");
    // A file that no longer reads: its line is named and the dates stay.
    press(&mut app, "e", now());
    assert!(app.take_external().is_some());
    std::fs::write(&config, "[[interviews]]\ndate = \"someday\"\n").unwrap();
    app.external_done(Ok(()), now()).unwrap();
    let text = screen_text(&mut app, 100, 30);
    assert!(text.contains("config.toml:2:"), "{text}");
    assert!(text.contains("interview Tue 21 Apr 2026"), "{text}");
    // Every date removed: the plan says how to set one.
    press(&mut app, "e", now());
    assert!(app.take_external().is_some());
    std::fs::write(&config, "new_per_day = 9\n").unwrap();
    app.external_done(Ok(()), now()).unwrap();
    assert!(screen_text(&mut app, 100, 30).contains("No interview date is set"));
}

#[test]
fn on_a_mock_day_home_says_so_until_a_mock_is_started() {
    let (mut app, _d) = interview_app();
    let home = |app: &mut App| {
        let text = screen_text(app, 120, 30);
        text.lines()
            .find(|l| l.contains("Interview"))
            .unwrap_or_else(|| panic!("no interview line:\n{text}"))
            .to_string()
    };
    // Four weeks ahead: the first mock day is not today.
    assert!(!home(&mut app).contains("Mock day"), "{}", home(&mut app));
    // Three days ahead: today is the last mock day.
    app.study.settings.interviews[0].date = NaiveDate::from_ymd_opt(2026, 3, 13).unwrap();
    press(&mut app, "pq", now());
    let line = home(&mut app);
    assert!(line.trim().starts_with("Mock day: m"), "{line}");
    let narrow = screen_text(&mut app, 80, 24);
    assert!(narrow.contains(" Mock day: m"), "{narrow}");
    // Once a mock is started today, the reminder goes.
    let (loops, _) = crate::mock::loops::load_loops(&app.study.library);
    let lp = loops.iter().find(|l| l.key == "breadth").unwrap();
    let plan = app.study.plan_mock(lp, 1, false, now()).unwrap();
    let run = crate::mock::session::MockRun::new(plan, now());
    app.study.save_mock(None, &run, now()).unwrap();
    press(&mut app, "pq", now());
    assert!(!home(&mut app).contains("Mock day"), "{}", home(&mut app));
}

#[test]
fn m_starts_on_the_loop_the_next_interview_follows() {
    let (mut app, d) = interview_app();
    let other = LOOP.replace("Breadth loop", "Another loop");
    std::fs::write(d.path().join("loops/aaa.toml"), other).unwrap();
    app.study.reload(now()).unwrap();
    let selected = |app: &App| match &app.screen {
        Screen::Loops(l) => l.loops[l.list.selected().unwrap()].key.clone(),
        _ => panic!("m opens the loops"),
    };
    press(&mut app, "m", now());
    assert_eq!(selected(&app), "breadth");
    // Without an interview, the list starts at the top.
    press(&mut app, "q", now());
    app.study.settings.interviews.clear();
    press(&mut app, "m", now());
    assert_eq!(selected(&app), "aaa");
}
