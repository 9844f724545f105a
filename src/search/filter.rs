//! Deciding whether one card passes a query's field conditions, from the card's metadata and,
//! for `is:`, `lapses` and `prop:due`, its study state.

use super::query::{Filter, IsState};
use crate::content::{Difficulty, Kind};
use crate::schedule::{CardState, Phase};
use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The study state a query's `is:` / `lapses` / `prop:due` terms look at.
#[derive(Debug, Clone, Copy)]
pub struct States<'a> {
    pub states: &'a HashMap<String, CardState>,
    pub suspended: &'a HashSet<String>,
    /// Cards tagged `leech` (the stored tags, so `is:leech` follows the configured threshold
    /// and a cleared tag).
    pub leeches: &'a HashSet<String>,
    /// End of the current study day: `is:due` means due before it.
    pub day_end: DateTime<Utc>,
}

/// What the field conditions of a query see of a card.
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: String,
    pub kind: Kind,
    pub deck: Arc<str>,
    pub deck_title: Arc<str>,
    pub tags: Vec<String>,
    pub companies: Vec<String>,
    pub difficulty: Option<Difficulty>,
}

impl Meta {
    pub fn of(card: &crate::content::Card) -> Meta {
        Meta {
            id: card.id.clone(),
            kind: card.kind,
            deck: card.deck.clone(),
            deck_title: card.deck_title.clone(),
            tags: card.tags.clone(),
            companies: card.companies.clone(),
            difficulty: card.difficulty,
        }
    }
}

impl Filter {
    /// Whether `card` passes. A state condition without `states` passes nothing.
    pub fn admits(&self, card: &Meta, states: Option<&States<'_>>) -> bool {
        match self {
            Filter::Kind(k) => card.kind == *k,
            Filter::Deck(d) => {
                card.deck.to_lowercase().contains(d.as_str())
                    || card.deck_title.to_lowercase().contains(d.as_str())
            }
            Filter::Tag(t) => match t.strip_suffix('*') {
                Some(prefix) => card.tags.iter().any(|x| x.starts_with(prefix)),
                // `tag:dp` also finds `dp-1d` and `dp-2d`.
                None => card.tags.iter().any(|x| {
                    x == t
                        || x.strip_prefix(t.as_str())
                            .is_some_and(|r| r.starts_with('-'))
                }),
            },
            Filter::Company(c) => card.companies.iter().any(|x| x == c),
            Filter::Difficulty(d) => card.difficulty == Some(*d),
            Filter::Is(is) => states.is_some_and(|s| is_state(*is, &card.id, s)),
            Filter::Lapses(cmp, n) => states.is_some_and(|s| {
                let lapses = s.states.get(&card.id).map_or(0, |st| st.lapses);
                cmp.holds(lapses, *n)
            }),
            Filter::DueIn(cmp, days) => states.is_some_and(|s| {
                s.states
                    .get(&card.id)
                    .filter(|st| st.phase != Phase::New)
                    .is_some_and(|st| {
                        let day_start = s.day_end - Duration::days(1);
                        let d = (st.due - day_start).num_seconds().div_euclid(86_400);
                        cmp.holds(d, *days)
                    })
            }),
        }
    }
}

fn is_state(is: IsState, id: &str, s: &States<'_>) -> bool {
    let st = s.states.get(id);
    let suspended = s.suspended.contains(id);
    match is {
        IsState::New => st.is_none_or(|x| x.phase == Phase::New),
        IsState::Learning => {
            st.is_some_and(|x| matches!(x.phase, Phase::Learning | Phase::Relearning))
        }
        IsState::Review => st.is_some_and(|x| x.phase == Phase::Review),
        IsState::Due => {
            !suspended && st.is_some_and(|x| x.phase != Phase::New && x.due < s.day_end)
        }
        IsState::Suspended => suspended,
        IsState::Leech => s.leeches.contains(id),
    }
}

impl super::Query {
    /// Whether `card` passes the whole query as a filter (the card browser): every field
    /// condition, every free word and phrase somewhere in its id, prompt, names, tags or deck,
    /// and none of the excluded words. No ranking, no typos: a filter should be predictable.
    pub fn admits(&self, card: &crate::content::Card, states: Option<&States<'_>>) -> bool {
        let meta = Meta::of(card);
        if !self
            .filters
            .iter()
            .all(|(f, neg)| f.admits(&meta, states) != *neg)
        {
            return false;
        }
        let mut hay = format!(
            "{} {} {} {} {}",
            card.id,
            card.prompt.to_lowercase(),
            card.deck.to_lowercase(),
            card.deck_title.to_lowercase(),
            card.tags.join(" ")
        );
        for a in &card.aliases {
            hay.push(' ');
            hay.push_str(a);
        }
        let words = self.words.iter().map(|w| w.to_lowercase());
        words
            .chain(self.phrases.iter().cloned())
            .all(|w| hay.contains(&w))
            && !self.excluded.iter().any(|w| hay.contains(w.as_str()))
    }
}
