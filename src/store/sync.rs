//! Content sync: the loaded decks are mirrored into `decks` / `cards` in one transaction.
//! Unchanged decks (same file hash) are skipped; cards upsert by id; ids that vanish are marked
//! absent, never deleted, so their history re-attaches if they come back.

use super::{Result, Store, ms};
use crate::content::Deck;
use chrono::{DateTime, Utc};
use rusqlite::params;
use std::borrow::Cow;
use std::collections::HashMap;

/// What a sync changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub decks_changed: usize,
    pub decks_unchanged: usize,
    pub decks_removed: usize,
    pub cards_upserted: usize,
    pub cards_vanished: usize,
}

/// What the names column of both word tables holds for a `search_docs` row `d`: aliases, id
/// and the LeetCode reference (as schemas 6 and 12 indexed it).
const NAMES: &str = "d.names || ' ' || d.id || ' ' || coalesce(d.related, '')";

impl Store {
    /// Mirrors `decks` into the database. Only decks whose hash changed are written.
    pub fn sync(&mut self, decks: &[Deck], now: DateTime<Utc>) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        let known: HashMap<String, i64> = {
            let mut stmt = self.conn.prepare("SELECT path, hash FROM decks")?;
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let changed: Vec<&Deck> = decks
            .iter()
            .filter(|d| known.get(&d.path) != Some(&(d.hash as i64)))
            .collect();
        let live: std::collections::HashSet<&str> = decks.iter().map(|d| d.path.as_str()).collect();
        let removed: Vec<&String> = known
            .keys()
            .filter(|p| !live.contains(p.as_str()))
            .collect();
        report.decks_unchanged = decks.len() - changed.len();
        if changed.is_empty() && removed.is_empty() {
            return Ok(report);
        }
        let now_ms = ms(now);
        let tx = self.conn.transaction()?;
        {
            let mut upsert = tx.prepare(
                "INSERT INTO cards (id, deck, kind, prompt, line, hash, present, first_seen, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)
                 ON CONFLICT(id) DO UPDATE SET deck = excluded.deck, kind = excluded.kind,
                   prompt = excluded.prompt, line = excluded.line, hash = excluded.hash,
                   present = 1, last_seen = excluded.last_seen",
            )?;
            let mut upsert_deck = tx.prepare(
                "INSERT INTO decks (path, title, kind, hash, synced_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(path) DO UPDATE SET title = excluded.title, kind = excluded.kind,
                   hash = excluded.hash, synced_at = excluded.synced_at",
            )?;
            let mut ids_of = tx.prepare("SELECT id FROM cards WHERE deck = ?1 AND present = 1")?;
            let mut vanish = tx.prepare("UPDATE cards SET present = 0 WHERE id = ?1")?;
            for deck in &changed {
                let current: std::collections::HashSet<&str> =
                    deck.cards.iter().map(|c| c.id.as_str()).collect();
                let before: Vec<String> = ids_of
                    .query_map([&deck.path], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in before.iter().filter(|id| !current.contains(id.as_str())) {
                    report.cards_vanished += vanish.execute([id])?;
                }
                for c in &deck.cards {
                    upsert.execute(params![
                        c.id,
                        deck.path,
                        c.kind.slug(),
                        c.prompt,
                        c.line,
                        c.hash as i64,
                        now_ms
                    ])?;
                    report.cards_upserted += 1;
                }
                upsert_deck.execute(params![
                    deck.path,
                    deck.title,
                    deck.kind.slug(),
                    deck.hash as i64,
                    now_ms
                ])?;
                report.decks_changed += 1;
            }
            for path in &removed {
                // A card that moved to another deck was re-pointed above and keeps present = 1.
                report.cards_vanished += tx.execute(
                    "UPDATE cards SET present = 0 WHERE deck = ?1 AND present = 1",
                    [path],
                )?;
                tx.execute("DELETE FROM decks WHERE path = ?1", [path])?;
                report.decks_removed += 1;
            }
        }
        tx.commit()?;
        Ok(report)
    }

    /// Brings the persistent search index up to date with `decks` (see
    /// [`Store::sync_search_from`]); a deck loaded without text is read again.
    pub fn sync_search(&mut self, decks: &[Deck], stamp: u64) -> Result<usize> {
        let listed: Vec<(String, u64)> = decks.iter().map(|d| (d.path.clone(), d.hash)).collect();
        self.sync_search_from(
            &listed,
            |path| {
                decks
                    .iter()
                    .find(|d| d.path == path)
                    .and_then(crate::content::with_text)
            },
            stamp,
        )
    }

    /// Brings the persistent search index up to date: `decks` lists every deck as (path,
    /// hash); a deck whose hash differs from the indexed version is re-indexed from `load`
    /// (called once per such deck, so a caller can read one deck's text at a time), removed
    /// decks are dropped, and `stamp` (the content fingerprint the decks were read under) is
    /// recorded. Returns the number of decks re-indexed.
    ///
    /// The word tables follow `search_docs` in bulk (schema 13): the rows of removed and
    /// changed decks leave both word tables in one statement each, then the new rows enter
    /// them in one statement each. FTS5 writes to disk at every statement that touches it, so
    /// this writes a few large segments instead of one per card. A card already indexed from
    /// another deck (it moved, or its id is in two decks) is replaced on its own.
    pub fn sync_search_from<'d>(
        &mut self,
        decks: &[(String, u64)],
        mut load: impl FnMut(&str) -> Option<Cow<'d, Deck>>,
        stamp: u64,
    ) -> Result<usize> {
        let known: HashMap<String, i64> = {
            let mut stmt = self.conn.prepare("SELECT path, hash FROM search_decks")?;
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let live: std::collections::HashSet<&str> = decks.iter().map(|d| d.0.as_str()).collect();
        let changed: Vec<&str> = decks
            .iter()
            .filter(|(path, hash)| known.get(path) != Some(&(*hash as i64)))
            .map(|(path, _)| path.as_str())
            .collect();
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS search_drop (rowid INTEGER PRIMARY KEY);
             DELETE FROM search_drop;",
        )?;
        // 1. What leaves: every row of a removed or changed deck.
        {
            let mut drop_deck = tx.prepare(
                "INSERT OR IGNORE INTO search_drop SELECT rowid FROM search_docs WHERE deck = ?1",
            )?;
            let mut unmark = tx.prepare("DELETE FROM search_decks WHERE path = ?1")?;
            for path in known.keys().filter(|p| !live.contains(p.as_str())) {
                drop_deck.execute([path])?;
                unmark.execute([path])?;
            }
            for path in &changed {
                drop_deck.execute([path])?;
                unmark.execute([path])?;
            }
        }
        tx.execute_batch(&format!(
            "INSERT INTO search_fts (search_fts, rowid, names, title, body, tags, answer)
                 SELECT 'delete', d.rowid, {NAMES}, d.title, d.body, d.tags, d.answer
                 FROM search_docs d JOIN search_drop USING (rowid);
             DELETE FROM search_names WHERE rowid IN (SELECT rowid FROM search_drop);
             DELETE FROM search_docs WHERE rowid IN (SELECT rowid FROM search_drop);"
        ))?;
        // 2. What enters: rows numbered after the highest one left.
        let floor: i64 =
            tx.query_row("SELECT coalesce(max(rowid), 0) FROM search_docs", [], |r| {
                r.get(0)
            })?;
        let mut indexed = 0;
        // New rows are numbered from the floor up, whatever is deleted meanwhile.
        let mut next = floor;
        {
            let mut insert = tx.prepare(
                "INSERT INTO search_docs (id, deck, deck_title, kind, line, difficulty,
                   companies, related, names, title, body, tags, answer, rowid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                 ON CONFLICT (id) DO NOTHING",
            )?;
            let mut holder = tx.prepare("SELECT rowid FROM search_docs WHERE id = ?1")?;
            let mut replace = tx.prepare(&format!(
                "INSERT INTO search_fts (search_fts, rowid, names, title, body, tags, answer)
                 SELECT 'delete', d.rowid, {NAMES}, d.title, d.body, d.tags, d.answer
                 FROM search_docs d WHERE d.rowid = ?1"
            ))?;
            let mut unname = tx.prepare("DELETE FROM search_names WHERE rowid = ?1")?;
            let mut undoc = tx.prepare("DELETE FROM search_docs WHERE rowid = ?1")?;
            let mut term =
                tx.prepare("INSERT OR IGNORE INTO search_terms (term, len) VALUES (?1, ?2)")?;
            let mut mark = tx.prepare(
                "INSERT INTO search_decks (path, hash) VALUES (?1, ?2)
                 ON CONFLICT(path) DO UPDATE SET hash = excluded.hash",
            )?;
            for path in &changed {
                // Unreadable now: its old rows are gone and it is tried again next time.
                let Some(deck) = load(path) else {
                    continue;
                };
                let mut terms = std::collections::HashSet::new();
                for c in &deck.cards {
                    let mut answer = c.answer().to_string();
                    for k in c.key_points() {
                        answer.push('\n');
                        answer.push_str(k);
                    }
                    let names = c.aliases.join(", ");
                    let tags = c.tags.join(", ");
                    let row = params![
                        c.id,
                        deck.path,
                        deck.title,
                        c.kind.slug(),
                        c.line,
                        c.difficulty.map(|d| d.slug()),
                        c.companies.join(", "),
                        c.related,
                        names,
                        c.prompt,
                        c.body(),
                        tags,
                        answer,
                        next + 1,
                    ];
                    if insert.execute(row)? == 0 {
                        let old: i64 = holder.query_row([&c.id], |r| r.get(0))?;
                        if old > floor {
                            // The same id earlier in this sync: the first stays indexed.
                            continue;
                        }
                        // Indexed from a deck that did not change: replaced by this card.
                        replace.execute([old])?;
                        unname.execute([old])?;
                        undoc.execute([old])?;
                        insert.execute(row)?;
                    }
                    next += 1;
                    for t in [names.as_str(), &c.prompt, c.body(), &tags, &c.id, &answer] {
                        terms.extend(crate::search::words(t));
                    }
                    if let Some(r) = &c.related {
                        terms.extend(crate::search::words(&crate::search::expand_leetcode(r)));
                    }
                }
                for t in terms {
                    term.execute(params![t, t.chars().count() as i64])?;
                }
                mark.execute(params![path, deck.hash as i64])?;
                indexed += 1;
            }
        }
        tx.execute(
            &format!(
                "INSERT INTO search_fts (rowid, names, title, body, tags, answer)
                 SELECT d.rowid, {NAMES}, d.title, d.body, d.tags, d.answer
                 FROM search_docs d WHERE d.rowid > ?1"
            ),
            [floor],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO search_names (rowid, names, title)
                 SELECT d.rowid, {NAMES}, d.title FROM search_docs d WHERE d.rowid > ?1"
            ),
            [floor],
        )?;
        tx.execute(
            "INSERT INTO search_state (key, value) VALUES ('stamp', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [stamp as i64],
        )?;
        tx.execute(
            "INSERT INTO search_state (key, value) VALUES ('docs', (SELECT count(*) FROM search_docs))
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [],
        )?;
        tx.commit()?;
        Ok(indexed)
    }

    /// Ids the database knows but the content no longer has (their history is kept).
    pub fn vanished_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM cards WHERE present = 0 ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_deck;

    fn deck(path: &str, cards: &[(&str, &str)]) -> Deck {
        let mut text = String::from("+++\ntitle = \"T\"\nkind = \"breadth\"\n+++\n");
        for (id, answer) in cards {
            text.push_str(&format!("## Q {id} {{#{id}}}\n### Answer\n{answer}\n"));
        }
        parse_deck(path, text.as_bytes()).0.unwrap()
    }

    #[test]
    fn unchanged_decks_are_skipped_and_vanished_ids_kept() {
        let mut s = Store::open_in_memory().unwrap();
        let now = Utc::now();
        let a = deck("a.md", &[("x", "1"), ("y", "2")]);
        let r = s.sync(std::slice::from_ref(&a), now).unwrap();
        assert_eq!((r.decks_changed, r.cards_upserted), (1, 2));
        let r = s.sync(std::slice::from_ref(&a), now).unwrap();
        assert_eq!((r.decks_changed, r.decks_unchanged), (0, 1));
        let a2 = deck("a.md", &[("x", "1 edited")]);
        let r = s.sync(&[a2], now).unwrap();
        assert_eq!(r.cards_vanished, 1);
        assert_eq!(s.vanished_ids().unwrap(), vec!["y"]);
        // The id comes back in another deck: it is present again.
        let b = deck("b.md", &[("y", "back")]);
        let a3 = deck("a.md", &[("x", "1 edited")]);
        s.sync(&[a3, b], now).unwrap();
        assert!(s.vanished_ids().unwrap().is_empty());
    }

    #[test]
    fn a_card_moving_between_decks_stays_present() {
        let mut s = Store::open_in_memory().unwrap();
        let now = Utc::now();
        s.sync(&[deck("a.md", &[("m", "1")])], now).unwrap();
        s.sync(&[deck("b.md", &[("m", "1")])], now).unwrap();
        assert!(s.vanished_ids().unwrap().is_empty());
    }
}
