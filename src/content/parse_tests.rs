//! Tests of the deck parser: every section and metadata key, and every problem named with its line.

use super::*;

fn parse(text: &str) -> (Option<Deck>, Vec<Problem>) {
    parse_deck("deck.md", text.as_bytes())
}

fn errors(problems: &[Problem]) -> Vec<(u32, String)> {
    problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| (p.line, p.message.clone()))
        .collect()
}

const GOOD: &str = "+++
title = \"Optimisation\"
kind = \"breadth\"
tags = [\"optim\"]
+++

## Why does convexity matter? {#convexity}
difficulty: easy
tags: calculus
minutes: 5

Say it in one minute.

### Hints
1. Think about local minima.
2. And about the guarantees
   that follow.

### Answer
Every local minimum is global.

```python
## not a card
```

### Key points
- local = global
- rates of convergence

### Follow-ups
- Are neural nets convex? No.

## Second card {#second}

### Answer
Yes.
";

#[test]
fn a_good_deck_parses_with_all_sections() {
    let (deck, problems) = parse(GOOD);
    assert!(problems.is_empty(), "{problems:?}");
    let deck = deck.unwrap();
    assert_eq!(deck.kind, Kind::Breadth);
    assert_eq!(deck.cards.len(), 2);
    let c = &deck.cards[0];
    assert_eq!(c.id, "convexity");
    assert_eq!(c.line, 7);
    assert_eq!(c.prompt, "Why does convexity matter?");
    assert_eq!(c.difficulty, Some(Difficulty::Easy));
    assert_eq!(c.tags, vec!["optim", "calculus"]);
    assert_eq!(c.minutes, Some(5));
    assert_eq!(c.body(), "Say it in one minute.");
    let hints: Vec<_> = c.hints().collect();
    assert_eq!(
        hints,
        vec![
            "Think about local minima.",
            "And about the guarantees\n   that follow."
        ]
    );
    assert!(c.answer().starts_with("Every local minimum is global."));
    assert!(c.answer().contains("## not a card"));
    assert_eq!(c.key_points().count(), 2);
    assert_eq!(c.follow_ups().next(), Some("Are neural nets convex? No."));
    assert_eq!(deck.cards[1].line, 33);
}

#[test]
fn editing_text_keeps_the_id_but_changes_the_hash() {
    let (a, _) = parse(GOOD);
    let (b, _) = parse(&GOOD.replace("Every local", "Each local"));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.cards[0].id, b.cards[0].id);
    assert_ne!(a.cards[0].hash, b.cards[0].hash);
    assert_eq!(a.cards[1].hash, b.cards[1].hash);
}

#[test]
fn broken_front_matter_names_the_line() {
    let (deck, problems) =
        parse("+++\ntitle = \"x\"\nkind = = \"breadth\"\n+++\n## A {#a}\n### Answer\nb\n");
    assert!(deck.is_none());
    let e = errors(&problems);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, 3, "{e:?}");
    assert!(e[0].1.contains("not valid TOML"));
}

#[test]
fn unknown_kind_is_an_error_on_its_line() {
    let (deck, problems) = parse("+++\ntitle = \"x\"\nkind = \"poetry\"\n+++\n");
    assert!(deck.is_none());
    assert_eq!(errors(&problems), vec![(3, "unknown kind `poetry`: use one of leetcode, ml-coding, breadth, depth, design, behavioural, talk".to_string())]);
}

#[test]
fn a_card_without_answer_is_reported_and_skipped() {
    let (deck, problems) = parse(
        "+++\ntitle = \"x\"\nkind = \"breadth\"\n+++\n\n## Q {#q}\n### Hints\n- h\n\n## R {#r}\n### Answer\nok\n",
    );
    let e = errors(&problems);
    assert_eq!(
        e,
        vec![(
            6,
            "card `q` has no answer: add a `### Answer` section".to_string()
        )]
    );
    assert_eq!(deck.unwrap().cards.len(), 1);
}

