//! Reading the persistent search index (schemas 6 and 12): the recorded content fingerprint, the
//! vocabulary for typo lookup, and candidate cards for a set of words, rebuilt as [`Card`]s with
//! the text ranking needs. Ranking itself belongs to `crate::search`; this only narrows 100,000
//! cards to a few hundred with FTS5's BM25 (names and titles weighted most).

use super::{Result, Store};
use crate::content::{Card, Difficulty, Kind, Span};
use rusqlite::OptionalExtension;
use std::sync::Arc;

/// Libraries of fewer cards have no common terms (see [`Store::search_common_terms`]).
const COMMON_FROM: i64 = 5_000;

const DOC_COLUMNS: &str = "id, deck, deck_title, kind, line, difficulty, companies, related, \
                           names, title, body, tags, answer";

impl Store {
    /// The content fingerprint the index was last brought up to date with.
    pub fn search_stamp(&self) -> Result<Option<u64>> {
        let v: Option<i64> = self
            .conn
            .query_row(
                "SELECT value FROM search_state WHERE key = 'stamp'",
                [],
                |r| r.get(0),
            )
            .ok();
        Ok(v.map(|v| v as u64))
    }

    /// Indexed words of `lo..=hi` characters.
    pub fn search_terms(&self, lo: usize, hi: usize) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT term FROM search_terms WHERE len BETWEEN ?1 AND ?2")?;
        let terms = stmt
            .query_map([lo as i64, hi as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(terms)
    }

    /// At most `limit` cards holding any of `terms` (a term ending in `*` is a prefix), best
    /// BM25 first.
    pub fn search_candidates(&self, terms: &[String], limit: usize) -> Result<Vec<Card>> {
        self.search_candidates_in(terms, limit, false)
    }

    /// [`Store::search_candidates`], looking only in names (aliases, id, references) and
    /// titles when `names_only` (their own word index, schema 12): ranking puts cards found
    /// there first, and BM25 then scores far fewer rows than when every answer holding a
    /// common word is a candidate.
    pub fn search_candidates_in(
        &self,
        terms: &[String],
        limit: usize,
        names_only: bool,
    ) -> Result<Vec<Card>> {
        let Some(expr) = match_expr(terms) else {
            return Ok(Vec::new());
        };
        let (table, weights) = if names_only {
            ("search_names", "10.0, 10.0")
        } else {
            ("search_fts", "10.0, 10.0, 3.5, 2.5, 1.0")
        };
        let sql = format!(
            "SELECT {DOC_COLUMNS} FROM search_docs d JOIN (
                 SELECT rowid, rank FROM {table} WHERE {table} MATCH ?1
                 AND rank MATCH 'bm25({weights})'
                 ORDER BY rank LIMIT ?2
             ) f ON d.rowid = f.rowid ORDER BY f.rank"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let cards = stmt
            .query_map(rusqlite::params![expr, limit as i64], card)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(cards)
    }

    /// Of `terms` (whole words), those found in the names or title of more than half of the
    /// indexed cards (an id prefix every card shares) in a library of thousands: they decide
    /// nothing and cost BM25 a look at every card. A small library has none (it is fast).
    pub fn search_common_terms(&self, terms: &[String]) -> Result<Vec<String>> {
        self.conn.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_names_vocab
             USING fts5vocab(main, 'search_names', 'row')",
        )?;
        // Recorded by the sync (counting 100,000 rows here would cost what this saves).
        let total: i64 = self
            .conn
            .query_row(
                "SELECT value FROM search_state WHERE key = 'docs'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM temp.search_names_vocab WHERE term = ?1")?;
        let mut out = Vec::new();
        for t in terms.iter().filter(|t| !t.ends_with('*')) {
            let docs: Option<i64> = stmt.query_row([t], |r| r.get(0)).optional()?;
            if total >= COMMON_FROM && docs.is_some_and(|d| d * 2 > total) {
                out.push(t.clone());
            }
        }
        Ok(out)
    }
}

/// An FTS5 expression for any of `terms` (quoted; a trailing `*` kept as a prefix).
fn match_expr(terms: &[String]) -> Option<String> {
    let expr: Vec<String> = terms
        .iter()
        .filter(|t| !t.trim_end_matches('*').is_empty())
        .map(|t| match t.strip_suffix('*') {
            Some(p) => format!("\"{}\"*", p.replace('"', "")),
            None => format!("\"{}\"", t.replace('"', "")),
        })
        .collect();
    (!expr.is_empty()).then(|| expr.join(" OR "))
}

