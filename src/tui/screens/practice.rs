//! Practice: edit the workspace file in $EDITOR, run the card's tests (the screen stays live
//! while they run), read each test's result, reveal hints, show the reference solution (recorded),
//! reset to the starter, and confirm the grade the result suggests.

use super::home::key_line;
use crate::content::{Card, inert};
use crate::practice::{self, Effort, Report, Run, Status};
use crate::schedule::Grade;
use crate::store::AttemptInput;
use crate::study::Study;
use crate::tui::app::Action;
use crate::tui::markdown;
use crate::tui::theme::Theme;
use anyhow::Result;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use std::path::PathBuf;

pub struct PracticeState {
    pub card_id: String,
    pub file: PathBuf,
    started: DateTime<Utc>,
    run: Option<Run>,
    run_started: DateTime<Utc>,
    pub report: Option<Report>,
    pub hints: usize,
    pub solution_shown: bool,
    show_solution: bool,
    pub scroll: u16,
    /// Grade prompt: the suggestion and why.
    pub confirm: Option<(Grade, String)>,
    pub confirm_reset: bool,
    pub graded: Option<Grade>,
    now: DateTime<Utc>,
    message: Option<String>,
}

impl PracticeState {
    pub fn new(study: &Study, card: &Card, now: DateTime<Utc>) -> Result<PracticeState> {
        let file = practice::ensure_workspace(&study.settings.data_dir, card)?;
        Ok(PracticeState {
            card_id: card.id.clone(),
            file,
            started: now,
            run: None,
            run_started: now,
            report: None,
            hints: 0,
            solution_shown: false,
            show_solution: false,
            scroll: 0,
            confirm: None,
            confirm_reset: false,
            graded: None,
            now,
            message: None,
        })
    }

    pub fn effort(&self, now: DateTime<Utc>) -> Effort {
        Effort {
            elapsed: now - self.started,
            hints: self.hints,
            solution_shown: self.solution_shown,
        }
    }

    pub fn running(&self) -> bool {
        self.run.is_some()
    }

    /// Starts the tests on the current workspace file.
    pub fn start_run(&mut self, study: &Study, now: DateTime<Utc>) {
        let Some(card) = study.card(&self.card_id) else {
            return;
        };
        self.run = Some(Run::start(card, &self.file, practice::run_config(study)));
        self.run_started = now;
        self.message = None;
    }

    /// Polls a running test process; records the attempt when it ends.
    pub fn tick(&mut self, study: &mut Study, now: DateTime<Utc>) -> Result<()> {
        self.now = now;
        let Some(run) = self.run.as_mut() else {
            return Ok(());
        };
        run.poll();
        if run.is_done() {
            let report = run.report().clone();
            self.run = None;
            study.store.record_attempt(&AttemptInput {
                card_id: &self.card_id,
                started_at: self.started,
                finished_at: now,
                report: &report,
                effort: self.effort(now),
                source: "practice",
            })?;
            self.message = Some(if report.all_passed() {
                format!("all {} tests pass: press g to grade", report.total())
            } else if let Some(f) = &report.fatal {
                f.clone()
            } else {
                format!("{} of {} tests pass", report.passed(), report.total())
            });
            // Once per session: no sandbox contains deck code, and how to get one.
            if let (Some(m), Some(n)) = (self.message.as_mut(), &report.notice) {
                m.push_str(&format!(" · note: {n}"));
            }
            self.report = Some(report);
            self.scroll = 0;
        }
        Ok(())
    }

    /// Handles the practice keys. Returns true when the user asked to edit the workspace.
    pub fn apply(&mut self, action: Action, study: &Study, now: DateTime<Utc>) -> Result<bool> {
        self.now = now;
        let Some(card) = study.card(&self.card_id) else {
            return Ok(false);
        };
        if self.confirm_reset {
            self.confirm_reset = false;
            if action == Action::Confirm {
                practice::reset_workspace(&study.settings.data_dir, card)?;
                self.report = None;
                self.message = Some("workspace reset to the starter".into());
            } else {
                self.message = Some("reset cancelled".into());
            }
            return Ok(false);
        }
        match action {
            Action::Edit => return Ok(true),
            Action::Run if self.run.is_none() => self.start_run(study, now),
            Action::Hint if self.hints < card.hints.len() => self.hints += 1,
            Action::Hint => self.message = Some("no more hints".into()),
            Action::Solution => {
                self.show_solution = !self.show_solution;
                if self.show_solution && !self.solution_shown {
                    self.solution_shown = true;
                    self.message = Some("solution shown: recorded with this attempt".into());
                }
            }
            Action::Reset => {
                self.confirm_reset = true;
                self.message = Some("reset the workspace to the starter? your code will be replaced: press y to confirm".into());
            }
            Action::GradePrompt => {
                let empty = Report::default();
                let report = self.report.as_ref().unwrap_or(&empty);
                self.confirm = Some(practice::suggested_grade(
                    report,
                    &self.effort(now),
                    card.budget_minutes(),
                ));
            }
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            _ => {}
        }
        Ok(false)
    }
}

