//! Choosing a mock loop from the home screen (`m`): the loops found in the content, each with
//! its rounds and minutes; Enter plans it with a fresh seed and opens the mock.

use crate::content::inert;
use crate::mock::loops::Loop;
use crate::tui::effect::Effect;
use crate::tui::keys::{LOOPS, LoopsKey, footer};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};

pub struct LoopsState {
    pub loops: Vec<Loop>,
    pub list: ListState,
    pub problems: usize,
}

impl LoopsState {
    pub fn new(loops: Vec<Loop>, problems: usize) -> LoopsState {
        let mut list = ListState::default();
        list.select(if loops.is_empty() { None } else { Some(0) });
        LoopsState {
            loops,
            list,
            problems,
        }
    }
    /// Starts on the loop with this key (the next interview's), when there is one.
    pub fn select_key(&mut self, key: Option<&str>) {
        if let Some(i) = key.and_then(|k| self.loops.iter().position(|l| l.key == k)) {
            self.list.select(Some(i));
        }
    }

    pub fn move_by(&mut self, d: isize) {
        if self.loops.is_empty() {
            return;
        }
        let i = self.list.selected().unwrap_or(0) as isize + d;
        self.list
            .select(Some(i.clamp(0, self.loops.len() as isize - 1) as usize));
    }
    pub fn selected(&self) -> Option<&Loop> {
        self.list.selected().and_then(|i| self.loops.get(i))
    }

    /// Handles a loops key: Enter asks for a plan of the selected loop.
    pub fn on_key(&mut self, key: LoopsKey) -> Vec<Effect> {
        match key {
            LoopsKey::Down => self.move_by(1),
            LoopsKey::Up => self.move_by(-1),
            LoopsKey::Open => {
                return self
                    .selected()
                    .map(|lp| vec![Effect::PlanMock(Box::new(lp.clone()))])
                    .unwrap_or_default();
            }
            LoopsKey::Back => return vec![Effect::Back],
            LoopsKey::Help => return vec![Effect::Help],
            LoopsKey::Undo => return vec![Effect::Undo],
            LoopsKey::Search => return vec![Effect::Search],
        }
        Vec::new()
    }
}

pub fn render(state: &mut LoopsState, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let [head, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let note = if state.problems > 0 {
        format!(
            " · {} loop file problem(s): run `mlprep check`",
            state.problems
        )
    } else {
        String::new()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(" Mock interviews{note}"),
            theme.title(),
        )),
        head,
    );
    let items: Vec<ListItem> = state
        .loops
        .iter()
        .map(|l| {
            let minutes: f64 = l
                .rounds
                .iter()
                .filter(|r| !r.optional)
                .map(|r| r.minutes())
                .sum();
            ListItem::new(vec![
                Line::styled(
                    format!(
                        "{} · {} round(s) · {minutes} min",
                        inert(&l.name),
                        l.rounds.iter().filter(|r| !r.optional).count()
                    ),
                    theme.heading(),
                ),
                Line::raw(format!("  {}", inert(&l.description))),
            ])
        })
        .collect();
    frame.render_stateful_widget(
        List::new(items)
            .block(Block::bordered())
            .highlight_style(theme.selected())
            .highlight_symbol("▶ "),
        body,
        &mut state.list,
    );
    frame.render_widget(Paragraph::new(footer(theme, LOOPS, |_| None)), keys);
}
