//! The round review on a `MockRun`: one rubric sheet per scored segment (its own kind's rubric),
//! scoring and "not observed", the caps each segment's evidence puts on its rows, the proposed
//! grade of each card from its own evidence (which the user may change), and closing a round,
//! which refuses while a row is unscored.

use super::clock::Now;
use super::grade::{CardEvidence, FollowUpOutcome, proposed_grade};
use super::score::{self, Cap, RowScore, SegmentEvidence, SegmentScore, Sheet};
use super::session::{MockRun, Phase, RoundScore};
use crate::content::Kind;
use crate::schedule::Grade;

/// Why a round cannot close yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloseError {
    #[error("round {0} is not being reviewed")]
    NotInReview(usize),
    #[error("score every row or mark it not observed: {} left ({})", .0.len(), .0.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", "))]
    Unscored(Vec<(usize, String)>),
}

/// A card's grade as the round review shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CardGrade {
    /// Index into `plan.items` / `items`.
    pub item: usize,
    pub card_id: String,
    pub proposed: Grade,
    /// The evidence behind the proposal, in words.
    pub why: Vec<String>,
    /// The user's choice, if they changed it.
    pub chosen: Option<Grade>,
}

impl CardGrade {
    pub fn grade(&self) -> Grade {
        self.chosen.unwrap_or(self.proposed)
    }
}

/// What closing a round commits: the round score and each card's grade with its time.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosedRound {
    pub round: usize,
    /// `None` when no segment of the round has a rubric (nothing to score).
    pub score: Option<RoundScore>,
    pub grades: Vec<(String, Grade, chrono::Duration)>,
}

/// One rubric row as the rubric screen lists it (all sheets of a round, in order).
#[derive(Debug, Clone, PartialEq)]
pub struct RowView {
    pub sheet: usize,
    pub row: usize,
    /// The segment's title (rows are grouped under it).
    pub segment: String,
    pub kind: Kind,
    pub name: &'static str,
    /// "1 = …" to "4 = …".
    pub descriptions: [String; 4],
    pub score: RowScore,
    /// The lowest cap on the row (4 = none) and every reason, each naming this row.
    pub cap: u8,
    pub reasons: Vec<String>,
}

impl MockRun {
    /// Every row of the round's sheets, flattened for one scrolling list.
    pub fn rubric_view(&self, round: usize) -> Vec<RowView> {
        let mut out = Vec::new();
        for (si, sheet) in self.sheets.get(round).into_iter().flatten().enumerate() {
            let caps = self.sheet_caps(round, si);
            let segment = self.plan.lp.rounds[round].segments[sheet.segment]
                .title
                .clone();
            for (ri, row) in sheet.rubric().into_iter().enumerate() {
                out.push(RowView {
                    sheet: si,
                    row: ri,
                    segment: segment.clone(),
                    kind: sheet.kind,
                    name: row.name,
                    descriptions: row.descriptions(),
                    score: sheet.rows.get(ri).copied().unwrap_or_default(),
                    cap: score::limit_for(&caps, Some(ri)),
                    reasons: caps
                        .iter()
                        .filter(|c| c.row == Some(ri))
                        .map(Cap::to_string)
                        .collect(),
                });
            }
        }
        out
    }

    /// Makes the round's sheets if they do not exist yet: one per segment that holds a card (its
    /// rubric: the segment's `rubric`, else its first card's kind), and note-only segments of a
    /// round whose file names a rubric.
    pub fn ensure_sheets(&mut self, round: usize) {
        if self.sheets.len() < self.plan.lp.rounds.len() {
            self.sheets.resize(self.plan.lp.rounds.len(), Vec::new());
        }
        if !self.sheets[round].is_empty() {
            return;
        }
        let r = &self.plan.lp.rounds[round];
        let mut sheets = Vec::new();
        for (si, seg) in r.segments.iter().enumerate() {
            let items: Vec<_> = self
                .round_items(round)
                .filter(|(_, it)| it.segment == si)
                .map(|(_, it)| it)
                .collect();
            let card_kind = items.iter().find_map(|it| it.card_id.as_ref().and(it.kind));
            let kind = seg.rubric.or(card_kind).or(if seg.deep_dive {
                Some(Kind::Depth)
            } else if r.rubric_auto {
                None
            } else {
                Some(r.rubric)
            });
            if let Some(kind) = kind {
                let llm = items.iter().any(|it| it.llm);
                sheets.push(Sheet::new(si, kind, llm, seg.minutes));
            }
        }
        self.sheets[round] = sheets;
    }

