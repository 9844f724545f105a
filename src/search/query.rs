//! The query language, Anki-style: free words, `"exact phrase"`, `-word` and `-field:value`
//! negation, and fields (`kind:`, `deck:`, `tag:`, `company:`, `difficulty:`, `is:`, `lapses>3`,
//! `prop:due<7`). One parser for `mlprep search`, the TUI `/`, the browser filter and custom
//! study. A malformed term is an error naming the term and its column, never a panic.

use crate::content::{Difficulty, Kind};
use std::fmt;

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Free words in the order typed (LeetCode spellings like `lc121` left as typed).
    pub words: Vec<String>,
    /// Quoted phrases the card must contain, lower-cased.
    pub phrases: Vec<String>,
    /// `-word` and `-"phrase"`: a card containing any of these is left out.
    pub excluded: Vec<String>,
    /// Field conditions; `true` means negated (`-tag:x`).
    pub filters: Vec<(Filter, bool)>,
}

/// A condition on a card's metadata or study state.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Kind(Kind),
    /// Substring of the deck path or title, lower-cased.
    Deck(String),
    /// A tag, or a family of tags (`tag:dp` finds `dp-1d`); `tag:graph*` matches any tag
    /// starting with `graph`.
    Tag(String),
    Company(String),
    Difficulty(Difficulty),
    Is(IsState),
    Lapses(Cmp, u32),
    /// Days from today until the card is due (`prop:due<7`); 0 is today, negative is overdue.
    DueIn(Cmp, i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsState {
    New,
    Learning,
    Review,
    Due,
    Suspended,
    Leech,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Cmp {
    pub fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Eq => a == b,
            Cmp::Ge => a >= b,
            Cmp::Gt => a > b,
        }
    }
}

/// A term the parser could not read: which one, where, and what would have worked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("in `{term}` (column {column}): {message}")]
pub struct QueryError {
    pub term: String,
    /// 1-based character column of the term in the query.
    pub column: usize,
    pub message: String,
}

/// What the `?` overlay, `mlprep search --help` and the README show.
pub const SYNTAX_HELP: &[(&str, &str)] = &[
    (
        "two sum",
        "words, any order; typos and common names (lc121, #121) work",
    ),
    ("\"exact phrase\"", "words next to each other"),
    ("-word  -tag:x", "leave out cards with the word / tag"),
    (
        "kind:leetcode",
        "leetcode ml-coding breadth depth design behavioural talk",
    ),
    (
        "deck:graphs  tag:dp",
        "deck path or title; tag (tag:graph* for a prefix)",
    ),
    ("company:amazon", "difficulty:easy|medium|hard"),
    ("is:due", "is:new|learning|review|due|suspended|leech"),
    (
        "lapses>3  prop:due<7",
        "forgotten more than 3 times; due within 7 days",
    ),
];

const FIELDS: &str = "kind, deck, tag, company, difficulty, is, lapses, prop";

impl Query {
    /// Whether answering needs the study state (`is:`, `lapses`, `prop:due`).
    pub fn needs_state(&self) -> bool {
        self.filters
            .iter()
            .any(|(f, _)| matches!(f, Filter::Is(_) | Filter::Lapses(..) | Filter::DueIn(..)))
    }

    /// The text to rank by: free words, then the words of the phrases.
    pub fn ranking_text(&self) -> String {
        let mut parts: Vec<&str> = self.words.iter().map(String::as_str).collect();
        parts.extend(self.phrases.iter().map(String::as_str));
        parts.join(" ")
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.phrases.is_empty()
            && self.excluded.is_empty()
            && self.filters.is_empty()
    }
}

/// Parses a query. Empty input is an empty query (every card).
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let mut q = Query::default();
    let chars: Vec<char> = input.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let neg = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        if neg {
            i += 1;
        }
        if chars[i] == '"' {
            let Some(len) = chars[i + 1..].iter().position(|&c| c == '"') else {
                return Err(QueryError {
                    term: chars[start..].iter().collect(),
                    column: start + 1,
                    message: "the quote is never closed: add a closing \"".into(),
                });
            };
            let phrase: String = chars[i + 1..i + 1 + len].iter().collect();
            let phrase = phrase.trim().to_lowercase();
            i += len + 2;
            if phrase.is_empty() {
                continue;
            }
            if neg {
                q.excluded.push(phrase);
            } else {
                q.phrases.push(phrase);
            }
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(chars.len(), |p| i + p);
        let body: String = chars[i..end].iter().collect();
        let term: String = chars[start..end].iter().collect();
        i = end;
        let err = |message: String| QueryError {
            term: term.clone(),
            column: start + 1,
            message,
        };
        match field(&body).map_err(err)? {
            Some(f) => q.filters.push((f, neg)),
            None if neg => q.excluded.push(body.to_lowercase()),
            None => q.words.push(body),
        }
    }
    Ok(q)
}

