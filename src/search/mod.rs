//! Search over cards: the query language ([`query`]), the index built from cards, and ranking
//! ([`rank`]). Ranking follows what a user means: an exact id or common name (alias) first, then
//! alias and title words in order, prompt words, tags, and answer text last. Words match one by
//! one (an unknown word lowers the rank, it does not empty the result), stop words never decide a
//! match, and typos within one or two edits (by word length) still match. Pure: built from cards,
//! queried with a string; never touches the terminal or the database.

mod filter;
mod query;
mod rank;
pub use rank::{Highlighter, others_could_rank};
mod text;

pub use filter::{Meta, States};
pub use query::{Cmp, Filter, IsState, Query, QueryError, SYNTAX_HELP, parse};
pub use text::{expand_leetcode, normal, typo_budget, words};

use crate::content::Card;

/// One result: the card's position in the order the index was built.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub card: usize,
    pub score: i64,
}

/// Where in a card a word was found; a word can be in several places.
pub(crate) mod field {
    pub const ALIAS: u8 = 1;
    pub const TITLE: u8 = 2;
    pub const ID: u8 = 4;
    pub const BODY: u8 = 8;
    pub const TAG: u8 = 16;
    pub const ANSWER: u8 = 32;
}

/// Words of the prompt kept in order, for phrase matching (longer prompts match by their start).
const BODY_WORDS: usize = 400;

struct Entry {
    meta: Meta,
    /// The line shown in result lists: prompt, tags, id.
    head: String,
    title: Vec<u32>,
    /// Aliases and `related:` references, each as its words in order.
    names: Vec<Vec<u32>>,
    /// Exact forms: the id, then normalised aliases and references, then the normalised title.
    exact: Vec<String>,
    body: (u32, u32),
}

pub struct SearchIndex {
    entries: Vec<Entry>,
    vocab: foldhash::HashMap<String, u32>,
    /// Word ids by length, with their character masks, for the typo scan.
    by_len: Vec<Vec<(u32, u64)>>,
    spelling: Vec<String>,
    stop: Vec<bool>,
    /// For each word, the cards holding it and where (a [`field`] bit set), split by the best
    /// field (see [`tier`]) and sorted by card within each tier.
    postings: Vec<[Vec<(u32, u8)>; TIERS]>,
    body_words: Vec<u32>,
    /// Each card's names, then its title, without stop words: what the in-order bonus
    /// compares. Card `c`'s sequences are `meaning_seqs[meaning_of[c]..meaning_of[c + 1]]`,
    /// ranges of `meaning_words` (flat, so scoring thousands of cards stays in cache).
    meaning_words: Vec<u32>,
    meaning_seqs: Vec<(u32, u32)>,
    meaning_of: Vec<u32>,
    /// A hash of each exact form (id, alias, title: [`Entry::exact`]) with its card, sorted: the
    /// cards a query names exactly, found without scanning.
    exact_forms: Vec<(u64, u32)>,
    /// While a card is added: the fields each word was found in (by word id), and the words
    /// found, so no map is built per card.
    fields_of: Vec<u8>,
    in_card: Vec<u32>,
}

/// Postings are kept in tiers by the best field a word is found in (names and titles, ids,
/// prompts and tags, answers), so a query reads the long answer-only lists only when the cards
/// found in better fields cannot fill its result.
pub(crate) const TIERS: usize = 4;

pub(crate) fn tier(fields: u8) -> usize {
    use field::*;
    if fields & (ALIAS | TITLE) != 0 {
        0
    } else if fields & ID != 0 {
        1
    } else if fields & (BODY | TAG) != 0 {
        2
    } else {
        3
    }
}

/// A fixed hash of an exact form (the same in every process, for [`SearchIndex::exact_forms`]).
pub(crate) fn form_hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// The text the result list shows for a card: what a user remembers of it.
pub fn head(card: &Card) -> String {
    let mut h = card.prompt.clone();
    for t in &card.tags {
        h.push_str(" #");
        h.push_str(t);
    }
    h.push_str("  ");
    h.push_str(&card.id);
    h
}

