//! Drawing a mock's round review: each card's answer beside the reference with its key-point
//! checklist, then the rubric with the caps the evidence puts on it.

use super::mock::{MockState, ReviewStep};
use super::mock_view::{header, mmss};
use crate::content::inert;
use crate::mock::score;
use crate::study::Study;
use crate::tui::keys::{MOCK_CARDS, MOCK_RUBRIC, footer};
use crate::tui::markdown;
use crate::tui::theme::Theme;
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

pub(super) fn review(
    state: &MockState,
    study: &Study,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    round: usize,
) -> Line<'static> {
    let r = &state.run.plan.lp.rounds[round];
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    match state.step {
        ReviewStep::Cards { card, point } => {
            let cards = state.round_cards(round);
            let Some(&item) = cards.get(card) else {
                return Line::default();
            };
            let rec = &state.run.items[item];
            let c = state.run.plan.items[item]
                .card_id
                .as_ref()
                .and_then(|id| study.card(id));
            header(
                frame,
                head,
                theme,
                format!(" Review · {} · card {}/{}", r.title, card + 1, cards.len()),
                format!("time {} ", mmss(Duration::milliseconds(rec.elapsed_ms))),
            );
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                    .areas(body);
            let answer: Vec<Line> = if rec.answer.trim().is_empty() {
                vec![Line::styled("(nothing written)", theme.dim())]
            } else {
                rec.answer
                    .lines()
                    .map(|l| Line::raw(inert(l).into_owned()))
                    .collect()
            };
            frame.render_widget(
                Paragraph::new(answer)
                    .wrap(Wrap { trim: false })
                    .block(Block::bordered().title(" what you wrote ")),
                left,
            );
            let points: Vec<String> = c
                .map(|c| c.key_points().map(str::to_string).collect())
                .unwrap_or_default();
            let check_h = (points.len() as u16 + 3).min(right.height / 2).max(4);
            let [reference, checklist] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(check_h)]).areas(right);
            let mut refl = Vec::new();
            if let Some(c) = c {
                refl.push(Line::styled(inert(&c.prompt).into_owned(), theme.title()));
                refl.extend(markdown::render(c.answer(), theme));
            }
            frame.render_widget(
                Paragraph::new(refl)
                    .wrap(Wrap { trim: false })
                    .block(Block::bordered().title(" reference answer ")),
                reference,
            );
            let mut cl: Vec<Line> = points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let hit = rec.checklist.get(i).copied().unwrap_or(false);
                    let style = if i == point {
                        theme.selected()
                    } else {
                        Style::new()
                    };
                    Line::styled(
                        format!(
                            "[{}] {}",
                            if hit { "x" } else { " " },
                            inert(&p.replace('\n', " "))
                        ),
                        style,
                    )
                })
                .collect();
            cl.push(Line::styled(
                format!(
                    "[{}] handled a follow-up (f)",
                    if rec.follow_up { "x" } else { " " }
                ),
                theme.dim(),
            ));
            frame.render_widget(
                Paragraph::new(cl)
                    .wrap(Wrap { trim: false })
                    .block(Block::bordered().title(" key points you covered ")),
                checklist,
            );
            footer(theme, MOCK_CARDS, |_| None)
        }
        ReviewStep::Rubric { row } => {
            header(
                frame,
                head,
                theme,
                format!(" Score · {} · rubric: {}", r.title, r.rubric.title()),
                String::new(),
            );
            let e = state.run.evidence(round);
            let (caps, overall_cap, reasons) = score::caps(r.rubric, &e);
            let (capped, overall) = state.capped(round);
            let mut lines = vec![Line::raw(format!(
                "Evidence: {} hint(s) · tests {} · {}",
                e.hints,
                e.tests
                    .map(|(p, t)| format!("{p}/{t}"))
                    .unwrap_or_else(|| "n/a".into()),
                if e.overtime { "overtime" } else { "on time" }
            ))];
            for reason in &reasons {
                lines.push(Line::styled(format!("cap: {reason}"), theme.warn()));
            }
            lines.push(Line::styled(
                "4 strong hire · 3 hire · 2 leaning no · 1 no hire",
                theme.dim(),
            ));
            lines.push(Line::default());
            for (i, sig) in score::rubric(r.rubric).iter().enumerate() {
                let style = if i == row {
                    theme.selected()
                } else {
                    Style::new()
                };
                let cap = if caps[i] < 4 {
                    format!(" (cap {})", caps[i])
                } else {
                    String::new()
                };
                lines.push(Line::styled(
                    format!("{:<40} [{}]{cap}", sig.name, capped[i]),
                    style,
                ));
                lines.push(Line::styled(format!("    3 = {}", sig.three), theme.dim()));
            }
            let style = if row == state.signals.len() {
                theme.selected()
            } else {
                theme.heading()
            };
            let cap = if overall_cap < 4 {
                format!(" (cap {overall_cap})")
            } else {
                String::new()
            };
            lines.push(Line::styled(
                format!(
                    "{:<40} [{}]{cap} · at most lowest signal + 2",
                    "Overall", overall
                ),
                style,
            ));
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .block(Block::bordered().title(" rubric ")),
                body,
            );
            footer(theme, MOCK_RUBRIC, |_| None)
        }
    }
}
