//! The round review's keys: going through the round's cards (key points covered, follow-up
//! handled), then scoring the rubric and asking the app to commit the round.

use super::{MockState, ReviewStep};
use crate::mock::score::RowScore;
use crate::schedule::Grade;
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
            MockCardsKey::Grade => {
                if let Some(g) = self
                    .run
                    .card_grades(round)
                    .into_iter()
                    .find(|g| g.item == item)
                {
                    let next = Grade::ALL[(g.grade() as usize) % Grade::ALL.len()];
                    let choice = (next != g.proposed).then_some(next);
                    self.run.set_card_grade(item, choice);
                }
            }
            MockCardsKey::ReferenceDown | MockCardsKey::ReferenceUp => {
                let d: i32 = if key == MockCardsKey::ReferenceDown {
                    8
                } else {
                    -8
                };
                let max = i32::from(self.reference_max.get());
                self.reference_scroll = (i32::from(self.reference_scroll) + d).clamp(0, max) as u16;
            }
            MockCardsKey::Next => {
                self.reference_scroll = 0;
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
                    self.reference_scroll = 0;
                    self.step = ReviewStep::Cards {
                        card: card - 1,
                        point: 0,
                    }
                }
            }
            MockCardsKey::Help => return vec![Effect::Help],
            MockCardsKey::Ask => return self.ask_ai_proposal(item),
        }
        Vec::new()
    }

    pub(super) fn rubric(&mut self, key: MockRubricKey, round: usize, row: usize) -> Vec<Effect> {
        let rows = self.run.rubric_view(round);
        let last = rows.len().saturating_sub(1);
        let selected = rows.get(row).map(|r| (r.sheet, r.row));
        match key {
            MockRubricKey::Down => {
                self.step = ReviewStep::Rubric {
                    row: (row + 1).min(last),
                }
            }
            MockRubricKey::Up => {
                self.step = ReviewStep::Rubric {
                    row: row.saturating_sub(1),
                }
            }
            MockRubricKey::Score(n) => {
                if let Some((sheet, r)) = selected {
                    self.run.score_row(round, sheet, r, n);
                    self.step = ReviewStep::Rubric {
                        row: (row + 1).min(last),
                    };
                    self.notice = None;
                    return vec![self.save()];
                }
            }
            MockRubricKey::NotObserved => {
                if let Some((sheet, r)) = selected {
                    self.run.mark_not_observed(round, sheet, r);
                    self.step = ReviewStep::Rubric {
                        row: (row + 1).min(last),
                    };
                    self.notice = None;
                    return vec![self.save()];
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
                let missing = self.run.unscored(round);
                if !missing.is_empty() {
                    let first = rows
                        .iter()
                        .position(|r| r.score == RowScore::Unscored)
                        .unwrap_or(row);
                    self.step = ReviewStep::Rubric { row: first };
                    self.notice = Some(format!(
                        "{} row(s) still unscored: score each 1-4 or mark it not observed (o)",
                        missing.len()
                    ));
                    return Vec::new();
                }
                self.store_answer();
                return vec![Effect::ConfirmMockRound(round)];
            }
            MockRubricKey::Help => return vec![Effect::Help],
            MockRubricKey::Accept => return self.accept_ai(round, row, false),
            MockRubricKey::AcceptAll => return self.accept_ai(round, row, true),
        }
        Vec::new()
    }
}
