//! Simulated devices (separate databases, one shared folder): every order of syncs converges,
//! a second sync changes nothing, and damaged files lose nothing.

use super::*;
use crate::content::Kind;
use crate::mock::loops::parse_loop;
use crate::mock::plan::{PoolCard, plan};
use crate::mock::session::MockRun;
use crate::practice::{Effort, Report};
use crate::schedule::{CardState, Grade, SchedulerConfig};
use crate::store::{AttemptInput, ReviewInput};
use chrono::{Duration, TimeZone};
use std::collections::BTreeMap;

pub(crate) fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap() + Duration::minutes(minutes)
}

pub(crate) struct Device {
    pub store: Store,
    pub scheduler: Scheduler,
}

impl Device {
    pub fn new() -> Device {
        Device {
            store: Store::open_in_memory().unwrap(),
            scheduler: Scheduler::new(SchedulerConfig::default()).unwrap(),
        }
    }

    pub fn review(&mut self, card: &str, grade: Grade, at: DateTime<Utc>) {
        let before = self
            .store
            .states()
            .unwrap()
            .get(card)
            .copied()
            .filter(|s| s.reps > 0)
            .unwrap_or_else(|| CardState::new(at));
        let after = self
            .scheduler
            .apply(&before, grade, Kind::Breadth, at)
            .unwrap();
        self.store
            .record_review(&ReviewInput {
                card_id: card,
                kind: Kind::Breadth,
                at,
                grade,
                duration_ms: 4000,
                source: "review",
                before,
                after,
                card_hash: 1,
            })
            .unwrap();
    }

    pub fn undo(&mut self) {
        self.store.undo_last(&self.scheduler).unwrap();
    }

    pub fn suspend(&mut self, card: &str, on: bool, at: DateTime<Utc>) {
        self.store
            .set_suspended(card, Kind::Breadth, on, at)
            .unwrap();
    }

    pub fn mock(&mut self, answer: &str, at: DateTime<Utc>) {
        let lp = parse_loop("s.toml", "name = \"S\"\n[[rounds]]\ntitle = \"R\"\nrubric = \"breadth\"\n[[rounds.segments]]\ntitle = \"B\"\nminutes = 5\nkinds = [\"breadth\"]\n").0.unwrap();
        let pool = vec![PoolCard {
            id: "br-x".into(),
            kind: Kind::Breadth,
            ..Default::default()
        }];
        let mut run = MockRun::new(plan(&lp, &pool, &Default::default(), 3, false), at);
        run.start(at);
        let id = self.store.create_mock(&run, at).unwrap();
        run.record().unwrap().answer = answer.into();
        run.next(at + Duration::minutes(4));
        run.score_round(0, &[3, 2, 3, 4], 3);
        self.store
            .finish_mock(id, &run, "hire", at + Duration::minutes(5))
            .unwrap();
    }

    pub fn attempt(&mut self, card: &str, at: DateTime<Utc>) {
        let report = Report {
            results: vec![],
            fatal: None,
            stderr: String::new(),
            seconds: 1.5,
            notice: None,
        };
        self.store
            .record_attempt(&AttemptInput {
                card_id: card,
                started_at: at,
                finished_at: at + Duration::minutes(9),
                report: &report,
                effort: Effort {
                    elapsed: Duration::minutes(9),
                    hints: 1,
                    solution_shown: false,
                },
                source: "practice",
            })
            .unwrap();
    }

    pub fn drill(&mut self, at: DateTime<Utc>) {
        let d = self.store.start_drill("p.md", "Project", at).unwrap();
        self.store
            .record_drill_step(d, "Data", 2, 3, None, at + Duration::minutes(1))
            .unwrap();
    }

    pub fn sync(&mut self, dir: &Path, now: DateTime<Utc>) -> SyncOutcome {
        sync(&mut self.store, &self.scheduler, dir, now).unwrap()
    }

    /// What a user would compare between machines.
    pub fn picture(&self) -> Picture {
        let states: BTreeMap<String, CardState> = self
            .store
            .states()
            .unwrap()
            .into_iter()
            // A card with no live review is new wherever it is (its due time means nothing).
            .filter(|(_, s)| s.reps > 0)
            .collect();
        let mut suspended: Vec<String> = self.store.suspended().unwrap().into_iter().collect();
        suspended.sort();
        let mocks = self
            .store
            .mock_history()
            .unwrap()
            .into_iter()
            .map(|m| {
                format!(
                    "{} {} {} {:?} {:?} {}",
                    m.loop_name, m.started_at, m.status, m.verdict, m.mean_score, m.rounds_scored
                )
            })
            .collect::<Vec<_>>();
        let mut mocks = mocks;
        mocks.sort();
        let mut answers: Vec<String> = self
            .store
            .mock_history()
            .unwrap()
            .iter()
            .filter_map(|m| self.store.mock(m.id).unwrap())
            .map(|(_, run)| run.items[0].answer.clone())
            .collect();
        answers.sort();
        let mut attempts = self.store.attempts("lc-a").unwrap();
        attempts.sort_by_key(|a| a.started_at);
        Picture {
            reviews: self.store.synced_review_log().unwrap(),
            states: format!("{states:?}"),
            suspended,
            mocks,
            answers,
            attempts: format!("{attempts:?}"),
            drills: format!("{:?}", self.store.drill_summary().unwrap()),
            events: self.store.event_log().unwrap(),
        }
    }
}

