//! Key tables of the study tools' dialogs: custom study (`c` on home and in review), the
//! interview-date form (`n` on the plan screen) and card info (`i` in review and the browser,
//! ctrl-o / F2 in search).

use super::{Binding, ch, code, ctrl};
use crossterm::event::KeyCode::{
    BackTab, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

/// The custom study dialog is a form: characters go to the field with the cursor; these keys
/// act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomKey {
    NextField,
    PreviousField,
    NextChoice,
    PreviousChoice,
    Clear,
    Start,
    Cancel,
    Help,
}

pub const CUSTOM: &[Binding<CustomKey>] = &[
    bind!(CustomKey::NextField, [code(Down), code(Tab)], "↓ / ↑, tab", "move between the fields", "↑/↓" => "field"),
    bind!(CustomKey::PreviousField, [code(Up), code(BackTab)], "", ""),
    bind!(CustomKey::NextChoice, [code(Right)], "← / →, space", "change the mode, kind, difficulty, state or reschedule", "←/→" => "change"),
    bind!(CustomKey::PreviousChoice, [code(Left)], "", ""),
    bind!(CustomKey::Clear, [ctrl('u')], "ctrl-u", "clear the field"),
    bind!(CustomKey::Start, [code(Enter)], "enter", "start the session over the selection", "enter" => "start"),
    bind!(CustomKey::Cancel, [code(Esc)], "esc", "cancel", "esc" => "cancel"),
    bind!(CustomKey::Help, [code(F(1))], "F1", "show or hide this help", "F1" => "help"),
];

/// The interview-date form (`n` on the plan screen): characters go to the date or the name;
/// these keys act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterviewFormKey {
    NextField,
    PreviousField,
    NextChoice,
    PreviousChoice,
    Clear,
    Save,
    Cancel,
    Help,
}

pub const INTERVIEW_FORM: &[Binding<InterviewFormKey>] = &[
    bind!(InterviewFormKey::NextField, [code(Down), code(Tab)], "↓ / ↑, tab", "move between the fields", "↑/↓" => "field"),
    bind!(
        InterviewFormKey::PreviousField,
        [code(Up), code(BackTab)],
        "",
        ""
    ),
    bind!(InterviewFormKey::NextChoice, [code(Right)], "← / →, space", "choose the loop (or type its first letter: m for ms)", "←/→" => "loop"),
    bind!(InterviewFormKey::PreviousChoice, [code(Left)], "", ""),
    bind!(
        InterviewFormKey::Clear,
        [ctrl('u')],
        "ctrl-u",
        "clear the field"
    ),
    bind!(InterviewFormKey::Save, [code(Enter)], "enter", "save the date in config.toml", "enter" => "save"),
    bind!(InterviewFormKey::Cancel, [code(Esc)], "esc", "cancel", "esc" => "cancel"),
    bind!(InterviewFormKey::Help, [code(F(1))], "F1", "show or hide this help", "F1" => "help"),
];

/// Card info, shown over the screen it was opened from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardInfoKey {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Close,
    /// Take the `leech` tag off this card.
    ClearLeech,
    Help,
}

pub const CARD_INFO: &[Binding<CardInfoKey>] = &[
    bind!(CardInfoKey::Down, [ch('j'), code(Down)], "j / k, ↓ / ↑", "scroll", "j/k" => "scroll"),
    bind!(CardInfoKey::Up, [ch('k'), code(Up)], "", ""),
    bind!(
        CardInfoKey::PageDown,
        [code(PageDown), ctrl('f')],
        "PgDn / PgUp",
        "scroll a page"
    ),
    bind!(CardInfoKey::PageUp, [code(PageUp), ctrl('b')], "", ""),
    bind!(
        CardInfoKey::Top,
        [ch('g'), code(Home)],
        "g / G",
        "top / bottom"
    ),
    bind!(CardInfoKey::Bottom, [ch('G'), code(End)], "", ""),
    bind!(CardInfoKey::Close, [code(Esc), ch('q'), ch('i'), code(F(2)), ctrl('o')], "esc, q, i", "close card info", "esc" => "close"),
    bind!(CardInfoKey::ClearLeech, [ch('L')], "L", "a leech you rewrote: take its leech tag off", "L" => "clear leech"),
    bind!(CardInfoKey::Help, [ch('?'), code(F(1))], "?", "show or hide this help", "?" => "help"),
];
