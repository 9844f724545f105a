//! A sparkline panel that uses its whole width, with a value axis (the maximum, top left) and a
//! date axis (first and last day) under it. The data shaping is plain functions.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Sparkline};

/// `values` spread over `width` columns (each value repeated over its share of the columns), so
/// 30 days fill a 70-column box instead of its left 30 columns.
pub fn stretch(values: &[u64], width: usize) -> Vec<u64> {
    if values.is_empty() || width <= values.len() {
        return values.iter().rev().take(width).rev().copied().collect();
    }
    (0..width)
        .map(|i| values[i * values.len() / width])
        .collect()
}

/// `left` and `right` at the two ends of a line of `width` columns (left wins when too narrow).
pub fn axis_line(left: &str, right: &str, width: usize) -> String {
    let (l, r) = (left.chars().count(), right.chars().count());
    if l + 1 + r > width {
        return left.chars().take(width).collect();
    }
    format!("{left}{}{right}", " ".repeat(width - l - r))
}

/// A bordered sparkline over `values` (oldest first) with its axes; `first` and `last` label
/// the first and last value's dates.
pub fn spark_panel(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    title: &str,
    values: &[u64],
    (first, last): (&str, &str),
    style: Style,
) {
    let block = Block::bordered().title(title.to_string());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 || inner.width < 4 {
        return;
    }
    let [top, spark, dates] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let max = values.iter().copied().max().unwrap_or(0);
    frame.render_widget(
        Paragraph::new(Line::styled(format!("max {max}"), theme.dim())),
        top,
    );
    let data = stretch(values, spark.width as usize);
    frame.render_widget(Sparkline::default().data(&data).style(style), spark);
    frame.render_widget(
        Paragraph::new(Line::styled(
            axis_line(first, last, dates.width as usize),
            theme.dim(),
        )),
        dates,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fill_the_width_in_order() {
        assert_eq!(stretch(&[1, 2, 3], 6), [1, 1, 2, 2, 3, 3]);
        assert_eq!(stretch(&[1, 2, 3], 7).len(), 7);
        assert_eq!(stretch(&[1, 2, 3], 7)[6], 3);
        // Too narrow: the most recent values are kept.
        assert_eq!(stretch(&[1, 2, 3, 4], 2), [3, 4]);
        assert!(stretch(&[], 5).is_empty());
    }

    #[test]
    fn axis_labels_sit_at_both_ends() {
        assert_eq!(axis_line("5 Nov", "today", 14), "5 Nov    today");
        assert_eq!(axis_line("5 Nov", "today", 8), "5 Nov");
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn the_sparkline_fills_its_box_between_its_axes() {
        let mut t = Terminal::new(TestBackend::new(50, 7)).unwrap();
        let values: Vec<u64> = vec![30; 30];
        t.draw(|f| {
            spark_panel(
                f,
                f.area(),
                &Theme { color: false },
                " reviews ",
                &values,
                ("5 Nov", "today"),
                Style::default(),
            )
        })
        .unwrap();
        let row = |y: u16| -> String {
            (0..50)
                .map(|x| t.backend().buffer()[(x, y)].symbol().to_string())
                .collect()
        };
        assert!(row(1).starts_with("│max 30 "), "{}", row(1));
        assert!(
            row(5).starts_with("│5 Nov") && row(5).ends_with("today│"),
            "{}",
            row(5)
        );
        // The bottom row of bars has a bar in every column of the box.
        let bars = row(4);
        assert_eq!(
            bars.chars().filter(|c| *c != ' ' && *c != '│').count(),
            48,
            "{bars}"
        );
    }
}
