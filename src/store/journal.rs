//! SQL for sync between devices: this device's id, the table of history events
//! (`sync_events`), turning new rows of the review log, undo marks, suspensions, finished mocks,
//! practice attempts and drills into events ("minting"), and the lines this device owes its
//! journal. Merging other devices' events is in `journal/merge.rs`. Never deletes history.

mod folder;
mod merge;
mod rows;

pub use merge::MergeReport;

use super::{Result, Store};
use crate::journal::event::{Event, EventKind, FORMAT_VERSION, random_hex};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Events per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventCounts(pub BTreeMap<EventKind, usize>);

impl EventCounts {
    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    fn add(&mut self, kind: EventKind) {
        *self.0.entry(kind).or_default() += 1;
    }
}

impl std::fmt::Display for EventCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return write!(f, "nothing");
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(k, n)| format!("{n} {}", k.slug().replace('_', " ")))
            .collect();
        write!(f, "{}", parts.join(", "))
    }
}

/// A review as every device holds it: (event id, card, time in ms, grade, undone).
pub type SyncedReview = (String, String, i64, i64, bool);

/// An event this device made, as its journal line.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnLine {
    pub id: String,
    pub at: i64,
    pub line: String,
}

impl Store {
    /// This device's id, made (random) and stored on first use.
    pub fn device_id(&mut self) -> Result<String> {
        if let Some(id) = self.sync_meta("device_id")? {
            return Ok(id);
        }
        self.new_device_id()
    }

    /// Replaces this device's id (the database was copied to another machine): events made
    /// from now on go to new journal files, so two machines never append to one file.
    pub fn new_device_id(&mut self) -> Result<String> {
        let id = random_hex()[..12].to_string();
        self.set_sync_meta("device_id", &id)?;
        Ok(id)
    }

    pub fn sync_meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM sync_meta WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_sync_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Records every history change since the last sync as events of `device`, in one
    /// transaction. Returns what was recorded.
    pub fn mint_events(&mut self, device: &str, now: DateTime<Utc>) -> Result<EventCounts> {
        let tx = self.conn.transaction()?;
        let counts = mint(&tx, device, now)?;
        tx.commit()?;
        Ok(counts)
    }

    /// What [`Store::mint_events`] would record now (nothing is written).
    pub fn unminted_events(&self, device: &str, now: DateTime<Utc>) -> Result<EventCounts> {
        let tx = self.conn.unchecked_transaction()?;
        let counts = mint(&tx, device, now)?;
        drop(tx); // rolls back
        Ok(counts)
    }
}

struct Minter<'c> {
    conn: &'c Connection,
    device: &'c str,
    counts: EventCounts,
}

