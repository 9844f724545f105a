//! Mock interviews in the database: the resumable session (JSON) plus the record of segments,
//! answers, hints and scores, each written in one transaction as it happens.

use super::reviews::{ReviewInput, insert_review, stored_state};
use super::{Result, Store, from_ms, ms};
use crate::mock::score::rubric;
use crate::mock::session::MockRun;
use crate::schedule::CardState;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use std::collections::HashSet;

/// One line of `mlprep mock history`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MockSummary {
    pub id: i64,
    pub loop_name: String,
    pub started_at: DateTime<Utc>,
    pub status: String,
    pub verdict: Option<String>,
    pub rounds_scored: u32,
    pub mean_score: Option<f64>,
}

impl Store {
    /// Creates the mock row and its segment rows; returns its id.
    pub fn create_mock(&mut self, run: &MockRun, now: DateTime<Utc>) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO mocks (loop_key, loop_name, seed, started_at, updated_at, state) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
            params![run.plan.lp.key, run.plan.lp.name, run.plan.seed as i64, ms(now), state_json(run)],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        self.save_mock(id, run, now)?;
        Ok(id)
    }

    /// Writes the session and its record (answers, clocks, scores) in one transaction.
    pub fn save_mock(&mut self, id: i64, run: &MockRun, now: DateTime<Utc>) -> Result<()> {
        let tx = self.conn.transaction()?;
        write_mock(&tx, id, run, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Commits a scored round in one transaction: the cards' reviews, the session, and (when
    /// the mock is over) its verdict. A failure leaves nothing behind, so a retry or a resume
    /// never grades a card twice. Each review's new state is computed by `compute(i, before)`
    /// from the card's state *as stored*, read inside this (IMMEDIATE) transaction, so a grade
    /// made in another window meanwhile is built on, not overwritten; `reviews[i].before` is the
    /// state of a card never reviewed and `after` is ignored. `compute` returning `None` aborts
    /// with nothing written. Returns each review's new state, in order.
    pub fn commit_mock_round(
        &mut self,
        id: i64,
        reviews: &[ReviewInput<'_>],
        mut compute: impl FnMut(usize, &CardState) -> Option<CardState>,
        run: &MockRun,
        verdict: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<CardState>>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut afters = Vec::with_capacity(reviews.len());
        for (i, r) in reviews.iter().enumerate() {
            // Read inside the transaction: a card twice in one round sees its first grade.
            let before = stored_state(&tx, r.card_id, r.before)?;
            let Some(after) = compute(i, &before) else {
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
            afters.push(after);
        }
        write_mock(&tx, id, run, now)?;
        if let Some(v) = verdict {
            tx.execute(
                "UPDATE mocks SET status = 'finished', verdict = ?2, finished_at = ?3 WHERE id = ?1",
                params![id, v, ms(now)],
            )?;
        }
        tx.commit()?;
        Ok(Some(afters))
    }

    /// Records one revealed hint (the count also lives in the answer row).
    pub fn record_mock_hint(
        &mut self,
        id: i64,
        item: usize,
        hint: u32,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO mock_hints (mock_id, item, hint, shown_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, item as i64, hint, ms(now)],
        )?;
        Ok(())
    }

    pub fn finish_mock(
        &mut self,
        id: i64,
        run: &MockRun,
        verdict: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.save_mock(id, run, now)?;
        self.conn.execute(
            "UPDATE mocks SET status = 'finished', verdict = ?2, finished_at = ?3 WHERE id = ?1",
            params![id, verdict, ms(now)],
        )?;
        Ok(())
    }

    /// Marks a finished mock active again (an extra round was added).
    pub fn reopen_mock(&mut self, id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE mocks SET status = 'active', verdict = NULL, finished_at = NULL WHERE id = ?1",
            [id],
        )?;
        Ok(())
    }

    pub fn abandon_mock(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE mocks SET status = 'abandoned', finished_at = ?2 WHERE id = ?1",
            params![id, ms(now)],
        )?;
        Ok(())
    }

    /// The unfinished mock, if one was interrupted.
    pub fn active_mock(&self) -> Result<Option<(i64, MockRun)>> {
        let row: Option<(i64, String)> = self
            .conn
            .query_row("SELECT id, state FROM mocks WHERE status = 'active' ORDER BY updated_at DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row.and_then(|(id, s)| serde_json::from_str(&s).ok().map(|run| (id, run))))
    }

    /// A stored mock's session, for reports.
    pub fn mock(&self, id: i64) -> Result<Option<(MockSummary, MockRun)>> {
        let state: Option<String> = self
            .conn
            .query_row("SELECT state FROM mocks WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        let Some(state) = state else { return Ok(None) };
        let summary = self.mock_history()?.into_iter().find(|m| m.id == id);
        Ok(summary.zip(serde_json::from_str(&state).ok()))
    }

    /// Every mock, newest first.
    pub fn mock_history(&self) -> Result<Vec<MockSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.id, m.loop_name, m.started_at, m.status, m.verdict,
                    (SELECT count(*) FROM mock_scores s WHERE s.mock_id = m.id AND s.signal = 'overall'),
                    (SELECT avg(score) FROM mock_scores s WHERE s.mock_id = m.id AND s.signal = 'overall')
             FROM mocks m ORDER BY m.started_at DESC, m.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(MockSummary {
                id: r.get(0)?,
                loop_name: r.get(1)?,
                started_at: from_ms(r.get(2)?),
                status: r.get(3)?,
                verdict: r.get(4)?,
                rounds_scored: r.get(5)?,
                mean_score: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Cards asked in the last `n` mocks (the planner avoids them).
    pub fn recent_mock_cards(&self, n: usize) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT card_id FROM mock_answers WHERE card_id IS NOT NULL AND mock_id IN (SELECT id FROM mocks ORDER BY started_at DESC LIMIT ?1)",
        )?;
        Ok(stmt
            .query_map([n as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Mean overall mock score per rubric kind (weak areas get more questions).
    pub fn mock_kind_scores(&self) -> Result<Vec<(String, f64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT rubric, avg(score) FROM mock_scores WHERE signal = 'overall' GROUP BY rubric",
        )?;
        Ok(stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// The session and its record rows, inside the caller's transaction.
fn write_mock(tx: &rusqlite::Connection, id: i64, run: &MockRun, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE mocks SET state = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, state_json(run), ms(now)],
    )?;
    for (ri, round) in run.plan.lp.rounds.iter().enumerate() {
        for (si, seg) in round.segments.iter().enumerate() {
            let c = &run.clocks[ri][si];
            tx.prepare_cached(
                "INSERT INTO mock_segments (mock_id, round, segment, title, budget_ms, elapsed_ms, overtime) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (mock_id, round, segment) DO UPDATE SET elapsed_ms = excluded.elapsed_ms, overtime = excluded.overtime",
            )?
            .execute(params![id, ri as i64, si as i64, seg.title, (seg.minutes * 60_000.0) as i64, c.elapsed_ms, c.overtime])?;
        }
        if let Some(score) = &run.scores[ri] {
            let signals = rubric(round.rubric);
            for (sig, value) in signals.iter().zip(&score.signals) {
                tx.prepare_cached("INSERT OR REPLACE INTO mock_scores (mock_id, round, rubric, signal, score) VALUES (?1, ?2, ?3, ?4, ?5)")?
                    .execute(params![id, ri as i64, round.rubric.slug(), sig.name, value])?;
            }
            for seg in &score.segments {
                let title = &round.segments[seg.segment].title;
                for (name, _, value) in &seg.rows {
                    tx.prepare_cached("INSERT OR REPLACE INTO mock_scores (mock_id, round, rubric, signal, score) VALUES (?1, ?2, ?3, ?4, ?5)")?
                        .execute(params![id, ri as i64, seg.kind.slug(), format!("{title}: {name}"), value])?;
                }
            }
            tx.prepare_cached("INSERT OR REPLACE INTO mock_scores (mock_id, round, rubric, signal, score) VALUES (?1, ?2, ?3, 'overall', ?4)")?
                .execute(params![id, ri as i64, round.rubric.slug(), score.overall])?;
        }
    }
    for (i, (item, r)) in run.plan.items.iter().zip(&run.items).enumerate() {
        tx.prepare_cached(
            "INSERT INTO mock_answers (mock_id, item, round, segment, card_id, kind, answer, hints, tests_passed, tests_total, elapsed_ms, checklist, grade)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (mock_id, item) DO UPDATE SET answer = excluded.answer, hints = excluded.hints,
               tests_passed = excluded.tests_passed, tests_total = excluded.tests_total, elapsed_ms = excluded.elapsed_ms,
               checklist = excluded.checklist, grade = excluded.grade",
        )?
        .execute(params![
            id,
            i as i64,
            item.round as i64,
            item.segment as i64,
            item.card_id,
            item.kind.map(|k| k.slug()),
            r.answer,
            r.hints,
            r.tests.map(|t| t.0),
            r.tests.map(|t| t.1),
            r.elapsed_ms,
            serde_json::to_string(&r.checklist).unwrap_or_default(),
            r.grade
        ])?;
    }
    Ok(())
}

fn state_json(run: &MockRun) -> String {
    serde_json::to_string(run).unwrap_or_default()
}
