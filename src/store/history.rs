//! Time series for the stats screen: reviews and time per day, the due forecast, retention over
//! a window, and mock scores over time. Days are local study days (offset and rollover given).

use super::{Result, Store, from_ms, ms};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

const DAY_MS: i64 = 86_400_000;

/// A point of the mock-score chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MockPoint {
    pub at: DateTime<Utc>,
    pub rubric: String,
    pub signal: String,
    pub score: u8,
}

impl Store {
    /// Reviews and seconds per study day since `since`; days are numbered from the epoch after
    /// shifting by `shift_ms` (local offset minus rollover).
    pub fn daily_activity(
        &self,
        since: DateTime<Utc>,
        shift_ms: i64,
    ) -> Result<BTreeMap<i64, (u32, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT (reviewed_at + ?2) / ?3 AS day, count(*), coalesce(sum(duration_ms), 0) / 1000
             FROM reviews WHERE undone = 0 AND reviewed_at >= ?1 GROUP BY day",
        )?;
        let rows = stmt.query_map(rusqlite::params![ms(since), shift_ms, DAY_MS], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (r.get::<_, u32>(1)?, r.get::<_, u32>(2)?),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Cards (present, not suspended) falling due on each of the next `days` study days,
    /// starting with the day that begins at `day_start` (overdue cards count on day 0).
    pub fn due_forecast(&self, day_start: DateTime<Utc>, days: usize) -> Result<Vec<u32>> {
        let mut out = vec![0u32; days];
        let mut stmt = self.conn.prepare_cached(
            "SELECT (max(s.due, ?1) - ?1) / ?2 AS d, count(*) FROM card_state s JOIN cards c ON c.id = s.card_id
             WHERE c.present = 1 AND s.suspended = 0 AND s.phase != 'new' GROUP BY d",
        )?;
        for row in stmt.query_map(rusqlite::params![ms(day_start), DAY_MS], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?))
        })? {
            let (d, n) = row?;
            if let Some(slot) = usize::try_from(d).ok().and_then(|d| out.get_mut(d)) {
                *slot += n;
            }
        }
        Ok(out)
    }

    /// Per kind: review-phase recalls since `since` and how many passed.
    pub fn recalls_since(&self, since: DateTime<Utc>) -> Result<BTreeMap<String, (u32, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, count(*), coalesce(sum(grade > 1), 0) FROM reviews
             WHERE undone = 0 AND phase_before = 'review' AND reviewed_at >= ?1 GROUP BY kind",
        )?;
        let rows = stmt.query_map([ms(since)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, u32>(1)?, r.get::<_, u32>(2)?),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Distinct cards ever reviewed, per kind (coverage).
    pub fn seen_per_kind(&self) -> Result<BTreeMap<String, u32>> {
        let mut stmt = self.conn.prepare_cached("SELECT s.kind, count(*) FROM card_state s JOIN cards c ON c.id = s.card_id WHERE c.present = 1 GROUP BY s.kind")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every round score of every mock, oldest first.
    pub fn mock_points(&self) -> Result<Vec<MockPoint>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.started_at, s.rubric, s.signal, s.score FROM mock_scores s JOIN mocks m ON m.id = s.mock_id
             WHERE m.status != 'abandoned' ORDER BY m.started_at, s.round",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(MockPoint {
                at: from_ms(r.get(0)?),
                rubric: r.get(1)?,
                signal: r.get(2)?,
                score: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
