//! Scheduling: FSRS-6 (the `fsrs` crate) plus Anki / py-fsrs style learning and relearning steps,
//! as pure functions of (state, grade, now). No clock reads, no I/O. [`queue`] builds the day's
//! study order from these states.

pub mod preset;
pub mod queue;

pub use preset::{Preset, Steps};

use crate::content::Kind;
use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState};
use std::collections::HashMap;

/// The four answer buttons. Hard is a pass; a forgotten card is Again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Grade {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];
    pub fn from_number(n: i64) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| *g as i64 == n)
    }
    pub fn label(self) -> &'static str {
        match self {
            Grade::Again => "Again",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }
}

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    New,
    Learning,
    Review,
    Relearning,
}

impl Phase {
    pub fn slug(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }
    pub fn from_slug(s: &str) -> Phase {
        match s {
            "learning" => Phase::Learning,
            "review" => Phase::Review,
            "relearning" => Phase::Relearning,
            _ => Phase::New,
        }
    }
}

/// A card's scheduling state, derived from its review log and cached in the store.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardState {
    pub phase: Phase,
    pub step: u32,
    pub memory: Option<MemoryState>,
    pub due: DateTime<Utc>,
    pub last_review: Option<DateTime<Utc>>,
    pub reps: u32,
    pub lapses: u32,
}

impl CardState {
    pub fn new(now: DateTime<Utc>) -> CardState {
        CardState {
            phase: Phase::New,
            step: 0,
            memory: None,
            due: now,
            last_review: None,
            reps: 0,
            lapses: 0,
        }
    }
}

/// Settings the scheduler needs; defaults are Anki's and py-fsrs's.
#[derive(Debug, Clone)]
pub struct SchedulerConfig {
    pub desired_retention: f32,
    pub learning_steps: Vec<Duration>,
    pub relearning_steps: Vec<Duration>,
    pub maximum_interval_days: u32,
    /// FSRS parameters; empty means the crate's defaults.
    pub parameters: Vec<f32>,
    /// `[presets.<kind>]`: over the settings above for cards of that kind.
    pub kind_presets: HashMap<Kind, Preset>,
    /// A deck's `[schedule]` front matter, by deck path: over its kind's settings.
    pub deck_presets: HashMap<String, Preset>,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            desired_retention: 0.9,
            learning_steps: vec![Duration::minutes(1), Duration::minutes(10)],
            relearning_steps: vec![Duration::minutes(10)],
            maximum_interval_days: 36500,
            parameters: Vec::new(),
            kind_presets: HashMap::new(),
            deck_presets: HashMap::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("FSRS rejected the parameters or state: {0}")]
    Fsrs(String),
}

/// FSRS-6 with learning steps.
pub struct Scheduler {
    fsrs: FSRS,
    config: SchedulerConfig,
    kinds: HashMap<Kind, Steps>,
}

/// What a grade would do: shown on each grade button.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub grade: Grade,
    pub state: CardState,
}

impl Outcome {
    /// The interval as a person reads it: `10m`, `3d`, `2.1mo`, `1.4y`.
    pub fn interval_label(&self, now: DateTime<Utc>) -> String {
        interval_label(self.state.due - now)
    }
}

pub fn interval_label(d: Duration) -> String {
    let mins = d.num_minutes().max(0);
    let hours = (mins as f64 / 60.0).round() as i64;
    if mins < 60 {
        format!("{}m", mins.max(1))
    } else if hours < 24 {
        format!("{hours}h")
    } else {
        // 23h40m rounds to a day: "1d", never "24h".
        let days = d.num_days().max(1);
        if days < 31 {
            format!("{days}d")
        } else if days < 365 {
            format!("{:.1}mo", days as f64 / 30.4)
        } else {
            format!("{:.1}y", days as f64 / 365.0)
        }
    }
}

/// When a card is due, as the browser lists it: `now` when due, minutes or hours while it is due
/// within today's study day (ending at `day_end`), else whole study days ("1d" = tomorrow), so
/// cards due on the same day read the same.
pub fn due_label(due: DateTime<Utc>, now: DateTime<Utc>, day_end: DateTime<Utc>) -> String {
    if due <= now {
        "now".into()
    } else if due < day_end {
        interval_label(due - now)
    } else {
        let days = (due - day_end).num_days() + 1;
        interval_label(Duration::days(days))
    }
}

impl Scheduler {
    pub fn new(config: SchedulerConfig) -> Result<Scheduler, ScheduleError> {
        let fsrs =
            FSRS::new(&config.parameters).map_err(|e| ScheduleError::Fsrs(format!("{e:?}")))?;
        let base = Steps {
            desired_retention: config.desired_retention,
            learning: config.learning_steps.clone(),
            relearning: config.relearning_steps.clone(),
            maximum_interval_days: config.maximum_interval_days,
        };
        let kinds = Kind::ALL
            .iter()
            .map(|&k| {
                let mut st = base.clone();
                if k.is_coding() {
                    // A coding card is re-solved on another day, never minutes later.
                    st.learning.clear();
                    st.relearning.clear();
                }
                if let Some(p) = config.kind_presets.get(&k) {
                    st = p.over(&st);
                }
                (k, st)
            })
            .collect();
        Ok(Scheduler {
            fsrs,
            config,
            kinds,
        })
    }

