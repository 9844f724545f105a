//! Drawing the review screen: the card (scrolled), the typed answer box while typing, the
//! status line (the model's wait or question first), the grade buttons with their intervals or
//! the footer of the keys that act now, and the session-end summary.

use super::review_ai::AiPhase;
use crate::content::inert;
use crate::schedule::queue::SessionMode;
use crate::schedule::{Grade, interval_label};
use crate::study::Study;
use crate::tui::keys::{
    REVIEW, REVIEW_ASKING, REVIEW_CONSENT, REVIEW_TYPING, ReviewKey, footer, footer_pairs, key_line,
};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::review::ReviewState;

/// The session-end summary: cards, time, again rate, and tomorrow's due count.
fn summary(state: &ReviewState, due_tomorrow: usize) -> Vec<Line<'static>> {
    let n = state.log.len();
    if n == 0 {
        return Vec::new();
    }
    let again = state.log.iter().filter(|(g, _)| *g == Grade::Again).count();
    let secs = state
        .log
        .iter()
        .map(|(_, d)| d.num_seconds().max(0))
        .sum::<i64>();
    let time = if secs < 60 {
        format!("{secs} s")
    } else {
        format!("{} min", (secs + 30) / 60)
    };
    vec![
        Line::raw(format!(
            "  This session: {} in {time} · again {:.0}% ({again} of {n})",
            crate::words::counted(n, "card", "cards"),
            again as f32 * 100.0 / n as f32
        )),
        Line::raw(format!(
            "  What's next: {} due tomorrow.",
            crate::words::counted(due_tomorrow, "card", "cards")
        )),
        Line::default(),
    ]
}

