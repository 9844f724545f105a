//! The application state machine: which screen is showing, keys -> [`Action`]s, and one
//! `apply` where side effects happen (grading, undo, switching screens, asking for the
//! editor). Domain work goes through [`Study`]; no SQL here.

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
    story_overlay: Option<u16>,
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
        if let Some(scroll) = self.story_overlay.as_mut() {
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

    /// The one place where actions take effect.
    pub fn apply(&mut self, action: Action, now: DateTime<Utc>) -> Result<()> {
        if action != Action::None && action != Action::Help {
            self.status = None;
        }
        match action {
            Action::None => {}
            Action::Quit => self.quit = true,
            Action::Help => self.help = !self.help,
            Action::Undo => self.undo(now)?,
            Action::Back if matches!(self.screen, Screen::Mock(_)) => {
                if let Screen::Mock(m) = &mut self.screen
                    && m.apply(Action::Back, &mut self.study, now)? == MockRequest::Quit
                {
                    self.leave(now);
                }
            }
            Action::Back if matches!(self.screen, Screen::Resume { .. }) => {
                self.screen = Screen::Home(HomeState::new(&self.study, now))
            }
            Action::Back => self.back(now),
            Action::ReviewAll => self.start_review(Filter::default(), now)?,
            Action::OpenStats => {
                let dash = crate::stats::dashboard(&self.study, now)?;
                self.push(Screen::Stats(Box::new(StatsState { dash, tab: 0 })));
            }
            Action::OpenStories => {
                let own = crate::own::load(&self.study.library);
                self.push(Screen::Stories(Box::new(StoriesState::new(own))));
            }
            Action::OpenBrowse => {
                let b = BrowseState::new(&self.study, now);
                self.push(Screen::Browse(Box::new(b)));
            }
            Action::OpenDrill => {
                let own = crate::own::load(&self.study.library);
                self.push(Screen::Drill(Box::new(DrillState::new(own.dossiers))));
            }
            Action::OpenLoops => {
                let (loops, problems) = crate::mock::loops::load_loops(&self.study.library);
                self.push(Screen::Loops(Box::new(LoopsState::new(
                    loops,
                    problems.len(),
                ))));
            }
            Action::Stories => {
                let behavioural = matches!(&self.screen, Screen::Review(r) if r.current.as_ref().and_then(|id| self.study.card(id)).is_some_and(|c| c.kind == crate::content::Kind::Behavioural));
                if behavioural {
                    self.story_overlay = Some(0);
                } else {
                    self.status = Some("your stories are shown on behavioural cards".into());
                }
            }
            Action::Search => {
                let index = match &self.search_index {
                    Some(i) => i.clone(),
                    None => {
                        let i = screens::search::build_index(&self.study);
                        self.search_index = Some(i.clone());
                        i
                    }
                };
                let previous = std::mem::replace(
                    &mut self.screen,
                    Screen::Search(Box::new(SearchState::new(index))),
                );
                self.stack.push(previous);
            }
            _ => match &mut self.screen {
                Screen::Search(_) => {}
                Screen::Drill(d) => match action {
                    Action::Down => d.move_by(1),
                    Action::Up => d.move_by(-1),
                    Action::Open if d.drill.is_none() => d.start(&mut self.study, now)?,
                    Action::Open => d.step(true, &mut self.study, now)?,
                    Action::Stalled => d.step(false, &mut self.study, now)?,
                    _ => {}
                },
                Screen::Stats(st) => match action {
                    Action::Tab(n) => st.tab = n.min(screens::stats::TABS.len() - 1),
                    Action::Down | Action::Next => {
                        st.tab = (st.tab + 1) % screens::stats::TABS.len()
                    }
                    Action::Up | Action::Previous => {
                        st.tab =
                            (st.tab + screens::stats::TABS.len() - 1) % screens::stats::TABS.len()
                    }
                    _ => {}
                },
                Screen::Stories(st) => match action {
                    Action::Down if st.open.is_some() => st.scroll = st.scroll.saturating_add(1),
                    Action::Up if st.open.is_some() => st.scroll = st.scroll.saturating_sub(1),
                    Action::Down => st
                        .table
                        .select(Some((st.table.selected().unwrap_or(0) + 1).min(15))),
                    Action::Up => st
                        .table
                        .select(Some(st.table.selected().unwrap_or(0).saturating_sub(1))),
                    Action::Open => {
                        st.open = if st.open.is_some() {
                            None
                        } else {
                            st.selected_lp().map(str::to_string)
                        };
                        st.scroll = 0;
                    }
                    _ => {}
                },
                Screen::Loops(l) => match action {
                    Action::Down => l.move_by(1),
                    Action::Up => l.move_by(-1),
                    Action::Open => {
                        if let Some(lp) = l.selected().cloned() {
                            let recent = self.study.store.recent_mock_cards(5)?;
                            let pool = mock_pool(&self.study, now);
                            let plan = crate::mock::plan::plan(
                                &lp,
                                &pool,
                                &recent,
                                now.timestamp_micros() as u64,
                                false,
                            );
                            self.screen = Screen::Mock(Box::new(MockState::new(plan, now)));
                        }
                    }
                    _ => {}
                },
                Screen::Browse(b) => {
                    let selected = b.selected().map(String::from);
                    match action {
                        Action::Down => b.move_by(1),
                        Action::Up => b.move_by(-1),
                        Action::PageDown => b.move_by(15),
                        Action::PageUp => b.move_by(-15),
                        Action::Top => b.move_by(-1_000_000),
                        Action::Bottom => b.move_by(1_000_000),
                        Action::CycleKind => b.cycle_kind(),
                        Action::CycleDifficulty => b.cycle_difficulty(),
                        Action::CycleState => b.cycle_state(),
                        Action::CycleSort => b.cycle_sort(),
                        Action::Type => b.typing = true,
                        Action::Suspend => {
                            if let Some(id) = &selected {
                                let on = !self.study.suspended.contains(id);
                                self.study.set_suspended(id, on, now)?;
                                self.status = Some(format!(
                                    "{} {id}",
                                    if on { "suspended" } else { "unsuspended" }
                                ));
                            }
                        }
                        Action::Open => {
                            if let Some(id) = selected {
                                self.open_card(&id, now)?;
                                return Ok(());
                            }
                        }
                        Action::Edit => {
                            if let Some(id) = selected {
                                self.edit_card(&id);
                            }
                            return Ok(());
                        }
                        _ => {}
                    }
                    if let Screen::Browse(b) = &mut self.screen {
                        b.refresh(&self.study, now);
                    }
                }
                Screen::Resume { id, run, then } => match action {
                    Action::Resume => {
                        let state = MockState::resume(Some(*id), (**run).clone(), now);
                        self.screen = Screen::Mock(Box::new(state));
                    }
                    Action::Abandon => {
                        self.study.store.abandon_mock(*id, now)?;
                        self.status = Some("the interrupted mock was abandoned (it stays in `mlprep mock history`)".into());
                        self.screen = match then.take() {
                            Some(plan) => Screen::Mock(Box::new(MockState::new(*plan, now))),
                            None => Screen::Home(HomeState::new(&self.study, now)),
                        };
                    }
                    _ => {}
                },
                Screen::Mock(m) => match m.apply(action, &mut self.study, now)? {
                    MockRequest::None => {}
                    MockRequest::Edit { path, practice } => {
                        self.external = Some(External::EditMock {
                            path,
                            practice,
                            editor: self.study.settings.editor.clone(),
                        });
                    }
                    MockRequest::Quit => self.leave(now),
                },
                Screen::Practice(p) => match action {
                    Action::Grade(g) => self.practice_graded(g, now)?,
                    Action::Confirm if p.confirm.is_some() => {
                        let g = p.confirm.as_ref().map(|c| c.0).unwrap_or(Grade::Good);
                        self.practice_graded(g, now)?;
                    }
                    Action::Cancel if p.confirm.is_some() => p.confirm = None,
                    other => {
                        if p.running() && matches!(other, Action::Edit | Action::Reset) {
                            self.status = Some("tests are running; wait a moment".into());
                        } else if p.apply(other, &self.study, now)? {
                            self.external = Some(External::EditWorkspace {
                                path: p.file.clone(),
                                editor: self.study.settings.editor.clone(),
                            });
                        }
                    }
                },
                Screen::Home(h) => {
                    if let Some(filter) = h.apply(action) {
                        self.start_review(filter, now)?;
                    }
                }
                Screen::Review(r) => match action {
                    Action::Grade(g) => {
                        // A full disk or a read-only database must not lose the grade
                        // silently: the card stays on screen and the user can retry.
                        match r.grade(&mut self.study, g, now) {
                            Ok(msg) => {
                                r.advance(&self.study, &self.theme, now);
                                self.status = msg;
                            }
                            Err(e) => {
                                self.status = Some(format!(
                                    "the grade was NOT saved ({e:#}); fix the problem and press {} again",
                                    g as u8
                                ))
                            }
                        }
                    }
                    Action::Edit => {
                        if let Some(card) = r.current.as_ref().and_then(|id| self.study.card(id)) {
                            if card.deck.starts_with("content/")
                                && !std::path::Path::new(card.deck.as_ref()).is_file()
                            {
                                self.status = Some("this card is shipped inside mlprep; copy its deck into your content directory to edit it".into());
                            } else {
                                self.external = Some(External::EditCard {
                                    path: PathBuf::from(card.deck.as_ref()),
                                    line: card.line,
                                    editor: self.study.settings.editor.clone(),
                                });
                            }
                        }
                    }
                    other => r.apply(other, &self.study, &self.theme, now),
                },
            },
        }
        Ok(())
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

    /// Decks edited on disk while mlprep runs are re-read (checked every 2 s; history is kept).
    fn watch_content(&mut self, now: DateTime<Utc>) -> Result<()> {
        if matches!(self.screen, Screen::Mock(_))
            || self
                .last_stamp
                .is_some_and(|(t, _)| now - t < chrono::Duration::seconds(2))
        {
            return Ok(());
        }
        let stamp = self.study.content_stamp();
        let changed =
            self.last_stamp.is_some_and(|(_, s)| s != stamp) && stamp != self.study.loaded_stamp;
        self.last_stamp = Some((now, stamp));
        if changed {
            self.last_external = None;
            self.external_done(Ok(()), now)?;
        }
        Ok(())
    }

    /// Opens the practice screen for a card and hands the workspace to the editor.
    pub fn open_practice(&mut self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let card = self
            .study
            .card(id)
            .ok_or_else(|| anyhow::anyhow!("no card `{id}`"))?;
        let state = PracticeState::new(&self.study, card, now)?;
        self.external = Some(External::EditWorkspace {
            path: state.file.clone(),
            editor: self.study.settings.editor.clone(),
        });
        let previous = std::mem::replace(&mut self.screen, Screen::Practice(Box::new(state)));
        self.stack.push(previous);
        Ok(())
    }

    /// Commits the practice grade and returns to where practice was opened.
    fn practice_graded(&mut self, grade: Grade, now: DateTime<Utc>) -> Result<()> {
        let Screen::Practice(p) = &mut self.screen else {
            return Ok(());
        };
        let id = p.card_id.clone();
        let spent = p.effort(now).elapsed;
        let state = self.study.grade(&id, grade, now, spent, "practice")?;
        self.status = Some(format!(
            "graded {} · next review in {}",
            grade.label(),
            crate::schedule::interval_label(state.due - now)
        ));
        self.back(now);
        if let Screen::Review(r) = &mut self.screen
            && r.current.as_deref() == Some(id.as_str())
        {
            r.graded_elsewhere(&id, &state, &self.study, &self.theme, now);
        }
        Ok(())
    }

    fn push(&mut self, screen: Screen) {
        let previous = std::mem::replace(&mut self.screen, screen);
        self.stack.push(previous);
    }

    fn back(&mut self, now: DateTime<Utc>) {
        if let Screen::Stories(st) = &mut self.screen
            && st.open.is_some()
        {
            st.open = None;
            return;
        }
        if matches!(
            self.screen,
            Screen::Stats(_)
                | Screen::Stories(_)
                | Screen::Browse(_)
                | Screen::Loops(_)
                | Screen::Search(_)
                | Screen::Drill(_)
        ) {
            self.pop_screen(now);
            return;
        }
        if matches!(self.screen, Screen::Review(_)) && !self.stack.is_empty() {
            self.pop_screen(now);
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
    fn open_card(&mut self, id: &str, now: DateTime<Utc>) -> Result<()> {
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
    fn edit_card(&mut self, id: &str) {
        let Some(card) = self.study.card(id) else {
            return;
        };
        if card.deck.starts_with("content/") && !std::path::Path::new(card.deck.as_ref()).is_file()
        {
            self.status = Some("this card is shipped inside mlprep; copy its deck into your content directory to edit it".into());
        } else {
            self.external = Some(External::EditCard {
                path: PathBuf::from(card.deck.as_ref()),
                line: card.line,
                editor: self.study.settings.editor.clone(),
            });
        }
    }

    /// Back to the screen below (or home).
    fn pop_screen(&mut self, now: DateTime<Utc>) {
        match self.stack.pop() {
            Some(prev) => {
                self.screen = prev;
                match &mut self.screen {
                    Screen::Home(h) => *h = HomeState::new(&self.study, now),
                    Screen::Review(r) => r.refresh(&self.study, &self.theme, now),
                    Screen::Browse(b) => b.refresh(&self.study, now),
                    _ => {}
                }
            }
            None => self.screen = Screen::Home(HomeState::new(&self.study, now)),
        }
    }

    /// Leaves a mock: home when it was opened from there, otherwise quit.
    fn leave(&mut self, now: DateTime<Utc>) {
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

    fn start_review(&mut self, filter: Filter, now: DateTime<Utc>) -> Result<()> {
        let state = ReviewState::new(&self.study, filter, &self.theme, now)?;
        self.screen = Screen::Review(Box::new(state));
        Ok(())
    }

    fn go_home(&mut self, now: DateTime<Utc>) {
        if let Screen::Review(r) = &self.screen
            && r.reviewed > 0
        {
            self.status = Some(format!(
                "{} card(s) reviewed this session; every grade is saved",
                r.reviewed
            ));
        }
        self.screen = Screen::Home(HomeState::new(&self.study, now));
    }

    fn undo(&mut self, now: DateTime<Utc>) -> Result<()> {
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
            _ => {}
        }
        Ok(())
    }

    pub fn render(&mut self, frame: &mut Frame<'_>) {
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
        if let (Some(scroll), Screen::Review(r)) = (self.story_overlay, &self.screen)
            && let Some(card) = r.current.as_ref().and_then(|id| self.study.card(id))
        {
            let own = crate::own::load(&self.study.library);
            let stories: Vec<&crate::own::Story> = own
                .stories
                .iter()
                .filter(|s| s.lps.iter().any(|l| card.lps.contains(l)))
                .collect();
            screens::stories::render_overlay(&stories, &card.lps, &self.theme, scroll, frame, area);
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

/// The card pool a mock plan draws from, with each card's weakness: lapses, low predicted
/// recall, and low mock scores for its kind.
pub fn mock_pool(study: &Study, now: DateTime<Utc>) -> Vec<PoolCard> {
    let kind_scores: std::collections::HashMap<String, f64> = study
        .store
        .mock_kind_scores()
        .unwrap_or_default()
        .into_iter()
        .collect();
    study
        .cards()
        .filter(|c| !study.suspended.contains(&c.id))
        .map(|c| {
            let mut weakness = kind_scores
                .get(c.kind.slug())
                .map(|s| (4.0 - s).max(0.0) / 2.0)
                .unwrap_or(0.0);
            if let Some(state) = study.states.get(&c.id) {
                weakness += state.lapses as f64;
                if study
                    .scheduler
                    .retrievability(state, now)
                    .is_some_and(|r| r < 0.85)
                {
                    weakness += 1.0;
                }
            }
            PoolCard {
                id: c.id.clone(),
                kind: c.kind,
                difficulty: c.difficulty,
                tags: c.tags.clone(),
                weakness,
            }
        })
        .collect()
}
