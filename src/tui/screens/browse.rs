//! The card browser: every card, filterable by kind, difficulty, state and a typed filter in the
//! search query language (`deck:`, `tag:`, `is:due`, words); sortable by due date, difficulty or
//! lapses; suspend / unsuspend; jump to review, practice or the editor.

use crate::content::{Difficulty, Kind, inert};
use crate::schedule::{Phase, due_label};
use crate::study::Study;
use crate::tui::effect::{Effect, Typed};
use crate::tui::keys::{BROWSE, BrowseKey, footer};
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    All,
    New,
    Due,
    Learning,
    Lapsed,
    /// Tagged `leech` (the stored tag).
    Leech,
    Suspended,
}

impl StateFilter {
    const ORDER: [StateFilter; 7] = [
        StateFilter::All,
        StateFilter::New,
        StateFilter::Due,
        StateFilter::Learning,
        StateFilter::Lapsed,
        StateFilter::Leech,
        StateFilter::Suspended,
    ];
    fn next(self) -> StateFilter {
        let i = Self::ORDER.iter().position(|s| *s == self).unwrap_or(0);
        Self::ORDER[(i + 1) % Self::ORDER.len()]
    }
    fn label(self) -> &'static str {
        match self {
            StateFilter::All => "any state",
            StateFilter::New => "new",
            StateFilter::Due => "due",
            StateFilter::Learning => "learning",
            StateFilter::Lapsed => "lapsed often",
            StateFilter::Leech => "leeches",
            StateFilter::Suspended => "suspended",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Deck,
    Due,
    Difficulty,
    Lapses,
}

pub struct BrowseState {
    pub kind: Option<Kind>,
    pub difficulty: Option<Difficulty>,
    pub state: StateFilter,
    pub text: String,
    pub typing: bool,
    /// Why the typed filter could not be read, if it could not.
    pub error: Option<String>,
    pub sort: Sort,
    pub rows: Vec<String>,
    pub table: TableState,
    now: DateTime<Utc>,
}

impl BrowseState {
    pub fn new(study: &Study, now: DateTime<Utc>) -> BrowseState {
        let mut s = BrowseState {
            kind: None,
            difficulty: None,
            state: StateFilter::All,
            text: String::new(),
            typing: false,
            error: None,
            sort: Sort::Deck,
            rows: Vec::new(),
            table: TableState::default(),
            now,
        };
        s.refresh(study, now);
        s
    }

    /// Recomputes the rows after a filter, sort or data change.
    pub fn refresh(&mut self, study: &Study, now: DateTime<Utc>) {
        self.now = now;
        let (_, end) = study.day(now);
        // The typed filter is the search query language (`tag:dp is:due -easy`).
        let query = crate::search::parse(&self.text);
        self.error = query.as_ref().err().map(|e| e.to_string());
        let query = query.unwrap_or_default();
        let states = study.search_states(now);
        let mut rows: Vec<&crate::content::Card> = study
            .cards()
            .filter(|c| self.kind.is_none_or(|k| c.kind == k))
            .filter(|c| self.difficulty.is_none_or(|d| c.difficulty == Some(d)))
            .filter(|c| query.admits(c, Some(&states)))
            .filter(|c| {
                let st = study.states.get(&c.id);
                let suspended = study.suspended.contains(&c.id);
                match self.state {
                    StateFilter::All => true,
                    StateFilter::Suspended => suspended,
                    StateFilter::New => !suspended && st.is_none_or(|s| s.phase == Phase::New),
                    StateFilter::Due => {
                        !suspended && st.is_some_and(|s| s.phase != Phase::New && s.due < end)
                    }
                    StateFilter::Learning => {
                        st.is_some_and(|s| matches!(s.phase, Phase::Learning | Phase::Relearning))
                    }
                    StateFilter::Lapsed => st.is_some_and(|s| s.lapses >= 2),
                    StateFilter::Leech => study.leech_tags.contains(&c.id),
                }
            })
            .collect();
        match self.sort {
            Sort::Deck => {}
            Sort::Due => rows.sort_by_key(|c| {
                study
                    .states
                    .get(&c.id)
                    .map(|s| s.due.timestamp())
                    .unwrap_or(i64::MAX)
            }),
            Sort::Difficulty => rows.sort_by_key(|c| {
                std::cmp::Reverse(
                    study
                        .states
                        .get(&c.id)
                        .and_then(|s| s.memory)
                        .map(|m| (m.difficulty * 100.0) as i64)
                        .unwrap_or(0),
                )
            }),
            Sort::Lapses => rows.sort_by_key(|c| {
                std::cmp::Reverse(study.states.get(&c.id).map(|s| s.lapses).unwrap_or(0))
            }),
        }
        self.rows = rows.into_iter().map(|c| c.id.clone()).collect();
        let sel = self
            .table
            .selected()
            .unwrap_or(0)
            .min(self.rows.len().saturating_sub(1));
        self.table.select(if self.rows.is_empty() {
            None
        } else {
            Some(sel)
        });
    }

