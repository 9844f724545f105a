//! SQL for interop and data safety: the review log read out and merged in (CSV, Anki), card
//! states re-derived by replay, online backups and checks of backup files, and the doctor's
//! questions (integrity, orphaned history, cached states that disagree with their log).
//! Grades and times of existing reviews are never changed or deleted here.

mod anki;
mod backup;

pub use anki::{
    AnkiCollection, AnkiNote, AnkiNoteOut, AnkiReview, read_anki_collection, write_anki_collection,
};
pub use backup::{BackupInfo, inspect_backup, inspect_header};

use super::{Result, Store, from_ms, ms};
use crate::content::Kind;
use crate::schedule::{CardState, Grade, Phase, Scheduler};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A card's live reviews, oldest first.
pub type CardLog = Vec<(DateTime<Utc>, Grade)>;

/// One live review as the log holds it, with the state after it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedReview {
    pub card_id: String,
    pub at: DateTime<Utc>,
    pub grade: Grade,
    pub duration_ms: i64,
    pub phase_before: Phase,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub due: DateTime<Utc>,
}

/// A review read from outside (a CSV file, an Anki revlog), not yet in the log.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedReview {
    pub card_id: String,
    pub at: DateTime<Utc>,
    pub grade: Grade,
    pub duration_ms: i64,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportCounts {
    pub added: usize,
    /// Rows already in the log (same card, time and grade), or repeated in the input.
    pub duplicates: usize,
    /// Added rows whose card the content does not have (kept; they re-attach if it appears).
    pub unknown_rows: usize,
    pub unknown_cards: Vec<String>,
    /// Cards whose state was recomputed by replaying their log.
    pub cards_replayed: usize,
}

/// A cached card state that disagrees with replaying the card's live reviews.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMismatch {
    pub card_id: String,
    pub stored: Option<CardState>,
    pub replayed: Option<CardState>,
}

