//! Review: the prompt, hints one at a time, the answer as markdown (scrollable), then a grade
//! 1–4 with the next interval shown on each button. Each grade is committed before the next
//! card appears.

pub use super::card_view::card_lines;
use crate::content::inert;
use crate::schedule::queue::Session;
use crate::schedule::{Grade, Outcome, interval_label};
use crate::study::{Filter, ReviewSource, Study};
use crate::tui::effect::Effect;
use crate::tui::keys::{REVIEW, ReviewKey, footer, footer_pairs, key_line};
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
    /// This session's grades and credited time, for the summary when the queue empties.
    log: Vec<(Grade, Duration)>,
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
            log: Vec::new(),
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
        let showing = self.current.take();
        self.session.undo_to(id, showing.as_deref());
        self.current = Some(id.to_string());
        self.reviewed = self.reviewed.saturating_sub(1);
        self.log.pop();
        self.reset(study, theme, now);
    }

    /// Handles a review key; grading, editing and practice are effects the app applies.
    pub fn on_key(
        &mut self,
        key: ReviewKey,
        study: &Study,
        theme: &Theme,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let card = self.current.as_ref().and_then(|id| study.card(id));
        match (key, card) {
            (ReviewKey::Undo, _) => return vec![Effect::Undo],
            (ReviewKey::Search, _) => return vec![Effect::Search],
            (ReviewKey::Help, _) => return vec![Effect::Help],
            (ReviewKey::Back, _) => return vec![Effect::Back],
            (ReviewKey::Stories, _) => return vec![Effect::StoryOverlay],
            (_, None) => return Vec::new(),
            (ReviewKey::Grade(grade), Some(card)) if self.revealed => {
                return vec![Effect::Grade {
                    card: card.id.clone(),
                    grade,
                    spent: (now - self.shown_at).clamp(Duration::zero(), MAX_REVIEW_TIME),
                    source: ReviewSource::Review,
                }];
            }
            (ReviewKey::Grade(_), Some(_)) => {}
            (ReviewKey::Edit, Some(card)) => return vec![Effect::EditCard(card.id.clone())],
            (ReviewKey::Practice, Some(card)) if card.is_practicable() => {
                return vec![Effect::OpenPractice(card.id.clone())];
            }
            (ReviewKey::Practice, Some(_)) => {
                return vec![Effect::Status(
                    "p practises coding cards against their tests; this card has none".into(),
                )];
            }
            (ReviewKey::Reveal, Some(card)) => {
                if !self.revealed {
                    self.revealed = true;
                    self.outcomes = study.preview(card, now).ok();
                    self.rebuild(study, theme);
                }
            }
            (ReviewKey::Hint, Some(card)) => {
                if self.hints < card.hints.len() {
                    self.hints += 1;
                    self.rebuild(study, theme);
                }
            }
            (ReviewKey::Down, Some(_)) => self.scroll = self.scroll.saturating_add(1),
            (ReviewKey::Up, Some(_)) => self.scroll = self.scroll.saturating_sub(1),
            (ReviewKey::PageDown, Some(_)) => {
                self.scroll = self
                    .scroll
                    .saturating_add(self.page.saturating_sub(2).max(1))
            }
            (ReviewKey::PageUp, Some(_)) => {
                self.scroll = self
                    .scroll
                    .saturating_sub(self.page.saturating_sub(2).max(1))
            }
            (ReviewKey::Top, Some(_)) => self.scroll = 0,
            (ReviewKey::Bottom, Some(_)) => self.scroll = self.lines.len() as u16,
        }
        self.scroll = self.scroll.min(self.lines.len().saturating_sub(1) as u16);
        Vec::new()
    }

    /// The card `id` was graded on the practice screen: it returns later today if it is in a
    /// short learning step; the next card appears.
    pub fn graded(
        &mut self,
        id: &str,
        state: &crate::schedule::CardState,
        (grade, spent): (Grade, Duration),
        study: &Study,
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        let (_, end) = study.day(now);
        self.session.reschedule(id, state, end);
        self.reviewed += 1;
        self.log.push((grade, spent));
        self.advance(study, theme, now);
    }

    /// The session the app answers the card on screen in ([`Study::answer`] reschedules it
    /// there and buries its siblings).
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    /// The card on screen was answered in this session (already rescheduled there): the next
    /// card appears.
    pub fn answered(
        &mut self,
        (grade, spent): (Grade, Duration),
        study: &Study,
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        self.reviewed += 1;
        self.log.push((grade, spent));
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

/// The session-end summary: cards, time, again rate, and tomorrow's due count.
fn summary(state: &ReviewState, study: &Study) -> Vec<Line<'static>> {
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
    let tomorrow = study
        .counts(&state.filter, state.now + Duration::days(1))
        .due;
    vec![
        Line::raw(format!(
            "  This session: {} in {time} · again {:.0}% ({again} of {n})",
            crate::words::counted(n, "card", "cards"),
            again as f32 * 100.0 / n as f32
        )),
        Line::raw(format!(
            "  What's next: {} due tomorrow.",
            crate::words::counted(tomorrow, "card", "cards")
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
    let left = format!(" Review · {}", state.filter.describe_in(&study.library));
    let right = format!("{} left · {} done ", state.remaining(), state.reviewed);
    super::title_bar(frame, head, theme, &left, &right, theme.dim());

    let Some(card) = state.current.as_ref().and_then(|id| study.card(id)) else {
        let mut text = vec![
            Line::default(),
            Line::styled("  Nothing left to review here for now.", theme.good()),
            Line::default(),
        ];
        let counts = study.counts(&state.filter, state.now);
        text.extend(summary(state, study));
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
        let only = |k: &ReviewKey| match k {
            ReviewKey::Undo | ReviewKey::Back | ReviewKey::Help => None,
            _ => Some(String::new()),
        };
        frame.render_widget(Paragraph::new(footer(theme, REVIEW, only)), keys);
        super::status_line(frame, status_area, theme, status);
        return;
    };
    state.page = body.height.saturating_sub(2);
    let title = format!(" {} ", inert(&card.id));
    // A deck edit can remove hints already shown: never count below zero.
    let hints_left = card.hints.len().saturating_sub(state.hints);
    let text = Paragraph::new(state.lines.clone()).wrap(Wrap { trim: false });
    let rows = text.line_count(body.width.saturating_sub(2));
    let mut block = Block::bordered().title(title).title_style(theme.dim());
    if let Some(note) = super::scroll_note(rows, state.scroll as usize, state.page as usize) {
        block = block.title_bottom(Line::styled(note, theme.accent()).right_aligned());
    }
    let para = text.scroll((state.scroll, 0)).block(block);
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
        let rest = footer_pairs(REVIEW, |k| match k {
            ReviewKey::Down | ReviewKey::Undo | ReviewKey::Help => None,
            _ => Some(String::new()),
        });
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
            _ => None,
        })
    };
    frame.render_widget(Paragraph::new(footer), keys);
}

/// The status line the grade that made a card a leech shows.
pub fn leech_line(l: &crate::study_tools::leech::Leech) -> String {
    format!(
        "leech: this card has lapsed {} times and is tagged `leech`{}; consider rewriting it",
        l.lapses,
        if l.suspended { " and suspended" } else { "" }
    )
}
