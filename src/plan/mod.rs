//! Study toward an interview date. From each card's FSRS memory state: the predicted recall on
//! the day per round type, the cards the normal schedule would not show again before the date,
//! the new cards that must start now, and the daily new-card load that fits the user's minutes,
//! simulated day by day with reviews brought forward so recall on the day reaches the target.
//! Also the exam-style due cap the queue applies as the date nears. Pure: the clock and the
//! cards come in; nothing here reads the clock, the terminal or the database.

mod sim;
mod study;

pub use sim::simulate;

use crate::content::Kind;
use crate::schedule::{CardState, Scheduler};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// `[[interviews]]` in config.toml.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    pub date: NaiveDate,
    /// A loop key (`ms`, `screen`, …): its card kinds are the ones the plan prepares.
    #[serde(rename = "loop", default)]
    pub loop_key: Option<String>,
    /// Free text shown on the home screen ("Amazon applied scientist").
    #[serde(default)]
    pub name: Option<String>,
    /// Predicted recall on the day to aim for (default 0.9).
    #[serde(default)]
    pub target: Option<f32>,
}

/// One card as the planner sees it, in the order new cards should be introduced.
#[derive(Debug, Clone)]
pub struct PlanCard {
    pub id: String,
    pub kind: Kind,
    pub deck: Option<String>,
    pub state: Option<CardState>,
}

/// Everything a plan depends on.
pub struct PlanInput<'a> {
    pub scheduler: &'a Scheduler,
    /// Start of the current study day.
    pub today: DateTime<Utc>,
    /// Start of the interview's study day.
    pub interview: DateTime<Utc>,
    /// The round types to prepare (empty = every kind).
    pub kinds: Vec<Kind>,
    pub cards: Vec<PlanCard>,
    pub target: f32,
    pub daily_minutes: u32,
    /// Minutes of one full mock loop, shown on mock days (not counted in the daily budget).
    pub mock_minutes: u32,
    /// Seconds per review and per new card, by kind.
    pub seconds: fn(Kind) -> (u32, u32),
}

/// One day of the plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlanDay {
    pub date: NaiveDate,
    pub new: u32,
    pub reviews: u32,
    pub minutes: u32,
    pub mock: bool,
}

/// Readiness for one round type.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KindReadiness {
    pub kind: Kind,
    pub cards: usize,
    /// Cards with a memory state today, and on the day if the plan is followed.
    pub studied_now: usize,
    pub studied_on_day: usize,
    /// Mean predicted recall on the day over studied cards: if you stop now / with the plan.
    pub recall_if_idle: Option<f32>,
    pub recall_on_day: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NotSeen {
    pub id: String,
    pub kind: Kind,
    /// Predicted recall on the day without another review.
    pub recall: f32,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Plan {
    pub days: Vec<PlanDay>,
    pub new_per_day: u32,
    /// New cards of the prepared kinds not yet started, and how many the plan starts.
    pub new_waiting: usize,
    pub new_started: usize,
    /// The first day's new cards: the ones to start now.
    pub start_now: Vec<String>,
    pub not_seen_before: Vec<NotSeen>,
    pub readiness: Vec<KindReadiness>,
    /// Whether every day fits the daily minutes (false: the reviews alone exceed them).
    pub fits: bool,
    pub mocks: Vec<NaiveDate>,
    pub target: f32,
    /// The user's daily new-card limit (`new_per_day`), when known: `r` introduces no more.
    pub new_limit: Option<u32>,
}

impl Plan {
    /// When the plan starts more new cards a day than `r` will introduce: how to close the gap.
    pub fn limit_advice(&self) -> Option<String> {
        let limit = self.new_limit?;
        (self.new_per_day > limit).then(|| {
            format!(
                "Your new-card limit is {limit} a day and the plan starts {}: set new_per_day = {} in config.toml, or each day press c on home for {} more new cards.",
                self.new_per_day,
                self.new_per_day,
                self.new_per_day - limit
            )
        })
    }
}

/// FSRS-6 forgetting curve inverted: days after the last review when recall falls to `r`.
pub fn days_until_recall(stability: f32, r: f32, decay_w20: f32) -> f32 {
    let decay = -decay_w20;
    let factor = 0.9f32.powf(1.0 / decay) - 1.0;
    stability / factor * (r.powf(1.0 / decay) - 1.0)
}

fn decay(s: &Scheduler) -> f32 {
    s.config()
        .parameters
        .get(20)
        .copied()
        .unwrap_or(fsrs::DEFAULT_PARAMETERS[20])
}

/// The due date a card of a prepared kind gets as the interview nears: when its next review
/// would fall on or after the interview day, it moves to when recall would drop to `target`,
/// and never later than the day before the interview (never earlier than `now`). Other cards,
/// and every card once the interview has passed, keep their own due date.
pub fn capped_due(
    s: &Scheduler,
    state: &CardState,
    interview: DateTime<Utc>,
    target: f32,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    if now >= interview || state.due < interview {
        return state.due;
    }
    let (Some(m), Some(last)) = (state.memory, state.last_review) else {
        return state.due;
    };
    let days = days_until_recall(m.stability, target, decay(s));
    let at_target = last + Duration::seconds((days * 86400.0) as i64);
    if at_target >= interview {
        // Recall on the day stays at or above the target without another review.
        return state.due;
    }
    let latest = interview - Duration::days(1);
    at_target.min(latest).max(now)
}

/// Predicted recall at `at` (0 for a card never studied).
pub fn recall_at(s: &Scheduler, state: Option<&CardState>, at: DateTime<Utc>) -> f32 {
    state.and_then(|st| s.retrievability(st, at)).unwrap_or(0.0)
}

/// Seconds per review and per new card: defaults by kind (coding cards are re-solved).
pub fn default_seconds(kind: Kind) -> (u32, u32) {
    match kind {
        Kind::Leetcode | Kind::MlCoding => (600, 1500),
        Kind::Design => (300, 900),
        Kind::Behavioural => (120, 600),
        Kind::Depth => (90, 300),
        Kind::Breadth | Kind::Talk => (45, 180),
    }
}

/// Mock days: one a week, the last three days before the interview.
pub fn mock_days(today: NaiveDate, interview: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = interview - Duration::days(3);
    while d >= today {
        out.push(d);
        d -= Duration::days(7);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
