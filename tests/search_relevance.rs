//! Relevance of search over the shipped decks: what candidates actually type (canonical
//! LeetCode names and numbers, misspellings, concepts, behavioural phrasings) must put the card
//! they mean in the top three, and cards whose titles share words must come in the right order.

use mlprep::content::{Card, ContentRoot, load_roots};
use mlprep::search::SearchIndex;
use std::path::PathBuf;

/// (query, the card a user means)
const CASES: &[(&str, &str)] = &[
    // Canonical LeetCode names.
    ("two sum", "lc-two-sum"),
    ("number of islands", "lc-count-islands"),
    ("valid parentheses", "lc-valid-brackets"),
    ("house robber", "lc-rob-street"),
    (
        "longest substring without repeating characters",
        "lc-longest-unique-substring",
    ),
    ("find median from data stream", "lc-median-stream"),
    ("kth largest element in a stream", "lc-kth-largest-stream"),
    ("best time to buy and sell stock", "lc-best-time-stock"),
    ("merge intervals", "lc-merge-intervals"),
    ("lru cache", "lc-lru-cache"),
    ("trapping rain water", "lc-trapping-rain-water"),
    ("climbing stairs", "lc-stair-climb-ways"),
    ("coin change", "lc-coin-change-fewest"),
    ("word break", "lc-word-break-possible"),
    ("product of array except self", "lc-product-except-self"),
    ("container with most water", "lc-container-most-water"),
    ("invert binary tree", "lc-invert-tree"),
    ("serialize and deserialize binary tree", "lc-serialize-tree"),
    ("meeting rooms ii", "lc-meeting-rooms-needed"),
    ("rotting oranges", "lc-rotting-oranges"),
    ("group anagrams", "lc-group-anagrams"),
    ("alien dictionary", "lc-alien-alphabet-order"),
    ("edit distance", "lc-edit-distance"),
    ("3sum", "lc-three-sum"),
    ("implement trie", "lc-implement-trie"),
    // Numbers, every way people write them.
    ("LeetCode 121", "lc-best-time-stock"),
    ("leetcode 1", "lc-two-sum"),
    ("lc121", "lc-best-time-stock"),
    ("#121", "lc-best-time-stock"),
    ("lc 200", "lc-count-islands"),
    ("#20", "lc-valid-brackets"),
    ("leetcode 295", "lc-median-stream"),
    ("lc63", "lc-grid-paths-with-walls"),
    // Misspellings.
    ("numbr of islnds", "lc-count-islands"),
    ("vaild parantheses", "lc-valid-brackets"),
    ("house rober", "lc-rob-street"),
    ("trapping rain watr", "lc-trapping-rain-water"),
    ("levenshtien distance", "lc-edit-distance"),
    ("speculativ decoding", "br-llm-speculative-decoding"),
    ("batchnrom", "br-dl-batchnorm"),
    ("xgbost", "br-cls-xgb-lgbm-catboost"),
    // Concepts and their short names.
    ("kv cache", "br-llm-kv-cache"),
    ("lora", "br-llm-lora"),
    ("two-tower", "ds-block-two-tower-retrieval"),
    ("batchnorm vs layernorm", "br-dl-norm-comparison"),
    ("flash attention", "br-llm-flashattention"),
    ("bias variance tradeoff", "br-eval-bias-variance"),
    ("roc auc", "br-met-roc-auc-ranking"),
    ("kl divergence", "br-eval-cross-entropy-vs-kl"),
    ("dropout", "br-dl-dropout"),
    ("rlhf", "br-llm-rlhf"),
    ("dpo", "br-llm-dpo"),
    ("hnsw", "ds-block-ann-indexes"),
    ("p value", "br-stat-p-value"),
    ("central limit theorem", "br-prob-central-limit-theorem"),
    ("mixture of experts", "br-arch-mixture-of-experts"),
    ("feature store", "ds-block-feature-store"),
    ("smote", "br-data-resampling-smote"),
    ("people you may know", "ds-people-you-may-know"),
    ("ctr prediction", "ds-ads-ctr"),
    ("br-llm-kv-cache", "br-llm-kv-cache"),
    // Behavioural phrasings.
    ("conflict with a coworker", "bh-conflict-with-peer"),
    ("tell me about a failure", "bh-project-that-failed"),
    ("greatest weakness", "bh-weakness"),
    ("tell me about yourself", "bh-tell-me-about-yourself"),
    ("disagree with your boss", "bh-disagreement-with-manager"),
    ("tight deadline", "bh-tight-deadline"),
    ("why do you want to work here", "bh-why-this-company"),
    (
        "influence without authority",
        "bh-influence-without-authority",
    ),
    ("biggest mistake", "bh-a-mistake"),
];

