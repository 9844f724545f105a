//! Merging events read from journals: each unknown event is inserted once (by id) and applied
//! (a review row, an undo mark, a suspension, a mock's record, an attempt, a drill); then every
//! affected card's reviews are put in time order (their `seq`) and replayed through the same
//! code as `import reviews`. The result depends only on the set of events, so any order of syncs
//! converges. One transaction; an event that cannot be applied is rolled back alone and
//! reported, and retried at the next sync.

use super::super::interop::{order_by_time, replay_card};
use super::super::{Result, Store, StoreError, ms};
use super::{EventCounts, MOCK_CHILDREN, rows, suspension_by_events};
use crate::journal::event::{Event, EventKind};
use crate::schedule::Scheduler;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    pub added: EventCounts,
    pub cards_replayed: usize,
    /// Events that could not be applied: (event id, why). They are retried next time.
    pub rejected: Vec<(String, String)>,
}

#[derive(Default)]
struct Affected {
    /// Card -> earliest review time touched (ms).
    cards: BTreeMap<String, i64>,
    suspends: BTreeSet<String>,
}

impl Affected {
    fn card(&mut self, card: &str, at: i64) {
        let e = self.cards.entry(card.to_string()).or_insert(at);
        *e = (*e).min(at);
    }
}

fn bad(why: &str) -> StoreError {
    StoreError::Journal(format!("malformed event: {why}"))
}

impl Store {
    /// Inserts the events this database does not know and applies them (see module doc).
    pub fn merge_events(
        &mut self,
        events: &[(Event, String)],
        scheduler: &Scheduler,
        now: DateTime<Utc>,
    ) -> Result<MergeReport> {
        let mut report = MergeReport::default();
        let tx = self.conn.transaction()?;
        let mut fresh: Vec<&(Event, String)> = Vec::new();
        {
            let mut known = tx.prepare_cached("SELECT 1 FROM sync_events WHERE id = ?1")?;
            let mut seen: HashSet<&str> = HashSet::new();
            for ev in events {
                if seen.insert(&ev.0.id) && !known.exists([&ev.0.id])? {
                    fresh.push(ev);
                }
            }
        }
        fresh.sort_by(|a, b| (a.0.kind, a.0.at, &a.0.id).cmp(&(b.0.kind, b.0.at, &b.0.id)));
        let mut affected = Affected::default();
        for (event, line) in fresh {
            tx.prepare_cached("SAVEPOINT sync_event")?.execute([])?;
            let applied = apply(&tx, event, &mut affected).and_then(|local| {
                tx.prepare_cached(
                    "INSERT INTO sync_events (id, device, kind, object, at, local_id, line, imported_at, in_folder)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
                )?
                .execute(params![
                    event.id,
                    event.device,
                    event.kind.slug(),
                    event.object,
                    event.at,
                    local,
                    line,
                    ms(now)
                ])?;
                Ok(())
            });
            match applied {
                Ok(()) => {
                    tx.prepare_cached("RELEASE sync_event")?.execute([])?;
                    report.added.add(event.kind);
                }
                Err(e) => {
                    tx.execute_batch("ROLLBACK TO sync_event; RELEASE sync_event")?;
                    report.rejected.push((event.id.clone(), e.to_string()));
                }
            }
        }
        attach_drill_steps(&tx)?;
        mark_undone(&tx, &mut affected)?;
        apply_suspensions(&tx, &affected.suspends)?;
        for (card, from) in &affected.cards {
            order_by_time(&tx, card)?;
            replay_card(&tx, scheduler, card, Some(*from))?;
        }
        tx.commit()?;
        report.cards_replayed = affected.cards.len();
        Ok(report)
    }
}

fn text<'a>(e: &'a Event, key: &str) -> Result<&'a str> {
    e.data
        .get(key)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| bad(&format!("{} event without `{key}`", e.kind.slug())))
}

/// Applies one event; returns the local row it is or became.
fn apply(conn: &Connection, e: &Event, affected: &mut Affected) -> Result<Option<i64>> {
    match e.kind {
        EventKind::Review => {
            let card = text(e, "card")?;
            let grade = e.data.get("grade").and_then(serde_json::Value::as_i64);
            let grade = grade
                .filter(|g| (1..=4).contains(g))
                .ok_or_else(|| bad("review grade not 1-4"))?;
            let kind = e.data.get("card_kind").and_then(serde_json::Value::as_str);
            let kind = kind
                .and_then(crate::content::Kind::from_slug)
                .unwrap_or(crate::content::Kind::Breadth);
            let duration = e
                .data
                .get("duration_ms")
                .and_then(serde_json::Value::as_i64);
            let source = e.data.get("source").and_then(serde_json::Value::as_str);
            // A card this database has never seen keeps the kind its maker knew.
            conn.prepare_cached(
                "INSERT OR IGNORE INTO card_state (card_id, kind, phase, due) VALUES (?1, ?2, 'new', ?3)",
            )?
            .execute(params![card, kind.slug(), e.at])?;
            conn.prepare_cached(
                "INSERT INTO reviews (card_id, kind, reviewed_at, grade, duration_ms, source, phase_before, phase_after, due)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'new', 'new', ?3)",
            )?
            .execute(params![
                card,
                kind.slug(),
                e.at,
                grade,
                duration.unwrap_or(0).max(0),
                source.unwrap_or("sync")
            ])?;
            affected.card(card, e.at);
            Ok(Some(conn.last_insert_rowid()))
        }
        EventKind::Undo => Ok(local_of(conn, &e.object, "review")?),
        EventKind::Suspend => {
            affected.suspends.insert(e.object.clone());
            Ok(None)
        }
        EventKind::Mock => apply_mock(conn, e),
        EventKind::Attempt => Ok(Some(rows::insert_json(conn, "attempts", &e.data, &[])?)),
        EventKind::Drill => Ok(Some(rows::insert_json(conn, "drills", &e.data, &[])?)),
        EventKind::DrillStep => {
            let drill = text(e, "drill")?;
            match local_of(conn, drill, "drill")? {
                Some(d) => Ok(Some(rows::insert_json(
                    conn,
                    "drill_steps",
                    &e.data,
                    &[("drill_id", Value::Integer(d))],
                )?)),
                None => Ok(None), // its drill has not arrived yet; attached when it does
            }
        }
    }
}

