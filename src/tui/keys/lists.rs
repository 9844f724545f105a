//! Key tables of the overview screens: stats, stories, browse, loops, drill.

use super::{Binding, ch, code, ctrl};
use crossterm::event::KeyCode::{
    BackTab, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsKey {
    Tab(usize),
    Next,
    Previous,
    Back,
    Help,
    Undo,
    Search,
}

pub const STATS: &[Binding<StatsKey>] = &[
    bind!(StatsKey::Tab(0), [ch('1')], "1-5", "activity, retention, mocks, readiness, leeches", "1-5 / tab" => "switch"),
    bind!(StatsKey::Tab(1), [ch('2')], "", ""),
    bind!(StatsKey::Tab(2), [ch('3')], "", ""),
    bind!(StatsKey::Tab(3), [ch('4')], "", ""),
    bind!(StatsKey::Tab(4), [ch('5')], "", ""),
    bind!(
        StatsKey::Next,
        [code(Tab), ch('l'), code(Right), ch('j'), code(Down)],
        "tab, l, j",
        "next tab"
    ),
    bind!(
        StatsKey::Previous,
        [code(BackTab), ch('h'), code(Left), ch('k'), code(Up)],
        "shift-tab, h, k",
        "previous tab"
    ),
    bind!(StatsKey::Back, [ch('q'), code(Esc)], "q, esc", "back", "q" => "back"),
    bind!(StatsKey::Help, [ch('?')], "?", "show or hide this help", "?" => "help"),
    bind!(StatsKey::Undo, [ch('u')], "u", "undo the last grade"),
    bind!(StatsKey::Search, [ch('/')], "/", "search"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoriesKey {
    Down,
    Up,
    Open,
    Back,
    Help,
    Undo,
    Search,
}

pub const STORIES: &[Binding<StoriesKey>] = &[
    bind!(StoriesKey::Down, [ch('j'), code(Down)], "j / k", "choose a principle (scroll its stories)", "j/k" => "principle"),
    bind!(StoriesKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(StoriesKey::Open, [code(Enter)], "enter", "read its stories (again to close)", "enter" => "read its stories"),
    bind!(StoriesKey::Back, [ch('q'), code(Esc)], "q, esc", "back", "q" => "back"),
    bind!(StoriesKey::Help, [ch('?')], "?", "show or hide this help"),
    bind!(StoriesKey::Undo, [ch('u')], "u", "undo the last grade"),
    bind!(StoriesKey::Search, [ch('/')], "/", "search"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowseKey {
    CycleKind,
    CycleDifficulty,
    CycleState,
    CycleSort,
    Type,
    Suspend,
    Open,
    Edit,
    Add,
    Info,
    Back,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Help,
    Undo,
    Search,
}

pub const BROWSE: &[Binding<BrowseKey>] = &[
    bind!(BrowseKey::CycleKind, [ch('K')], "K", "cycle the kind filter", "K" => "kind"),
    bind!(BrowseKey::CycleDifficulty, [ch('D')], "D", "cycle the difficulty filter", "D" => "difficulty"),
    bind!(BrowseKey::CycleState, [ch('F')], "F", "cycle the state filter (… lapsed often, leech, suspended)", "F" => "state"),
    bind!(BrowseKey::CycleSort, [ch('s')], "s", "cycle sort: deck, due, difficulty, lapses", "s" => "sort"),
    bind!(BrowseKey::Type, [ch('t')], "t", "type a deck or tag filter (enter ends)", "t" => "filter"),
    bind!(BrowseKey::Suspend, [ch('x')], "x", "suspend or unsuspend the card", "x" => "suspend"),
    bind!(BrowseKey::Open, [code(Enter), ch('p')], "enter, p", "open: review, or practice for a coding card", "enter" => "open"),
    bind!(BrowseKey::Edit, [ch('e')], "e", "edit the card in $EDITOR", "e" => "edit"),
    bind!(
        BrowseKey::Add,
        [ch('a')],
        "a",
        "add a card to this card's deck (a shipped deck is forked first)"
    ),
    bind!(
        BrowseKey::Info,
        [ch('i')],
        "i",
        "card info: reviews, memory state, mocks"
    ),
    bind!(BrowseKey::Back, [ch('q'), code(Esc)], "q, esc", "back", "q" => "back"),
    bind!(BrowseKey::Down, [ch('j'), code(Down)], "j / k", "move"),
    bind!(BrowseKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(
        BrowseKey::PageDown,
        [code(PageDown), ctrl('f')],
        "PgDn / PgUp",
        "move a page"
    ),
    bind!(BrowseKey::PageUp, [code(PageUp), ctrl('b')], "", ""),
    bind!(
        BrowseKey::Top,
        [ch('g'), code(Home)],
        "g / G",
        "first / last card"
    ),
    bind!(BrowseKey::Bottom, [ch('G'), code(End)], "", ""),
    bind!(BrowseKey::Help, [ch('?')], "?", "show or hide this help"),
    bind!(BrowseKey::Undo, [ch('u')], "u", "undo the last grade"),
    bind!(BrowseKey::Search, [ch('/')], "/", "search"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopsKey {
    Down,
    Up,
    Open,
    Back,
    Help,
    Undo,
    Search,
}

pub const LOOPS: &[Binding<LoopsKey>] = &[
    bind!(LoopsKey::Down, [ch('j'), code(Down)], "j / k", "choose a loop", "j/k" => "choose"),
    bind!(LoopsKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(LoopsKey::Open, [code(Enter)], "enter", "plan it and start (the plan shows first)", "enter" => "plan and start"),
    bind!(LoopsKey::Back, [ch('q'), code(Esc)], "q, esc", "back", "q" => "back"),
    bind!(LoopsKey::Help, [ch('?')], "?", "show or hide this help"),
    bind!(LoopsKey::Undo, [ch('u')], "u", "undo the last grade"),
    bind!(LoopsKey::Search, [ch('/')], "/", "search"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrillKey {
    Down,
    Up,
    Open,
    Stalled,
    Back,
    Help,
    Undo,
    Search,
    /// AI interviewer only: a question about this section's decisions, from the dossier.
    Ask,
}

impl DrillKey {
    pub fn needs_ai(self) -> bool {
        self == DrillKey::Ask
    }
}

pub const DRILL: &[Binding<DrillKey>] = &[
    bind!(DrillKey::Down, [ch('j'), code(Down)], "j / k", "choose a dossier", "j/k" => "choose"),
    bind!(DrillKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(DrillKey::Open, [code(Enter), ch(' ')], "enter, space", "start; then: I answered this level, go one deeper", "enter" => "start"),
    bind!(DrillKey::Stalled, [ch('s')], "s", "I stalled here: record the level, next section", "s" => "stalled here"),
    bind!(DrillKey::Back, [ch('q'), code(Esc)], "q, esc", "stop (finished sections are saved)", "q" => "back"),
    bind!(DrillKey::Help, [ch('?')], "?", "show or hide this help"),
    bind!(DrillKey::Undo, [ch('u')], "u", "undo the last grade"),
    bind!(DrillKey::Search, [ch('/')], "/", "search"),
    bind!(DrillKey::Ask, [ch('a')], "a", "AI interviewer: ask me about my own decisions in this section", "a" => "AI question"),
];