    /// The settings a card of `kind` in `deck` is graded with.
    pub fn steps(&self, kind: Kind, deck: Option<&str>) -> Steps {
        let st = self.kinds.get(&kind).cloned().unwrap_or_else(|| Steps {
            desired_retention: self.config.desired_retention,
            learning: self.config.learning_steps.clone(),
            relearning: self.config.relearning_steps.clone(),
            maximum_interval_days: self.config.maximum_interval_days,
        });
        match deck.and_then(|d| self.config.deck_presets.get(d)) {
            Some(p) => p.over(&st),
            None => st,
        }
    }

    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// All four outcomes for a card reviewed at `now`.
    pub fn preview(
        &self,
        state: &CardState,
        kind: Kind,
        now: DateTime<Utc>,
    ) -> Result<[Outcome; 4], ScheduleError> {
        self.preview_in(state, kind, None, now)
    }

    /// As [`Scheduler::preview`] with the deck's preset.
    pub fn preview_in(
        &self,
        state: &CardState,
        kind: Kind,
        deck: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<[Outcome; 4], ScheduleError> {
        let mut out = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy].map(|g| Outcome {
            grade: g,
            state: *state,
        });
        for o in &mut out {
            o.state = self.apply_in(state, o.grade, kind, deck, now)?;
        }
        Ok(out)
    }

    /// The state after grading at `now` under the kind's settings (coding kinds have no sub-day
    /// steps unless a preset gives them some).
    pub fn apply(
        &self,
        state: &CardState,
        grade: Grade,
        kind: Kind,
        now: DateTime<Utc>,
    ) -> Result<CardState, ScheduleError> {
        self.apply_in(state, grade, kind, None, now)
    }

    /// As [`Scheduler::apply`], with the deck's preset (if any) over the kind's.
    pub fn apply_in(
        &self,
        state: &CardState,
        grade: Grade,
        kind: Kind,
        deck: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<CardState, ScheduleError> {
        let cfg = self.steps(kind, deck);
        let elapsed = state
            .last_review
            .map(|t| (now - t).num_days().max(0) as u32)
            .unwrap_or(0);
        let next = self
            .fsrs
            .next_states(state.memory, cfg.desired_retention, elapsed)
            .map_err(|e| ScheduleError::Fsrs(format!("{e:?}")))?;
        let item = match grade {
            Grade::Again => next.again,
            Grade::Hard => next.hard,
            Grade::Good => next.good,
            Grade::Easy => next.easy,
        };
        let memory = item.memory;
        let days = |item_interval: f32| -> Duration {
            let d = (item_interval.round() as i64).clamp(1, cfg.maximum_interval_days as i64);
            Duration::days(d)
        };
        let (learning, relearning) = (&cfg.learning[..], &cfg.relearning[..]);
        let mut s = CardState {
            phase: state.phase,
            step: state.step,
            memory: Some(memory),
            due: now,
            last_review: Some(now),
            reps: state.reps + 1,
            lapses: state.lapses,
        };
        let interval = match state.phase {
            Phase::New | Phase::Learning => steps(
                &mut s,
                grade,
                learning,
                days(item.interval),
                Phase::Learning,
            ),
            Phase::Relearning => steps(
                &mut s,
                grade,
                relearning,
                days(item.interval),
                Phase::Relearning,
            ),
            Phase::Review => {
                if grade == Grade::Again {
                    s.lapses += 1;
                    if relearning.is_empty() {
                        days(item.interval)
                    } else {
                        s.phase = Phase::Relearning;
                        s.step = 0;
                        relearning[0]
                    }
                } else {
                    days(item.interval)
                }
            }
        };
        s.due = now + interval;
        Ok(s)
    }

    /// Replays a card's reviews (time order) from new: the state the log implies.
    pub fn replay(
        &self,
        kind: Kind,
        reviews: &[(DateTime<Utc>, Grade)],
    ) -> Result<Option<CardState>, ScheduleError> {
        self.replay_in(kind, None, reviews)
    }

    /// As [`Scheduler::replay`] with the deck's preset.
    pub fn replay_in(
        &self,
        kind: Kind,
        deck: Option<&str>,
        reviews: &[(DateTime<Utc>, Grade)],
    ) -> Result<Option<CardState>, ScheduleError> {
        let mut state: Option<CardState> = None;
        for &(at, grade) in reviews {
            let cur = state.unwrap_or_else(|| CardState::new(at));
            state = Some(self.apply_in(&cur, grade, kind, deck, at)?);
        }
        Ok(state)
    }

    /// Probability of recall now (None for cards never reviewed).
    pub fn retrievability(&self, state: &CardState, now: DateTime<Utc>) -> Option<f32> {
        let memory = state.memory?;
        let days = state
            .last_review
            .map(|t| (now - t).num_seconds().max(0) as f32 / 86400.0)?;
        let decay = self
            .config
            .parameters
            .get(20)
            .copied()
            .unwrap_or(fsrs::DEFAULT_PARAMETERS[20]);
        Some(fsrs::current_retrievability(memory, days, decay))
    }
}

/// Learning / relearning steps, py-fsrs semantics. Returns the interval to the next review.
fn steps(
    s: &mut CardState,
    grade: Grade,
    steps: &[Duration],
    graduate: Duration,
    phase: Phase,
) -> Duration {
    s.phase = phase;
    if steps.is_empty() || (s.step as usize >= steps.len() && grade != Grade::Again) {
        s.phase = Phase::Review;
        s.step = 0;
        return graduate;
    }
    match grade {
        Grade::Again => {
            s.step = 0;
            steps[0]
        }
        Grade::Hard => {
            if s.step == 0 && steps.len() == 1 {
                steps[0] * 3 / 2
            } else if s.step == 0 {
                (steps[0] + steps[1]) / 2
            } else {
                steps[s.step as usize]
            }
        }
        Grade::Good => {
            if s.step as usize + 1 >= steps.len() {
                s.phase = Phase::Review;
                s.step = 0;
                graduate
            } else {
                s.step += 1;
                steps[s.step as usize]
            }
        }
        Grade::Easy => {
            s.phase = Phase::Review;
            s.step = 0;
            graduate
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
