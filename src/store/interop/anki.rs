//! Anki collections. Reading one (schema 11 as in `collection.anki2` / `.anki21`, or schema 18
//! as in a decompressed `.anki21b`) read-only: notes with their fields and tags, which card of
//! each note is its first, the review log and the main deck's name; bounded, so a hostile file
//! can make this fail, not run away. Writing a fresh schema-11 collection for `.apkg` export.

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
    // Schema 18 (Anki 2.1.50+) keeps note types and decks in tables of their own.
    let modern: bool = conn
        .query_row(
            "SELECT count(*) = 2 FROM sqlite_master WHERE type = 'table' AND name IN ('notetypes', 'decks')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| bad(e.to_string()))?;
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
        let first = flds.split('\u{1f}').next().unwrap_or("");
        c.notes.push(AnkiNote {
            id: r.get(0)?,
            cloze: cloze_models.contains(&r.get(1)?) || (modern && first.contains("{{c")),
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
    c.deck_name = match (main_deck, modern) {
        (None, _) => None,
        (Some(did), true) => conn
            .query_row("SELECT name FROM decks WHERE id = ?1", [did], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .ok()
            .flatten()
            .map(|n| n.replace('\u{1f}', "::")),
        (Some(did), false) => (|| {
            let decks: serde_json::Value = serde_json::from_str(&decks).ok()?;
            Some(
                decks
                    .get(did.to_string())?
                    .get("name")?
                    .as_str()?
                    .to_string(),
            )
        })(),
    };
    Ok(c)
}

/// A note to write into a new Anki collection (Basic note type: front, back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiNoteOut {
    /// Stable across exports, so Anki updates a re-imported note instead of duplicating it.
    pub guid: String,
    pub front_html: String,
    pub back_html: String,
    /// The front without markup (Anki's sort field).
    pub sort_text: String,
    pub tags: Vec<String>,
}

const SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null,
  odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";

/// The note type every exported note uses.
const MODEL_ID: i64 = 1_718_000_000_001;

/// Writes a new Anki collection (schema 11, as Anki 2.1 and genanki write it) holding one
/// deck of Basic notes, each with one new card. `path` must not exist yet.
pub fn write_anki_collection(
    path: &Path,
    deck: &str,
    notes: &[AnkiNoteOut],
    now_ms: i64,
) -> Result<()> {
    use serde_json::json;
    let conn = Connection::open(path)?;
    conn.execute_batch(SCHEMA)?;
    let deck_id = 1_700_000_000_000 + (now_ms % 1_000_000_000);
    let secs = now_ms / 1000;
    let conf = json!({"activeDecks": [1], "addToCur": true, "collapseTime": 1200, "curDeck": 1,
        "curModel": MODEL_ID.to_string(), "dueCounts": true, "estTimes": true, "newBury": true,
        "newSpread": 0, "nextPos": notes.len() + 1, "sortBackwards": false, "sortType": "noteFld", "timeLim": 0});
    let field = |name: &str, ord: i64| {
        json!({"name": name, "ord": ord, "font": "Liberation Sans",
        "media": [], "rtl": false, "size": 20, "sticky": false})
    };
    let models = json!({ MODEL_ID.to_string(): {
        "css": ".card { font-family: arial; font-size: 20px; text-align: left; color: black; background-color: white; }",
        "did": deck_id, "flds": [field("Front", 0), field("Back", 1)], "id": MODEL_ID.to_string(),
        "latexPost": "\\end{document}", "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexsvg": false, "mod": secs, "name": "mlprep Basic", "req": [[0, "any", [0]]], "sortf": 0, "tags": [],
        "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}",
            "bafmt": "", "bqfmt": "", "bfont": "", "bsize": 0, "did": null}],
        "type": 0, "usn": -1, "vers": []}});
    let deck_json = |id: i64, name: &str| {
        json!({"collapsed": false, "conf": 1, "desc": "", "dyn": 0,
        "extendNew": 10, "extendRev": 50, "id": id, "lrnToday": [0, 0], "mod": secs, "name": name,
        "newToday": [0, 0], "revToday": [0, 0], "timeToday": [0, 0], "usn": -1})
    };
    let decks =
        json!({"1": deck_json(1, "Default"), deck_id.to_string(): deck_json(deck_id, deck)});
    let dconf = json!({"1": {"autoplay": true, "id": 1, "maxTaken": 60, "mod": 0, "name": "Default",
        "replayq": true, "timer": 0, "usn": 0,
        "lapse": {"delays": [10], "leechAction": 0, "leechFails": 8, "minInt": 1, "mult": 0},
        "new": {"bury": true, "delays": [1, 10], "initialFactor": 2500, "ints": [1, 4, 7], "order": 1,
            "perDay": 20, "separate": true},
        "rev": {"bury": true, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1, "maxIvl": 36500, "minSpace": 1,
            "perDay": 100}}});
    conn.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        rusqlite::params![
            secs,
            now_ms,
            conf.to_string(),
            models.to_string(),
            decks.to_string(),
            dconf.to_string()
        ],
    )?;
    let mut note =
        conn.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, 0, 0, '')")?;
    let mut card = conn.prepare(
        "INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4, -1, 0, 0, ?5, 0, 0, 0, 0, 0, 0, 0, 0, '')",
    )?;
    for (i, n) in notes.iter().enumerate() {
        let nid = now_ms + i as i64;
        let tags = if n.tags.is_empty() {
            String::new()
        } else {
            format!(" {} ", n.tags.join(" "))
        };
        let flds = format!("{}\u{1f}{}", n.front_html, n.back_html);
        note.execute(rusqlite::params![
            nid,
            n.guid,
            MODEL_ID,
            secs,
            tags,
            flds,
            n.sort_text
        ])?;
        card.execute(rusqlite::params![
            nid + notes.len() as i64,
            nid,
            deck_id,
            secs,
            i as i64 + 1
        ])?;
    }
    Ok(())
}
