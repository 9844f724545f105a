//! Home: the seven kinds and their decks with new (available today / total) / learning / due
//! counts, today's progress, and a way into review; above the table, the next interview's
//! countdown with its predicted recall, and on first run a three-line guide.

use crate::content::{Kind, inert};
use crate::plan::recall_at;
use crate::study::{Counts, Filter, Study};
use crate::tui::effect::Effect;
use crate::tui::keys::{HOME, HomeKey, footer};
use crate::tui::theme::Theme;
use chrono::{DateTime, Duration, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

#[derive(Debug, Clone)]
pub struct HomeRow {
    pub label: String,
    pub depth: u8,
    pub filter: Filter,
    pub counts: Counts,
    /// New cards a review of this row would introduce today (within the daily limits).
    pub new_today: usize,
}

pub struct HomeState {
    pub rows: Vec<HomeRow>,
    pub table: TableState,
    pub reviews_today: u32,
    pub new_today: u32,
    pub date: String,
    /// "Interview in N days (name, loop ms): predicted recall on the day X% · p plan" (after
    /// "Mock day: m …" on the plan's mock days), and the same without the name for a narrow
    /// terminal.
    pub interview: Option<[String; 2]>,
    /// Shown until the first review: what `r` does today, the new cards, where `?` is.
    pub guide: Vec<String>,
}

impl HomeState {
    pub fn new(study: &Study, now: DateTime<Utc>) -> HomeState {
        let o = study.overview(now);
        let done = study.done_today(now).unwrap_or_default();
        let limits = &study.settings.limits;
        let overall_left = limits.new_per_day.saturating_sub(done.total_new()) as usize;
        let kind_left = |k: Kind| {
            limits
                .per_kind
                .get(&k)
                .and_then(|l| l.new_per_day)
                .map_or(overall_left, |l| {
                    let used = done.new.get(&k).copied().unwrap_or(0);
                    (l.saturating_sub(used) as usize).min(overall_left)
                })
        };
        let all_new: usize = Kind::ALL
            .into_iter()
            .map(|k| o.kinds.get(&k).map_or(0, |c| c.new).min(kind_left(k)))
            .sum();
        let mut rows = vec![HomeRow {
            label: "All decks".into(),
            depth: 0,
            filter: Filter::default(),
            counts: o.total,
            new_today: all_new.min(overall_left),
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
                new_today: counts.new.min(kind_left(kind)),
            });
            for deck in study
                .library
                .decks
                .iter()
                .filter(|d| d.kind == kind && !d.cards.is_empty())
            {
                let counts = o.decks.get(&deck.path).copied().unwrap_or_default();
                rows.push(HomeRow {
                    label: inert(&deck.title).into_owned(),
                    depth: 1,
                    filter: Filter {
                        deck: Some(deck.path.clone()),
                        ..Filter::default()
                    },
                    counts,
                    new_today: counts.new.min(kind_left(kind)),
                });
            }
        }
        // The companies the cards are asked at: one row each, most cards first.
        for (company, counts) in &o.companies {
            let counts = *counts;
            let filter = Filter {
                company: Some(company.clone()),
                ..Filter::default()
            };
            rows.push(HomeRow {
                label: format!("Asked at {}", capitalised(&inert(company))),
                depth: 0,
                filter,
                counts,
                new_today: counts.new.min(overall_left),
            });
        }
        let first_run = study.states.values().all(|s| s.last_review.is_none());
        let guide = if first_run {
            first_run_guide(rows[0].new_today, o.total.due)
        } else {
            Vec::new()
        };
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
            interview: interview_line(study, now),
            guide,
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
            HomeKey::Custom => {
                let filter = self.rows.get(i).map(|r| r.filter.clone());
                return vec![Effect::OpenCustom(filter.unwrap_or_default())];
            }
            HomeKey::Undo => return vec![Effect::Undo],
            HomeKey::Search => return vec![Effect::Search],
            HomeKey::Stats => return vec![Effect::OpenStats],
            HomeKey::Browse => return vec![Effect::OpenBrowse],
            HomeKey::Stories => return vec![Effect::OpenStories],
            HomeKey::Loops => return vec![Effect::OpenLoops],
            HomeKey::Drill => return vec![Effect::OpenDrill],
            HomeKey::Plan => return vec![Effect::OpenPlan],
            HomeKey::Add => {
                let f = self.rows.get(i).map(|r| &r.filter);
                return vec![Effect::AddCard {
                    deck: f.and_then(|f| f.deck.clone()),
                    kind: f.and_then(|f| f.kind),
                }];
            }
            HomeKey::Help => return vec![Effect::Help],
            HomeKey::Quit => return vec![Effect::Quit],
        };
        self.table.select(Some(next));
        Vec::new()
    }
}

