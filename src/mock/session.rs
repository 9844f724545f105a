//! The timed mock session: a state machine over the plan's items (answering, the interviewer's
//! follow-ups, the round review, a break between rounds, the report), driven by an injected
//! clock. Time is accumulated tick by tick from the caller's monotonic reading, so a resumed mock
//! keeps the time already spent, and neither a closed app, a break nor a wall-clock jump is
//! charged. Serializable, so it can be saved and resumed. Scoring lives in `review`.

use super::plan::{MockPlan, PlanItem};
use super::score::{self, Evidence, Sheet, Verdict};
use chrono::{DateTime, Duration, Utc};

pub use super::clock::Now;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Phase {
    Plan,
    Answering,
    /// The interviewer asks follow-up `index` about item `item`, on its own timer.
    FollowUp {
        item: usize,
        index: usize,
    },
    Review {
        round: usize,
    },
    /// Between rounds: round `after` is done; this time counts toward nothing.
    Break {
        after: usize,
    },
    Report,
}

pub use super::record::{Flow, FollowUpRecord, ItemRecord, RoundScore, SegmentClock};

/// Something the screen should tell the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Overtime { segment: String },
    FollowUpOvertime,
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
    /// Per round, one rubric sheet per scored segment (made when the round's review opens).
    #[serde(default)]
    pub sheets: Vec<Vec<Sheet>>,
    #[serde(default)]
    pub flow: Flow,
    /// Time spent in the current break.
    #[serde(default)]
    pub break_ms: i64,
    /// The caller's monotonic reading at the last tick (not saved: a resume starts afresh).
    #[serde(skip)]
    last_tick: Option<i64>,
}

impl MockRun {
    /// A run with the interviewer's full flow: follow-ups and breaks between rounds.
    pub fn new(plan: MockPlan, now: impl Into<Now>) -> MockRun {
        let now = now.into();
        let clocks = plan
            .lp
            .rounds
            .iter()
            .map(|r| vec![SegmentClock::default(); r.segments.len()])
            .collect();
        let scores = vec![None; plan.lp.rounds.len()];
        let items = vec![ItemRecord::default(); plan.items.len()];
        MockRun {
            sheets: vec![Vec::new(); plan.lp.rounds.len()],
            plan,
            phase: Phase::Plan,
            pos: 0,
            items,
            clocks,
            scores,
            started_at: now.wall,
            flow: Flow {
                follow_ups: true,
                breaks: true,
            },
            break_ms: 0,
            last_tick: None,
        }
    }

    /// Leaves the plan screen; the clock starts.
    pub fn start(&mut self, now: impl Into<Now>) {
        if self.phase == Phase::Plan {
            self.phase = if self.plan.items.is_empty() {
                Phase::Report
            } else {
                Phase::Answering
            };
        }
        self.last_tick = Some(now.into().mono_ms);
    }

    /// After a restart: the clock resumes from the time already spent (and a review saved
    /// before sheets existed gets its sheets).
    pub fn resume(&mut self, now: impl Into<Now>) {
        self.last_tick = Some(now.into().mono_ms);
        if let Phase::Review { round } = self.phase {
            self.ensure_sheets(round);
        }
    }

    pub fn item(&self) -> Option<&PlanItem> {
        self.plan.items.get(self.pos)
    }

    pub fn record(&mut self) -> Option<&mut ItemRecord> {
        self.items.get_mut(self.pos)
    }

    /// The text box's content: the follow-up's answer during a follow-up, else the item's.
    pub fn answer(&self) -> &str {
        match self.phase {
            Phase::FollowUp { item, index } => self
                .items
                .get(item)
                .and_then(|r| r.follow_ups.get(index))
                .map_or("", |f| f.answer.as_str()),
            _ => self.items.get(self.pos).map_or("", |r| r.answer.as_str()),
        }
    }

    pub fn set_answer(&mut self, text: String) {
        match self.phase {
            Phase::FollowUp { item, index } => {
                if let Some(f) = self
                    .items
                    .get_mut(item)
                    .and_then(|r| r.follow_ups.get_mut(index))
                {
                    f.answer = text;
                }
            }
            _ => {
                if let Some(r) = self.record() {
                    r.answer = text;
                }
            }
        }
    }

    /// The follow-up being asked: its question and time left on its own timer.
    pub fn follow_up(&self) -> Option<(&str, Duration)> {
        let Phase::FollowUp { item, index } = self.phase else {
            return None;
        };
        let f = self.items.get(item)?.follow_ups.get(index)?;
        let p = self.plan.items.get(item)?;
        let budget = self.plan.lp.rounds[p.round].segments[p.segment].follow_up_minutes;
        Some((
            f.question.as_str(),
            Duration::milliseconds((budget * 60_000.0) as i64 - f.elapsed_ms),
        ))
    }