impl Store {
    /// Every live review that shapes the schedule (cram answers left out), oldest first: what
    /// replay, optimisation and the CSV export read.
    pub fn live_reviews(&self) -> Result<Vec<LoggedReview>> {
        let mut stmt = self.conn.prepare(
            "SELECT card_id, reviewed_at, grade, duration_ms, phase_before, stability, difficulty, due
             FROM reviews WHERE undone = 0 AND source != 'cram' ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(LoggedReview {
                card_id: r.get(0)?,
                at: from_ms(r.get(1)?),
                grade: Grade::from_number(r.get(2)?).unwrap_or(Grade::Good),
                duration_ms: r.get(3)?,
                phase_before: Phase::from_slug(&r.get::<_, String>(4)?),
                stability: r.get(5)?,
                difficulty: r.get(6)?,
                due: from_ms(r.get(7)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each card's live log (time order), by card id.
    pub fn live_logs(&self) -> Result<BTreeMap<String, CardLog>> {
        let mut logs: BTreeMap<String, Vec<_>> = BTreeMap::new();
        for r in self.live_reviews()? {
            logs.entry(r.card_id).or_default().push((r.at, r.grade));
        }
        Ok(logs)
    }

    /// Merges reviews into the log in ONE transaction: exact duplicates (same card, time and
    /// grade) are skipped, every affected card is replayed in time order and its state written.
    pub fn import_reviews(
        &mut self,
        rows: &[ImportedReview],
        source: &str,
        scheduler: &Scheduler,
    ) -> Result<ImportCounts> {
        let mut counts = ImportCounts::default();
        let tx = self.conn.transaction()?;
        let mut earliest: HashMap<&str, i64> = HashMap::new();
        let mut seen: HashSet<(&str, i64, i64)> = HashSet::new();
        let mut unknown: HashSet<&str> = HashSet::new();
        {
            let mut exists = tx.prepare(
                "SELECT 1 FROM reviews WHERE card_id = ?1 AND reviewed_at = ?2 AND grade = ?3 AND undone = 0",
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO reviews (card_id, kind, reviewed_at, grade, duration_ms, source, phase_before,
                    phase_after, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'new', 'new', ?3)",
            )?;
            for r in rows {
                let (at, grade) = (ms(r.at), r.grade as i64);
                if !seen.insert((&r.card_id, at, grade))
                    || exists.exists(params![r.card_id, at, grade])?
                {
                    counts.duplicates += 1;
                    continue;
                }
                let (kind, present) = card_kind(&tx, &r.card_id)?;
                insert.execute(params![
                    r.card_id,
                    kind.slug(),
                    at,
                    grade,
                    r.duration_ms.max(0),
                    source
                ])?;
                counts.added += 1;
                if !present {
                    counts.unknown_rows += 1;
                    unknown.insert(&r.card_id);
                }
                let e = earliest.entry(&r.card_id).or_insert(at);
                *e = (*e).min(at);
            }
        }
        for (card_id, from) in &earliest {
            order_by_time(&tx, card_id)?;
            replay_card(&tx, scheduler, card_id, Some(*from))?;
        }
        tx.commit()?;
        counts.cards_replayed = earliest.len();
        counts.unknown_cards = unknown.into_iter().map(str::to_string).collect();
        counts.unknown_cards.sort();
        Ok(counts)
    }

    /// Cached states that disagree with a replay of their live log under `scheduler`.
    pub fn state_mismatches(&self, scheduler: &Scheduler) -> Result<Vec<StateMismatch>> {
        let stored = self.states()?;
        let logs = self.live_logs()?;
        let mut ids: Vec<&String> = stored.keys().chain(logs.keys()).collect();
        ids.sort();
        ids.dedup();
        let mut out = Vec::new();
        for id in ids {
            let (kind, _) = card_kind(&self.conn, id)?;
            let deck = card_deck(&self.conn, id)?;
            let log = logs.get(id).map(Vec::as_slice).unwrap_or(&[]);
            let replayed = scheduler.replay_in(kind, deck.as_deref(), log)?;
            let stored = stored.get(id).copied();
            if !agree(stored.as_ref(), replayed.as_ref()) {
                out.push(StateMismatch {
                    card_id: id.clone(),
                    stored,
                    replayed,
                });
            }
        }
        Ok(out)
    }

    /// Rewrites the cached state of these cards (all reviewed cards when `None`) from their
    /// replayed log, in one transaction. Returns how many were written.
    pub fn recompute_states(
        &mut self,
        scheduler: &Scheduler,
        ids: Option<&[String]>,
    ) -> Result<usize> {
        let ids: Vec<String> = match ids {
            Some(ids) => ids.to_vec(),
            None => {
                let mut all: Vec<String> = self.live_logs()?.into_keys().collect();
                all.extend(self.states()?.into_keys());
                all.sort();
                all.dedup();
                all
            }
        };
        let tx = self.conn.transaction()?;
        for id in &ids {
            replay_card(&tx, scheduler, id, None)?;
        }
        tx.commit()?;
        Ok(ids.len())
    }

    /// Live review counts of cards the content no longer has (vanished or never known).
    pub fn orphan_reviews(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT card_id, count(*) FROM reviews WHERE undone = 0
             AND card_id NOT IN (SELECT id FROM cards WHERE present = 1)
             GROUP BY card_id ORDER BY card_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The deck file a card lives in (for its deck's scheduler preset), if the card is known.
pub(super) fn card_deck(conn: &Connection, card_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT deck FROM cards WHERE id = ?1")?
        .query_row([card_id], |r| r.get(0))
        .optional()?)
}

/// The card's kind (content first, then its cached state, else breadth) and whether the
/// content currently has it.
pub(super) fn card_kind(conn: &Connection, card_id: &str) -> Result<(Kind, bool)> {
    let known: Option<(String, bool)> = conn
        .prepare_cached("SELECT kind, present FROM cards WHERE id = ?1")?
        .query_row([card_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let kind = match &known {
        Some((k, _)) => Some(k.clone()),
        None => conn
            .prepare_cached("SELECT kind FROM card_state WHERE card_id = ?1")?
            .query_row([card_id], |r| r.get(0))
            .optional()?,
    };
    let kind = kind
        .and_then(|k| Kind::from_slug(&k))
        .unwrap_or(Kind::Breadth);
    Ok((kind, known.is_some_and(|(_, present)| present)))
}

/// Puts a card's reviews in the order every device agrees on, after a sync merge or an import
/// added reviews from elsewhere: by time, then by sync event id. The log is replayed in `seq` order (the order reviews were recorded here), so the card's
/// own `seq` numbers are handed out again in that order; the set of numbers stays the same, so
/// other cards' reviews keep their place. (A clock set back on one machine is therefore kept in
/// recorded order only until a sync touches the card.)
pub(super) fn order_by_time(conn: &Connection, card: &str) -> Result<()> {
    let rows: Vec<(i64, i64)> = conn
        .prepare_cached(
            "SELECT r.id, r.seq FROM reviews r
             LEFT JOIN sync_events e ON e.kind = 'review' AND e.local_id = r.id
             WHERE r.card_id = ?1 ORDER BY r.reviewed_at, e.id, r.id",
        )?
        .query_map([card], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut seqs: Vec<i64> = rows.iter().map(|(_, seq)| *seq).collect();
    seqs.sort_unstable();
    let mut set = conn.prepare_cached("UPDATE reviews SET seq = ?2 WHERE id = ?1")?;
    for ((id, old), new) in rows.into_iter().zip(seqs) {
        if old != new {
            set.execute([id, new])?;
        }
    }
    Ok(())
}

/// Replays one card's live log, writes its cached state, and re-derives the state columns of
/// its review rows from `rederive_from` (ms) on. A card with no live reviews becomes new again
/// (its suspension flag is kept).
pub(super) fn replay_card(
    conn: &Connection,
    scheduler: &Scheduler,
    card_id: &str,
    rederive_from: Option<i64>,
) -> Result<()> {
    let (kind, _) = card_kind(conn, card_id)?;
    let deck = card_deck(conn, card_id)?;
    let log: Vec<(i64, i64, i64)> = conn
        .prepare_cached(
            "SELECT id, reviewed_at, grade FROM reviews WHERE card_id = ?1 AND undone = 0 AND source != 'cram' ORDER BY seq",
        )?
        .query_map([card_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut state: Option<CardState> = None;
    let mut update = conn.prepare_cached(
        "UPDATE reviews SET kind = ?2, phase_before = ?3, phase_after = ?4, step_after = ?5,
           stability = ?6, difficulty = ?7, due = ?8, elapsed_days = ?9 WHERE id = ?1",
    )?;
    for (id, at_ms, grade) in log {
        let at = from_ms(at_ms);
        let before = state.unwrap_or_else(|| CardState::new(at));
        let grade = Grade::from_number(grade).unwrap_or(Grade::Good);
        let after = scheduler.apply_in(&before, grade, kind, deck.as_deref(), at)?;
        if rederive_from.is_some_and(|from| at_ms >= from) {
            let elapsed = before.last_review.map(|t| (at - t).num_days().max(0));
            update.execute(params![
                id,
                kind.slug(),
                before.phase.slug(),
                after.phase.slug(),
                after.step,
                after.memory.map(|m| m.stability),
                after.memory.map(|m| m.difficulty),
                ms(after.due),
                elapsed.unwrap_or(0)
            ])?;
        }
        state = Some(after);
    }
    let Some(s) = state else {
        conn.execute(
            "UPDATE card_state SET phase = 'new', step = 0, stability = NULL, difficulty = NULL,
               last_review = NULL, reps = 0, lapses = 0 WHERE card_id = ?1",
            [card_id],
        )?;
        return Ok(());
    };
    let hash: Option<i64> = conn
        .query_row(
            "SELECT coalesce((SELECT reviewed_hash FROM card_state WHERE card_id = ?1),
                             (SELECT hash FROM cards WHERE id = ?1))",
            [card_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    super::reviews::write_state(conn, card_id, kind, &s, hash.map(|h| h as u64))?;
    Ok(())
}

/// A stored state agrees with the replay when every field matches (memory to 1e-4, relative).
fn agree(stored: Option<&CardState>, replayed: Option<&CardState>) -> bool {
    match (stored, replayed) {
        (None, None) => true,
        // A suspended card that was never reviewed keeps a "new" row: that is consistent.
        (Some(s), None) => s.phase == Phase::New && s.reps == 0,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => {
            let close = |x: f32, y: f32| (x - y).abs() <= 1e-4 * x.abs().max(y.abs()).max(1.0);
            let memory = match (a.memory, b.memory) {
                (None, None) => true,
                (Some(x), Some(y)) => {
                    close(x.stability, y.stability) && close(x.difficulty, y.difficulty)
                }
                _ => false,
            };
            memory
                && (a.phase, a.step, a.reps, a.lapses) == (b.phase, b.step, b.reps, b.lapses)
                && a.due == b.due
                && a.last_review == b.last_review
        }
    }
}
