//! The plan screen's chart: proposed minutes per day as bars (over the daily minutes), the new
//! cards started under them, mock days marked `M`, and a date axis. Days are fitted to the
//! width: spread over several columns, or grouped when there are more days than columns.

use crate::plan::{Plan, PlanDay};
use crate::tui::chart::axis_line;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Sparkline, SparklineBar};

/// One chart column: the minutes it shows, a mock mark, and on the first column of a day (or a
/// group of days) the new cards started then.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub minutes: u64,
    pub mock: bool,
    pub new: Option<u32>,
}

/// The days as `width` chart columns: each day spread over its share of the columns, or, with
/// more days than columns, days grouped (a group shows its busiest day and its new cards).
pub fn columns(days: &[PlanDay], width: usize) -> Vec<Column> {
    let n = days.len();
    if n == 0 || width == 0 {
        return Vec::new();
    }
    let mut last = usize::MAX;
    (0..width)
        .map(|i| {
            let a = i * n / width;
            let b = ((i + 1) * n / width).clamp(a + 1, n);
            let group = &days[a..b];
            let first = a != last;
            last = a;
            Column {
                minutes: group
                    .iter()
                    .map(|d| u64::from(d.minutes))
                    .max()
                    .unwrap_or(0),
                mock: first && group.iter().any(|d| d.mock),
                new: first.then(|| group.iter().map(|d| d.new).sum()),
            }
        })
        .collect()
}

/// The new-card counts under the bars, and how many days each count covers: one count a day
/// when every count fits its columns with a space after it, else the counts of `k` days
/// together (the smallest `k` that fits). Each count sits at its first day's column.
pub fn new_row(cols: &[Column]) -> (String, usize) {
    let starts: Vec<(usize, u32)> = cols
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.new.map(|n| (i, n)))
        .collect();
    let width = cols.len();
    for k in 1..=starts.len().max(1) {
        let groups: Vec<(usize, u32)> = starts
            .chunks(k)
            .map(|g| (g[0].0, g.iter().map(|s| s.1).sum()))
            .collect();
        let fits = groups.iter().enumerate().all(|(j, &(i, n))| {
            let room = groups.get(j + 1).map_or(width + 1, |g| g.0) - i;
            n == 0 || n.to_string().len() < room
        });
        if fits {
            let mut row = vec![' '; width];
            for (i, n) in groups.into_iter().filter(|g| g.1 > 0) {
                let text = n.to_string();
                row.splice(i..i + text.len(), text.chars());
            }
            return (row.into_iter().collect(), k);
        }
    }
    (String::new(), 1)
}

/// Draws the chart of `plan` in `area`; `minutes` (the daily budget) is the top of the scale.
pub fn render(plan: &Plan, minutes: u32, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let block = Block::bordered()
        .title(" Proposed minutes a day · M = a full mock loop ")
        .title_style(theme.title());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 5 || inner.width < 4 {
        return;
    }
    let [top, bars, new, marks, dates] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let cols = columns(&plan.days, bars.width as usize);
    let busiest = cols.iter().map(|c| c.minutes).max().unwrap_or(0);
    let (new_counts, k) = new_row(&cols);
    // Days per count: with more days than columns, each column already holds several.
    let per = k * plan.days.len().div_ceil(cols.len().max(1));
    let per = if per == 1 {
        "a day".to_string()
    } else {
        format!("per {per} days")
    };
    let scale = busiest.max(u64::from(minutes));
    frame.render_widget(
        Paragraph::new(Line::styled(
            axis_line(
                &format!("top {scale} min"),
                &format!("busiest day {busiest} min · new cards {per} below"),
                top.width as usize,
            ),
            theme.dim(),
        )),
        top,
    );
    let data: Vec<SparklineBar> = cols
        .iter()
        .map(|c| {
            let bar = SparklineBar::from(c.minutes);
            if c.mock {
                bar.style(theme.accent())
            } else {
                bar
            }
        })
        .collect();
    frame.render_widget(
        Sparkline::default()
            .data(data)
            .max(scale)
            .style(theme.good()),
        bars,
    );
    let mark: String = cols
        .iter()
        .map(|c| if c.mock { 'M' } else { ' ' })
        .collect();
    frame.render_widget(Paragraph::new(new_counts), new);
    frame.render_widget(Paragraph::new(Line::styled(mark, theme.accent())), marks);
    let day = |d: Option<&PlanDay>| {
        d.map(|d| d.date.format("%a %-d %b").to_string())
            .unwrap_or_default()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            axis_line(
                &format!("today {}", day(plan.days.first())),
                &day(plan.days.last()),
                dates.width as usize,
            ),
            theme.dim(),
        )),
        dates,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn days(n: usize, mock: &[usize]) -> Vec<PlanDay> {
        (0..n)
            .map(|i| PlanDay {
                date: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
                    + chrono::Duration::days(i as i64),
                new: 1,
                reviews: 0,
                minutes: i as u32,
                mock: mock.contains(&i),
            })
            .collect()
    }

    #[test]
    fn every_day_gets_a_column_and_each_mock_one_mark() {
        let c = columns(&days(3, &[1]), 7);
        assert_eq!(c.len(), 7);
        assert_eq!(c.iter().filter(|c| c.mock).count(), 1);
        assert_eq!(c.last().map(|c| c.minutes), Some(2));
        assert_eq!(c.first().map(|c| c.minutes), Some(0));
        // One new card a day: a count at the first column of each day.
        assert_eq!(new_row(&c), ("1  1 1 ".to_string(), 1));
    }

    #[test]
    fn more_days_than_columns_keep_the_last_day_every_mock_and_every_new_card() {
        let c = columns(&days(100, &[3, 50, 97]), 20);
        assert_eq!(c.len(), 20);
        // The last column holds the day before the interview.
        assert_eq!(c.last().map(|c| c.minutes), Some(99));
        assert_eq!(c.iter().filter(|c| c.mock).count(), 3);
        assert_eq!(c.iter().filter_map(|c| c.new).sum::<u32>(), 100);
        // Five days a column; "10" in two columns would touch the next count: three a count.
        assert_eq!(new_row(&c), ("15 15 15 15 15 15 10".to_string(), 3));
    }

    #[test]
    fn counts_never_run_together() {
        let mut d = days(3, &[]);
        d[0].new = 12;
        // 12, 1, 1 in three columns: never run together as "1211".
        assert_eq!(new_row(&columns(&d, 3)), ("14 ".to_string(), 3));
        assert_eq!(new_row(&columns(&d, 9)), ("12 1  1  ".to_string(), 1));
    }
}