impl SearchIndex {
    pub fn new<'a>(cards: impl IntoIterator<Item = &'a Card>) -> SearchIndex {
        let mut idx = SearchIndex::empty();
        for card in cards {
            idx.add(card);
        }
        idx.finish()
    }

    /// An index to fill with [`SearchIndex::add`] and close with [`SearchIndex::finish`] (so
    /// cards can be added deck by deck without holding every deck's text at once).
    pub fn empty() -> SearchIndex {
        SearchIndex {
            entries: Vec::new(),
            vocab: Default::default(),
            by_len: Vec::new(),
            spelling: Vec::new(),
            stop: Vec::new(),
            postings: Vec::new(),
            body_words: Vec::new(),
            meaning_words: Vec::new(),
            meaning_seqs: Vec::new(),
            meaning_of: vec![0],
            exact_forms: Vec::new(),
            fields_of: Vec::new(),
            in_card: Vec::new(),
        }
    }

    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.vocab.get(w) {
            return id;
        }
        let id = self.spelling.len() as u32;
        self.stop.push(text::is_stop(w));
        self.spelling.push(w.to_string());
        self.postings.push(Default::default());
        self.fields_of.push(0);
        self.vocab.insert(w.to_string(), id);
        id
    }

    /// Calls `f` with the id of each of the first `limit` words of `s` (as [`text::words`]
    /// splits and lowercases them), without a string per word.
    fn each_word(&mut self, s: &str, limit: usize, mut f: impl FnMut(&mut Self, u32)) {
        let words = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && w.len() <= 40);
        for w in words.take(limit) {
            let id = if !w.is_ascii() {
                self.intern(&w.to_lowercase())
            } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
                self.intern(&w.to_ascii_lowercase())
            } else {
                self.intern(w)
            };
            f(self, id);
        }
    }

    fn seq(&mut self, s: &str) -> Vec<u32> {
        let mut out = Vec::new();
        self.each_word(s, usize::MAX, |_, id| out.push(id));
        out
    }

    /// Records that word `w` is in field `f` of the card being added.
    fn mark(&mut self, w: u32, f: u8) {
        let slot = &mut self.fields_of[w as usize];
        if *slot == 0 {
            self.in_card.push(w);
        }
        *slot |= f;
    }

    /// Adds the next card; results refer to cards by the order they were added.
    pub fn add(&mut self, card: &Card) {
        let i = self.entries.len() as u32;
        let title = self.seq(&card.prompt);
        for &w in &title {
            self.mark(w, field::TITLE);
        }
        let mut exact = vec![text::normal(&card.id)];
        let mut names = Vec::new();
        // `related: LeetCode 121` names the card; `related: br-la-pca-limits` points elsewhere.
        let refs = card
            .related
            .iter()
            .flat_map(|r| r.split([',', ';']))
            .map(text::expand_leetcode)
            .filter(|r| r.trim_start().to_lowercase().starts_with("leetcode "));
        for name in card.aliases.iter().cloned().chain(refs) {
            let n = text::normal(&name);
            if n.is_empty() || exact.contains(&n) {
                continue;
            }
            let ids = self.seq(&text::expand_leetcode(&name));
            for &w in &ids {
                self.mark(w, field::ALIAS);
            }
            names.push(ids);
            exact.push(n);
        }
        exact.push(text::normal(&card.prompt));
        self.each_word(&card.id, usize::MAX, |me, w| me.mark(w, field::ID));
        let start = self.body_words.len() as u32;
        self.each_word(card.body(), BODY_WORDS, |me, w| {
            me.body_words.push(w);
            me.mark(w, field::BODY);
        });
        let end = self.body_words.len() as u32;
        for t in card.tags.iter().chain(&card.companies) {
            self.each_word(t, usize::MAX, |me, w| me.mark(w, field::TAG));
        }
        self.each_word(card.answer(), usize::MAX, |me, w| me.mark(w, field::ANSWER));
        for k in card.key_points() {
            self.each_word(k, usize::MAX, |me, w| me.mark(w, field::ANSWER));
        }
        for w in std::mem::take(&mut self.in_card) {
            let f = std::mem::replace(&mut self.fields_of[w as usize], 0);
            self.postings[w as usize][tier(f)].push((i, f));
        }
        for x in &exact {
            self.exact_forms.push((form_hash(x), i));
        }
        for seq in names.iter().chain([&title]) {
            let start = self.meaning_words.len() as u32;
            let stop = &self.stop;
            self.meaning_words
                .extend(seq.iter().copied().filter(|&w| !stop[w as usize]));
            self.meaning_seqs
                .push((start, self.meaning_words.len() as u32));
        }
        self.meaning_of.push(self.meaning_seqs.len() as u32);
        self.entries.push(Entry {
            meta: Meta::of(card),
            head: head(card),
            title,
            names,
            exact,
            body: (start, end),
        });
    }

    /// Builds the typo lookup once every card is in.
    pub fn finish(mut self) -> SearchIndex {
        self.by_len.clear();
        for (id, w) in self.spelling.iter().enumerate() {
            let len = w.chars().count();
            if self.by_len.len() <= len {
                self.by_len.resize(len + 1, Vec::new());
            }
            self.by_len[len].push((id as u32, text::char_mask(w)));
        }
        for p in self.postings.iter_mut().flatten() {
            p.shrink_to_fit();
        }
        self.exact_forms.sort_unstable();
        self.meaning_words.shrink_to_fit();
        self.meaning_seqs.shrink_to_fit();
        self.exact_forms.shrink_to_fit();
        self
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The id of the card at `card` (its position in build order).
    pub fn id_of(&self, card: usize) -> &str {
        self.entries.get(card).map_or("", |e| e.meta.id.as_str())
    }

    pub fn head_of(&self, card: usize) -> &str {
        self.entries.get(card).map_or("", |e| e.head.as_str())
    }

    /// Cards matching `query` (free text only, no study state), best first, at most `limit`;
    /// a malformed query matches nothing. Front ends use [`SearchIndex::run`] to show errors.
    pub fn query(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.run(query, None, limit).unwrap_or_default()
    }

    /// Parses and answers `query`; state terms (`is:due`) need `states`.
    pub fn run(
        &self,
        query: &str,
        states: Option<&States<'_>>,
        limit: usize,
    ) -> Result<Vec<Hit>, QueryError> {
        let q = parse(query)?;
        Ok(self.search(&q, states, limit))
    }
}

