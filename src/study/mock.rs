//! Mock interviews through the study context: the plan pipeline (pool, recent cards, plan), the
//! session's save protocol, hints, and the round commit that grades a round's cards and saves
//! the session in one transaction. Front ends hold a [`MockRun`] and call these; a whole mock
//! can be driven in a test with a `Study` and a `MockRun`, no terminal.

use super::{ReviewSource, Study};
use crate::mock::loops::Loop;
use crate::mock::plan::{MockPlan, PlanInput, PoolCard, add_extra_round};
use crate::mock::session::{MockRun, Phase};
use crate::store::ReviewInput;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};

/// How many recent mocks the planner avoids repeating cards from.
const RECENT_MOCKS: usize = 5;

/// A mock interview's database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MockId(pub i64);

impl std::fmt::Display for MockId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

impl Study {
    /// Plans a mock on this loop: weak cards first, avoiding cards of recent mocks; optional
    /// rounds when asked; follow-up texts read for every card that has them; the user's dossiers
    /// for a project deep-dive.
    pub fn plan_mock(
        &mut self,
        lp: &Loop,
        seed: u64,
        with_optional: bool,
        now: DateTime<Utc>,
    ) -> Result<MockPlan> {
        let recent = self.store.recent_mock_cards(RECENT_MOCKS)?;
        let pool = crate::mock::pool::load_pool(self, now);
        Ok(PlanInput::new(lp, pool, recent, seed)
            .with_optional(with_optional)
            .with_projects(crate::mock::pool::projects(self))
            .plan())
    }

    /// The card pool a mock plan draws from, with each card's weakness: lapses, low predicted
    /// recall, and low mock scores for its kind.
    pub fn mock_pool(&self, now: DateTime<Utc>) -> Vec<PoolCard> {
        crate::mock::pool::pool_cards(self, now)
    }

    /// Saves the session (creating its row the first time); returns its id.
    pub fn save_mock(
        &mut self,
        id: Option<MockId>,
        run: &MockRun,
        now: DateTime<Utc>,
    ) -> Result<MockId> {
        Ok(match id {
            Some(id) => {
                self.store.save_mock(id.0, run, now)?;
                id
            }
            None => MockId(self.store.create_mock(run, now)?),
        })
    }

    /// Records one revealed hint of item `item` (the count is saved with the session too).
    pub fn record_mock_hint(
        &mut self,
        id: MockId,
        item: usize,
        hint: u32,
        now: DateTime<Utc>,
    ) -> Result<()> {
        Ok(self.store.record_mock_hint(id.0, item, hint, now)?)
    }

    /// Closes a round from its rubric sheets (every row scored or not observed) and commits, in
    /// one transaction, each card's grade (its own evidence, or the user's choice), the session
    /// and (after the last round) the verdict. `run` changes only when the commit succeeds, so
    /// a failure can be retried and a resume never grades a card twice.
    pub fn confirm_mock_round(
        &mut self,
        id: MockId,
        run: &mut MockRun,
        round: usize,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut next = run.clone();
        let closed = next.close_round(round, now)?;
        let mut pending = Vec::new();
        for (card_id, grade, spent) in closed.grades {
            let Some(card) = self.card(&card_id) else {
                continue;
            };
            let (kind, hash, deck) = (card.kind, card.hash, card.deck.clone());
            let spent = spent.num_milliseconds().max(0);
            pending.push((card_id, kind, hash, grade, spent, deck));
        }
        // The states are computed by the store from the cards' states as stored, inside the
        // write: another window may have graded one of these cards since this one loaded it.
        let fresh = crate::schedule::CardState::new(now);
        let reviews: Vec<ReviewInput<'_>> = pending
            .iter()
            .map(|(card_id, kind, hash, grade, spent, _)| ReviewInput {
                card_id,
                kind: *kind,
                at: now,
                grade: *grade,
                duration_ms: *spent,
                source: ReviewSource::Mock.slug(),
                before: fresh,
                after: fresh,
                card_hash: *hash,
            })
            .collect();
        let verdict = (next.phase == Phase::Report).then(|| next.verdict().label());
        let scheduler = &self.scheduler;
        let mut failed = None;
        let compute = |i: usize, before: &crate::schedule::CardState| {
            let (_, kind, _, grade, _, deck) = &pending[i];
            scheduler
                .apply_in(before, *grade, *kind, Some(deck), now)
                .map_err(|e| failed = Some(e))
                .ok()
        };
        let afters = self
            .store
            .commit_mock_round(id.0, &reviews, compute, &next, verdict, now)
            .with_context(|| format!("saving round {} of mock {id}", round + 1))?;
        let Some(afters) = afters else {
            return Err(failed.map_or_else(
                || anyhow::anyhow!("round {} of mock {id} not saved", round + 1),
                Into::into,
            ));
        };
        self.states
            .extend(pending.iter().map(|p| p.0.clone()).zip(afters));
        *run = next;
        Ok(())
    }

    /// Adds an extra round like the weakest one and reopens the mock until it is scored.
    /// Returns false when no round is weak enough to repeat.
    pub fn extend_mock(
        &mut self,
        id: Option<MockId>,
        run: &mut MockRun,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let Some(weak) = run.weak_round() else {
            return Ok(false);
        };
        let recent = self.store.recent_mock_cards(RECENT_MOCKS)?;
        let mut next = run.clone();
        add_extra_round(&mut next.plan, weak, &self.mock_pool(now), &recent);
        next.extend_with_round(now);
        if let Some(id) = id {
            self.store.save_mock(id.0, &next, now)?;
            self.store.reopen_mock(id.0)?;
        }
        *run = next;
        Ok(true)
    }

    /// Marks an interrupted mock abandoned (it stays in the history).
    pub fn abandon_mock(&mut self, id: MockId, now: DateTime<Utc>) -> Result<()> {
        Ok(self.store.abandon_mock(id.0, now)?)
    }

    /// The interrupted mock, if any.
    pub fn active_mock(&self) -> Result<Option<(MockId, MockRun)>> {
        Ok(self.store.active_mock()?.map(|(id, run)| (MockId(id), run)))
    }
}
