//! The application state machine: which screen is showing; a key goes to the screen (through
//! its key table), the screen returns [`Effect`]s, and `effects` is the one place they run.
//! Only this module changes the [`Study`], and only through its methods (no SQL here).
//! `dispatch` routes keys, `effects` runs effects, `nav` moves between screens.

mod add;
mod ai;
mod dispatch;
mod effects;
mod modal;
mod nav;
mod search;

pub use modal::Modal;

use super::effect::{Effect, Typed};
use super::screens::{
    self, browse::BrowseState, drill::DrillState, home::HomeState, loops::LoopsState,
    mock::MockState, plan::PlanState, practice::PracticeState, review::ReviewState,
    search::SearchState, stats::StatsState, stories::StoriesState,
};
use super::theme::Theme;
use crate::mock::plan::MockPlan;
use crate::mock::session::{MockRun, Phase};
use crate::schedule::Grade;
use crate::study::{Filter, MockId, ReviewSource, Study};
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use std::path::PathBuf;

/// Where the UI opens.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    Home,
    Review(Filter),
    /// Custom study over a filter (extra new cards, review ahead, cram).
    Custom(Filter, crate::study_tools::custom::CustomStudy),
    /// Practise one coding card (opens the editor first).
    Practice(String),
    /// Run a mock interview from this plan.
    Mock(Box<MockPlan>),
}

/// Screens, exhaustively matched.
pub enum Screen {
    Home(HomeState),
    Review(Box<ReviewState>),
    Practice(Box<PracticeState>),
    Mock(Box<MockState>),
    Search(Box<SearchState>),
    Stats(Box<StatsState>),
    Stories(Box<StoriesState>),
    Browse(Box<BrowseState>),
    Loops(Box<LoopsState>),
    Drill(Box<DrillState>),
    Plan(Box<PlanState>),
    /// An interrupted mock: resume or abandon (then maybe start `then`).
    Resume {
        id: MockId,
        run: Box<MockRun>,
        then: Option<Box<MockPlan>>,
    },
}

/// A program that needs the terminal (the editor); run by the loop between frames.
#[derive(Debug, Clone)]
pub enum External {
    /// A deck file at a card's line; the decks are re-read afterwards.
    EditCard {
        path: PathBuf,
        line: u32,
        editor: Option<String>,
    },
    /// A mock answer or a mock coding workspace.
    EditMock {
        path: PathBuf,
        practice: bool,
        editor: Option<String>,
    },
    /// The config file at its interview dates; the dates are read again afterwards.
    EditConfig {
        path: PathBuf,
        line: u32,
        editor: Option<String>,
    },
    /// A practice workspace; the tests run afterwards.
    EditWorkspace {
        path: PathBuf,
        editor: Option<String>,
    },
}

impl External {
    pub fn run(&self) -> Result<()> {
        match self {
            External::EditCard { path, line, editor }
            | External::EditConfig { path, line, editor } => {
                crate::editor::open(path, Some(*line), editor.as_deref())
            }
            External::EditWorkspace { path, editor } => {
                crate::editor::open(path, None, editor.as_deref())
            }
            External::EditMock { path, editor, .. } => {
                crate::editor::open(path, None, editor.as_deref())
            }
        }
    }
}

/// The user's stories shown over a behavioural card: read once when opened.
pub(crate) struct StoryOverlay {
    scroll: u16,
    lps: Vec<String>,
    stories: Vec<crate::own::Story>,
}

pub struct App {
    pub study: Study,
    pub screen: Screen,
    pub theme: Theme,
    pub help: bool,
    pub status: Option<String>,
    /// Screens to return to (practice opened from review).
    stack: Vec<Screen>,
    last_external: Option<External>,
    /// Built on the first `/`, dropped when the decks are re-read.
    search_index: Option<std::rc::Rc<search::Built>>,
    /// The first `/` of a large library builds the index here, off the event loop.
    search_build: Option<search::Building>,
    /// The user's stories shown over a behavioural card (`o`), with its scroll.
    story_overlay: Option<StoryOverlay>,
    /// A dialog over the screen (custom study, card info); it takes the keys while open.
    pub modal: Option<Modal>,
    /// When the user's deck files were last fingerprinted, and the fingerprint.
    last_stamp: Option<(DateTime<Utc>, u64)>,
    quit: bool,
    /// Started as `mlprep review …`: leaving the review returns to the shell, not home.
    quit_on_back: bool,
    /// The shipped card whose fork was offered by the last `e` (a second `e` forks).
    fork_offer: Option<String>,
    external: Option<External>,
    exit_message: Option<String>,
    /// The AI interviewer's request on a worker (polled by `tick`).
    ai_job: Option<ai::AiTask>,
    /// A remote endpoint's consent question, asked on the status line, and what to send once
    /// the user agrees (screens other than review).
    ai_consent: Option<(String, Effect)>,
    /// The add-card form (`a` on home and in the browser), drawn over the screen.
    add_form: Option<Box<screens::add_card::AddCardState>>,
}

