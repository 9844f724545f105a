//! Reading an Anki collection (`collection.anki2` / `.anki21`, schema 11) read-only: notes with
//! their fields and tags, which card of each note is its first, the review log and the main
//! deck's name. Bounded: a hostile file can make this fail, not run away.

use super::super::{Result, StoreError};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::HashMap;
use std::path::Path;

/// Notes read beyond this are refused (a real collection has far fewer).
pub const MAX_NOTES: usize = 200_000;
/// Review-log rows read beyond this are refused.
pub const MAX_REVLOG: usize = 5_000_000;

/// One Anki note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiNote {
    pub id: i64,
    pub fields: Vec<String>,
    /// Space-separated, as Anki stores them.
    pub tags: String,
    pub cloze: bool,
}

/// One row of Anki's revlog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnkiReview {
    /// Milliseconds since the epoch (the row id).
    pub at_ms: i64,
    pub card: i64,
    /// 1-4; 0 for a manual reschedule.
    pub ease: i64,
    pub time_ms: i64,
    /// 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled.
    pub kind: i64,
}

/// What an Anki collection holds, as far as mlprep uses it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnkiCollection {
    pub notes: Vec<AnkiNote>,
    /// Card id -> note id, for the first card (ord 0) of each note: its front -> back card.
    pub first_cards: HashMap<i64, i64>,
    pub revlog: Vec<AnkiReview>,
    pub deck_name: Option<String>,
}

/// Reads the collection at `path` (opened read-only; nothing is written to it).
pub fn read_anki_collection(path: &Path) -> Result<AnkiCollection> {
    let bad = |message: String| StoreError::Open {
        path: path.to_path_buf(),
        message,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| bad(e.to_string()))?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('col', 'notes', 'cards', 'revlog')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| bad(format!("not an Anki collection ({e})")))?;
    if tables != 4 {
        return Err(bad(
            "not an Anki collection: the col, notes, cards and revlog tables are missing".into(),
        ));
    }
    let (models, decks): (String, String) = conn
        .query_row("SELECT models, decks FROM col LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(|e| bad(format!("the collection's settings are unreadable ({e})")))?;
    let cloze_models: Vec<i64> =
        serde_json::from_str::<HashMap<String, serde_json::Value>>(&models)
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, m)| m.get("type").and_then(|t| t.as_i64()) == Some(1))
            .filter_map(|(id, _)| id.parse().ok())
            .collect();
    let mut c = AnkiCollection::default();
    let mut stmt = conn.prepare("SELECT id, mid, tags, flds FROM notes ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if c.notes.len() >= MAX_NOTES {
            return Err(bad(format!(
                "more than {MAX_NOTES} notes; import a smaller deck"
            )));
        }
        let flds: String = r.get(3)?;
        c.notes.push(AnkiNote {
            id: r.get(0)?,
            cloze: cloze_models.contains(&r.get(1)?),
            tags: r.get(2)?,
            fields: flds.split('\u{1f}').map(str::to_string).collect(),
        });
    }
    let mut stmt = conn.prepare("SELECT id, nid FROM cards WHERE ord = 0")?;
    c.first_cards = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare("SELECT id, cid, ease, time, type FROM revlog ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if c.revlog.len() >= MAX_REVLOG {
            return Err(bad(format!("more than {MAX_REVLOG} reviews in the revlog")));
        }
        c.revlog.push(AnkiReview {
            at_ms: r.get(0)?,
            card: r.get(1)?,
            ease: r.get(2)?,
            time_ms: r.get(3)?,
            kind: r.get(4)?,
        });
    }
    let main_deck: Option<i64> = conn
        .query_row(
            "SELECT did FROM cards GROUP BY did ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    c.deck_name = main_deck.and_then(|did| {
        let decks: serde_json::Value = serde_json::from_str(&decks).ok()?;
        Some(
            decks
                .get(did.to_string())?
                .get("name")?
                .as_str()?
                .to_string(),
        )
    });
    Ok(c)
}
