//! The AI interviewer on the practice screen (only with `[ai]` on): the user types how they
//! would explain the solution aloud (approach, complexity, trade-offs), the model grades that
//! explanation against the card's key points, and its proposal shows under the test results.
//! The grade prompt still suggests from the tests; the user's grade decides, and it is recorded
//! against the model's proposal.

use super::practice::PracticeState;
use super::review_ai::ReviewAi;
use crate::ai::{Grading, Verdict};
use crate::content::inert;
use crate::tui::effect::{Effect, Typed};
use crate::tui::keys::{REVIEW_TYPING, ReviewTypingKey, lookup};
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};

/// The practice screen's AI part: the review's (typed text, wait, proposal), with the
/// explanation box's own placeholder.
pub fn practice_ai(on: bool) -> ReviewAi {
    let mut ai = ReviewAi::new(on);
    ai.answer
        .set_placeholder_text("How would you explain it aloud? Approach, complexity, trade-offs.");
    ai
}

/// Something to show: the box is open or holds text, or a proposal is in.
pub fn shown(ai: &ReviewAi) -> bool {
    ai.on && (ai.typing || !ai.answer_text().is_empty() || ai.proposal().is_some())
}

impl PracticeState {
    /// While the explanation box is open, keys are text; Esc closes it.
    pub fn on_typing_key(&mut self, key: KeyEvent) -> Typed {
        if !self.ai.typing {
            return Typed::Ignored;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Typed::Ignored;
        }
        match lookup(REVIEW_TYPING, key) {
            Some(ReviewTypingKey::Done) => {
                self.ai.typing = false;
                Typed::Effects(Vec::new())
            }
            None => {
                self.ai.answer.input(key);
                Typed::Consumed
            }
        }
    }

    /// `t`: open the explanation box.
    pub(super) fn ai_type(&mut self) -> Vec<Effect> {
        if self.ai.on && !self.ai.asking() {
            self.ai.typing = true;
        }
        Vec::new()
    }

    /// `a`: the model grades the explanation.
    pub(super) fn ai_ask(&mut self) -> Vec<Effect> {
        if !self.ai.on {
            return Vec::new();
        }
        if self.ai.asking() {
            return vec![Effect::Status(
                "the model is already grading (esc cancels)".into(),
            )];
        }
        let answer = self.ai.answer_text();
        if answer.is_empty() {
            return vec![Effect::Status(
                "type your explanation first (t): the model grades what you would say".into(),
            )];
        }
        vec![Effect::AskAi {
            card: self.card_id.clone(),
            answer,
        }]
    }

    pub fn ai_asking(&mut self, now: DateTime<Utc>) {
        self.ai.start(now);
    }

    /// No proposal (cancelled or failed).
    pub fn ai_idle(&mut self) {
        self.ai.idle();
    }

    /// The proposal arrived; returns the status line.
    pub fn ai_proposed(&mut self, grading: Grading, judgement: Option<i64>) -> String {
        let g = grading.suggested_grade();
        let covered = grading.ticks().iter().filter(|t| **t).count();
        let line = format!(
            "the model: {covered}/{} key points in your explanation, proposes {g}; g grades (your grade decides)",
            grading.points.len()
        );
        self.ai.propose(grading, judgement);
        line
    }
}

/// The explanation and the model's verdicts under it.
pub fn explanation_lines(
    state: &PracticeState,
    points: &[String],
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = state
        .ai
        .answer_text()
        .lines()
        .map(|l| Line::raw(inert(l).into_owned()))
        .collect();
    let Some(g) = state.ai.proposal().map(|p| &p.grading) else {
        if lines.is_empty() {
            lines.push(Line::styled(
                "t: type it · a: the model grades it",
                theme.dim(),
            ));
        }
        return lines;
    };
    lines.push(Line::styled(
        "── AI interviewer (proposed; you decide) ──",
        theme.heading(),
    ));
    for (p, v) in points.iter().zip(&g.points) {
        let (mark, style) = match v.verdict {
            Verdict::Covered => ("☑", theme.good()),
            Verdict::Partly => ("◐", theme.warn()),
            Verdict::Missing => ("☐", theme.dim()),
        };
        let mut spans = vec![
            Span::styled(format!("{mark} "), style),
            Span::raw(inert(&p.replace('\n', " ")).into_owned()),
        ];
        for q in &v.quotes {
            spans.push(Span::styled(format!(" “{}”", inert(q)), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
    lines.extend(super::card_view::error_lines(g, theme));
    if !g.next.is_empty() {
        lines.push(Line::styled(
            format!("Study next: {}", inert(&g.next)),
            theme.accent(),
        ));
    }
    lines
}
