//! The stats screen, in five tabs that each stay legible at 80x24: activity (heatmap, due
//! forecast, reviews per day), retention per kind, mock scores over time, readiness, leeches.

use crate::content::Kind;
use crate::stats::Dashboard;
use crate::tui::effect::Effect;
use crate::tui::keys::{STATS, StatsKey, footer};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Paragraph, Row, Table, Tabs,
    Wrap,
};

pub struct StatsState {
    pub dash: Dashboard,
    pub tab: usize,
    /// Cards tagged leech: how many, and the ones with most lapses.
    pub leeches: (usize, Vec<super::stats_leeches::LeechRow>),
    /// Lapses that make a leech (for the empty tab's note).
    pub leech_lapses: u32,
}

pub const TABS: [&str; 5] = ["Activity", "Retention", "Mocks", "Readiness", "Leeches"];

impl StatsState {
    /// Handles a stats key (the dashboard is read when the screen opens).
    pub fn on_key(&mut self, key: StatsKey) -> Vec<Effect> {
        let n = TABS.len();
        match key {
            StatsKey::Tab(i) => self.tab = i.min(n - 1),
            StatsKey::Next => self.tab = (self.tab + 1) % n,
            StatsKey::Previous => self.tab = (self.tab + n - 1) % n,
            StatsKey::Back => return vec![Effect::Back],
            StatsKey::Help => return vec![Effect::Help],
            StatsKey::Undo => return vec![Effect::Undo],
            StatsKey::Search => return vec![Effect::Search],
        }
        Vec::new()
    }
}

pub fn render(state: &StatsState, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let [tabs, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Tabs::new(
            TABS.iter()
                .enumerate()
                .map(|(i, t)| format!("{} {t}", i + 1)),
        )
        .select(state.tab)
        .highlight_style(theme.selected())
        .divider("│"),
        tabs,
    );
    match state.tab {
        0 => activity(&state.dash, theme, frame, body),
        1 => retention(&state.dash, theme, frame, body),
        2 => mocks(&state.dash, theme, frame, body),
        3 => readiness(&state.dash, theme, frame, body),
        _ => super::stats_leeches::render(
            state.leeches.0,
            &state.leeches.1,
            state.leech_lapses,
            theme,
            frame,
            body,
        ),
    }
    frame.render_widget(Paragraph::new(footer(theme, STATS, |_| None)), keys);
}

fn activity(d: &Dashboard, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let [top, bottom] = Layout::vertical([Constraint::Length(10), Constraint::Min(4)]).areas(area);
    let [heat, forecast] =
        Layout::horizontal([Constraint::Length(38), Constraint::Min(20)]).areas(top);
    // Calendar heatmap: one column per week, one row per weekday, 16 weeks.
    let max = d.heatmap.iter().map(|x| x.1).max().unwrap_or(0).max(1);
    let mut rows: Vec<Vec<Span>> = vec![Vec::new(); 7];
    for (date, n) in &d.heatmap {
        use chrono::Datelike;
        let wd = date.weekday().num_days_from_monday() as usize;
        let level = if *n == 0 {
            0
        } else {
            1 + (*n * 3 / max).min(3)
        };
        let (ch, color) = [
            (" ·", Color::DarkGray),
            (" ░", Color::Green),
            (" ▒", Color::Green),
            (" ▓", Color::Green),
            (" █", Color::Green),
        ][level as usize];
        let style = if theme.color {
            Style::new().fg(color)
        } else {
            Style::new()
        };
        rows[wd].push(Span::styled(ch, style));
    }
    let names = ["Mon", "", "Wed", "", "Fri", "", "Sun"];
    let lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.insert(0, Span::styled(format!("{:<3}", names[i]), theme.dim()));
            Line::from(r)
        })
        .collect();
    let total: u32 = d.heatmap.iter().map(|x| x.1).sum();
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(format!(" reviews, 16 weeks: {total} "))),
        heat,
    );
    let bars: Vec<Bar> = d
        .forecast
        .iter()
        .map(|n| Bar::default().value(*n as u64).text_value(String::new()))
        .collect();
    let chart = BarChart::default()
        .block(Block::bordered().title(format!(
            " due, today → +30 d: {} ",
            d.forecast.iter().sum::<u32>()
        )))
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(if theme.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new()
        });
    frame.render_widget(chart, forecast);
    let [reviews, minutes] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    let r: Vec<u64> = d.reviews_per_day.iter().map(|x| *x as u64).collect();
    let m: Vec<u64> = d.minutes_per_day.iter().map(|x| *x as u64).collect();
    let first = chrono::DateTime::parse_from_rfc3339(&d.counts.day_start)
        .map(|t| {
            (t - chrono::Duration::days(29))
                .format("%-d %b")
                .to_string()
        })
        .unwrap_or_else(|_| "30 days ago".into());
    let dates = (first.as_str(), "today");
    crate::tui::chart::spark_panel(
        frame,
        reviews,
        theme,
        &format!(" reviews/day, 30 days: {} ", r.iter().sum::<u64>()),
        &r,
        dates,
        theme.good(),
    );
    crate::tui::chart::spark_panel(
        frame,
        minutes,
        theme,
        &format!(" minutes/day, 30 days: {} ", m.iter().sum::<u64>()),
        &m,
        dates,
        theme.accent(),
    );
}