    /// Advances the clocks; returns a notice when a segment or follow-up runs out of time.
    pub fn tick(&mut self, now: impl Into<Now>) -> Option<Notice> {
        let now = now.into();
        let last = self.last_tick.replace(now.mono_ms)?;
        let dt = (now.mono_ms - last).clamp(0, 60 * 60 * 1000);
        match self.phase {
            Phase::Answering => self.charge_item(dt),
            Phase::FollowUp { item, index } => {
                let p = self.plan.items.get(item)?;
                let budget = self.plan.lp.rounds[p.round].segments[p.segment].follow_up_minutes;
                let f = self.items.get_mut(item)?.follow_ups.get_mut(index)?;
                f.elapsed_ms += dt;
                if !f.overtime && f.elapsed_ms as f64 > budget * 60_000.0 {
                    f.overtime = true;
                    return Some(Notice::FollowUpOvertime);
                }
                None
            }
            Phase::Break { .. } => {
                self.break_ms += dt;
                None
            }
            _ => None,
        }
    }

    fn charge_item(&mut self, dt: i64) -> Option<Notice> {
        let item = self.plan.items.get(self.pos)?.clone();
        let budget = self.plan.lp.rounds[item.round].segments[item.segment].minutes;
        let clock = &mut self.clocks[item.round][item.segment];
        clock.elapsed_ms += dt;
        let newly = !clock.overtime && clock.elapsed_ms as f64 > budget * 60_000.0;
        clock.overtime |= newly;
        let over = clock.overtime;
        if let Some(r) = self.items.get_mut(self.pos) {
            r.elapsed_ms += dt;
            r.overtime |= over;
        }
        newly.then(|| Notice::Overtime {
            segment: self.plan.lp.rounds[item.round].segments[item.segment]
                .title
                .clone(),
        })
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

    /// Time spent in a round's segments and its budget (follow-ups and breaks not included).
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

    /// Moves on: from an answered card to its follow-up, from a follow-up to the next one or
    /// the next item (a blank follow-up answer counts as a pass). At the end of a round, the
    /// round review.
    pub fn next(&mut self, now: impl Into<Now>) {
        self.tick(now);
        match self.phase {
            Phase::Answering => {
                let pos = self.pos;
                if self.flow.follow_ups && self.ask_follow_up(pos, 0) {
                    return;
                }
                self.advance();
            }
            Phase::FollowUp { item, index } => {
                if let Some(f) = self
                    .items
                    .get_mut(item)
                    .and_then(|r| r.follow_ups.get_mut(index))
                {
                    f.passed |= f.answer.trim().is_empty();
                    f.done = true;
                }
                if !self.ask_follow_up(item, index + 1) {
                    self.advance();
                }
            }
            _ => {}
        }
    }

    /// "Pass" on the follow-up being asked.
    pub fn pass(&mut self, now: impl Into<Now>) {
        if let Phase::FollowUp { item, index } = self.phase
            && let Some(f) = self
                .items
                .get_mut(item)
                .and_then(|r| r.follow_ups.get_mut(index))
        {
            f.passed = true;
        }
        self.next(now);
    }

    /// Starts follow-up `index` of `item` if the card was answered and has one.
    fn ask_follow_up(&mut self, item: usize, index: usize) -> bool {
        let Some(question) = self
            .plan
            .items
            .get(item)
            .and_then(|p| p.follow_ups.get(index))
            .cloned()
        else {
            return false;
        };
        let Some(r) = self.items.get_mut(item) else {
            return false;
        };
        if r.answer.trim().is_empty() && r.tests.is_none_or(|(p, _)| p == 0) {
            return false;
        }
        if r.follow_ups.len() <= index {
            r.follow_ups.push(FollowUpRecord {
                question,
                ..FollowUpRecord::default()
            });
        }
        self.phase = Phase::FollowUp { item, index };
        true
    }

    fn advance(&mut self) {
        let round = self.item().map(|i| i.round).unwrap_or(0);
        self.pos += 1;
        self.phase = Phase::Answering;
        if self.item().is_none_or(|i| i.round != round) {
            self.phase = Phase::Review { round };
            self.ensure_sheets(round);
        }
    }

    /// Time left in the break (negative once it runs over; the user decides when to go on).
    pub fn break_left(&self) -> Duration {
        Duration::milliseconds((self.plan.lp.break_minutes * 60_000.0) as i64 - self.break_ms)
    }

    /// Ends the break: the next round starts; its clock starts now.
    pub fn end_break(&mut self, now: impl Into<Now>) {
        if let Phase::Break { .. } = self.phase {
            self.phase = Phase::Answering;
            self.break_ms = 0;
            self.last_tick = Some(now.into().mono_ms);
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

    /// Hints, tests and overtime of a whole round (the pre-issue-13 round screen's view).
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
    pub fn extend_with_round(&mut self, now: impl Into<Now>) {
        let rounds = self.plan.lp.rounds.len();
        while self.clocks.len() < rounds {
            let segs = self.plan.lp.rounds[self.clocks.len()].segments.len();
            self.clocks.push(vec![SegmentClock::default(); segs]);
            self.scores.push(None);
        }
        self.sheets.resize(rounds, Vec::new());
        self.items
            .resize(self.plan.items.len(), ItemRecord::default());
        if self.pos < self.plan.items.len() {
            self.phase = Phase::Answering;
            self.last_tick = Some(now.into().mono_ms);
        }
    }

    pub(super) fn last_tick_ms(&self) -> Option<i64> {
        self.last_tick
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
