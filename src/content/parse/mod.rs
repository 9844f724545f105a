//! The deck parser: one markdown file (bytes) -> a [`Deck`] plus every problem found, each with
//! its line. Line-based and allocation-light so `check` on 10,000 cards stays fast; fenced code
//! is tracked so `## ` inside code never starts a card.

mod card;
mod front;
mod pending;
mod text;

use super::{Card, Deck, Difficulty, Kind, Problem, Severity, Span, fence};
use card::{apply_meta, finish, meta_line, start_card};
use pending::{META_KEYS, Meta, Pending, Section};
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
    let front::Front {
        close,
        kind,
        title,
        schedule,
        defaults,
    } = front::read(&mut b, &lines)?;
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
