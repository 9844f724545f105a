//! The deck parser: one markdown file (bytes) -> a [`Deck`] plus every problem found, each with
//! its line. Line-based and allocation-light so `check` on 10,000 cards stays fast; fenced code
//! is tracked so `## ` inside code never starts a card.

mod card;
mod text;

use super::{Card, Deck, Difficulty, Kind, Problem, Severity, Span, fence};
use card::{apply_meta, finish, meta_line, start_card};
use serde::Deserialize as _;
use std::collections::BTreeMap;
use std::sync::Arc;
pub(crate) use text::hash_bytes;
pub use text::slugify;
use text::{control_column, line_offsets};

/// Cards larger than this are refused: no interview answer needs it, and a runaway file should
/// not stall the screen.
pub const MAX_CARD_BYTES: usize = 256 * 1024;
const MAX_CONTROL_REPORTS: usize = 5;

const LP_SLUGS: [&str; 16] = [
    "customer-obsession",
    "ownership",
    "invent-and-simplify",
    "are-right-a-lot",
    "learn-and-be-curious",
    "hire-and-develop-the-best",
    "insist-on-the-highest-standards",
    "think-big",
    "bias-for-action",
    "frugality",
    "earn-trust",
    "dive-deep",
    "have-backbone",
    "deliver-results",
    "earths-best-employer",
    "success-and-scale",
];

/// The Leadership-Principle slugs accepted in `lp:` metadata.
pub fn lp_slugs() -> &'static [&'static str] {
    &LP_SLUGS
}

#[derive(serde::Deserialize)]
struct FrontMatter {
    title: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    difficulty: Option<String>,
    minutes: Option<u32>,
    #[serde(default)]
    companies: Vec<String>,
    /// Sibling groups every card of the deck belongs to (see `siblings:` on a card).
    #[serde(default)]
    siblings: Vec<String>,
    #[serde(rename = "description")]
    _description: Option<String>,
    /// This deck's scheduler preset (`[schedule]`): steps, retention, maximum interval, limits.
    schedule: Option<toml::Value>,
    #[serde(flatten)]
    extra: BTreeMap<String, toml::Value>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
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
    fn from_heading(s: &str) -> Option<Section> {
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
    fn name(self) -> &'static str {
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

struct Defaults {
    tags: Vec<String>,
    difficulty: Option<Difficulty>,
    minutes: Option<u32>,
    companies: Vec<String>,
    siblings: Vec<String>,
}

struct Builder<'a> {
    path: &'a str,
    src: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Builder<'_> {
    fn report(&mut self, line: usize, severity: Severity, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.path.to_string(),
            line: line as u32,
            severity,
            message: message.into(),
        });
    }
}

/// A card being read: heading facts plus the sections seen so far.
struct Pending {
    line: usize,
    start: usize,
    id: String,
    prompt: String,
    derived_id: bool,
    meta_open: bool,
    meta: Meta,
    sections: Vec<(Section, usize, usize, usize)>, // section, heading line, start, end
    current: Section,
    current_start: usize,
    current_line: usize,
    bad: bool,
}

#[derive(Default)]
struct Meta {
    difficulty: Option<Difficulty>,
    tags: Vec<String>,
    minutes: Option<u32>,
    companies: Vec<String>,
    lps: Vec<String>,
    related: Option<String>,
    aliases: Vec<String>,
    timeout: Option<f32>,
    requires: Vec<String>,
    siblings: Vec<String>,
}

