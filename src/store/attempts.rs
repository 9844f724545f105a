//! Coding-practice attempts: one row per test run, committed when the run ends.

use super::{Result, Store, from_ms, ms};
use crate::practice::{Effort, Report};
use chrono::{DateTime, Utc};
use rusqlite::params;

pub struct AttemptInput<'a> {
    pub card_id: &'a str,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub report: &'a Report,
    pub effort: Effort,
    /// `practice`, `practice-run` or `mock`.
    pub source: &'a str,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Attempt {
    pub card_id: String,
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub passed: u32,
    pub total: u32,
    pub hints_used: u32,
    pub solution_shown: bool,
    pub status: String,
}

impl Store {
    pub fn record_attempt(&mut self, a: &AttemptInput<'_>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO attempts (card_id, started_at, finished_at, duration_ms, passed, total, hints_used, solution_shown, status, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                a.card_id,
                ms(a.started_at),
                ms(a.finished_at),
                a.effort.elapsed.num_milliseconds().max(0),
                a.report.passed() as i64,
                a.report.total() as i64,
                a.effort.hints as i64,
                a.effort.solution_shown,
                a.report.status(),
                a.source
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// A card's attempts, oldest first.
    pub fn attempts(&self, card_id: &str) -> Result<Vec<Attempt>> {
        let mut stmt = self.conn.prepare(
            "SELECT card_id, started_at, duration_ms, passed, total, hints_used, solution_shown, status
             FROM attempts WHERE card_id = ?1 ORDER BY finished_at, id",
        )?;
        let rows = stmt.query_map([card_id], |r| {
            Ok(Attempt {
                card_id: r.get(0)?,
                started_at: from_ms(r.get(1)?),
                duration_ms: r.get(2)?,
                passed: r.get(3)?,
                total: r.get(4)?,
                hints_used: r.get(5)?,
                solution_shown: r.get(6)?,
                status: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
