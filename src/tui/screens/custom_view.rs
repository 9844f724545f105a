//! Drawing the custom study dialog: one row per field (the focused one highlighted, a cursor
//! in a typed field), then the selection's counts and what Enter starts, or why it cannot.

use super::custom::{CustomState, FIELDS, Field, Mode, Preview};
use crate::content::inert;
use crate::study_tools::custom::CustomStudy;
use crate::tui::keys::{CUSTOM, footer};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// What an empty filter field shows.
const EMPTY: &str = "any";

impl CustomState {
    /// The value a row shows.
    fn value(&self, f: Field) -> String {
        let any = |s: &str| {
            if s.is_empty() {
                EMPTY.to_string()
            } else {
                inert(s).into_owned()
            }
        };
        match f {
            Field::Mode => format!("◀ {} ▶", self.mode.label()),
            Field::Number => match self.number_index() {
                Some(i) => inert(&self.numbers[i]).into_owned(),
                None => "- (cram takes every selected card)".into(),
            },
            Field::Reschedule if self.mode != Mode::Cram => "- (cram only)".into(),
            Field::Reschedule if self.reschedule => "yes: answers move the schedule".into(),
            Field::Reschedule => "no: the schedule stays as it is".into(),
            Field::Kind => self.kind.map_or("any", |k| k.title()).into(),
            Field::Deck => any(&self.deck),
            Field::Tag => any(&self.tag),
            Field::Company => any(&self.company),
            Field::Difficulty => self.difficulty.map_or("any", |d| d.slug()).into(),
            Field::State => self.state.map_or("any", |s| s.slug()).into(),
            Field::Lapses => any(&self.lapses),
            Field::Failed if self.failed.is_empty() => {
                "any (graded Again in the last N days)".into()
            }
            Field::Failed => format!("{} days", inert(&self.failed)),
            Field::Loop if self.loop_key.is_empty() => {
                "any (a loop's cards: ms, screen, ...)".into()
            }
            Field::Loop => any(&self.loop_key),
        }
    }

    fn label(&self, f: Field) -> &'static str {
        match f {
            Field::Mode => "Study",
            Field::Number => match self.mode {
                Mode::ExtraNew => "New cards",
                Mode::ExtraReviews => "Reviews",
                Mode::Ahead => "Days ahead",
                Mode::Cram => "Number",
            },
            Field::Reschedule => "Reschedule",
            Field::Kind => "Kind",
            Field::Deck => "Deck",
            Field::Tag => "Tag",
            Field::Company => "Company",
            Field::Difficulty => "Difficulty",
            Field::State => "State",
            Field::Lapses => "Lapses ≥",
            Field::Failed => "Failed in",
            Field::Loop => "Loop",
        }
    }
}

/// The selection and what Enter starts, in words.
fn preview_lines(p: &Preview, theme: &Theme) -> [Line<'static>; 2] {
    let counted = |n: usize| crate::words::counted(n, "card", "cards");
    let what = match p.custom {
        CustomStudy::ExtraNew(n) => format!(
            "Enter: today's session with up to {n} more new (of {} new here)",
            p.new
        ),
        CustomStudy::ExtraReviews(n) => {
            format!("Enter: today's session with up to {n} more reviews")
        }
        CustomStudy::Ahead(_) => format!(
            "Enter: review {} now; they are rescheduled",
            counted(p.session)
        ),
        CustomStudy::Cram { reschedule: false } => {
            format!("Enter: cram {}; no schedule moves", counted(p.session))
        }
        CustomStudy::Cram { reschedule: true } => format!(
            "Enter: cram {}; answers reschedule them",
            counted(p.session)
        ),
    };
    [
        Line::styled(
            format!(
                " Selection: {} · {} new · {} due today",
                counted(p.selected),
                p.new,
                p.due
            ),
            theme.accent(),
        ),
        Line::styled(format!(" {what}"), theme.good()),
    ]
}

/// Draws the dialog centred over the screen.
pub fn render(state: &CustomState, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let mut lines = Vec::new();
    if state.from_review {
        lines.push(Line::styled(
            " Enter leaves this review for the new session.",
            theme.dim(),
        ));
    }
    for f in FIELDS {
        if f == Field::Kind {
            lines.push(Line::styled(" Filter (empty = any)", theme.heading()));
        }
        let focused = state.focus == f;
        let mut value = state.value(f);
        let typed = !matches!(
            f,
            Field::Mode | Field::Reschedule | Field::Kind | Field::Difficulty | Field::State
        );
        if focused && typed && state.applies(f) {
            // The cursor sits after what was typed ("any" is only the empty field's hint).
            value = match f {
                Field::Number => value,
                Field::Failed => state.failed.clone(),
                _ if value.starts_with(EMPTY) => String::new(),
                _ => value,
            };
            value.push('▏');
        }
        let label = format!(" {:<11}", state.label(f));
        let style = if focused {
            theme.selected()
        } else if state.applies(f) {
            ratatui::style::Style::new()
        } else {
            theme.dim()
        };
        lines.push(Line::from(vec![
            Span::styled(label, theme.dim()),
            Span::styled(value, style),
        ]));
    }
    lines.push(Line::default());
    match &state.preview {
        Ok(p) => lines.extend(preview_lines(p, theme)),
        Err(e) => lines.push(Line::styled(format!(" {e}"), theme.warn())),
    }
    let height = lines.len() as u16 + 2;
    let box_area = super::centered(area, 68, height);
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" Custom study ")
                .title_style(theme.title())
                .title_bottom(footer(theme, CUSTOM, |_| None)),
        ),
        box_area,
    );
}
