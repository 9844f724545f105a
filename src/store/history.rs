//! Time series for the stats screen: reviews and time per day, the due forecast, retention over
//! a window, and mock scores over time. Days are local study days (offset and rollover given).

use super::{Result, Store, from_ms, ms};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A point of the mock-score chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MockPoint {
    pub at: DateTime<Utc>,
    pub rubric: String,
    pub signal: String,
    pub score: u8,
}

impl Store {
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

/// One study day of one kind: reviews, seconds, review-phase recalls and passes.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DayKind {
    pub reviews: u32,
    pub seconds: u32,
    pub recalls: u32,
    pub passed: u32,
}

impl Store {
    /// Everything the dashboard needs from the review log in one scan: per (study day, kind)
    /// the reviews, time, recalls and passes since `since`.
    pub fn day_kind_summary(
        &self,
        since: DateTime<Utc>,
        day_of: &dyn Fn(DateTime<Utc>) -> i64,
    ) -> Result<Vec<(i64, String, DayKind)>> {
        // Aggregated here rather than with GROUP BY: SQLite would sort 100,000 rows first.
        let mut stmt = self.conn.prepare_cached(
            "SELECT reviewed_at, kind, duration_ms,
                    phase_before = 'review' AND source NOT IN ('cram', 'cram-reschedule', 'ahead'),
                    grade > 1
             FROM reviews WHERE reviewed_at >= ?1 AND undone = 0",
        )?;
        let mut acc: BTreeMap<(i64, String), DayKind> = BTreeMap::new();
        let mut rows = stmt.query([ms(since)])?;
        let mut last: Option<(i64, String)> = None;
        let mut cur = DayKind::default();
        while let Some(r) = rows.next()? {
            let day = day_of(from_ms(r.get(0)?));
            let kind = r.get_ref(1)?.as_str().unwrap_or("");
            if last.as_ref().is_none_or(|(d, k)| *d != day || k != kind) {
                if let Some(key) = last.take() {
                    let e = acc.entry(key).or_default();
                    e.reviews += cur.reviews;
                    e.seconds += cur.seconds;
                    e.recalls += cur.recalls;
                    e.passed += cur.passed;
                }
                last = Some((day, kind.to_string()));
                cur = DayKind::default();
            }
            cur.reviews += 1;
            cur.seconds += (r.get::<_, i64>(2)? / 1000) as u32;
            let recall: bool = r.get(3)?;
            cur.recalls += recall as u32;
            cur.passed += (recall && r.get::<_, bool>(4)?) as u32;
        }
        if let Some(key) = last {
            let e = acc.entry(key).or_default();
            e.reviews += cur.reviews;
            e.seconds += cur.seconds;
            e.recalls += cur.recalls;
            e.passed += cur.passed;
        }
        Ok(acc.into_iter().map(|((d, k), v)| (d, k, v)).collect())
    }
}
