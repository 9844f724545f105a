//! Numbers for `mlprep stats` and the home screen: per kind the new / learning / review / due
//! counts, today's reviews and true retention (share of review-phase recalls graded Hard or
//! better) over the last 30 days.

use super::{Result, Store, ms};
use crate::content::Kind;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct KindStats {
    pub cards: u32,
    pub new: u32,
    pub learning: u32,
    pub review: u32,
    pub due_today: u32,
    pub reviews_today: u32,
    pub time_today_seconds: u32,
    /// Review-phase recalls in the last 30 days, and how many were passed.
    pub recalls_30d: u32,
    pub passed_30d: u32,
    /// passed / recalls, None without recalls.
    pub retention_30d: Option<f64>,
}

impl KindStats {
    /// Fills each kind's retention and returns the sum over the kinds.
    pub fn totals<'a>(kinds: impl Iterator<Item = &'a mut KindStats>) -> KindStats {
        let mut total = KindStats::default();
        for k in kinds {
            k.retention_30d =
                (k.recalls_30d > 0).then(|| k.passed_30d as f64 / k.recalls_30d as f64);
            total.cards += k.cards;
            total.new += k.new;
            total.learning += k.learning;
            total.review += k.review;
            total.due_today += k.due_today;
            total.reviews_today += k.reviews_today;
            total.time_today_seconds += k.time_today_seconds;
            total.recalls_30d += k.recalls_30d;
            total.passed_30d += k.passed_30d;
        }
        total.retention_30d =
            (total.recalls_30d > 0).then(|| total.passed_30d as f64 / total.recalls_30d as f64);
        total
    }
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    pub day_start: String,
    pub kinds: BTreeMap<String, KindStats>,
    pub total: KindStats,
}

impl Store {
    /// Counts over the cards present in the content, for the study day [day_start, day_end).
    pub fn stats(
        &self,
        day_start: DateTime<Utc>,
        day_end: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Stats> {
        let mut kinds: BTreeMap<Kind, KindStats> = Kind::ALL
            .iter()
            .map(|k| (*k, KindStats::default()))
            .collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.kind,
                    count(*),
                    coalesce(sum(s.card_id IS NULL OR s.phase = 'new'), 0),
                    coalesce(sum(s.phase IN ('learning', 'relearning')), 0),
                    coalesce(sum(s.phase = 'review'), 0),
                    coalesce(sum(s.card_id IS NOT NULL AND s.phase != 'new' AND s.suspended = 0 AND s.due < ?1), 0)
             FROM cards c LEFT JOIN card_state s ON s.card_id = c.id
             WHERE c.present = 1 GROUP BY c.kind",
        )?;
        let rows = stmt.query_map([ms(day_end)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                [
                    r.get::<_, u32>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ],
            ))
        })?;
        for row in rows {
            let (kind, [cards, new, learning, review, due]) = row?;
            if let Some(k) = Kind::from_slug(&kind).and_then(|k| kinds.get_mut(&k)) {
                (k.cards, k.new, k.learning, k.review, k.due_today) =
                    (cards, new, learning, review, due);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, count(*), sum(duration_ms) / 1000 FROM reviews WHERE undone = 0 AND reviewed_at >= ?1 GROUP BY kind",
        )?;
        for row in stmt.query_map([ms(day_start)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, Option<u32>>(2)?,
            ))
        })? {
            let (kind, n, secs) = row?;
            if let Some(k) = Kind::from_slug(&kind).and_then(|k| kinds.get_mut(&k)) {
                k.reviews_today = n;
                k.time_today_seconds = secs.unwrap_or(0);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, count(*), coalesce(sum(grade > 1), 0) FROM reviews
             WHERE undone = 0 AND phase_before = 'review' AND reviewed_at >= ?1
               AND source NOT IN ('cram', 'cram-reschedule', 'ahead') GROUP BY kind",
        )?;
        for row in stmt.query_map([ms(now - Duration::days(30))], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })? {
            let (kind, n, passed) = row?;
            if let Some(k) = Kind::from_slug(&kind).and_then(|k| kinds.get_mut(&k)) {
                k.recalls_30d = n;
                k.passed_30d = passed;
            }
        }
        let total = KindStats::totals(kinds.values_mut());
        Ok(Stats {
            day_start: day_start.to_rfc3339(),
            kinds: kinds
                .into_iter()
                .map(|(k, v)| (k.slug().to_string(), v))
                .collect(),
            total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_deck;
    use crate::schedule::{Grade, Scheduler, SchedulerConfig};
    use chrono::TimeZone;

    #[test]
    fn counts_follow_the_reviews() {
        let mut store = Store::open_in_memory().unwrap();
        let s = Scheduler::new(SchedulerConfig::default()).unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        let deck = parse_deck("d.md", b"+++\ntitle = \"d\"\nkind = \"breadth\"\n+++\n## A {#a}\n### Answer\nx\n## B {#b}\n### Answer\ny\n## C {#c}\n### Answer\nz\n").0.unwrap();
        store.sync(&[deck], t0).unwrap();
        let mut grade = |id: &str, g: Grade, at| {
            store.grade_for_test(&s, id, g, at, "review", 2000);
        };
        grade("a", Grade::Easy, t0 - Duration::days(20));
        grade("a", Grade::Again, t0);
        grade("b", Grade::Good, t0);
        let st = store
            .stats(t0 - Duration::hours(1), t0 + Duration::hours(10), t0)
            .unwrap();
        let b = &st.kinds["breadth"];
        assert_eq!((b.cards, b.new, b.learning, b.review), (3, 1, 2, 0));
        assert_eq!(b.reviews_today, 2);
        assert_eq!(b.due_today, 2);
        assert_eq!(b.recalls_30d, 1);
        assert_eq!(b.retention_30d, Some(0.0));
        assert_eq!(st.total.reviews_today, 2);
    }
}