const META_KEYS: [&str; 10] = [
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

/// Parses one deck. Returns the deck (None when the file cannot be used at all) and every
/// problem found, in line order.
pub fn parse_deck(path: &str, bytes: &[u8]) -> (Option<Deck>, Vec<Problem>) {
    parse_deck_owned(path, bytes.to_vec())
}

/// As [`parse_deck`], taking the bytes by value so the text is kept without a copy.
pub fn parse_deck_owned(path: &str, bytes: Vec<u8>) -> (Option<Deck>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let e = e.utf8_error();
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            problems.push(Problem {
                file: path.to_string(),
                line: line as u32,
                severity: Severity::Error,
                message: format!(
                    "not valid UTF-8 (byte {} of the file); save the deck as UTF-8",
                    e.valid_up_to() + 1
                ),
            });
            return (None, problems);
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let deck = parse_text(path, Arc::new(text), &mut problems);
    problems.sort_by_key(|p| p.line);
    (deck, problems)
}

fn parse_text(path: &str, src: Arc<String>, problems: &mut Vec<Problem>) -> Option<Deck> {
    let text: &str = src.as_str();
    let mut b = Builder {
        path,
        src: text,
        problems,
    };
    if text.trim().is_empty() {
        b.report(
            1,
            Severity::Error,
            "empty deck: the file has no front matter and no cards",
        );
        return None;
    }
    let hash = hash_bytes(text.as_bytes());
    let lines: Vec<(usize, &str)> = line_offsets(text);

    // Front matter.
    let first = lines.iter().position(|(_, l)| !l.trim().is_empty())?;
    if lines[first].1.trim_end() != "+++" {
        b.report(
            first + 1,
            Severity::Error,
            "missing front matter: a deck starts with a `+++` block giving at least `title` and `kind`",
        );
        return None;
    }
    let Some(close) = lines[first + 1..]
        .iter()
        .position(|(_, l)| l.trim_end() == "+++")
        .map(|i| i + first + 1)
    else {
        b.report(
            first + 1,
            Severity::Error,
            "front matter is not closed: add a line with `+++` after it",
        );
        return None;
    };
    let fm_start = lines[first + 1].0.min(text.len());
    let fm_text = &text[fm_start..lines[close].0];
    let fm: FrontMatter = match toml::from_str(fm_text) {
        Ok(fm) => fm,
        Err(e) => {
            let line = e
                .span()
                .map(|s| fm_text[..s.start.min(fm_text.len())].matches('\n').count())
                .unwrap_or(0)
                + first
                + 2;
            let msg = e.message().trim().to_string();
            b.report(
                line,
                Severity::Error,
                format!("front matter is not valid TOML: {msg}"),
            );
            return None;
        }
    };
    let fm_line_of = |key: &str| -> usize {
        lines[first + 1..close]
            .iter()
            .position(|(_, l)| l.trim_start().starts_with(key))
            .map(|i| i + first + 2)
            .unwrap_or(first + 1)
    };
    for key in fm.extra.keys() {
        b.report(
            fm_line_of(key),
            Severity::Warning,
            format!("unknown front-matter key `{key}` (ignored)"),
        );
    }
    let schedule = match fm.schedule.map(crate::schedule::Preset::deserialize) {
        None => None,
        Some(Ok(p)) => match p.validate() {
            Ok(()) => Some(p),
            Err(e) => {
                b.report(
                    fm_line_of("[schedule]"),
                    Severity::Error,
                    format!("[schedule]: {e}"),
                );
                None
            }
        },
        Some(Err(e)) => {
            b.report(
                fm_line_of("[schedule]"),
                Severity::Error,
                format!("[schedule]: {}", e.message()),
            );
            None
        }
    };
    let kind = match fm.kind.as_deref() {
        None => {
            b.report(first + 1, Severity::Error, "front matter has no `kind` (one of leetcode, ml-coding, breadth, depth, design, behavioural, talk)");
            return None;
        }
        Some(k) => match Kind::from_slug(k) {
            Some(kind) => kind,
            None => {
                b.report(fm_line_of("kind"), Severity::Error, format!("unknown kind `{k}`: use one of leetcode, ml-coding, breadth, depth, design, behavioural, talk"));
                return None;
            }
        },
    };
    let title = match fm.title {
        Some(t) if !t.trim().is_empty() => t,
        _ => {
            b.report(
                first + 1,
                Severity::Warning,
                "front matter has no `title`; the file name is used",
            );
            path.rsplit('/')
                .next()
                .unwrap_or(path)
                .trim_end_matches(".md")
                .to_string()
        }
    };
    let difficulty = match fm.difficulty.as_deref() {
        None => None,
        Some(d) => {
            let parsed = Difficulty::from_slug(d);
            if parsed.is_none() {
                b.report(
                    fm_line_of("difficulty"),
                    Severity::Error,
                    format!("difficulty `{d}` is not easy, medium or hard"),
                );
            }
            parsed
        }
    };
    let defaults = Defaults {
        tags: fm.tags.iter().map(|t| t.trim().to_lowercase()).collect(),
        difficulty,
        minutes: fm.minutes,
        companies: fm.companies,
        siblings: fm
            .siblings
            .iter()
            .map(|t| t.trim().to_lowercase())
            .collect(),
    };
    let deck_path: Arc<str> = Arc::from(path);
    let deck_title: Arc<str> = Arc::from(title.as_str());

    // Cards.
    let mut cards = Vec::new();
    let mut pending: Option<Pending> = None;
    let mut open_fence: Option<(char, usize, usize)> = None;
    let mut control_reports = 0;
    // Control characters are rare: find them once in the whole file, then only the lines that
    // hold one are looked at closely.
    let body_start = lines.get(close + 1).map(|l| l.0).unwrap_or(text.len());
    let mut suspects = text::suspect_offsets(&text.as_bytes()[body_start..])
        .into_iter()
        .map(|o| o + body_start)
        .peekable();
    for (idx, &(off, raw)) in lines.iter().enumerate().skip(close + 1) {
        let lineno = idx + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let mut suspect = false;
        while suspects.next_if(|&o| o < off + raw.len()).is_some() {
            suspect = true;
        }
        if suspect
            && control_reports < MAX_CONTROL_REPORTS
            && let Some(col) = control_column(line)
        {
            control_reports += 1;
            let more = if control_reports == MAX_CONTROL_REPORTS {
                " (further ones in this file not listed)"
            } else {
                ""
            };
            b.report(lineno, Severity::Error, format!("control character or escape sequence at column {col}: it is shown inert, but remove it{more}"));
        }
        let trimmed = line.trim_start();
        if let Some((ch, n, _)) = open_fence {
            if let Some((c2, n2)) = fence(trimmed)
                && c2 == ch
                && n2 >= n
                && trimmed.trim_end().chars().all(|c| c == ch)
            {
                open_fence = None;
            }
            continue;
        }
        if let Some((ch, n)) = fence(trimmed) {
            open_fence = Some((ch, n, lineno));
            if let Some(p) = pending.as_mut() {
                p.meta_open = false;
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("## ") {
            if let Some(p) = pending.take() {
                finish(
                    &mut b,
                    p,
                    off,
                    kind,
                    &defaults,
                    &deck_path,
                    &deck_title,
                    &src,
                    &mut cards,
                );
            }
            pending = Some(start_card(&mut b, rest, lineno, off, off + raw.len()));
            continue;
        }
        if line.trim_end() == "##" {
            b.report(lineno, Severity::Error, "card heading has no prompt text");
            continue;
        }
        let Some(p) = pending.as_mut() else {
            if line.starts_with("### ") {
                b.report(
                    lineno,
                    Severity::Error,
                    "a `###` section before the first `## ` card",
                );
            }
            continue;
        };
        if let Some(rest) = line.strip_prefix("### ") {
            p.meta_open = false;
            let end = off;
            let (cur, cur_line, cur_start) = (p.current, p.current_line, p.current_start);
            p.sections.push((cur, cur_line, cur_start, end));
            let sec = match Section::from_heading(rest) {
                Some(s) => s,
                None => {
                    b.report(lineno, Severity::Error, format!("unknown section `### {}`: use Hints, Answer, Key points, Follow-ups, Starter, Tests or Solution (put other headings inside Answer as `####`)", rest.trim()));
                    Section::Unknown
                }
            };
            if sec != Section::Unknown && p.sections.iter().any(|s| s.0 == sec) {
                b.report(
                    lineno,
                    Severity::Error,
                    format!("section `{}` appears twice in card `{}`", sec.name(), p.id),
                );
            }
            p.current = sec;
            p.current_line = lineno;
            p.current_start = off + raw.len();
            continue;
        }
        if p.meta_open {
            match meta_line(line) {
                Some((key, value)) if META_KEYS.contains(&key) => {
                    apply_meta(&mut b, p, key, value, lineno);
                    p.current_start = off + raw.len();
                    continue;
                }
                Some((key, _))
                    if !p.meta.tags.is_empty()
                        || p.meta.difficulty.is_some()
                        || p.meta.minutes.is_some() =>
                {
                    b.report(lineno, Severity::Warning, format!("`{key}:` looks like card metadata but is not a known key ({}); it is read as prompt text", META_KEYS.join(", ")));
                }
                _ => {}
            }
            p.meta_open = false;
        }
    }
    if let Some((_, _, line)) = open_fence {
        b.report(
            line,
            Severity::Error,
            "code block is never closed: add a closing ``` line",
        );
    }
    if let Some(p) = pending.take() {
        finish(
            &mut b,
            p,
            text.len(),
            kind,
            &defaults,
            &deck_path,
            &deck_title,
            &src,
            &mut cards,
        );
    }
    if cards.is_empty() && !b.problems.iter().any(|p| p.severity == Severity::Error) {
        b.report(
            close + 1,
            Severity::Warning,
            "deck has no cards (a card is a `## Prompt {#id}` heading)",
        );
    }
    let _ = b.src;
    Some(Deck {
        path: path.to_string(),
        title,
        kind,
        hash,
        cards,
        schedule,
    })
}

#[cfg(test)]
#[path = "../parse_tests.rs"]
mod tests;
