//! Drawing the mock screens: plan, segment (timer bar that changes colour as time runs low),
//! round review (answer beside reference, checklist, rubric), report.

use super::mock::MockState;
use super::mock_flow_view::{break_screen, follow_up};
use super::mock_report_view::report;
use super::mock_review_view::review;
use crate::content::inert;
use crate::mock::session::Phase;
use crate::study::Study;
use crate::tui::keys::{MOCK_ANSWER, MOCK_PLAN, MOCK_TYPING, MockAnswerKey, footer};
use crate::tui::markdown;
use crate::tui::theme::Theme;
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};

pub(super) fn mmss(d: Duration) -> String {
    let s = d.num_seconds();
    let sign = if s < 0 { "+" } else { "" };
    let s = s.abs();
    format!("{sign}{:02}:{:02}", s / 60, s % 60)
}

/// "Round N: title", unless the loop's title already says which round it is.
pub(super) fn round_title(index: usize, title: &str) -> String {
    if title.to_lowercase().starts_with("round ") {
        title.to_string()
    } else {
        format!("Round {}: {title}", index + 1)
    }
}

pub(super) fn header(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    left: String,
    right: String,
) {
    super::title_bar(frame, area, theme, &left, &right, theme.dim());
}

pub fn render(
    state: &MockState,
    study: &Study,
    theme: &Theme,
    status: Option<&str>,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let [body, status_area, keys] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let footer = match state.run.phase {
        Phase::Plan => plan(state, theme, frame, body),
        Phase::Answering => segment(state, study, theme, frame, body),
        Phase::FollowUp { item, index } => follow_up(state, study, theme, frame, body, item, index),
        Phase::Break { after } => break_screen(state, theme, frame, body, after),
        Phase::Review { round } => review(state, study, theme, frame, body, round),
        Phase::Report => report(state, study, theme, frame, body),
    };
    if let Some(m) = status.or(state.notice.as_deref()) {
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", inert(m)), theme.warn())),
            status_area,
        );
    }
    frame.render_widget(Paragraph::new(footer), keys);
}

