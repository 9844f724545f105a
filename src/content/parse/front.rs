//! The front matter: the `+++` TOML block that opens a deck, read into its kind, title,
//! scheduler preset and the defaults its cards inherit; unknown keys and bad values reported.

use super::*;
use serde::Deserialize as _;
use std::collections::BTreeMap;

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

/// What the front matter gives the rest of the parse.
pub(super) struct Front {
    /// The index of the closing `+++` line; cards start after it.
    pub(super) close: usize,
    pub(super) kind: Kind,
    pub(super) title: String,
    pub(super) schedule: Option<crate::schedule::Preset>,
    pub(super) defaults: Defaults,
}

/// Reads the front matter at the top of the deck's `lines`; None (with the problem reported)
/// when the deck cannot be used without it.
pub(super) fn read(b: &mut Builder<'_>, lines: &[(usize, &str)]) -> Option<Front> {
    let (path, text) = (b.path, b.src);
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
    Some(Front {
        close,
        kind,
        title,
        schedule,
        defaults,
    })
}
