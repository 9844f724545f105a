//! Key tables of the mock screens, one per phase (plan, answering, typing, the round review's
//! cards and rubric, report), and of the offer to resume an interrupted mock.

use super::{Binding, ch, code, ctrl};
use crossterm::event::KeyCode::{BackTab, Down, End, Enter, Esc, Home, PageDown, PageUp, Tab, Up};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockPlanKey {
    Start,
    Quit,
    Help,
}

pub const MOCK_PLAN: &[Binding<MockPlanKey>] = &[
    bind!(MockPlanKey::Start, [code(Enter)], "enter", "start the clock", "enter" => "start the clock"),
    bind!(MockPlanKey::Quit, [ch('q'), code(Esc)], "q, esc", "leave without starting", "q" => "quit"),
    bind!(MockPlanKey::Help, [ch('?')], "?", "show or hide this help"),
];

/// While the answer box has the keys: every other key is text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockTypingKey {
    Commands,
    Next,
}

pub const MOCK_TYPING: &[Binding<MockTypingKey>] = &[
    bind!(MockTypingKey::Commands, [code(Esc)], "esc", "leave the answer box for the command keys", "Esc" => "commands"),
    bind!(MockTypingKey::Next, [ctrl('n')], "ctrl-n", "move on to the next question", "Ctrl-N" => "next"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockAnswerKey {
    Type,
    Next,
    Hint,
    Edit,
    Practice,
    Run,
    Pause,
    Help,
    Stories,
    Down,
    Up,
    PageDown,
    PageUp,
    /// AI interviewer only: a follow-up from the answer.
    Ask,
}

pub const MOCK_ANSWER: &[Binding<MockAnswerKey>] = &[
    bind!(MockAnswerKey::Type, [ch('i'), code(Enter)], "i, enter", "back to typing", "i" => "type"),
    bind!(MockAnswerKey::Next, [ch('n')], "n", "move on to the next question (early is fine)", "n" => "next"),
    bind!(MockAnswerKey::Hint, [ch('h')], "h", "reveal a hint (recorded; more than one caps problem solving)", "h" => "hint"),
    bind!(MockAnswerKey::Edit, [ch('e')], "e", "write the answer in $EDITOR", "e" => "editor"),
    bind!(MockAnswerKey::Practice, [ch('p')], "p", "coding: open the workspace in $EDITOR", "p" => "code"),
    bind!(MockAnswerKey::Run, [ch('r')], "r", "coding: run the local tests", "r" => "run tests"),
    bind!(MockAnswerKey::Pause, [ch('q'), code(Esc)], "q, esc", "pause: the mock is saved and offered again next start", "q" => "pause"),
    bind!(MockAnswerKey::Help, [ch('?')], "?", "show or hide this help", "?" => "help"),
    bind!(
        MockAnswerKey::Stories,
        [ch('o')],
        "o",
        "behavioural question: your stories for its principles"
    ),
    bind!(
        MockAnswerKey::Down,
        [ch('j'), code(Down)],
        "j / k",
        "scroll the question"
    ),
    bind!(MockAnswerKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(
        MockAnswerKey::PageDown,
        [code(PageDown)],
        "PgDn / PgUp",
        "scroll a page"
    ),
    bind!(MockAnswerKey::PageUp, [code(PageUp)], "", ""),
    bind!(MockAnswerKey::Ask, [ch('a')], "a", "AI interviewer: I'm done; ask me a follow-up from my answer", "a" => "AI follow-up"),
];

/// The interviewer's follow-up, with the answer box left (typing uses `MOCK_TYPING`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockFollowUpKey {
    Type,
    Pass,
    Next,
    Pause,
    Help,
    /// AI interviewer only: one more follow-up, from this answer.
    Ask,
}

pub const MOCK_FOLLOW_UP: &[Binding<MockFollowUpKey>] = &[
    bind!(MockFollowUpKey::Type, [ch('i'), code(Enter)], "i, enter", "back to typing", "i" => "type"),
    bind!(MockFollowUpKey::Pass, [ch('p')], "p", "pass: say you don't know (recorded)", "p" => "pass"),
    bind!(MockFollowUpKey::Next, [ch('n')], "n", "done with this follow-up (a blank answer counts as a pass)", "n" => "next"),
    bind!(MockFollowUpKey::Pause, [ch('q'), code(Esc)], "q, esc", "pause: the mock is saved and offered again next start", "q" => "pause"),
    bind!(MockFollowUpKey::Help, [ch('?')], "?", "show or hide this help", "?" => "help"),
    bind!(MockFollowUpKey::Ask, [ch('a')], "a", "AI interviewer: one more follow-up, from this answer", "a" => "AI follow-up"),
];

/// The break between rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockBreakKey {
    Ready,
    Pause,
    Help,
}

pub const MOCK_BREAK: &[Binding<MockBreakKey>] = &[
    bind!(MockBreakKey::Ready, [code(Enter)], "enter", "ready: the next round starts and its clock with it", "enter" => "next round"),
    bind!(MockBreakKey::Pause, [ch('q'), code(Esc)], "q, esc", "pause: the mock is saved and offered again next start", "q" => "pause"),
    bind!(MockBreakKey::Help, [ch('?')], "?", "show or hide this help", "?" => "help"),
];

/// The round review, going through its cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockCardsKey {
    Down,
    Up,
    Toggle,
    FollowUp,
    Grade,
    ReferenceDown,
    ReferenceUp,
    Next,
    Previous,
    Help,
    /// AI interviewer only: propose ticks and scores for this card.
    Ask,
}

