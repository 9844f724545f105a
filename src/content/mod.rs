//! Decks and cards: the domain types, the markdown deck parser and the loader of content roots.
//! Owns every rule of the deck format: a deck is a markdown file with `+++` front matter, each
//! `## ` heading is a card with a stable `{#id}`, and `### ` sections hold its hints, answer,
//! key points, follow-ups and code. Reads files, never writes them (except `check --fix`), and
//! never touches the terminal or the database.

mod aliases;
mod fix;
mod load;
mod parse;
mod walk;

pub use fix::{fix_ids, write_atomic};
pub use load::{
    BUILTIN, ContentRoot, Library, deck_hashes, load_roots, load_roots_metadata, reload_deck,
    with_text,
};
pub use parse::{lp_slugs, parse_deck, parse_deck_owned, slugify};
pub use walk::{FOREIGN_MARKER, MAX_FILE_BYTES, for_each_file, read_limited};

use std::fmt;
use std::sync::Arc;

/// The seven round types; every deck has exactly one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Leetcode,
    MlCoding,
    Breadth,
    Depth,
    Design,
    Behavioural,
    Talk,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Leetcode,
        Kind::MlCoding,
        Kind::Breadth,
        Kind::Depth,
        Kind::Design,
        Kind::Behavioural,
        Kind::Talk,
    ];

    /// The name used in front matter, on the command line and in the database.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Leetcode => "leetcode",
            Kind::MlCoding => "ml-coding",
            Kind::Breadth => "breadth",
            Kind::Depth => "depth",
            Kind::Design => "design",
            Kind::Behavioural => "behavioural",
            Kind::Talk => "talk",
        }
    }

    /// The name shown to people.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Leetcode => "LeetCode",
            Kind::MlCoding => "ML coding",
            Kind::Breadth => "ML breadth",
            Kind::Depth => "ML depth",
            Kind::Design => "ML design",
            Kind::Behavioural => "Behavioural",
            Kind::Talk => "Tech talk",
        }
    }

    pub fn from_slug(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase();
        let s = match s.as_str() {
            "behavioral" => "behavioural",
            "mlcoding" | "ml_coding" => "ml-coding",
            other => other,
        };
        Kind::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// Coding cards are reviewed by re-solving: no minute-scale learning steps.
    pub fn is_coding(self) -> bool {
        matches!(self, Kind::Leetcode | Kind::MlCoding)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn from_slug(s: &str) -> Option<Difficulty> {
        match s.trim().to_ascii_lowercase().as_str() {
            "easy" => Some(Difficulty::Easy),
            "medium" => Some(Difficulty::Medium),
            "hard" => Some(Difficulty::Hard),
            _ => None,
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// A byte range into a deck's source text. Cards keep spans, not copies, so 100,000 cards cost
/// little more than their files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }
}

/// One deck file after parsing.
#[derive(Debug, Clone)]
pub struct Deck {
    /// Path as shown to the user (relative for shipped decks).
    pub path: String,
    pub title: String,
    pub kind: Kind,
    /// Hash of the file's bytes: unchanged decks are not re-synced.
    pub hash: u64,
    pub cards: Vec<Card>,
    /// `[schedule]` in the front matter: this deck's scheduler preset.
    pub schedule: Option<crate::schedule::Preset>,
}

/// One card: a `## ` heading with its id, metadata and sections.
#[derive(Debug, Clone)]
pub struct Card {
    pub id: String,
    pub kind: Kind,
    /// Path of the deck file, as in [`Deck::path`].
    pub deck: Arc<str>,
    pub deck_title: Arc<str>,
    /// 1-based line of the `## ` heading.
    pub line: u32,
    pub prompt: String,
    pub difficulty: Option<Difficulty>,
    pub tags: Vec<String>,
    pub minutes: Option<u32>,
    pub companies: Vec<String>,
    pub lps: Vec<String>,
    pub related: Option<String>,
    /// Common names people search by (`aliases: Two Sum, LeetCode 1`), lower-cased.
    pub aliases: Vec<String>,
    /// Wall-clock limit for a test run, seconds.
    pub timeout: Option<f32>,
    pub requires: Vec<String>,
    /// Sibling groups (`siblings:` on the card or in the front matter): once one card of a
    /// group is answered, the others are buried for the rest of the study day.
    pub siblings: Vec<String>,
    /// Hash of the card's text, to mark "changed since last review".
    pub hash: u64,
    /// The deck file's text (shared by its cards); empty when loaded without text.
    pub src: Arc<String>,
    pub body: Span,
    pub hints: Vec<Span>,
    pub answer: Span,
    pub key_points: Vec<Span>,
    pub follow_ups: Vec<Span>,
    pub starter: Option<Span>,
    pub tests: Option<Span>,
    pub solution: Option<Span>,
}

impl Card {
    pub fn text(&self, span: Span) -> &str {
        self.src
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
    pub fn body(&self) -> &str {
        self.text(self.body)
    }
    pub fn answer(&self) -> &str {
        self.text(self.answer)
    }
    pub fn hints(&self) -> impl Iterator<Item = &str> {
        self.hints.iter().map(|s| self.text(*s))
    }
    pub fn key_points(&self) -> impl Iterator<Item = &str> {
        self.key_points.iter().map(|s| self.text(*s))
    }
    /// The `related:` targets (card ids or names), trimmed.
    pub fn related_targets(&self) -> impl Iterator<Item = &str> {
        self.related
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
    pub fn follow_ups(&self) -> impl Iterator<Item = &str> {
        self.follow_ups.iter().map(|s| self.text(*s))
    }
    /// The follow-ups as an interviewer asks them: the question only, without the short answer
    /// a deck writes after it (see [`follow_up_question`]).
    pub fn follow_up_questions(&self) -> impl Iterator<Item = &str> {
        self.follow_ups().map(follow_up_question)
    }
    /// Code inside the first fenced block of a section, if any.
    pub fn code(&self, span: Option<Span>) -> Option<&str> {
        span.and_then(|s| first_fenced_block(self.text(s)))
    }
    /// A card that can be practised: starter, tests and solution present.
    pub fn is_practicable(&self) -> bool {
        self.starter.is_some() && self.tests.is_some() && self.solution.is_some()
    }
    /// Time budget in minutes, with a sensible default per kind.
    pub fn budget_minutes(&self) -> u32 {
        self.minutes.unwrap_or(match self.kind {
            Kind::Leetcode | Kind::MlCoding => 25,
            Kind::Breadth => 5,
            Kind::Depth => 8,
            Kind::Design => 45,
            Kind::Behavioural => 10,
            Kind::Talk => 5,
        })
    }
}

/// The body of the first fenced code block in `text`.
pub fn first_fenced_block(text: &str) -> Option<&str> {
    let mut offset = 0;
    let mut open: Option<(char, usize, usize)> = None; // fence char, fence len, body start
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        match open {
            None => {
                if let Some((ch, n)) = fence(t) {
                    open = Some((ch, n, offset + line.len()));
                }
            }
            Some((ch, n, start)) => {
                if let Some((c2, n2)) = fence(t)
                    && c2 == ch
                    && n2 >= n
                    && t.trim_end().chars().all(|c| c == ch)
                {
                    return Some(&text[start..offset]);
                }
            }
        }
        offset += line.len();
    }
    open.map(|(_, _, start)| &text[start..])
}

/// A code fence at the start of a trimmed line: its character and length.
pub(crate) fn fence(t: &str) -> Option<(char, usize)> {
    let ch = t.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let n = t.chars().take_while(|&c| c == ch).count();
    (n >= 3).then_some((ch, n))
}

/// How bad a problem is: errors make `check` fail; warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// An authoring problem, always with a file and a line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub line: u32,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}: {}: {}",
            inert(&self.file),
            self.line,
            tag,
            inert(&self.message)
        )
    }
}

/// Text from content made safe to print: control characters become visible caret notation
/// (`^[`), tabs become spaces, so nothing in a deck can move the cursor or recolour a terminal.
pub fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            '\r' => {}
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push((b'@' + c as u8) as char);
            }
            '\u{7f}' => out.push_str("^?"),
            c if is_unsafe_char(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_makes_escape_sequences_visible() {
        assert_eq!(inert("a\x1b[31mred\x07"), "a^[[31mred^G");
        assert_eq!(inert("tab\there"), "tab    here");
        assert_eq!(inert("\u{9b}31m"), "\u{fffd}31m");
        assert!(matches!(inert("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn first_fenced_block_takes_the_body() {
        let t = "intro\n```python\ndef f():\n    return 1\n```\nafter\n";
        assert_eq!(first_fenced_block(t), Some("def f():\n    return 1\n"));
        assert_eq!(first_fenced_block("no code"), None);
    }

    #[test]
    fn kinds_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_slug(k.slug()), Some(k));
        }
        assert_eq!(Kind::from_slug("behavioral"), Some(Kind::Behavioural));
        assert_eq!(Kind::from_slug("poetry"), None);
    }
}

/// The question part of a follow-up written as "Question? — short answer" (or `-`, `–`, or just
/// the answer after the question mark): up to and including the first `?` that has more text
/// after it. A follow-up with no `?` is all question.
pub fn follow_up_question(text: &str) -> &str {
    let text = text.trim();
    for (i, c) in text.char_indices() {
        if c != '?' {
            continue;
        }
        let rest = &text[i + 1..];
        if rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() {
            return &text[..=i];
        }
    }
    text
}

#[cfg(test)]
mod follow_up_tests {
    use super::follow_up_question as q;

    #[test]
    fn the_question_is_asked_without_its_answer() {
        assert_eq!(q("Weighted edges? Same post-order."), "Weighted edges?");
        assert_eq!(q("Why k1? — Samples can be negative."), "Why k1?");
        assert_eq!(q("n is 10^18? - Fast exponentiation."), "n is 10^18?");
        assert_eq!(q("Are deep nets convex?"), "Are deep nets convex?");
        assert_eq!(q("Explain the trade-off."), "Explain the trade-off.");
        assert_eq!(q("What is `a?b` here?"), "What is `a?b` here?");
    }
}
