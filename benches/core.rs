//! Criterion benchmarks on synthetic decks (`mlprep::synth`): parsing 10k / 100k cards, the
//! first sync into an empty database, a warm open, a grade with 100k rows in the review log,
//! search (the in-memory index alone, `mlprep search` from the persistent index, and a TUI
//! keystroke with its frame at 100k cards),
//! one frame of the review screen with a 200-line answer, and the custom study dialog's recount.

use chrono::{Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent};
use mlprep::config::Settings;
use mlprep::content::{ContentRoot, load_roots};
use mlprep::schedule::Grade;
use mlprep::store::Store;
use mlprep::study::{Filter, Study};
use mlprep::tui::{App, Start, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};

fn decks(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("decks");
    mlprep::synth::write_decks(&path, n, 100).unwrap();
    (dir, path)
}

fn settings(decks: &Path, db: PathBuf) -> Settings {
    Settings::with_roots(vec![ContentRoot::Dir(decks.to_path_buf())], db)
}

fn parse(c: &mut Criterion) {
    for n in [10_000, 100_000] {
        let (_d, path) = decks(n);
        let mut g = c.benchmark_group("load_and_parse");
        g.sample_size(if n > 10_000 { 10 } else { 30 });
        g.bench_function(format!("{n}_cards"), |b| {
            b.iter(|| {
                let lib = load_roots(&[ContentRoot::Dir(path.clone())]);
                assert_eq!(lib.card_count(), n);
            })
        });
        g.finish();
    }
}

fn sync(c: &mut Criterion) {
    let (dir, path) = decks(10_000);
    let lib = load_roots(&[ContentRoot::Dir(path.clone())]);
    let mut g = c.benchmark_group("sync");
    g.sample_size(20);
    let mut i = 0;
    g.bench_function("10000_cards_into_empty_db", |b| {
        b.iter_batched(
            || {
                i += 1;
                Store::open(&dir.path().join(format!("fresh-{i}.db"))).unwrap()
            },
            |mut store| store.sync(&lib.decks, Utc::now()).unwrap(),
            BatchSize::PerIteration,
        )
    });
    let warm_db = dir.path().join("warm.db");
    drop(Study::open(settings(&path, warm_db.clone()), Utc::now()).unwrap());
    g.bench_function("10000_cards_warm_open", |b| {
        b.iter(|| {
            let study = Study::open(settings(&path, warm_db.clone()), Utc::now()).unwrap();
            assert_eq!(study.sync.decks_changed, 0);
        })
    });
    g.finish();
}

fn grade(c: &mut Criterion) {
    let (dir, path) = decks(10_000);
    let db = dir.path().join("log.db");
    let mut study = Study::open(settings(&path, db), Utc::now()).unwrap();
    // 100,000 reviews: ten per card over the past year.
    let ids: Vec<String> = study.cards().map(|c| c.id.clone()).collect();
    let t0 = Utc.with_ymd_and_hms(2025, 11, 1, 9, 0, 0).unwrap();
    for round in 0..10 {
        for (k, id) in ids.iter().enumerate() {
            let at = t0 + Duration::days(round * 30) + Duration::seconds(k as i64);
            study
                .grade(
                    id,
                    Grade::Good,
                    at,
                    Duration::seconds(8),
                    mlprep::study::ReviewSource::Review,
                )
                .unwrap();
        }
    }
    let now = Utc::now();
    let mut session = study.session(&Filter::default(), now).unwrap();
    let mut current = ids[0].clone();
    c.bench_function("grade_commit_and_next_with_100k_log", |b| {
        b.iter(|| {
            let state = study
                .grade(
                    &current,
                    Grade::Good,
                    now,
                    Duration::seconds(5),
                    mlprep::study::ReviewSource::Review,
                )
                .unwrap();
            let (_, end) = study.day(now);
            session.reschedule(&current, &state, end);
            current = session.next(now).unwrap_or_else(|| ids[1].clone());
        })
    });
    // The same through `Study::answer`: source, leech check and sibling burying included.
    c.bench_function("answer_in_session_with_siblings_100k_log", |b| {
        b.iter(|| {
            study
                .answer(
                    &mut session,
                    &current,
                    Grade::Good,
                    now,
                    Duration::seconds(5),
                )
                .unwrap();
            current = session.next(now).unwrap_or_else(|| ids[1].clone());
        })
    });
    // Today's session once cards were answered today: the sibling index is built.
    c.bench_function("session_build_with_buried_siblings_10000_cards", |b| {
        b.iter(|| study.session(&Filter::default(), now).unwrap())
    });
}

