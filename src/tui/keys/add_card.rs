//! Key tables of the add-card form (`a` on home and in the browser): the keys every field
//! shares, the keys of the two choice fields (kind, deck), of the one-line text fields, and of
//! the form's two y/n questions (discard the typed card; fork a shipped deck). Every other key
//! is text for the focused box.

use super::{Binding, ch, code, ctrl};
use crossterm::event::KeyCode::{BackTab, Enter, Esc, F, Left, Right, Tab};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddCardKey {
    Next,
    Previous,
    Save,
    Cancel,
    Help,
}

/// Keys that work in every field of the form.
pub const ADD_CARD: &[Binding<AddCardKey>] = &[
    bind!(AddCardKey::Next, [code(Tab)], "tab", "next field", "tab" => "next field"),
    bind!(
        AddCardKey::Previous,
        [code(BackTab)],
        "shift-tab",
        "previous field"
    ),
    bind!(AddCardKey::Save, [ctrl('s')], "ctrl-s", "save the card (checked by the deck parser first)", "ctrl-s" => "save"),
    bind!(AddCardKey::Cancel, [code(Esc)], "esc", "cancel (asks before dropping typed text)", "esc" => "cancel"),
    bind!(AddCardKey::Help, [code(F(1))], "F1", "show or hide this help", "F1" => "help"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddChoiceKey {
    NextOption,
    PreviousOption,
    NextField,
}

/// On the kind and deck fields.
pub const ADD_CARD_CHOICE: &[Binding<AddChoiceKey>] = &[
    bind!(AddChoiceKey::NextOption, [code(Right), ch(' '), ch('l')], "→, space", "kind / deck: the next choice", "←/→" => "choose"),
    bind!(
        AddChoiceKey::PreviousOption,
        [code(Left), ch('h')],
        "←",
        "kind / deck: the previous choice"
    ),
    bind!(
        AddChoiceKey::NextField,
        [code(Enter)],
        "enter",
        "next field (a new line in the answer and key points)"
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddLineKey {
    NextField,
}

/// On the one-line fields (new deck title, prompt, tags): Enter moves on instead of breaking
/// the line. In the answer and the key points, Enter starts a new line.
pub const ADD_CARD_LINE: &[Binding<AddLineKey>] =
    &[bind!(AddLineKey::NextField, [code(Enter)], "", "")];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddConfirmKey {
    Yes,
    No,
}

/// "Discard the typed card?"
pub const ADD_CARD_DISCARD: &[Binding<AddConfirmKey>] = &[
    bind!(AddConfirmKey::Yes, [ch('y')], "y", "discard the typed card and go back", "y" => "discard"),
    bind!(AddConfirmKey::No, [ch('n'), code(Esc)], "n, esc", "keep editing", "n" => "keep editing"),
];

/// "Fork the shipped deck into your content directory, then add the card there?"
pub const ADD_CARD_FORK: &[Binding<AddConfirmKey>] = &[
    bind!(AddConfirmKey::Yes, [ch('y')], "y", "copy the shipped deck to your content directory (same ids, history stays) and add the card to the copy", "y" => "fork and add"),
    bind!(AddConfirmKey::No, [ch('n'), code(Esc)], "n, esc", "don't fork; choose another deck", "n" => "don't fork"),
];
