//! What a mock session records: per item the answer, hints, tests, time, checklist, follow-ups
//! and grade; per segment its clock; per round its score. Serialized in the saved session, so
//! every field added after the first release has a serde default (old saves still load).

use super::score::{Evidence, SegmentScore};

/// A follow-up the interviewer asked, and what the user said.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FollowUpRecord {
    pub question: String,
    pub answer: String,
    /// The user said "pass" (a blank answer counts as passed too).
    pub passed: bool,
    pub elapsed_ms: i64,
    pub overtime: bool,
    /// Moved on from it (it is final).
    #[serde(default)]
    pub done: bool,
}

impl FollowUpRecord {
    pub fn handled(&self) -> bool {
        self.done && !self.passed && !self.answer.trim().is_empty()
    }
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
    /// Pre-follow-up saves: the user's own "handled a follow-up" tick.
    pub follow_up: bool,
    /// The grade committed to the schedule (1–4).
    pub grade: Option<u8>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUpRecord>,
    /// Answered (at least partly) while its segment was past its budget.
    #[serde(default)]
    pub overtime: bool,
    /// The grade the user chose on the round review over the proposed one.
    #[serde(default)]
    pub grade_choice: Option<u8>,
    /// The AI interviewer's proposal on the round review, if asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai: Option<super::ai::ItemProposal>,
}

impl ItemRecord {
    /// Nothing written and no test passing.
    pub fn is_empty(&self) -> bool {
        self.answer.trim().is_empty() && self.tests.is_none_or(|(p, _)| p == 0)
    }
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SegmentClock {
    pub elapsed_ms: i64,
    pub overtime: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoundScore {
    /// Pre-issue-13 saves: the round rubric's signals.
    pub signals: Vec<u8>,
    pub overall: u8,
    pub evidence: Evidence,
    /// Each scored segment with its own rubric, caps and overall.
    #[serde(default)]
    pub segments: Vec<SegmentScore>,
    /// The minutes-weighted mean of the segments.
    #[serde(default)]
    pub mean: f64,
    /// A behavioural segment at 2 or below held the round at 2.
    #[serde(default)]
    pub behavioural_held: bool,
    /// Round-level limits that applied, in words.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Which parts of the interviewer's flow run (old saves: neither).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Flow {
    pub follow_ups: bool,
    pub breaks: bool,
}
