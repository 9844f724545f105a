//! Answering a parsed query: which vocabulary words each query word stands for (exact, prefix,
//! typo), a score per card from the best field each word is found in, bonuses for names and
//! titles that the query matches in order or exactly, then the query's filters.

use super::field::{ALIAS, ANSWER, BODY, ID, TAG, TITLE};
use super::text::{self, char_mask, distance_within, typo_budget};
use super::{Hit, Query, SearchIndex, States, TIERS};
use std::collections::{HashMap, HashSet};

/// How much a word found in each field is worth.
fn weight(fields: u8) -> f32 {
    [
        (ALIAS, 100.0),
        (TITLE, 100.0),
        (ID, 60.0),
        (BODY, 35.0),
        (TAG, 25.0),
        (ANSWER, 10.0),
    ]
    .iter()
    .find(|(f, _)| fields & f != 0)
    .map_or(0.0, |(_, w)| *w)
}

/// The most a word found in each tier (see [`super::tier`]) is worth.
const TIER_WEIGHT: [f32; TIERS] = [100.0, 60.0, 35.0, 10.0];

/// The score a card must beat to be shown: the `limit`-th best so far, or the share of the best
/// below which a card is noise.
fn threshold(scored: &[(f32, usize)], limit: usize) -> f32 {
    let top = scored.iter().map(|s| s.0).fold(0f32, f32::max);
    let mut floor = top * KEEP_FRACTION;
    if limit > 0 && scored.len() >= limit {
        let mut s: Vec<f32> = scored.iter().map(|s| s.0).collect();
        let (_, nth, _) = s.select_nth_unstable_by(limit - 1, |a, b| b.total_cmp(a));
        floor = floor.max(*nth);
    }
    floor
}

/// Whether a card holding `q`'s words only in prompts, tags or answers (no name, title or id)
/// could still enter `hits`, the answer at `limit` over cards found by name and title: such a
/// card scores at most the prompt weight per word.
pub fn others_could_rank(q: &Query, hits: &[Hit], limit: usize) -> bool {
    let mut words = text::content_words(&text::expand_leetcode(&q.ranking_text()));
    words.sort();
    words.dedup();
    let bound = words.len() as f32 * TIER_WEIGHT[2];
    let top = hits.first().map_or(0.0, |h| h.score as f32);
    let floor = match hits.get(limit.wrapping_sub(1)) {
        Some(h) if limit > 0 => h.score as f32,
        _ => 0.0,
    };
    // Scores are rounded in hits: a point of slack.
    bound + 1.0 >= floor.max(top * KEEP_FRACTION)
}

const EXACT_ID: f32 = 3000.0;
const EXACT_NAME: f32 = 2000.0;
const EXACT_TITLE: f32 = 1500.0;
/// A card far below the best one is noise (a word found only in some answer).
const KEEP_FRACTION: f32 = 0.12;

/// For one query word: the vocabulary words it stands for, and how exactly (1.0 = same word).
type Matches = HashMap<u32, f32>;

impl SearchIndex {
    fn matches(&self, w: &str) -> Matches {
        let mut out = Matches::new();
        if let Some(&id) = self.vocab.get(w) {
            out.insert(id, 1.0);
        }
        let len = w.chars().count();
        let max = typo_budget(len);
        let wmask = char_mask(w);
        for l in len.saturating_sub(max)..self.by_len.len() {
            for &(id, cmask) in &self.by_len[l] {
                // Each query letter missing from the candidate costs at least one edit.
                if (wmask & !cmask).count_ones() as usize > max || out.contains_key(&id) {
                    continue;
                }
                let cand = &self.spelling[id as usize];
                if l > len && len >= 3 && cand.starts_with(w) {
                    out.insert(id, 0.7);
                } else if max > 0
                    && l <= len + max
                    && let Some(d) = distance_within(cand, w, max)
                {
                    out.insert(id, if d <= 1 { 0.6 } else { 0.45 });
                }
            }
        }
        out
    }

    /// Fills `best` for `cards` (sorted) from the postings of tiers `from..`: one pass along
    /// each list, galloping from card to card.
    fn look_up(&self, cards: &[u32], from: usize, per_word: &[Matches], best: &mut [f32]) {
        if from >= TIERS || cards.is_empty() {
            return;
        }
        let k = per_word.len();
        for (j, m) in per_word.iter().enumerate() {
            for (&wid, &q) in m {
                for list in &self.postings[wid as usize][from..] {
                    let mut lo = 0;
                    for &card in cards {
                        let rest = &list[lo..];
                        let mut end = 1;
                        while end < rest.len() && rest[end - 1].0 < card {
                            end *= 2;
                        }
                        let i = lo + rest[..end.min(rest.len())].partition_point(|p| p.0 < card);
                        if let Some(&(c, fields)) = list.get(i)
                            && c == card
                        {
                            let slot = &mut best[card as usize * k + j];
                            *slot = slot.max(weight(fields) * q);
                        }
                        lo = i;
                    }
                }
            }
        }
    }

