//! A loop file as written: the TOML shapes, with spans so every problem can name its line,
//! before any value is checked.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LoopFile {
    pub(super) name: Spanned<String>,
    #[serde(default)]
    pub(super) description: String,
    /// The break between rounds (default 5).
    pub(super) break_minutes: Option<f64>,
    /// A company loop: its card draws prefer cards whose `companies:` name it.
    pub(super) company: Option<String>,
    pub(super) rounds: Spanned<Vec<RoundFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RoundFile {
    pub(super) title: Spanned<String>,
    /// The rubric the round is scored with (a kind); default: the first segment's first kind.
    pub(super) rubric: Option<Spanned<String>>,
    /// Only included with `--with-optional` (e.g. the PhD tech-talk round).
    #[serde(default)]
    pub(super) optional: bool,
    pub(super) segments: Spanned<Vec<SegmentFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SegmentFile {
    pub(super) title: Spanned<String>,
    pub(super) minutes: Spanned<f64>,
    #[serde(default = "no_list")]
    pub(super) kinds: Spanned<Vec<String>>,
    #[serde(default)]
    pub(super) cards: Option<Spanned<i64>>,
    pub(super) difficulty: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    /// Draw only from these card ids (a company loop's known questions).
    #[serde(default = "no_list")]
    pub(super) ids: Spanned<Vec<String>>,
    /// Shown for segments without cards (intro, candidate's questions).
    #[serde(default)]
    pub(super) prompt: String,
    /// Follow-ups asked after each answered card (default 1 for breadth, depth, design and
    /// behavioural segments, else 0), each on its own timer.
    pub(super) follow_ups: Option<Spanned<i64>>,
    pub(super) follow_up_minutes: Option<Spanned<f64>>,
    /// The rubric this segment is scored with; default: its card's kind.
    pub(super) rubric: Option<Spanned<String>>,
    /// A project deep-dive: "walk me through the project" from the user's dossier, then depth
    /// cards of the families it touches.
    #[serde(default)]
    pub(super) deep_dive: bool,
    /// Segments of a round sharing a `choice` are alternatives: the planner keeps one.
    #[serde(default)]
    pub(super) choice: String,
}

fn no_list() -> Spanned<Vec<String>> {
    Spanned::new(0..0, Vec::new())
}