/// Queries whose cards share title words: the first id must rank above the second.
const ORDER: &[(&str, &str, &str)] = &[
    ("two sum", "lc-two-sum", "lc-two-sum-sorted"),
    ("two sum", "lc-two-sum", "lc-three-sum"),
    ("two sum sorted", "lc-two-sum-sorted", "lc-two-sum"),
    ("two sum ii", "lc-two-sum-sorted", "lc-two-sum"),
    ("three sum", "lc-three-sum", "lc-two-sum"),
    (
        "course schedule",
        "lc-course-schedule-feasible",
        "lc-course-order",
    ),
    (
        "course schedule ii",
        "lc-course-order",
        "lc-course-schedule-feasible",
    ),
    ("house robber ii", "lc-rob-circle", "lc-rob-street"),
    ("house robber", "lc-rob-street", "lc-rob-circle"),
    (
        "jump game ii",
        "lc-jump-game-fewest-jumps",
        "lc-jump-game-reachable",
    ),
    ("kv cache", "br-llm-kv-cache", "br-llm-kv-cache-memory"),
];

fn shipped() -> Vec<Card> {
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    let lib = load_roots(&[ContentRoot::Dir(content)]);
    lib.decks.into_iter().flat_map(|d| d.cards).collect()
}

fn ranked(index: &SearchIndex, cards: &[Card], q: &str) -> Vec<String> {
    index
        .query(q, 20)
        .iter()
        .map(|h| cards[h.card].id.clone())
        .collect()
}

#[test]
fn what_people_type_finds_the_card_they_mean() {
    let cards = shipped();
    let index = SearchIndex::new(&cards);
    assert!(CASES.len() >= 60);
    let mut misses = Vec::new();
    for &(q, want) in CASES {
        assert!(cards.iter().any(|c| c.id == want), "no card `{want}`");
        let got = ranked(&index, &cards, q);
        if !got.iter().take(3).any(|id| id == want) {
            misses.push(format!(
                "{q:?}: want {want}, got {:?}",
                &got[..got.len().min(3)]
            ));
        }
    }
    let rate = 1.0 - misses.len() as f64 / CASES.len() as f64;
    println!(
        "top-3 hit rate {:.1}% over {} queries",
        rate * 100.0,
        CASES.len()
    );
    for m in &misses {
        println!("miss {m}");
    }
    assert!(
        rate >= 0.95,
        "top-3 hit rate {:.1}%: {misses:#?}",
        rate * 100.0
    );
}

#[test]
fn cards_sharing_title_words_come_in_the_meant_order() {
    let cards = shipped();
    let index = SearchIndex::new(&cards);
    for &(q, first, second) in ORDER {
        let got = ranked(&index, &cards, q);
        let pos = |id: &str| got.iter().position(|x| x == id);
        assert_eq!(pos(first), Some(0), "{q:?}: {got:?}");
        assert!(
            pos(second).is_none_or(|p| p > 0),
            "{q:?}: {second} above {first}: {got:?}"
        );
    }
}

#[test]
fn a_common_word_does_not_match_half_the_library() {
    let cards = shipped();
    let index = SearchIndex::new(&cards);
    let n = index.query("anagram", 1000).len();
    assert!(n <= 15, "`anagram` matched {n} cards");
    assert_eq!(
        ranked(&index, &cards, "anagram")
            .first()
            .map(String::as_str),
        Some("lc-group-anagrams")
    );
}

#[test]
fn the_persistent_index_ranks_like_the_in_memory_one() {
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    let lib = load_roots(&[ContentRoot::Dir(content)]);
    let mut store = mlprep::store::Store::open_in_memory().unwrap();
    store.sync_search(&lib.decks, 1).unwrap();
    let cards: Vec<Card> = lib.decks.into_iter().flat_map(|d| d.cards).collect();
    let memory = SearchIndex::new(&cards);
    let mut differ = Vec::new();
    for q in CASES.iter().map(|c| c.0).chain(ORDER.iter().map(|o| o.0)) {
        let parsed = mlprep::search::parse(q).unwrap();
        // What `mlprep search` does: names and titles first, other fields when they could rank.
        let via_index: Vec<String> = mlprep::commands::search_from_index(&store, &parsed, 3)
            .unwrap()
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.id)
            .collect();
        let in_memory: Vec<String> = ranked(&memory, &cards, q).into_iter().take(3).collect();
        if via_index != in_memory {
            differ.push(format!("{q:?}: index {via_index:?}, memory {in_memory:?}"));
        }
    }
    assert!(differ.is_empty(), "{differ:#?}");
}
