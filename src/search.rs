//! Search over cards: fuzzy matching (skim, via fuzzy-matcher) on each card's prompt, id and
//! tags, plus a word index over prompts, tags and answers that tolerates typos (edit distance 1
//! for short words, 2 for long ones), so a misspelt word still finds its card. Pure: built from
//! cards, queried with a string.

use crate::content::Card;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::collections::HashMap;

/// One result: the card's position in the slice the index was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub card: usize,
    pub score: i64,
}

pub struct SearchIndex {
    heads: Vec<String>,
    /// Which characters each head contains: a query with a character the head lacks cannot
    /// match it, so the fuzzy matcher only sees plausible heads.
    head_masks: Vec<u64>,
    lower_heads: Vec<String>,
    vocab: HashMap<String, u32>,
    /// Words by length, for the typo-tolerant lookup.
    by_len: Vec<Vec<(String, u32, u64)>>,
    postings: Vec<Vec<u32>>,
    matcher: SkimMatcherV2,
}

/// A 64-bit set of the (lowercased) characters in `s`.
fn char_mask(s: &str) -> u64 {
    let mut m = 0u64;
    for c in s.chars() {
        let c = c.to_ascii_lowercase();
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            c if c.is_whitespace() => continue,
            c => 36 + (c as u32 % 28),
        };
        m |= 1 << bit;
    }
    m
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2 && w.len() <= 40)
        .map(|w| w.to_lowercase())
}

/// The text the fuzzy matcher sees for a card: what a user remembers of it.
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
            heads: Vec::new(),
            head_masks: Vec::new(),
            lower_heads: Vec::new(),
            vocab: HashMap::new(),
            by_len: Vec::new(),
            postings: Vec::new(),
            matcher: SkimMatcherV2::default().smart_case(),
        }
    }

    /// Adds the next card; results refer to cards by the order they were added.
    pub fn add(&mut self, card: &Card) {
        let idx = self;
        let i = idx.heads.len();
        let h = head(card);
        idx.head_masks.push(char_mask(&h));
        idx.lower_heads.push(h.to_lowercase());
        idx.heads.push(h);
        let mut seen: Vec<u32> = Vec::new();
        let text = [
            card.prompt.as_str(),
            card.body(),
            card.answer(),
            &card.tags.join(" "),
            &card.id,
        ];
        for w in text.iter().flat_map(|t| words(t)) {
            let next = idx.vocab.len() as u32;
            let id = *idx.vocab.entry(w).or_insert(next);
            if id as usize == idx.postings.len() {
                idx.postings.push(Vec::new());
            }
            if !seen.contains(&id) {
                seen.push(id);
                idx.postings[id as usize].push(i as u32);
            }
        }
    }

    /// Builds the typo lookup once every card is in.
    pub fn finish(mut self) -> SearchIndex {
        let idx = &mut self;
        for (w, &id) in &idx.vocab {
            let len = w.chars().count();
            if idx.by_len.len() <= len {
                idx.by_len.resize(len + 1, Vec::new());
            }
            idx.by_len[len].push((w.clone(), id, char_mask(w)));
        }
        self
    }

    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Cards matching `query`, best first, at most `limit`.
    pub fn query(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let mut scores: HashMap<u32, i64> = HashMap::new();
        // Fuzzy over the heads that hold every character of the query.
        let qmask = char_mask(query);
        let q = query.to_lowercase();
        let plausible = (0..self.heads.len()).filter(|&i| self.head_masks[i] & qmask == qmask);
        if q.chars().count() == 1 {
            // One character: where it first appears is the whole story.
            for i in plausible {
                if let Some(pos) = self.lower_heads[i].find(&q) {
                    scores.insert(i as u32, 40 - pos.min(39) as i64);
                }
            }
        } else {
            // Heads holding the query as written rank first; when they alone fill the result
            // list, the scattered fuzzy matches below them need not be scored at all.
            let candidates: Vec<usize> = plausible.collect();
            let exact: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| self.lower_heads[i].contains(&q))
                .collect();
            let scan = if exact.len() >= limit {
                exact
            } else {
                candidates
            };
            for i in scan {
                if let Some(s) = self.matcher.fuzzy_match(&self.heads[i], query) {
                    scores.insert(i as u32, s * 2);
                }
            }
        }
        // Words, with typos: a card must match every query word to count here.
        let qwords: Vec<String> = words(query).collect();
        if !qwords.is_empty() {
            let mut all: Option<HashMap<u32, i64>> = None;
            for w in &qwords {
                let mut found: HashMap<u32, i64> = HashMap::new();
                for (word_id, exactness) in self.similar_words(w) {
                    for &card in &self.postings[word_id as usize] {
                        let e = found.entry(card).or_insert(0);
                        *e = (*e).max(exactness);
                    }
                }
                all = Some(match all {
                    None => found,
                    Some(prev) => prev
                        .into_iter()
                        .filter_map(|(c, s)| found.get(&c).map(|f| (c, s + f)))
                        .collect(),
                });
            }
            for (card, s) in all.unwrap_or_default() {
                *scores.entry(card).or_insert(0) += s;
            }
        }
        let mut hits: Vec<Hit> = scores
            .into_iter()
            .map(|(card, score)| Hit {
                card: card as usize,
                score,
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.card.cmp(&b.card)));
        // Scattered subsequence matches far below the best one are noise.
        if let Some(best) = hits.first().map(|h| h.score) {
            hits.retain(|h| h.score * 100 >= best * 35);
        }
        hits.truncate(limit);
        hits
    }

    /// Positions (char indices) of the fuzzy match in a card's head, for highlighting.
    pub fn highlight(&self, card: usize, query: &str) -> Vec<usize> {
        self.heads
            .get(card)
            .and_then(|h| self.matcher.fuzzy_indices(h, query.trim()))
            .map(|(_, i)| i)
            .unwrap_or_default()
    }

    pub fn head_of(&self, card: usize) -> &str {
        self.heads.get(card).map(String::as_str).unwrap_or("")
    }

    /// Vocabulary words equal to `w`, starting with it, or within a small edit distance, with a
    /// score for how exact the match is.
    fn similar_words(&self, w: &str) -> Vec<(u32, i64)> {
        let mut out = Vec::new();
        if let Some(&id) = self.vocab.get(w) {
            out.push((id, 60));
        }
        let len = w.chars().count();
        let max = if len <= 3 {
            0
        } else if len <= 6 {
            1
        } else {
            2
        };
        let lo = len.saturating_sub(max);
        let wmask = char_mask(w);
        for l in lo..self.by_len.len() {
            for (cand, id, cmask) in &self.by_len[l] {
                // Each query letter missing from the candidate costs at least one edit (and a
                // prefix match needs them all).
                if (wmask & !cmask).count_ones() as usize > max || cand == w {
                    continue;
                }
                if l > len && len >= 3 && cand.starts_with(w) {
                    out.push((*id, 40));
                } else if l <= len + max && max > 0 && within(cand, w, max) {
                    out.push((*id, 25));
                }
            }
        }
        out
    }
}