fn search(c: &mut Criterion) {
    for n in [10_000, 100_000] {
        let (_d, path) = decks(n);
        let lib = load_roots(&[ContentRoot::Dir(path)]);
        let cards: Vec<&mlprep::content::Card> =
            lib.decks.iter().flat_map(|d| d.cards.iter()).collect();
        let index = mlprep::search::SearchIndex::new(cards.iter().copied());
        drop(cards);
        drop(lib);
        let mut g = c.benchmark_group(format!("search_{n}_cards"));
        g.sample_size(if n > 10_000 { 20 } else { 50 });
        // Each keystroke in the TUI re-runs the query on the whole index.
        for q in [
            "g",
            "gradient",
            "gradiant cache",
            "syn-42-7",
            "kind:breadth -tag:x gradient cache",
        ] {
            let name = q.replace([' ', ':'], "_");
            g.bench_function(format!("query_{name}"), |b| b.iter(|| index.query(q, 200)));
        }
        g.finish();
    }
}

/// `mlprep search` at 100,000 cards, once the persistent index is up to date: candidates from
/// the names-and-titles index (answers only when they could rank), ranked in memory. The whole
/// process adds start-up and the content fingerprint to this.
fn cli_search(c: &mut Criterion) {
    let (dir, path) = decks(100_000);
    let lib = load_roots(&[ContentRoot::Dir(path)]);
    let mut store = Store::open(&dir.path().join("cli.db")).unwrap();
    store.sync_search(&lib.decks, 1).unwrap();
    drop(lib);
    let mut g = c.benchmark_group("cli_search_100000_cards");
    g.sample_size(20);
    for q in ["gradiant cache", "syn-42-7", "softmax entropy margin"] {
        let parsed = mlprep::search::parse(q).unwrap();
        g.bench_function(format!("from_index_{}", q.replace(' ', "_")), |b| {
            b.iter(|| mlprep::commands::search_from_index(&store, &parsed, 20).unwrap())
        });
    }
    g.finish();
}