    /// Cards matching `q`, best first, at most `limit`. A query of filters alone lists the
    /// cards that pass them in build order.
    pub fn search(&self, q: &Query, states: Option<&States<'_>>, limit: usize) -> Vec<Hit> {
        self.search_tiers(q, states, limit, true)
    }

    /// [`SearchIndex::search`]; with `prune` false every tier is read (what tests compare the
    /// pruned answer with).
    pub(super) fn search_tiers(
        &self,
        q: &Query,
        states: Option<&States<'_>>,
        limit: usize,
        prune: bool,
    ) -> Vec<Hit> {
        if q.is_empty() {
            return Vec::new();
        }
        let ranking = text::expand_leetcode(&q.ranking_text());
        let qwords = text::content_words(&ranking);
        let mut qwords_dedup: Vec<String> = Vec::new();
        for w in qwords {
            if !qwords_dedup.contains(&w) {
                qwords_dedup.push(w);
            }
        }
        let per_word: Vec<Matches> = qwords_dedup.iter().map(|w| self.matches(w)).collect();
        let passes = |card: usize| self.passes(card, q, states);
        if per_word.is_empty() {
            return (0..self.entries.len())
                .filter(|&c| passes(c))
                .take(limit)
                .map(|card| Hit { card, score: 0 })
                .collect();
        }
        let n = self.entries.len();
        let k = per_word.len();
        let normal = text::normal(&ranking);
        // How exactly each vocabulary word matches each query word, by index: the bonus looks
        // words up for every candidate, so no hashing there.
        let mut quality = vec![0f32; self.spelling.len() * k];
        for (j, m) in per_word.iter().enumerate() {
            for (&w, &q) in m {
                quality[w as usize * k + j] = q;
            }
        }
        // best[c * k + j]: the best score of query word j in card c so far.
        let mut best = vec![0f32; n * k];
        let mut seen = vec![false; n];
        let mut scored: Vec<(f32, usize)> = Vec::new();
        // Cards the query names exactly (id, alias, title) are scored whatever their tier.
        let h = super::form_hash(&normal);
        let from = self.exact_forms.partition_point(|x| x.0 < h);
        let mut named: Vec<u32> = self.exact_forms[from..]
            .iter()
            .take_while(|x| x.0 == h)
            .map(|x| x.1)
            .collect();
        named.dedup();
        let mut fresh: Vec<u32> = named
            .iter()
            .copied()
            .filter(|&c| !std::mem::replace(&mut seen[c as usize], true))
            .collect();
        self.look_up(&fresh, 0, &per_word, &mut best);
        // Tier by tier (names and titles first): every card holding a query word in this tier
        // is scored in full; the next tier is read only if a card found there alone could
        // still make the result.
        for t in 0..TIERS {
            for (j, m) in per_word.iter().enumerate() {
                for (&wid, &q) in m {
                    for &(card, fields) in &self.postings[wid as usize][t] {
                        let c = card as usize;
                        let slot = &mut best[c * k + j];
                        *slot = slot.max(weight(fields) * q);
                        if !seen[c] {
                            seen[c] = true;
                            fresh.push(card);
                        }
                    }
                }
            }
            fresh.sort_unstable();
            self.look_up(&fresh, t + 1, &per_word, &mut best);
            scored.extend(fresh.drain(..).filter_map(|card| {
                let c = card as usize;
                let base: f32 = best[c * k..(c + 1) * k].iter().sum();
                let exact = named
                    .binary_search(&card)
                    .is_ok()
                    .then_some(normal.as_str());
                passes(c).then(|| (base + self.bonus(c, &quality, k, exact), c))
            }));
            // A card first met in a later tier has no name or title match (so no bonus) and
            // scores at most the tier's weight per word.
            let Some(next) = TIER_WEIGHT.get(t + 1) else {
                break;
            };
            if prune && (k as f32) * next < threshold(&scored, limit) {
                break;
            }
        }
        let top = scored.iter().map(|s| s.0).fold(0f32, f32::max);
        scored.retain(|s| s.0 >= top * KEEP_FRACTION);
        // Ties go by id, so any index over the same cards (in memory or read from the persistent
        // index in another order) ranks them the same.
        let order = |a: &(f32, usize), b: &(f32, usize)| {
            b.0.total_cmp(&a.0)
                .then_with(|| self.entries[a.1].meta.id.cmp(&self.entries[b.1].meta.id))
        };
        if scored.len() > limit && limit > 0 {
            scored.select_nth_unstable_by(limit - 1, order);
        }
        scored.truncate(limit);
        scored.sort_by(order);
        scored
            .into_iter()
            .map(|(s, card)| Hit {
                card,
                score: s.round() as i64,
            })
            .collect()
    }

