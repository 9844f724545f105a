//! Loop formats: TOML files (`loops/*.toml`) describing rounds and segments. Parsed with spans
//! so every problem names its file and line; validated against the card pool.

use crate::content::{Difficulty, Kind, Library, Problem, Severity};
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoopFile {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    /// A company loop: its card draws prefer cards whose `companies:` name it.
    company: Option<String>,
    rounds: Spanned<Vec<RoundFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundFile {
    title: Spanned<String>,
    /// The rubric the round is scored with (a kind); default: the first segment's first kind.
    rubric: Option<Spanned<String>>,
    /// Only included with `--with-optional` (e.g. the PhD tech-talk round).
    #[serde(default)]
    optional: bool,
    segments: Spanned<Vec<SegmentFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentFile {
    title: Spanned<String>,
    minutes: Spanned<f64>,
    #[serde(default = "no_list")]
    kinds: Spanned<Vec<String>>,
    #[serde(default)]
    cards: Option<Spanned<i64>>,
    difficulty: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    /// Draw only from these card ids (a company loop's known questions).
    #[serde(default = "no_list")]
    ids: Spanned<Vec<String>>,
    /// Shown for segments without cards (intro, candidate's questions).
    #[serde(default)]
    prompt: String,
}

fn no_list() -> Spanned<Vec<String>> {
    Spanned::new(0..0, Vec::new())
}

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
    pub fn minutes(&self) -> f64 {
        self.segments.iter().map(|s| s.minutes).sum()
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
}

fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

/// Parses one loop file. Problems carry the file and line; `None` when the loop is unusable.
pub fn parse_loop(path: &str, text: &str) -> (Option<Loop>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut report = |offset: usize, severity: Severity, message: String| {
        problems.push(Problem {
            file: path.to_string(),
            line: line_of(text, offset),
            severity,
            message,
        });
    };
    let file: LoopFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            report(
                offset,
                Severity::Error,
                format!("loop file is not valid: {}", e.message().trim()),
            );
            return (None, problems);
        }
    };
    let key = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".toml")
        .to_string();
    let mut ok = true;
    if file.name.get_ref().trim().is_empty() {
        report(
            file.name.span().start,
            Severity::Error,
            "loop `name` is empty".into(),
        );
    }
    if file.rounds.get_ref().is_empty() {
        report(
            file.rounds.span().start,
            Severity::Error,
            "a loop needs at least one [[rounds]]".into(),
        );
        ok = false;
    }
    let mut rounds = Vec::new();
    for r in file.rounds.into_inner() {
        let mut segments = Vec::new();
        if r.segments.get_ref().is_empty() {
            report(
                r.segments.span().start,
                Severity::Error,
                format!("round `{}` has no segments", r.title.get_ref()),
            );
            ok = false;
        }
        for s in r.segments.into_inner() {
            let minutes = *s.minutes.get_ref();
            if minutes.is_nan() || minutes <= 0.0 || minutes > 600.0 {
                report(
                    s.minutes.span().start,
                    Severity::Error,
                    format!(
                        "segment `{}`: minutes must be above 0 and at most 600 (got {minutes})",
                        s.title.get_ref()
                    ),
                );
                ok = false;
            }
            let mut kinds = Vec::new();
            for k in s.kinds.get_ref() {
                match Kind::from_slug(k) {
                    Some(kind) => kinds.push(kind),
                    None => {
                        report(
                            s.kinds.span().start,
                            Severity::Error,
                            format!(
                                "segment `{}`: unknown kind `{k}` (use leetcode, ml-coding, breadth, depth, design, behavioural, talk)",
                                s.title.get_ref()
                            ),
                        );
                        ok = false;
                    }
                }
            }
            let cards = match &s.cards {
                None => usize::from(!kinds.is_empty()),
                Some(c) if *c.get_ref() < 0 || *c.get_ref() > 50 => {
                    report(
                        c.span().start,
                        Severity::Error,
                        format!(
                            "segment `{}`: cards must be between 0 and 50 (got {})",
                            s.title.get_ref(),
                            c.get_ref()
                        ),
                    );
                    ok = false;
                    0
                }
                Some(c) => *c.get_ref() as usize,
            };
            if cards > 0 && kinds.is_empty() && s.kinds.get_ref().is_empty() {
                report(
                    s.title.span().start,
                    Severity::Error,
                    format!(
                        "segment `{}` asks for cards but names no `kinds`",
                        s.title.get_ref()
                    ),
                );
                ok = false;
            }
            let difficulty = match &s.difficulty {
                None => None,
                Some(d) => match Difficulty::from_slug(d.get_ref()) {
                    Some(d) => Some(d),
                    None => {
                        report(
                            d.span().start,
                            Severity::Error,
                            format!("difficulty `{}` is not easy, medium or hard", d.get_ref()),
                        );
                        ok = false;
                        None
                    }
                },
            };
            segments.push((
                s.title.span().start,
                s.ids.span().start,
                Segment {
                    title: s.title.into_inner(),
                    minutes,
                    kinds,
                    cards,
                    difficulty,
                    tags: s.tags,
                    ids: s.ids.into_inner(),
                    prompt: s.prompt,
                },
            ));
        }
        let rubric = match &r.rubric {
            Some(k) => match Kind::from_slug(k.get_ref()) {
                Some(kind) => kind,
                None => {
                    report(
                        k.span().start,
                        Severity::Error,
                        format!(
                            "round `{}`: unknown rubric `{}` (a kind)",
                            r.title.get_ref(),
                            k.get_ref()
                        ),
                    );
                    ok = false;
                    Kind::Behavioural
                }
            },
            None => segments
                .iter()
                .find_map(|(_, _, s)| s.kinds.first().copied())
                .unwrap_or(Kind::Behavioural),
        };
        rounds.push(Round {
            title: r.title.into_inner(),
            rubric,
            rubric_auto: r.rubric.is_none(),
            optional: r.optional,
            segments: segments.into_iter().map(|(_, _, s)| s).collect(),
        });
    }
    let lp = Loop {
        key,
        name: file.name.into_inner(),
        description: file.description,
        path: path.to_string(),
        company: file
            .company
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty()),
        rounds,
    };
    (ok.then_some(lp), problems)
}

