//! The add-card form's effects: open it over the screen the user is on, write the card through
//! [`Study::add_card`] (after [`Study::fork_deck`] when the user agreed to fork a shipped deck),
//! and close it. A card that cannot be written leaves the form open with the reason and the
//! typed text; a written card is in the library at once (the decks are reloaded by `Study`).

use super::*;
use crate::content::ContentRoot;
use crate::study_tools::authoring::Target;
use crate::tui::effect::CardDraft;
use crate::tui::screens::add_card::AddCardState;

impl App {
    pub(super) fn apply_add(&mut self, effect: Effect, now: DateTime<Utc>) -> Result<()> {
        match effect {
            Effect::AddCard { deck, kind } => {
                self.status = None;
                let form = AddCardState::new(&self.study, deck.as_deref(), kind);
                self.add_form = Some(Box::new(form));
            }
            Effect::CloseAddCard => self.add_form = None,
            Effect::SaveCard(draft) => self.save_card(*draft, now),
            _ => {}
        }
        Ok(())
    }

    /// The add form is open (it takes every key).
    pub fn adding(&self) -> Option<&AddCardState> {
        self.add_form.as_deref()
    }

    fn save_card(&mut self, draft: CardDraft, now: DateTime<Utc>) {
        let CardDraft {
            card,
            mut target,
            fork,
        } = draft;
        if let Err(why) = self.ensure_content_dir() {
            self.form_failed(why);
            return;
        }
        let mut forked = None;
        if let Some(deck) = fork {
            match self.study.fork_deck(&deck, now) {
                Ok(f) => {
                    let to = f.to.display().to_string();
                    if let Some(form) = self.add_form.as_mut() {
                        form.forked(&f.from, to.clone());
                    }
                    target = Target::Deck(to.clone());
                    forked = Some((
                        f.from.clone(),
                        format!(
                            "forked {} into {to} ({}, same ids)",
                            f.from,
                            crate::words::counted(f.cards, "card", "cards")
                        ),
                    ));
                    self.refresh_after_write(None, now);
                }
                Err(e) => {
                    self.form_failed(e.to_string());
                    return;
                }
            }
        }
        match self.study.add_card(&card, &target, now) {
            Ok(added) => {
                self.add_form = None;
                // The id and the file first: a narrow terminal cuts the end of the line.
                let fork_note = forked
                    .map(|(from, _)| format!(" (your fork of {from}: same ids, history kept)"))
                    .unwrap_or_default();
                let mut status = format!(
                    "added card `{}` to {}:{}{fork_note} · {}",
                    added.id,
                    added.file.display(),
                    added.line,
                    self.how_to_review(&added.id, now)
                );
                if let Some(w) = added.warnings.first() {
                    status.push_str(&format!(" · warning: {w}"));
                }
                self.status = Some(status);
                self.refresh_after_write(Some(&added.id), now);
            }
            Err(e) => {
                let why = match forked {
                    Some((_, f)) => format!("{f}; the card was not added: {e}"),
                    None => e.to_string(),
                };
                self.form_failed(why);
            }
        }
    }

    /// How to study the new card now: `r` when today's session takes it, else (new-card
    /// limits used up) the browser, where Enter reviews any card.
    fn how_to_review(&self, id: &str, now: DateTime<Utc>) -> &'static str {
        if matches!(self.screen, Screen::Browse(_)) {
            return "enter reviews it now";
        }
        let in_session = self
            .study
            .session(&Filter::default(), now)
            .is_ok_and(|mut s| std::iter::from_fn(|| s.next(now)).any(|c| c == id));
        if in_session {
            "r reviews it now"
        } else {
            "today's new-card limit is used up: b, then enter on it, reviews it now"
        }
    }

    fn form_failed(&mut self, why: String) {
        if let Some(form) = self.add_form.as_mut() {
            form.failed(why);
        }
    }

    /// Without any content directory configured, new decks and forks go to
    /// `<data dir>/content` (as `e` on a shipped card does), loaded from now on.
    fn ensure_content_dir(&mut self) -> std::result::Result<(), String> {
        let settings = &mut self.study.settings;
        if settings
            .roots
            .iter()
            .any(|r| matches!(r, ContentRoot::Dir(_)))
        {
            return Ok(());
        }
        let dir = crate::fork::target_dir(settings);
        std::fs::create_dir_all(&dir).map_err(|e| {
            format!(
                "no content directory to write to: {} cannot be created ({e}); pass `--content DIR` or add `content = [\"DIR\"]` to the config file",
                dir.display()
            )
        })?;
        settings.roots.push(ContentRoot::Dir(dir));
        Ok(())
    }

    /// The screen under the form shows the decks as they are now (the new card selected in
    /// the browser; home keeps its row).
    fn refresh_after_write(&mut self, card: Option<&str>, now: DateTime<Utc>) {
        self.forget_search_index();
        match &mut self.screen {
            Screen::Home(h) => {
                let row = h.table.selected();
                *h = HomeState::new(&self.study, now);
                h.table
                    .select(row.map(|r| r.min(h.rows.len().saturating_sub(1))));
            }
            Screen::Browse(b) => {
                b.refresh(&self.study, now);
                if let Some(i) = card.and_then(|id| b.rows.iter().position(|r| r == id)) {
                    b.table.select(Some(i));
                }
            }
            // The form opens only over home and the browser.
            _ => {}
        }
    }
}
