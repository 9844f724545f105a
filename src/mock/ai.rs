//! The AI interviewer's proposals on a mock round review: which rubric rows a card's answer is
//! graded on (its segment's sheet), the text sent (the answer and the follow-up answers), the
//! ticks it pre-sets, the score it proposes per rubric row (under the sheet's evidence caps), and
//! what the user finally chose against each proposal. The model proposes; nothing here scores a
//! row: the user accepts (`y`) or types every value.

use super::score::{RowScore, limit_for};
use super::session::MockRun;
use crate::ai::grade::{Grading, RowSpec};
use serde_json::{Value, json};

/// The model's proposal for one mock item, kept with the session so a resume shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ItemProposal {
    pub grading: Grading,
    /// The stored judgement (None when it could not be saved).
    pub judgement: Option<i64>,
}

/// A row's proposed score: the mean of the segment's proposals (half rounds down), capped by
/// the row's evidence cap, with each card's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProposalView {
    pub score: u8,
    /// What the model asked for before any cap.
    pub asked: u8,
    pub reasons: Vec<String>,
}

/// Where a generated follow-up went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Asked at once (the answer was still being written).
    Now,
    /// Queued right after the follow-up on screen.
    Next,
}

/// What the user chose against one judgement, for the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub judgement: i64,
    pub chosen: Value,
    pub overridden: bool,
}

fn row_id(row: usize) -> String {
    format!("r{}", row + 1)
}

impl MockRun {
    /// The sheet (index in the round) that scores `item`, if its segment has one.
    fn sheet_of(&self, item: usize) -> Option<(usize, usize)> {
        let it = self.plan.items.get(item)?;
        let si = self
            .sheets
            .get(it.round)?
            .iter()
            .position(|s| s.segment == it.segment)?;
        Some((it.round, si))
    }

    /// The rubric rows the model scores for `item`: its segment's sheet (empty without one).
    pub fn ai_rows(&mut self, item: usize) -> Vec<RowSpec> {
        let Some(round) = self.plan.items.get(item).map(|it| it.round) else {
            return Vec::new();
        };
        self.ensure_sheets(round);
        let Some((round, si)) = self.sheet_of(item) else {
            return Vec::new();
        };
        self.sheets[round][si]
            .rubric()
            .iter()
            .enumerate()
            .map(|(i, r)| RowSpec {
                id: row_id(i),
                name: r.name.to_string(),
            })
            .collect()
    }

    /// What the candidate said on `item`: the answer, then each follow-up answer.
    pub fn ai_answer(&self, item: usize) -> String {
        let Some(r) = self.items.get(item) else {
            return String::new();
        };
        let mut s = r.answer.trim().to_string();
        for f in r.follow_ups.iter().filter(|f| !f.passed) {
            if !f.answer.trim().is_empty() {
                s.push_str("\n\n");
                s.push_str(f.answer.trim());
            }
        }
        s
    }

    /// The interviewer's follow-up generated from the answer to `item`: asked right after the
    /// one on screen, or, while the answer is still being written, at once (the written
    /// follow-ups come after). `None` when `item` is no longer on screen or has no answer.
    pub fn add_follow_up(
        &mut self,
        item: usize,
        question: String,
        now: impl Into<super::clock::Now>,
    ) -> Option<Added> {
        let p = self.plan.items.get_mut(item)?;
        match self.phase {
            super::session::Phase::FollowUp { item: i, index } if i == item => {
                p.follow_ups
                    .insert((index + 1).min(p.follow_ups.len()), question);
                Some(Added::Next)
            }
            super::session::Phase::Answering if self.pos == item => {
                if self.items.get(item).is_none_or(|r| r.is_empty()) {
                    return None;
                }
                p.follow_ups.insert(0, question);
                let follow = self.flow.follow_ups;
                self.flow.follow_ups = true;
                self.next(now);
                self.flow.follow_ups = follow;
                Some(Added::Now)
            }
            _ => None,
        }
    }

    /// Shows the model's proposal on `item`: its covered points are pre-ticked (the user
    /// changes any), and its row scores wait on the rubric for the user to accept.
    pub fn apply_ai(&mut self, item: usize, grading: Grading, judgement: Option<i64>) {
        let Some(r) = self.items.get_mut(item) else {
            return;
        };
        r.checklist = grading.ticks();
        r.ai = Some(ItemProposal { grading, judgement });
    }

