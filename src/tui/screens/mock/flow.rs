//! The interviewer's flow between answers: keys of the follow-up (type, pass, move on) and of
//! the break between rounds, and the help of whichever phase is on screen (the answering help
//! lists only the keys that apply to the card).

use super::{MockState, ReviewStep};
use crate::mock::session::Phase;
use crate::tui::effect::Effect;
use crate::tui::keys::{
    MOCK_ANSWER, MOCK_BREAK, MOCK_CARDS, MOCK_FOLLOW_UP, MOCK_PLAN, MOCK_REPORT, MOCK_RUBRIC,
    MOCK_TYPING, MockAnswerKey, MockBreakKey, MockFollowUpKey, help, help_where,
};
use chrono::{DateTime, Utc};

impl MockState {
    pub(super) fn follow_up_key(
        &mut self,
        key: MockFollowUpKey,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        match key {
            MockFollowUpKey::Type => {
                self.typing = true;
                Vec::new()
            }
            MockFollowUpKey::Pass => {
                self.store_answer();
                self.run.pass(now);
                self.moved_on()
            }
            MockFollowUpKey::Next => {
                self.store_answer();
                self.run.next(now);
                self.moved_on()
            }
            MockFollowUpKey::Pause => vec![self.save(), Effect::LeaveMock],
            MockFollowUpKey::Help => vec![Effect::Help],
            MockFollowUpKey::Ask => self.ask_ai_follow_up(),
        }
    }

    pub(super) fn break_key(&mut self, key: MockBreakKey, now: DateTime<Utc>) -> Vec<Effect> {
        match key {
            MockBreakKey::Ready => {
                self.run.end_break(now);
                self.load_answer();
                self.typing = true;
                vec![self.save()]
            }
            MockBreakKey::Pause => vec![self.save(), Effect::LeaveMock],
            MockBreakKey::Help => vec![Effect::Help],
        }
    }

    /// The answering keys' help: coding keys only on a coding card, the hint only on a card.
    pub(super) fn answer_help(&self) -> Vec<(&'static str, &'static str)> {
        let item = self.run.item();
        let coding = item.is_some_and(|i| i.kind.is_some_and(|k| k.is_coding()));
        let card = item.is_some_and(|i| i.card_id.is_some());
        MOCK_ANSWER
            .iter()
            .filter(|b| match b.action {
                MockAnswerKey::Practice | MockAnswerKey::Run => coding,
                MockAnswerKey::Hint => card,
                MockAnswerKey::Ask => card && self.ai_on,
                _ => true,
            })
            .filter(|b| !b.help.is_empty())
            .map(|b| (b.label, b.help))
            .collect()
    }

    /// The help of the keys that act now.
    pub fn help(&self) -> Vec<(&'static str, &'static str)> {
        match self.run.phase {
            Phase::Plan => help(MOCK_PLAN),
            Phase::Answering | Phase::FollowUp { .. } if self.typing => {
                let mut h = vec![("typing", "keys go to your answer")];
                h.extend(help(MOCK_TYPING));
                h
            }
            Phase::Answering => self.answer_help(),
            Phase::FollowUp { .. } => help_where(MOCK_FOLLOW_UP, |k| self.ai_on || !k.needs_ai()),
            Phase::Break { .. } => help(MOCK_BREAK),
            Phase::Review { .. } => match self.step {
                ReviewStep::Cards { .. } => help_where(MOCK_CARDS, |k| self.ai_on || !k.needs_ai()),
                ReviewStep::Rubric { .. } => {
                    help_where(MOCK_RUBRIC, |k| self.ai_on || !k.needs_ai())
                }
            },
            Phase::Report => help(MOCK_REPORT),
        }
    }
}
