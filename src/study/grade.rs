//! Grading a card: where a grade came from ([`ReviewSource`]), the schedule it moves (or, for a
//! plain cram answer, leaves alone), the review appended and committed, and a card that becomes
//! a leech tagged (and suspended if the config says so) in the same transaction.

use super::Study;
use crate::schedule::{CardState, Grade};
use crate::store::ReviewInput;
use anyhow::{Context, Result};
use chrono::{DateTime, Duration, Utc};

/// Where a grade came from (stored with each review).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewSource {
    Review,
    Practice,
    Mock,
    Drill,
    /// Custom study: a cram answer that leaves the schedule untouched.
    Cram,
    /// Custom study: a cram answer the user chose to let reschedule the card.
    CramReschedule,
    /// Custom study: a review before its due date ("review ahead").
    Ahead,
}

impl ReviewSource {
    /// The value stored in the review log.
    pub fn slug(self) -> &'static str {
        match self {
            ReviewSource::Review => "review",
            ReviewSource::Practice => "practice",
            ReviewSource::Mock => "mock",
            ReviewSource::Drill => "drill",
            ReviewSource::Cram => crate::store::source::CRAM,
            ReviewSource::CramReschedule => crate::store::source::CRAM_RESCHEDULE,
            ReviewSource::Ahead => crate::store::source::AHEAD,
        }
    }

    /// Whether an answer from this source moves the card's schedule (only a plain cram does not).
    pub fn affects_schedule(self) -> bool {
        crate::store::source::affects_schedule(self.slug())
    }
}

impl Study {
    /// Grades a card: appends the review and commits before returning the new state.
    pub fn grade(
        &mut self,
        id: &str,
        grade: Grade,
        now: DateTime<Utc>,
        duration: Duration,
        source: ReviewSource,
    ) -> Result<CardState> {
        Ok(self
            .grade_reporting(id, grade, now, duration, source)?
            .state)
    }

    /// As [`Study::grade`], also saying when this grade made the card a leech (tagged, and
    /// suspended if the config says so, in the same transaction as the review). A `cram`
    /// answer is logged but leaves the card's schedule as it was.
    pub fn grade_reporting(
        &mut self,
        id: &str,
        grade: Grade,
        now: DateTime<Utc>,
        duration: Duration,
        source: ReviewSource,
    ) -> Result<crate::study_tools::custom::Answered> {
        let card = self
            .card(id)
            .with_context(|| format!("no card with id `{id}`"))?;
        let (kind, hash, deck) = (card.kind, card.hash, card.deck.clone());
        // From the state as stored, not as this window loaded it: another window may have
        // graded this card since.
        let before = match self.store.stored_state_of(id)? {
            Some(s) => s,
            None => self.state(id, now),
        };
        let moves = source.affects_schedule();
        let after = if moves {
            self.scheduler
                .apply_in(&before, grade, kind, Some(&card.deck), now)?
        } else {
            before
        };
        let input = ReviewInput {
            card_id: id,
            kind,
            at: now,
            grade,
            duration_ms: duration.num_milliseconds().max(0),
            source: source.slug(),
            before,
            after,
            card_hash: hash,
        };
        let rule = self.settings.leech;
        let tagged = moves
            && rule.lapses > 0
            && after.lapses > before.lapses
            && rule.tags(
                &before,
                &after,
                self.store.leeches()?.contains_key(id),
                self.store.cleared_leech_lapses(id)?,
            );
        let mut leech = None;
        if tagged {
            self.store
                .record_review_tagging_leech(&input, rule.suspend)?;
            if rule.suspend {
                self.suspended.insert(id.to_string());
            }
            leech = self.store.leeches()?.remove(id);
            self.leech_tags.insert(id.to_string());
        } else if moves {
            // Recomputed inside one IMMEDIATE transaction from the state as stored then, so
            // two windows grading together give exactly the schedule one window would.
            let scheduler = &self.scheduler;
            let mut failed = None;
            let recorded = self.store.record_grade(&input, |b| {
                scheduler
                    .apply_in(b, grade, kind, Some(&deck), now)
                    .map_err(|e| failed = Some(e))
                    .ok()
            })?;
            let Some((_, after)) = recorded else {
                return Err(
                    failed.map_or_else(|| anyhow::anyhow!("grade not recorded"), Into::into)
                );
            };
            self.states.insert(id.to_string(), after);
            return Ok(crate::study_tools::custom::Answered {
                state: after,
                leech: None,
                buried: 0,
            });
        } else {
            self.store.record_review(&input)?;
        }
        if moves {
            self.states.insert(id.to_string(), after);
        }
        Ok(crate::study_tools::custom::Answered {
            state: after,
            leech,
            buried: 0,
        })
    }
}
