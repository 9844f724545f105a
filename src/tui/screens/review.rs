//! Review: the prompt, hints one at a time, the answer as markdown (scrollable), then a grade
//! 1–4 with the next interval shown on each button. Each grade is committed before the next
//! card appears.

use super::home::key_line;
use crate::content::{Card, inert};
use crate::schedule::queue::Session;
use crate::schedule::{Grade, Outcome, interval_label};
use crate::study::{Filter, Study};
use crate::tui::app::Action;
use crate::tui::markdown;
use crate::tui::theme::Theme;
use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Longest time a single review is credited with (a card left open over lunch).
const MAX_REVIEW_TIME: Duration = Duration::minutes(20);

pub struct ReviewState {
    pub filter: Filter,
    session: Session,
    pub current: Option<String>,
    pub hints: usize,
    pub revealed: bool,
    pub scroll: u16,
    shown_at: DateTime<Utc>,
    outcomes: Option<[Outcome; 4]>,
    pub reviewed: usize,
    lines: Vec<Line<'static>>,
    /// Page height seen at the last frame, for PgUp / PgDn.
    page: u16,
    /// The clock at the last update (the screen never reads the clock itself).
    now: DateTime<Utc>,
}

impl ReviewState {
    pub fn new(
        study: &Study,
        filter: Filter,
        theme: &Theme,
        now: DateTime<Utc>,
    ) -> Result<ReviewState> {
        let session = study.session(&filter, now)?;
        Ok(ReviewState::with_session(
            study, filter, session, theme, now,
        ))
    }

    /// Reviews one chosen card now, due or not (opened from search or the browser).
    pub fn for_card(study: &Study, id: &str, theme: &Theme, now: DateTime<Utc>) -> ReviewState {
        let mut session = Session::default();
        session.push_front(id);
        ReviewState::with_session(study, Filter::default(), session, theme, now)
    }

    /// Reviews a session built elsewhere (custom study: ahead, cram).
    pub fn with_session(
        study: &Study,
        filter: Filter,
        session: Session,
        theme: &Theme,
        now: DateTime<Utc>,
    ) -> ReviewState {
        let mut s = ReviewState {
            filter,
            session,
            current: None,
            hints: 0,
            revealed: false,
            scroll: 0,
            shown_at: now,
            outcomes: None,
            reviewed: 0,
            lines: Vec::new(),
            page: 10,
            now,
        };
        s.advance(study, theme, now);
        s
    }

    /// Shows the next card of the session, if any is due.
    pub fn advance(&mut self, study: &Study, theme: &Theme, now: DateTime<Utc>) {
        self.now = now;
        self.current =
            std::iter::from_fn(|| self.session.next(now)).find(|id| study.card(id).is_some());
        self.reset(study, theme, now);
    }

    fn reset(&mut self, study: &Study, theme: &Theme, now: DateTime<Utc>) {
        self.hints = 0;
        self.revealed = false;
        self.scroll = 0;
        self.shown_at = now;
        self.outcomes = None;
        self.rebuild(study, theme);
    }

    /// Re-reads the current card after its deck changed on disk.
    pub fn refresh(&mut self, study: &Study, theme: &Theme, now: DateTime<Utc>) {
        if self
            .current
            .as_ref()
            .is_some_and(|id| study.card(id).is_none())
        {
            self.advance(study, theme, now);
        } else {
            if self.revealed {
                self.outcomes = self
                    .current
                    .as_ref()
                    .and_then(|id| study.card(id))
                    .and_then(|c| study.preview(c, now).ok());
            }
            self.rebuild(study, theme);
        }
    }

    /// After an undo: the undone card comes back on screen, the current one goes back in line.
    pub fn show_again(&mut self, id: &str, study: &Study, theme: &Theme, now: DateTime<Utc>) {
        let Some(card) = study.card(id) else { return };
        if !self.filter.matches(card) {
            return;
        }
        if let Some(cur) = self.current.take()
            && cur != id
        {
            self.session.push_front(&cur);
        }
        self.current = Some(id.to_string());
        self.reviewed = self.reviewed.saturating_sub(1);
        self.reset(study, theme, now);
    }

