//! The `?` overlay: every key of the current screen, from the screen's key table.

use super::centered;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn render(keys: &[(&str, &str)], theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let width = keys
        .iter()
        .map(|(k, d)| k.chars().count().max(14) + d.chars().count() + 4)
        .max()
        .unwrap_or(30) as u16
        + 4;
    let rect = centered(area, width.max(30), keys.len() as u16 + 4);
    let lines: Vec<Line> = keys
        .iter()
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(format!(" {k:<14}"), theme.key()),
                Span::raw(format!(" {d}")),
            ])
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" keys · ? to close ")
                .title_style(theme.title()),
        ),
        rect,
    );
}