    /// The proposal for one row of a round's sheet, from every card of its segment the model
    /// graded.
    pub fn proposed_row(&self, round: usize, sheet: usize, row: usize) -> Option<RowProposalView> {
        let s = self.sheets.get(round)?.get(sheet)?;
        let id = row_id(row);
        let mut asked = Vec::new();
        let mut reasons = Vec::new();
        for (i, it) in self.round_items(round) {
            if it.segment != s.segment {
                continue;
            }
            let Some(p) = self.items.get(i).and_then(|r| r.ai.as_ref()) else {
                continue;
            };
            if let Some(r) = p.grading.rubric.iter().find(|r| r.row == id) {
                asked.push((r.score, r.proposed));
                let mut why = r.reason.clone();
                if let Some(cap) = &r.cap {
                    why.push_str(&format!(" ({cap})"));
                }
                if !why.trim().is_empty() {
                    reasons.push(why);
                }
            }
        }
        if asked.is_empty() {
            return None;
        }
        let mean = |f: fn(&(u8, u8)) -> u8| {
            let sum: u32 = asked.iter().map(|x| u32::from(f(x))).sum();
            // Half rounds down: (2·sum + n − 1) / (2n) is the mean rounded half-down.
            let n = asked.len() as u32;
            ((2 * sum + n - 1) / (2 * n)).clamp(1, 4) as u8
        };
        let limit = limit_for(&self.sheet_caps(round, sheet), Some(row));
        Some(RowProposalView {
            score: mean(|x| x.0).min(limit),
            asked: mean(|x| x.1),
            reasons,
        })
    }

    /// Takes the proposal as the row's score; false when the row has none.
    pub fn accept_proposal(&mut self, round: usize, sheet: usize, row: usize) -> bool {
        match self.proposed_row(round, sheet, row) {
            Some(p) => {
                self.score_row(round, sheet, row, p.score);
                true
            }
            None => false,
        }
    }

    /// Accepts every proposal of the round on rows still unscored; returns how many.
    pub fn accept_all_proposals(&mut self, round: usize) -> usize {
        let rows: Vec<(usize, usize)> = self
            .rubric_view(round)
            .iter()
            .filter(|v| v.score == RowScore::Unscored)
            .map(|v| (v.sheet, v.row))
            .collect();
        rows.into_iter()
            .filter(|&(s, r)| self.accept_proposal(round, s, r))
            .count()
    }

    /// For each stored judgement of the round: the ticks, row scores and grade the user ended
    /// with, and whether any differs from the model's proposal.
    pub fn ai_choices(&self, round: usize) -> Vec<Choice> {
        let grades = self.card_grades(round);
        let mut out = Vec::new();
        for (i, _) in self.round_items(round) {
            let Some(rec) = self.items.get(i) else {
                continue;
            };
            let Some(p) = &rec.ai else { continue };
            let Some(judgement) = p.judgement else {
                continue;
            };
            let mut overridden = rec.checklist != p.grading.ticks();
            let mut rubric = serde_json::Map::new();
            if let Some((round, si)) = self.sheet_of(i) {
                let sheet = &self.sheets[round][si];
                for (ri, score) in sheet.rows.iter().enumerate() {
                    let id = row_id(ri);
                    let value = match score {
                        RowScore::Scored(n) => json!(n),
                        RowScore::NotObserved => json!("not observed"),
                        RowScore::Unscored => Value::Null,
                    };
                    if let Some(prop) = self.proposed_row(round, si, ri)
                        && p.grading.rubric.iter().any(|r| r.row == id)
                        && *score != RowScore::Scored(prop.score)
                    {
                        overridden = true;
                    }
                    rubric.insert(id, value);
                }
            }
            let grade = grades.iter().find(|g| g.item == i).map(|g| g.grade() as u8);
            out.push(Choice {
                judgement,
                chosen: json!({
                    "ticks": rec.checklist,
                    "rubric": rubric,
                    "grade": grade,
                }),
                overridden,
            });
        }
        out
    }
}

#[cfg(test)]
#[path = "ai_tests.rs"]
mod tests;
