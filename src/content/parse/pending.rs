//! A card being read: its heading facts, the `###` sections seen so far and its metadata
//! lines; the section names and metadata keys a card may use.

use super::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Section {
    Body,
    Hints,
    Answer,
    KeyPoints,
    FollowUps,
    Starter,
    Tests,
    Solution,
    Unknown,
}

impl Section {
    pub(super) fn from_heading(s: &str) -> Option<Section> {
        let norm: String = s
            .trim()
            .trim_end_matches(':')
            .to_ascii_lowercase()
            .replace(['-', '_'], " ");
        Some(match norm.as_str() {
            "hints" | "hint" => Section::Hints,
            "answer" => Section::Answer,
            "key points" | "keypoints" => Section::KeyPoints,
            "follow ups" | "followups" | "follow up" => Section::FollowUps,
            "starter" => Section::Starter,
            "tests" => Section::Tests,
            "solution" => Section::Solution,
            _ => return None,
        })
    }
    pub(super) fn name(self) -> &'static str {
        match self {
            Section::Body => "prompt",
            Section::Hints => "Hints",
            Section::Answer => "Answer",
            Section::KeyPoints => "Key points",
            Section::FollowUps => "Follow-ups",
            Section::Starter => "Starter",
            Section::Tests => "Tests",
            Section::Solution => "Solution",
            Section::Unknown => "unknown",
        }
    }
}

/// A card being read: heading facts plus the sections seen so far.
pub(super) struct Pending {
    pub(super) line: usize,
    pub(super) start: usize,
    pub(super) id: String,
    pub(super) prompt: String,
    pub(super) derived_id: bool,
    pub(super) meta_open: bool,
    pub(super) meta: Meta,
    pub(super) sections: Vec<(Section, usize, usize, usize)>, // section, heading line, start, end
    pub(super) current: Section,
    pub(super) current_start: usize,
    pub(super) current_line: usize,
    pub(super) bad: bool,
}

#[derive(Default)]
pub(super) struct Meta {
    pub(super) difficulty: Option<Difficulty>,
    pub(super) tags: Vec<String>,
    pub(super) minutes: Option<u32>,
    pub(super) companies: Vec<String>,
    pub(super) lps: Vec<String>,
    pub(super) related: Option<String>,
    pub(super) aliases: Vec<String>,
    pub(super) timeout: Option<f32>,
    pub(super) requires: Vec<String>,
    pub(super) siblings: Vec<String>,
}

pub(super) const META_KEYS: [&str; 10] = [
    "difficulty",
    "tags",
    "minutes",
    "companies",
    "lp",
    "related",
    "aliases",
    "timeout",
    "requires",
    "siblings",
];
