//! The plan toward the next interview (`p` on home): readiness per round type, a per-day chart
//! of the proposed minutes with mock days marked, the new cards to start and the cards the
//! normal schedule would not show again before the date. A view of [`Study::plan`], built when
//! the screen opens or comes back; with no interview configured it says how to set one (`n`
//! opens the date form, which the app saves).

use crate::content::inert;
use crate::plan::{Interview, Plan};
use crate::study::{Filter, Study};
use crate::tui::effect::Effect;
use crate::tui::keys::{PLAN, PlanKey, footer};
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

/// What the screen shows.
pub enum PlanView {
    /// No `[[interviews]]` date ahead: how to set one in this config file.
    Unset { config: String },
    /// The plan could not be made (the interview is today, an unknown loop): why.
    Failed { interview: Interview, error: String },
    Ready {
        interview: Interview,
        plan: Box<Plan>,
        minutes: u32,
    },
}

pub struct PlanState {
    pub view: PlanView,
}

impl PlanState {
    /// The plan toward the next configured interview as of `now`.
    pub fn new(study: &Study, now: DateTime<Utc>) -> PlanState {
        let Some(interview) = study.next_interview(now).cloned() else {
            let config = study
                .settings
                .config_path
                .as_ref()
                .map_or_else(|| "config.toml".to_string(), |p| p.display().to_string());
            return PlanState {
                view: PlanView::Unset { config },
            };
        };
        let minutes = study.settings.daily_minutes.max(1);
        let view = match study.plan(&interview, minutes, now) {
            Ok(plan) => PlanView::Ready {
                interview,
                plan: Box::new(plan),
                minutes,
            },
            Err(e) => PlanView::Failed {
                interview,
                error: format!("{e:#}"),
            },
        };
        PlanState { view }
    }

    pub fn on_key(&mut self, key: PlanKey) -> Vec<Effect> {
        match key {
            PlanKey::Review => vec![Effect::StartReview(Filter::default())],
            PlanKey::SetDate => vec![Effect::OpenInterviewForm],
            PlanKey::EditDates => vec![Effect::EditConfig],
            PlanKey::Help => vec![Effect::Help],
            PlanKey::Back => vec![Effect::Back],
        }
    }
}

/// How to set an interview date (under the line naming the config file).
pub const UNSET: [&str; 9] = [
    "",
    "    daily_minutes = 60          # optional (default 60)",
    "",
    "    [[interviews]]              # several are allowed: the next date counts",
    "    date = \"2027-01-20\"",
    "    loop = \"ms\"                 # optional: prepare its round types",
    "",
    "then start mlprep again. To try a date without saving it:",
    "    mlprep plan --date 2027-01-20 --loop ms",
];

fn pct(r: Option<f32>) -> String {
    r.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "-".into())
}

fn title(iv: &Interview) -> String {
    let mut t = format!(" Plan · interview {}", iv.date.format("%a %-d %b %Y"));
    if let Some(n) = &iv.name {
        t.push_str(&format!(" · {}", inert(n)));
    }
    if let Some(l) = &iv.loop_key {
        t.push_str(&format!(" · loop {}", inert(l)));
    }
    t
}

pub fn render(
    state: &PlanState,
    theme: &Theme,
    status: Option<&str>,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let [head, body, status_area, keys] = super::frame_areas(area);
    frame.render_widget(Paragraph::new(footer(theme, PLAN, |_| None)), keys);
    match &state.view {
        PlanView::Unset { config } => {
            super::title_bar(
                frame,
                head,
                theme,
                " Plan · no interview date",
                "",
                theme.dim(),
            );
            let first = format!(
                " No interview date is set: n sets one here, or add one to {}",
                inert(config)
            );
            let lines: Vec<Line> = std::iter::once(Line::styled(first, theme.warn()))
                .chain(UNSET.iter().map(|l| Line::raw(format!(" {l}"))))
                .collect();
            let para = Paragraph::new(lines).wrap(Wrap { trim: false });
            frame.render_widget(para.block(Block::bordered()), body);
        }
        PlanView::Failed { interview, error } => {
            super::title_bar(frame, head, theme, &title(interview), "", theme.dim());
            let text = vec![
                Line::styled(format!(" No plan: {}", inert(error)), theme.warn()),
                Line::raw(
                    " n sets another date. Or fix [[interviews]] in config.toml and start mlprep again, or try a date",
                ),
                Line::raw(" with `mlprep plan --date YYYY-MM-DD`."),
            ];
            frame.render_widget(Paragraph::new(text).block(Block::bordered()), body);
        }
        PlanView::Ready {
            interview,
            plan,
            minutes,
        } => {
            let right = format!(
                "{} · target {:.0}% · {minutes} min a day ",
                crate::words::counted(plan.days.len(), "day", "days"),
                plan.target * 100.0
            );
            super::title_bar(frame, head, theme, &title(interview), &right, theme.dim());
            render_plan(plan, *minutes, theme, frame, body);
        }
    }
    super::status_line(frame, status_area, theme, status);
}