    /// Extra score for a card whose id, alias or title is the query, or whose names and title
    /// hold the query's words (more of them, in order, with few others, scores higher).
    /// `quality[w * k + j]` is how well vocabulary word `w` matches query word `j`; `exact` is
    /// the query's normal form when the card may hold it exactly (its hash matched).
    fn bonus(&self, c: usize, quality: &[f32], k: usize, exact: Option<&str>) -> f32 {
        if let Some(normal) = exact {
            let e = &self.entries[c];
            if let Some(pos) = e.exact.iter().position(|x| x == normal) {
                return if pos == 0 {
                    EXACT_ID
                } else if pos == e.exact.len() - 1 {
                    EXACT_TITLE
                } else {
                    EXACT_NAME
                };
            }
        }
        let mut best = 0f32;
        let seqs = &self.meaning_seqs[self.meaning_of[c] as usize..self.meaning_of[c + 1] as usize];
        let title = seqs.len().saturating_sub(1);
        for (i, &(from, to)) in seqs.iter().enumerate() {
            let seq = &self.meaning_words[from as usize..to as usize];
            if seq.is_empty() {
                continue;
            }
            let scale = if i == title { 0.9 } else { 1.0 };
            let mut matched = 0f32;
            let mut found = 0;
            let mut in_order = true;
            let mut last: Option<usize> = None;
            for j in 0..k {
                let mut hit: Option<(usize, f32)> = None;
                for (p, &w) in seq.iter().enumerate() {
                    let q = quality[w as usize * k + j];
                    if q > 0.0 && hit.is_none_or(|h| q > h.1) {
                        hit = Some((p, q));
                    }
                }
                match hit {
                    Some((p, q)) => {
                        matched += q;
                        found += 1;
                        in_order &= last.is_none_or(|l| p == l + 1);
                        last = Some(p);
                    }
                    None => in_order = false,
                }
            }
            if found == 0 {
                continue;
            }
            let recall = matched / k as f32;
            let precision = matched / seq.len() as f32;
            let s = scale * (300.0 * recall * precision + if in_order { 100.0 } else { 0.0 });
            best = best.max(s);
        }
        best
    }

    /// The query's filters, phrases and exclusions.
    fn passes(&self, c: usize, q: &Query, states: Option<&States<'_>>) -> bool {
        let e = &self.entries[c];
        q.filters
            .iter()
            .all(|(f, neg)| f.admits(&e.meta, states) != *neg)
            && q.phrases.iter().all(|p| self.has_phrase(c, p))
            && !q
                .excluded
                .iter()
                .any(|p| self.has_phrase(c, p) || self.has_word(c, p))
    }

    fn has_word(&self, c: usize, w: &str) -> bool {
        let mut ws = text::words(w);
        match (ws.next(), ws.next()) {
            (Some(w), None) => self.vocab.get(&w).is_some_and(|&id| {
                self.postings[id as usize]
                    .iter()
                    .any(|l| l.binary_search_by_key(&(c as u32), |p| p.0).is_ok())
            }),
            _ => false,
        }
    }

    /// Whether the words of `phrase` stand next to each other in the card's title, a name or
    /// its prompt.
    fn has_phrase(&self, c: usize, phrase: &str) -> bool {
        let Some(ids) = text::words(&text::expand_leetcode(phrase))
            .map(|w| self.vocab.get(&w).copied())
            .collect::<Option<Vec<u32>>>()
        else {
            return false;
        };
        if ids.is_empty() {
            return true;
        }
        let e = &self.entries[c];
        let body = &self.body_words[e.body.0 as usize..e.body.1 as usize];
        std::iter::once(e.title.as_slice())
            .chain(e.names.iter().map(Vec::as_slice))
            .chain([body])
            .any(|s| s.windows(ids.len()).any(|w| w == ids.as_slice()))
    }

    /// Character positions in the card's [`head`](super::head) of the words the query matched,
    /// for highlighting.
    pub fn highlight(&self, card: usize, query: &str) -> Vec<usize> {
        self.highlight_with(card, &self.highlighter(query))
    }

    /// The words `query` matches, worked out once for highlighting many result lines.
    pub fn highlighter(&self, query: &str) -> Highlighter {
        let Ok(q) = super::parse(query) else {
            return Highlighter::default();
        };
        let ranking = text::expand_leetcode(&q.ranking_text());
        Highlighter(
            text::content_words(&ranking)
                .iter()
                .flat_map(|w| self.matches(w).into_keys())
                .collect(),
        )
    }

    /// Character positions in the card's head of the words `h` holds.
    pub fn highlight_with(&self, card: usize, h: &Highlighter) -> Vec<usize> {
        let Some(e) = self.entries.get(card) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut word = String::new();
        let mut start = 0;
        for (i, ch) in e.head.chars().chain([' ']).enumerate() {
            if ch.is_alphanumeric() {
                if word.is_empty() {
                    start = i;
                }
                word.extend(ch.to_lowercase());
            } else if !word.is_empty() {
                if self.vocab.get(&word).is_some_and(|id| h.0.contains(id)) {
                    out.extend(start..i);
                }
                word.clear();
            }
        }
        out
    }
}

/// The vocabulary words a query matched (see [`SearchIndex::highlighter`]).
#[derive(Debug, Default)]
pub struct Highlighter(HashSet<u32>);