/// Reads `name:value` / `lapses>3`; `Ok(None)` when the term is plain text.
fn field(term: &str) -> Result<Option<Filter>, String> {
    let lower = term.to_lowercase();
    if let Some(rest) = lower.strip_prefix("lapses") {
        if rest.is_empty() {
            return Ok(None);
        }
        let (cmp, value) = comparison(rest.strip_prefix(':').unwrap_or(rest))?;
        let n = value
            .parse::<u32>()
            .map_err(|_| format!("`{value}` is not a whole number (try lapses>3)"))?;
        return Ok(Some(Filter::Lapses(cmp, n)));
    }
    if let Some(tag) = lower.strip_prefix('#')
        && !tag.is_empty()
        && !tag.bytes().all(|b| b.is_ascii_digit())
    {
        return Ok(Some(Filter::Tag(tag.to_string())));
    }
    let Some((name, value)) = lower.split_once(':') else {
        return Ok(None);
    };
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(None);
    }
    let value = value.trim();
    let need = |what: &str| {
        if value.is_empty() {
            Err(format!("`{name}:` needs {what}"))
        } else {
            Ok(())
        }
    };
    Ok(Some(match name {
        "kind" => {
            need("a kind")?;
            Filter::Kind(Kind::from_slug(value).ok_or_else(|| {
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.slug()).collect();
                format!("no kind `{value}`: use {}", kinds.join(", "))
            })?)
        }
        "deck" => {
            need("part of a deck's path or title")?;
            Filter::Deck(value.to_string())
        }
        "tag" => {
            need("a tag")?;
            Filter::Tag(value.to_string())
        }
        "company" => {
            need("a company")?;
            Filter::Company(value.to_string())
        }
        "difficulty" => Filter::Difficulty(
            Difficulty::from_slug(value)
                .ok_or_else(|| format!("difficulty is easy, medium or hard, not `{value}`"))?,
        ),
        "is" => Filter::Is(match value {
            "new" => IsState::New,
            "learning" | "learn" => IsState::Learning,
            "review" => IsState::Review,
            "due" => IsState::Due,
            "suspended" => IsState::Suspended,
            "leech" => IsState::Leech,
            _ => {
                return Err(format!(
                    "no state `{value}`: use new, learning, review, due, suspended or leech"
                ));
            }
        }),
        "prop" => {
            let Some(rest) = value.strip_prefix("due") else {
                return Err("only `prop:due` is known (e.g. prop:due<7, due within a week)".into());
            };
            let (cmp, n) = comparison(rest)?;
            let days = n
                .parse::<i64>()
                .map_err(|_| format!("`{n}` is not a number of days (try prop:due<7)"))?;
            Filter::DueIn(cmp, days)
        }
        _ => {
            return Err(format!(
                "unknown field `{name}:` (known: {FIELDS}); put text with a colon in quotes"
            ));
        }
    }))
}

fn comparison(s: &str) -> Result<(Cmp, &str), String> {
    let ops = [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
        (":", Cmp::Eq),
    ];
    for (op, cmp) in ops {
        if let Some(rest) = s.strip_prefix(op) {
            if rest.is_empty() {
                return Err(format!("a number is missing after `{op}`"));
            }
            return Ok((cmp, rest));
        }
    }
    Err(format!(
        "expected a comparison such as <3, >=3 or =3, found `{s}`"
    ))
}

impl fmt::Display for IsState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IsState::New => "new",
            IsState::Learning => "learning",
            IsState::Review => "review",
            IsState::Due => "due",
            IsState::Suspended => "suspended",
            IsState::Leech => "leech",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_phrases_and_negation_combine_with_free_text() {
        let q = parse(r#"kind:leetcode -tag:dp "two sum" graph -bfs lapses>3 prop:due<=7 is:due"#)
            .unwrap();
        assert_eq!(q.words, vec!["graph"]);
        assert_eq!(q.phrases, vec!["two sum"]);
        assert_eq!(q.excluded, vec!["bfs"]);
        assert_eq!(
            q.filters,
            vec![
                (Filter::Kind(Kind::Leetcode), false),
                (Filter::Tag("dp".into()), true),
                (Filter::Lapses(Cmp::Gt, 3), false),
                (Filter::DueIn(Cmp::Le, 7), false),
                (Filter::Is(IsState::Due), false),
            ]
        );
        assert!(q.needs_state());
        assert_eq!(
            parse("#121").unwrap().words,
            vec!["#121"],
            "a LeetCode number"
        );
        assert_eq!(
            parse("#llm").unwrap().filters,
            vec![(Filter::Tag("llm".into()), false)]
        );
        assert_eq!(parse("   ").unwrap(), Query::default());
        assert_eq!(parse("a - b").unwrap().words, vec!["a", "-", "b"]);
    }

    #[test]
    fn a_bad_term_is_named_with_its_column() {
        let cases = [
            (
                "two difficulty:hardest",
                "difficulty:hardest",
                5,
                "easy, medium or hard",
            ),
            ("kind:leet", "kind:leet", 1, "leetcode"),
            ("is:late x", "is:late", 1, "suspended"),
            ("lapses>x", "lapses>x", 1, "whole number"),
            ("lapses~3", "lapses~3", 1, "comparison"),
            ("prop:ease>2", "prop:ease>2", 1, "prop:due"),
            ("foo:bar", "foo:bar", 1, "unknown field"),
            ("x \"open", "\"open", 3, "never closed"),
            ("tag:", "tag:", 1, "needs a tag"),
        ];
        for (input, term, column, hint) in cases {
            let e = parse(input).unwrap_err();
            assert_eq!((e.term.as_str(), e.column), (term, column), "{input}");
            assert!(e.to_string().contains(hint), "{input}: {e}");
        }
    }

    #[test]
    fn no_input_panics() {
        for s in [
            "-", "\"", "-\"", ":", "::", "lapses", "prop:", "-is:", "\"\"", "é:ü", "#", "lapses<",
        ] {
            let _ = parse(s);
        }
    }
}