/// The persistent search index built from nothing (the first `mlprep search` after install or
/// after every deck changed): 10,000 cards into an empty database, word tables filled in bulk.
fn search_index_build(c: &mut Criterion) {
    let (dir, path) = decks(10_000);
    let lib = load_roots(&[ContentRoot::Dir(path)]);
    let mut g = c.benchmark_group("search_index_build");
    g.sample_size(10);
    let mut n = 0;
    g.bench_function("10000_cards_into_empty_index", |b| {
        b.iter_batched(
            || {
                n += 1;
                Store::open(&dir.path().join(format!("index-{n}.db"))).unwrap()
            },
            |mut store| store.sync_search(&lib.decks, 1).unwrap(),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// The TUI search screen at 100,000 cards: building the index on the first `/` (lazily held
/// decks read one at a time; the app does this on a worker thread), then one keystroke
/// (re-query plus a frame) as the user types.
fn tui_search(c: &mut Criterion) {
    let (dir, path) = decks(100_000);
    let study = Study::open(settings(&path, dir.path().join("tui.db")), Utc::now()).unwrap();
    let mut g = c.benchmark_group("tui_search_100000_cards");
    g.sample_size(10);
    g.bench_function("build_index", |b| {
        b.iter(|| mlprep::search::build_index(&study))
    });
    let now = Utc::now();
    let mut app = App::new(study, Start::Home, Theme { color: true }, now).unwrap();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    for ch in "/gradiant cach".chars() {
        app.on_key(KeyEvent::from(KeyCode::Char(ch)), now).unwrap();
    }
    // A large library's index is built on a worker: wait for it before timing keystrokes.
    while app.search_building() {
        std::thread::sleep(std::time::Duration::from_millis(10));
        app.tick(now).unwrap();
    }
    term.draw(|f| app.render(f)).unwrap();
    g.sample_size(30);
    // Alternately types `e` and deletes it: "gradiant cache" <-> "gradiant cach".
    let mut typed = false;
    g.bench_function("keystroke_and_frame", |b| {
        b.iter(|| {
            let key = if typed {
                KeyCode::Backspace
            } else {
                KeyCode::Char('e')
            };
            typed = !typed;
            app.on_key(KeyEvent::from(key), now).unwrap();
            term.draw(|f| app.render(f)).unwrap();
        })
    });
    g.finish();
}

fn stats_screen(c: &mut Criterion) {
    let (dir, path) = decks(10_000);
    let mut study = Study::open(settings(&path, dir.path().join("stats.db")), Utc::now()).unwrap();
    let ids: Vec<String> = study.cards().map(|c| c.id.clone()).collect();
    let t0 = Utc::now() - Duration::days(300);
    for round in 0..10 {
        for (k, id) in ids.iter().enumerate() {
            let at = t0 + Duration::days(round * 30) + Duration::seconds(k as i64);
            study
                .grade(
                    id,
                    Grade::Good,
                    at,
                    Duration::seconds(8),
                    mlprep::study::ReviewSource::Review,
                )
                .unwrap();
        }
    }
    let mut g = c.benchmark_group("stats");
    g.sample_size(20);
    g.bench_function("dashboard_with_100k_review_rows", |b| {
        b.iter(|| mlprep::stats::dashboard(&study, Utc::now()).unwrap())
    });
    g.finish();
}

fn frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    let mut answer = String::new();
    for i in 0..200 {
        match i % 20 {
            0 => answer.push_str("#### A sub-heading\n"),
            5 => answer.push_str("```python\nfor x in range(10):\n    print(x * x)\n```\n"),
            10 => answer.push_str("| a | b |\n|---|---|\n| 1 | 2 |\n"),
            _ => answer.push_str(&format!(
                "- item {i} with **bold** and `code` and a longer tail of words to wrap\n"
            )),
        }
    }
    std::fs::write(decks.join("long.md"), format!("+++\ntitle = \"Long\"\nkind = \"breadth\"\n+++\n## A long answer {{#long}}\n### Answer\n{answer}")).unwrap();
    let study = Study::open(settings(&decks, dir.path().join("f.db")), Utc::now()).unwrap();
    let now = Utc::now();
    let mut app = App::new(
        study,
        Start::Review(Filter::default()),
        Theme { color: true },
        now,
    )
    .unwrap();
    app.on_key(KeyEvent::from(KeyCode::Char(' ')), now).unwrap();
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    c.bench_function("review_frame_200_line_answer", |b| {
        b.iter(|| {
            term.draw(|f| app.render(f)).unwrap();
        })
    });
}

/// The custom study dialog recounts its selection at every key: the whole library once.
fn custom_dialog(c: &mut Criterion) {
    let (dir, path) = decks(100_000);
    let study = Study::open(settings(&path, dir.path().join("custom.db")), Utc::now()).unwrap();
    let now = Utc::now();
    let mut dialog =
        mlprep::tui::screens::custom::CustomState::new(&Filter::default(), false, &study, now);
    let mut g = c.benchmark_group("custom_dialog");
    g.sample_size(20);
    g.bench_function("recount_100k_cards", |b| {
        b.iter(|| dialog.refresh(&study, now))
    });
    g.finish();
}

criterion_group!(
    benches,
    parse,
    sync,
    grade,
    search,
    cli_search,
    search_index_build,
    tui_search,
    stats_screen,
    frame,
    custom_dialog
);
criterion_main!(benches);
