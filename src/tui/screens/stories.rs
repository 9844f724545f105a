//! The story bank: the 16 Leadership Principles against the user's stories, gaps marked;
//! Enter reads the stories for a principle. Also the story overlay shown during behavioural
//! reviews (`o`).

use crate::content::inert;
use crate::own::{self, OwnMaterial, Story};
use crate::tui::effect::Effect;
use crate::tui::keys::{STORIES, StoriesKey, footer};
use crate::tui::markdown;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Row, Table, TableState, Wrap};

pub struct StoriesState {
    pub own: OwnMaterial,
    pub table: TableState,
    /// The principle being read, if any.
    pub open: Option<String>,
    pub scroll: u16,
}

impl StoriesState {
    pub fn new(own: OwnMaterial) -> StoriesState {
        let mut table = TableState::default();
        table.select(Some(0));
        StoriesState {
            own,
            table,
            open: None,
            scroll: 0,
        }
    }

    /// Handles a story-bank key: Enter and `q` close an open principle first.
    pub fn on_key(&mut self, key: StoriesKey) -> Vec<Effect> {
        let last = crate::content::lp_slugs().len().saturating_sub(1);
        match key {
            StoriesKey::Down if self.open.is_some() => self.scroll = self.scroll.saturating_add(1),
            StoriesKey::Up if self.open.is_some() => self.scroll = self.scroll.saturating_sub(1),
            StoriesKey::Down => self
                .table
                .select(Some((self.table.selected().unwrap_or(0) + 1).min(last))),
            StoriesKey::Up => self
                .table
                .select(Some(self.table.selected().unwrap_or(0).saturating_sub(1))),
            StoriesKey::Open => {
                self.open = if self.open.is_some() {
                    None
                } else {
                    self.selected_lp().map(str::to_string)
                };
                self.scroll = 0;
            }
            StoriesKey::Back if self.open.is_some() => self.open = None,
            StoriesKey::Back => return vec![Effect::Back],
            StoriesKey::Help => return vec![Effect::Help],
            StoriesKey::Undo => return vec![Effect::Undo],
            StoriesKey::Search => return vec![Effect::Search],
        }
        Vec::new()
    }

    pub fn selected_lp(&self) -> Option<&str> {
        self.table
            .selected()
            .and_then(|i| self.own.principles.slugs.get(i).map(String::as_str))
    }
}

/// A story as lines: title, principles, then its sections.
pub fn story_lines(s: &Story, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(inert(&s.title).into_owned(), theme.title()),
        Line::styled(
            format!("{} · {}", s.lps.join(", "), inert(&s.project)),
            theme.dim(),
        ),
    ];
    for sec in &s.sections {
        lines.push(Line::styled(
            format!("▸ {}", inert(&sec.name)),
            theme.heading(),
        ));
        lines.extend(markdown::render(&sec.text, theme));
    }
    lines.push(Line::default());
    lines
}

/// A popup with the user's stories for these principles.
pub fn render_overlay(
    stories: &[&Story],
    lps: &[String],
    theme: &Theme,
    scroll: u16,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let rect = super::centered(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(4),
    );
    let mut lines = Vec::new();
    if stories.is_empty() {
        lines.push(Line::raw(format!(
            "No story of yours shows {} yet.",
            if lps.is_empty() {
                "this question's principle".to_string()
            } else {
                lps.join(", ")
            }
        )));
        lines.push(Line::raw(
            "Write one under stories/ in your content directory: `mlprep template story`.",
        ));
    }
    for s in stories {
        lines.extend(story_lines(s, theme));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::bordered().title(" your stories · j/k scroll · o or esc close ")),
        rect,
    );
}

/// The title line: the principle set, counts and gaps, shortened to fit `width`.
pub fn header_text(own: &OwnMaterial, gaps: usize, width: u16) -> String {
    let stories = crate::words::counted(own.stories.len(), "story", "stories");
    let dossiers = crate::words::counted(own.dossiers.len(), "dossier", "dossiers");
    let gaps = crate::words::counted(gaps, "gap", "gaps");
    [
        format!(
            " Story bank · {} · {stories}, {dossiers} · {gaps}",
            own.principles.name
        ),
        format!(" Story bank · {stories}, {dossiers} · {gaps}"),
        format!(" Stories · {stories} · {gaps}"),
    ]
    .into_iter()
    .find(|t| t.chars().count() <= width as usize)
    .unwrap_or_else(|| format!(" {stories} · {gaps}"))
}

pub fn render(state: &mut StoriesState, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let [head, body, problems, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(if state.own.problems.is_empty() { 0 } else { 2 }),
        Constraint::Length(1),
    ])
    .areas(area);
    let coverage = own::coverage(&state.own.stories, &state.own.principles);
    let gaps = coverage.iter().filter(|c| c.1.is_empty()).count();
    frame.render_widget(
        Paragraph::new(Line::styled(
            header_text(&state.own, gaps, head.width),
            theme.title(),
        )),
        head,
    );
    let rows: Vec<Row> = coverage
        .iter()
        .map(|(lp, stories)| {
            let (mark, style) = match stories.len() {
                0 => ("GAP", theme.bad()),
                1 => ("1", theme.warn()),
                n if n > 9 => ("9+", theme.good()),
                _ => ("ok", theme.good()),
            };
            let titles: Vec<String> = stories
                .iter()
                .map(|s| inert(&s.title).into_owned())
                .collect();
            Row::new(vec![
                Line::from(Span::styled(mark, style)),
                Line::raw(lp.to_string()),
                Line::raw(titles.join("; ")),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(4),
            Constraint::Length(32),
            Constraint::Min(10),
        ],
    )
    .header(Row::new(["", "principle", "your stories"]).style(theme.dim()))
    .block(Block::bordered())
    .row_highlight_style(theme.selected());
    frame.render_stateful_widget(table, body, &mut state.table);
    if let Some(p) = state.own.problems.first() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    " {} problem(s) in your files, e.g. {p}",
                    state.own.problems.len()
                ),
                theme.warn(),
            ))
            .wrap(Wrap { trim: true }),
            problems,
        );
    }
    frame.render_widget(Paragraph::new(footer(theme, STORIES, |_| None)), keys);
    if let Some(lp) = &state.open {
        let stories: Vec<&Story> = state
            .own
            .stories
            .iter()
            .filter(|s| s.lps.iter().any(|l| l == lp))
            .collect();
        render_overlay(
            &stories,
            std::slice::from_ref(lp),
            theme,
            state.scroll,
            frame,
            area,
        );
    }
}