fn result_lines(state: &PracticeState, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(run) = &state.run {
        let (done, total) = run.progress();
        let secs = (state.now - state.run_started).num_milliseconds().max(0) as f64 / 1000.0;
        lines.push(Line::styled(
            format!("running tests… {done}/{total} ({secs:.1}s)"),
            theme.accent(),
        ));
        lines.push(Line::default());
    }
    let Some(report) = state.report.as_ref() else {
        if state.run.is_none() {
            lines.push(Line::raw(
                "No run yet. e edits your solution; r runs the tests.",
            ));
            lines.push(Line::styled(
                format!("file: {}", state.file.display()),
                theme.dim(),
            ));
        }
        return lines;
    };
    if let Some(f) = &report.fatal {
        lines.push(Line::styled("cannot run the tests", theme.bad()));
        lines.push(Line::raw(inert(f).into_owned()));
        return lines;
    }
    let style = if report.all_passed() {
        theme.good()
    } else {
        theme.bad()
    };
    lines.push(Line::styled(
        format!(
            "{} of {} tests pass · {:.1}s",
            report.passed(),
            report.total(),
            report.seconds
        ),
        style,
    ));
    lines.push(Line::default());
    for r in &report.results {
        let (mark, st) = match r.status {
            Status::Pass => ("✓", theme.good()),
            Status::Fail => ("✗", theme.bad()),
            Status::Error => ("!", theme.bad()),
            Status::Timeout => ("⏱", theme.warn()),
            Status::NotRun => ("·", theme.dim()),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), st),
            Span::raw(format!("{:<32}", inert(&r.name))),
            Span::styled(
                format!(
                    " {:>7.3}s {}",
                    r.seconds,
                    if r.status == Status::Pass {
                        ""
                    } else {
                        r.status.label()
                    }
                ),
                theme.dim(),
            ),
        ]));
        if r.status != Status::Pass {
            for l in r.message.lines().take(8) {
                lines.push(Line::raw(format!("    {}", inert(l))));
            }
            if let Some((n, src)) = &r.line {
                lines.push(Line::styled(
                    format!("    your line {n}: {}", inert(src)),
                    theme.warn(),
                ));
            }
            if !r.output.is_empty() {
                let shown: String = r.output.chars().take(300).collect();
                lines.push(Line::styled(
                    format!("    output: {}", inert(&shown.replace('\n', "⏎"))),
                    theme.dim(),
                ));
            }
        }
    }
    lines
}

/// The problem pane: revealed hints and the solution come first, so they are visible without
/// scrolling; the statement follows.
fn problem_lines(state: &PracticeState, card: &Card, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        inert(&card.prompt).into_owned(),
        theme.title(),
    )];
    for (i, h) in card.hints().take(state.hints).enumerate() {
        let mut rendered = markdown::render(h, theme).into_iter();
        let mut first = vec![Span::styled(
            format!("Hint {}/{}: ", i + 1, card.hints.len()),
            theme.accent(),
        )];
        if let Some(l) = rendered.next() {
            first.extend(l.spans);
        }
        lines.push(Line::from(first));
        lines.extend(rendered);
    }
    if state.show_solution
        && let Some(code) = card.code(card.solution)
    {
        lines.push(Line::styled("── Reference solution ──", theme.heading()));
        lines.extend(markdown::render(&format!("```python\n{code}```\n"), theme));
        lines.extend(markdown::render(card.answer(), theme));
        lines.push(Line::styled("── Problem ──", theme.heading()));
    }
    lines.extend(markdown::render(card.body(), theme));
    lines
}

pub fn render(
    state: &PracticeState,
    study: &Study,
    theme: &Theme,
    status: Option<&str>,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let Some(card) = study.card(&state.card_id) else {
        return;
    };
    let [head, body, status_area, keys] = super::frame_areas(area);
    let elapsed = (state.now - state.started).num_seconds().max(0);
    let budget = card.budget_minutes() as i64 * 60;
    let clock = format!(
        "{:02}:{:02} / {:02}:00 ",
        elapsed / 60,
        elapsed % 60,
        budget / 60
    );
    let left = format!(" Practice · {}", inert(&card.id));
    let clock_style = if elapsed > budget {
        theme.bad()
    } else {
        theme.dim()
    };
    super::title_bar(frame, head, theme, &left, &clock, clock_style);

    let (a, b) = if body.width >= 100 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (a, b)
    } else {
        let [a, b] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
        (a, b)
    };
    frame.render_widget(
        Paragraph::new(result_lines(state, theme))
            .wrap(Wrap { trim: false })
            .scroll((state.scroll, 0))
            .block(Block::bordered().title(" tests ")),
        a,
    );
    frame.render_widget(
        Paragraph::new(problem_lines(state, card, theme))
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" problem ")),
        b,
    );

    super::status_line(
        frame,
        status_area,
        theme,
        status.or(state.message.as_deref()),
    );
    let footer = if let Some((g, why)) = &state.confirm {
        Line::from(vec![
            Span::styled(
                format!(" suggested: {} ", g.label()),
                theme.grade(*g as usize),
            ),
            Span::styled(format!("({}) ", inert(why)), theme.dim()),
            Span::styled("enter", theme.key()),
            Span::styled(" accept  ", theme.dim()),
            Span::styled("1-4", theme.key()),
            Span::styled(" choose  ", theme.dim()),
            Span::styled("esc", theme.key()),
            Span::styled(" cancel", theme.dim()),
        ])
    } else {
        let hint = format!(
            "hint {}/{}",
            state.hints.min(card.hints.len()),
            card.hints.len()
        );
        key_line(
            theme,
            &[
                ("e", "edit"),
                ("r", "run"),
                ("h", &hint),
                ("s", "solution"),
                ("x", "reset"),
                ("g", "grade"),
                ("q", "back"),
            ],
        )
    };
    frame.render_widget(Paragraph::new(footer), keys);
}
