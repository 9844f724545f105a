//! The application state machine: which screen is showing, keys -> [`Action`]s, and one
//! `apply` where side effects happen (grading, undo, switching screens, asking for the
//! editor). Domain work goes through [`Study`]; no SQL here. The action dispatch lives in
//! `dispatch`, screen navigation in `nav`.

mod dispatch;
mod nav;

pub use nav::mock_pool;

pub use super::keys::Action;
use super::screens::{
    self,
    browse::BrowseState,
    drill::DrillState,
    home::HomeState,
    loops::LoopsState,
    mock::{MockRequest, MockState},
    practice::PracticeState,
    review::ReviewState,
    search::SearchState,
    stats::StatsState,
    stories::StoriesState,
};
use super::theme::Theme;
use crate::mock::plan::{MockPlan, PoolCard};
use crate::mock::session::{MockRun, Phase};
use crate::schedule::Grade;
use crate::study::{Filter, Study};
use anyhow::Result;
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
    /// An interrupted mock: resume or abandon (then maybe start `then`).
    Resume {
        id: i64,
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
    /// A practice workspace; the tests run afterwards.
    EditWorkspace {
        path: PathBuf,
        editor: Option<String>,
    },
}

impl External {
    pub fn run(&self) -> Result<()> {
        match self {
            External::EditCard { path, line, editor } => {
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
    search_index: Option<std::rc::Rc<(crate::search::SearchIndex, Vec<String>)>>,
    /// The user's stories shown over a behavioural card (`o`), with its scroll.
    story_overlay: Option<StoryOverlay>,
    /// When the user's deck files were last fingerprinted, and the fingerprint.
    last_stamp: Option<(DateTime<Utc>, u64)>,
    quit: bool,
    external: Option<External>,
    exit_message: Option<String>,
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
            story_overlay: None,
            last_stamp: Some((now, study_stamp)),
            help: false,
            status: None,
            quit: false,
            external: None,
            exit_message: None,
        };
        match start {
            Start::Home => {}
            Start::Review(filter) => app.start_review(filter, now)?,
            Start::Custom(filter, custom) => app.start_custom(filter, &custom, now)?,
            Start::Practice(id) => app.open_practice(&id, now)?,
            Start::Mock(plan) => app.screen = Screen::Mock(Box::new(MockState::new(*plan, now))),
        }
        if !matches!(app.screen, Screen::Practice(_))
            && let Some((id, run)) = app.study.store.active_mock()?
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
        Ok(app)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn exit_message(&self) -> Option<&str> {
        self.exit_message.as_deref()
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
            if let Screen::Mock(m) = &mut self.screen {
                m.edited(&path, practice && !failed, &self.study, now);
            }
            return Ok(());
        }
        if let Some(External::EditWorkspace { .. }) = self.last_external.take() {
            if let Screen::Practice(p) = &mut self.screen
                && !failed
            {
                p.start_run(&self.study, now);
            }
            return Ok(());
        }
        self.study.reload(now)?;
        self.search_index = None;
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
        match &mut self.screen {
            Screen::Review(r) => r.refresh(&self.study, &self.theme, now),
            Screen::Home(h) => *h = HomeState::new(&self.study, now),
            _ => {}
        }
        Ok(())
    }

    pub fn on_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Result<()> {
        // A deliberate crash, for the end-to-end test that the terminal is restored on panic.
        if key.code == KeyCode::F(12) && std::env::var_os("MLPREP_DEBUG_PANIC").is_some() {
            panic!("MLPREP_DEBUG_PANIC: deliberate panic on F12");
        }
        if let Some(overlay) = self.story_overlay.as_mut() {
            let scroll = &mut overlay.scroll;
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => *scroll = scroll.saturating_add(1),
                KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = scroll.saturating_add(10),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                _ => self.story_overlay = None,
            }
            return Ok(());
        }
        if let Screen::Browse(b) = &mut self.screen
            && b.typing
        {
            match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    b.text.push(c)
                }
                KeyCode::Backspace => {
                    b.text.pop();
                }
                _ => b.typing = false,
            }
            b.refresh(&self.study, now);
            return Ok(());
        }
        if let Screen::Search(search) = &mut self.screen
            && !self.help
        {
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            match key.code {
                KeyCode::Char('c') if ctrl => self.quit = true,
                KeyCode::Char('u') if ctrl => search.set_query(String::new()),
                KeyCode::Char('e') if ctrl => {
                    if let Some(id) = search.selected().map(String::from) {
                        self.edit_card(&id);
                    }
                }
                KeyCode::Char(c) if !ctrl => {
                    let mut q = search.query.clone();
                    q.push(c);
                    search.set_query(q);
                }
                KeyCode::Backspace => {
                    let mut q = search.query.clone();
                    q.pop();
                    search.set_query(q);
                }
                KeyCode::Down => search.move_by(1),
                KeyCode::Up => search.move_by(-1),
                KeyCode::PageDown => search.move_by(10),
                KeyCode::PageUp => search.move_by(-10),
                KeyCode::Enter => {
                    if let Some(id) = search.selected().map(String::from) {
                        self.open_card(&id, now)?;
                    }
                }
                KeyCode::Esc => self.pop_screen(now),
                _ => {}
            }
            return Ok(());
        }
        if let Screen::Mock(m) = &mut self.screen
            && m.typing
            && m.run.phase == Phase::Answering
            && !self.help
            && !(key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c'))
        {
            return m.on_typing_key(key, &mut self.study, now);
        }
        let action = super::keys::action_for(self, key);
        self.apply(action, now)
    }

    /// Timers advance here even without input (learning cards coming due, mock clocks).
    pub fn tick(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.watch_content(now)?;
        match &mut self.screen {
            Screen::Review(r) if r.current.is_none() => r.advance(&self.study, &self.theme, now),
            Screen::Practice(p) => p.tick(&mut self.study, now)?,
            Screen::Mock(m) => m.tick(&mut self.study, now)?,
            _ => {}
        }
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

    /// In lazy-text mode, reads the decks of the cards this screen shows before drawing.
    fn hydrate(&mut self) {
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
            _ => {}
        }
        let mut loaded = false;
        for id in &ids {
            loaded |= self.study.ensure_text(id);
        }
        if loaded && let Screen::Review(r) = &mut self.screen {
            r.refresh(&self.study, &self.theme, chrono::Utc::now());
        }
    }

    pub fn render(&mut self, frame: &mut Frame<'_>) {
        self.hydrate();
        let area = frame.area();
        let status = self.status.as_deref();
        match &mut self.screen {
            Screen::Home(h) => {
                screens::home::render(h, &self.study, &self.theme, status, frame, area)
            }
            Screen::Review(r) => {
                screens::review::render(r, &self.study, &self.theme, status, frame, area)
            }
            Screen::Practice(p) => {
                screens::practice::render(p, &self.study, &self.theme, status, frame, area)
            }
            Screen::Mock(m) => {
                screens::mock_view::render(m, &self.study, &self.theme, status, frame, area)
            }
            Screen::Resume { run, .. } => {
                screens::mock_view::render_resume(run, &self.theme, frame, area)
            }
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
        }
        if let Some(o) = &self.story_overlay {
            let stories: Vec<&crate::own::Story> = o.stories.iter().collect();
            screens::stories::render_overlay(&stories, &o.lps, &self.theme, o.scroll, frame, area);
        }
        if self.help {
            let keys = match &self.screen {
                Screen::Home(_) => screens::help::HOME,
                Screen::Review(_) => screens::help::REVIEW,
                Screen::Practice(_) => screens::help::PRACTICE,
                Screen::Mock(_) | Screen::Resume { .. } => screens::help::MOCK,
                Screen::Search(_) => screens::help::SEARCH,
                Screen::Stats(_) => screens::help::STATS,
                Screen::Stories(_) => screens::help::STORIES,
                Screen::Browse(_) => screens::help::BROWSE,
                Screen::Loops(_) => screens::help::LOOPS,
                Screen::Drill(_) => screens::help::DRILL,
            };
            screens::help::render(keys, &self.theme, frame, area);
        }
    }
}
