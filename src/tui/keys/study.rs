//! Key tables of the study screens: home, the interview plan, review, practice (and its two prompts), search.

use super::{Binding, ch, code, ctrl};
use crate::schedule::Grade;
use crossterm::event::KeyCode::{
    Down, End, Enter, Esc, F, Home as HomeKeyCode, PageDown, PageUp, Right, Up,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeKey {
    Open,
    ReviewAll,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Undo,
    Search,
    Stats,
    Browse,
    Stories,
    Loops,
    Drill,
    Plan,
    Add,
    Custom,
    Help,
    Quit,
}

pub const HOME: &[Binding<HomeKey>] = &[
    bind!(HomeKey::Open, [code(Enter), ch('l'), code(Right)], "enter", "review the selected kind or deck", "enter" => "review"),
    bind!(HomeKey::ReviewAll, [ch('r')], "r", "review everything due", "r" => "all due"),
    bind!(HomeKey::Down, [ch('j'), code(Down)], "j / k, ↓ / ↑", "move between kinds and decks", "j/k" => "move"),
    bind!(HomeKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(
        HomeKey::PageDown,
        [code(PageDown), ctrl('f')],
        "PgDn / PgUp",
        "move a page"
    ),
    bind!(HomeKey::PageUp, [code(PageUp), ctrl('b')], "", ""),
    bind!(
        HomeKey::Top,
        [ch('g'), code(HomeKeyCode)],
        "g / G",
        "first / last row"
    ),
    bind!(HomeKey::Bottom, [ch('G'), code(End)], "", ""),
    bind!(HomeKey::Undo, [ch('u')], "u", "undo the last grade", "u" => "undo"),
    bind!(HomeKey::Search, [ch('/')], "/", "search every card"),
    bind!(
        HomeKey::Stats,
        [ch('s')],
        "s",
        "stats: activity, retention, mocks, readiness"
    ),
    bind!(
        HomeKey::Browse,
        [ch('b')],
        "b",
        "browse and filter every card; suspend"
    ),
    bind!(
        HomeKey::Stories,
        [ch('o')],
        "o",
        "your story bank and its gaps"
    ),
    bind!(
        HomeKey::Loops,
        [ch('m')],
        "m",
        "mock interviews: choose a loop"
    ),
    bind!(
        HomeKey::Drill,
        [ch('d')],
        "d",
        "depth drill down one of your project dossiers"
    ),
    bind!(
        HomeKey::Plan,
        [ch('p')],
        "p",
        "plan toward your interview date (or set one)",
        "p" => "plan"
    ),
    bind!(
        HomeKey::Add,
        [ch('a')],
        "a",
        "add a card (to the selected kind or deck; a shipped deck is forked first)"
    ),
    bind!(
        HomeKey::Custom,
        [ch('c')],
        "c",
        "custom study: more new cards, review ahead, cram"
    ),
    bind!(HomeKey::Help, [ch('?')], "?", "show or hide this help", "?" => "help"),
    bind!(HomeKey::Quit, [ch('q'), code(Esc)], "q, esc", "quit (every grade is already saved)", "q" => "quit"),
];

/// The interview plan screen (opened with `p` on home).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanKey {
    Review,
    SetDate,
    EditDates,
    Help,
    Back,
}

pub const PLAN: &[Binding<PlanKey>] = &[
    bind!(PlanKey::Review, [ch('r')], "r", "review everything due today", "r" => "review"),
    bind!(PlanKey::SetDate, [ch('n')], "n", "set an interview date (saved in config.toml)", "n" => "new date"),
    bind!(PlanKey::EditDates, [ch('e')], "e", "change or remove dates: config.toml in your editor", "e" => "edit dates"),
    bind!(PlanKey::Help, [ch('?')], "?", "show or hide this help", "?" => "help"),
    bind!(PlanKey::Back, [ch('q'), code(Esc)], "q, esc", "back to the decks", "q" => "back"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKey {
    Reveal,
    Hint,
    Grade(Grade),
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Undo,
    Edit,
    Practice,
    Stories,
    Search,
    Info,
    Custom,
    Help,
    Back,
    /// AI interviewer only (hidden, and inert, when `[ai]` is off).
    Type,
    Ask,
}

impl ReviewKey {
    /// Keys that exist only when the AI interviewer is on.
    pub fn needs_ai(self) -> bool {
        matches!(self, ReviewKey::Type | ReviewKey::Ask)
    }
}

pub const REVIEW: &[Binding<ReviewKey>] = &[
    bind!(ReviewKey::Reveal, [ch(' '), code(Enter)], "space, enter", "show the answer", "space" => "show answer"),
    bind!(ReviewKey::Hint, [ch('h')], "h", "reveal the next hint", "h" => "hint"),
    bind!(
        ReviewKey::Grade(Grade::Again),
        [ch('1')],
        "1 2 3 4",
        "grade: Again, Hard, Good, Easy (after the answer)"
    ),
    bind!(
        ReviewKey::Grade(Grade::Hard),
        [ch('2')],
        "",
        "Hard is a pass; a forgotten card is Again"
    ),
    bind!(ReviewKey::Grade(Grade::Good), [ch('3')], "", ""),
    bind!(ReviewKey::Grade(Grade::Easy), [ch('4')], "", ""),
    bind!(ReviewKey::Down, [ch('j'), code(Down)], "j / k, ↓ / ↑", "scroll a long card", "j/k" => "scroll"),
    bind!(ReviewKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(
        ReviewKey::PageDown,
        [code(PageDown), ctrl('f')],
        "PgDn / PgUp",
        "scroll a page"
    ),
    bind!(ReviewKey::PageUp, [code(PageUp), ctrl('b')], "", ""),
    bind!(
        ReviewKey::Top,
        [ch('g'), code(HomeKeyCode)],
        "g / G",
        "top / bottom of the card"
    ),
    bind!(ReviewKey::Bottom, [ch('G'), code(End)], "", ""),
    bind!(ReviewKey::Undo, [ch('u')], "u", "undo the last grade and show that card again", "u" => "undo"),
    bind!(ReviewKey::Edit, [ch('e')], "e", "edit this card in $EDITOR at its line", "e" => "edit"),
    bind!(
        ReviewKey::Practice,
        [ch('p')],
        "p",
        "practise a coding card against its tests"
    ),
    bind!(
        ReviewKey::Stories,
        [ch('o')],
        "o",
        "your stories for a behavioural card's principles"
    ),
    bind!(ReviewKey::Search, [ch('/')], "/", "search"),
    bind!(
        ReviewKey::Info,
        [ch('i')],
        "i",
        "card info: reviews, memory state, mocks"
    ),
    bind!(
        ReviewKey::Custom,
        [ch('c')],
        "c",
        "custom study: more new, ahead, cram (a new session)"
    ),
    bind!(ReviewKey::Type, [ch('t')], "t", "type your answer for the AI interviewer (esc stops typing)", "t" => "type"),
    bind!(ReviewKey::Ask, [ch('a')], "a", "the model grades your typed answer; it proposes, you grade 1-4", "a" => "AI grade"),
    bind!(ReviewKey::Help, [ch('?')], "?", "show or hide this help", "?" => "help"),
    bind!(ReviewKey::Back, [ch('q'), code(Esc)], "q, esc", "back to the decks", "q" => "back"),
];

/// While the review's answer box has the keys: every other key is text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewTypingKey {
    Done,
}

pub const REVIEW_TYPING: &[Binding<ReviewTypingKey>] = &[
    bind!(ReviewTypingKey::Done, [code(Esc)], "esc", "stop typing (the answer is kept; a grades it)", "esc" => "done typing"),
];

/// The AI interviewer's questions and waits on the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAiKey {
    /// Send answers to a remote endpoint (asked once per host).
    Agree,
    Decline,
    /// Stop waiting for the model.
    Cancel,
}

/// The consent question for a remote endpoint.
pub const REVIEW_CONSENT: &[Binding<ReviewAiKey>] = &[
    bind!(ReviewAiKey::Agree, [ch('y')], "y", "send this card and your answers to that host (asked once)", "y" => "send"),
    bind!(ReviewAiKey::Decline, [ch('n'), code(Esc)], "n, esc", "send nothing; self-score as usual", "n" => "don't send"),
];

/// While the model is grading.
pub const REVIEW_ASKING: &[Binding<ReviewAiKey>] = &[
    bind!(ReviewAiKey::Cancel, [code(Esc)], "esc", "stop waiting for the model; self-score as usual", "esc" => "cancel"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PracticeKey {
    Edit,
    Run,
    Hint,
    Solution,
    Reset,
    GradePrompt,
    Down,
    Up,
    PageDown,
    PageUp,
    Search,
    Help,
    Back,
    /// AI interviewer only: type the explanation, have the model grade it.
    Type,
    Ask,
}

impl PracticeKey {
    pub fn needs_ai(self) -> bool {
        matches!(self, PracticeKey::Type | PracticeKey::Ask)
    }
}

pub const PRACTICE: &[Binding<PracticeKey>] = &[
    bind!(PracticeKey::Edit, [ch('e')], "e", "edit your solution in $EDITOR; the tests run when it closes", "e" => "edit"),
    bind!(PracticeKey::Run, [ch('r')], "r", "run the tests again", "r" => "run"),
    bind!(PracticeKey::Hint, [ch('h')], "h", "reveal the next hint (counted)", "h" => "hint"),
    bind!(PracticeKey::Solution, [ch('s')], "s", "show / hide the reference solution (recorded)", "s" => "solution"),
    bind!(PracticeKey::Reset, [ch('x')], "x", "reset your file to the starter (asks first)", "x" => "reset"),
    bind!(PracticeKey::GradePrompt, [ch('g')], "g", "grade: the result suggests one, you confirm", "g" => "grade"),
    bind!(
        PracticeKey::Down,
        [ch('j'), code(Down)],
        "j / k",
        "scroll the results"
    ),
    bind!(PracticeKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(
        PracticeKey::PageDown,
        [code(PageDown), ctrl('f')],
        "PgDn / PgUp",
        "scroll a page"
    ),
    bind!(PracticeKey::PageUp, [code(PageUp), ctrl('b')], "", ""),
    bind!(PracticeKey::Search, [ch('/')], "/", "search"),
    bind!(PracticeKey::Help, [ch('?')], "?", "show or hide this help"),
    bind!(PracticeKey::Back, [ch('q'), code(Esc)], "q, esc", "back", "q" => "back"),
    bind!(PracticeKey::Type, [ch('t')], "t", "AI interviewer: type how you would explain it aloud (esc stops typing)", "t" => "explain"),
    bind!(PracticeKey::Ask, [ch('a')], "a", "AI interviewer: the model grades your explanation; you still grade", "a" => "AI grade"),
];

/// The grade prompt of the practice screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PracticeConfirmKey {
    Accept,
    Grade(Grade),
    Cancel,
}

pub const PRACTICE_CONFIRM: &[Binding<PracticeConfirmKey>] = &[
    bind!(PracticeConfirmKey::Accept, [code(Enter)], "enter", "grade as suggested", "enter" => "accept"),
    bind!(PracticeConfirmKey::Grade(Grade::Again), [ch('1')], "1 2 3 4", "choose the grade yourself", "1-4" => "choose"),
    bind!(PracticeConfirmKey::Grade(Grade::Hard), [ch('2')], "", ""),
    bind!(PracticeConfirmKey::Grade(Grade::Good), [ch('3')], "", ""),
    bind!(PracticeConfirmKey::Grade(Grade::Easy), [ch('4')], "", ""),
    bind!(PracticeConfirmKey::Cancel, [code(Esc), ch('q')], "esc, q", "not now", "esc" => "cancel"),
];

/// The reset question of the practice screen: `y` resets, any other key keeps the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PracticeResetKey {
    Reset,
}

pub const PRACTICE_RESET: &[Binding<PracticeResetKey>] = &[bind!(
    PracticeResetKey::Reset,
    [ch('y')],
    "y",
    "replace your code with the starter (any other key keeps it)",
    "y" => "reset"
)];

/// Search is a typing screen: characters go to the query; these keys act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKey {
    Down,
    Up,
    PageDown,
    PageUp,
    Open,
    Edit,
    Info,
    Clear,
    Back,
}

pub const SEARCH: &[Binding<SearchKey>] = &[
    bind!(SearchKey::Down, [code(Down)], "↑ / ↓, PgUp / PgDn", "select a result", "↑/↓" => "select"),
    bind!(SearchKey::Up, [code(Up)], "", ""),
    bind!(SearchKey::PageDown, [code(PageDown)], "", ""),
    bind!(SearchKey::PageUp, [code(PageUp)], "", ""),
    bind!(SearchKey::Open, [code(Enter)], "enter", "open it: review, or practice for a coding card", "enter" => "open"),
    bind!(SearchKey::Edit, [ctrl('e')], "ctrl-e", "edit the card in $EDITOR", "ctrl-e" => "edit"),
    bind!(SearchKey::Info, [ctrl('o'), code(F(2))], "ctrl-o, F2", "card info of the selected card", "ctrl-o" => "info"),
    bind!(SearchKey::Clear, [ctrl('u')], "ctrl-u", "clear the query"),
    bind!(SearchKey::Back, [code(Esc)], "esc", "back", "esc" => "back"),
];
