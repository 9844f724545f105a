//! Loop formats: TOML files (`loops/*.toml`) describing rounds and segments. Parsed with spans
//! so every problem names its file and line; validated against the card pool.

mod file;
mod parse;

use crate::content::{Difficulty, Kind};
pub use parse::parse_loop;

/// A loop ready to plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Loop {
    /// The file stem (`ms`, `screen`, ...): what `--loop` takes.
    pub key: String,
    pub name: String,
    pub description: String,
    pub path: String,
    /// Cards naming this company (`companies:`) are drawn first.
    #[serde(default)]
    pub company: Option<String>,
    pub rounds: Vec<Round>,
    #[serde(default = "default_break")]
    pub break_minutes: f64,
}

fn default_break() -> f64 {
    5.0
}

fn default_follow_up_minutes() -> f64 {
    3.0
}

impl Loop {
    /// Rounds and minutes with or without the optional rounds: what `mock loops` prints and what
    /// the planner builds.
    pub fn summary(&self, with_optional: bool) -> (usize, f64) {
        let rounds: Vec<&Round> = self
            .rounds
            .iter()
            .filter(|r| with_optional || !r.optional)
            .collect();
        (rounds.len(), rounds.iter().map(|r| r.minutes()).sum())
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Round {
    pub title: String,
    pub rubric: Kind,
    /// No rubric in the file: the planner uses the kind of the round's first card.
    #[serde(default)]
    pub rubric_auto: bool,
    pub optional: bool,
    pub segments: Vec<Segment>,
}

impl Round {
    /// Planned minutes: alternatives of one `choice` count once.
    pub fn minutes(&self) -> f64 {
        let mut seen = std::collections::HashSet::new();
        self.segments
            .iter()
            .filter(|s| s.choice.is_empty() || seen.insert(s.choice.as_str()))
            .map(|s| s.minutes)
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    pub title: String,
    pub minutes: f64,
    pub kinds: Vec<Kind>,
    pub cards: usize,
    pub difficulty: Option<Difficulty>,
    pub tags: Vec<String>,
    #[serde(default)]
    pub ids: Vec<String>,
    pub prompt: String,
    #[serde(default)]
    pub follow_ups: usize,
    #[serde(default = "default_follow_up_minutes")]
    pub follow_up_minutes: f64,
    #[serde(default)]
    pub rubric: Option<Kind>,
    #[serde(default)]
    pub deep_dive: bool,
    #[serde(default)]
    pub choice: String,
}

impl Segment {
    /// A design slot of 30 minutes or more draws full cases, never a building block.
    pub fn full_cases_only(&self) -> bool {
        self.kinds.contains(&Kind::Design) && self.minutes >= 30.0
    }

    /// Whether a card with these properties may be drawn here (ids, difficulty, tags, blocks).
    pub fn accepts(
        &self,
        id: &str,
        kind: Kind,
        difficulty: Option<Difficulty>,
        tags: &[String],
    ) -> bool {
        self.kinds.contains(&kind)
            && (self.ids.is_empty() || self.ids.iter().any(|i| i == id))
            && self
                .difficulty
                .is_none_or(|d| difficulty.is_none_or(|cd| cd == d))
            && self.tags.iter().all(|t| tags.contains(t))
            && !(self.full_cases_only()
                && kind == Kind::Design
                && tags.iter().any(|t| t == "block"))
    }
}

pub(super) fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

#[cfg(test)]
use super::loops_pool::check_pool;
pub use super::loops_pool::load_loops;
#[cfg(test)]
use crate::content::Severity;

#[cfg(test)]
mod tests;
