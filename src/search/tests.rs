//! Tests of the search index and ranking: fields, typos, stop words, filters and highlights.

use super::*;
use crate::content::parse_deck;
use crate::schedule::{CardState, Phase};
use chrono::{Duration, TimeZone, Utc};
use std::collections::{HashMap, HashSet};

fn cards() -> Vec<Card> {
    let text = "+++\ntitle = \"t\"\nkind = \"breadth\"\n+++\n\
## Why does convexity matter? {#convexity}\ntags: optimisation\ndifficulty: easy\n### Answer\nLocal minima are global.\n\
## Explain ROC-AUC and its ranking meaning {#roc-auc}\ntags: metrics\ncompanies: amazon\n### Answer\nProbability a positive outranks a negative.\n\
## What is a KV cache? {#kv-cache}\ntags: llm, inference\naliases: key value cache\n### Answer\nKeys and values of past tokens, reused during decoding.\n\
## Two positions that add up to a target {#lc-two-sum}\nrelated: LeetCode 1\naliases: two sum\n\nFind the pair of indices.\n### Answer\nA hash map from value to index.\n\
## Limits of a linear map {#limits}\nrelated: convexity, kv-cache\n### Answer\nNone.\n";
    parse_deck("t.md", text.as_bytes()).0.unwrap().cards
}

fn top(idx: &SearchIndex, q: &str) -> Option<String> {
    idx.query(q, 5)
        .first()
        .map(|h| idx.id_of(h.card).to_string())
}

#[test]
fn words_typos_names_and_answers_find_cards() {
    let c = cards();
    let idx = SearchIndex::new(&c);
    for (q, want) in [
        ("convexity", "convexity"),
        ("convaxity", "convexity"),
        ("conv", "convexity"),
        ("roc auc", "roc-auc"),
        ("outranks", "roc-auc"),
        ("#llm", "kv-cache"),
        ("decodng tokens", "kv-cache"),
        ("key value cache", "kv-cache"),
        ("kv-cache", "kv-cache"),
        ("two sum", "lc-two-sum"),
        ("lc1", "lc-two-sum"),
        ("#1", "lc-two-sum"),
        ("LeetCode 1", "lc-two-sum"),
        ("what is the kv cache zebra", "kv-cache"),
        ("convexity", "convexity"),
        ("kv cache", "kv-cache"),
    ] {
        assert_eq!(top(&idx, q).as_deref(), Some(want), "{q}");
    }
    assert!(idx.query("zzzzqqq", 5).is_empty());
    assert!(idx.query("   ", 5).is_empty());
    assert_eq!(
        top(&idx, "the").as_deref(),
        Some("lc-two-sum"),
        "a query of stop words alone still searches by them"
    );
}

#[test]
fn filters_phrases_and_negation_narrow_the_result() {
    let c = cards();
    let idx = SearchIndex::new(&c);
    let ids = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = idx
            .run(q, None, 10)
            .unwrap()
            .iter()
            .map(|h| idx.id_of(h.card).to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids("difficulty:easy"), vec!["convexity"]);
    assert_eq!(ids("company:amazon"), vec!["roc-auc"]);
    assert_eq!(ids("tag:llm cache"), vec!["kv-cache"]);
    assert_eq!(
        ids("-tag:llm -tag:metrics -tag:optimisation"),
        vec!["lc-two-sum", "limits"]
    );
    assert_eq!(ids("\"kv cache\""), vec!["kv-cache"]);
    assert!(ids("\"cache kv\"").is_empty(), "a phrase keeps its order");
    assert_eq!(
        ids("\"pair of indices\""),
        vec!["lc-two-sum"],
        "phrase in the prompt"
    );
    assert_eq!(
        ids("deck:t.md -convexity -roc -kv -limits"),
        vec!["lc-two-sum"]
    );
    let e = idx.run("kind:nope", None, 10).unwrap_err();
    assert!(e.to_string().contains("kind:nope"), "{e}");
}

