//! One module per screen: its state, how it reacts to actions and how it draws.

pub mod browse;
pub mod card_view;
pub mod drill;
pub mod help;
pub mod home;
pub mod loops;
pub mod mock;
pub mod mock_report_view;
pub mod mock_review_view;
pub mod mock_view;
pub mod practice;
pub mod practice_view;
pub mod review;
pub mod search;
pub mod stats;
pub mod stories;

use super::theme::Theme;
use crate::content::inert;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The common screen frame: a title bar, the body, a status line and the key line.
pub fn frame_areas(area: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// A title on the left and a note on the right, on one line.
pub fn title_bar(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    left: &str,
    right: &str,
    right_style: Style,
) {
    let pad = (area.width as usize).saturating_sub(left.chars().count() + right.chars().count());
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(left.to_string(), theme.title()),
            Span::raw(" ".repeat(pad)),
            Span::styled(right.to_string(), right_style),
        ])),
        area,
    );
}

/// The status line (shown inert), if there is one.
pub fn status_line(frame: &mut Frame<'_>, area: Rect, theme: &Theme, status: Option<&str>) {
    if let Some(s) = status {
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", inert(s)), theme.warn())),
            area,
        );
    }
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
