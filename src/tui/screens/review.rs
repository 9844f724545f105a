//! Review: the prompt, hints one at a time, the answer as markdown (scrollable), then a grade
//! 1–4 with the next interval shown on each button. Each grade is committed before the next
//! card appears. With the AI interviewer on (`review_ai`), an answer can be typed first and
//! graded by the model, which proposes; the user still grades.

pub use super::card_view::card_lines;
use super::card_view::{AiLines, review_lines};
use super::review_ai::ReviewAi;
use crate::schedule::queue::Session;
use crate::schedule::{Grade, Outcome};
use crate::study::{Filter, ReviewSource, Study};
use crate::tui::effect::Effect;
use crate::tui::keys::ReviewKey;
use crate::tui::theme::Theme;
use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use ratatui::text::Line;

/// Longest time a single review is credited with (a card left open over lunch).
const MAX_REVIEW_TIME: Duration = Duration::minutes(20);

pub struct ReviewState {
    pub filter: Filter,
    pub(super) session: Session,
    pub current: Option<String>,
    pub hints: usize,
    pub revealed: bool,
    pub scroll: u16,
    pub(super) shown_at: DateTime<Utc>,
    pub(super) outcomes: Option<[Outcome; 4]>,
    pub reviewed: usize,
    /// This session's grades and credited time, for the summary when the queue empties.
    pub(super) log: Vec<(Grade, Duration)>,
    pub(super) lines: Vec<Line<'static>>,
    /// Page height seen at the last frame, for PgUp / PgDn.
    pub(super) page: u16,
    /// Scroll to this line at the next frame (the proposal's ticks), as far as the card allows.
    pub(super) scroll_to: Option<usize>,
    /// The clock at the last update (the screen never reads the clock itself).
    pub(super) now: DateTime<Utc>,
    /// The typed answer and the model's proposal (inert when `[ai]` is off).
    pub ai: ReviewAi,
    /// Counted once as the queue empties, for the screen that says so.
    pub(super) end: Option<EndCounts>,
}

/// What the emptied queue's screen tells: new cards past today's limit, and cards due tomorrow.
#[derive(Debug, Clone, Copy)]
pub(super) struct EndCounts {
    pub(super) new_waiting: usize,
    pub(super) due_tomorrow: usize,
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
            scroll_to: None,
            now,
            ai: ReviewAi::new(study.ai().is_some()),
            end: None,
        };
        s.advance(study, theme, now);
        s
    }

    /// Shows the next card of the session, if any is due.
    pub fn advance(&mut self, study: &Study, theme: &Theme, now: DateTime<Utc>) {
        self.now = now;
        let was_showing = self.current.is_some();
        self.current =
            std::iter::from_fn(|| self.session.next(now)).find(|id| study.card(id).is_some());
        if self.current.is_some() {
            self.end = None;
        } else if was_showing || self.end.is_none() {
            // Once per emptying, not at every tick that looks for a learning card.
            self.end = Some(EndCounts {
                new_waiting: study.counts(&self.filter, now).new,
                due_tomorrow: study.counts(&self.filter, now + Duration::days(1)).due,
            });
        }
        self.reset(study, theme, now);
    }

    fn reset(&mut self, study: &Study, theme: &Theme, now: DateTime<Utc>) {
        self.hints = 0;
        self.revealed = false;
        self.scroll = 0;
        self.shown_at = now;
        self.outcomes = None;
        self.ai.reset();
        self.rebuild(study, theme);
    }

    /// Re-reads the current card after its deck changed on disk.
    pub fn refresh(&mut self, study: &Study, theme: &Theme, now: DateTime<Utc>) {
        if self.current.is_none() {
            // The counts on the emptied screen follow the decks as they are now.
            self.end = None;
            self.advance(study, theme, now);
        } else if self
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
        if key.needs_ai() && !self.ai.on {
            return Vec::new();
        }
        match (key, card) {
            (ReviewKey::Undo, _) => return vec![Effect::Undo],
            (ReviewKey::Search, _) => return vec![Effect::Search],
            (ReviewKey::Help, _) => return vec![Effect::Help],
            (ReviewKey::Back, _) => return vec![Effect::Back],
            (ReviewKey::Stories, _) => return vec![Effect::StoryOverlay],
            (ReviewKey::Custom, _) => return vec![Effect::OpenCustom(self.filter.clone())],
            (_, None) => return Vec::new(),
            (ReviewKey::Grade(grade), Some(card)) if self.revealed => {
                // A proposal on screen is decided by this grade once it is saved (the app
                // records both).
                return vec![Effect::Grade {
                    card: card.id.clone(),
                    grade,
                    spent: (now - self.shown_at).clamp(Duration::zero(), MAX_REVIEW_TIME),
                    source: ReviewSource::Review,
                }];
            }
            (ReviewKey::Type, Some(_)) if self.ai.asking() => {
                return vec![Effect::Status(
                    "the model is grading this answer (esc cancels first)".into(),
                )];
            }
            (ReviewKey::Type, Some(_)) => {
                self.ai.typing = true;
                self.rebuild(study, theme);
            }
            (ReviewKey::Ask, Some(card)) => {
                if let Some(why) = self.ai.refuse_ask() {
                    return vec![Effect::Status(why)];
                }
                if !self.revealed {
                    self.revealed = true;
                    self.outcomes = study.preview(card, now).ok();
                    self.rebuild(study, theme);
                }
                if self.ai.proposal().is_some() {
                    return vec![Effect::ExplainAi {
                        card: card.id.clone(),
                        answer: self.ai.answer_text(),
                    }];
                }
                return vec![Effect::AskAi {
                    card: card.id.clone(),
                    answer: self.ai.answer_text(),
                }];
            }
            (ReviewKey::Grade(_), Some(_)) => {}
            (ReviewKey::Edit, Some(card)) => return vec![Effect::EditCard(card.id.clone())],
            (ReviewKey::Info, Some(card)) => return vec![Effect::CardInfo(card.id.clone())],
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

    pub(super) fn rebuild(&mut self, study: &Study, theme: &Theme) {
        let answer = if self.ai.typing {
            String::new()
        } else {
            self.ai.answer_text()
        };
        let proposal = self.ai.proposal();
        let ai = AiLines {
            answer: &answer,
            grading: proposal.map(|p| &p.grading),
            grade: proposal.map(|p| p.grade),
            explanation: proposal.and_then(|p| p.explanation.as_deref()),
        };
        self.lines = match self.current.as_ref().and_then(|id| study.card(id)) {
            Some(card) => review_lines(card, self.hints, self.revealed, ai, theme),
            None => Vec::new(),
        };
    }
}

/// The status line the grade that made a card a leech shows.
pub fn leech_line(l: &crate::study_tools::leech::Leech) -> String {
    format!(
        "leech: this card has lapsed {} times and is tagged `leech`{}; consider rewriting it",
        l.lapses,
        if l.suspended { " and suspended" } else { "" }
    )
}