/// The three lines a first-time user sees above the decks.
fn first_run_guide(new: usize, due: usize) -> Vec<String> {
    let due = if due > 0 {
        format!(" and {due} due")
    } else {
        String::new()
    };
    vec![
        format!(
            "First time here? r starts today's session: {}{due}.",
            crate::words::counted(new, "new card", "new cards")
        ),
        "space shows the answer and 1-4 grades it; each grade is saved at once.".into(),
        "? lists the keys of any screen; enter studies only the selected row; q quits.".into(),
    ]
}

/// The next interview, counted in study days, with the mean predicted recall on the day of the
/// cards of its round types studied so far (as if you stopped now; `p` shows the plan).
fn interview_line(study: &Study, now: DateTime<Utc>) -> Option<[String; 2]> {
    let iv = study.next_interview(now)?;
    let start = study.day(now).0;
    let days = (iv.date - (start + Duration::hours(12)).date_naive()).num_days();
    let on_day = start + Duration::days(days) + Duration::hours(8);
    let kinds = study.interview_kinds(iv).unwrap_or_default();
    let (sum, n) = study
        .cards()
        .filter(|c| kinds.is_empty() || kinds.contains(&c.kind))
        .filter(|c| !study.suspended.contains(&c.id))
        .filter_map(|c| study.states.get(&c.id).filter(|s| s.memory.is_some()))
        .fold((0.0f32, 0usize), |(sum, n), st| {
            (sum + recall_at(&study.scheduler, Some(st), on_day), n + 1)
        });
    let when = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        d => format!("in {d} days"),
    };
    let what = |name: Option<&str>| {
        let parts: Vec<String> = [
            name.map(|n| inert(n).into_owned()),
            iv.loop_key.as_deref().map(|l| format!("loop {}", inert(l))),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    };
    let recall = if n == 0 {
        "nothing studied yet for it".to_string()
    } else {
        format!("predicted recall on the day {:.0}%", sum / n as f32 * 100.0)
    };
    let line = |name| format!("Interview {when}{}: {recall} · p plan", what(name));
    if !study.mock_day(now) {
        return Some([line(iv.name.as_deref()), line(None)]);
    }
    // A mock day: said first, so a narrow terminal keeps it.
    let mock = |name| format!("Mock day: m (the plan's loop this week) · {}", line(name));
    Some([mock(iv.name.as_deref()), mock(None)])
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
    let mut notes: Vec<Line> = Vec::new();
    if let Some([full, short]) = &state.interview {
        let fits = full.chars().count() < area.width as usize;
        let iv = if fits { full } else { short };
        notes.push(Line::styled(format!(" {iv}"), theme.accent()));
    }
    notes.extend(state.guide.iter().map(|g| Line::raw(format!(" {g}"))));
    let [notes_area, body] =
        Layout::vertical([Constraint::Length(notes.len() as u16), Constraint::Min(3)]).areas(body);
    frame.render_widget(Paragraph::new(notes), notes_area);
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
                Cell::from(format!("{}/{}", r.new_today, r.counts.new)),
                Cell::from(r.counts.learning.to_string()),
                Cell::from(Span::styled(r.counts.due.to_string(), due_style)),
            ])
        })
        .collect();
    let widths = [
        Constraint::Min(20),
        Constraint::Length(6),
        Constraint::Length(9),
        Constraint::Length(6),
        Constraint::Length(6),
    ];
    let title = format!(
        " {} cards · {} due · {} new today of {} ",
        total.cards, total.due, state.rows[0].new_today, total.new
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

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