fn local_of(conn: &Connection, id: &str, kind: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT local_id FROM sync_events WHERE id = ?1 AND kind = ?2")?
        .query_row(params![id, kind], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten())
}

/// Writes a mock's record when this snapshot is newer than the one applied here.
fn apply_mock(conn: &Connection, e: &Event) -> Result<Option<i64>> {
    let current: Option<(i64, String, Option<i64>)> = conn
        .prepare_cached(
            "SELECT at, id, local_id FROM sync_events WHERE kind = 'mock' AND object = ?1
             ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([&e.object], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let local = current.as_ref().and_then(|c| c.2);
    if current
        .as_ref()
        .is_some_and(|(at, id, _)| (*at, id.as_str()) > (e.at, e.id.as_str()))
    {
        return Ok(local); // an older snapshot: the record already holds a newer one
    }
    let mock = e
        .data
        .get("mock")
        .ok_or_else(|| bad("mock without `mock`"))?;
    let id = match local {
        Some(id) => {
            for table in MOCK_CHILDREN {
                conn.execute(&format!("DELETE FROM {table} WHERE mock_id = ?1"), [id])?;
            }
            conn.execute("DELETE FROM mocks WHERE id = ?1", [id])?;
            rows::insert_json(conn, "mocks", mock, &[("id", Value::Integer(id))])?
        }
        None => rows::insert_json(conn, "mocks", mock, &[])?,
    };
    for table in MOCK_CHILDREN {
        let rows = e.data.get(table).and_then(serde_json::Value::as_array);
        for row in rows.into_iter().flatten() {
            rows::insert_json(conn, table, row, &[("mock_id", Value::Integer(id))])?;
        }
    }
    Ok(Some(id))
}

/// Drill steps whose drill arrived later get their row now.
fn attach_drill_steps(conn: &Connection) -> Result<()> {
    let pending: Vec<(String, String)> = conn
        .prepare("SELECT id, line FROM sync_events WHERE kind = 'drill_step' AND local_id IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, line) in pending {
        let Ok(event) = serde_json::from_str::<Event>(&line) else {
            continue;
        };
        let mut ignore = Affected::default();
        if let Some(local) = apply(conn, &event, &mut ignore)? {
            conn.execute(
                "UPDATE sync_events SET local_id = ?2 WHERE id = ?1",
                params![id, local],
            )?;
        }
    }
    Ok(())
}

/// Marks every review an undo event refers to, wherever either came from.
fn mark_undone(conn: &Connection, affected: &mut Affected) -> Result<()> {
    let hits: Vec<(i64, String, i64)> = conn
        .prepare(
            "SELECT r.id, r.card_id, r.reviewed_at FROM sync_events u
             JOIN sync_events e ON e.id = u.object AND e.kind = 'review'
             JOIN reviews r ON r.id = e.local_id
             WHERE u.kind = 'undo' AND r.undone = 0",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, card, at) in hits {
        conn.execute("UPDATE reviews SET undone = 1 WHERE id = ?1", [id])?;
        affected.card(&card, at);
    }
    Ok(())
}

/// Sets each touched card's suspension to its latest event.
fn apply_suspensions(conn: &Connection, cards: &BTreeSet<String>) -> Result<()> {
    if cards.is_empty() {
        return Ok(());
    }
    let flags = suspension_by_events(conn)?;
    for card in cards {
        let (on, at) = flags.get(card).copied().unwrap_or((false, 0));
        let (kind, first): (Option<String>, i64) = conn.query_row(
            "SELECT (SELECT json_extract(line, '$.data.card_kind') FROM sync_events
                     WHERE kind = 'suspend' AND object = ?1 AND json_extract(line, '$.data.card_kind') IS NOT NULL LIMIT 1),
                    (SELECT min(at) FROM sync_events WHERE kind = 'suspend' AND object = ?1)",
            [card],
            |r| Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(0))),
        )?;
        let kind = kind.unwrap_or_else(|| "breadth".into());
        conn.execute(
            "INSERT INTO card_state (card_id, kind, phase, due, suspended, suspended_at) VALUES (?1, ?2, 'new', ?3, ?4, ?5)
             ON CONFLICT(card_id) DO UPDATE SET suspended = excluded.suspended, suspended_at = excluded.suspended_at",
            params![card, kind, first, on, at],
        )?;
    }
    Ok(())
}
