//! The review log and the card-state cache: append a grade (one transaction), undo the last
//! one (mark it undone and replay the card's log), load every state, count today's work.

use super::{Result, Store, StoreError, from_ms, ms};
use crate::content::Kind;
use crate::schedule::queue::DoneToday;
use crate::schedule::{CardState, Grade, Phase, Scheduler};
use chrono::{DateTime, Utc};
use fsrs::MemoryState;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

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

    /// A card's state as stored now (another window may have graded it since this one loaded).
    pub fn stored_state_of(&self, card_id: &str) -> Result<Option<CardState>> {
        let row = self
            .conn
            .prepare_cached(&format!("{STATE_SELECT} WHERE card_id = ?1"))?
            .query_row([card_id], state_row)
            .optional()?;
        row.map(|r| checked_state(r).map(|(_, s)| s)).transpose()
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

    /// Every cached card state, by card id.
    pub fn states(&self) -> Result<HashMap<String, CardState>> {
        let mut stmt = self.conn.prepare(STATE_SELECT)?;
        let rows = stmt.query_map([], state_row)?;
        let mut states = HashMap::new();
        for row in rows {
            let (id, state) = checked_state(row?)?;
            states.insert(id, state);
        }
        Ok(states)
    }

    /// Suspends or unsuspends a card (a new card gets a state row just to hold the flag).
    pub fn set_suspended(
        &mut self,
        card_id: &str,
        kind: Kind,
        on: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO card_state (card_id, kind, phase, due, suspended, suspended_at) VALUES (?1, ?2, 'new', ?3, ?4, ?3)
             ON CONFLICT(card_id) DO UPDATE SET suspended = excluded.suspended, suspended_at = excluded.suspended_at",
            params![card_id, kind.slug(), ms(now), on],
        )?;
        Ok(())
    }

    /// Ids of suspended cards.
    pub fn suspended(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT card_id FROM card_state WHERE suspended = 1")?;
        Ok(stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
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

const PHASES: [Phase; 4] = [
    Phase::New,
    Phase::Learning,
    Phase::Review,
    Phase::Relearning,
];

/// A stored grade, or the row reported as damaged (never silently read as Good).
fn parse_grade(table: &'static str, card_id: &str, grade: i64) -> Result<Grade> {
    Grade::from_number(grade).ok_or_else(|| StoreError::Corrupt {
        table,
        detail: format!("a review of `{card_id}` has grade {grade} (grades are 1 to 4)"),
    })
}

const STATE_SELECT: &str = "SELECT card_id, phase, step, stability, difficulty, due, last_review, reps, lapses FROM card_state";

/// One `card_state` row: its id, its phase slug, and its state with the phase still unchecked.
fn state_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, CardState)> {
    let stability: Option<f32> = r.get(3)?;
    let difficulty: Option<f32> = r.get(4)?;
    Ok((
        r.get::<_, String>(0)?,
        r.get::<_, String>(1)?,
        CardState {
            phase: Phase::New,
            step: r.get(2)?,
            memory: stability
                .zip(difficulty)
                .map(|(stability, difficulty)| MemoryState {
                    stability,
                    difficulty,
                }),
            due: from_ms(r.get(5)?),
            last_review: r.get::<_, Option<i64>>(6)?.map(from_ms),
            reps: r.get(7)?,
            lapses: r.get(8)?,
        },
    ))
}

/// Sets a row's phase from its slug, or reports the row as damaged (never read as a default).
fn checked_state(
    (id, slug, mut state): (String, String, CardState),
) -> Result<(String, CardState)> {
    state.phase = PHASES
        .into_iter()
        .find(|p| p.slug() == slug)
        .ok_or_else(|| StoreError::Corrupt {
            table: "card_state",
            detail: format!("card `{id}` has an unknown phase `{slug}`"),
        })?;
    Ok((id, state))
}

/// A card's state as stored, read inside the caller's write transaction (take it IMMEDIATE so
/// no other window writes between this read and the caller's insert); `fresh` for a card never
/// reviewed.
pub(super) fn stored_state(
    tx: &rusqlite::Connection,
    card_id: &str,
    fresh: CardState,
) -> Result<CardState> {
    let row = tx
        .prepare_cached(&format!("{STATE_SELECT} WHERE card_id = ?1"))?
        .query_row([card_id], state_row)
        .optional()?;
    Ok(match row {
        Some(row) => checked_state(row)?.1,
        None => fresh,
    })
}

/// Upserts a card's cached state (also used when an import replays a card).
pub(super) fn write_state(
    conn: &rusqlite::Connection,
    card_id: &str,
    kind: Kind,
    s: &CardState,
    hash: Option<u64>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO card_state (card_id, kind, phase, step, stability, difficulty, due, last_review, reps, lapses, reviewed_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(card_id) DO UPDATE SET kind = excluded.kind, phase = excluded.phase, step = excluded.step,
           stability = excluded.stability, difficulty = excluded.difficulty, due = excluded.due,
           last_review = excluded.last_review, reps = excluded.reps, lapses = excluded.lapses,
           reviewed_hash = excluded.reviewed_hash",
    )?
    .execute(params![
        card_id,
        kind.slug(),
        s.phase.slug(),
        s.step,
        s.memory.map(|m| m.stability),
        s.memory.map(|m| m.difficulty),
        ms(s.due),
        s.last_review.map(ms),
        s.reps,
        s.lapses,
        hash.map(|h| h as i64)
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::SchedulerConfig;
    use chrono::{Duration, TimeZone};

    fn grade(store: &mut Store, s: &Scheduler, id: &str, g: Grade, at: DateTime<Utc>) -> CardState {
        let before = store
            .states()
            .unwrap()
            .get(id)
            .copied()
            .unwrap_or_else(|| CardState::new(at));
        let after = s.apply(&before, g, Kind::Breadth, at).unwrap();
        store
            .record_review(&ReviewInput {
                card_id: id,
                kind: Kind::Breadth,
                at,
                grade: g,
                duration_ms: 1000,
                source: "review",
                before,
                after,
                card_hash: 7,
            })
            .unwrap();
        after
    }

    #[test]
    fn grades_persist_and_undo_restores_the_previous_state() {
        let s = Scheduler::new(SchedulerConfig::default()).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        let first = grade(&mut store, &s, "a", Grade::Good, t0);
        grade(
            &mut store,
            &s,
            "a",
            Grade::Again,
            t0 + Duration::minutes(10),
        );
        assert_eq!(store.card_log("a").unwrap().len(), 2);
        let undone = store.undo_last(&s).unwrap().unwrap();
        assert_eq!(undone.card_id, "a");
        assert_eq!(undone.grade, Grade::Again);
        assert_eq!(store.states().unwrap()["a"], first);
        let undone = store.undo_last(&s).unwrap().unwrap();
        assert_eq!(undone.state, None);
        assert!(store.states().unwrap().is_empty());
        assert!(store.undo_last(&s).unwrap().is_none());
    }

    #[test]
    fn done_today_counts_new_and_review_cards_per_kind() {
        let s = Scheduler::new(SchedulerConfig::default()).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        grade(&mut store, &s, "a", Grade::Easy, t0 - Duration::days(5));
        grade(&mut store, &s, "a", Grade::Good, t0);
        grade(&mut store, &s, "b", Grade::Good, t0);
        let done = store.done_today(t0 - Duration::hours(2)).unwrap();
        assert_eq!(done.new.get(&Kind::Breadth), Some(&1));
        assert_eq!(done.reviews.get(&Kind::Breadth), Some(&1));
    }

    #[test]
    fn a_damaged_row_is_reported_not_read_as_a_default() {
        let s = Scheduler::new(SchedulerConfig::default()).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        grade(&mut store, &s, "a", Grade::Good, t0);
        store
            .conn
            .execute(
                "UPDATE card_state SET phase = 'bogus' WHERE card_id = 'a'",
                [],
            )
            .unwrap();
        let err = store.states().unwrap_err().to_string();
        assert!(
            err.contains("card `a` has an unknown phase `bogus`"),
            "{err}"
        );
        // The schema forbids it; a file edited by another tool may still hold it.
        store
            .conn
            .execute_batch(
                "PRAGMA ignore_check_constraints = ON;
                 UPDATE reviews SET grade = 9 WHERE card_id = 'a';",
            )
            .unwrap();
        let err = store.card_log("a").unwrap_err().to_string();
        assert!(err.contains("grade 9"), "{err}");
        let err = store.undo_last(&s).unwrap_err().to_string();
        assert!(err.contains("grade 9"), "{err}");
        assert_eq!(
            store
                .conn
                .query_row("SELECT count(*) FROM reviews WHERE undone = 0", [], |r| r
                    .get::<_, i64>(
                    0
                ))
                .unwrap(),
            1,
            "a failed undo takes nothing back"
        );
    }
}
