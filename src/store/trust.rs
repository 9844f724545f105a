//! Trust in decks the user did not write: where each came from and whether the user allowed
//! its code to run (asked once per deck, the answer kept here).

use super::{Result, Store, ms};
use chrono::{DateTime, Utc};
use rusqlite::params;
use std::collections::HashMap;

/// A foreign deck as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckTrust {
    pub origin: String,
    /// None: not asked yet.
    pub allowed: Option<bool>,
}

impl Store {
    /// Records that `deck` came from `origin` (an import); an earlier answer is kept.
    pub fn mark_foreign(&mut self, deck: &str, origin: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO deck_trust (deck, origin) VALUES (?1, ?2) ON CONFLICT(deck) DO NOTHING",
            params![deck, origin],
        )?;
        Ok(())
    }

    /// Records the user's answer for `deck`.
    pub fn set_trust(
        &mut self,
        deck: &str,
        origin: &str,
        allowed: bool,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO deck_trust (deck, origin, allowed, decided_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(deck) DO UPDATE SET allowed = excluded.allowed, decided_at = excluded.decided_at",
            params![deck, origin, allowed, ms(at)],
        )?;
        Ok(())
    }

    /// Every recorded foreign deck.
    pub fn deck_trust(&self) -> Result<HashMap<String, DeckTrust>> {
        let mut stmt = self
            .conn
            .prepare("SELECT deck, origin, allowed FROM deck_trust")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                DeckTrust {
                    origin: r.get(1)?,
                    allowed: r.get::<_, Option<bool>>(2)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
