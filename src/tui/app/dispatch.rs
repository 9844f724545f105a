//! `App::apply`: a key's [`Action`] becomes [`Effect`]s. App-wide actions (help, undo, opening
//! the overview screens) are effects of their own; everything else goes to the screen on
//! show, which changes its view state and returns what should happen. `run_effects` applies
//! them (see `effects`).

use super::*;

impl App {
    /// The one place where a key's action takes effect.
    pub fn apply(&mut self, action: Action, now: DateTime<Utc>) -> Result<()> {
        if action != Action::None && action != Action::Help {
            self.status = None;
        }
        let effects = self.effects_for(action, now);
        self.run_effects(effects, now);
        Ok(())
    }

    /// What an action means on the current screen.
    fn effects_for(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        match action {
            Action::None => return Vec::new(),
            Action::Quit => return vec![Effect::Quit],
            Action::Help => {
                self.help = !self.help;
                return Vec::new();
            }
            Action::Undo => return vec![Effect::Undo],
            Action::ReviewAll => {
                self.start_review(Filter::default(), now);
                return Vec::new();
            }
            Action::OpenStats => {
                match crate::stats::dashboard(&self.study, now) {
                    Ok(dash) => self.push(Screen::Stats(Box::new(StatsState { dash, tab: 0 }))),
                    Err(e) => return vec![Effect::Status(format!("cannot read the stats: {e:#}"))],
                }
                return Vec::new();
            }
            Action::OpenStories => {
                let own = crate::own::load(&self.study.library);
                self.push(Screen::Stories(Box::new(StoriesState::new(own))));
                return Vec::new();
            }
            Action::OpenBrowse => {
                let b = BrowseState::new(&self.study, now);
                self.push(Screen::Browse(Box::new(b)));
                return Vec::new();
            }
            Action::OpenDrill => {
                let own = crate::own::load(&self.study.library);
                self.push(Screen::Drill(Box::new(DrillState::new(own.dossiers))));
                return Vec::new();
            }
            Action::OpenLoops => {
                let (loops, problems) = crate::mock::loops::load_loops(&self.study.library);
                self.push(Screen::Loops(Box::new(LoopsState::new(
                    loops,
                    problems.len(),
                ))));
                return Vec::new();
            }
            Action::Stories => {
                self.open_story_overlay();
                return Vec::new();
            }
            Action::Search => {
                self.open_search();
                return Vec::new();
            }
            _ => {}
        }
        let study = &self.study;
        match &mut self.screen {
            Screen::Mock(m) => m.apply(action, study, now),
            Screen::Resume { .. } => match action {
                Action::Resume => vec![Effect::ResumeMock],
                Action::Abandon => vec![Effect::AbandonMock],
                Action::Back => vec![Effect::Back],
                _ => Vec::new(),
            },
            Screen::Practice(p) if p.confirm.is_some() || p.confirm_reset => {
                p.apply(action, study, now)
            }
            _ if action == Action::Back => vec![Effect::Back],
            Screen::Search(_) => Vec::new(),
            Screen::Drill(d) => d.apply(action),
            Screen::Stats(st) => st.apply(action),
            Screen::Stories(st) => st.apply(action),
            Screen::Loops(l) => l.apply(action),
            Screen::Browse(b) => b.apply(action, study, now),
            Screen::Practice(p) => p.apply(action, study, now),
            Screen::Home(h) => {
                if let Some(filter) = h.apply(action) {
                    self.start_review(filter, now);
                }
                Vec::new()
            }
            Screen::Review(r) => r.apply(action, study, &self.theme, now),
        }
    }
}