/// A card rebuilt from its index row: metadata, prompt, and body and answer text.
fn card(r: &rusqlite::Row<'_>) -> rusqlite::Result<Card> {
    let list = |s: String| -> Vec<String> {
        s.split(", ")
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    };
    let body: String = r.get(10)?;
    let answer: String = r.get(12)?;
    let src = format!("{body}\n{answer}");
    let kind: String = r.get(3)?;
    let difficulty: Option<String> = r.get(5)?;
    Ok(Card {
        id: r.get(0)?,
        kind: Kind::from_slug(&kind).unwrap_or(Kind::Breadth),
        deck: Arc::from(r.get::<_, String>(1)?),
        deck_title: Arc::from(r.get::<_, String>(2)?),
        line: r.get(4)?,
        prompt: r.get(9)?,
        difficulty: difficulty.as_deref().and_then(Difficulty::from_slug),
        tags: list(r.get(11)?),
        minutes: None,
        companies: list(r.get(6)?),
        lps: Vec::new(),
        related: r.get(7)?,
        aliases: list(r.get(8)?),
        timeout: None,
        requires: Vec::new(),
        siblings: Vec::new(),
        hash: 0,
        body: Span {
            start: 0,
            end: body.len() as u32,
        },
        answer: Span {
            start: body.len() as u32 + 1,
            end: src.len() as u32,
        },
        src: Arc::new(src),
        hints: Vec::new(),
        key_points: Vec::new(),
        follow_ups: Vec::new(),
        starter: None,
        tests: None,
        solution: None,
    })
}

#[cfg(test)]
mod tests {
    use crate::content::parse_deck;
    use crate::store::Store;

    fn deck(path: &str, text: &str) -> crate::content::Deck {
        let head = "+++\ntitle = \"T\"\nkind = \"leetcode\"\n+++\n";
        parse_deck(path, format!("{head}{text}").as_bytes())
            .0
            .unwrap()
    }

    /// The ids of the cards found for `t`, in names and titles only or in every field.
    fn found(s: &Store, t: &str, names_only: bool) -> Vec<String> {
        s.search_candidates_in(&[t.to_string()], 10, names_only)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect()
    }