impl Minter<'_> {
    fn add(
        &mut self,
        kind: EventKind,
        object: Option<&str>,
        at: i64,
        local_id: Option<i64>,
        data: serde_json::Value,
    ) -> Result<String> {
        let id = format!("{}.{}", self.device, random_hex());
        let event = Event {
            v: FORMAT_VERSION,
            id: id.clone(),
            device: self.device.to_string(),
            kind,
            object: object.unwrap_or(&id).to_string(),
            at,
            data,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO sync_events (id, device, kind, object, at, local_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, self.device, kind.slug(), event.object, at, local_id, event.line()])?;
        self.counts.add(kind);
        Ok(id)
    }

    /// Local rows of `table` that no event of `kind` stands for yet.
    fn unrecorded(&self, table: &str, kind: EventKind, order: &str) -> Result<Vec<i64>> {
        let sql = format!(
            "SELECT t.rowid FROM {table} t WHERE NOT EXISTS
               (SELECT 1 FROM sync_events e WHERE e.kind = ?1 AND e.local_id = t.rowid) ORDER BY {order}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let ids = stmt
            .query_map([kind.slug()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }
}

fn mint(conn: &Connection, device: &str, now: DateTime<Utc>) -> Result<EventCounts> {
    let mut m = Minter {
        conn,
        device,
        counts: EventCounts::default(),
    };
    mint_reviews(&mut m, now)?;
    mint_suspends(&mut m, now)?;
    mint_mocks(&mut m)?;
    for id in m.unrecorded("attempts", EventKind::Attempt, "t.finished_at, t.id")? {
        let data = rows::rows_json(conn, "attempts", "id", id, &["id"])?;
        let at: i64 = conn.query_row(
            "SELECT finished_at FROM attempts WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        m.add(EventKind::Attempt, None, at, Some(id), first(data))?;
    }
    for id in m.unrecorded("drills", EventKind::Drill, "t.id")? {
        let data = rows::rows_json(conn, "drills", "id", id, &["id"])?;
        let at: i64 = conn.query_row("SELECT started_at FROM drills WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
        m.add(EventKind::Drill, None, at, Some(id), first(data))?;
    }
    for rowid in m.unrecorded("drill_steps", EventKind::DrillStep, "t.rowid")? {
        let (drill, at): (Option<String>, i64) = conn.query_row(
            "SELECT (SELECT e.id FROM sync_events e WHERE e.kind = 'drill' AND e.local_id = s.drill_id), s.at
             FROM drill_steps s WHERE s.rowid = ?1",
            [rowid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut data = first(rows::rows_json(
            conn,
            "drill_steps",
            "rowid",
            rowid,
            &["drill_id"],
        )?);
        if let Some(obj) = data.as_object_mut() {
            obj.insert("drill".into(), drill.into());
        }
        m.add(EventKind::DrillStep, None, at, Some(rowid), data)?;
    }
    Ok(m.counts)
}

fn first(rows: Vec<serde_json::Value>) -> serde_json::Value {
    rows.into_iter().next().unwrap_or_default()
}

fn mint_reviews(m: &mut Minter<'_>, now: DateTime<Utc>) -> Result<()> {
    let fresh: Vec<(i64, String, String, i64, i64, i64, String)> = m
        .conn
        .prepare(
            "SELECT r.id, r.card_id, r.kind, r.reviewed_at, r.grade, r.duration_ms, r.source FROM reviews r
             WHERE NOT EXISTS (SELECT 1 FROM sync_events e WHERE e.kind = 'review' AND e.local_id = r.id)
             ORDER BY r.reviewed_at, r.id",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, card, kind, at, grade, duration, source) in fresh {
        let data = serde_json::json!({
            "card": card, "card_kind": kind, "grade": grade, "duration_ms": duration, "source": source
        });
        m.add(EventKind::Review, None, at, Some(id), data)?;
    }
    let undone: Vec<(String, i64)> = m
        .conn
        .prepare(
            "SELECT e.id, r.id FROM reviews r JOIN sync_events e ON e.kind = 'review' AND e.local_id = r.id
             WHERE r.undone = 1 AND NOT EXISTS (SELECT 1 FROM sync_events u WHERE u.kind = 'undo' AND u.object = e.id)
             ORDER BY r.reviewed_at, r.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (review, local) in undone {
        m.add(
            EventKind::Undo,
            Some(&review),
            super::ms(now),
            Some(local),
            serde_json::json!({}),
        )?;
    }
    Ok(())
}

/// The suspension flag each card has by the events known here, with the time of the event
/// that set it (the latest event wins; ties go to the larger id, the same on every device).
pub(super) fn suspension_by_events(conn: &Connection) -> Result<HashMap<String, (bool, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT object, coalesce(json_extract(line, '$.data.on'), 0), at FROM sync_events
         WHERE kind = 'suspend' ORDER BY at, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            (r.get::<_, i64>(1)? != 0, r.get(2)?),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn mint_suspends(m: &mut Minter<'_>, now: DateTime<Utc>) -> Result<()> {
    let by_events = suspension_by_events(m.conn)?;
    let current: Vec<(String, String, bool, Option<i64>)> = m
        .conn
        .prepare("SELECT card_id, kind, suspended, suspended_at FROM card_state ORDER BY card_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut seen = HashSet::new();
    for (card, kind, on, at) in &current {
        seen.insert(card.as_str());
        let known = by_events.get(card).copied();
        let changed_since = at.is_some_and(|at| known.is_none_or(|(_, k)| at > k));
        if known.is_some_and(|f| f.0) != *on || changed_since {
            let data = serde_json::json!({"card": card, "card_kind": kind, "on": on});
            let at = at.unwrap_or_else(|| super::ms(now));
            m.add(EventKind::Suspend, Some(card), at, None, data)?;
        }
    }
    let mut gone: Vec<&String> = by_events
        .iter()
        .filter(|(card, (on, _))| *on && !seen.contains(card.as_str()))
        .map(|(card, _)| card)
        .collect();
    gone.sort();
    for card in gone {
        let data = serde_json::json!({"card": card, "on": false});
        m.add(EventKind::Suspend, Some(card), super::ms(now), None, data)?;
    }
    Ok(())
}

/// The record of one mock as an event's data: its row and its child tables' rows.
pub(super) const MOCK_CHILDREN: [&str; 4] =
    ["mock_segments", "mock_answers", "mock_hints", "mock_scores"];

fn mock_payload(conn: &Connection, id: i64) -> Result<serde_json::Value> {
    let mut obj = serde_json::Map::new();
    obj.insert(
        "mock".into(),
        first(rows::rows_json(conn, "mocks", "id", id, &["id"])?),
    );
    for table in MOCK_CHILDREN {
        let rows = rows::rows_json(conn, table, "mock_id", id, &["mock_id"])?;
        obj.insert(table.into(), rows.into());
    }
    Ok(obj.into())
}

fn mint_mocks(m: &mut Minter<'_>) -> Result<()> {
    let mocks: Vec<(i64, i64, Option<i64>)> = m
        .conn
        .prepare(
            "SELECT id, updated_at, finished_at FROM mocks WHERE status != 'active' ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, updated, finished) in mocks {
        let owner: Option<(String, String)> = m
            .conn
            .query_row(
                "SELECT object, device FROM sync_events WHERE kind = 'mock' AND local_id = ?1 LIMIT 1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if owner.as_ref().is_some_and(|(_, d)| d != m.device) {
            continue; // another device's mock: only its maker records changes
        }
        let data = mock_payload(m.conn, id)?;
        let mut at = updated.max(finished.unwrap_or(0));
        if let Some((object, _)) = &owner {
            let last: Option<(i64, String)> = m
                .conn
                .query_row(
                    "SELECT at, line FROM sync_events WHERE kind = 'mock' AND object = ?1 ORDER BY at DESC, id DESC LIMIT 1",
                    [object],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((last_at, line)) = last {
                let same = serde_json::from_str::<Event>(&line).is_ok_and(|e| e.data == data);
                if same {
                    continue;
                }
                at = at.max(last_at + 1);
            }
        }
        let object = owner.map(|(o, _)| o);
        m.add(EventKind::Mock, object.as_deref(), at, Some(id), data)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
