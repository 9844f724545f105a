//! Scoring a segment from evidence: rows start unscored, each cap that objective evidence puts
//! on a row names that row and its reason, the segment's overall, the round score (mean of
//! segments weighted by minutes; a weak behavioural segment holds the round at 2), the loop
//! verdict, and the score -> FSRS grade table. Pure functions; the session holds the state.

use super::rubric::{self, Role, Row};
use crate::content::Kind;
use crate::schedule::Grade;

pub use super::rubric::all_rows as rubric;

/// A rubric row as the user left it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RowScore {
    #[default]
    Unscored,
    Scored(u8),
    /// The signal never came up; counts as 1.
    NotObserved,
}

impl RowScore {
    /// The value it counts as, before caps (`None` while unscored).
    pub fn value(self) -> Option<u8> {
        match self {
            RowScore::Unscored => None,
            RowScore::Scored(n) => Some(n.clamp(1, 4)),
            RowScore::NotObserved => Some(1),
        }
    }
}

/// What happened in one segment that can cap its rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SegmentEvidence {
    pub hints: u32,
    /// Coding cards only: tests passed / total; `(0, 0)` = not run (counts as failed).
    pub tests: Option<(u32, u32)>,
    pub overtime: bool,
    /// Nothing written (and no test passing) for any item of the segment.
    pub empty: bool,
    pub follow_ups_asked: u32,
    pub follow_ups_handled: u32,
}

/// A limit on one row (or on the segment's overall when `row` is `None`), with its reason.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cap {
    /// Index into the segment's visible rows; `None` = the segment's overall score.
    pub row: Option<usize>,
    /// The row's name exactly as the rubric shows it ("Overall" for the overall).
    pub row_name: String,
    pub limit: u8,
    pub reason: String,
}

impl std::fmt::Display for Cap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} capped at {}: {}",
            self.row_name, self.limit, self.reason
        )
    }
}

/// Every cap the evidence puts on the visible rows of a `kind` rubric.
pub fn segment_caps(kind: Kind, llm: bool, e: &SegmentEvidence) -> Vec<Cap> {
    let rows = rubric::rows(kind, llm);
    let mut out = Vec::new();
    let mut cap = |row: Option<usize>, limit: u8, reason: String| {
        let row_name = row.map_or("Overall", |i| rows[i].name).to_string();
        out.push(Cap {
            row,
            row_name,
            limit,
            reason,
        });
    };
    let tests = match e.tests {
        Some((_, 0)) => Some("local tests not run (counts as failed)".to_string()),
        Some((p, t)) if p < t => Some(format!("{p}/{t} local tests pass")),
        _ => None,
    };
    for (i, row) in rows.iter().enumerate() {
        if e.empty {
            cap(Some(i), 1, "the answer is empty".into());
            continue;
        }
        if row.has(Role::Implementation)
            && let Some(reason) = &tests
        {
            cap(Some(i), 3, reason.clone());
        }
        if row.has(Role::ProblemSolving) && e.hints > 1 {
            cap(Some(i), 3, format!("{} hints used", e.hints));
        }
        if row.has(Role::Time) && e.overtime {
            cap(Some(i), 2, "past the segment's time budget".into());
        }
        if row.has(Role::FollowUp) && e.follow_ups_asked > 0 {
            if e.follow_ups_handled == 0 {
                cap(
                    Some(i),
                    1,
                    format!("passed all {} follow-up(s)", e.follow_ups_asked),
                );
            } else if e.follow_ups_handled < e.follow_ups_asked {
                cap(
                    Some(i),
                    2,
                    format!(
                        "handled {} of {} follow-ups",
                        e.follow_ups_handled, e.follow_ups_asked
                    ),
                );
            }
        }
    }
    if e.empty {
        cap(None, 1, "the answer is empty".into());
    } else if e.overtime {
        cap(None, 3, "past the segment's time budget".into());
    }
    out
}

/// The lowest cap on a row (4 when none).
pub fn limit_for(caps: &[Cap], row: Option<usize>) -> u8 {
    caps.iter()
        .filter(|c| c.row == row)
        .map(|c| c.limit)
        .min()
        .unwrap_or(4)
}

/// One segment's rubric as the user fills it in.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sheet {
    pub segment: usize,
    pub kind: Kind,
    /// The segment holds a case tagged llm: the LLM-extension row shows.
    pub llm: bool,
    pub minutes: f64,
    pub rows: Vec<RowScore>,
    /// The user's overall, if they set one; otherwise the rounded mean of the capped rows.
    pub overall: Option<u8>,
}

/// A sheet with caps applied.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SegmentScore {
    pub segment: usize,
    pub kind: Kind,
    pub minutes: f64,
    /// (row name, what the user said, the value counted after caps).
    pub rows: Vec<(String, RowScore, u8)>,
    pub overall: u8,
    pub caps: Vec<Cap>,
    pub evidence: SegmentEvidence,
}

impl Sheet {
    pub fn new(segment: usize, kind: Kind, llm: bool, minutes: f64) -> Sheet {
        Sheet {
            segment,
            kind,
            llm,
            minutes,
            rows: vec![RowScore::Unscored; rubric::rows(kind, llm).len()],
            overall: None,
        }
    }

