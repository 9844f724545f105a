//! `mlprep search` as a user runs it: common names find cards, the query language filters, a
//! malformed query names the bad term (exit 2), and state terms read the review data.

mod common;
use common::*;

fn first_ids(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

#[test]
fn names_numbers_and_filters_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), &["search", "two", "sum"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(first_ids(&stdout(&out))[0], "lc-two-sum");
    for q in ["LeetCode 121", "lc121", "#121"] {
        let out = mlprep(dir.path(), &["search", q]);
        assert_eq!(first_ids(&stdout(&out))[0], "lc-best-time-stock", "{q}");
    }
    let out = mlprep(
        dir.path(),
        &[
            "search",
            "--limit",
            "200",
            "kind:leetcode",
            "tag:dp",
            "-robber",
        ],
    );
    let text = stdout(&out);
    let ids = first_ids(&text);
    assert!(ids.len() > 5, "{text}");
    assert!(ids.iter().all(|id| id.starts_with("lc-")), "{text}");
    assert!(!ids.contains(&"lc-rob-street"), "{text}");
    assert!(ids.contains(&"lc-coin-change-fewest"), "{text}");
}

#[test]
fn a_malformed_query_names_the_bad_term() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), &["search", "graphs", "difficulty:hardest"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`difficulty:hardest` (column 8)"), "{err}");
    assert!(err.contains("easy, medium or hard"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn state_terms_read_the_review_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(
        dir.path(),
        &["search", "--limit", "5", "is:new", "kind:talk"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(first_ids(&text).len(), 5, "{text}");
    let out = mlprep(dir.path(), &["search", "is:due"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "nothing is due in a fresh database"
    );
    assert!(stderr(&out).contains("no card matches"));
}

#[test]
fn the_index_answers_repeat_searches_and_follows_edits() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    let head = "+++\ntitle = \"G\"\nkind = \"leetcode\"\n+++\n";
    write(
        &decks,
        "g.md",
        format!("{head}## Count islands {{#isl}}\naliases: number of islands\n### Answer\nFlood fill.\n## Other {{#oth}}\n### Answer\nNothing.\n").as_bytes(),
    );
    let run = |q: &[&str]| {
        let mut args = vec![
            "--no-builtin",
            "--content",
            decks.to_str().unwrap(),
            "search",
        ];
        args.extend_from_slice(q);
        stdout(&mlprep(dir.path(), &args))
    };
    let first = run(&["numbr", "of", "islands"]);
    assert!(first.starts_with("isl "), "{first}");
    // The second search is answered from the index, with the same ranking and typo tolerance.
    assert_eq!(run(&["numbr", "of", "islands"]), first);
    assert!(
        run(&["flodd"]).starts_with("isl "),
        "typos through the index"
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(
        &decks,
        "g.md",
        format!("{head}## Count islands {{#isl}}\n### Answer\nUnion-find.\n## Other {{#oth}}\n### Answer\nFlood fill.\n").as_bytes(),
    );
    assert!(
        run(&["flood"]).starts_with("oth "),
        "an edited deck is re-indexed"
    );
    assert!(run(&["union"]).starts_with("isl "));
}
