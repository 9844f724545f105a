//! Drawing the interviewer's flow between answers: the follow-up (its question, its own timer,
//! the answer box) and the break between rounds. Only drawing; keys live in `mock`.

use super::mock::MockState;
use super::mock_view::{header, mmss};
use crate::content::inert;
use crate::study::Study;
use crate::tui::keys::{MOCK_BREAK, MOCK_FOLLOW_UP, MOCK_TYPING, footer};
use crate::tui::theme::Theme;
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};

pub(super) fn follow_up(
    state: &MockState,
    study: &Study,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    item: usize,
    index: usize,
) -> Line<'static> {
    let run = &state.run;
    let Some(p) = run.plan.items.get(item) else {
        return Line::default();
    };
    let seg = &run.plan.lp.rounds[p.round].segments[p.segment];
    let asked = p.follow_ups.len().min(seg.follow_ups.max(1));
    let (question, left) = run.follow_up().unwrap_or(("", Duration::zero()));
    let [head, bar, q_area, answer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Percentage(35),
        Constraint::Min(3),
    ])
    .areas(area);
    header(
        frame,
        head,
        theme,
        format!(
            " {} · round {}/{} · follow-up {}/{}",
            run.plan.lp.name,
            p.round + 1,
            run.plan.lp.rounds.len(),
            index + 1,
            asked.max(index + 1)
        ),
        format!("{} ", seg.title),
    );
    let budget = (seg.follow_up_minutes * 60_000.0).max(1.0);
    let ratio = (left.num_milliseconds() as f64 / budget).clamp(0.0, 1.0);
    let label = if left <= Duration::zero() {
        format!("OVERTIME {} over (follow-up)", mmss(-left))
    } else {
        format!("{} left for this follow-up", mmss(left))
    };
    frame.render_widget(
        Gauge::default()
            .ratio(if left <= Duration::zero() { 1.0 } else { ratio })
            .label(label)
            .gauge_style(theme.accent()),
        bar,
    );
    let mut lines = vec![Line::styled(
        format!("Interviewer: {}", inert(question)),
        theme.title(),
    )];
    if let Some(card) = p.card_id.as_deref().and_then(|id| study.card(id)) {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("about: {}", inert(&card.prompt)),
            theme.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" follow-up ")),
        q_area,
    );
    super::mock_view::answer_box(
        frame,
        answer_area,
        state,
        theme,
        [
            " your answer · typing (Esc: commands, Ctrl-N: done) ",
            " your answer · commands (i: type, p: pass) ",
        ],
    );
    if state.typing {
        footer(theme, MOCK_TYPING, |_| None)
    } else {
        footer(theme, MOCK_FOLLOW_UP, |k| {
            (k.needs_ai() && !state.ai_on).then(String::new)
        })
    }
}

pub(super) fn break_screen(
    state: &MockState,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    after: usize,
) -> Line<'static> {
    let run = &state.run;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    header(
        frame,
        head,
        theme,
        format!(" {} · break", run.plan.lp.name),
        format!("round {} of {} done ", after + 1, run.plan.lp.rounds.len()),
    );
    let left = run.break_left();
    let next = run
        .plan
        .lp
        .rounds
        .get(after + 1)
        .map(|r| {
            format!(
                "Next: round {}, {} ({} min).",
                after + 2,
                r.title,
                r.minutes()
            )
        })
        .unwrap_or_default();
    let lines = vec![
        Line::styled(
            format!(
                "Round {} done. {}-minute break.",
                after + 1,
                run.plan.lp.break_minutes
            ),
            theme.title(),
        ),
        Line::default(),
        Line::raw(if left > Duration::zero() {
            format!("{} left. This time counts toward nothing.", mmss(left))
        } else {
            format!(
                "The break ran {} over; go on when you are ready.",
                mmss(-left)
            )
        }),
        Line::raw(next),
        Line::default(),
        Line::styled("Enter when ready.", theme.accent()),
    ];
    let rect = super::centered(body, 60, 10);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" break ")),
        rect,
    );
    footer(theme, MOCK_BREAK, |_| None)
}