    pub fn apply(&mut self, action: Action, study: &Study, theme: &Theme, now: DateTime<Utc>) {
        let Some(card) = self.current.as_ref().and_then(|id| study.card(id)) else {
            return;
        };
        match action {
            Action::Reveal if !self.revealed => {
                self.revealed = true;
                self.outcomes = study.preview(card, now).ok();
                self.rebuild(study, theme);
            }
            Action::Hint if self.hints < card.hints.len() => {
                self.hints += 1;
                self.rebuild(study, theme);
            }
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => {
                self.scroll = self
                    .scroll
                    .saturating_add(self.page.saturating_sub(2).max(1))
            }
            Action::PageUp => {
                self.scroll = self
                    .scroll
                    .saturating_sub(self.page.saturating_sub(2).max(1))
            }
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = self.lines.len() as u16,
            _ => {}
        }
        self.scroll = self.scroll.min(self.lines.len().saturating_sub(1) as u16);
    }

    /// Commits the grade; the card returns later today if it is in a short learning step.
    pub fn grade(
        &mut self,
        study: &mut Study,
        grade: Grade,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let Some(id) = self.current.clone() else {
            return Ok(None);
        };
        let spent = (now - self.shown_at).clamp(Duration::zero(), MAX_REVIEW_TIME);
        let answered = study.answer(&mut self.session, &id, grade, now, spent)?;
        self.reviewed += 1;
        Ok(answered.leech.map(|l| {
            format!(
                "leech: this card has lapsed {} times and is tagged `leech`{}; consider rewriting it",
                l.lapses,
                if l.suspended { " and suspended" } else { "" }
            )
        }))
    }

    /// The current card was graded on another screen (practice): move on.
    pub fn graded_elsewhere(
        &mut self,
        id: &str,
        state: &crate::schedule::CardState,
        study: &Study,
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        let (_, end) = study.day(now);
        self.session.reschedule(id, state, end);
        self.reviewed += 1;
        self.advance(study, theme, now);
    }

    pub fn remaining(&self) -> usize {
        self.session.remaining() + self.current.is_some() as usize
    }

    fn rebuild(&mut self, study: &Study, theme: &Theme) {
        self.lines = match self.current.as_ref().and_then(|id| study.card(id)) {
            Some(card) => card_lines(card, self.hints, self.revealed, theme),
            None => Vec::new(),
        };
    }
}

