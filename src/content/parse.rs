//! The deck parser: one markdown file (bytes) -> a [`Deck`] plus every problem found, each with
//! its line. Line-based and allocation-light so `check` on 10,000 cards stays fast; fenced code
//! is tracked so `## ` inside code never starts a card.

use super::{Card, Deck, Difficulty, Kind, Problem, Severity, Span, fence};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

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
    #[serde(rename = "description")]
    _description: Option<String>,
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
    timeout: Option<f32>,
    requires: Vec<String>,
}

const META_KEYS: [&str; 8] = [
    "difficulty",
    "tags",
    "minutes",
    "companies",
    "lp",
    "related",
    "timeout",
    "requires",
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
    };
    let deck_path: Arc<str> = Arc::from(path);
    let deck_title: Arc<str> = Arc::from(title.as_str());

    // Cards.
    let mut cards = Vec::new();
    let mut pending: Option<Pending> = None;
    let mut open_fence: Option<(char, usize, usize)> = None;
    let mut control_reports = 0;
    for (idx, &(off, raw)) in lines.iter().enumerate().skip(close + 1) {
        let lineno = idx + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if control_reports < MAX_CONTROL_REPORTS
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
    })
}

fn start_card(
    b: &mut Builder<'_>,
    rest: &str,
    lineno: usize,
    off: usize,
    body_start: usize,
) -> Pending {
    let rest = rest.trim();
    let (prompt, id, derived) = match rest.rfind("{#") {
        Some(i) if rest.ends_with('}') => {
            let id = rest[i + 2..rest.len() - 1].trim().to_string();
            (rest[..i].trim().to_string(), id, false)
        }
        _ => {
            let id = slugify(rest);
            b.report(lineno, Severity::Warning, format!("card has no `{{#id}}`; using `{id}` derived from the prompt (run `mlprep check --fix` to write it into the file)"));
            (rest.to_string(), id, true)
        }
    };
    let mut bad = false;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    {
        b.report(
            lineno,
            Severity::Error,
            format!("card id `{id}` is not valid: use letters, digits, `-`, `_`, `.` or `:`"),
        );
        bad = true;
    }
    if prompt.is_empty() {
        b.report(lineno, Severity::Error, "card heading has no prompt text");
        bad = true;
    }
    Pending {
        line: lineno,
        start: off,
        id,
        prompt,
        derived_id: derived,
        meta_open: true,
        meta: Meta::default(),
        sections: Vec::new(),
        current: Section::Body,
        current_start: body_start,
        current_line: lineno,
        bad,
    }
}

