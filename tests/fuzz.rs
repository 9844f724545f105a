//! Hostile input, fuzzed with proptest (a few hundred cases each, seconds in CI): the deck
//! parser, the loop-file parser, the review-log CSV reader, the Anki HTML converter and the
//! Anki plain-text importer never panic, and what they produce stays well-formed. A small
//! committed corpus of known-nasty inputs runs every time, with a generous hang guard.

use chrono::{TimeZone, Utc};
use mlprep::content::{Kind, Severity, parse_deck};
use mlprep::interop::html::to_markdown;
use mlprep::interop::notes::{Note, parse_notes_text, render_deck};
use mlprep::interop::reviews_csv::parse_csv;
use mlprep::mock::loops::parse_loop;
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text built from the pieces each format cares about, plus arbitrary characters.
fn pieces(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
    let token = prop_oneof![
        3 => proptest::sample::select(tokens).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z0-9 ]{0,12}",
    ];
    proptest::collection::vec(token, 0..160).prop_map(|v| v.concat())
}

const DECK_TOKENS: &[&str] = &[
    "+++\n",
    "title = \"T\"\n",
    "kind = \"breadth\"\n",
    "kind = \"leetcode\"\n",
    "## ",
    "### ",
    "### Answer\n",
    "### Hints\n",
    "### Tests\n",
    "{#id}",
    "{#",
    "}",
    "\n",
    "```\n",
    "~~~",
    "tags: a, b\n",
    "difficulty: hard\n",
    "minutes: 99999\n",
    "- ",
    "1. ",
    "\u{1b}[2J",
    "\r\n",
    "\u{feff}",
    "\u{202e}",
    "\t",
];
const HTML_TOKENS: &[&str] = &[
    "<b>",
    "</b>",
    "<i>",
    "<div>",
    "</div>",
    "<br>",
    "<pre>",
    "</pre>",
    "<ul>",
    "<ol>",
    "<li>",
    "</li>",
    "</ul>",
    "<code>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<img src=\"x.png\">",
    "[sound:",
    "]",
    "&amp;",
    "&#",
    "&#x1b;",
    "&lt;",
    ";",
    "<",
    ">",
    "\"",
    "```",
    "## ",
    "### ",
    "\n",
    "{{c1::",
    "::",
    "}}",
    "\t",
    "#separator:tab\n",
    "#html:false\n",
    "#tags column:2\n",
    "\u{1b}[31m",
    "\u{9b}",
];
const CSV_TOKENS: &[&str] = &[
    "card_id,review_time,review_rating,review_duration\n",
    "a,",
    "1700000000000,",
    "3",
    "5",
    ",",
    "\n",
    "\"",
    "\"\"",
    "-1",
    "1e309",
    "NaN",
    "2024-01-01T00:00:00Z",
    "99999999999999999999",
];
const LOOP_TOKENS: &[&str] = &[
    "name = \"L\"\n",
    "[[rounds]]\n",
    "[[rounds.segments]]\n",
    "title = \"R\"\n",
    "minutes = 5\n",
    "minutes = -1\n",
    "cards = 99999999\n",
    "kinds = [\"leetcode\"]\n",
    "rubric = \"x\"\n",
    "\n",
    "\"",
    "[",
    "]",
    "=",
];

/// A generated deck must never hold an authoring error, and keep one card per note.
fn assert_renders_cleanly(text: &str) {
    let mut warnings = Vec::new();
    if let Ok(notes) = parse_notes_text(text, &mut warnings) {
        let deck = render_deck("Fuzz", Kind::Breadth, &notes);
        let (parsed, problems) = parse_deck("fuzz.md", deck.as_bytes());
        let errors: Vec<_> = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}\n--- deck ---\n{deck}");
        assert_eq!(parsed.map(|d| d.cards.len()), Some(notes.len()), "{deck}");
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_deck_parser_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_deck("fuzz.md", &bytes);
    }

    #[test]
    fn the_deck_parser_takes_any_deck_shaped_text(text in pieces(DECK_TOKENS)) {
        let (deck, problems) = parse_deck("fuzz.md", text.as_bytes());
        for p in &problems {
            prop_assert!(p.line as usize <= text.lines().count() + 2, "{p}");
        }
        if let Some(d) = deck {
            for c in &d.cards {
                let _ = (c.body(), c.answer(), c.hints().count(), c.key_points().count());
            }
        }
    }

    #[test]
    fn the_loop_parser_takes_any_text(text in pieces(LOOP_TOKENS)) {
        let _ = parse_loop("loops/fuzz.toml", &text);
    }

    #[test]
    fn the_csv_reader_accounts_for_every_line(text in pieces(CSV_TOKENS)) {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let parsed = parse_csv(&text, now);
        prop_assert!(parsed.reviews.len() + parsed.rejected.len() <= text.lines().count());
        for r in &parsed.reviews {
            prop_assert!(r.at <= now && r.duration_ms >= 0);
        }
    }

    #[test]
    fn html_becomes_inert_markdown(html in pieces(HTML_TOKENS)) {
        let md = to_markdown(&html, &mut Vec::new());
        prop_assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "{md:?}");
    }

    #[test]
    fn any_note_content_renders_a_deck_without_errors(
        front in pieces(DECK_TOKENS),
        back in pieces(HTML_TOKENS),
        tags in "[^,]{0,40}",
    ) {
        let note = Note {
            id: "anki-1".into(),
            front,
            back,
            tags: mlprep::interop::notes::tag_list(&tags),
        };
        let deck = render_deck("Fuzz\n+++", Kind::Leetcode, &[note.clone(), note]);
        let (parsed, problems) = parse_deck("fuzz.md", deck.as_bytes());
        let errors: Vec<_> = problems.iter().filter(|p| p.severity == Severity::Error).collect();
        prop_assert!(errors.is_empty(), "{errors:?}\n{deck}");
        prop_assert_eq!(parsed.map(|d| d.cards.len()), Some(2));
    }

    #[test]
    fn any_notes_export_renders_a_deck_without_errors(text in pieces(HTML_TOKENS)) {
        assert_renders_cleanly(&text);
    }
}

/// Known-nasty inputs, kept as a corpus: each must finish quickly and cleanly.
#[test]
fn the_corpus_of_nasty_inputs_finishes_quickly() {
    let big = |s: &str, n: usize| s.repeat(n);
    let corpus = [
        big("<", 100_000),
        big("<b", 50_000),
        big("&#", 50_000),
        big("<ul><li>", 20_000),
        big("<pre>```", 20_000),
        big("{{c1::", 30_000),
        format!("{}}}}}", big("{{cx", 30_000)),
        format!("{}}}}}", big("{{c1::a::b", 20_000)),
        big("<!--", 30_000),
        big("<script>", 20_000),
        big("<ScRipt>x</sCRIPT>", 20_000),
        format!("#separator:tab\n{}", big("\"", 100_001)),
        format!("x\t{}", big("<div>## a</div>", 10_000)),
        big("\u{1b}[31m\u{202e}\u{0}", 20_000),
    ];
    for (i, input) in corpus.iter().enumerate() {
        let start = Instant::now();
        let _ = to_markdown(input, &mut Vec::new());
        assert_renders_cleanly(input);
        let _ = parse_csv(input, Utc::now());
        let _ = parse_deck("corpus.md", input.as_bytes());
        let _ = parse_loop("loops/corpus.toml", input);
        // A hang guard, not a benchmark: linear work on these sizes takes milliseconds.
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "corpus input {i} took {:?}",
            start.elapsed()
        );
    }
}
