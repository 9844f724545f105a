//! What the sync folder is known to hold: events made here and not yet written, the read
//! position in each journal file, and the views of the event log that tests and status use.

use super::super::{Result, Store};
use super::{OwnLine, SyncedReview};
use crate::journal::files::Cursor;
use rusqlite::params;
use std::collections::{BTreeMap, HashSet};

impl Store {
    /// Every event made in this database (under this or an earlier device id), oldest first,
    /// as journal lines.
    pub fn own_lines(&self) -> Result<Vec<OwnLine>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, line FROM sync_events WHERE imported_at IS NULL ORDER BY at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OwnLine {
                id: r.get(0)?,
                at: r.get(1)?,
                line: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Events made here that the sync folder does not hold yet, oldest first.
    pub fn unwritten_lines(&self) -> Result<Vec<OwnLine>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, line FROM sync_events WHERE imported_at IS NULL AND in_folder = 0 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OwnLine {
                id: r.get(0)?,
                at: r.get(1)?,
                line: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Notes that these events are in the sync folder.
    pub fn mark_in_folder<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt =
                tx.prepare("UPDATE sync_events SET in_folder = 1 WHERE id = ?1 AND in_folder = 0")?;
            for id in ids {
                stmt.execute([id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How far each journal file was read at the last sync.
    pub fn file_cursors(&self) -> Result<BTreeMap<String, Cursor>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, bytes, lines, tail FROM sync_files")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                Cursor {
                    bytes: r.get::<_, i64>(1)?.max(0) as u64,
                    lines: r.get::<_, i64>(2)?.max(0) as u64,
                    tail: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces the read positions (an empty map forgets them: the next sync reads everything).
    pub fn set_file_cursors(&mut self, cursors: &BTreeMap<String, Cursor>) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM sync_files", [])?;
        for (name, c) in cursors {
            tx.execute(
                "INSERT INTO sync_files (name, bytes, lines, tail) VALUES (?1, ?2, ?3, ?4)",
                params![name, c.bytes as i64, c.lines as i64, c.tail],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The folder changed under us (a file rewritten or removed): forget what it was known to
    /// hold, so the next read starts over and events it lost are written again.
    pub fn forget_folder(&mut self) -> Result<()> {
        self.set_file_cursors(&BTreeMap::new())?;
        self.conn.execute(
            "UPDATE sync_events SET in_folder = 0 WHERE imported_at IS NULL AND in_folder = 1",
            [],
        )?;
        Ok(())
    }

    /// Ids of every event this database knows.
    pub fn known_event_ids(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT id FROM sync_events")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every known event as (id, kind, object, at), sorted by id: what two converged devices
    /// share exactly.
    pub fn event_log(&self) -> Result<Vec<(String, String, String, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, kind, object, at FROM sync_events ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The review log by event id: (event id, card, time, grade, undone).
    pub fn synced_review_log(&self) -> Result<Vec<SyncedReview>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, r.card_id, r.reviewed_at, r.grade, r.undone FROM reviews r
             LEFT JOIN sync_events e ON e.kind = 'review' AND e.local_id = r.id ORDER BY e.id, r.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
