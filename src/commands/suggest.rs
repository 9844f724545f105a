//! "Did you mean": the card ids closest to a mistyped one (`lc-two-summ` -> `lc-two-sum`).
//! Pure string distance; no I/O.

/// Up to three ids within a small edit distance of `typed` (closest first), or else those that
/// contain it or that it contains.
pub fn closest_ids<'a>(typed: &str, ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let typed_lower = typed.to_lowercase();
    let limit = (typed.chars().count() / 4).clamp(1, 3);
    let mut near: Vec<(usize, &str)> = Vec::new();
    let mut partial: Vec<&str> = Vec::new();
    for id in ids {
        let d = distance(&typed_lower, &id.to_lowercase());
        if d <= limit {
            near.push((d, id));
        } else if typed_lower.len() >= 4
            && (id.contains(typed_lower.as_str()) || typed_lower.contains(id))
        {
            partial.push(id);
        }
    }
    near.sort();
    near.dedup();
    let mut out: Vec<&str> = near.into_iter().map(|(_, id)| id).collect();
    if out.is_empty() {
        partial.sort_by_key(|id| id.len());
        out = partial;
    }
    out.truncate(3);
    out
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 5] = [
        "lc-two-sum",
        "lc-three-sum",
        "lc-valid-brackets",
        "mlc-softmax",
        "lc-two-sum-sorted",
    ];

    #[test]
    fn a_typo_finds_the_card() {
        assert_eq!(closest_ids("lc-two-summ", IDS), ["lc-two-sum"]);
        assert_eq!(closest_ids("LC-TWO-SUM", IDS)[0], "lc-two-sum");
        assert_eq!(closest_ids("lc-valid-braket", IDS), ["lc-valid-brackets"]);
    }

    #[test]
    fn a_fragment_finds_cards_that_contain_it() {
        assert_eq!(closest_ids("softmax", IDS), ["mlc-softmax"]);
        assert!(closest_ids("dijkstra", IDS).is_empty());
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }
}
