//! Search (`/` from any screen): results ranked as you type (the query language of
//! [`crate::search`]), matched words highlighted, a preview of the selected card; Enter opens it
//! (review, or practice for a coding card). A query that cannot be read shows why.

use super::review::card_lines;
use crate::content::inert;
use crate::search::SearchIndex;
use crate::study::Study;
use crate::tui::effect::{Effect, Typed};
use crate::tui::keys::{SEARCH, SearchKey, footer_pairs, key_line, lookup};
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use std::rc::Rc;

pub struct SearchState {
    pub query: String,
    /// None while a large library's index is still being built on a worker: what is typed
    /// is kept and answered when it arrives.
    pub index: Option<Rc<(SearchIndex, Vec<String>)>>,
    pub hits: Vec<usize>,
    /// Why the query could not be read, if it could not.
    pub error: Option<String>,
    pub list: ListState,
}

impl SearchState {
    pub fn new(index: Option<Rc<(SearchIndex, Vec<String>)>>) -> SearchState {
        SearchState {
            query: String::new(),
            index,
            hits: Vec::new(),
            error: None,
            list: ListState::default(),
        }
    }

    pub fn set_query(&mut self, q: String, study: &Study, now: DateTime<Utc>) {
        self.query = q;
        let Some(index) = &self.index else {
            return;
        };
        let states = study.search_states(now);
        match index.0.run(&self.query, Some(&states), 200) {
            Ok(hits) => {
                self.hits = hits.into_iter().map(|h| h.card).collect();
                self.error = None;
            }
            Err(e) => {
                self.hits.clear();
                self.error = Some(e.to_string());
            }
        }
        self.list
            .select(if self.hits.is_empty() { None } else { Some(0) });
    }

    pub fn move_by(&mut self, d: isize) {
        if self.hits.is_empty() {
            return;
        }
        let i = self.list.selected().unwrap_or(0) as isize + d;
        self.list
            .select(Some(i.clamp(0, self.hits.len() as isize - 1) as usize));
    }

    /// Search is a typing screen: characters edit the query, the table's keys act, and any
    /// other key is ignored.
    pub fn on_typing_key(&mut self, key: KeyEvent, study: &Study, now: DateTime<Utc>) -> Typed {
        if let Some(k) = lookup(SEARCH, key) {
            let selected = self.selected().map(String::from);
            return match k {
                SearchKey::Down => self.moved(1),
                SearchKey::Up => self.moved(-1),
                SearchKey::PageDown => self.moved(10),
                SearchKey::PageUp => self.moved(-10),
                SearchKey::Open => {
                    Typed::Effects(selected.map(Effect::OpenCard).into_iter().collect())
                }
                SearchKey::Edit => {
                    Typed::Effects(selected.map(Effect::EditCard).into_iter().collect())
                }
                SearchKey::Info => {
                    Typed::Effects(selected.map(Effect::CardInfo).into_iter().collect())
                }
                SearchKey::Clear => {
                    self.set_query(String::new(), study, now);
                    Typed::Consumed
                }
                SearchKey::Back => Typed::Effects(vec![Effect::Back]),
            };
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            // On an empty query, `?` shows the help with the query syntax.
            KeyCode::Char('?') if !ctrl && self.query.is_empty() => {
                Typed::Effects(vec![Effect::Help])
            }
            KeyCode::Char(c) if !ctrl => {
                let mut q = std::mem::take(&mut self.query);
                q.push(c);
                self.set_query(q, study, now);
                Typed::Consumed
            }
            KeyCode::Backspace => {
                let mut q = std::mem::take(&mut self.query);
                q.pop();
                self.set_query(q, study, now);
                Typed::Consumed
            }
            _ => Typed::Ignored,
        }
    }

    fn moved(&mut self, d: isize) -> Typed {
        self.move_by(d);
        Typed::Consumed
    }

    /// The id of the selected card.
    pub fn selected(&self) -> Option<&str> {
        self.list
            .selected()
            .and_then(|i| self.hits.get(i))
            .and_then(|&c| self.index.as_ref()?.1.get(c))
            .map(String::as_str)
    }
}

pub fn render(
    state: &mut SearchState,
    study: &Study,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let [input, body, keys] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let count = if let Some(e) = &state.error {
        format!(" {} ", inert(e))
    } else if state.index.is_none() {
        " reading the decks for search… type away, results follow ".to_string()
    } else if state.query.is_empty() {
        format!(
            " {} cards · ? for the query syntax ",
            state.index.as_ref().map_or(0, |i| i.0.len())
        )
    } else {
        format!(" {} match(es) ", state.hits.len())
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("/ ", theme.key()),
            Span::raw(inert(&state.query).into_owned()),
            Span::styled("▏", theme.accent()),
        ]))
        .block(
            Block::bordered()
                .title(" search: names, prompts, tags, ids, answers ")
                .title_bottom(count),
        ),
        input,
    );
    let (left, right) = if body.width >= 90 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(body);
        (a, Some(b))
    } else {
        (body, None)
    };
    let items: Vec<ListItem> = match state.index.clone() {
        Some(index) => result_items(&index, state, study, theme),
        None => Vec::new(),
    };
    let list = List::new(items)
        .block(Block::bordered().title(" results "))
        .highlight_style(theme.selected())
        .highlight_symbol("▶ ");
    frame.render_stateful_widget(list, left, &mut state.list);
    if let Some(right) = right {
        let lines = state
            .selected()
            .and_then(|id| study.card(id))
            .map(|c| card_lines(c, 0, true, theme))
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(" preview ")),
            right,
        );
    }
    frame.render_widget(
        Paragraph::new({
            let mut pairs = vec![("type".to_string(), "query".to_string())];
            pairs.extend(footer_pairs(SEARCH, |_| None));
            key_line(theme, &pairs)
        }),
        keys,
    );
}

fn styled_run(run: &str, marked: bool, theme: &Theme) -> Span<'static> {
    let style = if marked { theme.accent() } else { Style::new() };
    Span::styled(inert(run).into_owned(), style)
}

/// One line per result: the card's kind, then its head with the query's words marked.
fn result_items(
    index: &(SearchIndex, Vec<String>),
    state: &SearchState,
    study: &Study,
    theme: &Theme,
) -> Vec<ListItem<'static>> {
    // The query's words are worked out once per frame, not once per result line.
    let marker = index.0.highlighter(&state.query);
    state
        .hits
        .iter()
        .map(|&c| {
            let marks = index.0.highlight_with(c, &marker);
            let kind = study
                .card(&index.1[c])
                .map(|k| k.kind.title())
                .unwrap_or("");
            let mut spans = vec![Span::styled(format!("{kind:<11} "), theme.dim())];
            // Runs of marked and unmarked characters, one span each.
            let mut run = String::new();
            let mut marked = false;
            for (i, ch) in index.0.head_of(c).chars().enumerate() {
                let m = marks.contains(&i);
                if m != marked && !run.is_empty() {
                    spans.push(styled_run(&run, marked, theme));
                    run.clear();
                }
                marked = m;
                run.push(ch);
            }
            if !run.is_empty() {
                spans.push(styled_run(&run, marked, theme));
            }
            ListItem::new(Line::from(spans))
        })
        .collect()
}