fn pct(x: Option<f64>) -> String {
    x.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "-".into())
}

fn retention(d: &Dashboard, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let header = Row::new([
        "kind", "cards", "new", "learn", "review", "due", "7 d", "30 d", "365 d",
    ])
    .style(theme.dim());
    let rows: Vec<Row> = Kind::ALL
        .iter()
        .map(|k| {
            let c = d.counts.kinds.get(k.slug()).cloned().unwrap_or_default();
            let r = d.retention.get(k.slug()).copied().unwrap_or([None; 3]);
            Row::new(vec![
                k.title().to_string(),
                c.cards.to_string(),
                c.new.to_string(),
                c.learning.to_string(),
                c.review.to_string(),
                c.due_today.to_string(),
                pct(r[0]),
                pct(r[1]),
                pct(r[2]),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(12),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
    ];
    let [table, note] = Layout::vertical([Constraint::Length(11), Constraint::Min(2)]).areas(area);
    frame.render_widget(
        Table::new(rows, widths).header(header).block(
            Block::bordered().title(" true retention: review-phase recalls graded Hard or better "),
        ),
        table,
    );
    let t = &d.counts.total;
    frame.render_widget(
        Paragraph::new(format!("Today: {} review(s), {} min. Overall 30-day retention {}. The target is your desired retention (0.90 by default).", t.reviews_today, t.time_today_seconds / 60, pct(t.retention_30d)))
            .wrap(Wrap { trim: true }),
        note,
    );
}

fn mocks(d: &Dashboard, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let overall: Vec<&crate::store::MockPoint> = d
        .mock_scores
        .iter()
        .filter(|p| p.signal == "overall")
        .collect();
    if overall.is_empty() {
        frame.render_widget(
            Paragraph::new("No scored mocks yet. Try `mlprep mock --loop screen`.")
                .block(Block::bordered().title(" mock scores ")),
            area,
        );
        return;
    }
    let t0 = overall[0].at;
    let colors = [
        Color::Cyan,
        Color::Green,
        Color::Yellow,
        Color::Magenta,
        Color::Blue,
        Color::Red,
        Color::White,
    ];
    let series: Vec<(Kind, Vec<(f64, f64)>)> = Kind::ALL
        .iter()
        .map(|k| {
            (
                *k,
                overall
                    .iter()
                    .filter(|p| p.rubric == k.slug())
                    .map(|p| ((p.at - t0).num_hours() as f64 / 24.0, p.score as f64))
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let max_x = series
        .iter()
        .flat_map(|(_, v)| v.iter().map(|p| p.0))
        .fold(1.0f64, f64::max);
    let datasets: Vec<Dataset> = series
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            let style = if theme.color {
                Style::new().fg(colors[i % colors.len()])
            } else {
                Style::new()
            };
            Dataset::default()
                .name(k.title())
                .marker(symbols::Marker::Braille)
                .graph_type(GraphType::Line)
                .style(style)
                .data(v)
        })
        .collect();
    let chart = Chart::new(datasets)
        .block(Block::bordered().title(format!(" overall round scores over {:.0} day(s) ", max_x)))
        .x_axis(
            Axis::default()
                .bounds([0.0, max_x.max(1.0)])
                .labels(["day 0".to_string(), format!("day {:.0}", max_x)]),
        )
        .y_axis(
            Axis::default()
                .bounds([1.0, 4.0])
                .labels(["1", "2", "3", "4"]),
        );
    frame.render_widget(chart, area);
}

fn readiness(d: &Dashboard, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let mut lines = Vec::new();
    for r in &d.readiness {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<12} ", r.kind.title()), theme.heading()),
            Span::raw(r.advice_keys.clone()),
        ]));
    }
    lines.push(Line::default());
    let gaps: Vec<&str> = d
        .story_coverage
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(k, _)| k.as_str())
        .collect();
    let covered = d.story_coverage.len() - gaps.len();
    lines.push(Line::styled(
        format!(
            "Story bank: {covered} of {} principles have a story; {}.",
            d.story_coverage.len(),
            crate::words::counted(d.dossiers as usize, "dossier", "dossiers")
        ),
        theme.accent(),
    ));
    if !gaps.is_empty() {
        lines.push(Line::raw(format!(
            "Gaps (o on the home screen shows them): {}.",
            gaps.join(", ")
        )));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" what to study next ")),
        area,
    );
}
