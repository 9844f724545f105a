//! The card-state cache: reading rows (a damaged phase is reported, never defaulted), the
//! state as stored inside a write transaction, upserting a card's state, and suspension.

use crate::content::Kind;
use crate::schedule::{CardState, Phase};
use crate::store::{Result, Store, StoreError, from_ms, ms};
use chrono::{DateTime, Utc};
use fsrs::MemoryState;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

impl Store {
    /// A card's state as stored now (another window may have graded it since this one loaded).
    pub fn stored_state_of(&self, card_id: &str) -> Result<Option<CardState>> {
        let row = self
            .conn
            .prepare_cached(&format!("{STATE_SELECT} WHERE card_id = ?1"))?
            .query_row([card_id], state_row)
            .optional()?;
        row.map(|r| checked_state(r).map(|(_, s)| s)).transpose()
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
}

const PHASES: [Phase; 4] = [
    Phase::New,
    Phase::Learning,
    Phase::Review,
    Phase::Relearning,
];

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
pub(in crate::store) fn stored_state(
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
pub(in crate::store) fn write_state(
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
