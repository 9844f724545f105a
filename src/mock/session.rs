//! The timed mock session: a state machine over the plan's items, driven by an injected clock.
//! Time is accumulated tick by tick while answering, so a resumed mock keeps the time already
//! spent and does not count the time it was closed. Serializable, so it can be saved and resumed.

use super::plan::{MockPlan, PlanItem};
use super::score::{self, Evidence, Verdict};
use crate::schedule::Grade;
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Phase {
    Plan,
    Answering,
    Review { round: usize },
    Report,
}

/// What the user did on one item.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ItemRecord {
    pub answer: String,
    pub hints: u32,
    /// Local tests passed / total for coding items, once run.
    pub tests: Option<(u32, u32)>,
    pub elapsed_ms: i64,
    /// Key points the user says the answer covered.
    pub checklist: Vec<bool>,
    pub follow_up: bool,
    pub grade: Option<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SegmentClock {
    pub elapsed_ms: i64,
    pub overtime: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoundScore {
    pub signals: Vec<u8>,
    pub overall: u8,
    pub evidence: Evidence,
}

/// Something the screen should tell the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Overtime { segment: String },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MockRun {
    pub plan: MockPlan,
    pub phase: Phase,
    pub pos: usize,
    pub items: Vec<ItemRecord>,
    pub clocks: Vec<Vec<SegmentClock>>,
    pub scores: Vec<Option<RoundScore>>,
    pub started_at: DateTime<Utc>,
    #[serde(skip)]
    last_tick: Option<DateTime<Utc>>,
}

impl MockRun {
    pub fn new(plan: MockPlan, now: DateTime<Utc>) -> MockRun {
        let clocks = plan
            .lp
            .rounds
            .iter()
            .map(|r| vec![SegmentClock::default(); r.segments.len()])
            .collect();
        let scores = vec![None; plan.lp.rounds.len()];
        let items = vec![ItemRecord::default(); plan.items.len()];
        MockRun {
            plan,
            phase: Phase::Plan,
            pos: 0,
            items,
            clocks,
            scores,
            started_at: now,
            last_tick: None,
        }
    }

    /// Leaves the plan screen; the clock starts.
    pub fn start(&mut self, now: DateTime<Utc>) {
        if self.phase == Phase::Plan {
            self.phase = if self.plan.items.is_empty() {
                Phase::Report
            } else {
                Phase::Answering
            };
        }
        self.last_tick = Some(now);
    }

    /// After a restart: the clock resumes from the time already spent.
    pub fn resume(&mut self, now: DateTime<Utc>) {
        self.last_tick = Some(now);
    }

    pub fn item(&self) -> Option<&PlanItem> {
        self.plan.items.get(self.pos)
    }

    pub fn record(&mut self) -> Option<&mut ItemRecord> {
        self.items.get_mut(self.pos)
    }