impl App {
    pub fn new(study: Study, start: Start, theme: Theme, now: DateTime<Utc>) -> Result<App> {
        let study_stamp = study.loaded_stamp;
        let home = HomeState::new(&study, now);
        let mut app = App {
            study,
            screen: Screen::Home(home),
            theme,
            stack: Vec::new(),
            last_external: None,
            search_index: None,
            search_build: None,
            story_overlay: None,
            modal: None,
            last_stamp: Some((now, study_stamp)),
            help: false,
            status: None,
            quit: false,
            quit_on_back: false,
            fork_offer: None,
            external: None,
            exit_message: None,
            ai_job: None,
            ai_consent: None,
            add_form: None,
        };
        match start {
            Start::Home => {}
            Start::Review(filter) => {
                app.start_review(filter, now)?;
                // `mlprep review`: leaving the review returns to the shell.
                app.quit_on_back = true;
            }
            Start::Custom(filter, custom) => {
                app.start_custom(filter, &custom, now)?;
                // `mlprep review --cram ...`: leaving the session returns to the shell.
                app.quit_on_back = true;
            }
            Start::Practice(id) => {
                // `mlprep practice ID`: leaving practice returns to the shell.
                app.open_practice(&id, now)?;
                app.stack.clear();
            }
            Start::Mock(plan) => app.screen = app.mock_screen(MockState::new(*plan, now)),
        }
        if !matches!(app.screen, Screen::Practice(_))
            && let Some((id, run)) = app.study.active_mock()?
        {
            let then = match std::mem::replace(
                &mut app.screen,
                Screen::Home(HomeState::new(&app.study, now)),
            ) {
                Screen::Mock(m) => Some(Box::new(m.run.plan)),
                _ => None,
            };
            app.screen = Screen::Resume {
                id,
                run: Box::new(run),
                then,
            };
        }
        let problems = app.study.library.errors();
        if problems > 0 {
            app.status = Some(format!(
                "{} content problem(s){}: run `mlprep check` for file and line",
                problems,
                if app.study.library.failed_files > 0 {
                    format!(
                        ", {} deck file(s) not loaded",
                        app.study.library.failed_files
                    )
                } else {
                    String::new()
                }
            ));
        }
        app.hydrate(now);
        Ok(app)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn exit_message(&self) -> Option<&str> {
        self.exit_message.as_deref()
    }

    /// A program is waiting to take the terminal (the editor).
    pub fn has_external(&self) -> bool {
        self.external.is_some()
    }

    pub fn take_external(&mut self) -> Option<External> {
        self.last_external = self.external.clone();
        self.external.take()
    }

    /// After the editor returns: run the tests (workspace) or re-read the decks (card edit;
    /// history is kept by id).
    pub fn external_done(&mut self, outcome: Result<()>, now: DateTime<Utc>) -> Result<()> {
        let failed = outcome.is_err();
        if let Err(e) = outcome {
            self.status = Some(format!("{e:#}"));
        }
        if let Some(External::EditMock { path, practice, .. }) = self.last_external.clone() {
            self.last_external = None;
            let text = (!practice)
                .then(|| std::fs::read_to_string(&path).ok())
                .flatten();
            if let Screen::Mock(m) = &mut self.screen {
                let effects = m.edited(text, practice && !failed);
                self.run_effects(effects, now);
            }
            return Ok(());
        }
        if let Some(External::EditConfig { .. }) = self.last_external {
            self.last_external = None;
            self.reread_interviews(now);
            return Ok(());
        }
        if let Some(External::EditWorkspace { .. }) = self.last_external.take() {
            if matches!(self.screen, Screen::Practice(_)) && !failed {
                self.run_effects(vec![Effect::RunTests], now);
            }
            return Ok(());
        }
        if let Err(e) = self.study.reload(now) {
            self.status = Some(format!(
                "the decks could not be re-read ({e:#}); save the file again to retry"
            ));
            return Ok(());
        }
        self.forget_search_index();
        let errors = self.study.library.errors();
        if errors > 0 {
            let first = self
                .study
                .library
                .problems
                .iter()
                .find(|p| p.severity == crate::content::Severity::Error)
                .map(|p| p.to_string())
                .unwrap_or_default();
            self.status = Some(format!("deck reloaded with {errors} problem(s): {first}"));
        } else if self.status.is_none() {
            self.status = Some("deck reloaded".into());
        }
        self.refresh_screen(now);
        self.hydrate(now);
        Ok(())
    }

    /// Timers advance here even without input (learning cards coming due, mock clocks).
    pub fn tick(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.watch_content(now)?;
        self.poll_ai(now);
        self.poll_search_build(now);
        let effects = match &mut self.screen {
            Screen::Review(r) if r.current.is_none() => {
                r.advance(&self.study, &self.theme, now);
                Vec::new()
            }
            Screen::Practice(p) => p.tick(now),
            Screen::Mock(m) => m.tick(now),
            _ => Vec::new(),
        };
        self.run_effects(effects, now);
        self.hydrate(now);
        Ok(())
    }

    /// The card on screen in a review or a mock segment.
    fn current_card_id(&self) -> Option<&str> {
        match &self.screen {
            Screen::Review(r) => r.current.as_deref(),
            Screen::Mock(m) if m.run.phase == Phase::Answering => {
                m.run.item().and_then(|i| i.card_id.as_deref())
            }
            _ => None,
        }
    }

    /// In lazy-text mode, reads the decks of the cards this screen shows (after each key and
    /// tick, so drawing never reads files).
    fn hydrate(&mut self, now: DateTime<Utc>) {
        if !self.study.lazy_text {
            return;
        }
        let mut ids: Vec<String> = Vec::new();
        match &self.screen {
            Screen::Review(r) => ids.extend(r.current.clone()),
            Screen::Practice(p) => ids.push(p.card_id.clone()),
            Screen::Mock(m) => {
                ids.extend(m.run.plan.items.iter().filter_map(|i| i.card_id.clone()))
            }
            Screen::Search(s) => ids.extend(s.selected().map(String::from)),
            Screen::Home(_)
            | Screen::Stats(_)
            | Screen::Stories(_)
            | Screen::Browse(_)
            | Screen::Loops(_)
            | Screen::Drill(_)
            | Screen::Plan(_)
            | Screen::Resume { .. } => {}
        }
        let mut loaded = false;
        for id in &ids {
            loaded |= self.study.ensure_text(id);
        }
        if loaded && let Screen::Review(r) = &mut self.screen {
            r.refresh(&self.study, &self.theme, now);
        }
    }

    pub fn render(&mut self, frame: &mut Frame<'_>) {
        let area = frame.area();
        let status = self.status.as_deref();
        match &mut self.screen {
            Screen::Home(h) => {
                screens::home::render(h, &self.study, &self.theme, status, frame, area)
            }
            Screen::Review(r) => {
                screens::review_view::render(r, &self.study, &self.theme, status, frame, area)
            }
            Screen::Practice(p) => {
                screens::practice_view::render(p, &self.study, &self.theme, status, frame, area)
            }
            Screen::Mock(m) => {
                screens::mock_view::render(m, &self.study, &self.theme, status, frame, area)
            }
            Screen::Resume { run, .. } => screens::mock_report_view::render_resume(
                run,
                &self.study.settings.tz,
                &self.theme,
                frame,
                area,
            ),
            Screen::Search(st) => {
                screens::search::render(st, &self.study, &self.theme, frame, area)
            }
            Screen::Stats(st) => screens::stats::render(st, &self.theme, frame, area),
            Screen::Stories(st) => screens::stories::render(st, &self.theme, frame, area),
            Screen::Browse(b) => {
                screens::browse::render(b, &self.study, &self.theme, status, frame, area)
            }
            Screen::Loops(l) => screens::loops::render(l, &self.theme, frame, area),
            Screen::Drill(d) => screens::drill::render(d, &self.theme, frame, area),
            Screen::Plan(p) => screens::plan::render(p, &self.theme, status, frame, area),
        }
        if let Some(form) = &self.add_form {
            screens::add_card_view::render(form, &self.theme, frame, area);
        }
        if let Some(o) = &self.story_overlay {
            let stories: Vec<&crate::own::Story> = o.stories.iter().collect();
            screens::stories::render_overlay(&stories, &o.lps, &self.theme, o.scroll, frame, area);
        }
        self.render_modal(frame, area);
        if self.help {
            let keys = self.help_lines();
            screens::help::render(&keys, &self.theme, frame, area);
        }
    }
}
