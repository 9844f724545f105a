//! The round review's keys: going through the round's cards (key points covered, follow-up
//! handled), then scoring the rubric and asking the app to commit the round.

use super::{MockState, ReviewStep};
use crate::study::Study;
use crate::tui::effect::Effect;
use crate::tui::keys::{MockCardsKey, MockRubricKey};

impl MockState {
    pub(super) fn review_card(
        &mut self,
        key: MockCardsKey,
        round: usize,
        card: usize,
        point: usize,
        study: &Study,
    ) -> Vec<Effect> {
        let cards = self.round_cards(round);
        let Some(&item) = cards.get(card) else {
            self.step = ReviewStep::Rubric { row: 0 };
            return Vec::new();
        };
        let points = self.run.plan.items[item]
            .card_id
            .as_ref()
            .and_then(|id| study.card(id))
            .map(|c| c.key_points.len())
            .unwrap_or(0);
        if self.run.items[item].checklist.len() != points {
            self.run.items[item].checklist = vec![false; points];
        }
        match key {
            MockCardsKey::Down => {
                self.step = ReviewStep::Cards {
                    card,
                    point: (point + 1).min(points.saturating_sub(1)),
                }
            }
            MockCardsKey::Up => {
                self.step = ReviewStep::Cards {
                    card,
                    point: point.saturating_sub(1),
                }
            }
            MockCardsKey::Toggle => {
                if let Some(c) = self.run.items[item].checklist.get_mut(point) {
                    *c = !*c;
                }
            }
            MockCardsKey::FollowUp => {
                self.run.items[item].follow_up = !self.run.items[item].follow_up
            }
            MockCardsKey::Next => {
                self.step = if card + 1 < cards.len() {
                    ReviewStep::Cards {
                        card: card + 1,
                        point: 0,
                    }
                } else {
                    ReviewStep::Rubric { row: 0 }
                };
                return vec![self.save()];
            }
            MockCardsKey::Previous => {
                if card > 0 {
                    self.step = ReviewStep::Cards {
                        card: card - 1,
                        point: 0,
                    }
                }
            }
            MockCardsKey::Help => return vec![Effect::Help],
        }
        Vec::new()
    }

    pub(super) fn rubric(&mut self, key: MockRubricKey, round: usize, row: usize) -> Vec<Effect> {
        let rows = self.signals.len() + 1;
        match key {
            MockRubricKey::Down => {
                self.step = ReviewStep::Rubric {
                    row: (row + 1).min(rows - 1),
                }
            }
            MockRubricKey::Up => {
                self.step = ReviewStep::Rubric {
                    row: row.saturating_sub(1),
                }
            }
            MockRubricKey::Score(n) => {
                if row < self.signals.len() {
                    self.signals[row] = n;
                    self.step = ReviewStep::Rubric {
                        row: (row + 1).min(rows - 1),
                    };
                } else {
                    self.overall = n;
                }
            }
            MockRubricKey::Previous => {
                let cards = self.round_cards(round);
                if !cards.is_empty() {
                    self.step = ReviewStep::Cards {
                        card: cards.len() - 1,
                        point: 0,
                    }
                }
            }
            MockRubricKey::Confirm => {
                self.store_answer();
                return vec![Effect::ConfirmMockRound(round)];
            }
            MockRubricKey::Help => return vec![Effect::Help],
        }
        Vec::new()
    }
}