#[derive(Debug, PartialEq)]
pub(crate) struct Picture {
    reviews: Vec<crate::store::SyncedReview>,
    states: String,
    suspended: Vec<String>,
    mocks: Vec<String>,
    answers: Vec<String>,
    attempts: String,
    drills: String,
    events: Vec<(String, String, String, i64)>,
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 1 {
        return vec![vec![0]];
    }
    let mut out = Vec::new();
    for p in permutations(n - 1) {
        for i in 0..n {
            let mut q = p.clone();
            q.insert(i, n - 1);
            out.push(q);
        }
    }
    out
}

/// Each device works offline: interleaved reviews of shared cards, an undo, a suspension (and a
/// change of mind), a mock, an attempt and a drill.
fn offline_work(devices: &mut [Device]) {
    let n = devices.len() as i64;
    for (i, d) in devices.iter_mut().enumerate() {
        let i = i as i64;
        d.review("br-shared", Grade::Good, t(i));
        d.review(&format!("br-own-{i}"), Grade::Again, t(10 + i));
        d.review("br-shared", Grade::Hard, t(20 + i));
        d.undo(); // takes back the Hard
        d.review("br-shared", Grade::Easy, t(30 + i));
        d.suspend("br-later", true, t(40 + i));
        d.suspend(&format!("br-own-{i}"), true, t(40 + i));
        d.mock(&format!("answer from device {i}"), t(50 + i * 10));
        d.attempt("lc-a", t(100 + i * 10));
        d.drill(t(200 + i));
    }
    devices[0].suspend("br-later", false, t(60 + n));
}

pub(crate) fn assert_converged(devices: &[Device]) {
    let first = devices[0].picture();
    for d in &devices[1..] {
        assert_eq!(d.picture(), first);
    }
}

fn every_order(n: usize) {
    for order in permutations(n) {
        let dir = tempfile::tempdir().unwrap();
        let mut devices: Vec<Device> = (0..n).map(|_| Device::new()).collect();
        offline_work(&mut devices);
        let mut now = t(1000);
        // Two rounds in this order: the first device sees the others only in round two.
        for _ in 0..2 {
            for &i in &order {
                now += Duration::minutes(1);
                devices[i].sync(dir.path(), now);
            }
        }
        assert_converged(&devices);
        let p = devices[0].picture();
        assert_eq!(p.reviews.len(), 4 * n);
        assert_eq!(
            p.suspended.len(),
            n,
            "own cards suspended, br-later unsuspended: {p:?}"
        );
        assert_eq!(p.mocks.len(), n);
        assert_eq!(p.answers.len(), n);
        assert_eq!(
            p.reviews.iter().filter(|r| r.4).count(),
            n,
            "one undone review per device"
        );
        // A second sync changes nothing.
        for &i in &order {
            now += Duration::minutes(1);
            let again = devices[i].sync(dir.path(), now);
            assert_eq!(
                (
                    again.recorded.total(),
                    again.merged.added.total(),
                    again.written
                ),
                (0, 0, 0),
                "{order:?}"
            );
        }
        assert_converged(&devices);
    }
}

#[test]
fn two_devices_converge_in_every_sync_order() {
    every_order(2);
}

#[test]
fn three_devices_converge_in_every_sync_order() {
    every_order(3);
}

#[test]
fn the_merged_schedule_equals_grading_everything_on_one_machine() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut one) = (Device::new(), Device::new(), Device::new());
    a.review("c", Grade::Good, t(0));
    b.review("c", Grade::Again, t(5));
    a.review("c", Grade::Good, t(60 * 30));
    one.review("c", Grade::Good, t(0));
    one.review("c", Grade::Again, t(5));
    one.review("c", Grade::Good, t(60 * 30));
    a.sync(dir.path(), t(9000));
    b.sync(dir.path(), t(9001));
    a.sync(dir.path(), t(9002));
    for d in [&a, &b] {
        assert_eq!(
            d.store.states().unwrap()["c"],
            one.store.states().unwrap()["c"]
        );
    }
}

#[test]
fn an_undo_arriving_from_another_device_reschedules_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (Device::new(), Device::new());
    a.review("c", Grade::Good, t(0));
    a.sync(dir.path(), t(10));
    b.sync(dir.path(), t(11));
    assert_eq!(b.store.card_log("c").unwrap().len(), 1);
    b.undo();
    b.sync(dir.path(), t(12));
    a.sync(dir.path(), t(13));
    assert!(a.store.card_log("c").unwrap().is_empty());
    assert_converged(&[a, b]);
}

#[test]
fn a_database_copied_to_another_machine_gets_its_own_journal() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Device::new();
    a.review("c", Grade::Good, t(0));
    let first = a.sync(dir.path(), t(1)).device;
    a.store
        .set_sync_meta("device_host", "the-old-laptop")
        .unwrap();
    a.review("d", Grade::Good, t(2));
    let out = a.sync(dir.path(), t(3));
    assert_ne!(out.device, first);
    assert_eq!(out.written, 1, "only the new review goes to the new file");
    assert_eq!(a.sync(dir.path(), t(4)).device, out.device);
}

#[test]
fn status_counts_pending_events_without_changing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (Device::new(), Device::new());
    a.review("c", Grade::Good, t(0));
    a.review("d", Grade::Good, t(1));
    let s = status(&mut a.store, dir.path(), t(5)).unwrap();
    assert_eq!((s.to_write, s.to_merge, s.devices.len()), (2, 0, 0));
    a.sync(dir.path(), t(6));
    let s = status(&mut b.store, dir.path(), t(7)).unwrap();
    assert_eq!((s.to_write, s.to_merge), (0, 2));
    assert_eq!(s.devices.len(), 1);
    assert_eq!(s.devices[0].last_sync, Some(t(6).timestamp_millis()));
    assert!(b.store.card_log("c").unwrap().is_empty());
}
