//! Leeches: cards forgotten again and again. At `leech_lapses` lapses (8 by default) a card is
//! tagged `leech` in the database (never in its deck file), reported once, and suspended when
//! `leech_action = "suspend"`. A tag the user clears comes back after half the threshold more
//! lapses, as in Anki.

use crate::schedule::CardState;
use crate::study::Study;
use anyhow::Result;
use chrono::{DateTime, Utc};

pub use crate::store::Leech;

/// What to do when a card becomes a leech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeechRule {
    /// Lapses that make a leech; 0 turns leech handling off.
    pub lapses: u32,
    /// Suspend the card as well as tagging it.
    pub suspend: bool,
}

impl Default for LeechRule {
    fn default() -> Self {
        LeechRule {
            lapses: 8,
            suspend: false,
        }
    }
}

impl LeechRule {
    /// Whether this grade (before -> after) makes the card a leech now. `tagged`: it already
    /// is one; `cleared_at`: lapses when the user last removed the tag.
    pub fn tags(
        &self,
        before: &CardState,
        after: &CardState,
        tagged: bool,
        cleared_at: Option<u32>,
    ) -> bool {
        self.lapses > 0
            && !tagged
            && after.lapses > before.lapses
            && after.lapses >= self.lapses
            && cleared_at.is_none_or(|l| after.lapses >= l + (self.lapses / 2).max(1))
    }
}

impl Study {
    /// Every card tagged leech now, most lapses first (for `stats --json` and the stats screen).
    pub fn leeches(&self) -> Result<Vec<Leech>> {
        let mut out: Vec<Leech> = self.store.leeches()?.into_values().collect();
        out.sort_by(|a, b| b.lapses.cmp(&a.lapses).then(a.card_id.cmp(&b.card_id)));
        Ok(out)
    }

    /// Removes a card's leech tag (after rewriting it). Returns false when it had none.
    pub fn clear_leech(&mut self, id: &str, now: DateTime<Utc>) -> Result<bool> {
        let cleared = self.store.clear_leech(id, now)?;
        self.leech_tags.remove(id);
        Ok(cleared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn lapses(n: u32) -> CardState {
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        CardState {
            lapses: n,
            ..CardState::new(t)
        }
    }

    #[test]
    fn the_eighth_lapse_tags_once_and_a_cleared_tag_returns_four_lapses_later() {
        let rule = LeechRule::default();
        assert!(!rule.tags(&lapses(6), &lapses(7), false, None));
        assert!(rule.tags(&lapses(7), &lapses(8), false, None));
        // Already tagged: no second report.
        assert!(!rule.tags(&lapses(8), &lapses(9), true, None));
        // A pass (no new lapse) never tags.
        assert!(!rule.tags(&lapses(9), &lapses(9), false, None));
        // Cleared at 8: tagged again at 12, not before.
        assert!(!rule.tags(&lapses(10), &lapses(11), false, Some(8)));
        assert!(rule.tags(&lapses(11), &lapses(12), false, Some(8)));
        // Off.
        let off = LeechRule {
            lapses: 0,
            suspend: false,
        };
        assert!(!off.tags(&lapses(7), &lapses(8), false, None));
    }
}