#[test]
fn invalid_utf8_names_its_line() {
    let mut bytes = b"+++\ntitle = \"x\"\nkind = \"breadth\"\n+++\n## A {#a}\n".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
    let (deck, problems) = parse_deck("bad.md", &bytes);
    assert!(deck.is_none());
    assert_eq!(problems[0].line, 6);
    assert!(problems[0].message.contains("UTF-8"));
}

#[test]
fn empty_file_is_an_error() {
    let (deck, problems) = parse("  \n\n");
    assert!(deck.is_none());
    assert_eq!(errors(&problems)[0].0, 1);
}

#[test]
fn unknown_sections_and_escapes_are_reported_with_lines() {
    let text = "+++\ntitle = \"x\"\nkind = \"breadth\"\n+++\n## Q {#q}\n### Answer\nred \x1b[31mtext\x1b[0m\n### Trivia\nx\n";
    let (deck, problems) = parse(text);
    let e = errors(&problems);
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(e[0].0, 7);
    assert!(e[0].1.contains("control character"));
    assert_eq!(e[1].0, 8);
    assert!(e[1].1.contains("unknown section"));
    // The card still loads; the TUI shows its text inert.
    assert_eq!(deck.unwrap().cards.len(), 1);
}

#[test]
fn huge_card_is_refused() {
    let big = "x".repeat(5 * 1024 * 1024);
    let text = format!(
        "+++\ntitle = \"x\"\nkind = \"breadth\"\n+++\n## Big {{#big}}\n### Answer\n{big}\n## Small {{#small}}\n### Answer\nok\n"
    );
    let (deck, problems) = parse(&text);
    let e = errors(&problems);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, 5);
    assert!(e[0].1.contains("MB"));
    assert_eq!(deck.unwrap().cards[0].id, "small");
}

#[test]
fn missing_id_gets_a_derived_one_and_a_warning() {
    let (deck, problems) = parse(
        "+++\ntitle = \"x\"\nkind = \"breadth\"\n+++\n## What is ROC-AUC?\n### Answer\nranking\n",
    );
    assert_eq!(deck.unwrap().cards[0].id, "what-is-roc-auc");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].severity, Severity::Warning);
}

#[test]
fn coding_card_sections_are_checked() {
    let text = "+++\ntitle = \"x\"\nkind = \"leetcode\"\n+++\n## Two sum {#ts}\ntimeout: 5\n### Answer\nhash map\n### Starter\n```python\ndef f(): pass\n```\n### Tests\n```python\nassert True\n```\n### Solution\n```python\ndef f(): return 1\n```\n";
    let (deck, problems) = parse(text);
    let e = errors(&problems);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, 13);
    assert!(e[0].1.contains("def test_"));
    let deck = deck.unwrap();
    let c = &deck.cards[0];
    assert_eq!(c.timeout, Some(5.0));
    assert_eq!(c.code(c.solution), Some("def f(): return 1\n"));
}

#[test]
fn bad_metadata_values_are_errors() {
    let (_, problems) = parse(
        "+++\ntitle = \"x\"\nkind = \"breadth\"\n+++\n## Q {#q}\ndifficulty: impossible\nminutes: -3\n### Answer\na\n",
    );
    let e = errors(&problems);
    assert_eq!(e.iter().map(|x| x.0).collect::<Vec<_>>(), vec![6, 7]);
}

#[test]
fn unclosed_code_fence_is_reported() {
    let (_, problems) =
        parse("+++\ntitle = \"x\"\nkind = \"breadth\"\n+++\n## Q {#q}\n### Answer\n```\ncode\n");
    assert_eq!(errors(&problems)[0].0, 7);
}

#[test]
fn slugify_is_stable() {
    assert_eq!(
        slugify("What is a KV cache, and why?"),
        "what-is-a-kv-cache-and-why"
    );
    assert_eq!(slugify("???"), "card");
}
