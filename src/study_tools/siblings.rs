//! Siblings: cards that should not be seen on the same day, because one gives the other away.
//! Two cards are siblings when they share a `related:` target (a card listing the other counts:
//! each card is its own target), or a `siblings:` group named on the cards or in their deck's
//! front matter (`siblings = ["softmax"]`). Once one is answered, the others (new or review, not
//! learning) are buried for the rest of the study day.

use crate::content::Card;
use crate::study::Study;
use std::collections::HashSet;

/// The sibling keys of a set of cards: their ids and `related:` targets, and their groups.
/// Borrowed from the cards, so testing 100,000 others allocates nothing.
#[derive(Debug, Default)]
pub struct SiblingKeys<'a> {
    targets: HashSet<&'a str>,
    groups: HashSet<&'a str>,
}

impl<'a> SiblingKeys<'a> {
    pub fn of<'c: 'a>(cards: impl IntoIterator<Item = &'c Card>) -> SiblingKeys<'a> {
        let mut k = SiblingKeys::default();
        for c in cards {
            k.targets.insert(c.id.as_str());
            k.targets.extend(c.related_targets());
            k.groups.extend(c.siblings.iter().map(String::as_str));
        }
        k
    }

    /// Whether a card shares a key with the set.
    pub fn touches(&self, c: &Card) -> bool {
        self.targets.contains(c.id.as_str())
            || c.related_targets().any(|t| self.targets.contains(t))
            || c.siblings.iter().any(|g| self.groups.contains(g.as_str()))
    }
}

impl Study {
    /// The siblings of a card in the loaded content.
    pub fn siblings_of(&self, id: &str) -> Vec<String> {
        let Some(card) = self.card(id) else {
            return Vec::new();
        };
        let keys = SiblingKeys::of([card]);
        self.cards()
            .filter(|c| c.id != id && keys.touches(c))
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
        let keys = SiblingKeys::of(answered.iter().filter_map(|id| self.card(id)));
        Ok(self
            .cards()
            .filter(|c| !answered.contains(&c.id) && keys.touches(c))
            .map(|c| c.id.clone())
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
        let siblings = |id: &str| {
            let card = deck.cards.iter().find(|c| c.id == id).unwrap();
            let keys = SiblingKeys::of([card]);
            let mut out: Vec<&str> = deck
                .cards
                .iter()
                .filter(|c| c.id != id && keys.touches(c))
                .map(|c| c.id.as_str())
                .collect();
            out.sort();
            out
        };
        assert_eq!(siblings("a"), vec!["b", "c"]);
        assert_eq!(siblings("c"), vec!["a"]);
        assert_eq!(siblings("d"), vec!["e"]);
        assert!(siblings("f").is_empty());
    }
}