/// Every loop in the library, with problems; `check_pool` adds "more cards than exist" errors.
pub fn load_loops(lib: &Library) -> (Vec<Loop>, Vec<Problem>) {
    let mut loops = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in &lib.loops {
        let (lp, mut p) = parse_loop(path, text);
        if let Some(lp) = lp {
            p.extend(check_pool(&lp, text, lib));
            loops.push(lp);
        }
        problems.extend(p);
    }
    (loops, problems)
}

/// A segment that asks for more cards than the content holds is an error at its line.
fn check_pool(lp: &Loop, text: &str, lib: &Library) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut search_from = 0;
    for round in &lp.rounds {
        for s in &round.segments {
            // The segment's line: the next occurrence of its title in the file.
            let needle = format!("\"{}\"", s.title);
            let at = text[search_from..]
                .find(&needle)
                .map(|i| i + search_from)
                .unwrap_or(search_from);
            search_from = at + 1;
            if s.cards == 0 {
                continue;
            }
            let known: std::collections::HashSet<&str> = lib
                .decks
                .iter()
                .flat_map(|d| d.cards.iter().map(|c| c.id.as_str()))
                .collect();
            for id in s.ids.iter().filter(|id| !known.contains(id.as_str())) {
                out.push(Problem {
                    file: lp.path.clone(),
                    line: line_of(text, at),
                    severity: Severity::Error,
                    message: format!(
                        "segment `{}` names card `{id}`, which no deck holds",
                        s.title
                    ),
                });
            }
            let available = lib
                .decks
                .iter()
                .flat_map(|d| d.cards.iter())
                .filter(|c| {
                    s.kinds.contains(&c.kind)
                        && (s.ids.is_empty() || s.ids.contains(&c.id))
                        && s.difficulty
                            .is_none_or(|d| c.difficulty == Some(d) || c.difficulty.is_none())
                        && s.tags.iter().all(|t| c.tags.contains(t))
                })
                .count();
            if available < s.cards {
                out.push(Problem {
                    file: lp.path.clone(),
                    line: line_of(text, at),
                    severity: Severity::Error,
                    message: format!(
                        "segment `{}` asks for {} card(s) of {} but the decks hold {available}",
                        s.title,
                        s.cards,
                        s.kinds
                            .iter()
                            .map(|k| k.slug())
                            .collect::<Vec<_>>()
                            .join("/")
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: &str = r#"name = "MS mini-loop"
description = "two rounds"

[[rounds]]
title = "Round 1"
rubric = "leetcode"

[[rounds.segments]]
title = "Coding"
minutes = 45
kinds = ["leetcode", "ml-coding"]
cards = 1
difficulty = "medium"

[[rounds.segments]]
title = "Behavioural"
minutes = 15
kinds = ["behavioural"]
"#;

    #[test]
    fn a_loop_parses() {
        let (lp, problems) = parse_loop("content/loops/ms.toml", MS);
        assert!(problems.is_empty(), "{problems:?}");
        let lp = lp.unwrap();
        assert_eq!(lp.key, "ms");
        assert_eq!(lp.rounds[0].rubric, Kind::Leetcode);
        assert_eq!(lp.rounds[0].segments[1].cards, 1);
        assert_eq!(lp.rounds[0].minutes(), 60.0);
    }

    #[test]
    fn bad_loops_name_file_and_line() {
        let (lp, p) = parse_loop("x.toml", &MS.replace("minutes = 45", "minutes = -5"));
        assert!(lp.is_none());
        assert_eq!((p[0].line, p[0].severity), (10, Severity::Error));
        assert!(p[0].message.contains("minutes must be above 0"));

        let (_, p) = parse_loop("x.toml", &MS.replace("\"behavioural\"]", "\"poetry\"]"));
        assert_eq!(p[0].line, 18);
        assert!(p[0].message.contains("unknown kind `poetry`"));

        let (_, p) = parse_loop("x.toml", &MS.replace("cards = 1", "cards = 1\ncards = 2"));
        assert!(p[0].message.contains("not valid"), "{p:?}");
        assert_eq!(p[0].line, 13);

        let (_, p) = parse_loop("x.toml", &MS.replace("minutes = 45", "minutes = 0"));
        assert_eq!(p[0].line, 10);
    }

    #[test]
    fn impossible_counts_are_reported_against_the_pool() {
        let lib = crate::content::load_roots(&[]);
        let (lp, _) = parse_loop("x.toml", MS);
        let p = check_pool(&lp.unwrap(), MS, &lib);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].line, 9);
        assert!(
            p[0].message
                .contains("asks for 1 card(s) of leetcode/ml-coding but the decks hold 0")
        );
    }
}