    pub fn cycle_kind(&mut self) {
        self.kind = match self.kind {
            None => Some(Kind::ALL[0]),
            Some(k) => Kind::ALL
                .iter()
                .position(|x| *x == k)
                .and_then(|i| Kind::ALL.get(i + 1))
                .copied(),
        };
    }
    pub fn cycle_difficulty(&mut self) {
        self.difficulty = match self.difficulty {
            None => Some(Difficulty::Easy),
            Some(Difficulty::Easy) => Some(Difficulty::Medium),
            Some(Difficulty::Medium) => Some(Difficulty::Hard),
            Some(Difficulty::Hard) => None,
        };
    }
    pub fn cycle_state(&mut self) {
        self.state = self.state.next();
    }
    pub fn cycle_sort(&mut self) {
        self.sort = match self.sort {
            Sort::Deck => Sort::Due,
            Sort::Due => Sort::Difficulty,
            Sort::Difficulty => Sort::Lapses,
            Sort::Lapses => Sort::Deck,
        };
    }
    pub fn move_by(&mut self, d: isize) {
        if self.rows.is_empty() {
            return;
        }
        let i = self.table.selected().unwrap_or(0) as isize + d;
        self.table
            .select(Some(i.clamp(0, self.rows.len() as isize - 1) as usize));
    }
    /// Handles a browser key; the list is refreshed after every change.
    pub fn on_key(&mut self, key: BrowseKey, study: &Study, now: DateTime<Utc>) -> Vec<Effect> {
        let selected = self.selected().map(String::from);
        match key {
            BrowseKey::Down => self.move_by(1),
            BrowseKey::Up => self.move_by(-1),
            BrowseKey::PageDown => self.move_by(15),
            BrowseKey::PageUp => self.move_by(-15),
            BrowseKey::Top => self.move_by(-1_000_000),
            BrowseKey::Bottom => self.move_by(1_000_000),
            BrowseKey::CycleKind => self.cycle_kind(),
            BrowseKey::CycleDifficulty => self.cycle_difficulty(),
            BrowseKey::CycleState => self.cycle_state(),
            BrowseKey::CycleSort => self.cycle_sort(),
            BrowseKey::Type => self.typing = true,
            BrowseKey::Suspend => {
                return selected
                    .map(|id| {
                        let on = !study.suspended.contains(&id);
                        vec![Effect::Suspend { card: id, on }]
                    })
                    .unwrap_or_default();
            }
            BrowseKey::Open => return selected.map(Effect::OpenCard).into_iter().collect(),
            BrowseKey::Edit => return selected.map(Effect::EditCard).into_iter().collect(),
            BrowseKey::Add => {
                let card = selected.as_deref().and_then(|id| study.card(id));
                return vec![Effect::AddCard {
                    deck: card.map(|c| c.deck.to_string()),
                    kind: card.map(|c| c.kind),
                }];
            }
            BrowseKey::Info => return selected.map(Effect::CardInfo).into_iter().collect(),
            BrowseKey::Back => return vec![Effect::Back],
            BrowseKey::Help => return vec![Effect::Help],
            BrowseKey::Undo => return vec![Effect::Undo],
            BrowseKey::Search => return vec![Effect::Search],
        }
        self.refresh(study, now);
        Vec::new()
    }