fn plan(state: &MockState, theme: &Theme, frame: &mut Frame<'_>, area: Rect) -> Line<'static> {
    let p = &state.run.plan;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    header(
        frame,
        head,
        theme,
        format!(" Mock · {}", p.lp.name),
        format!("seed {} ", p.seed),
    );
    let mut lines = vec![
        Line::raw(inert(&p.lp.description).into_owned()),
        Line::default(),
    ];
    for (ri, r) in p.lp.rounds.iter().enumerate() {
        lines.push(Line::styled(
            format!(
                "{} · {} min · rubric: {}",
                round_title(ri, &r.title),
                r.minutes(),
                r.rubric.title()
            ),
            theme.heading(),
        ));
        for s in &r.segments {
            let what = if s.cards == 0 {
                "no card: notes only".to_string()
            } else {
                let kinds: Vec<&str> = s.kinds.iter().map(|k| k.title()).collect();
                format!(
                    "{} card(s) of {}{}",
                    s.cards,
                    kinds.join(" / "),
                    s.difficulty
                        .map(|d| format!(", {}", d.slug()))
                        .unwrap_or_default()
                )
            };
            lines.push(Line::raw(format!(
                "  • {} — {} min — {what}",
                s.title, s.minutes
            )));
        }
    }
    lines.push(Line::default());
    lines.push(Line::raw(format!(
        "Total {} min. The questions stay hidden until each segment starts.",
        p.total_minutes()
    )));
    for s in &p.shortfalls {
        let kinds: Vec<&str> = s.kinds.iter().map(|k| k.title()).collect();
        lines.push(Line::styled(
            format!(
                "Short: “{}” wants {} {} card(s); the decks have {}. Enter runs with what exists.",
                s.title,
                s.wanted,
                kinds.join("/"),
                s.found
            ),
            theme.warn(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" plan ")),
        body,
    );
    footer(theme, MOCK_PLAN, |_| None)
}

fn segment(
    state: &MockState,
    study: &Study,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) -> Line<'static> {
    let run = &state.run;
    let Some(item) = run.item() else {
        return Line::default();
    };
    let round = &run.plan.lp.rounds[item.round];
    let seg = &round.segments[item.segment];
    let in_seg: Vec<usize> = run
        .plan
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.round == item.round && i.segment == item.segment)
        .map(|(k, _)| k)
        .collect();
    let k = in_seg.iter().position(|&x| x == run.pos).unwrap_or(0) + 1;
    let (spent, budget) = run.round_time(item.round);
    let [head, bar, card_area, answer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Percentage(50),
        Constraint::Min(3),
    ])
    .areas(area);
    header(
        frame,
        head,
        theme,
        format!(
            " {} · round {}/{} · {} ({k}/{})",
            run.plan.lp.name,
            item.round + 1,
            run.plan.lp.rounds.len(),
            seg.title,
            in_seg.len()
        ),
        format!("round {} / {} ", mmss(spent), mmss(budget)),
    );
    let left = run.segment_left();
    let total = run.segment_budget().num_milliseconds().max(1) as f64;
    let ratio = (left.num_milliseconds() as f64 / total).clamp(0.0, 1.0);
    let colour = if !theme.color {
        Style::new()
    } else if left <= Duration::zero() || ratio < 0.2 {
        Style::new().fg(ratatui::style::Color::Red)
    } else if ratio < 0.5 {
        Style::new().fg(ratatui::style::Color::Yellow)
    } else {
        Style::new().fg(ratatui::style::Color::Green)
    };
    let label = if left <= Duration::zero() {
        format!("OVERTIME {} over", mmss(-left))
    } else {
        format!("{} left in this segment", mmss(left))
    };
    frame.render_widget(
        Gauge::default()
            .ratio(if left <= Duration::zero() { 1.0 } else { ratio })
            .label(label)
            .gauge_style(colour),
        bar,
    );

    let mut lines: Vec<Line<'static>> = Vec::new();
    let rec = &run.items[run.pos];
    match item.card_id.as_ref().and_then(|id| study.card(id)) {
        Some(card) => {
            lines.push(Line::styled(
                inert(&card.prompt).into_owned(),
                theme.title(),
            ));
            let mut meta = format!(
                "{} · {} min budget",
                card.kind.title(),
                card.budget_minutes()
            );
            if card.is_practicable() {
                let tests = match (rec.tests, &state.tests) {
                    (_, Some(_)) => "running…".to_string(),
                    (Some((p, t)), None) => format!("{p}/{t} pass"),
                    (None, None) => "not run yet".into(),
                };
                meta.push_str(&format!(
                    " · local tests: {tests} (p: code in $EDITOR, r: run)"
                ));
            }
            lines.push(Line::styled(meta, theme.dim()));
            lines.extend(markdown::render(card.body(), theme));
            for (i, h) in card.hints().take(rec.hints as usize).enumerate() {
                lines.push(Line::styled(
                    format!("Hint {}/{}", i + 1, card.hints.len()),
                    theme.accent(),
                ));
                lines.extend(markdown::render(h, theme));
            }
        }
        None if item.card_id.is_some() => {
            lines.push(Line::raw("(this card is no longer in the decks)"))
        }
        None => {
            lines.push(Line::styled(seg.title.clone(), theme.title()));
            lines.push(Line::raw(inert(&seg.prompt).into_owned()));
        }
    }
    let title = if state.typing {
        " question "
    } else {
        " question · j/k scroll "
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((state.scroll, 0))
            .block(Block::bordered().title(title)),
        card_area,
    );
    answer_box(
        frame,
        answer_area,
        state,
        theme,
        [
            " your answer · typing (Esc: commands, Ctrl-N: next) ",
            " your answer · commands (i: type) ",
        ],
    );
    if state.typing {
        footer(theme, MOCK_TYPING, |_| None)
    } else {
        // Card keys only on a card; coding keys only on a card with local tests.
        let card = item.card_id.as_deref().and_then(|id| study.card(id));
        let coding = card.is_some_and(|c| c.is_practicable());
        footer(theme, MOCK_ANSWER, |k| match k {
            MockAnswerKey::Hint if card.is_none() => Some(String::new()),
            MockAnswerKey::Practice | MockAnswerKey::Run if !coding => Some(String::new()),
            MockAnswerKey::Ask if !state.ai_on || card.is_none() => Some(String::new()),
            _ => None,
        })
    }
}

/// The answer box of a question or a follow-up: its title says whether keys type or command
/// (`titles` = [typing, commands]), and its border is accented while typing.
pub(super) fn answer_box(
    frame: &mut Frame,
    area: Rect,
    state: &MockState,
    theme: &Theme,
    titles: [&str; 2],
) {
    let mut ta = state.answer.clone();
    let title = if state.typing { titles[0] } else { titles[1] };
    let border = if state.typing {
        theme.accent()
    } else {
        theme.dim()
    };
    ta.set_block(Block::bordered().title(title).border_style(border));
    frame.render_widget(&ta, area);
}

#[cfg(test)]
mod tests {
    use super::round_title;

    #[test]
    fn a_round_title_that_names_its_round_is_not_prefixed_again() {
        assert_eq!(round_title(0, "Coding"), "Round 1: Coding");
        assert_eq!(
            round_title(0, "Round 1: coding and behavioural"),
            "Round 1: coding and behavioural"
        );
    }
}
