//! Dialogs over the current screen: custom study (`c`) and card info (`i`). A dialog takes every
//! key while it is open; the screen underneath keeps its state and is back when it closes.

use super::*;
use crate::tui::keys::{CARD_INFO, lookup};
use crate::tui::screens::card_info::{CardInfoState, InfoOutcome};
use crate::tui::screens::custom::{CustomState, DialogOutcome};

/// A dialog shown over the screen.
pub enum Modal {
    Custom(Box<CustomState>),
    Info(Box<CardInfoState>),
}

impl App {
    /// Opens the custom study dialog with its filter set from `filter`.
    pub(super) fn open_custom(&mut self, filter: Filter, now: DateTime<Utc>) {
        let from_review = matches!(self.screen, Screen::Review(_));
        let dialog = CustomState::new(&filter, from_review, &self.study, now);
        self.modal = Some(Modal::Custom(Box::new(dialog)));
    }

    /// Shows a card's info over the screen.
    pub(super) fn open_card_info(&mut self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let info = self.study.card_info(id, now)?;
        let view = CardInfoState::new(&info, &self.study.settings.tz, &self.theme);
        self.modal = Some(Modal::Info(Box::new(view)));
        Ok(())
    }

    /// A key while a dialog is open; false when no dialog is.
    pub(super) fn modal_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> bool {
        let Some(modal) = self.modal.as_mut() else {
            return false;
        };
        match modal {
            Modal::Info(view) => match lookup(CARD_INFO, key).map(|k| view.on_key(k)) {
                Some(InfoOutcome::Closed) => self.modal = None,
                Some(InfoOutcome::ClearLeech) => {
                    let id = view.id.clone();
                    self.status = Some(match self.study.clear_leech(&id, now) {
                        Ok(true) => {
                            // The overlay shows the card as it is now.
                            let _ = self.open_card_info(&id, now);
                            format!(
                                "took the leech tag off `{id}`; it comes back if the card keeps lapsing"
                            )
                        }
                        Ok(false) => format!("`{id}` is not a leech"),
                        Err(e) => format!("the leech tag was not cleared ({e:#})"),
                    });
                }
                Some(InfoOutcome::Open) | None => {}
            },
            Modal::Custom(dialog) => match dialog.on_key(key, &self.study, now) {
                DialogOutcome::Stay => {}
                DialogOutcome::Close => self.modal = None,
                DialogOutcome::Effects(effects) => {
                    self.status = None;
                    self.run_effects(effects, now);
                    self.hydrate(now);
                }
            },
        }
        true
    }

    /// Draws the open dialog, if any, over the screen.
    pub(super) fn render_modal(&mut self, frame: &mut Frame<'_>, area: ratatui::layout::Rect) {
        match self.modal.as_mut() {
            Some(Modal::Custom(d)) => screens::custom_view::render(d, &self.theme, frame, area),
            Some(Modal::Info(v)) => screens::card_info::render(v, &self.theme, frame, area),
            None => {}
        }
    }
}
