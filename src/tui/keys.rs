//! Keys -> [`Action`]s, per screen. Habits: `q`/`Esc` back, `?` help, `j`/`k` and arrows,
//! `space` reveal, `1`–`4` grade, `u` undo, `e` edit.

use super::app::{App, Screen};
use super::screens::mock::{MockState, ReviewStep};
use crate::mock::session::Phase;
use crate::schedule::Grade;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key means on the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    Quit,
    Back,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    ReviewAll,
    Hint,
    Reveal,
    Grade(Grade),
    Undo,
    Edit,
    Practice,
    Run,
    Solution,
    Reset,
    GradePrompt,
    Confirm,
    Cancel,
    // Mock interviews.
    Next,
    Previous,
    Type,
    Toggle,
    FollowUp,
    Score(u8),
    Extra,
    Resume,
    Abandon,
    Search,
    Tab(usize),
    CycleKind,
    CycleDifficulty,
    CycleState,
    CycleSort,
    Suspend,
    Stories,
    OpenStats,
    OpenStories,
    OpenBrowse,
    OpenLoops,
    OpenDrill,
    Stalled,
}

/// Translates a key into an action for the current screen.
pub fn action_for(app: &App, key: KeyEvent) -> Action {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Action::Quit;
    }
    if app.help {
        return match key.code {
            KeyCode::Char('?') | KeyCode::Esc | KeyCode::Char('q') => Action::Help,
            _ => Action::None,
        };
    }
    let specific = match &app.screen {
        Screen::Home(_) => match key.code {
            KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
            KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => Action::Open,
            KeyCode::Char('r') => Action::ReviewAll,
            KeyCode::Char('s') => Action::OpenStats,
            KeyCode::Char('b') => Action::OpenBrowse,
            KeyCode::Char('o') => Action::OpenStories,
            KeyCode::Char('m') => Action::OpenLoops,
            KeyCode::Char('d') => Action::OpenDrill,
            _ => Action::None,
        },
        Screen::Review(r) => match key.code {
            KeyCode::Char('q') | KeyCode::Esc => Action::Back,
            KeyCode::Char(' ') | KeyCode::Enter => Action::Reveal,
            KeyCode::Char('h') => Action::Hint,
            KeyCode::Char('e') => Action::Edit,
            KeyCode::Char('p') => Action::Practice,
            KeyCode::Char('o') => Action::Stories,
            KeyCode::Char(c @ '1'..='4') if r.revealed => {
                Grade::from_number(c as i64 - '0' as i64).map_or(Action::None, Action::Grade)
            }
            _ => Action::None,
        },
        Screen::Practice(p) if p.confirm.is_some() => {
            return match key.code {
                KeyCode::Enter => Action::Confirm,
                KeyCode::Char(c @ '1'..='4') => {
                    Grade::from_number(c as i64 - '0' as i64).map_or(Action::None, Action::Grade)
                }
                KeyCode::Esc | KeyCode::Char('q') => Action::Cancel,
                _ => Action::None,
            };
        }
        Screen::Practice(p) if p.confirm_reset => {
            return if key.code == KeyCode::Char('y') {
                Action::Confirm
            } else {
                Action::Cancel
            };
        }
        Screen::Mock(m) => return mock_action(m, key),
        Screen::Search(_) => Action::None,
        Screen::Stats(_) => match key.code {
            KeyCode::Char(c @ '1'..='4') => Action::Tab(c as usize - '1' as usize),
            KeyCode::Tab | KeyCode::Char('l') | KeyCode::Right => Action::Next,
            KeyCode::BackTab | KeyCode::Char('h') | KeyCode::Left => Action::Previous,
            KeyCode::Char('q') | KeyCode::Esc => Action::Back,
            _ => Action::None,
        },
        Screen::Drill(_) => match key.code {
            KeyCode::Enter | KeyCode::Char(' ') => Action::Open,
            KeyCode::Char('s') => Action::Stalled,
            KeyCode::Char('q') | KeyCode::Esc => Action::Back,
            _ => Action::None,
        },
        Screen::Stories(_) | Screen::Loops(_) => match key.code {
            KeyCode::Enter => Action::Open,
            KeyCode::Char('q') | KeyCode::Esc => Action::Back,
            _ => Action::None,
        },
        Screen::Browse(_) => match key.code {
            KeyCode::Char('K') => Action::CycleKind,
            KeyCode::Char('D') => Action::CycleDifficulty,
            KeyCode::Char('F') => Action::CycleState,
            KeyCode::Char('s') => Action::CycleSort,
            KeyCode::Char('t') => Action::Type,
            KeyCode::Char('x') => Action::Suspend,
            KeyCode::Enter | KeyCode::Char('p') => Action::Open,
            KeyCode::Char('e') => Action::Edit,
            KeyCode::Char('q') | KeyCode::Esc => Action::Back,
            _ => Action::None,
        },
        Screen::Resume { .. } => match key.code {
            KeyCode::Char('r') | KeyCode::Enter => Action::Resume,
            KeyCode::Char('a') => Action::Abandon,
            KeyCode::Esc | KeyCode::Char('q') => Action::Back,
            _ => Action::None,
        },
        Screen::Practice(_) => match key.code {
            KeyCode::Char('q') | KeyCode::Esc => Action::Back,
            KeyCode::Char('e') => Action::Edit,
            KeyCode::Char('r') => Action::Run,
            KeyCode::Char('h') => Action::Hint,
            KeyCode::Char('s') => Action::Solution,
            KeyCode::Char('x') => Action::Reset,
            KeyCode::Char('g') => Action::GradePrompt,
            _ => Action::None,
        },
    };
    if specific != Action::None {
        return specific;
    }
    match key.code {
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('/') => Action::Search,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('f') if key.modifiers.contains(KeyModifiers::CONTROL) => Action::PageDown,
        KeyCode::Char('b') if key.modifiers.contains(KeyModifiers::CONTROL) => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Char('u') if !matches!(app.screen, Screen::Practice(_)) => Action::Undo,
        _ => Action::None,
    }
}

