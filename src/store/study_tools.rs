//! SQL for custom study and the study tools: the day's extra new cards and reviews, cards failed
//! recently, leech tags (kept here, never in deck files), a card's full answer log with its
//! sources, and the mocks a card appeared in.

use super::reviews::insert_review;
use super::{Result, Store, from_ms, ms};
use crate::schedule::Grade;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use std::collections::{HashMap, HashSet};

/// Where an answer came from, as the review log's `source` column holds it.
pub mod source {
    /// The day's normal queue.
    pub const REVIEW: &str = "review";
    /// Custom study: a cram answer that leaves the schedule untouched.
    pub const CRAM: &str = "cram";
    /// Custom study: a cram answer the user chose to let reschedule the card.
    pub const CRAM_RESCHEDULE: &str = "cram-reschedule";
    /// Custom study: a review before its due date ("review ahead").
    pub const AHEAD: &str = "ahead";

    /// Whether an answer from this source moves the card's schedule (and so belongs in replay,
    /// FSRS optimisation and the review-log export). Only plain cram answers do not.
    pub fn affects_schedule(source: &str) -> bool {
        source != CRAM
    }

    /// Whether an answer counts in retention statistics and today's limits: reviews shown
    /// early or on request would flatter retention and eat the day's budget.
    pub fn is_regular(source: &str) -> bool {
        !matches!(source, CRAM | CRAM_RESCHEDULE | AHEAD)
    }
}

/// A card tagged as a leech.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Leech {
    pub card_id: String,
    pub tagged_at: DateTime<Utc>,
    /// Lapses when it was tagged.
    pub lapses: u32,
    /// Suspended by the leech action (and unsuspended if that grade is undone).
    pub suspended: bool,
}

/// One live answer of a card, whatever its source.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedAnswer {
    pub at: DateTime<Utc>,
    pub grade: Grade,
    pub source: String,
    pub duration_ms: i64,
    pub phase_before: String,
    pub phase_after: String,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub due: DateTime<Utc>,
}

/// A mock in which a card was asked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MockAppearance {
    pub mock_id: i64,
    pub at: DateTime<Utc>,
    pub loop_name: String,
    pub round: u32,
    /// The grade given to the card in the mock, if any.
    pub grade: Option<u8>,
    /// The round's overall rubric score (1-4), once scored.
    pub round_score: Option<u8>,
    pub hints: u32,
}

impl Store {
    /// Extra (new, reviews) granted for the study day starting at `day_start`.
    pub fn extras(&self, day_start: DateTime<Utc>) -> Result<(u32, u32)> {
        Ok(self
            .conn
            .query_row(
                "SELECT new, reviews FROM study_extras WHERE day_start = ?1",
                [ms(day_start)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, 0)))
    }

    /// Grants `new` more new cards and `reviews` more reviews for that study day only.
    pub fn add_extras(&mut self, day_start: DateTime<Utc>, new: u32, reviews: u32) -> Result<()> {
        self.conn.execute(
            "INSERT INTO study_extras (day_start, new, reviews) VALUES (?1, ?2, ?3)
             ON CONFLICT(day_start) DO UPDATE SET new = new + excluded.new,
               reviews = reviews + excluded.reviews",
            params![ms(day_start), new, reviews],
        )?;
        Ok(())
    }

