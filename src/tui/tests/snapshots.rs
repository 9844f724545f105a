//! Every screen drawn at 80x24 and 120x40 with the clock fixed (UTC), as text. Temporary
//! directory paths are replaced by `<dir>` so the snapshots do not depend on the machine.

use crate::mock::loops::load_loops;
use crate::mock::plan::plan;
use crate::study::Filter;
use crate::tui::test_support::*;

const LOOP: &str = "name = \"Snapshot loop\"\ndescription = \"One breadth round.\"\n\n[[rounds]]\ntitle = \"Breadth\"\nrubric = \"breadth\"\n\n[[rounds.segments]]\ntitle = \"Quick questions\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 1\n";

/// Snapshots the app at both sizes.
fn snap(name: &str, app: &mut App, dir: &tempfile::TempDir) {
    let path = dir.path().display().to_string();
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen_text(app, w, h).replace(&path, "<dir>");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

fn decks() -> [(&'static str, &'static str); 2] {
    [("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]
}

#[test]
fn home_review_and_help() {
    let (mut app, d) = app_with(&decks(), Start::Home);
    snap("home", &mut app, &d);
    let filter = Filter {
        tag: Some("optimisation".into()),
        ..Filter::default()
    };
    let (mut app, d) = app_with(&decks(), Start::Review(filter));
    snap("review", &mut app, &d);
    press(&mut app, "h ", now());
    snap("review_answer", &mut app, &d);
    press(&mut app, "?", now());
    snap("help", &mut app, &d);
}

#[test]
fn practice_search_stats_browse() {
    let (mut app, d) = app_with(&decks(), Start::Practice("fx-sum".into()));
    app.take_external();
    snap("practice", &mut app, &d);
    let (mut app, d) = app_with(&decks(), Start::Home);
    press(&mut app, "/grad", now());
    snap("search", &mut app, &d);
    let (mut app, d) = app_with(&decks(), Start::Home);
    press(&mut app, "s", now());
    snap("stats", &mut app, &d);
    let (mut app, d) = app_with(&decks(), Start::Home);
    press(&mut app, "b", now());
    snap("browse", &mut app, &d);
}

#[test]
fn stories_and_drill() {
    let (mut app, d) = own_app();
    press(&mut app, "o", now());
    snap("stories", &mut app, &d);
    let (mut app, d) = own_app();
    press(&mut app, "d", now());
    snap("drill_choose", &mut app, &d);
    press(&mut app, "\n", now());
    snap("drill", &mut app, &d);
}

fn mock() -> (App, tempfile::TempDir) {
    let (mut study, dir) = study_with(&decks());
    std::fs::create_dir_all(dir.path().join("loops")).unwrap();
    std::fs::write(dir.path().join("loops/snap.toml"), LOOP).unwrap();
    study.reload(now()).unwrap();
    let (loops, _) = load_loops(&study.library);
    let p = plan(
        &loops[0],
        &study.mock_pool(now()),
        &Default::default(),
        3,
        false,
    );
    let app = App::new(
        study,
        Start::Mock(Box::new(p)),
        Theme { color: false },
        now(),
    )
    .unwrap();
    (app, dir)
}

#[test]
fn loops_and_the_mock_from_plan_to_report() {
    let (mut app, d) = app_with(&decks(), Start::Home);
    std::fs::create_dir_all(d.path().join("loops")).unwrap();
    std::fs::write(d.path().join("loops/snap.toml"), LOOP).unwrap();
    app.study.reload(now()).unwrap();
    press(&mut app, "m", now());
    snap("loops", &mut app, &d);

    let (mut app, d) = mock();
    snap("mock_plan", &mut app, &d);
    press(&mut app, "\n", now());
    press(&mut app, "gradients", now());
    app.tick(now() + Duration::seconds(42)).unwrap();
    snap("mock_segment", &mut app, &d);
    press(&mut app, "\x1bn", now() + Duration::seconds(42));
    press(
        &mut app,
        "No: a deep net's loss has many minima.",
        now() + Duration::seconds(50),
    );
    app.tick(now() + Duration::seconds(80)).unwrap();
    snap("mock_follow_up", &mut app, &d);
    press(&mut app, "\x1bn", now() + Duration::seconds(80));
    snap("mock_review", &mut app, &d);
    while matches!(&app.screen, Screen::Mock(m) if matches!(m.step, crate::tui::screens::mock::ReviewStep::Cards { .. }))
    {
        press(&mut app, "n", now() + Duration::seconds(50));
    }
    snap("mock_rubric", &mut app, &d);
    crate::tui::test_support::score_rubric(&mut app, '4', now() + Duration::seconds(60));
    snap("mock_rubric_scored", &mut app, &d);
    press(&mut app, "\n", now() + Duration::seconds(60));
    snap("mock_report", &mut app, &d);
    // The end of the report is reachable at 80x24 too.
    draw(&mut app, 80, 24);
    press(&mut app, "G", now() + Duration::seconds(61));
    let end = screen_text(&mut app, 80, 24);
    assert!(end.contains("end · ↑"), "{end}");
    insta::assert_snapshot!("mock_report_end_80x24", end);
}

#[test]
fn resume() {
    let (mut app, d) = mock();
    press(&mut app, "\n", now());
    let App { study, .. } = app;
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    snap("resume", &mut app, &d);
}
