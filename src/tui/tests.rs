//! Whole-app screen tests: a fixture deck, an in-memory database, a fixed clock, synthetic key
//! events, and insta snapshots of an 80x24 terminal.

use super::app::{App, Screen, Start};
use super::theme::Theme;
use crate::config::Settings;
use crate::content::{ContentRoot, load_roots};
use crate::store::Store;
use crate::study::Study;
use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub(crate) const FIXTURE: &str = "+++
title = \"Fixture breadth\"
kind = \"breadth\"
+++

## Why does convexity matter for training? {#fx-convexity}
difficulty: easy
tags: optimisation
minutes: 5

### Hints
1. What does a local minimum guarantee?
2. Think of gradient descent's guarantees.

### Answer
For a **convex** loss every local minimum is *global*.

| loss | convex? |
|---|---|
| logistic | yes |
| deep net | no |

```python
w = w - lr * grad
```

### Key points
- local = global
- convergence rates

### Follow-ups
- Are deep nets convex? No, yet SGD works well.

## Red \x1b[31mescape\x1b[0m in a prompt {#fx-escape}

### Answer
Shown inert: \x1b[2J nothing cleared.
";

pub(crate) const FIXTURE_CODE: &str = "+++
title = \"Fixture coding\"
kind = \"leetcode\"
+++

## Sum a list {#fx-sum}
difficulty: easy
minutes: 10

Return the sum of `xs`.

### Answer
Add them up: O(n).

### Starter
```python
def total(xs):
    raise NotImplementedError
```

### Tests
```python
def test_empty():
    assert_equal(total([]), 0)

def test_some():
    assert_equal(total([1, 2, 3]), 6)
```

### Solution
```python
def total(xs):
    return sum(xs)
```
";

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
}

pub(crate) fn study_with(decks: &[(&str, &str)]) -> (Study, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in decks {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let settings = Settings::with_roots(
        vec![ContentRoot::Dir(dir.path().to_path_buf())],
        dir.path().join("unused.db"),
    );
    let lib = load_roots(&settings.roots);
    let mut store = Store::open_in_memory().unwrap();
    let sync = store.sync(&lib.decks, now()).unwrap();
    (Study::with(settings, lib, store, sync).unwrap(), dir)
}

fn app() -> (App, tempfile::TempDir) {
    let (study, dir) = study_with(&[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]);
    (
        App::new(study, Start::Home, Theme { color: false }, now()).unwrap(),
        dir,
    )
}

fn press(app: &mut App, keys: &str, at: DateTime<Utc>) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        app.on_key(KeyEvent::from(code), at).unwrap();
    }
}

fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| app.render(f)).unwrap();
    t
}

