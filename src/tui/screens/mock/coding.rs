//! Coding questions in a mock: opening the workspace (the app runs the editor) and starting
//! the local tests, which the screen polls on each tick.

use super::MockState;
use crate::practice::{self, Run};
use crate::study::Study;
use crate::tui::effect::Effect;

impl MockState {
    pub(super) fn practice(&mut self, study: &Study) -> Vec<Effect> {
        let Some(card) = self
            .run
            .item()
            .and_then(|i| i.card_id.as_deref())
            .and_then(|id| study.card(id))
        else {
            return Vec::new();
        };
        if !card.is_practicable() {
            self.notice = Some("this card has no local tests; write your answer in the box".into());
            return Vec::new();
        }
        vec![Effect::EditMockWorkspace]
    }

    /// Starts the local tests of the card on screen (the app runs this for `RunTests`).
    pub fn start_tests(&mut self, study: &Study) {
        let Some(card) = self
            .run
            .item()
            .and_then(|i| i.card_id.as_deref())
            .and_then(|id| study.card(id))
        else {
            return;
        };
        if !card.is_practicable() {
            self.notice = Some("this card has no local tests; write your answer in the box".into());
            return;
        }
        if self.tests.is_some() {
            return;
        }
        let path = practice::workspace_file(&study.settings.data_dir, card);
        if !path.exists() {
            self.notice = Some("no workspace yet: press p to write your solution".into());
            return;
        }
        self.tests = Some(Run::start(card, &path, practice::run_config(study)));
        self.notice = Some("running the local tests…".into());
    }
}