/// Levenshtein distance at most `max`, with an early exit.
fn within(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > max {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= max
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_deck;

    fn cards() -> Vec<Card> {
        let text = "+++\ntitle = \"t\"\nkind = \"breadth\"\n+++\n## Why does convexity matter? {#convexity}\ntags: optimisation\n### Answer\nLocal minima are global.\n## Explain ROC-AUC and its ranking meaning {#roc-auc}\ntags: metrics\n### Answer\nProbability a positive outranks a negative.\n## What is a KV cache? {#kv-cache}\ntags: llm, inference\n### Answer\nKeys and values of past tokens, reused during decoding.\n";
        parse_deck("t.md", text.as_bytes()).0.unwrap().cards
    }

    #[test]
    fn fuzzy_typos_and_answers_all_find_cards() {
        let c = cards();
        let idx = SearchIndex::new(&c);
        let top = |q: &str| idx.query(q, 5).first().map(|h| c[h.card].id.clone());
        assert_eq!(top("convexity").as_deref(), Some("convexity"));
        assert_eq!(
            top("cnvx").as_deref(),
            Some("convexity"),
            "fuzzy subsequence"
        );
        assert_eq!(
            top("convaxity").as_deref(),
            Some("convexity"),
            "a misspelt word"
        );
        assert_eq!(top("rocauc").as_deref(), Some("roc-auc"));
        assert_eq!(
            top("outranks").as_deref(),
            Some("roc-auc"),
            "words from the answer"
        );
        assert_eq!(top("#llm").as_deref(), Some("kv-cache"), "tags");
        assert_eq!(
            top("decodng tokens").as_deref(),
            Some("kv-cache"),
            "several words, one misspelt"
        );
        assert!(idx.query("zzzzqqq", 5).is_empty());
        assert!(idx.query("   ", 5).is_empty());
    }

    #[test]
    fn highlight_marks_the_matched_letters() {
        let c = cards();
        let idx = SearchIndex::new(&c);
        let h = idx.highlight(0, "conv");
        let head: Vec<char> = idx.head_of(0).chars().collect();
        let picked: String = h.iter().map(|&i| head[i]).collect();
        assert_eq!(picked.to_lowercase(), "conv");
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert!(within("convexity", "convaxity", 1));
        assert!(!within("convexity", "cnvxity", 1));
        assert!(within("convexity", "cnvxity", 2));
    }
}