/// The words to look up in a persistent word index for `q`: each meaningful word as typed, as
/// a prefix (`word*`) from three letters, and the indexed words within its typo budget, which
/// `vocab(lo, hi)` lists by length.
pub fn lookup_terms(q: &Query, vocab: &mut dyn FnMut(usize, usize) -> Vec<String>) -> Vec<String> {
    let ranking = text::expand_leetcode(&q.ranking_text());
    let mut out: Vec<String> = Vec::new();
    for w in text::content_words(&ranking) {
        let len = w.chars().count();
        if len >= 3 {
            out.push(format!("{w}*"));
        }
        let max = typo_budget(len);
        if max > 0 {
            for t in vocab(len - max, len + max) {
                if t != w && text::distance_within(&t, &w, max).is_some() {
                    out.push(t);
                }
            }
        }
        out.push(w);
    }
    out.sort();
    out.dedup();
    out
}

/// The index over every card of the study, with the card ids beside it; lazily held decks
/// are read one at a time.
pub fn build_index(study: &crate::study::Study) -> (SearchIndex, Vec<String>) {
    let mut index = SearchIndex::empty();
    let mut ids = Vec::new();
    study.for_each_card_with_text(|c| {
        index.add(c);
        ids.push(c.id.clone());
    });
    (index.finish(), ids)
}

/// [`build_index`] from deck files alone (each read again with its text, one at a time), so
/// it can run on a worker thread while the screen stays live: for a library held without
/// text, it indexes the same cards in the same order.
pub fn build_index_from_decks(paths: &[String]) -> (SearchIndex, Vec<String>) {
    let mut index = SearchIndex::empty();
    let mut ids = Vec::new();
    for deck in paths.iter().filter_map(|p| crate::content::reload_deck(p)) {
        for c in &deck.cards {
            index.add(c);
            ids.push(c.id.clone());
        }
    }
    (index.finish(), ids)
}

#[cfg(test)]
mod tests;
