//! Drawing the practice screen: the test results (live while they run), the problem with hints
//! and the reference solution when shown, and the footer of the keys that act now.

use super::practice::PracticeState;
use crate::content::{Card, inert};
use crate::practice::Status;
use crate::study::Study;
use crate::tui::keys::{PRACTICE, PRACTICE_CONFIRM, PRACTICE_RESET, PracticeKey, footer};
use crate::tui::markdown;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

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
        for (kind, text) in crate::practice::detail::details(r) {
            use crate::practice::detail::Detail;
            let style = match kind {
                Detail::Message | Detail::Input => ratatui::style::Style::default(),
                Detail::YourLine => theme.warn(),
                Detail::Output => theme.dim(),
            };
            lines.push(Line::styled(format!("    {text}"), style));
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
    let a = if super::practice_ai::shown(&state.ai) {
        let [tests, explain] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(a);
        if state.ai.typing {
            let mut text = state.ai.answer.clone();
            text.set_block(
                Block::bordered()
                    .title(" your explanation · typing (esc: done) ")
                    .border_style(theme.accent()),
            );
            frame.render_widget(&text, explain);
        } else {
            let points: Vec<String> = card.key_points().map(str::to_string).collect();
            frame.render_widget(
                Paragraph::new(super::practice_ai::explanation_lines(state, &points, theme))
                    .wrap(Wrap { trim: false })
                    .block(Block::bordered().title(" your explanation · t edit · a AI grade ")),
                explain,
            );
        }
        tests
    } else {
        a
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
    let line = if let Some((g, why)) = &state.confirm {
        let mut spans = vec![
            Span::styled(
                format!(" suggested: {} ", g.label()),
                theme.grade(*g as usize),
            ),
            Span::styled(format!("({}) ", inert(why)), theme.dim()),
        ];
        if let Some(judgement_grade) = state.ai.proposal().map(|p| p.grading.suggested_grade()) {
            spans.push(Span::styled(
                format!("model on your explanation: {judgement_grade} · "),
                theme.accent(),
            ));
        }
        spans.extend(
            footer(theme, PRACTICE_CONFIRM, |_| None)
                .spans
                .into_iter()
                .skip(1),
        );
        Line::from(spans)
    } else if state.confirm_reset {
        footer(theme, PRACTICE_RESET, |_| None)
    } else if state.ai.typing {
        footer(theme, crate::tui::keys::REVIEW_TYPING, |_| None)
    } else {
        let hint = format!(
            "hint {}/{}",
            state.hints.min(card.hints.len()),
            card.hints.len()
        );
        footer(theme, PRACTICE, |k| match k {
            PracticeKey::Hint => Some(hint.clone()),
            k if k.needs_ai() && !state.ai.on => Some(String::new()),
            // Room for the AI keys: search stays in the help.
            PracticeKey::Search if state.ai.on => Some(String::new()),
            _ => None,
        })
    };
    frame.render_widget(Paragraph::new(line), keys);
}