    /// The evidence of one segment: hints, tests (coding), overtime, empty, follow-ups.
    pub fn segment_evidence(&self, round: usize, segment: usize) -> SegmentEvidence {
        let mut e = SegmentEvidence {
            overtime: self
                .clocks
                .get(round)
                .and_then(|c| c.get(segment))
                .is_some_and(|c| c.overtime),
            empty: true,
            ..SegmentEvidence::default()
        };
        for (i, it) in self
            .round_items(round)
            .filter(|(_, it)| it.segment == segment)
        {
            let r = &self.items[i];
            e.hints += r.hints;
            e.empty &= r.is_empty();
            if it.kind.is_some_and(|k| k.is_coding()) && it.card_id.is_some() {
                let (p, t) = r.tests.unwrap_or((0, 0));
                let (ap, at) = e.tests.unwrap_or((0, 0));
                e.tests = Some((ap + p, at + t));
            }
            e.follow_ups_asked += r.follow_ups.len() as u32;
            e.follow_ups_handled += r.follow_ups.iter().filter(|f| f.handled()).count() as u32;
        }
        e
    }

    /// The caps on a sheet's rows, each naming the row it limits.
    pub fn sheet_caps(&self, round: usize, sheet: usize) -> Vec<Cap> {
        self.sheets
            .get(round)
            .and_then(|s| s.get(sheet))
            .map(|s| score::segment_caps(s.kind, s.llm, &self.segment_evidence(round, s.segment)))
            .unwrap_or_default()
    }

    fn row_mut(&mut self, round: usize, sheet: usize, row: usize) -> Option<&mut RowScore> {
        self.sheets
            .get_mut(round)?
            .get_mut(sheet)?
            .rows
            .get_mut(row)
    }

    /// Scores a row 1–4 (the cap still applies when the round closes).
    pub fn score_row(&mut self, round: usize, sheet: usize, row: usize, value: u8) {
        if let Some(r) = self.row_mut(round, sheet, row) {
            *r = RowScore::Scored(value.clamp(1, 4));
        }
    }

    /// The signal never came up: counts as 1.
    pub fn mark_not_observed(&mut self, round: usize, sheet: usize, row: usize) {
        if let Some(r) = self.row_mut(round, sheet, row) {
            *r = RowScore::NotObserved;
        }
    }

    pub fn clear_row(&mut self, round: usize, sheet: usize, row: usize) {
        if let Some(r) = self.row_mut(round, sheet, row) {
            *r = RowScore::Unscored;
        }
    }

    /// The user's overall for a segment (`None`: the rounded mean of its capped rows).
    pub fn set_overall(&mut self, round: usize, sheet: usize, overall: Option<u8>) {
        if let Some(s) = self.sheets.get_mut(round).and_then(|s| s.get_mut(sheet)) {
            s.overall = overall.map(|v| v.clamp(1, 4));
        }
    }

    /// Rows still unscored: (sheet, "segment title: row name").
    pub fn unscored(&self, round: usize) -> Vec<(usize, String)> {
        let Some(sheets) = self.sheets.get(round) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (si, s) in sheets.iter().enumerate() {
            let title = &self.plan.lp.rounds[round].segments[s.segment].title;
            let rows = s.rubric();
            for i in s.unscored() {
                out.push((si, format!("{title}: {}", rows[i].name)));
            }
        }
        out
    }

    /// Each card's proposed grade from its own evidence, and the user's choice if any.
    pub fn card_grades(&self, round: usize) -> Vec<CardGrade> {
        let seg_scores: Vec<(usize, u8)> = self
            .sheets
            .get(round)
            .into_iter()
            .flatten()
            .filter_map(|s| {
                s.score(&self.segment_evidence(round, s.segment))
                    .map(|sc| (s.segment, sc.overall))
            })
            .collect();
        self.round_items(round)
            .filter_map(|(i, it)| {
                let id = it.card_id.clone()?;
                let r = &self.items[i];
                let follow_up = if r.follow_ups.is_empty() {
                    if r.follow_up {
                        FollowUpOutcome::Handled
                    } else {
                        FollowUpOutcome::NotAsked
                    }
                } else if r.follow_ups.iter().any(|f| f.handled()) {
                    FollowUpOutcome::Handled
                } else {
                    FollowUpOutcome::Passed
                };
                let e = CardEvidence {
                    coding: it.kind.is_some_and(|k| k.is_coding()),
                    key_points: it.key_points.max(r.checklist.len()),
                    ticked: r.checklist.iter().filter(|c| **c).count(),
                    hints: r.hints,
                    tests: r.tests,
                    empty: r.is_empty(),
                    overtime: r.overtime,
                    follow_up,
                    segment_score: seg_scores
                        .iter()
                        .find(|(s, _)| *s == it.segment)
                        .map(|x| x.1),
                };
                let (proposed, why) = proposed_grade(&e);
                Some(CardGrade {
                    item: i,
                    card_id: id,
                    proposed,
                    why,
                    chosen: r.grade_choice.and_then(|g| Grade::from_number(g as i64)),
                })
            })
            .collect()
    }

