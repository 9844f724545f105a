//! Moving between screens (push, back, open a card, practice, search, stories, leave a mock),
//! undo, and picking up decks edited on disk.

use super::*;

impl App {
    /// Decks edited on disk while mlprep runs are re-read (checked every 2 s, less often when
    /// the folder is large; history is kept).
    pub(super) fn watch_content(&mut self, now: DateTime<Utc>) -> Result<()> {
        if matches!(self.screen, Screen::Mock(_))
            || self
                .last_stamp
                .is_some_and(|(t, _)| now - t < chrono::Duration::seconds(2))
        {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let stamp = self.study.content_stamp();
        let changed =
            self.last_stamp.is_some_and(|(_, s)| s != stamp) && stamp != self.study.loaded_stamp;
        // The next check waits the usual 2 s plus any back-off the walk's cost asks for.
        self.last_stamp = Some((now + watch_backoff(started.elapsed()), stamp));
        if changed {
            self.last_external = None;
            self.external_done(Ok(()), now)?;
        }
        Ok(())
    }

    /// Opens the practice screen for a card and hands the workspace to the editor.
    pub fn open_practice(&mut self, id: &str, now: DateTime<Utc>) -> Result<()> {
        self.study.ensure_text(id);
        let card = self
            .study
            .card(id)
            .ok_or_else(|| anyhow::anyhow!("no card `{id}`"))?;
        let state = PracticeState::new(&self.study, card, now)?;
        let python = &self.study.settings.python;
        let missing = crate::practice::missing_modules(python, &card.requires);
        if missing.is_empty() {
            self.external = Some(External::EditWorkspace {
                path: state.file.clone(),
                editor: self.study.settings.editor.clone(),
            });
        } else {
            // Said before any editor opens: the tests cannot run until it is installed.
            let list = missing.join(" ");
            self.status = Some(format!(
                "needs the Python module {list} · e: write your solution anyway · install: `{python} -m pip install {list}`"
            ));
        }
        let previous = std::mem::replace(&mut self.screen, Screen::Practice(Box::new(state)));
        self.stack.push(previous);
        Ok(())
    }

    pub(super) fn push(&mut self, screen: Screen) {
        let previous = std::mem::replace(&mut self.screen, screen);
        self.stack.push(previous);
    }

    pub(super) fn back(&mut self, now: DateTime<Utc>) {
        if matches!(
            self.screen,
            Screen::Stats(_)
                | Screen::Stories(_)
                | Screen::Browse(_)
                | Screen::Loops(_)
                | Screen::Search(_)
                | Screen::Drill(_)
                | Screen::Plan(_)
        ) {
            self.pop_screen(now);
            return;
        }
        if matches!(self.screen, Screen::Review(_)) && !self.stack.is_empty() {
            self.pop_screen(now);
            return;
        }
        if let Screen::Review(r) = &self.screen
            && self.quit_on_back
        {
            if r.reviewed > 0 {
                self.exit_message = Some(format!(
                    "{} reviewed; every grade is saved",
                    crate::words::counted(r.reviewed, "card", "cards")
                ));
            }
            self.quit = true;
            return;
        }
        if matches!(self.screen, Screen::Practice(_))
            && let Some(prev) = self.stack.pop()
        {
            self.screen = prev;
            if let Screen::Home(h) = &mut self.screen {
                *h = HomeState::new(&self.study, now);
            }
            return;
        }
        if matches!(self.screen, Screen::Practice(_)) {
            self.quit = true;
            return;
        }
        self.go_home(now);
    }

    /// Opens a card chosen in search or the browser: practice for a coding card, else review.
    pub(super) fn open_card(&mut self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let Some(card) = self.study.card(id) else {
            return Ok(());
        };
        if card.is_practicable() {
            return self.open_practice(id, now);
        }
        let state = ReviewState::for_card(&self.study, id, &self.theme, now);
        let previous = std::mem::replace(&mut self.screen, Screen::Review(Box::new(state)));
        self.stack.push(previous);
        Ok(())
    }

    /// Asks for the editor on a card's deck file at its line.
    pub(super) fn edit_card(&mut self, id: &str) {
        let Some(card) = self.study.card(id) else {
            return;
        };
        if let Some(rel) = crate::fork::shipped_rel(&card.deck) {
            // Shipped decks are never edited in place (not even a checkout's content/): the
            // first `e` offers a fork, the second makes it and opens the user's copy.
            let rel = rel.to_string();
            let line = card.line;
            let dest = crate::fork::destination(&self.study.settings, &rel);
            if self.fork_offer.as_deref() != Some(id) {
                self.fork_offer = Some(id.to_string());
                self.status = Some(format!(
                    "this card ships with mlprep: press e again to copy its deck to {} (same ids, your history stays) and edit your copy",
                    dest.display()
                ));
                return;
            }
            self.fork_offer = None;
            match crate::fork::fork(&mut self.study.settings, &rel) {
                Ok(path) => {
                    self.status = Some(format!(
                        "your copy replaces the shipped deck (same ids, history kept): {}",
                        path.display()
                    ));
                    self.external = Some(External::EditCard {
                        path,
                        line,
                        editor: self.study.settings.editor.clone(),
                    });
                }
                Err(e) => {
                    self.status = Some(format!("cannot copy the deck to {}: {e}", dest.display()))
                }
            }
        } else {
            self.external = Some(External::EditCard {
                path: PathBuf::from(card.deck.as_ref()),
                line: card.line,
                editor: self.study.settings.editor.clone(),
            });
        }
    }

    /// The screen on top shows the study as it is now (after a grade on a screen above it, or
    /// decks re-read from disk): home's counts, the review's card, the browser's rows.
    pub(super) fn refresh_screen(&mut self, now: DateTime<Utc>) {
        match &mut self.screen {
            Screen::Home(h) => *h = HomeState::new(&self.study, now),
            Screen::Review(r) => r.refresh(&self.study, &self.theme, now),
            Screen::Browse(b) => b.refresh(&self.study, now),
            Screen::Plan(p) => **p = PlanState::new(&self.study, now),
            // Nothing on these depends on what changed.
            Screen::Practice(_)
            | Screen::Mock(_)
            | Screen::Search(_)
            | Screen::Stats(_)
            | Screen::Stories(_)
            | Screen::Loops(_)
            | Screen::Drill(_)
            | Screen::Resume { .. } => {}
        }
    }

    /// Back to the screen below (or home).
    pub(super) fn pop_screen(&mut self, now: DateTime<Utc>) {
        match self.stack.pop() {
            Some(prev) => {
                self.screen = prev;
                self.refresh_screen(now);
            }
            None => self.screen = Screen::Home(HomeState::new(&self.study, now)),
        }
    }

    /// Leaves a mock: home when it was opened from there, otherwise quit.
    pub(super) fn leave(&mut self, now: DateTime<Utc>) {
        if let Screen::Mock(m) = &self.screen
            && m.run.phase != Phase::Report
            && m.id.is_some()
        {
            self.exit_message = Some("mock paused: run mlprep again to resume it".into());
        }
        match self.stack.pop() {
            Some(prev) => {
                self.screen = prev;
                if let Screen::Home(h) = &mut self.screen {
                    *h = HomeState::new(&self.study, now);
                }
            }
            None => self.quit = true,
        }
    }

    /// Starts a review session.
    pub(super) fn start_review(&mut self, filter: Filter, now: DateTime<Utc>) -> Result<()> {
        let state = ReviewState::new(&self.study, filter, &self.theme, now)?;
        self.screen = Screen::Review(Box::new(state));
        Ok(())
    }

    /// The user's stories over a behavioural card (`o`), read once when opened.
    pub(super) fn open_story_overlay(&mut self) {
        let Some(card) = self
            .current_card_id()
            .and_then(|id| self.study.card(id))
            .filter(|c| c.kind == crate::content::Kind::Behavioural)
        else {
            self.status = Some("your stories are shown on behavioural cards".into());
            return;
        };
        let lps = card.lps.clone();
        let stories = crate::own::load(&self.study.library)
            .stories
            .into_iter()
            .filter(|s| s.lps.iter().any(|l| lps.contains(l)))
            .collect();
        self.story_overlay = Some(StoryOverlay {
            scroll: 0,
            lps,
            stories,
        });
    }

    /// Custom study (`mlprep review --cram/--ahead/--extra-*`): a session built by
    /// [`Study::custom_session`], reviewed on the review screen.
    pub(super) fn start_custom(
        &mut self,
        filter: Filter,
        custom: &crate::study_tools::custom::CustomStudy,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let session = self.study.custom_session(&filter, custom, now)?;
        let state = ReviewState::with_session(&self.study, filter, session, &self.theme, now);
        self.screen = Screen::Review(Box::new(state));
        Ok(())
    }

    pub(super) fn go_home(&mut self, now: DateTime<Utc>) {
        if let Screen::Review(r) = &self.screen
            && r.reviewed > 0
        {
            self.status = Some(format!(
                "{} reviewed this session; every grade is saved",
                crate::words::counted(r.reviewed, "card", "cards")
            ));
        }
        self.screen = Screen::Home(HomeState::new(&self.study, now));
    }

    pub(super) fn undo(&mut self, now: DateTime<Utc>) -> Result<()> {
        let Some(undone) = self.study.undo()? else {
            self.status = Some("nothing to undo".into());
            return Ok(());
        };
        let prompt = self
            .study
            .card(&undone.card_id)
            .map(|c| c.prompt.clone())
            .unwrap_or_else(|| undone.card_id.clone());
        self.status = Some(format!(
            "undid {} on “{}”",
            undone.grade.label(),
            crate::content::inert(&prompt)
        ));
        match &mut self.screen {
            Screen::Review(r) => r.show_again(&undone.card_id, &self.study, &self.theme, now),
            Screen::Home(h) => *h = HomeState::new(&self.study, now),
            Screen::Practice(_)
            | Screen::Mock(_)
            | Screen::Search(_)
            | Screen::Stats(_)
            | Screen::Stories(_)
            | Screen::Browse(_)
            | Screen::Loops(_)
            | Screen::Drill(_)
            | Screen::Plan(_)
            | Screen::Resume { .. } => {}
        }
        Ok(())
    }
}

/// How much longer than 2 s to wait before the next look at the content folders: the walk may
/// use at most about 1% of a core (a check that took 140 ms waits 14 s), and never waits more
/// than a minute.
fn watch_backoff(cost: std::time::Duration) -> chrono::Duration {
    let wait = (cost * 100).min(std::time::Duration::from_secs(60));
    chrono::Duration::from_std(wait.saturating_sub(std::time::Duration::from_secs(2)))
        .unwrap_or_default()
}

#[cfg(test)]
mod watch_tests {
    use super::watch_backoff;
    use std::time::Duration;

    #[test]
    fn the_watcher_backs_off_in_proportion_to_the_cost_of_a_look() {
        assert_eq!(
            watch_backoff(Duration::from_millis(3)),
            chrono::Duration::zero()
        );
        assert_eq!(
            watch_backoff(Duration::from_millis(140)),
            chrono::Duration::seconds(12)
        );
        assert_eq!(
            watch_backoff(Duration::from_secs(5)),
            chrono::Duration::seconds(58)
        );
    }
}