    /// A database made by the schema before `marker`: one card with study data, and one card
    /// indexed as that schema wrote it. Opened (and migrated) by the caller.
    fn database_with_old_index(path: &std::path::Path, marker: &str) {
        let (c, _) = super::super::database_before(path, marker);
        c.execute(
            "INSERT INTO cards (id, deck, kind, prompt, line, hash, first_seen, last_seen)
             VALUES ('x', 'a.md', 'breadth', 'Q', 1, 0, 0, 0)",
            [],
        )
        .unwrap();
        c.execute(
            "INSERT INTO search_docs (id, deck, deck_title, kind, line, companies, names,
               title, body, tags, answer)
             VALUES ('lc-islands', 'a.md', 'T', 'leetcode', 1, '', 'number of islands',
               'Count land masses', '', '', 'Flood fill.')",
            [],
        )
        .unwrap();
    }

    /// The card with study data is still there.
    fn kept(s: &Store) -> bool {
        s.conn
            .query_row("SELECT count(*) FROM cards WHERE id = 'x'", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
            == 1
    }

    #[test]
    fn the_index_follows_deck_changes_one_deck_at_a_time() {
        let mut s = Store::open_in_memory().unwrap();
        let a = deck(
            "a.md",
            "## Pair adding to a target {#lc-two-sum}\naliases: two sum\nrelated: LeetCode 1\n\nFind two indices.\n### Answer\nA hash map.\n",
        );
        let b = deck(
            "b.md",
            "## Islands {#lc-islands}\n### Answer\nFlood fill.\n",
        );
        assert_eq!(s.sync_search(&[a.clone(), b.clone()], 7).unwrap(), 2);
        assert_eq!(s.search_stamp().unwrap(), Some(7));
        let ids = |s: &Store, t: &[&str]| -> Vec<String> {
            let t: Vec<String> = t.iter().map(|x| x.to_string()).collect();
            s.search_candidates(&t, 10)
                .unwrap()
                .into_iter()
                .map(|c| c.id)
                .collect()
        };
        assert_eq!(ids(&s, &["two", "sum"]), vec!["lc-two-sum"]);
        assert_eq!(
            ids(&s, &["leetcode"]),
            vec!["lc-two-sum"],
            "related is indexed"
        );
        assert_eq!(ids(&s, &["flo*"]), vec!["lc-islands"], "answers, by prefix");
        let c = &s.search_candidates(&["hash".into()], 1).unwrap()[0];
        assert_eq!((c.answer(), c.body()), ("A hash map.", "Find two indices."));
        assert_eq!(c.aliases, vec!["two sum"]);
        assert!(s.search_terms(3, 3).unwrap().contains(&"sum".to_string()));
        // Only the changed deck is re-indexed; a removed deck leaves the index.
        let b2 = deck(
            "b.md",
            "## Islands {#lc-islands}\n### Answer\nBreadth-first search.\n",
        );
        assert_eq!(s.sync_search(&[a.clone(), b2], 8).unwrap(), 1);
        assert!(ids(&s, &["flood"]).is_empty());
        assert_eq!(ids(&s, &["breadth"]), vec!["lc-islands"]);
        assert_eq!(s.sync_search(&[a], 9).unwrap(), 0);
        assert!(ids(&s, &["breadth"]).is_empty());
        // A card moving to another deck is indexed once.
        let moved = deck("c.md", "## Pair {#lc-two-sum}\n### Answer\nSorting.\n");
        s.sync_search(&[moved], 10).unwrap();
        assert_eq!(ids(&s, &["pair"]), vec!["lc-two-sum"]);
        assert!(ids(&s, &["hash"]).is_empty());
    }

    #[test]
    fn search_schema_applies_to_a_database_made_by_the_schema_before_and_keeps_its_reviews() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let (c, before) = super::super::database_before(&path, "CREATE TABLE search_docs");
            let v: i64 = c
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(v, before as i64);
            c.execute(
                "INSERT INTO cards (id, deck, kind, prompt, line, hash, first_seen, last_seen)
                 VALUES ('x', 'a.md', 'breadth', 'Q', 1, 0, 0, 0)",
                [],
            )
            .unwrap();
        }
        let mut s = Store::open(&path).unwrap();
        assert_eq!(
            s.user_version().unwrap(),
            crate::store::schema_version() as i64
        );
        let n: i64 = s
            .conn
            .query_row("SELECT count(*) FROM cards WHERE id = 'x'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 1, "existing rows survive");
        assert_eq!(s.search_stamp().unwrap(), None, "the index starts empty");
        let a = deck(
            "a.md",
            "## Islands {#lc-islands}\n### Answer\nFlood fill.\n",
        );
        s.sync_search(&[a], 1).unwrap();
        assert_eq!(s.search_candidates(&["flood".into()], 5).unwrap().len(), 1);
    }

    #[test]
    fn names_index_applies_to_a_database_made_by_the_schema_before_and_finds_its_cards() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        database_with_old_index(&path, "CREATE VIRTUAL TABLE search_names");
        let mut s = Store::open(&path).unwrap();
        assert!(kept(&s), "existing rows survive");
        let names = |s: &Store, t: &str| found(s, t, true);
        assert_eq!(
            names(&s, "islands"),
            vec!["lc-islands"],
            "filled from the old rows"
        );
        assert_eq!(names(&s, "land"), vec!["lc-islands"], "titles");
        assert!(names(&s, "flood").is_empty(), "answers are not names");
        // Later syncs keep both indexes in step.
        let a = deck(
            "a.md",
            "## Islands {#lc-islands}\n### Answer\nFlood fill.\n",
        );
        s.sync_search(&[a], 2).unwrap();
        assert!(names(&s, "land").is_empty());
        assert_eq!(names(&s, "islands"), vec!["lc-islands"]);
        assert_eq!(s.search_candidates(&["flood".into()], 5).unwrap().len(), 1);
        assert!(
            s.search_common_terms(&["islands".into()])
                .unwrap()
                .is_empty(),
            "a small library has no common terms"
        );
    }

    #[test]
    fn bulk_index_writes_apply_to_a_database_made_by_the_schema_before() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        // The schema before filled both word tables by triggers.
        database_with_old_index(&path, "DROP TRIGGER IF EXISTS search_docs_ai");
        let mut s = Store::open(&path).unwrap();
        assert!(kept(&s), "existing rows survive");
        assert_eq!(
            found(&s, "flood", false),
            vec!["lc-islands"],
            "the old rows are found"
        );
        assert_eq!(found(&s, "land", true), vec!["lc-islands"]);
        // The deck changes: the old words leave both word tables, the new ones enter.
        let a = deck(
            "a.md",
            "## Islands {#lc-islands}\n### Answer\nUnion find.\n",
        );
        assert_eq!(s.sync_search(&[a], 2).unwrap(), 1);
        assert!(found(&s, "flood", false).is_empty());
        assert!(found(&s, "land", true).is_empty());
        assert_eq!(found(&s, "union", false), vec!["lc-islands"]);
        assert_eq!(found(&s, "islands", true), vec!["lc-islands"]);
        // FTS5's own check: the word tables agree with their content.
        s.conn
            .execute(
                "INSERT INTO search_fts (search_fts) VALUES ('integrity-check')",
                [],
            )
            .unwrap();
        // Removing the deck empties everything.
        s.sync_search(&[], 3).unwrap();
        assert!(found(&s, "union", false).is_empty());
        assert!(found(&s, "islands", true).is_empty());
    }

    #[test]
    fn an_id_in_two_decks_is_indexed_once_and_the_word_tables_stay_whole() {
        let mut s = Store::open_in_memory().unwrap();
        let a = deck("a.md", "## First {#dup}\n### Answer\nAlpha.\n");
        let b = deck("b.md", "## Second {#dup}\n### Answer\nBravo.\n");
        assert_eq!(s.sync_search(&[a.clone(), b.clone()], 1).unwrap(), 2);
        assert_eq!(
            found(&s, "alpha", false),
            vec!["dup"],
            "the first deck's card stays"
        );
        assert!(found(&s, "bravo", false).is_empty());
        // Only b changes: its copy replaces the one indexed from a.
        let b2 = deck("b.md", "## Second {#dup}\n### Answer\nCharlie.\n");
        assert_eq!(s.sync_search(&[a, b2], 2).unwrap(), 1);
        assert_eq!(found(&s, "charlie", false), vec!["dup"]);
        assert!(found(&s, "alpha", false).is_empty());
        s.conn
            .execute(
                "INSERT INTO search_fts (search_fts) VALUES ('integrity-check')",
                [],
            )
            .unwrap();
    }
}
