//! Loop files: parsing, errors with file and line, and the pool check.

use super::*;

const MS: &str = r#"name = "MS mini-loop"
description = "two rounds"

[[rounds]]
title = "Round 1"
rubric = "leetcode"

[[rounds.segments]]
title = "Coding"
minutes = 45
kinds = ["leetcode", "ml-coding"]
cards = 1
difficulty = "medium"

[[rounds.segments]]
title = "Behavioural"
minutes = 15
kinds = ["behavioural"]
"#;

#[test]
fn a_loop_parses() {
    let (lp, problems) = parse_loop("content/loops/ms.toml", MS);
    assert!(problems.is_empty(), "{problems:?}");
    let lp = lp.unwrap();
    assert_eq!(lp.key, "ms");
    assert_eq!(lp.rounds[0].rubric, Kind::Leetcode);
    assert_eq!(lp.rounds[0].segments[1].cards, 1);
    assert_eq!(lp.rounds[0].minutes(), 60.0);
}

#[test]
fn bad_loops_name_file_and_line() {
    let (lp, p) = parse_loop("x.toml", &MS.replace("minutes = 45", "minutes = -5"));
    assert!(lp.is_none());
    assert_eq!((p[0].line, p[0].severity), (10, Severity::Error));
    assert!(p[0].message.contains("minutes must be above 0"));

    let (_, p) = parse_loop("x.toml", &MS.replace("\"behavioural\"]", "\"poetry\"]"));
    assert_eq!(p[0].line, 18);
    assert!(p[0].message.contains("unknown kind `poetry`"));

    let (_, p) = parse_loop("x.toml", &MS.replace("cards = 1", "cards = 1\ncards = 2"));
    assert!(p[0].message.contains("not valid"), "{p:?}");
    assert_eq!(p[0].line, 13);

    let (_, p) = parse_loop("x.toml", &MS.replace("minutes = 45", "minutes = 0"));
    assert_eq!(p[0].line, 10);
}

#[test]
fn impossible_counts_are_reported_against_the_pool() {
    let lib = crate::content::load_roots(&[]);
    let (lp, _) = parse_loop("x.toml", MS);
    let p = check_pool(&lp.unwrap(), MS, &lib);
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].line, 9);
    assert!(
        p[0].message
            .contains("asks for 1 card(s) of leetcode/ml-coding but the decks hold 0")
    );
}
