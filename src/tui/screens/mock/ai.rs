//! The AI interviewer's keys on the mock screens (present only with `[ai]` on): a follow-up
//! from the answer while answering, one more after a follow-up, the model's proposed ticks and
//! scores on the round review, and taking a proposed score on the rubric. The requests run in
//! the app; this file asks, places the follow-ups that come back, and takes proposed scores.

use super::MockState;
use crate::mock::session::Phase;
use crate::tui::effect::Effect;
use chrono::{DateTime, Utc};

impl MockState {
    /// `a` while answering or on a follow-up: the interviewer asks one more question, made
    /// from everything said on this card.
    pub(super) fn ask_ai_follow_up(&mut self) -> Vec<Effect> {
        if !self.ai_on {
            return Vec::new();
        }
        self.store_answer();
        let item = match self.run.phase {
            Phase::FollowUp { item, .. } => item,
            _ => self.run.pos,
        };
        let Some(card) = self
            .run
            .plan
            .items
            .get(item)
            .and_then(|p| p.card_id.clone())
        else {
            return Vec::new();
        };
        let answer = self.run.ai_answer(item);
        if answer.trim().is_empty() {
            self.notice = Some("write an answer first: the follow-up is made from it".into());
            return Vec::new();
        }
        vec![
            self.save(),
            Effect::AiFollowUp {
                card,
                answer,
                auto: false,
            },
        ]
    }

    /// `a` on a reviewed card: the model proposes its ticks and the segment's row scores.
    pub(super) fn ask_ai_proposal(&mut self, item: usize) -> Vec<Effect> {
        if !self.ai_on {
            return Vec::new();
        }
        if self.run.ai_answer(item).trim().is_empty() {
            self.notice = Some("nothing was written for this card: nothing to grade".into());
            return Vec::new();
        }
        vec![self.save(), Effect::AskAiMock { item }]
    }

    /// `y` / `Y` on the rubric: take the proposed score of the selected row, or of every row
    /// still unscored. A proposal is never a score until taken.
    pub(super) fn accept_ai(&mut self, round: usize, row: usize, all: bool) -> Vec<Effect> {
        if !self.ai_on {
            return Vec::new();
        }
        let taken = if all {
            self.run.accept_all_proposals(round)
        } else {
            let rows = self.run.rubric_view(round);
            let last = rows.len().saturating_sub(1);
            match rows.get(row) {
                Some(v) if self.run.accept_proposal(round, v.sheet, v.row) => {
                    self.step = super::ReviewStep::Rubric {
                        row: (row + 1).min(last),
                    };
                    1
                }
                _ => 0,
            }
        };
        if taken == 0 {
            self.notice = Some(
                "no proposal to take here: a on a card asks the model; 1-4 scores yourself".into(),
            );
            return Vec::new();
        }
        self.notice = all.then(|| format!("took {taken} proposed score(s); change any with 1-4"));
        vec![self.save()]
    }

    /// Something changed outside the keys (a proposal arrived): save on the next tick.
    pub fn touch(&mut self) {
        self.dirty = true;
    }

    /// The model's follow-up from the answer to `item` arrived: asked now (see
    /// [`MockRun::add_follow_up`]), with the answer box ready for it.
    /// Returns the status line to show.
    pub fn ai_follow_up(&mut self, item: usize, question: String, now: DateTime<Utc>) -> String {
        self.store_answer();
        match self.run.add_follow_up(item, question, now) {
            Some(crate::mock::ai::Added::Now) => {
                self.load_answer();
                self.typing = true;
                self.dirty = true;
                "the interviewer asks a follow-up from your answer".into()
            }
            // The box keeps what is being typed: the question waits its turn.
            Some(crate::mock::ai::Added::Next) => {
                self.dirty = true;
                "the interviewer has one more question after this one".into()
            }
            None => "the follow-up came too late: the interview moved on".into(),
        }
    }
}