    /// Advances the clocks; returns a notice when a segment runs out of time.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Option<Notice> {
        let last = self.last_tick.replace(now)?;
        if self.phase != Phase::Answering {
            return None;
        }
        let dt = (now - last).num_milliseconds().clamp(0, 60 * 60 * 1000);
        let item = self.plan.items.get(self.pos)?.clone();
        if let Some(r) = self.items.get_mut(self.pos) {
            r.elapsed_ms += dt;
        }
        let budget = self.plan.lp.rounds[item.round].segments[item.segment].minutes;
        let clock = &mut self.clocks[item.round][item.segment];
        clock.elapsed_ms += dt;
        if !clock.overtime && clock.elapsed_ms as f64 > budget * 60_000.0 {
            clock.overtime = true;
            return Some(Notice::Overtime {
                segment: self.plan.lp.rounds[item.round].segments[item.segment]
                    .title
                    .clone(),
            });
        }
        None
    }

    /// Time left in the current segment (negative when over).
    pub fn segment_left(&self) -> Duration {
        let Some(item) = self.item() else {
            return Duration::zero();
        };
        let budget = self.plan.lp.rounds[item.round].segments[item.segment].minutes;
        Duration::milliseconds(
            (budget * 60_000.0) as i64 - self.clocks[item.round][item.segment].elapsed_ms,
        )
    }

    pub fn segment_budget(&self) -> Duration {
        self.item()
            .map(|i| {
                Duration::milliseconds(
                    (self.plan.lp.rounds[i.round].segments[i.segment].minutes * 60_000.0) as i64,
                )
            })
            .unwrap_or_default()
    }

    /// Time spent in a round and its budget.
    pub fn round_time(&self, round: usize) -> (Duration, Duration) {
        let spent = self
            .clocks
            .get(round)
            .map(|c| c.iter().map(|s| s.elapsed_ms).sum())
            .unwrap_or(0);
        let budget = self
            .plan
            .lp
            .rounds
            .get(round)
            .map(|r| r.minutes())
            .unwrap_or(0.0);
        (
            Duration::milliseconds(spent),
            Duration::milliseconds((budget * 60_000.0) as i64),
        )
    }

    /// Moves on to the next item (early is fine). At the end of a round, the round review.
    pub fn next(&mut self, now: DateTime<Utc>) {
        self.tick(now);
        if self.phase != Phase::Answering {
            return;
        }
        let round = self.item().map(|i| i.round).unwrap_or(0);
        self.pos += 1;
        if self.item().is_none_or(|i| i.round != round) {
            self.phase = Phase::Review { round };
        }
    }

    /// Items of a round, with their index.
    pub fn round_items(&self, round: usize) -> impl Iterator<Item = (usize, &PlanItem)> {
        self.plan
            .items
            .iter()
            .enumerate()
            .filter(move |(_, i)| i.round == round)
    }

    /// Hints, tests and overtime of a round: what caps its scores.
    pub fn evidence(&self, round: usize) -> Evidence {
        let mut e = Evidence {
            overtime: self
                .clocks
                .get(round)
                .is_some_and(|c| c.iter().any(|s| s.overtime)),
            ..Evidence::default()
        };
        for (i, item) in self.round_items(round) {
            let r = &self.items[i];
            e.hints += r.hints;
            if item.kind.is_some_and(|k| k.is_coding()) {
                let (p, t) = r.tests.unwrap_or((0, 0));
                let (ap, at) = e.tests.unwrap_or((0, 0));
                e.tests = Some((ap + p, at + t));
            }
        }
        e
    }

    /// Commits a round's scores (caps applied) and the card grades they imply; moves on.
    /// Returns the cards to grade into the schedule.
    pub fn score_round(
        &mut self,
        round: usize,
        signals: &[u8],
        overall: u8,
    ) -> Vec<(String, Grade)> {
        let kind = self.plan.lp.rounds[round].rubric;
        let evidence = self.evidence(round);
        let (signals, overall) = score::apply_caps(kind, &evidence, signals, overall);
        self.scores[round] = Some(RoundScore {
            signals,
            overall,
            evidence,
        });
        let mut grades = Vec::new();
        let items: Vec<(usize, PlanItem)> = self
            .round_items(round)
            .map(|(i, p)| (i, p.clone()))
            .collect();
        for (i, item) in items {
            let Some(id) = item.card_id else { continue };
            let r = &mut self.items[i];
            let score =
                if item.kind == Some(crate::content::Kind::Breadth) && !r.checklist.is_empty() {
                    score::checklist_score(
                        r.checklist.iter().filter(|c| **c).count(),
                        r.checklist.len(),
                        r.follow_up,
                    )
                } else {
                    overall
                };
            r.grade = Some(score);
            grades.push((id, score::grade_for(score)));
        }
        self.phase = if self.pos < self.plan.items.len() {
            Phase::Answering
        } else {
            Phase::Report
        };
        grades
    }

    /// The loop verdict over the scored rounds.
    pub fn verdict(&self) -> Verdict {
        let overall: Vec<u8> = self.scores.iter().flatten().map(|s| s.overall).collect();
        score::verdict(&overall)
    }

    /// The weakest round (for the extra round after a Mixed verdict).
    pub fn weak_round(&self) -> Option<usize> {
        self.scores
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|s| (s.overall, i)))
            .min()
            .map(|x| x.1)
    }

    /// Appends an extra round (already added to the plan) and continues answering.
    pub fn extend_with_round(&mut self, now: DateTime<Utc>) {
        let rounds = self.plan.lp.rounds.len();
        while self.clocks.len() < rounds {
            let segs = self.plan.lp.rounds[self.clocks.len()].segments.len();
            self.clocks.push(vec![SegmentClock::default(); segs]);
            self.scores.push(None);
        }
        self.items
            .resize(self.plan.items.len(), ItemRecord::default());
        if self.pos < self.plan.items.len() {
            self.phase = Phase::Answering;
            self.last_tick = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;
    use crate::mock::loops::parse_loop;
    use crate::mock::plan::{PoolCard, plan};
    use chrono::TimeZone;
    use std::collections::HashSet;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap()
    }

    fn run() -> MockRun {
        let text = "name = \"MS\"\n[[rounds]]\ntitle = \"R1\"\nrubric = \"leetcode\"\n[[rounds.segments]]\ntitle = \"Coding\"\nminutes = 45\nkinds = [\"leetcode\"]\n[[rounds.segments]]\ntitle = \"Behavioural\"\nminutes = 15\nkinds = [\"behavioural\"]\n[[rounds]]\ntitle = \"R2\"\n[[rounds.segments]]\ntitle = \"Breadth\"\nminutes = 10\nkinds = [\"breadth\"]\ncards = 2\n";
        let lp = parse_loop("ms.toml", text).0.unwrap();
        let pool: Vec<PoolCard> = [
            (Kind::Leetcode, "lc"),
            (Kind::Behavioural, "bh"),
            (Kind::Breadth, "br1"),
            (Kind::Breadth, "br2"),
        ]
        .into_iter()
        .map(|(kind, id)| PoolCard {
            id: id.into(),
            kind,
            difficulty: None,
            tags: vec![],
            companies: vec![],
            weakness: 0.0,
        })
        .collect();
        MockRun::new(plan(&lp, &pool, &HashSet::new(), 7, false), t0())
    }

    #[test]
    fn the_clock_counts_only_while_answering_and_marks_overtime() {
        let mut r = run();
        assert_eq!(
            r.tick(t0() + Duration::minutes(5)),
            None,
            "the plan screen does not count"
        );
        r.start(t0() + Duration::minutes(5));
        assert_eq!(r.segment_left(), Duration::minutes(45));
        r.tick(t0() + Duration::minutes(30));
        assert_eq!(r.segment_left(), Duration::minutes(20));
        let n = r.tick(t0() + Duration::minutes(51));
        assert_eq!(
            n,
            Some(Notice::Overtime {
                segment: "Coding".into()
            })
        );
        assert_eq!(r.segment_left(), Duration::minutes(-1));
        assert_eq!(
            r.tick(t0() + Duration::minutes(52)),
            None,
            "told once; the clock keeps going"
        );
        assert_eq!(r.round_time(0).0, Duration::minutes(47));
    }

    #[test]
    fn moving_through_rounds_reviews_and_grades() {
        let mut r = run();
        r.start(t0());
        r.record().unwrap().hints = 2;
        r.record().unwrap().tests = Some((7, 8));
        r.next(t0() + Duration::minutes(20));
        assert_eq!(r.phase, Phase::Answering);
        r.next(t0() + Duration::minutes(30));
        assert_eq!(r.phase, Phase::Review { round: 0 });
        let e = r.evidence(0);
        assert_eq!((e.hints, e.tests, e.overtime), (2, Some((7, 8)), false));
        let grades = r.score_round(0, &[4, 4, 4, 4], 3);
        let s = r.scores[0].as_ref().unwrap();
        assert_eq!(s.signals, vec![4, 3, 3, 4]);
        assert_eq!(s.overall, 3);
        assert_eq!(
            grades,
            vec![
                ("lc".to_string(), Grade::Good),
                ("bh".to_string(), Grade::Good)
            ]
        );
        assert_eq!(r.phase, Phase::Answering);
        // Round 2: breadth cards graded from their checklists.
        r.record().unwrap().checklist = vec![true, true, true];
        r.record().unwrap().follow_up = true;
        r.next(t0() + Duration::minutes(35));
        r.record().unwrap().checklist = vec![true, false, false, false];
        r.next(t0() + Duration::minutes(40));
        assert_eq!(r.phase, Phase::Review { round: 1 });
        let g = r.score_round(1, &[2, 2, 2, 2], 2);
        assert_eq!(
            g.iter().map(|x| x.1).collect::<Vec<_>>(),
            vec![Grade::Easy, Grade::Again]
        );
        assert_eq!(r.phase, Phase::Report);
        assert_eq!(r.verdict(), Verdict::Mixed);
        assert_eq!(r.weak_round(), Some(1));
    }

    #[test]
    fn a_saved_run_resumes_with_its_time() {
        let mut r = run();
        r.start(t0());
        r.tick(t0() + Duration::minutes(10));
        let json = serde_json::to_string(&r).unwrap();
        let mut back: MockRun = serde_json::from_str(&json).unwrap();
        // Closed for an hour: that hour is not counted.
        back.resume(t0() + Duration::minutes(70));
        back.tick(t0() + Duration::minutes(75));
        assert_eq!(back.segment_left(), Duration::minutes(30));
    }
}
