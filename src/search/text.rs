//! Text rules shared by indexing and querying: how text splits into words, which words are too
//! common to decide a match, how LeetCode references are spelt, and a bounded edit distance.

/// Words that never decide a match on their own ("conflict with a coworker" is about
/// "conflict" and "coworker").
const STOP: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "did", "do", "does", "for",
    "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my",
    "of", "on", "or", "our", "should", "so", "tell", "than", "that", "the", "their", "then",
    "there", "this", "to", "us", "vs", "versus", "was", "we", "were", "what", "when", "where",
    "which", "who", "why", "will", "with", "you", "your",
];

pub fn is_stop(w: &str) -> bool {
    STOP.contains(&w)
}

/// Lower-cased words of `text`: runs of letters and digits, at most 40 characters.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= 40)
        .map(|w| w.to_lowercase())
}

/// The words of `text` that carry meaning: stop words dropped, unless nothing else is left.
pub fn content_words(text: &str) -> Vec<String> {
    let all: Vec<String> = words(text).collect();
    let kept: Vec<String> = all.iter().filter(|w| !is_stop(w)).cloned().collect();
    if kept.is_empty() { all } else { kept }
}

/// The canonical spelling of a name for exact comparison: content words joined by one space.
pub fn normal(text: &str) -> String {
    content_words(&expand_leetcode(text)).join(" ")
}

/// Rewrites the ways people write a LeetCode number (`lc121`, `lc 121`, `#121`, `LC-121`,
/// `LeetCode #121`) as `leetcode 121`, the form aliases and `related:` lines use.
pub fn expand_leetcode(text: &str) -> String {
    let mut out = Vec::new();
    let toks: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let lower = t.to_ascii_lowercase();
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
        let num = if let Some(n) = lower.strip_prefix('#').filter(|n| digits(n)) {
            Some(n.to_string())
        } else if let Some(n) = lower
            .strip_prefix("leetcode")
            .or_else(|| lower.strip_prefix("lc"))
            .map(|n| n.trim_start_matches(['-', '#', ':']))
        {
            if digits(n) {
                Some(n.to_string())
            } else if n.is_empty()
                && let Some(next) = toks.get(i + 1)
                && digits(next.trim_start_matches('#'))
            {
                i += 1;
                Some(next.trim_start_matches('#').to_string())
            } else {
                None
            }
        } else {
            None
        };
        match num {
            Some(n) => out.push(format!("leetcode {}", n.trim_start_matches('0'))),
            None => out.push(t.to_string()),
        }
        i += 1;
    }
    out.join(" ")
}

/// How many edits a query word may be from an indexed word: none for short words (too many
/// false friends), one from five letters, two from eight.
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// A 64-bit set of the characters in `s` (letters and digits get their own bit).
pub fn char_mask(s: &str) -> u64 {
    let mut m = 0u64;
    for c in s.chars() {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            c => 36 + (c as u32 % 28),
        };
        m |= 1 << bit;
    }
    m
}

/// Edit distance (Levenshtein) between `a` and `b` if it is at most `max`.
pub fn distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
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
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[b.len()] <= max).then_some(prev[b.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leetcode_numbers_in_every_spelling() {
        for q in [
            "lc121",
            "LC 121",
            "#121",
            "leetcode 121",
            "LeetCode #121",
            "lc-121",
        ] {
            assert_eq!(expand_leetcode(q), "leetcode 121", "{q}");
        }
        assert_eq!(expand_leetcode("lcm of two numbers"), "lcm of two numbers");
        assert_eq!(normal("Conflict with a Coworker"), "conflict coworker");
        assert_eq!(normal("the"), "the", "a query of stop words keeps them");
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(distance_within("convexity", "convaxity", 1), Some(1));
        assert_eq!(distance_within("convexity", "cnvxity", 1), None);
        assert_eq!(distance_within("convexity", "cnvxity", 2), Some(2));
    }
}
