//! One module per screen: its state, how it reacts to actions and how it draws.

pub mod add_card;
pub mod add_card_view;
pub mod browse;
pub mod card_info;
pub mod card_view;
pub mod custom;
pub mod custom_view;
pub mod drill;
pub mod help;
pub mod home;
pub mod interview_form;
pub mod loops;
pub mod mock;
pub mod mock_flow_view;
pub mod mock_report_view;
pub mod mock_review_view;
pub mod mock_view;
pub mod plan;
pub mod plan_chart;
pub mod practice;
pub mod practice_ai;
pub mod practice_view;
pub mod review;
pub mod review_ai;
pub mod review_view;
pub mod search;
pub mod stats;
pub mod stats_leeches;
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
    let (left, pad, right) = fit_title(left, right, area.width as usize);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(left, theme.title()),
            Span::raw(" ".repeat(pad)),
            Span::styled(right, right_style),
        ])),
        area,
    );
}

/// Where a scrolled text is, for the bottom edge of its box: `↓ 12 more lines (j/k)` while
/// there is more below, `↑ top (k)` at the end of a long text; None when it all fits.
pub fn scroll_note(rows: usize, scroll: usize, page: usize) -> Option<String> {
    if rows <= page {
        return None;
    }
    let below = rows.saturating_sub(scroll + page);
    Some(if below > 0 {
        format!(
            " ↓ {} (j/k) ",
            crate::words::counted(below, "more line", "more lines")
        )
    } else {
        format!(" end · ↑ {} above (k) ", scroll)
    })
}

/// A title bar's two sides in `width` columns, never run together: the left side is cut with
/// `…` to keep at least two spaces before the right; when even that cannot fit, the right side
/// goes. Returns (left, padding, right).
pub fn fit_title(left: &str, right: &str, width: usize) -> (String, usize, String) {
    const GAP: usize = 2;
    let (l, r) = (left.chars().count(), right.chars().count());
    if l + GAP + r <= width {
        return (left.to_string(), width - l - r, right.to_string());
    }
    // Keep the right side (counts, clocks) when at least 10 columns of the left remain.
    if r + GAP + 10 <= width {
        let keep = width - r - GAP - 1;
        let cut: String = left.chars().take(keep).collect();
        let shown = format!("{}…", cut.trim_end());
        let pad = width - shown.chars().count() - r;
        return (shown, pad, right.to_string());
    }
    let cut: String = left.chars().take(width.saturating_sub(1)).collect();
    if l <= width {
        (left.to_string(), 0, String::new())
    } else {
        (format!("{cut}…"), 0, String::new())
    }
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

#[cfg(test)]
mod title_tests {
    use super::{fit_title, scroll_note};

    #[test]
    fn a_long_text_says_there_is_more() {
        assert_eq!(scroll_note(10, 0, 20), None);
        assert_eq!(
            scroll_note(50, 0, 20).as_deref(),
            Some(" ↓ 30 more lines (j/k) ")
        );
        assert_eq!(
            scroll_note(21, 0, 20).as_deref(),
            Some(" ↓ 1 more line (j/k) ")
        );
        assert_eq!(
            scroll_note(50, 30, 20).as_deref(),
            Some(" end · ↑ 30 above (k) ")
        );
    }

    fn line(left: &str, right: &str, width: usize) -> String {
        let (l, pad, r) = fit_title(left, right, width);
        format!("{l}{}{r}", " ".repeat(pad))
    }

    #[test]
    fn the_two_sides_never_run_together() {
        let left = " mlprep · ML interview prep";
        let right = "Fri 4 Dec · 12 due ";
        for width in [80, 60, 45, 40, 30, 20] {
            let shown = line(left, right, width);
            assert!(shown.chars().count() <= width, "{width}: {shown:?}");
            assert!(!shown.contains("prepFri"), "{width}: {shown:?}");
            if shown.contains("Fri") && !shown.starts_with(" mlprep · ML interview prep  ") {
                let after = shown.split('…').nth(1).unwrap_or("");
                assert!(
                    after.starts_with("  ") && after.trim_start().starts_with("Fri"),
                    "{width}: {shown:?}"
                );
            }
        }
        assert_eq!(line(left, right, 80).chars().count(), 80);
        assert_eq!(
            line(left, right, 40),
            " mlprep · ML inter…  Fri 4 Dec · 12 due "
        );
    }
}