    /// Cards graded Again (from any source) at or after `since`.
    pub fn failed_since(&self, since: DateTime<Utc>) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT card_id FROM reviews WHERE undone = 0 AND grade = 1 AND reviewed_at >= ?1",
        )?;
        Ok(stmt
            .query_map([ms(since)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Cards answered (any source) at or after `since`: their siblings stay buried today.
    pub fn answered_since(&self, since: DateTime<Utc>) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT card_id FROM reviews WHERE undone = 0 AND reviewed_at >= ?1",
        )?;
        Ok(stmt
            .query_map([ms(since)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Cards tagged leech now (cleared tags left out), by card id.
    pub fn leeches(&self) -> Result<HashMap<String, Leech>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT card_id, tagged_at, lapses, suspended FROM leeches WHERE cleared_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Leech {
                card_id: r.get(0)?,
                tagged_at: from_ms(r.get(1)?),
                lapses: r.get(2)?,
                suspended: r.get(3)?,
            })
        })?;
        let mut out = HashMap::new();
        for l in rows {
            let l = l?;
            out.insert(l.card_id.clone(), l);
        }
        Ok(out)
    }

    /// Lapses at which a cleared leech tag was removed, if the user cleared one.
    pub fn cleared_leech_lapses(&self, card_id: &str) -> Result<Option<u32>> {
        Ok(self
            .conn
            .query_row(
                "SELECT lapses FROM leeches WHERE card_id = ?1 AND cleared_at IS NOT NULL",
                [card_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Appends a review that made the card a leech, tags it (and suspends it when asked) in
    /// the same transaction. Returns the review's id.
    pub fn record_review_tagging_leech(
        &mut self,
        r: &super::ReviewInput<'_>,
        suspend: bool,
    ) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let id = insert_review(&tx, r)?;
        tx.execute(
            "INSERT INTO leeches (card_id, tagged_at, lapses, review_id, suspended, cleared_at)
             VALUES (?1, ?2, ?3, ?4, ?5, NULL)
             ON CONFLICT(card_id) DO UPDATE SET tagged_at = excluded.tagged_at,
               lapses = excluded.lapses, review_id = excluded.review_id,
               suspended = excluded.suspended, cleared_at = NULL",
            params![r.card_id, ms(r.at), r.after.lapses, id, suspend],
        )?;
        if suspend {
            tx.execute(
                "UPDATE card_state SET suspended = 1 WHERE card_id = ?1",
                [r.card_id],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Removes a card's leech tag (after the user rewrote it); the lapses are remembered so it
    /// is tagged again only after more of them.
    pub fn clear_leech(&mut self, card_id: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = self.conn.execute(
            "UPDATE leeches SET cleared_at = ?2 WHERE card_id = ?1 AND cleared_at IS NULL",
            params![card_id, ms(now)],
        )?;
        Ok(n > 0)
    }

    /// Every live answer of a card, cram answers included, oldest first.
    pub fn answers(&self, card_id: &str) -> Result<Vec<LoggedAnswer>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT reviewed_at, grade, source, duration_ms, phase_before, phase_after, stability,
                    difficulty, due
             FROM reviews WHERE card_id = ?1 AND undone = 0 ORDER BY reviewed_at, id",
        )?;
        let rows = stmt.query_map([card_id], |r| {
            Ok(LoggedAnswer {
                at: from_ms(r.get(0)?),
                grade: Grade::from_number(r.get(1)?).unwrap_or(Grade::Good),
                source: r.get(2)?,
                duration_ms: r.get(3)?,
                phase_before: r.get(4)?,
                phase_after: r.get(5)?,
                stability: r.get(6)?,
                difficulty: r.get(7)?,
                due: from_ms(r.get(8)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The mocks (not abandoned) in which a card was asked, oldest first.
    pub fn mock_appearances(&self, card_id: &str) -> Result<Vec<MockAppearance>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.started_at, m.loop_name, a.round, a.grade, s.score, a.hints
             FROM mock_answers a JOIN mocks m ON m.id = a.mock_id
             LEFT JOIN mock_scores s ON s.mock_id = a.mock_id AND s.round = a.round AND s.signal = 'overall'
             WHERE a.card_id = ?1 AND m.status != 'abandoned' ORDER BY m.started_at, a.item",
        )?;
        let rows = stmt.query_map([card_id], |r| {
            Ok(MockAppearance {
                mock_id: r.get(0)?,
                at: from_ms(r.get(1)?),
                loop_name: r.get(2)?,
                round: r.get(3)?,
                grade: r.get(4)?,
                round_score: r.get(5)?,
                hints: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Undoing the review that tagged a leech takes the tag back, and the suspension it caused.
pub(super) fn undo_leech(tx: &rusqlite::Connection, review_id: i64, card_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE card_state SET suspended = 0 WHERE card_id = ?1
           AND EXISTS (SELECT 1 FROM leeches WHERE review_id = ?2 AND suspended = 1)",
        params![card_id, review_id],
    )?;
    tx.execute("DELETE FROM leeches WHERE review_id = ?1", [review_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Scheduler, SchedulerConfig};
    use chrono::{Duration, TimeZone};

    fn answer(store: &mut Store, id: &str, g: Grade, at: DateTime<Utc>, source: &str) {
        let s = Scheduler::new(SchedulerConfig::default()).unwrap();
        store.grade_for_test(&s, id, g, at, source, 1000);
    }

    #[test]
    fn cram_answers_leave_state_replay_limits_and_retention_alone() {
        let mut store = Store::open_in_memory().unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        answer(
            &mut store,
            "a",
            Grade::Good,
            t0 - Duration::days(10),
            "review",
        );
        let before = store.states().unwrap()["a"];
        answer(&mut store, "a", Grade::Again, t0, source::CRAM);
        // The schedule did not move, replay and the exported log do not see it...
        assert_eq!(store.states().unwrap()["a"], before);
        assert_eq!(store.card_log("a").unwrap().len(), 1);
        assert_eq!(store.live_reviews().unwrap().len(), 1);
        let sched = Scheduler::new(SchedulerConfig::default()).unwrap();
        assert!(store.state_mismatches(&sched).unwrap().is_empty());
        // ...nor do today's limits or retention, but the card info and "failed" filter do.
        assert_eq!(
            store
                .done_today(t0 - Duration::hours(1))
                .unwrap()
                .total_reviews(),
            0
        );
        let st = store
            .stats(t0 - Duration::hours(1), t0 + Duration::hours(5), t0)
            .unwrap();
        assert_eq!(st.total.recalls_30d, 0);
        assert_eq!(store.answers("a").unwrap().len(), 2);
        assert_eq!(store.answers("a").unwrap()[1].source, "cram");
        assert!(store.failed_since(t0).unwrap().contains("a"));
        // Undo takes the cram answer back without touching the state.
        store.undo_last(&sched).unwrap().unwrap();
        assert_eq!(store.answers("a").unwrap().len(), 1);
        assert_eq!(store.states().unwrap()["a"], before);
    }

    #[test]
    fn a_database_from_the_previous_schema_migrates_and_keeps_its_reviews() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let (c, _) = super::super::database_before(&path, "CREATE TABLE study_extras");
            c.execute_batch(
                "INSERT INTO reviews (card_id, kind, reviewed_at, grade, source, phase_before, phase_after, due)
                   VALUES ('a', 'breadth', 1000, 3, 'review', 'new', 'learning', 2000);
                 INSERT INTO card_state (card_id, kind, phase, due) VALUES ('a', 'breadth', 'learning', 2000);",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(
            store.user_version().unwrap(),
            super::super::schema_version() as i64
        );
        assert_eq!(store.answers("a").unwrap().len(), 1);
        assert!(store.states().unwrap().contains_key("a"));
        assert!(store.leeches().unwrap().is_empty());
        let day = Utc.with_ymd_and_hms(2026, 5, 1, 4, 0, 0).unwrap();
        store.add_extras(day, 2, 0).unwrap();
        assert_eq!(store.extras(day).unwrap(), (2, 0));
    }

    #[test]
    fn extras_hold_for_their_day_only() {
        let mut store = Store::open_in_memory().unwrap();
        let day = Utc.with_ymd_and_hms(2026, 5, 1, 4, 0, 0).unwrap();
        store.add_extras(day, 5, 0).unwrap();
        store.add_extras(day, 3, 10).unwrap();
        assert_eq!(store.extras(day).unwrap(), (8, 10));
        assert_eq!(store.extras(day + Duration::days(1)).unwrap(), (0, 0));
    }
}
