//! Criterion benchmark of device sync: merging 100,000 journal events written by 3 devices
//! (reviews over 3,000 cards, with undos and suspensions) into a fresh database, replaying
//! every card's schedule; and the sync that finds nothing new (run at every start and quit).
//! The figures go in the closing note, never in an assertion.

use chrono::{TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mlprep::journal::event::{Event, EventKind, FORMAT_VERSION};
use mlprep::journal::files::append;
use mlprep::schedule::{Scheduler, SchedulerConfig};
use mlprep::store::Store;
use std::path::Path;

const EVENTS: usize = 100_000;
const DEVICES: usize = 3;
const CARDS: usize = 3_000;

fn write_journals(dir: &Path) {
    let t0 = Utc
        .with_ymd_and_hms(2026, 1, 1, 8, 0, 0)
        .unwrap()
        .timestamp_millis();
    for d in 0..DEVICES {
        let device = format!("dev{d:09}");
        let mut lines = Vec::new();
        let mut last_review = String::new();
        for i in 0..EVENTS / DEVICES + usize::from(d < EVENTS % DEVICES) {
            // Spread over ten months, devices interleaved in time.
            let at = t0 + ((i * DEVICES + d) as i64) * 240_000;
            let id = format!("{device}.{i:016x}");
            let (kind, object, data) = match i % 100 {
                50 => (EventKind::Undo, last_review.clone(), serde_json::json!({})),
                75 => (
                    EventKind::Suspend,
                    format!("card-{}", i % CARDS),
                    serde_json::json!({"card": format!("card-{}", i % CARDS), "card_kind": "breadth", "on": i % 200 == 75}),
                ),
                _ => {
                    last_review = id.clone();
                    let card = format!("card-{}", (i * 7 + d * 13) % CARDS);
                    (
                        EventKind::Review,
                        id.clone(),
                        serde_json::json!({"card": card, "card_kind": "breadth", "grade": 1 + (i % 7).min(3), "duration_ms": 5000, "source": "review"}),
                    )
                }
            };
            let e = Event {
                v: FORMAT_VERSION,
                id,
                device: device.clone(),
                kind,
                object,
                at,
                data,
            };
            lines.push((at, e.line()));
        }
        append(dir, &device, &lines).unwrap();
    }
}

fn merge(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_journals(dir.path());
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let mut g = c.benchmark_group("journal");
    g.sample_size(10);
    g.bench_function("merge_100k_events_3_devices", |b| {
        b.iter_batched(
            || Store::open_in_memory().unwrap(),
            |mut store| {
                let out = mlprep::journal::sync(&mut store, &scheduler, dir.path(), now).unwrap();
                assert_eq!(out.merged.added.total(), EVENTS);
                assert!(out.issues.is_empty());
                store
            },
            BatchSize::PerIteration,
        )
    });
    // The sync run at every start and quit once everything is merged: read, find nothing new.
    let mut store = Store::open_in_memory().unwrap();
    mlprep::journal::sync(&mut store, &scheduler, dir.path(), now).unwrap();
    g.bench_function("resync_100k_events_nothing_new", |b| {
        b.iter(|| {
            let out = mlprep::journal::sync(&mut store, &scheduler, dir.path(), now).unwrap();
            assert_eq!(out.merged.added.total() + out.written, 0);
        })
    });
    g.finish();
}

criterion_group!(benches, merge);
criterion_main!(benches);