pub const MOCK_CARDS: &[Binding<MockCardsKey>] = &[
    bind!(MockCardsKey::Down, [ch('j'), code(Down)], "j / k", "choose a key point", "j/k" => "point"),
    bind!(MockCardsKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(MockCardsKey::Toggle, [ch(' '), ch('x')], "space, x", "you covered this point (or not)", "space" => "covered"),
    bind!(MockCardsKey::FollowUp, [ch('f')], "f", "you handled the follow-up", "f" => "follow-up"),
    bind!(MockCardsKey::Grade, [ch('g')], "g", "change the card's grade (the proposal comes from its evidence)", "g" => "grade"),
    bind!(MockCardsKey::ReferenceDown, [code(PageDown), ch('J')], "PgDn / PgUp", "scroll the reference answer", "PgDn/Up" => "ref"),
    bind!(MockCardsKey::ReferenceUp, [code(PageUp), ch('K')], "", ""),
    bind!(MockCardsKey::Next, [ch('n'), code(Enter), code(Tab)], "n, enter, tab", "next card, then the rubric", "n" => "next"),
    bind!(MockCardsKey::Previous, [ch('b'), code(BackTab)], "b, shift-tab", "previous card", "b" => "back"),
    bind!(MockCardsKey::Help, [ch('?')], "?", "show or hide this help"),
    bind!(MockCardsKey::Ask, [ch('a')], "a", "AI interviewer: propose ticks and rubric scores for this card (you decide)", "a" => "AI proposal"),
];

/// The round review, scoring the rubric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockRubricKey {
    Down,
    Up,
    Score(u8),
    NotObserved,
    Confirm,
    Previous,
    Help,
    /// AI interviewer only: take the proposed score of this row / of every unscored row.
    Accept,
    AcceptAll,
}

pub const MOCK_RUBRIC: &[Binding<MockRubricKey>] = &[
    bind!(MockRubricKey::Down, [ch('j'), code(Down)], "j / k", "choose a row", "j/k" => "row"),
    bind!(MockRubricKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(MockRubricKey::Score(1), [ch('1')], "1-4", "score the row and move to the next", "1-4" => "score"),
    bind!(MockRubricKey::Score(2), [ch('2')], "", ""),
    bind!(MockRubricKey::Score(3), [ch('3')], "", ""),
    bind!(MockRubricKey::Score(4), [ch('4')], "", ""),
    bind!(MockRubricKey::NotObserved, [ch('o')], "o", "the signal never came up: not observed (counts as 1)", "o" => "not observed"),
    bind!(MockRubricKey::Confirm, [code(Enter)], "enter", "confirm (once every row is scored) and grade the round's cards", "enter" => "confirm"),
    bind!(MockRubricKey::Previous, [ch('b'), code(BackTab)], "b, shift-tab", "back to the cards", "b" => "back to cards"),
    bind!(MockRubricKey::Accept, [ch('y')], "y", "AI interviewer: take the proposed score for this row", "y" => "take proposal"),
    bind!(
        MockRubricKey::AcceptAll,
        [ch('Y')],
        "Y",
        "AI interviewer: take every proposed score on rows still unscored"
    ),
    bind!(
        MockRubricKey::Help,
        [ch('?')],
        "?",
        "show or hide this help"
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockReportKey {
    Extra,
    Done,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Help,
}

pub const MOCK_REPORT: &[Binding<MockReportKey>] = &[
    bind!(MockReportKey::Extra, [ch('x')], "x", "an extra round of the weak type (after a Mixed verdict)", "x" => "extra round of the weak type"),
    bind!(MockReportKey::Done, [ch('q'), code(Esc), code(Enter)], "q, esc, enter", "done", "q" => "done"),
    bind!(MockReportKey::Down, [ch('j'), code(Down)], "j / k", "scroll the report", "j/k" => "scroll"),
    bind!(MockReportKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(MockReportKey::PageDown, [code(PageDown), ch(' ')], "PgDn / PgUp", "scroll a page", "PgDn/Up" => "page"),
    bind!(MockReportKey::PageUp, [code(PageUp)], "", ""),
    bind!(
        MockReportKey::Top,
        [code(Home), ch('g')],
        "Home / End",
        "the top or the end of the report"
    ),
    bind!(MockReportKey::Bottom, [code(End), ch('G')], "", ""),
    bind!(
        MockReportKey::Help,
        [ch('?')],
        "?",
        "show or hide this help"
    ),
];

/// The offer to resume an interrupted mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResumeKey {
    Resume,
    Abandon,
    Later,
    Help,
}

pub const RESUME: &[Binding<ResumeKey>] = &[
    bind!(ResumeKey::Resume, [ch('r'), code(Enter)], "r, enter", "resume where you stopped", "r" => "resume"),
    bind!(ResumeKey::Abandon, [ch('a')], "a", "abandon it (it stays in the history)", "a" => "abandon"),
    bind!(ResumeKey::Later, [code(Esc), ch('q')], "esc, q", "decide later", "esc" => "decide later"),
    bind!(ResumeKey::Help, [ch('?')], "?", "show or hide this help"),
];

impl MockAnswerKey {
    pub fn needs_ai(self) -> bool {
        self == MockAnswerKey::Ask
    }
}

impl MockFollowUpKey {
    pub fn needs_ai(self) -> bool {
        self == MockFollowUpKey::Ask
    }
}

impl MockCardsKey {
    pub fn needs_ai(self) -> bool {
        self == MockCardsKey::Ask
    }
}

impl MockRubricKey {
    pub fn needs_ai(self) -> bool {
        matches!(self, MockRubricKey::Accept | MockRubricKey::AcceptAll)
    }
}
