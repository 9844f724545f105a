//! The review log and the card-state cache: append a grade (one transaction), undo the last
//! one (mark it undone and replay the card's log), load every state, count today's work.

mod state;
#[cfg(test)]
mod tests;

use super::{Result, Store, StoreError, from_ms, ms};
use crate::content::Kind;
use crate::schedule::queue::DoneToday;
use crate::schedule::{CardState, Grade, Scheduler};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
pub(super) use state::{stored_state, write_state};

/// One grade to append.
#[derive(Debug, Clone)]
pub struct ReviewInput<'a> {
    pub card_id: &'a str,
    pub kind: Kind,
    pub at: DateTime<Utc>,
    pub grade: Grade,
    pub duration_ms: i64,
    /// `review`, `mock`, `practice`, or a custom-study source (see [`super::source`]).
    pub source: &'a str,
    pub before: CardState,
    pub after: CardState,
    pub card_hash: u64,
}

/// What an undo took back.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoneReview {
    pub card_id: String,
    pub grade: Grade,
    /// The card's state after the undo (None: it is new again).
    pub state: Option<CardState>,
}

impl Store {
    /// Appends a review and updates the card's cached state, committed before returning.
    pub fn record_review(&mut self, r: &ReviewInput<'_>) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let id = insert_review(&tx, r)?;
        tx.commit()?;
        Ok(id)
    }

    /// Records a grade computed from the card's state *as stored*, read inside the write
    /// transaction that records it: a second window grading the same card in between is seen,
    /// so two windows give exactly the schedule one would. `r.before` is the state of a card
    /// never reviewed; `r.after` is ignored. `compute` maps the stored state to the new one
    /// (`None` aborts with nothing written). Returns (before, after).
    pub fn record_grade(
        &mut self,
        r: &ReviewInput<'_>,
        compute: impl FnOnce(&CardState) -> Option<CardState>,
    ) -> Result<Option<(CardState, CardState)>> {
        // IMMEDIATE: the write lock is taken before the read, so no other writer slips between.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let before = stored_state(&tx, r.card_id, r.before)?;
        let Some(after) = compute(&before) else {
            return Ok(None);
        };
        insert_review(
            &tx,
            &ReviewInput {
                before,
                after,
                ..*r
            },
        )?;
        tx.commit()?;
        Ok(Some((before, after)))
    }

