//! Depth-drill records: one row per drill, one per section walked.

use super::{Result, Store, ms};
use chrono::{DateTime, Utc};
use rusqlite::params;

impl Store {
    pub fn start_drill(&mut self, file: &str, title: &str, now: DateTime<Utc>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO drills (dossier, title, started_at) VALUES (?1, ?2, ?3)",
            params![file, title, ms(now)],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn record_drill_step(
        &mut self,
        drill: i64,
        section: &str,
        reached: usize,
        max: usize,
        card: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO drill_steps (drill_id, section, reached, max_level, card_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![drill, section, reached as i64, max as i64, card, ms(now)],
        )?;
        Ok(())
    }

    /// Mean level reached per dossier section over every drill.
    pub fn drill_summary(&self) -> Result<Vec<(String, String, f64, u32)>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.title, s.section, avg(s.reached), count(*) FROM drill_steps s JOIN drills d ON d.id = s.drill_id GROUP BY d.title, s.section ORDER BY d.title, avg(s.reached)",
        )?;
        Ok(stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }
}