fn mock_action(m: &MockState, key: KeyEvent) -> Action {
    if key.code == KeyCode::Char('?') {
        return Action::Help;
    }
    match m.run.phase {
        Phase::Plan => match key.code {
            KeyCode::Enter => Action::Open,
            KeyCode::Char('q') | KeyCode::Esc => Action::Back,
            _ => Action::None,
        },
        Phase::Answering | Phase::FollowUp { .. } | Phase::Break { .. } => match key.code {
            KeyCode::Char('i') | KeyCode::Enter => Action::Type,
            KeyCode::Char('n') => Action::Next,
            KeyCode::Char('h') => Action::Hint,
            KeyCode::Char('e') => Action::Edit,
            KeyCode::Char('p') => Action::Practice,
            KeyCode::Char('r') => Action::Run,
            KeyCode::Char('o') => Action::Stories,
            KeyCode::Char('j') | KeyCode::Down => Action::Down,
            KeyCode::Char('k') | KeyCode::Up => Action::Up,
            KeyCode::PageDown => Action::PageDown,
            KeyCode::PageUp => Action::PageUp,
            KeyCode::Char('q') | KeyCode::Esc => Action::Back,
            _ => Action::None,
        },
        Phase::Review { .. } => match (m.step, key.code) {
            (_, KeyCode::Char('j') | KeyCode::Down) => Action::Down,
            (_, KeyCode::Char('k') | KeyCode::Up) => Action::Up,
            (_, KeyCode::Char('b') | KeyCode::BackTab) => Action::Previous,
            (ReviewStep::Cards { .. }, KeyCode::Char(' ') | KeyCode::Char('x')) => Action::Toggle,
            (ReviewStep::Cards { .. }, KeyCode::Char('f')) => Action::FollowUp,
            (ReviewStep::Cards { .. }, KeyCode::Char('n') | KeyCode::Enter | KeyCode::Tab) => {
                Action::Next
            }
            (ReviewStep::Rubric { .. }, KeyCode::Char(c @ '1'..='4')) => {
                Action::Score(c as u8 - b'0')
            }
            (ReviewStep::Rubric { .. }, KeyCode::Enter) => Action::Confirm,
            _ => Action::None,
        },
        Phase::Report => match key.code {
            KeyCode::Char('x') => Action::Extra,
            KeyCode::Char('q') | KeyCode::Esc | KeyCode::Enter => Action::Back,
            _ => Action::None,
        },
    }
}