#[test]
fn home_lists_kinds_and_decks_with_counts() {
    let (mut app, _d) = app();
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn review_shows_prompt_then_hints_then_answer_with_intervals() {
    let (mut app, _d) = app();
    // Rows: all decks, LeetCode, its deck, ML coding, ML breadth, ...: open ML breadth.
    press(&mut app, "jjjj\n", now());
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
    let t = draw(&mut app, 80, 24);
    insta::assert_snapshot!("review_prompt", t.backend());
    press(&mut app, "h", now());
    insta::assert_snapshot!("review_hint", draw(&mut app, 80, 24).backend());
    press(&mut app, " ", now());
    insta::assert_snapshot!("review_answer", draw(&mut app, 80, 24).backend());
}

#[test]
fn grading_commits_and_undo_brings_the_card_back() {
    let (mut app, _d) = app();
    press(&mut app, "r", now());
    let first = current(&app);
    press(&mut app, " 3", now());
    assert_ne!(current(&app), first);
    assert_eq!(
        app.study
            .store
            .card_log(&first.clone().unwrap())
            .unwrap()
            .len(),
        1
    );
    press(&mut app, "u", now() + Duration::seconds(5));
    assert_eq!(current(&app), first);
    assert!(
        app.study
            .store
            .card_log(&first.unwrap())
            .unwrap()
            .is_empty()
    );
    assert!(app.status.as_deref().unwrap().starts_with("undid Good"));
}

#[test]
fn a_learning_card_returns_after_its_step() {
    let (study, _d) = study_with(&[("breadth.md", FIXTURE)]);
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    press(&mut app, "r", now());
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
    press(&mut app, " 1", now()); // Again: back in 1 minute
    assert_eq!(current(&app).as_deref(), Some("fx-escape"));
    press(&mut app, " 4", now());
    // Nothing else is due; within the learn-ahead window the card comes back.
    app.tick(now() + Duration::minutes(2)).unwrap();
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
}

#[test]
fn escape_sequences_in_content_never_reach_the_terminal() {
    let (mut app, _d) = app();
    press(&mut app, "r", now());
    for _ in 0..3 {
        if current(&app).as_deref() == Some("fx-escape") {
            break;
        }
        press(&mut app, " 4", now());
    }
    assert_eq!(current(&app).as_deref(), Some("fx-escape"));
    press(&mut app, " ", now());
    let t = draw(&mut app, 80, 24);
    let cells: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(!cells.contains('\x1b'));
    assert!(cells.contains("^[[31m"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn help_lists_the_keys_of_the_screen() {
    let (mut app, _d) = app();
    press(&mut app, "r?", now());
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
    press(&mut app, "?", now());
    assert!(!app.help);
}

#[test]
fn empty_review_says_what_is_next() {
    let (mut app, _d) = app();
    press(&mut app, "r", now());
    for _ in 0..3 {
        press(&mut app, " 4", now());
    }
    assert!(current(&app).is_none());
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn long_answers_scroll() {
    let long: String = (1..=200).map(|i| format!("- line {i}\n")).collect();
    let deck = format!(
        "+++\ntitle = \"Long\"\nkind = \"breadth\"\n+++\n## Long one {{#long}}\n### Answer\n{long}"
    );
    let (study, _d) = study_with(&[("long.md", &deck)]);
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    press(&mut app, "r ", now());
    for _ in 0..30 {
        app.on_key(KeyEvent::from(KeyCode::PageDown), now())
            .unwrap();
    }
    let t = draw(&mut app, 80, 24);
    let text: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        text.contains("line 200"),
        "the end of a long answer is reachable"
    );
    assert!(!text.contains("line 1 "));
}

#[test]
fn works_at_80x24_and_in_a_tiny_terminal() {
    let (mut app, _d) = app();
    draw(&mut app, 20, 6);
    press(&mut app, "r ", now());
    draw(&mut app, 20, 6);
    draw(&mut app, 60, 20);
}

fn current(app: &App) -> Option<String> {
    match &app.screen {
        Screen::Review(r) => r.current.clone(),
        _ => None,
    }
}

#[test]
fn a_grade_that_cannot_be_saved_is_reported_and_can_be_retried() {
    let (mut app, _d) = app();
    press(&mut app, "r", now());
    let first = current(&app);
    // Make every write fail, as a full disk or a read-only file would.
    app.study.store.set_read_only_for_tests(true);
    press(&mut app, " 3", now());
    assert_eq!(current(&app), first, "the card stays");
    assert!(
        app.status.as_deref().unwrap().contains("NOT saved"),
        "{:?}",
        app.status
    );
    app.study.store.set_read_only_for_tests(false);
    press(&mut app, "3", now());
    assert_ne!(current(&app), first);
    assert_eq!(app.study.store.card_log(&first.unwrap()).unwrap().len(), 1);
}

#[test]
fn stats_screen_shows_days_of_reviews_with_the_clock_moved() {
    let (mut app, _d) = app();
    // Three study days of reviews.
    for day in 0..3 {
        let at = now() + Duration::days(day);
        for id in ["fx-convexity", "fx-escape", "fx-sum"] {
            app.study
                .grade(
                    id,
                    crate::schedule::Grade::Good,
                    at,
                    Duration::seconds(30),
                    "review",
                )
                .unwrap();
        }
    }
    let later = now() + Duration::days(2) + Duration::hours(1);
    let dash = crate::stats::dashboard(&app.study, later).unwrap();
    assert_eq!(
        dash.reviews_per_day
            .iter()
            .rev()
            .take(3)
            .copied()
            .collect::<Vec<_>>(),
        vec![3, 3, 3]
    );
    assert_eq!(dash.heatmap.iter().map(|x| x.1).sum::<u32>(), 9);
    assert!(dash.forecast.iter().sum::<u32>() >= 3);
    press(&mut app, "s", later);
    let t = draw(&mut app, 80, 24);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("reviews, 16 weeks: 9"), "{screen}");
    press(&mut app, "4", later);
    let t = draw(&mut app, 80, 24);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("what to study next"), "{screen}");
    press(&mut app, "q", later);
    assert!(matches!(app.screen, Screen::Home(_)));
}

#[test]
fn a_suspended_card_leaves_the_review_session() {
    let (mut app, _d) = app();
    press(&mut app, "b", now());
    // Filter to new breadth cards via the text filter on the deck title.
    press(&mut app, "tbreadth\n", now());
    let Screen::Browse(b) = &app.screen else {
        panic!("not browsing")
    };
    assert_eq!(b.rows.len(), 2);
    let first = b.rows[0].clone();
    press(&mut app, "x", now());
    assert!(app.study.suspended.contains(&first));
    press(&mut app, "qr", now());
    let mut seen = Vec::new();
    while let Some(id) = current(&app) {
        seen.push(id);
        press(&mut app, " 4", now());
    }
    assert!(!seen.contains(&first), "{seen:?}");
    assert_eq!(seen.len(), 2);
}

#[test]
fn search_finds_a_misspelt_word_and_opens_the_card() {
    let (mut app, _d) = app();
    press(&mut app, "/convaxity", now());
    let t = draw(&mut app, 100, 30);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("Why does convexity matter"), "{screen}");
    app.on_key(KeyEvent::from(KeyCode::Enter), now()).unwrap();
    assert_eq!(current(&app).as_deref(), Some("fx-convexity"));
    press(&mut app, " 3", now());
    assert_eq!(app.study.store.card_log("fx-convexity").unwrap().len(), 1);
    press(&mut app, "\x1b", now());
    assert!(
        matches!(app.screen, Screen::Search(_)),
        "back to the search"
    );
}

const DEPTH: &str = "+++\ntitle = \"Depth\"\nkind = \"depth\"\n+++\n## Why this model? {#fx-dp-model}\ntags: modelling\n### Answer\nProbe the choice.\n";

const STORY: &str = "+++\ntitle = \"Fixed the eval leak\"\nlp = [\"dive-deep\", \"ownership\"]\nproject = \"Internship\"\n+++\n## Situation\nEval looked too good.\n## Action\nI traced the split.\n## Result\nHonest numbers.\n";

const BEHAVIOURAL: &str = "+++\ntitle = \"LP\"\nkind = \"behavioural\"\n+++\n## Tell me about a deep dive. {#fx-bh-dive}\nlp: dive-deep\n### Answer\nA STAR story.\n";

const DOSSIER: &str = "+++\ntitle = \"Job ranker\"\n+++\n## Problem and business goal\nRank jobs for applicants.\n## Key decisions and alternatives\nGBDT over a two-tower DNN.\n";

fn own_app() -> (App, tempfile::TempDir) {
    let (mut study, dir) = study_with(&[("depth.md", DEPTH), ("bh.md", BEHAVIOURAL)]);
    std::fs::create_dir_all(dir.path().join("stories")).unwrap();
    std::fs::create_dir_all(dir.path().join("projects")).unwrap();
    std::fs::write(dir.path().join("stories/leak.md"), STORY).unwrap();
    std::fs::write(dir.path().join("projects/ranker.md"), DOSSIER).unwrap();
    study.reload(now()).unwrap();
    (
        App::new(study, Start::Home, Theme { color: false }, now()).unwrap(),
        dir,
    )
}

#[test]
fn a_depth_drill_records_the_stall_level_and_grades_a_depth_card() {
    let (mut app, _d) = own_app();
    press(&mut app, "d\n", now());
    // Section 1 (framing: no framing card here): answer two levels, stall at the third.
    press(&mut app, "\n\ns", now());
    // Section 2 (modelling): stall at once.
    press(&mut app, "s", now());
    let t = draw(&mut app, 80, 24);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("Drill finished"), "{screen}");
    assert!(
        screen.contains("Weakest: Key decisions and alternatives"),
        "{screen}"
    );
    let summary = app.study.store.drill_summary().unwrap();
    assert_eq!(summary.len(), 2);
    let log = app.study.store.card_log("fx-dp-model").unwrap();
    assert_eq!(log.len(), 1, "the modelling card was graded from the drill");
    assert_eq!(log[0].1, crate::schedule::Grade::Again);
}