    /// Takes back the most recent live review: marks it undone and recomputes the card's state
    /// by replaying its remaining reviews.
    pub fn undo_last(&mut self, scheduler: &Scheduler) -> Result<Option<UndoneReview>> {
        // IMMEDIATE: the write lock is taken before the read, so another window's grade cannot
        // slip in between choosing the review to undo and replaying the card.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let last: Option<(i64, String, String, i64)> = tx
            .query_row(
                "SELECT id, card_id, kind, grade FROM reviews WHERE undone = 0 ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((id, card_id, kind, grade)) = last else {
            return Ok(None);
        };
        let grade = parse_grade("reviews", &card_id, grade)?;
        let kind = Kind::from_slug(&kind).ok_or_else(|| StoreError::Corrupt {
            table: "reviews",
            detail: format!("review of `{card_id}` has an unknown kind `{kind}`"),
        })?;
        tx.execute("UPDATE reviews SET undone = 1 WHERE id = ?1", [id])?;
        super::study_tools::undo_leech(&tx, id, &card_id)?;
        let log = live_log(&tx, &card_id)?;
        let deck = super::interop::card_deck(&tx, &card_id)?;
        let state = scheduler.replay_in(kind, deck.as_deref(), &log)?;
        match &state {
            Some(s) => {
                let hash: Option<i64> = tx
                    .query_row(
                        "SELECT reviewed_hash FROM card_state WHERE card_id = ?1",
                        [&card_id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten();
                write_state(&tx, &card_id, kind, s, hash.map(|h| h as u64))?;
            }
            None => {
                tx.execute("DELETE FROM card_state WHERE card_id = ?1", [&card_id])?;
            }
        }
        tx.commit()?;
        Ok(Some(UndoneReview {
            card_id,
            grade,
            state,
        }))
    }

    /// New cards introduced and reviews done since `day_start`, per kind.
    pub fn done_today(&self, day_start: DateTime<Utc>) -> Result<DoneToday> {
        let mut done = DoneToday::default();
        let mut stmt = self.conn.prepare(
            "SELECT kind, phase_before, count(*) FROM reviews
             WHERE undone = 0 AND reviewed_at >= ?1 AND phase_before IN ('new', 'review')
               AND source NOT IN ('cram', 'cram-reschedule', 'ahead')
             GROUP BY kind, phase_before",
        )?;
        let rows = stmt.query_map([ms(day_start)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })?;
        for row in rows {
            let (kind, phase, n) = row?;
            let Some(kind) = Kind::from_slug(&kind) else {
                continue;
            };
            let map = if phase == "new" {
                &mut done.new
            } else {
                &mut done.reviews
            };
            *map.entry(kind).or_default() += n;
        }
        Ok(done)
    }

    /// The live (not undone) reviews of one card, oldest first.
    pub fn card_log(&self, card_id: &str) -> Result<Vec<(DateTime<Utc>, Grade)>> {
        live_log(&self.conn, card_id)
    }
}

/// Appends a review and, unless it is a cram answer that leaves the schedule alone, writes the
/// card's new cached state. Part of the caller's transaction.
pub(super) fn insert_review(tx: &rusqlite::Connection, r: &ReviewInput<'_>) -> Result<i64> {
    let elapsed = r
        .before
        .last_review
        .map(|t| (r.at - t).num_days().max(0))
        .unwrap_or(0);
    tx.execute(
        "INSERT INTO reviews (card_id, kind, reviewed_at, grade, duration_ms, source, phase_before,
            phase_after, step_after, stability, difficulty, due, elapsed_days, card_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            r.card_id,
            r.kind.slug(),
            ms(r.at),
            r.grade as i64,
            r.duration_ms,
            r.source,
            r.before.phase.slug(),
            r.after.phase.slug(),
            r.after.step,
            r.after.memory.map(|m| m.stability),
            r.after.memory.map(|m| m.difficulty),
            ms(r.after.due),
            elapsed,
            r.card_hash as i64
        ],
    )?;
    let id = tx.last_insert_rowid();
    if super::source::affects_schedule(r.source) {
        write_state(tx, r.card_id, r.kind, &r.after, Some(r.card_hash))?;
    }
    Ok(id)
}

fn live_log(conn: &rusqlite::Connection, card_id: &str) -> Result<Vec<(DateTime<Utc>, Grade)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT reviewed_at, grade FROM reviews WHERE card_id = ?1 AND undone = 0 AND source != 'cram' ORDER BY seq",
    )?;
    let rows = stmt.query_map([card_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut log = Vec::new();
    for row in rows {
        let (at, grade) = row?;
        log.push((from_ms(at), parse_grade("reviews", card_id, grade)?));
    }
    Ok(log)
}

/// A stored grade, or the row reported as damaged (never silently read as Good).
fn parse_grade(table: &'static str, card_id: &str, grade: i64) -> Result<Grade> {
    Grade::from_number(grade).ok_or_else(|| StoreError::Corrupt {
        table,
        detail: format!("a review of `{card_id}` has grade {grade} (grades are 1 to 4)"),
    })
}

#[cfg(test)]
impl Store {
    /// Tests: grades breadth card `id` at `at` through `s` from its stored state and records
    /// the review (`source`, `duration_ms`); returns the new state.
    pub(crate) fn grade_for_test(
        &mut self,
        s: &Scheduler,
        id: &str,
        g: Grade,
        at: DateTime<Utc>,
        source: &str,
        duration_ms: i64,
    ) -> CardState {
        let before = self
            .states()
            .unwrap()
            .get(id)
            .copied()
            .unwrap_or_else(|| CardState::new(at));
        let after = s.apply(&before, g, Kind::Breadth, at).unwrap();
        self.record_review(&ReviewInput {
            card_id: id,
            kind: Kind::Breadth,
            at,
            grade: g,
            duration_ms,
            source,
            before,
            after,
            card_hash: 0,
        })
        .unwrap();
        after
    }
}