/// The card as lines: prompt, meta, body, revealed hints, and (once revealed) the answer, key
/// points, follow-ups and, for coding cards, the reference solution.
pub fn card_lines(card: &Card, hints: usize, revealed: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        inert(&card.prompt).into_owned(),
        theme.title(),
    )];
    let mut meta = vec![
        card.kind.title().to_string(),
        inert(&card.deck_title).into_owned(),
    ];
    if let Some(d) = card.difficulty {
        meta.push(d.slug().to_string());
    }
    meta.push(format!("{} min", card.budget_minutes()));
    if !card.tags.is_empty() {
        meta.push(
            card.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if let Some(r) = &card.related {
        meta.push(format!("related: {r}"));
    }
    lines.push(Line::styled(
        inert(&meta.join(" · ")).into_owned(),
        theme.dim(),
    ));
    if !card.body.is_empty() {
        lines.push(Line::default());
        lines.extend(markdown::render(card.body(), theme));
    }
    for (i, hint) in card.hints().take(hints).enumerate() {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("Hint {}/{}", i + 1, card.hints.len()),
            theme.accent(),
        ));
        lines.extend(markdown::render(hint, theme));
    }
    if !revealed {
        return lines;
    }
    section(&mut lines, "Answer", theme);
    lines.extend(markdown::render(card.answer(), theme));
    if let Some(code) = card.code(card.solution) {
        section(&mut lines, "Reference solution", theme);
        lines.extend(markdown::render(&format!("```python\n{code}```\n"), theme));
    }
    if !card.key_points.is_empty() {
        section(&mut lines, "Key points", theme);
        for p in card.key_points() {
            let mut rendered = markdown::render(p, theme).into_iter();
            if let Some(first) = rendered.next() {
                let mut spans = vec![Span::styled("☐ ", theme.accent())];
                spans.extend(first.spans);
                lines.push(Line::from(spans));
            }
            lines.extend(rendered.map(|l| {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
        }
    }
    if !card.follow_ups.is_empty() {
        section(&mut lines, "Follow-ups", theme);
        for f in card.follow_ups() {
            let mut rendered = markdown::render(f, theme).into_iter();
            if let Some(first) = rendered.next() {
                let mut spans = vec![Span::styled("→ ", theme.accent())];
                spans.extend(first.spans);
                lines.push(Line::from(spans));
            }
            lines.extend(rendered);
        }
    }
    lines
}

fn section(lines: &mut Vec<Line<'static>>, name: &str, theme: &Theme) {
    lines.push(Line::default());
    lines.push(Line::styled(format!("── {name} ──"), theme.heading()));
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
    let left = format!(" Review · {}", state.filter.describe());
    let right = format!("{} left · {} done ", state.remaining(), state.reviewed);
    super::title_bar(frame, head, theme, &left, &right, theme.dim());

    let Some(card) = state.current.as_ref().and_then(|id| study.card(id)) else {
        let mut text = vec![
            Line::default(),
            Line::styled("  Nothing left to review here for now.", theme.good()),
            Line::default(),
        ];
        let counts = study.counts(&state.filter, state.now);
        if let Some(due) = state.session.next_learning_due() {
            text.push(Line::raw(format!(
                "  A learning card comes back in {}; stay here and it will appear.",
                interval_label(due - state.now)
            )));
        }
        if counts.new > 0 {
            text.push(Line::raw(format!(
                "  {} new card(s) wait beyond today's new-card limit.",
                counts.new
            )));
        }
        text.push(Line::raw("  Press q to go back to the decks."));
        frame.render_widget(Paragraph::new(text).block(Block::bordered()), body);
        frame.render_widget(
            Paragraph::new(key_line(
                theme,
                &[("u", "undo"), ("q", "back"), ("?", "help")],
            )),
            keys,
        );
        super::status_line(frame, status_area, theme, status);
        return;
    };
    state.page = body.height.saturating_sub(2);
    let title = format!(" {} ", inert(&card.id));
    let hints_left = card.hints.len() - state.hints;
    let para = Paragraph::new(state.lines.clone())
        .wrap(Wrap { trim: false })
        .scroll((state.scroll, 0))
        .block(Block::bordered().title(title).title_style(theme.dim()));
    frame.render_widget(para, body);
    super::status_line(frame, status_area, theme, status);

    let footer = if state.revealed {
        let mut spans = vec![Span::raw(" ")];
        if let Some(outcomes) = &state.outcomes {
            for (i, o) in outcomes.iter().enumerate() {
                spans.push(Span::styled(
                    format!("{} {}", i + 1, o.grade.label()),
                    theme.grade(i + 1),
                ));
                spans.push(Span::styled(
                    format!(" {}   ", o.interval_label(state.shown_at)),
                    theme.dim(),
                ));
            }
        }
        spans.push(Span::styled("u", theme.key()));
        spans.push(Span::styled(" undo  ", theme.dim()));
        spans.push(Span::styled("?", theme.key()));
        spans.push(Span::styled(" help", theme.dim()));
        Line::from(spans)
    } else {
        let hint = if hints_left > 0 {
            format!("hint {}/{}", state.hints + 1, card.hints.len())
        } else {
            "no more hints".into()
        };
        key_line(
            theme,
            &[
                ("space", "show answer"),
                ("h", &hint),
                ("j/k", "scroll"),
                ("u", "undo"),
                ("e", "edit"),
                ("?", "help"),
                ("q", "back"),
            ],
        )
    };
    frame.render_widget(Paragraph::new(footer), keys);
}
