//! The `?` overlay: every key of the current screen.

use super::centered;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub const HOME: &[(&str, &str)] = &[
    ("j / k, ↓ / ↑", "move between kinds and decks"),
    ("enter", "review the selected kind or deck"),
    ("r", "review everything due"),
    ("u", "undo the last grade"),
    ("g / G", "first / last row"),
    ("/", "search every card"),
    ("s", "stats: activity, retention, mocks, readiness"),
    ("b", "browse and filter every card; suspend"),
    ("o", "your story bank and its gaps"),
    ("m", "mock interviews: choose a loop"),
    ("d", "depth drill down one of your project dossiers"),
    ("?", "show or hide this help"),
    ("q, esc", "quit (every grade is already saved)"),
];

pub const REVIEW: &[(&str, &str)] = &[
    ("space, enter", "show the answer"),
    ("h", "reveal the next hint"),
    (
        "1 2 3 4",
        "grade: Again, Hard, Good, Easy (after the answer)",
    ),
    ("", "Hard is a pass; a forgotten card is Again"),
    ("u", "undo the last grade and show that card again"),
    ("j / k, ↓ / ↑", "scroll a long card"),
    ("PgDn / PgUp", "scroll a page"),
    ("e", "edit this card in $EDITOR at its line"),
    ("p", "practise a coding card against its tests"),
    ("o", "your stories for a behavioural card's principles"),
    ("/", "search"),
    ("?", "show or hide this help"),
    ("q, esc", "back to the decks"),
];

pub fn render(keys: &[(&str, &str)], theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let width = keys
        .iter()
        .map(|(k, d)| k.chars().count().max(14) + d.chars().count() + 4)
        .max()
        .unwrap_or(30) as u16
        + 4;
    let rect = centered(area, width.max(30), keys.len() as u16 + 4);
    let lines: Vec<Line> = keys
        .iter()
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(format!(" {k:<14}"), theme.key()),
                Span::raw(format!(" {d}")),
            ])
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" keys · ? to close ")
                .title_style(theme.title()),
        ),
        rect,
    );
}

pub const PRACTICE: &[(&str, &str)] = &[
    (
        "e",
        "edit your solution in $EDITOR; the tests run when it closes",
    ),
    ("r", "run the tests again"),
    ("h", "reveal the next hint (counted)"),
    ("s", "show / hide the reference solution (recorded)"),
    ("x", "reset your file to the starter (asks first)"),
    ("g", "grade: the result suggests one, you confirm"),
    ("j / k", "scroll the results"),
    ("q, esc", "back"),
];

pub const MOCK: &[(&str, &str)] = &[
    (
        "typing",
        "keys go to your answer; Esc for commands, Ctrl-N moves on",
    ),
    ("i / enter", "back to typing"),
    ("n", "move on to the next question (early is fine)"),
    (
        "h",
        "reveal a hint (recorded; more than one caps problem solving)",
    ),
    ("e", "write the answer in $EDITOR"),
    (
        "p / r",
        "coding: open the workspace in $EDITOR / run the local tests",
    ),
    ("o", "behavioural question: your stories for its principles"),
    (
        "q, esc",
        "pause: the mock is saved and offered again next start",
    ),
    (
        "review",
        "j/k point · space covered · f follow-up · n next · b back",
    ),
    (
        "rubric",
        "j/k row · 1-4 score · enter confirm and grade the cards",
    ),
    ("report", "x extra round after a Mixed verdict · q done"),
    ("resume", "r resume · a abandon · esc later"),
];

pub const SEARCH: &[(&str, &str)] = &[
    (
        "type",
        "the query: names, prompts, tags, ids, answers; typos are fine",
    ),
    ("↑ / ↓, PgUp / PgDn", "select a result"),
    ("enter", "open it: review, or practice for a coding card"),
    ("ctrl-e", "edit the card in $EDITOR"),
    ("ctrl-u", "clear the query"),
    ("?", "this help (on an empty query)"),
    ("esc", "back"),
    ("", ""),
    (
        "two sum",
        "words, any order; typos and common names (lc121, #121) work",
    ),
    ("\"exact phrase\"", "words next to each other"),
    ("-word  -tag:x", "leave out cards with the word / tag"),
    (
        "kind:leetcode",
        "leetcode ml-coding breadth depth design behavioural talk",
    ),
    (
        "deck:graphs  tag:dp",
        "deck path or title; tag (tag:graph* for a prefix)",
    ),
    ("company:amazon", "difficulty:easy|medium|hard"),
    ("is:due", "is:new|learning|review|due|suspended|leech"),
    (
        "lapses>3  prop:due<7",
        "forgotten more than 3 times; due within 7 days",
    ),
];

pub const STATS: &[(&str, &str)] = &[("1-4, tab, h/l", "switch tab"), ("q, esc", "back")];

pub const STORIES: &[(&str, &str)] = &[
    ("j / k", "choose a principle"),
    ("enter", "read its stories (j/k scroll)"),
    ("q, esc", "back"),
];

pub const BROWSE: &[(&str, &str)] = &[
    ("j / k, PgUp / PgDn", "move"),
    ("K / D / F", "cycle kind / difficulty / state filter"),
    (
        "t",
        "type a filter, as in search: deck:, tag:, is:due, words (enter ends)",
    ),
    ("s", "cycle sort: deck, due, difficulty, lapses"),
    ("x", "suspend or unsuspend the card"),
    ("enter, p", "open: review, or practice for a coding card"),
    ("e", "edit the card in $EDITOR"),
    ("q, esc", "back"),
];

pub const LOOPS: &[(&str, &str)] = &[
    ("j / k", "choose a loop"),
    ("enter", "plan it and start (the plan shows first)"),
    ("q, esc", "back"),
];

pub const DRILL: &[(&str, &str)] = &[
    ("j / k, enter", "choose a dossier and start"),
    ("enter, space", "I answered this level: go one deeper"),
    ("s", "I stalled here: record the level, next section"),
    ("q, esc", "stop (finished sections are saved)"),
];

#[cfg(test)]
mod syntax_tests {
    #[test]
    fn search_help_lists_the_whole_query_syntax() {
        for entry in crate::search::SYNTAX_HELP {
            assert!(super::SEARCH.contains(entry), "missing {entry:?}");
        }
    }
}