#[test]
fn state_terms_read_the_study_state() {
    let c = cards();
    let idx = SearchIndex::new(&c);
    let now = Utc.with_ymd_and_hms(2026, 1, 10, 12, 0, 0).unwrap();
    let mut states = HashMap::new();
    let mut st = CardState::new(now);
    st.phase = Phase::Review;
    st.lapses = 9;
    st.due = now + Duration::days(3);
    states.insert("roc-auc".to_string(), st);
    let mut learning = CardState::new(now);
    learning.phase = Phase::Learning;
    learning.due = now;
    states.insert("kv-cache".to_string(), learning);
    let suspended: HashSet<String> = ["convexity".to_string()].into();
    // `is:leech` reads the stored tag, not the lapse count: kv-cache is tagged (a lower
    // configured threshold), roc-auc's 9 lapses alone do not make it one.
    let leeches: HashSet<String> = ["kv-cache".to_string()].into();
    let view = States {
        states: &states,
        suspended: &suspended,
        leeches: &leeches,
        day_end: now + Duration::hours(6),
    };
    let ids = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = idx
            .run(q, Some(&view), 10)
            .unwrap()
            .iter()
            .map(|h| idx.id_of(h.card).to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids("is:new"), vec!["convexity", "lc-two-sum", "limits"]);
    assert_eq!(ids("is:learning"), vec!["kv-cache"]);
    assert_eq!(ids("is:review"), vec!["roc-auc"]);
    assert_eq!(ids("is:due"), vec!["kv-cache"]);
    assert_eq!(ids("is:suspended"), vec!["convexity"]);
    assert_eq!(ids("is:leech"), vec!["kv-cache"]);
    assert_eq!(ids("lapses>3"), vec!["roc-auc"]);
    assert_eq!(ids("prop:due<7"), vec!["kv-cache", "roc-auc"]);
    assert_eq!(ids("prop:due<2"), vec!["kv-cache"]);
    assert_eq!(ids("-is:new -is:suspended"), vec!["kv-cache", "roc-auc"]);
    assert_eq!(ids("-is:new -is:suspended -is:due"), vec!["roc-auc"]);
    assert!(idx.run("is:due", None, 10).unwrap().is_empty());
}

#[test]
fn highlight_marks_the_matched_words() {
    let c = cards();
    let idx = SearchIndex::new(&c);
    let h = idx.highlight(0, "convexity");
    let head: Vec<char> = idx.head_of(0).chars().collect();
    let picked: String = h.iter().map(|&i| head[i]).collect();
    assert_eq!(picked, "convexityconvexity", "the prompt word and the id");
}

#[test]
fn stopping_before_the_answer_lists_changes_no_result() {
    // Synthetic decks share a small vocabulary, so every word is in thousands of answers: the
    // pruned search must return exactly what reading every list returns.
    let mut cards = Vec::new();
    for d in 0..6 {
        let text = crate::synth::deck_text(d, 150);
        cards.extend(parse_deck("s.md", text.as_bytes()).0.unwrap().cards);
    }
    let idx = SearchIndex::new(&cards);
    for q in [
        "gradient",
        "gradiant cache",
        "syn-3-7",
        "syn 3 7",
        "why does the gradient matter",
        "kind:breadth -tag:cache gradient",
        "entropy margin softmax",
        "pointr",
        "case 42",
        "python",
    ] {
        let q = parse(q).unwrap();
        for limit in [1, 5, 200] {
            assert_eq!(
                idx.search_tiers(&q, None, limit, true),
                idx.search_tiers(&q, None, limit, false),
                "{q:?} {limit}"
            );
        }
    }
    assert!(
        !idx.query("python", 5).is_empty(),
        "answer-only words still match"
    );
}

#[test]
fn the_index_reads_words_as_queries_do() {
    let text = "+++\ntitle = \"t\"\nkind = \"breadth\"\n+++\n\
## MixedCase ÉCOLE naïve ΟΔΟΣ x2 {#w}\n### Answer\nStraße KV-Cache.\n";
    let c = parse_deck("t.md", text.as_bytes()).0.unwrap().cards;
    let idx = SearchIndex::new(&c);
    for w in words("MixedCase ÉCOLE naïve ΟΔΟΣ x2 Straße KV-Cache w") {
        assert!(idx.vocab.contains_key(&w), "{w}");
    }
    assert_eq!(top(&idx, "οδος").as_deref(), Some("w"));
    assert_eq!(top(&idx, "STRASSE straße").as_deref(), Some("w"));
}
