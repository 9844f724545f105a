//! Counts for every kind, every deck and every company in one pass (the home screen's table).

use super::{Counts, Study};
use crate::content::Kind;
use crate::schedule::Phase;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Counts for every kind and every deck in one pass over the cards.
#[derive(Debug, Default, Clone)]
pub struct Overview {
    pub total: Counts,
    pub kinds: HashMap<Kind, Counts>,
    pub decks: HashMap<String, Counts>,
    /// Each company named in the cards' `companies:` metadata (as first spelt; the same name
    /// in other letter cases counts as one), most cards first.
    pub companies: Vec<(String, Counts)>,
}

impl Study {
    pub fn overview(&self, now: DateTime<Utc>) -> Overview {
        let (_, end) = self.day(now);
        let mut o = Overview::default();
        let mut company_at: HashMap<String, usize> = HashMap::new();
        let mut card_companies: Vec<usize> = Vec::new();
        for card in self.cards() {
            let mut c = Counts {
                cards: 1,
                ..Counts::default()
            };
            if !self.suspended.contains(&card.id) {
                match self.states.get(&card.id) {
                    None => c.new = 1,
                    Some(s) if s.phase == Phase::New => c.new = 1,
                    Some(s) => {
                        c.learning =
                            matches!(s.phase, Phase::Learning | Phase::Relearning) as usize;
                        c.due = (s.due < end) as usize;
                    }
                }
            }
            for target in [
                &mut o.total,
                o.kinds.entry(card.kind).or_default(),
                o.decks.entry(card.deck.to_string()).or_default(),
            ] {
                target.cards += c.cards;
                target.new += c.new;
                target.learning += c.learning;
                target.due += c.due;
            }
            card_companies.clear();
            for name in &card.companies {
                let next = o.companies.len();
                let i = *company_at.entry(name.to_lowercase()).or_insert(next);
                if i == next {
                    o.companies.push((name.clone(), Counts::default()));
                }
                if !card_companies.contains(&i) {
                    card_companies.push(i);
                    let target = &mut o.companies[i].1;
                    target.cards += c.cards;
                    target.new += c.new;
                    target.learning += c.learning;
                    target.due += c.due;
                }
            }
        }
        o.companies
            .sort_by(|a, b| b.1.cards.cmp(&a.1.cards).then_with(|| a.0.cmp(&b.0)));
        o
    }
}
