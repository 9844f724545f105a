//! Test support for whole-app tests: fixture decks, an in-memory database, a fixed clock
//! (UTC, never the machine's zone), synthetic keys and the drawn screen as text.

pub(crate) use super::app::{App, Screen, Start};
pub(crate) use super::theme::Theme;
pub(crate) use crate::config::Settings;
pub(crate) use crate::content::ContentRoot;
pub(crate) use crate::study::Study;
pub(crate) use chrono::{DateTime, Duration, TimeZone, Utc};
pub(crate) use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
pub(crate) use ratatui::Terminal;
pub(crate) use ratatui::backend::TestBackend;

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
    (Study::in_memory(settings, now()), dir)
}

pub(crate) fn app() -> (App, tempfile::TempDir) {
    let (study, dir) = study_with(&[("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]);
    (
        App::new(study, Start::Home, Theme { color: false }, now()).unwrap(),
        dir,
    )
}

pub(crate) fn press(app: &mut App, keys: &str, at: DateTime<Utc>) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        app.on_key(KeyEvent::from(code), at).unwrap();
    }
}

pub(crate) fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| app.render(f)).unwrap();
    t
}

pub(crate) fn current(app: &App) -> Option<String> {
    match &app.screen {
        Screen::Review(r) => r.current.clone(),
        _ => None,
    }
}

pub(crate) const DEPTH: &str = "+++\ntitle = \"Depth\"\nkind = \"depth\"\n+++\n## Why this model? {#fx-dp-model}\ntags: modelling\n### Answer\nProbe the choice.\n";

pub(crate) const STORY: &str = "+++\ntitle = \"Fixed the eval leak\"\nlp = [\"dive-deep\", \"ownership\"]\nproject = \"Internship\"\n+++\n## Situation\nEval looked too good.\n## Action\nI traced the split.\n## Result\nHonest numbers.\n";

pub(crate) const BEHAVIOURAL: &str = "+++\ntitle = \"LP\"\nkind = \"behavioural\"\n+++\n## Tell me about a deep dive. {#fx-bh-dive}\nlp: dive-deep\n### Answer\nA STAR story.\n";

pub(crate) const DOSSIER: &str = "+++\ntitle = \"Job ranker\"\n+++\n## Problem and business goal\nRank jobs for applicants.\n## Key decisions and alternatives\nGBDT over a two-tower DNN.\n";

pub(crate) fn own_app() -> (App, tempfile::TempDir) {
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

/// An app over these decks, opened at `start`.
pub(crate) fn app_with(decks: &[(&str, &str)], start: Start) -> (App, tempfile::TempDir) {
    let (study, dir) = study_with(decks);
    (
        App::new(study, start, Theme { color: false }, now()).unwrap(),
        dir,
    )
}

/// The screen as text, one line per row.
pub(crate) fn screen_text(app: &mut App, w: u16, h: u16) -> String {
    let t = draw(app, w, h);
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

/// On a mock's rubric: presses `key` once per unscored row (each score moves to the next row).
pub(crate) fn score_rubric(app: &mut App, key: char, at: DateTime<Utc>) {
    let rows = match &app.screen {
        Screen::Mock(m) => match m.run.phase {
            crate::mock::session::Phase::Review { round } => m.run.unscored(round).len(),
            _ => 0,
        },
        _ => 0,
    };
    press(app, &key.to_string().repeat(rows), at);
}
