//! The interview planner's cost: 10,000 cards (three quarters with a review history), 60 days.

use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use mlprep::content::Kind;
use mlprep::plan::{PlanCard, PlanInput, default_seconds, simulate};
use mlprep::schedule::{CardState, Grade, Scheduler, SchedulerConfig};

fn plan(c: &mut Criterion) {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let t0 = Utc.with_ymd_and_hms(2027, 1, 1, 4, 0, 0).unwrap();
    let kinds = [
        Kind::Breadth,
        Kind::Leetcode,
        Kind::Design,
        Kind::Behavioural,
    ];
    let cards: Vec<PlanCard> = (0..10_000)
        .map(|i| {
            let kind = kinds[i % 4];
            let state = (i % 4 != 3).then(|| {
                let mut at = t0 - Duration::days(10 + (i % 200) as i64);
                let mut st = CardState::new(at);
                for _ in 0..(1 + i % 5) {
                    st = s.apply(&st, Grade::Good, kind, at).unwrap();
                    at = st.due.max(at + Duration::hours(1));
                    if at > t0 {
                        break;
                    }
                }
                st
            });
            PlanCard {
                id: format!("c{i}"),
                kind,
                deck: None,
                state,
            }
        })
        .collect();
    c.bench_function("plan 10k cards 60 days", |b| {
        b.iter(|| {
            simulate(&PlanInput {
                scheduler: &s,
                today: t0,
                interview: t0 + Duration::days(60),
                kinds: vec![Kind::Breadth, Kind::Leetcode],
                cards: cards.clone(),
                target: 0.9,
                daily_minutes: 120,
                mock_minutes: 0,
                seconds: default_seconds,
            })
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = plan
}
criterion_main!(benches);