    /// The visible rows, in order (index matches `rows`).
    pub fn rubric(&self) -> Vec<&'static Row> {
        rubric::rows(self.kind, self.llm)
    }

    /// Indices of rows still unscored.
    pub fn unscored(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| self.rows[i] == RowScore::Unscored)
            .collect()
    }

    /// The scored sheet; `None` while a row is unscored.
    pub fn score(&self, e: &SegmentEvidence) -> Option<SegmentScore> {
        let caps = segment_caps(self.kind, self.llm, e);
        let names = self.rubric();
        let mut rows = Vec::new();
        for (i, raw) in self.rows.iter().enumerate() {
            let v = raw.value()?.min(limit_for(&caps, Some(i)));
            rows.push((names.get(i).map_or("?", |r| r.name).to_string(), *raw, v));
        }
        let min = rows.iter().map(|r| r.2).min().unwrap_or(1);
        let mean = rows.iter().map(|r| r.2 as f64).sum::<f64>() / rows.len().max(1) as f64;
        let overall = self
            .overall
            .unwrap_or_else(|| round_half_down(mean))
            .clamp(1, 4)
            .min(min + 2)
            .min(limit_for(&caps, None));
        Some(SegmentScore {
            segment: self.segment,
            kind: self.kind,
            minutes: self.minutes,
            rows,
            overall,
            caps,
            evidence: *e,
        })
    }
}

/// 2.5 -> 2, 2.51 -> 3: a tie goes to the lower band.
pub fn round_half_down(x: f64) -> u8 {
    ((x - 0.5).ceil()).clamp(1.0, 4.0) as u8
}

/// A round from its scored segments: the minutes-weighted mean, rounded half down; a behavioural
/// segment at 2 or below holds the round at 2 (at best Mixed). `None` without scored segments.
pub fn round_overall(segments: &[SegmentScore]) -> Option<(f64, u8, bool)> {
    let minutes: f64 = segments.iter().map(|s| s.minutes.max(0.0)).sum();
    if segments.is_empty() || minutes <= 0.0 {
        return None;
    }
    let mean = segments
        .iter()
        .map(|s| s.overall as f64 * s.minutes.max(0.0))
        .sum::<f64>()
        / minutes;
    let weak_behavioural = segments
        .iter()
        .any(|s| s.kind == Kind::Behavioural && s.overall <= 2);
    let mut overall = round_half_down(mean);
    if weak_behavioural {
        overall = overall.min(2);
    }
    Some((mean, overall, weak_behavioural))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    Hire,
    Mixed,
    NoHire,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Hire => "Hire",
            Verdict::Mixed => "Mixed",
            Verdict::NoHire => "No hire",
        }
    }
}

/// Any round at 1, or two rounds at 2: No hire. Exactly one round at 2: Mixed (offer an extra
/// round of that type). Otherwise every round is at least 3, so the mean is too: Hire.
pub fn verdict(overall: &[u8]) -> Verdict {
    let ones = overall.iter().filter(|&&x| x <= 1).count();
    let twos = overall.iter().filter(|&&x| x == 2).count();
    if overall.is_empty() || ones > 0 || twos > 1 {
        Verdict::NoHire
    } else if twos == 1 {
        Verdict::Mixed
    } else {
        Verdict::Hire
    }
}

/// Score 1–4 -> Again / Hard / Good / Easy.
pub fn grade_for(score: u8) -> Grade {
    match score {
        0 | 1 => Grade::Again,
        2 => Grade::Hard,
        3 => Grade::Good,
        _ => Grade::Easy,
    }
}

/// Round-level evidence as the pre-issue-13 round screen shows it (hints, tests, overtime).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    pub hints: u32,
    pub tests: Option<(u32, u32)>,
    pub overtime: bool,
}

impl Evidence {
    fn as_segment(&self) -> SegmentEvidence {
        SegmentEvidence {
            hints: self.hints,
            tests: self.tests,
            overtime: self.overtime,
            ..SegmentEvidence::default()
        }
    }
}

/// Legacy view for the round screen: per-row caps (4 = none), the overall cap, and the reasons,
/// each naming its row.
pub fn caps(kind: Kind, e: &Evidence) -> (Vec<u8>, u8, Vec<String>) {
    let caps = segment_caps(kind, true, &e.as_segment());
    let rows = (0..rubric::rows(kind, true).len())
        .map(|i| limit_for(&caps, Some(i)))
        .collect();
    let reasons = caps.iter().map(Cap::to_string).collect();
    (rows, limit_for(&caps, None), reasons)
}

/// Legacy: applies caps to self-scores; the overall may not exceed the minimum signal + 2.
pub fn apply_caps(kind: Kind, e: &Evidence, signals: &[u8], overall: u8) -> (Vec<u8>, u8) {
    let (row_caps, overall_cap, _) = caps(kind, e);
    let signals: Vec<u8> = signals
        .iter()
        .zip(row_caps.iter().chain(std::iter::repeat(&4)))
        .map(|(s, c)| (*s).clamp(1, 4).min(*c))
        .collect();
    let min = signals.iter().copied().min().unwrap_or(4);
    (signals, overall.clamp(1, 4).min(overall_cap).min(min + 2))
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
