//! Dialogs over the current screen: custom study (`c`), card info (`i`) and the interview date
//! (`n` on the plan screen). A dialog takes every
//! key while it is open; the screen underneath keeps its state and is back when it closes.

use super::*;
use crate::tui::keys::{
    CARD_INFO, CUSTOM, CardInfoKey, CustomKey, INTERVIEW_FORM, InterviewFormKey, help, lookup,
};
use crate::tui::screens::card_info::{CardInfoState, InfoOutcome};
use crate::tui::screens::custom::{CustomState, DialogOutcome};
use crate::tui::screens::interview_form::{FormOutcome, InterviewForm};

/// A dialog shown over the screen.
pub enum Modal {
    Custom(Box<CustomState>),
    Info(Box<CardInfoState>),
    Interview(Box<InterviewForm>),
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

    /// Opens the interview-date form over the screen.
    pub(super) fn open_interview_form(&mut self, now: DateTime<Utc>) {
        let today = (self.study.day(now).0 + chrono::Duration::hours(12)).date_naive();
        let config = self.study.settings.config_path.as_ref().map_or_else(
            || "config.toml (none in use: --config FILE)".to_string(),
            |p| p.display().to_string(),
        );
        let form = InterviewForm::new(self.study.loop_choices(), today, config);
        self.modal = Some(Modal::Interview(Box::new(form)));
    }

    /// Saves the form's date; the plan on screen is made toward it. On a failure the form
    /// stays open with the reason.
    pub(super) fn save_interview(&mut self, interview: crate::plan::Interview, now: DateTime<Utc>) {
        let date = interview.date;
        match self.study.add_interview(interview) {
            Ok(path) => {
                self.modal = None;
                let next = self.study.next_interview(now).map(|i| i.date);
                self.status = Some(match next.filter(|d| *d != date) {
                    Some(first) => format!(
                        "saved the interview on {date}; the plan follows the next one, on {first}"
                    ),
                    None => format!("saved the interview on {date} in {}", path.display()),
                });
                self.refresh_screen(now);
            }
            Err(e) => {
                if let Some(Modal::Interview(form)) = self.modal.as_mut() {
                    form.error = Some(format!("not saved: {e:#}"));
                }
            }
        }
    }

    /// `e` on the plan: the config file in the editor, at its interview dates.
    pub(super) fn edit_config(&mut self) {
        let Some(path) = self.study.settings.config_path.clone() else {
            self.status = Some("no config file is in use: start mlprep with --config FILE".into());
            return;
        };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        self.external = Some(External::EditConfig {
            line: crate::config::interviews_line(&text),
            path,
            editor: self.study.settings.editor.clone(),
        });
    }

    /// After the editor: the dates and daily minutes as the file says now, and the plan made
    /// again. A file that no longer reads keeps the dates as they were and names its line.
    pub(super) fn reread_interviews(&mut self, now: DateTime<Utc>) {
        let Some(path) = self.study.settings.config_path.clone() else {
            return;
        };
        match crate::config::read_interviews(&path) {
            Ok((interviews, minutes)) => {
                let n = interviews.len();
                self.study.settings.interviews = interviews;
                if let Some(m) = minutes {
                    self.study.settings.daily_minutes = m;
                }
                self.status = Some(format!(
                    "read {} from {}",
                    crate::words::counted(n, "interview date", "interview dates"),
                    path.display()
                ));
            }
            Err(e) => {
                self.status = Some(format!("{e:#}; the dates stay as they were: fix it with e"));
            }
        }
        self.refresh_screen(now);
    }

    /// A key while a dialog is open; false when no dialog is.
    pub(super) fn modal_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> bool {
        let Some(modal) = self.modal.as_mut() else {
            return false;
        };
        // The dialog's key list (F1, or ? in card info) over the dialog.
        if self.help {
            if matches!(
                key.code,
                KeyCode::Char('?' | 'q') | KeyCode::Esc | KeyCode::F(1)
            ) {
                self.help = false;
            }
            return true;
        }
        let wants_help = match modal {
            Modal::Custom(_) => lookup(CUSTOM, key) == Some(CustomKey::Help),
            Modal::Info(_) => lookup(CARD_INFO, key) == Some(CardInfoKey::Help),
            Modal::Interview(_) => lookup(INTERVIEW_FORM, key) == Some(InterviewFormKey::Help),
        };
        if wants_help {
            self.help = true;
            return true;
        }
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
            Modal::Interview(form) => match form.on_key(key) {
                FormOutcome::Stay => {}
                FormOutcome::Close => self.modal = None,
                FormOutcome::Save(iv) => self.save_interview(iv, now),
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

    /// The open dialog's key list, for the help overlay.
    pub(super) fn modal_help(&self) -> Option<Vec<(&'static str, &'static str)>> {
        Some(match self.modal.as_ref()? {
            Modal::Custom(_) => help(CUSTOM),
            Modal::Info(_) => help(CARD_INFO),
            Modal::Interview(_) => help(INTERVIEW_FORM),
        })
    }

    /// Draws the open dialog, if any, over the screen.
    pub(super) fn render_modal(&mut self, frame: &mut Frame<'_>, area: ratatui::layout::Rect) {
        match self.modal.as_mut() {
            Some(Modal::Custom(d)) => screens::custom_view::render(d, &self.theme, frame, area),
            Some(Modal::Info(v)) => screens::card_info::render(v, &self.theme, frame, area),
            Some(Modal::Interview(f)) => {
                screens::interview_form::render(f, &self.theme, frame, area)
            }
            None => {}
        }
    }
}