pub fn render(
    state: &mut ReviewState,
    study: &Study,
    theme: &Theme,
    status: Option<&str>,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let [head, body, status_area, keys] = super::frame_areas(area);
    // Custom study says what kind of session this is (a cram moves no schedule).
    let mode = match state.session.mode() {
        SessionMode::Normal => "",
        SessionMode::Ahead => "ahead · ",
        SessionMode::Cram { reschedule: false } => "cram · ",
        SessionMode::Cram { reschedule: true } => "cram, rescheduling · ",
    };
    let left = format!(
        " Review · {mode}{}",
        state.filter.describe_in(&study.library)
    );
    let right = format!("{} left · {} done ", state.remaining(), state.reviewed);
    super::title_bar(frame, head, theme, &left, &right, theme.dim());

    let Some(card) = state.current.as_ref().and_then(|id| study.card(id)) else {
        let mut text = vec![
            Line::default(),
            Line::styled("  Nothing left to review here for now.", theme.good()),
            Line::default(),
        ];
        let (new_waiting, due_tomorrow) = state
            .end
            .map_or((0, 0), |e| (e.new_waiting, e.due_tomorrow));
        text.extend(summary(state, due_tomorrow));
        if let Some(due) = state.session.next_learning_due() {
            text.push(Line::raw(format!(
                "  A learning card comes back in {}; stay here and it will appear.",
                interval_label(due - state.now)
            )));
        }
        if new_waiting > 0 {
            text.push(Line::raw(format!(
                "  {new_waiting} new card(s) wait beyond today's new-card limit: c studies more today."
            )));
        }
        text.push(Line::raw("  Press q to go back to the decks."));
        frame.render_widget(Paragraph::new(text).block(Block::bordered()), body);
        let only = |k: &ReviewKey| match k {
            ReviewKey::Undo | ReviewKey::Back | ReviewKey::Help => None,
            _ => Some(String::new()),
        };
        frame.render_widget(Paragraph::new(footer(theme, REVIEW, only)), keys);
        super::status_line(frame, status_area, theme, status);
        return;
    };
    let (body, answer_box) = if state.ai.typing {
        let [b, a] = Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(7.min(body.height / 2)),
        ])
        .areas(body);
        (b, Some(a))
    } else {
        (body, None)
    };
    if let Some(area) = answer_box {
        state.ai.answer.set_block(
            Block::bordered()
                .title(" Your answer (esc: done; a: the model grades it) ")
                .title_style(theme.accent()),
        );
        frame.render_widget(&state.ai.answer, area);
    }
    state.page = body.height.saturating_sub(2);
    let title = format!(" {} ", inert(&card.id));
    // A deck edit can remove hints already shown: never count below zero.
    let hints_left = card.hints.len().saturating_sub(state.hints);
    let text = Paragraph::new(state.lines.clone()).wrap(Wrap { trim: false });
    let rows = text.line_count(body.width.saturating_sub(2));
    if let Some(i) = state.scroll_to.take() {
        let above = Paragraph::new(state.lines[..i.min(state.lines.len())].to_vec())
            .wrap(Wrap { trim: false })
            .line_count(body.width.saturating_sub(2));
        state.scroll = above.min(rows.saturating_sub(state.page as usize)) as u16;
    }
    let mut block = Block::bordered().title(title).title_style(theme.dim());
    if let Some(note) = super::scroll_note(rows, state.scroll as usize, state.page as usize) {
        block = block.title_bottom(Line::styled(note, theme.accent()).right_aligned());
    }
    let para = text.scroll((state.scroll, 0)).block(block);
    frame.render_widget(para, body);
    let ai_line = state
        .ai
        .waiting_line(state.now)
        .or_else(|| state.ai.consent_line());
    super::status_line(frame, status_area, theme, ai_line.as_deref().or(status));

    let ai_on = state.ai.on;
    let proposed = state.ai.proposal().map(|p| p.grade as usize);
    let explain = state.ai.proposal().is_some_and(|p| p.explanation.is_none());
    let footer = if state.ai.typing {
        footer(theme, REVIEW_TYPING, |_| None)
    } else if matches!(state.ai.phase, AiPhase::Consent { .. }) {
        footer(theme, REVIEW_CONSENT, |_| None)
    } else if state.revealed {
        let mut spans = vec![Span::raw(" ")];
        if let Some(outcomes) = &state.outcomes {
            for (i, o) in outcomes.iter().enumerate() {
                let mut style = theme.grade(i + 1);
                if proposed == Some(i + 1) {
                    style = style.patch(theme.selected());
                }
                spans.push(Span::styled(
                    format!("{} {}", i + 1, o.grade.label()),
                    style,
                ));
                // A plain cram moves no schedule: no interval to promise.
                let cram = state.session.mode() == SessionMode::Cram { reschedule: false };
                spans.push(Span::styled(
                    if cram {
                        "   ".to_string()
                    } else {
                        format!(" {}   ", o.interval_label(state.shown_at))
                    },
                    theme.dim(),
                ));
            }
        }
        let asking = state.ai.asking();
        let mut rest = footer_pairs(REVIEW, |k| match k {
            // The border's scroll note names j/k: room for the AI key.
            ReviewKey::Down if !ai_on || (proposed.is_some() && !explain) => None,
            ReviewKey::Undo | ReviewKey::Help => None,
            ReviewKey::Ask if ai_on && proposed.is_none() && !asking => None,
            ReviewKey::Ask if ai_on && explain && !asking => Some("explain".into()),
            _ => Some(String::new()),
        });
        if asking {
            rest.splice(0..0, footer_pairs(REVIEW_ASKING, |_| None));
        }
        spans.extend(key_line(theme, &rest).spans.into_iter().skip(1));
        Line::from(spans)
    } else {
        let hint = if hints_left > 0 {
            format!("hint {}/{}", state.hints + 1, card.hints.len())
        } else {
            "no more hints".into()
        };
        footer(theme, REVIEW, |k| match k {
            ReviewKey::Hint => Some(hint.clone()),
            // Room for the AI keys on a narrow terminal: edit stays in the help.
            ReviewKey::Edit if ai_on => Some(String::new()),
            k if k.needs_ai() && !ai_on => Some(String::new()),
            _ => None,
        })
    };
    frame.render_widget(Paragraph::new(footer), keys);
}