#[test]
fn stories_show_gaps_and_appear_during_behavioural_reviews() {
    let (mut app, _d) = own_app();
    press(&mut app, "o", now());
    let t = draw(&mut app, 80, 24);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains(
            " Story bank · Amazon's 16 Leadership Principles · 1 story, 1 dossier · 14 gaps"
        ),
        "{screen}"
    );
    press(&mut app, "q", now());
    // Review the behavioural card and open the user's stories for its principle.
    press(&mut app, "r", now());
    while current(&app).as_deref() != Some("fx-bh-dive") {
        press(&mut app, " 4", now());
    }
    press(&mut app, "o", now());
    let t = draw(&mut app, 80, 24);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("Fixed the eval leak"), "{screen}");
    assert!(screen.contains("I traced the split."), "{screen}");
    press(&mut app, "\x1b", now());
    assert!(matches!(app.screen, Screen::Review(_)));
}

#[test]
fn stories_are_one_key_away_in_a_mock_behavioural_segment() {
    let (app, _d) = own_app();
    let study = app.study;
    let lp = crate::mock::loops::parse_loop("b.toml", "name = \"B\"\n[[rounds]]\ntitle = \"R\"\n[[rounds.segments]]\ntitle = \"Story\"\nminutes = 10\nkinds = [\"behavioural\"]\n").0.unwrap();
    let pool = super::app::mock_pool(&study, now());
    let plan = crate::mock::plan::plan(&lp, &pool, &Default::default(), 1, false);
    let mut app = App::new(
        study,
        Start::Mock(Box::new(plan)),
        Theme { color: false },
        now(),
    )
    .unwrap();
    app.on_key(KeyEvent::from(KeyCode::Enter), now()).unwrap();
    app.on_key(KeyEvent::from(KeyCode::Esc), now()).unwrap();
    press(&mut app, "o", now());
    let t = draw(&mut app, 80, 24);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("Fixed the eval leak"), "{screen}");
}

#[test]
fn large_libraries_keep_text_on_disk_and_read_it_when_a_card_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("breadth.md"), FIXTURE).unwrap();
    let mut settings = Settings::with_roots(
        vec![ContentRoot::Dir(dir.path().to_path_buf())],
        dir.path().join("m.db"),
    );
    settings.lazy_text_bytes = 0; // every library counts as large
    let study = Study::open(settings, now()).unwrap();
    assert!(study.lazy_text);
    assert_eq!(
        study.card("fx-convexity").unwrap().answer(),
        "",
        "text is not held"
    );
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    press(&mut app, "r", now());
    draw(&mut app, 80, 24);
    press(&mut app, "h ", now());
    let t = draw(&mut app, 80, 24);
    let screen: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains("What does a local minimum guarantee?"),
        "{screen}"
    );
    assert!(screen.contains("every local minimum is"), "{screen}");
    // Search reads the decks one at a time and still finds words from answers.
    press(&mut app, "/", now());
    press(&mut app, "grad", now());
    let Screen::Search(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.selected(), Some("fx-convexity"));
}