fn meta_line(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim_end();
    (!key.is_empty()
        && key.len() <= 20
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_'))
    .then_some((key, value.trim()))
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|s| s.trim().trim_matches(['[', ']', '"']).to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn apply_meta(b: &mut Builder<'_>, p: &mut Pending, key: &str, value: &str, lineno: usize) {
    match key {
        "difficulty" => match Difficulty::from_slug(value) {
            Some(d) => p.meta.difficulty = Some(d),
            None => b.report(
                lineno,
                Severity::Error,
                format!("difficulty `{value}` is not easy, medium or hard"),
            ),
        },
        "tags" => p.meta.tags = list(value),
        "companies" => p.meta.companies = list(value),
        "requires" => p.meta.requires = list(value),
        "related" => p.meta.related = Some(value.to_string()),
        "minutes" => match value.parse::<u32>() {
            Ok(m) if (1..=600).contains(&m) => p.meta.minutes = Some(m),
            _ => b.report(
                lineno,
                Severity::Error,
                format!("minutes `{value}` is not a whole number between 1 and 600"),
            ),
        },
        "timeout" => match value.trim_end_matches('s').parse::<f32>() {
            Ok(t) if t > 0.0 && t <= 600.0 => p.meta.timeout = Some(t),
            _ => b.report(
                lineno,
                Severity::Error,
                format!("timeout `{value}` is not a number of seconds between 0 and 600"),
            ),
        },
        "lp" => {
            let lps = list(value);
            for lp in &lps {
                if !LP_SLUGS.contains(&lp.as_str()) {
                    b.report(
                        lineno,
                        Severity::Warning,
                        format!(
                            "unknown Leadership Principle `{lp}` (known: {})",
                            LP_SLUGS.join(", ")
                        ),
                    );
                }
            }
            p.meta.lps = lps;
        }
        _ => {}
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    b: &mut Builder<'_>,
    mut p: Pending,
    end: usize,
    kind: Kind,
    defaults: &Defaults,
    deck_path: &Arc<str>,
    deck_title: &Arc<str>,
    src: &Arc<String>,
    cards: &mut Vec<Card>,
) {
    p.sections
        .push((p.current, p.current_line, p.current_start, end));
    let size = end - p.start;
    if size > MAX_CARD_BYTES {
        b.report(
            p.line,
            Severity::Error,
            format!(
                "card `{}` is {:.1} MB; the limit is {} KB per card, so it is not loaded",
                p.id,
                size as f64 / 1e6,
                MAX_CARD_BYTES / 1024
            ),
        );
        return;
    }
    let text = b.src;
    let mut card = Card {
        id: p.id.clone(),
        kind,
        deck: deck_path.clone(),
        deck_title: deck_title.clone(),
        line: p.line as u32,
        prompt: p.prompt,
        difficulty: p.meta.difficulty.or(defaults.difficulty),
        tags: merge(&defaults.tags, p.meta.tags),
        minutes: p.meta.minutes.or(defaults.minutes),
        companies: if p.meta.companies.is_empty() {
            defaults.companies.clone()
        } else {
            p.meta.companies
        },
        lps: p.meta.lps,
        related: p.meta.related,
        timeout: p.meta.timeout,
        requires: p.meta.requires,
        hash: hash_bytes(&text.as_bytes()[p.start..end]),
        src: src.clone(),
        body: Span::default(),
        hints: Vec::new(),
        answer: Span::default(),
        key_points: Vec::new(),
        follow_ups: Vec::new(),
        starter: None,
        tests: None,
        solution: None,
    };
    for &(sec, line, start, stop) in &p.sections {
        let span = trim_span(text, start, stop);
        match sec {
            Section::Body => card.body = span,
            Section::Answer => card.answer = span,
            Section::Hints => card.hints = list_items(text, span),
            Section::KeyPoints => card.key_points = list_items(text, span),
            Section::FollowUps => card.follow_ups = list_items(text, span),
            Section::Starter | Section::Tests | Section::Solution => {
                let body = &text[span.start as usize..span.end as usize];
                match super::first_fenced_block(body) {
                    None => b.report(
                        line,
                        Severity::Error,
                        format!(
                            "`{}` of card `{}` needs a fenced code block (```python ... ```)",
                            sec.name(),
                            card.id
                        ),
                    ),
                    Some(code)
                        if sec == Section::Tests
                            && !code
                                .lines()
                                .any(|l| l.trim_start().starts_with("def test_")) =>
                    {
                        b.report(
                            line,
                            Severity::Error,
                            format!(
                                "`Tests` of card `{}` defines no `def test_...()` function",
                                card.id
                            ),
                        );
                    }
                    Some(_) => {}
                }
                match sec {
                    Section::Starter => card.starter = Some(span),
                    Section::Tests => card.tests = Some(span),
                    _ => card.solution = Some(span),
                }
            }
            Section::Unknown => {}
        }
    }
    if card.answer.is_empty() {
        b.report(
            p.line,
            Severity::Error,
            format!(
                "card `{}` has no answer: add a `### Answer` section",
                card.id
            ),
        );
        return;
    }
    if kind.is_coding() {
        let present = [
            card.starter.is_some(),
            card.tests.is_some(),
            card.solution.is_some(),
        ];
        if present.iter().any(|x| *x) && !present.iter().all(|x| *x) {
            b.report(
                p.line,
                Severity::Error,
                format!(
                    "coding card `{}` has some but not all of Starter, Tests and Solution",
                    card.id
                ),
            );
        } else if !present[0] {
            b.report(
                p.line,
                Severity::Warning,
                format!(
                    "coding card `{}` has no Starter / Tests / Solution, so it cannot be practised",
                    card.id
                ),
            );
        }
    }
    let _ = p.derived_id;
    if !p.bad {
        cards.push(card);
    }
}

fn merge(defaults: &[String], own: Vec<String>) -> Vec<String> {
    if defaults.is_empty() {
        return own;
    }
    let mut out = defaults.to_vec();
    for t in own {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn trim_span(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let (a, z) = (start + lead, end - trail);
    if a >= z {
        Span {
            start: a as u32,
            end: a as u32,
        }
    } else {
        Span {
            start: a as u32,
            end: z as u32,
        }
    }
}

/// Top-level list items of a section; a section without a list is one item.
fn list_items(text: &str, span: Span) -> Vec<Span> {
    if span.is_empty() {
        return Vec::new();
    }
    let (base, body) = (
        span.start as usize,
        &text[span.start as usize..span.end as usize],
    );
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut off = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if fence(t).is_some() {
            in_fence = !in_fence;
        }
        if !in_fence
            && indent <= 1
            && let Some(marker) = list_marker(t)
        {
            if let Some(last) = items.last_mut() {
                last.1 = off;
            }
            items.push((off + indent + marker, body.len()));
        }
        off += line.len();
    }
    if items.is_empty() {
        return vec![span];
    }
    items
        .into_iter()
        .map(|(a, z)| trim_span(text, base + a, base + z))
        .filter(|s| !s.is_empty())
        .collect()
}

fn list_marker(t: &str) -> Option<usize> {
    let bytes = t.as_bytes();
    if bytes.len() >= 2 && matches!(bytes[0], b'-' | b'*' | b'+') && bytes[1] == b' ' {
        return Some(2);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && bytes.len() > digits + 1
        && matches!(bytes[digits], b'.' | b')')
        && bytes[digits + 1] == b' '
    {
        return Some(digits + 2);
    }
    None
}

/// Column (1-based, in characters) of the first control character other than tab, if any.
/// One pass over the bytes: C0 controls, DEL, and C1 controls (U+0080..U+009F, encoded as
/// 0xC2 0x80..0x9F in UTF-8).
fn control_column(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    // Fast path, eight bytes at a time: plain printable ASCII has no byte below 0x20, no high
    // bit and no 0x7F (DEL).
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let x = u64::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
            bytes[i + 4],
            bytes[i + 5],
            bytes[i + 6],
            bytes[i + 7],
        ]);
        let below_space = x.wrapping_sub(LO * 0x20) & !x & HI;
        let del = (x ^ (LO * 0x7f)).wrapping_sub(LO) & !(x ^ (LO * 0x7f)) & HI;
        if below_space | del | (x & HI) != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() {
        let b = bytes[i];
        if (b < 0x20 && b != b'\t')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
        {
            return Some(line[..i].chars().count() + 1);
        }
        i += 1;
    }
    None
}

fn line_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(text.len() / 40);
    let mut off = 0;
    for line in text.split('\n') {
        out.push((off, line));
        off += line.len() + 1;
    }
    // `split` yields a final empty piece after a trailing newline; its offset may be len+1.
    if let Some(last) = out.last_mut()
        && last.0 > text.len()
    {
        last.0 = text.len();
    }
    out
}

/// A stable 64-bit hash (FNV-1a folded through std's hasher is not stable across Rust
/// versions, so this is FNV-1a itself).
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = Fnv(0xcbf29ce484222325);
    bytes.hash(&mut h);
    h.0
}

struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes at a time: FNV-1a over words, fast enough for 100 MB of decks.
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0 ^ w).wrapping_mul(0x100000001b3);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0 ^ byte as u64).wrapping_mul(0x100000001b3);
        }
    }
}

/// An id derived from a prompt: lowercase words joined by `-`, at most 60 characters.
pub fn slugify(prompt: &str) -> String {
    let mut out = String::new();
    for c in prompt.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "card".to_string()
    } else {
        out
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
