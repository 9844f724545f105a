//! Parsing one loop file: its TOML read into a [`Loop`], every bad value reported with its file
//! and line.

use super::file::LoopFile;
use super::{Loop, Round, Segment, default_follow_up_minutes, line_of};
use crate::content::{Difficulty, Kind, Problem, Severity};

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
            let follow_ups = match &s.follow_ups {
                None => usize::from(kinds.iter().any(|k| {
                    matches!(
                        k,
                        Kind::Breadth | Kind::Depth | Kind::Design | Kind::Behavioural
                    )
                })),
                Some(n) if (0..=5).contains(n.get_ref()) => *n.get_ref() as usize,
                Some(n) => {
                    report(
                        n.span().start,
                        Severity::Error,
                        format!(
                            "segment `{}`: follow_ups must be between 0 and 5 (got {})",
                            s.title.get_ref(),
                            n.get_ref()
                        ),
                    );
                    ok = false;
                    0
                }
            };
            let follow_up_minutes = match &s.follow_up_minutes {
                None => default_follow_up_minutes(),
                Some(m) if *m.get_ref() > 0.0 && *m.get_ref() <= 60.0 => *m.get_ref(),
                Some(m) => {
                    report(
                        m.span().start,
                        Severity::Error,
                        format!(
                            "segment `{}`: follow_up_minutes must be above 0 and at most 60",
                            s.title.get_ref()
                        ),
                    );
                    ok = false;
                    default_follow_up_minutes()
                }
            };
            let seg_rubric = match &s.rubric {
                None => None,
                Some(k) => {
                    let kind = Kind::from_slug(k.get_ref());
                    if kind.is_none() {
                        report(
                            k.span().start,
                            Severity::Error,
                            format!(
                                "segment `{}`: unknown rubric `{}` (a kind)",
                                s.title.get_ref(),
                                k.get_ref()
                            ),
                        );
                        ok = false;
                    }
                    kind
                }
            };
            if s.deep_dive && !kinds.contains(&Kind::Depth) {
                report(
                    s.title.span().start,
                    Severity::Error,
                    format!(
                        "segment `{}`: a deep_dive draws depth cards: add kinds = [\"depth\"]",
                        s.title.get_ref()
                    ),
                );
                ok = false;
            }
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
                    follow_ups,
                    follow_up_minutes,
                    rubric: seg_rubric,
                    deep_dive: s.deep_dive,
                    choice: s.choice,
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
        for (at, _, seg) in &segments {
            let differs = segments.iter().any(|(_, _, o)| {
                !seg.choice.is_empty() && o.choice == seg.choice && o.minutes != seg.minutes
            });
            if differs {
                report(
                    *at,
                    Severity::Error,
                    format!(
                        "segment `{}`: alternatives of choice `{}` must last the same minutes",
                        seg.title, seg.choice
                    ),
                );
                ok = false;
            }
        }
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
        break_minutes: file.break_minutes.unwrap_or(5.0).clamp(0.0, 60.0),
    };
    (ok.then_some(lp), problems)
}
