//! Siblings: cards that should not be seen on the same day, because one gives the other away.
//! Two cards are siblings when they share a `related:` target (a card listing the other counts:
//! each card is its own target), or a `siblings:` group named on the cards or in their deck's
//! front matter (`siblings = ["softmax"]`). Once one is answered, the others (new or review, not
//! learning) are buried for the rest of the study day.

use crate::content::Card;
use crate::study::Study;
use std::collections::{HashMap, HashSet};

/// The keys that make cards siblings: own id, `related:` targets, `group:` names.
fn keys(c: &Card) -> impl Iterator<Item = String> + '_ {
    std::iter::once(c.id.clone())
        .chain(c.related_targets().map(str::to_string))
        .chain(c.siblings.iter().map(|g| format!("group:{g}")))
}

/// Sibling lookup over a set of cards, built once per session.
#[derive(Debug, Default)]
pub struct SiblingIndex {
    by_key: HashMap<String, Vec<String>>,
    keys: HashMap<String, Vec<String>>,
}

impl SiblingIndex {
    pub fn new<'a>(cards: impl IntoIterator<Item = &'a Card>) -> SiblingIndex {
        let mut idx = SiblingIndex::default();
        for c in cards {
            let ks: Vec<String> = keys(c).collect();
            for k in &ks {
                idx.by_key.entry(k.clone()).or_default().push(c.id.clone());
            }
            idx.keys.insert(c.id.clone(), ks);
        }
        // A key only one card holds makes no siblings.
        idx.by_key.retain(|_, ids| ids.len() > 1);
        idx
    }

    /// The card's siblings (never itself).
    pub fn of(&self, id: &str) -> HashSet<&str> {
        let mut out = HashSet::new();
        for k in self.keys.get(id).into_iter().flatten() {
            for s in self.by_key.get(k).into_iter().flatten() {
                if s != id {
                    out.insert(s.as_str());
                }
            }
        }
        out
    }
}

impl Study {
    /// The siblings of a card in the loaded content.
    pub fn siblings_of(&self, id: &str) -> Vec<String> {
        let Some(card) = self.card(id) else {
            return Vec::new();
        };
        let mine: HashSet<String> = keys(card).collect();
        self.cards()
            .filter(|c| c.id != id && keys(c).any(|k| mine.contains(&k)))
            .map(|c| c.id.clone())
            .collect()
    }

    /// Cards buried today: siblings of every card answered since the day began.
    pub fn buried_today(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> anyhow::Result<HashSet<String>> {
        let answered = self.store.answered_since(self.day(now).0)?;
        if answered.is_empty() {
            return Ok(HashSet::new());
        }
        let idx = SiblingIndex::new(self.cards());
        Ok(answered
            .iter()
            .flat_map(|id| idx.of(id))
            .filter(|s| !answered.contains(*s))
            .map(str::to_string)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_deck;

    #[test]
    fn shared_related_targets_direct_links_and_groups_make_siblings() {
        let src = "+++\ntitle = \"d\"\nkind = \"breadth\"\n+++\n\
            ## A {#a}\nrelated: x, LeetCode 1\n### Answer\n.\n\
            ## B {#b}\nrelated: LeetCode 1\n### Answer\n.\n\
            ## C {#c}\nrelated: a\n### Answer\n.\n\
            ## D {#d}\nsiblings: pair\n### Answer\n.\n\
            ## E {#e}\nsiblings: pair\n### Answer\n.\n\
            ## F {#f}\nrelated: y\n### Answer\n.\n";
        let (deck, problems) = parse_deck("d.md", src.as_bytes());
        assert!(problems.is_empty(), "{problems:?}");
        let deck = deck.unwrap();
        let idx = SiblingIndex::new(&deck.cards);
        let mut of_a: Vec<&str> = idx.of("a").into_iter().collect();
        of_a.sort();
        assert_eq!(of_a, vec!["b", "c"]);
        assert_eq!(idx.of("d").into_iter().collect::<Vec<_>>(), vec!["e"]);
        assert!(idx.of("f").is_empty());
    }
}