    /// While the filter is typed: characters and Backspace edit it, any other key ends it.
    pub fn on_typing_key(&mut self, key: KeyEvent, study: &Study, now: DateTime<Utc>) -> Typed {
        if !self.typing {
            return Typed::Ignored;
        }
        match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => self.text.push(c),
            KeyCode::Backspace => {
                self.text.pop();
            }
            _ => self.typing = false,
        }
        self.refresh(study, now);
        Typed::Consumed
    }

    pub fn selected(&self) -> Option<&str> {
        self.table
            .selected()
            .and_then(|i| self.rows.get(i))
            .map(String::as_str)
    }
}

pub fn render(
    state: &mut BrowseState,
    study: &Study,
    theme: &Theme,
    status: Option<&str>,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let [head, body, status_area, keys] = super::frame_areas(area);
    let filter = format!(
        " Browse · {} · {} · {} · sort: {:?}{}",
        state.kind.map(|k| k.title()).unwrap_or("all kinds"),
        state
            .difficulty
            .map(|d| d.slug())
            .unwrap_or("any difficulty"),
        state.state.label(),
        state.sort,
        if state.text.is_empty() && !state.typing {
            String::new()
        } else {
            format!(
                " · filter: {}{}{}",
                inert(&state.text),
                if state.typing { "▏" } else { "" },
                state
                    .error
                    .as_ref()
                    .map(|e| format!(" · {}", inert(e)))
                    .unwrap_or_default()
            )
        }
    );
    frame.render_widget(Paragraph::new(Line::styled(filter, theme.title())), head);
    let now = state.now;
    let (_, day_end) = study.day(now);
    // Only the visible window is built: 100,000 cards stay cheap to draw.
    let height = body.height.saturating_sub(3) as usize;
    let sel = state.table.selected().unwrap_or(0);
    let first = sel.saturating_sub(height.saturating_sub(1));
    let rows: Vec<Row> = state.rows
        [first.min(state.rows.len())..(first + height).min(state.rows.len())]
        .iter()
        .filter_map(|id| study.card(id))
        .map(|c| {
            let st = study.states.get(&c.id);
            let phase = if study.suspended.contains(&c.id) {
                "suspended"
            } else {
                st.map(|s| s.phase.slug()).unwrap_or("new")
            };
            let due = st
                .filter(|s| s.phase != Phase::New)
                .map(|s| due_label(s.due, now, day_end))
                .unwrap_or_default();
            Row::new(vec![
                c.kind.title().to_string(),
                phase.to_string(),
                due,
                st.map(|s| s.lapses.to_string()).unwrap_or_default(),
                c.difficulty
                    .map(|d| d.slug().to_string())
                    .unwrap_or_default(),
                inert(&c.prompt).into_owned(),
            ])
        })
        .collect();
    let mut window = TableState::default();
    window.select(Some(sel - first));
    let table = Table::new(
        rows,
        [
            Constraint::Length(11),
            Constraint::Length(10),
            Constraint::Length(6),
            Constraint::Length(3),
            Constraint::Length(7),
            Constraint::Min(10),
        ],
    )
    .header(Row::new(["kind", "state", "due", "lap", "diff", "prompt"]).style(theme.dim()))
    .block(Block::bordered().title(format!(" {} card(s) ", state.rows.len())))
    .row_highlight_style(theme.selected());
    frame.render_stateful_widget(table, body, &mut window);
    super::status_line(frame, status_area, theme, status);
    frame.render_widget(Paragraph::new(footer(theme, BROWSE, |_| None)), keys);
}
