//! Home: the seven kinds and their decks with new / learning / due counts, today's progress,
//! and a way into review.

use crate::content::{Kind, inert};
use crate::study::{Counts, Filter, Study};
use crate::tui::effect::Effect;
use crate::tui::keys::{HOME, HomeKey, footer};
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

#[derive(Debug, Clone)]
pub struct HomeRow {
    pub label: String,
    pub depth: u8,
    pub filter: Filter,
    pub counts: Counts,
}

pub struct HomeState {
    pub rows: Vec<HomeRow>,
    pub table: TableState,
    pub reviews_today: u32,
    pub new_today: u32,
    pub date: String,
}

impl HomeState {
    pub fn new(study: &Study, now: DateTime<Utc>) -> HomeState {
        let o = study.overview(now);
        let mut rows = vec![HomeRow {
            label: "All decks".into(),
            depth: 0,
            filter: Filter::default(),
            counts: o.total,
        }];
        for kind in Kind::ALL {
            let counts = o.kinds.get(&kind).copied().unwrap_or_default();
            rows.push(HomeRow {
                label: kind.title().into(),
                depth: 0,
                filter: Filter {
                    kind: Some(kind),
                    ..Filter::default()
                },
                counts,
            });
            for deck in study
                .library
                .decks
                .iter()
                .filter(|d| d.kind == kind && !d.cards.is_empty())
            {
                rows.push(HomeRow {
                    label: inert(&deck.title).into_owned(),
                    depth: 1,
                    filter: Filter {
                        deck: Some(deck.path.clone()),
                        ..Filter::default()
                    },
                    counts: o.decks.get(&deck.path).copied().unwrap_or_default(),
                });
            }
        }
        let done = study.done_today(now).unwrap_or_default();
        let mut table = TableState::default();
        table.select(Some(0));
        HomeState {
            rows,
            table,
            reviews_today: done.total_reviews() + done.total_new(),
            new_today: done.total_new(),
            date: now
                .with_timezone(&study.settings.tz)
                .format("%a %-d %b")
                .to_string(),
        }
    }

    /// Handles a home key.
    pub fn on_key(&mut self, key: HomeKey) -> Vec<Effect> {
        let n = self.rows.len();
        let i = self.table.selected().unwrap_or(0);
        let next = match key {
            HomeKey::Down => (i + 1).min(n - 1),
            HomeKey::Up => i.saturating_sub(1),
            HomeKey::PageDown => (i + 10).min(n - 1),
            HomeKey::PageUp => i.saturating_sub(10),
            HomeKey::Top => 0,
            HomeKey::Bottom => n - 1,
            HomeKey::Open => {
                return self
                    .rows
                    .get(i)
                    .map(|r| vec![Effect::StartReview(r.filter.clone())])
                    .unwrap_or_default();
            }
            HomeKey::ReviewAll => return vec![Effect::StartReview(Filter::default())],
            HomeKey::Undo => return vec![Effect::Undo],
            HomeKey::Search => return vec![Effect::Search],
            HomeKey::Stats => return vec![Effect::OpenStats],
            HomeKey::Browse => return vec![Effect::OpenBrowse],
            HomeKey::Stories => return vec![Effect::OpenStories],
            HomeKey::Loops => return vec![Effect::OpenLoops],
            HomeKey::Drill => return vec![Effect::OpenDrill],
            HomeKey::Help => return vec![Effect::Help],
            HomeKey::Quit => return vec![Effect::Quit],
        };
        self.table.select(Some(next));
        Vec::new()
    }
}

pub fn render(
    state: &mut HomeState,
    study: &Study,
    theme: &Theme,
    status: Option<&str>,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let [head, body, status_area, keys] = super::frame_areas(area);
    let total = &state.rows[0].counts;
    let right = format!(
        "{} · today {} studied ({} new) ",
        state.date, state.reviews_today, state.new_today
    );
    let left = " mlprep · ML interview prep";
    super::title_bar(frame, head, theme, left, &right, theme.dim());

    let header = Row::new(
        ["Kind / deck", "cards", "new", "learn", "due"].map(|h| Cell::from(h).style(theme.dim())),
    );
    let rows: Vec<Row> = state
        .rows
        .iter()
        .map(|r| {
            let label = if r.depth == 0 {
                Span::styled(r.label.clone(), theme.heading())
            } else {
                Span::raw(format!("  {}", r.label))
            };
            let due_style = if r.counts.due > 0 {
                theme.good()
            } else {
                theme.dim()
            };
            Row::new(vec![
                Cell::from(label),
                Cell::from(r.counts.cards.to_string()).style(theme.dim()),
                Cell::from(r.counts.new.to_string()),
                Cell::from(r.counts.learning.to_string()),
                Cell::from(Span::styled(r.counts.due.to_string(), due_style)),
            ])
        })
        .collect();
    let widths = [
        Constraint::Min(20),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
    ];
    let title = format!(
        " {} cards · {} due · {} new ",
        total.cards, total.due, total.new
    );
    let table = Table::new(rows, widths)
        .header(header)
        .block(Block::bordered().title(title).title_style(theme.title()))
        .row_highlight_style(theme.selected())
        .highlight_symbol("▶ ");
    frame.render_stateful_widget(table, body, &mut state.table);

    let status_line = match status {
        Some(s) => Line::styled(format!(" {}", inert(s)), theme.warn()),
        None if study.library.errors() > 0 => Line::styled(
            format!(
                " {} content problem(s): run `mlprep check`",
                study.library.errors()
            ),
            theme.warn(),
        ),
        None => Line::default(),
    };
    frame.render_widget(Paragraph::new(status_line), status_area);
    frame.render_widget(Paragraph::new(footer(theme, HOME, |_| None)), keys);
}
