//! Keys. Each screen (and each mock phase) has one key enum and one table of [`Binding`]s; the
//! key handler, the footer and the `?` overlay all read that table, so a key shown is a key
//! that works. Screens match their enum exhaustively. Habits: `q`/`Esc` back, `?` help,
//! `j`/`k` and arrows, `space` reveal, `1`–`4` grade, `u` undo, `e` edit, `/` search.

/// A [`Binding`]: `bind!(action, [keys], "label", "help")`, optionally `, "key" => "word"`
/// for the footer.
macro_rules! bind {
    ($action:expr, [$($k:expr),+ $(,)?], $label:expr, $help:expr) => {
        $crate::tui::keys::Binding {
            keys: &[$($k),+],
            label: $label,
            help: $help,
            footer: None,
            action: $action,
        }
    };
    ($action:expr, [$($k:expr),+ $(,)?], $label:expr, $help:expr, $fk:expr => $fw:expr) => {
        $crate::tui::keys::Binding {
            keys: &[$($k),+],
            label: $label,
            help: $help,
            footer: Some(($fk, $fw)),
            action: $action,
        }
    };
}

mod add_card;
mod lists;
mod mock;
mod study;
mod tools;

pub use add_card::{
    ADD_CARD, ADD_CARD_CHOICE, ADD_CARD_DISCARD, ADD_CARD_FORK, ADD_CARD_LINE, AddCardKey,
    AddChoiceKey, AddConfirmKey, AddLineKey,
};

pub use lists::{
    BROWSE, BrowseKey, DRILL, DrillKey, LOOPS, LoopsKey, STATS, STORIES, StatsKey, StoriesKey,
};
pub use mock::{
    MOCK_ANSWER, MOCK_BREAK, MOCK_CARDS, MOCK_FOLLOW_UP, MOCK_PLAN, MOCK_REPORT, MOCK_RUBRIC,
    MOCK_TYPING, MockAnswerKey, MockBreakKey, MockCardsKey, MockFollowUpKey, MockPlanKey,
    MockReportKey, MockRubricKey, MockTypingKey, RESUME, ResumeKey,
};
pub use study::{
    HOME, HomeKey, PLAN, PRACTICE, PRACTICE_CONFIRM, PRACTICE_RESET, PlanKey, PracticeConfirmKey,
    PracticeKey, PracticeResetKey, REVIEW, REVIEW_ASKING, REVIEW_CONSENT, REVIEW_TYPING,
    ReviewAiKey, ReviewKey, ReviewTypingKey, SEARCH, SearchKey,
};
pub use tools::{CARD_INFO, CUSTOM, CardInfoKey, CustomKey, INTERVIEW_FORM, InterviewFormKey};

use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};

/// One key: a code, with or without Ctrl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

/// A plain character key.
pub const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

/// Ctrl and a character.
pub const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

/// A named key (Enter, Esc, arrows, ...).
pub const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

/// Keys that mean one thing on a screen, and how the footer and the help show them.
#[derive(Debug, Clone, Copy)]
pub struct Binding<A: 'static> {
    pub keys: &'static [Key],
    /// The keys as the help names them ("j / k, ↓ / ↑").
    pub label: &'static str,
    /// The help line ("" keeps it out of the help: another binding describes it).
    pub help: &'static str,
    /// The footer: (keys, word); None keeps it out of the footer.
    pub footer: Option<(&'static str, &'static str)>,
    pub action: A,
}

/// The action a key means in this table, if any.
pub fn lookup<A: Copy>(table: &[Binding<A>], key: KeyEvent) -> Option<A> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.code == key.code && k.ctrl == ctrl))
        .map(|b| b.action)
}

/// The help lines of a table: (keys, what they do).
pub fn help<A>(table: &[Binding<A>]) -> Vec<(&'static str, &'static str)> {
    table
        .iter()
        .filter(|b| !b.help.is_empty())
        .map(|b| (b.label, b.help))
        .collect()
}

/// As [`help`], keeping only the bindings `keep` accepts (keys that exist only with `[ai]` on).
pub fn help_where<A>(
    table: &[Binding<A>],
    keep: impl Fn(&A) -> bool,
) -> Vec<(&'static str, &'static str)> {
    table
        .iter()
        .filter(|b| !b.help.is_empty() && keep(&b.action))
        .map(|b| (b.label, b.help))
        .collect()
}

/// The footer of a table; `word` may replace a binding's word (a hint counter, say), and an
/// empty word leaves the binding out of this footer.
pub fn footer<A>(
    theme: &Theme,
    table: &[Binding<A>],
    word: impl Fn(&A) -> Option<String>,
) -> Line<'static> {
    key_line(theme, &footer_pairs(table, word))
}

/// The footer's (keys, word) pairs (see [`footer`]).
pub fn footer_pairs<A>(
    table: &[Binding<A>],
    word: impl Fn(&A) -> Option<String>,
) -> Vec<(String, String)> {
    table
        .iter()
        .filter_map(|b| {
            let (k, w) = b.footer?;
            let w = word(&b.action).unwrap_or_else(|| w.to_string());
            (!w.is_empty()).then(|| (k.to_string(), w))
        })
        .collect()
}

/// A footer of `key action` pairs.
pub fn key_line<K: AsRef<str>, W: AsRef<str>>(theme: &Theme, pairs: &[(K, W)]) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (k, d) in pairs {
        spans.push(Span::styled(k.as_ref().to_string(), theme.key()));
        spans.push(Span::styled(format!(" {}  ", d.as_ref()), theme.dim()));
    }
    Line::from(spans)
}

/// Every key a table binds, as key events (for the keymap tests).
pub fn events<A: Copy>(table: &[Binding<A>]) -> Vec<(KeyEvent, A)> {
    table
        .iter()
        .flat_map(|b| {
            b.keys.iter().map(move |k| {
                let mods = if k.ctrl {
                    KeyModifiers::CONTROL
                } else {
                    KeyModifiers::NONE
                };
                (KeyEvent::new(k.code, mods), b.action)
            })
        })
        .collect()
}