    /// The user overrides a card's proposed grade (`None` goes back to the proposal).
    pub fn set_card_grade(&mut self, item: usize, grade: Option<Grade>) {
        if let Some(r) = self.items.get_mut(item) {
            r.grade_choice = grade.map(|g| g as u8);
        }
    }

    /// Scores the round from its sheets and moves on (a break, the next round or the report).
    /// Refuses while a row is unscored. The caller commits the grades and saves the run in one
    /// transaction (`Study::confirm_mock_round`).
    pub fn close_round(
        &mut self,
        round: usize,
        now: impl Into<Now>,
    ) -> Result<ClosedRound, CloseError> {
        if self.phase != (Phase::Review { round }) {
            return Err(CloseError::NotInReview(round));
        }
        self.ensure_sheets(round);
        let missing = self.unscored(round);
        if !missing.is_empty() {
            return Err(CloseError::Unscored(missing));
        }
        let segments: Vec<SegmentScore> = self.sheets[round]
            .iter()
            .filter_map(|s| s.score(&self.segment_evidence(round, s.segment)))
            .collect();
        let result = score::round_overall(&segments);
        let grades: Vec<(String, Grade, chrono::Duration)> = self
            .card_grades(round)
            .into_iter()
            .map(|g| {
                let spent = chrono::Duration::milliseconds(self.items[g.item].elapsed_ms);
                self.items[g.item].grade = Some(g.grade() as u8);
                (g.card_id.clone(), g.grade(), spent)
            })
            .collect();
        let overtime = self.evidence(round).overtime;
        let score = result.map(|(mean, overall, held)| RoundScore {
            signals: Vec::new(),
            overall: if overtime { overall.min(3) } else { overall },
            notes: [
                (
                    held,
                    "a behavioural segment scored 2 or less: the round is held at 2",
                ),
                (
                    overtime,
                    "a segment ran past its time budget: the round is capped at 3",
                ),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, n)| n.to_string())
            .collect(),
            evidence: self.evidence(round),
            segments,
            mean,
            behavioural_held: held,
        });
        self.scores[round] = score.clone();
        self.phase = if self.pos >= self.plan.items.len() {
            Phase::Report
        } else if self.flow.breaks {
            self.break_ms = 0;
            Phase::Break { after: round }
        } else {
            Phase::Answering
        };
        self.resume(now);
        Ok(ClosedRound {
            round,
            score,
            grades,
        })
    }

    /// The pre-issue-13 round screen: one list of the round rubric's signals and an overall.
    /// Rows of the round's sheets take the signal of the same name, other rows the overall.
    /// Returns the cards' grades (each from its own evidence). Remove with that screen.
    pub fn score_round(
        &mut self,
        round: usize,
        signals: &[u8],
        overall: u8,
    ) -> Vec<(String, Grade)> {
        self.ensure_sheets(round);
        let names: Vec<&str> = score::rubric(self.plan.lp.rounds[round].rubric)
            .iter()
            .map(|r| r.name)
            .collect();
        for s in self.sheets[round].iter_mut() {
            let rows = s.rubric();
            for (i, row) in rows.iter().enumerate() {
                let v = names
                    .iter()
                    .position(|n| *n == row.name)
                    .and_then(|k| signals.get(k).copied())
                    .unwrap_or(overall);
                s.rows[i] = RowScore::Scored(v);
            }
            s.overall = Some(overall);
        }
        let now = Now::new(self.started_at, self.last_tick_ms().unwrap_or(0));
        let kind = self.plan.lp.rounds[round].rubric;
        let (capped, _) = score::apply_caps(kind, &self.evidence(round), signals, overall);
        let closed = self.close_round(round, now);
        if let Some(Some(s)) = self.scores.get_mut(round) {
            s.signals = capped;
        }
        match closed {
            Ok(c) => c.grades.into_iter().map(|(id, g, _)| (id, g)).collect(),
            Err(_) => Vec::new(),
        }
    }
}