fn render_plan(plan: &Plan, minutes: u32, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let notes = notes(plan, minutes, theme);
    let table_h = plan.readiness.len() as u16 + 3;
    // The chart takes what the table and the notes leave, between 7 and 12 rows.
    let chart_h = area
        .height
        .saturating_sub(table_h + notes.len() as u16)
        .clamp(7, 12);
    let [table_area, chart_area, notes_area] = Layout::vertical([
        Constraint::Length(table_h),
        Constraint::Length(chart_h),
        Constraint::Min(0),
    ])
    .areas(area);
    readiness(plan, theme, frame, table_area);
    super::plan_chart::render(plan, minutes, theme, frame, chart_area);
    frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: false }), notes_area);
}

fn readiness(plan: &Plan, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let header = Row::new(
        [
            "round type",
            "cards",
            "studied",
            "if you stop",
            "with plan",
            "studied then",
        ]
        .map(|h| Cell::from(h).style(theme.dim())),
    );
    let rows: Vec<Row> = plan
        .readiness
        .iter()
        .map(|r| {
            let short = r.recall_on_day.is_some_and(|x| x < plan.target);
            Row::new(vec![
                Cell::from(Span::styled(r.kind.title(), theme.heading())),
                Cell::from(r.cards.to_string()),
                Cell::from(r.studied_now.to_string()),
                Cell::from(pct(r.recall_if_idle)),
                Cell::from(pct(r.recall_on_day)).style(if short {
                    theme.warn()
                } else {
                    theme.good()
                }),
                Cell::from(r.studied_on_day.to_string()),
            ])
        })
        .collect();
    let widths = [
        Constraint::Min(12),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(12),
    ];
    let table = Table::new(rows, widths).header(header).block(
        Block::bordered()
            .title(" Predicted recall on the day (mean over studied cards) ")
            .title_style(theme.title()),
    );
    frame.render_widget(table, area);
}

/// The lines under the chart: new cards, the ones to start today, cards not seen again.
fn notes(plan: &Plan, minutes: u32, theme: &Theme) -> Vec<Line<'static>> {
    let line = |s: String| Line::raw(format!(" {s}"));
    let mut out = Vec::new();
    let mut new = format!(
        "New cards: {} waiting · about {} a day, {} today · {} by the day",
        plan.new_waiting,
        plan.new_per_day,
        plan.start_now.len(),
        plan.new_started
    );
    if plan.new_started < plan.new_waiting {
        new.push_str(&format!(
            " · {} will not fit",
            plan.new_waiting - plan.new_started
        ));
    }
    out.push(line(new));
    if let Some(advice) = plan.limit_advice() {
        out.push(Line::styled(format!(" {advice}"), theme.warn()));
    }
    if !plan.start_now.is_empty() {
        out.push(line(format!(
            "Start today ({}): {}",
            plan.start_now.len(),
            plan.start_now
                .iter()
                .map(|id| inert(id).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut unseen = format!(
        "Not due again before the date: {}",
        crate::words::counted(plan.not_seen_before.len(), "card", "cards")
    );
    if !plan.not_seen_before.is_empty() {
        let weakest: Vec<String> = plan
            .not_seen_before
            .iter()
            .take(6)
            .map(|n| format!("{} {:.0}%", inert(&n.id), n.recall * 100.0))
            .collect();
        unseen.push_str(&format!(" · weakest on the day: {}", weakest.join(", ")));
    }
    out.push(line(unseen));
    if !plan.fits {
        out.push(Line::styled(
            format!(
                " The reviews alone need more than {minutes} min on some days: raise daily_minutes."
            ),
            theme.warn(),
        ));
    }
    out
}
