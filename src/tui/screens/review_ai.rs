//! The AI interviewer's part of the review screen, present only when `[ai]` is on: the typed
//! answer box, the once-per-host consent question, the wait for the model (spinner, elapsed
//! seconds, Esc cancels) and the proposal the user confirms or overrides with 1-4. View state
//! only: the worker runs in the app and judgements are recorded through `Study`.

use super::card_view::KEY_POINTS;
use super::review::ReviewState;
use crate::ai::Grading;
use crate::schedule::Grade;
use crate::study::Study;
use crate::tui::effect::{Effect, Typed};
use crate::tui::keys::{
    REVIEW, REVIEW_ASKING, REVIEW_CONSENT, REVIEW_TYPING, ReviewAiKey, ReviewTypingKey, help,
    lookup,
};
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

/// Where the conversation with the model stands for the card on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum AiPhase {
    Idle,
    /// A remote endpoint the user has not agreed to yet: y / n.
    Consent {
        host: String,
    },
    /// The worker is grading; `received` characters have arrived so far.
    Asking {
        since: DateTime<Utc>,
        received: usize,
    },
    /// The model's proposal; the user still grades.
    Proposed(Box<Proposal>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub grading: Grading,
    /// The stored judgement (None when it could not be saved).
    pub judgement: Option<i64>,
    pub grade: Grade,
    /// `a` again: the model's two or three sentences on the miss.
    pub explanation: Option<String>,
    /// Waiting for that explanation: (since, characters received).
    pub explaining: Option<(DateTime<Utc>, usize)>,
}

pub struct ReviewAi {
    /// `[ai]` is on: the keys exist.
    pub on: bool,
    pub typing: bool,
    pub answer: TextArea<'static>,
    pub phase: AiPhase,
}

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// The status line while the model works on any screen: spinner, what it is doing, elapsed
/// seconds, characters streamed in so far, how to cancel.
pub fn spinner_line(
    what: &str,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    received: usize,
) -> String {
    let ms = (now - since).num_milliseconds().max(0);
    let spin = SPINNER[(ms / 250) as usize % SPINNER.len()];
    let got = if received > 0 {
        format!(" · {received} characters in")
    } else {
        String::new()
    };
    format!(
        "{spin} the model is {what}… {} s{got} · esc cancels",
        ms / 1000
    )
}

impl ReviewAi {
    pub fn new(on: bool) -> ReviewAi {
        let mut answer = TextArea::default();
        answer.set_wrap_mode(WrapMode::WordOrGlyph);
        ReviewAi {
            on,
            typing: false,
            answer,
            phase: AiPhase::Idle,
        }
    }

    /// A new card: no answer, nothing asked.
    pub fn reset(&mut self) {
        *self = ReviewAi::new(self.on);
    }

    pub fn answer_text(&self) -> String {
        self.answer.lines().join("\n").trim().to_string()
    }

    pub fn proposal(&self) -> Option<&Proposal> {
        match &self.phase {
            AiPhase::Proposed(p) => Some(p),
            _ => None,
        }
    }

    /// The stored judgement and the grade it proposed, for recording the user's grade.
    pub fn decision(&self) -> Option<(i64, Grade)> {
        let p = self.proposal()?;
        Some((p.judgement?, p.grade))
    }

    /// Waiting for the model (a grading, or the explanation of a miss).
    pub fn asking(&self) -> bool {
        match &self.phase {
            AiPhase::Asking { .. } => true,
            AiPhase::Proposed(p) => p.explaining.is_some(),
            _ => false,
        }
    }

    /// The grading started (`now` is the loop's clock).
    pub fn start(&mut self, now: DateTime<Utc>) {
        self.phase = AiPhase::Asking {
            since: now,
            received: 0,
        };
    }

    /// Characters received so far, while waiting.
    pub fn progress(&mut self, received: usize) {
        match &mut self.phase {
            AiPhase::Asking { received: r, .. } => *r = received,
            AiPhase::Proposed(p) => {
                if let Some((_, r)) = &mut p.explaining {
                    *r = received;
                }
            }
            _ => {}
        }
    }

    /// No answer (cancelled or failed). A proposal on screen stays; only its explanation is
    /// not coming.
    pub fn idle(&mut self) {
        match &mut self.phase {
            AiPhase::Proposed(p) => p.explaining = None,
            phase => *phase = AiPhase::Idle,
        }
    }

    /// The model's proposal arrived; returns the grade it suggests.
    pub fn propose(&mut self, grading: Grading, judgement: Option<i64>) -> Grade {
        let grade = Grade::from_number(grading.suggested_grade().into()).unwrap_or(Grade::Again);
        self.phase = AiPhase::Proposed(Box::new(Proposal {
            grading,
            judgement,
            grade,
            explanation: None,
            explaining: None,
        }));
        grade
    }

    /// Keys the AI part takes before the review's table: text while typing, y/n while asking
    /// for consent, Esc while waiting.
    pub fn on_modal_key(&mut self, key: KeyEvent, card: Option<&str>) -> Typed {
        if !self.on {
            return Typed::Ignored;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Typed::Ignored;
        }
        if self.typing {
            return match lookup(REVIEW_TYPING, key) {
                Some(ReviewTypingKey::Done) => {
                    self.typing = false;
                    Typed::Effects(Vec::new())
                }
                None => {
                    self.answer.input(key);
                    Typed::Consumed
                }
            };
        }
        match &self.phase {
            AiPhase::Consent { host } => {
                let host = host.clone();
                match lookup(REVIEW_CONSENT, key) {
                    Some(ReviewAiKey::Agree) => {
                        self.phase = AiPhase::Idle;
                        let ask = card.map(|c| Effect::AskAi {
                            card: c.to_string(),
                            answer: self.answer_text(),
                        });
                        Typed::Effects(std::iter::once(Effect::AgreeAi(host)).chain(ask).collect())
                    }
                    Some(ReviewAiKey::Decline) => {
                        self.phase = AiPhase::Idle;
                        Typed::Effects(vec![Effect::Status(format!(
                            "nothing was sent to {host}; grade yourself with 1-4"
                        ))])
                    }
                    // The question stays until it is answered.
                    Some(ReviewAiKey::Cancel) | None => Typed::Consumed,
                }
            }
            AiPhase::Asking { .. } => match lookup(REVIEW_ASKING, key) {
                Some(_) => Typed::Effects(vec![Effect::CancelAi]),
                None => Typed::Ignored,
            },
            AiPhase::Proposed(p) if p.explaining.is_some() => match lookup(REVIEW_ASKING, key) {
                Some(_) => Typed::Effects(vec![Effect::CancelAi]),
                None => Typed::Ignored,
            },
            AiPhase::Idle | AiPhase::Proposed(_) => Typed::Ignored,
        }
    }

    /// The status line while the model works: spinner, elapsed seconds, how to cancel.
    pub fn waiting_line(&self, now: DateTime<Utc>) -> Option<String> {
        let (since, received, what) = match &self.phase {
            AiPhase::Asking { since, received } => (since, received, "grading your answer"),
            AiPhase::Proposed(p) => match &p.explaining {
                Some((since, received)) => (since, received, "explaining the miss"),
                None => return None,
            },
            _ => return None,
        };
        Some(spinner_line(what, *since, now, *received))
    }

    /// The consent question, on the status line.
    pub fn consent_line(&self) -> Option<String> {
        let AiPhase::Consent { host } = &self.phase else {
            return None;
        };
        Some(format!(
            "Answers go to {host} (not this machine). Send? y/n, asked once"
        ))
    }

    /// What `a` does now; `None` means ask the model (to grade, or once it has, to explain).
    pub fn refuse_ask(&self) -> Option<String> {
        if self.asking() {
            Some("the model is already working (esc cancels)".into())
        } else if self.proposal().is_some_and(|p| p.explanation.is_some()) {
            Some("the model's explanation is below its proposal".into())
        } else if self.answer_text().is_empty() {
            Some("type an answer first (t)".into())
        } else {
            None
        }
    }
}

impl ReviewState {
    /// Keys the AI interviewer takes first (typing, the consent question, cancelling a wait).
    pub fn on_modal_key(&mut self, key: KeyEvent, study: &Study, theme: &Theme) -> Typed {
        let was_typing = self.ai.typing;
        let typed = self.ai.on_modal_key(key, self.current.as_deref());
        if was_typing && !self.ai.typing {
            self.rebuild(study, theme);
        }
        typed
    }

    /// The `?` lines for what the keys do now (the AI keys only when `[ai]` is on).
    pub fn help(&self) -> Vec<(&'static str, &'static str)> {
        if self.ai.typing {
            let mut h = vec![("typing", "keys go to your answer")];
            h.extend(help(REVIEW_TYPING));
            return h;
        }
        let mut h: Vec<_> = REVIEW
            .iter()
            .filter(|b| self.ai.on || !b.action.needs_ai())
            .filter(|b| !b.help.is_empty())
            .map(|b| (b.label, b.help))
            .collect();
        match self.ai.phase {
            AiPhase::Consent { .. } => h.extend(help(REVIEW_CONSENT)),
            _ if self.ai.asking() => h.extend(help(REVIEW_ASKING)),
            _ => {}
        }
        h
    }

    /// The model is waiting for the user's agreement to send to `host`.
    pub fn ai_consent(&mut self, host: String) {
        self.ai.phase = AiPhase::Consent { host };
    }

    /// The grading started.
    pub fn ai_asking(&mut self, now: DateTime<Utc>) {
        self.now = now;
        self.ai.start(now);
    }

    /// The loop's clock and the characters received, while waiting.
    pub fn ai_progress(&mut self, received: usize, now: DateTime<Utc>) {
        self.now = now;
        self.ai.progress(received);
    }

    /// No answer (cancelled or failed): self-scoring as before.
    pub fn ai_idle(&mut self) {
        self.ai.idle();
    }

    /// The explanation of the miss started.
    pub fn ai_explaining(&mut self, now: DateTime<Utc>) {
        self.now = now;
        if let AiPhase::Proposed(p) = &mut self.ai.phase {
            p.explaining = Some((now, 0));
        }
    }

    /// The explanation arrived: it shows below the proposal.
    pub fn ai_explained(&mut self, text: String, study: &Study, theme: &Theme) {
        if let AiPhase::Proposed(p) = &mut self.ai.phase {
            p.explaining = None;
            p.explanation = Some(text);
        }
        self.rebuild(study, theme);
    }

    /// The model's proposal arrived: tick the key points and show where they are. Returns the
    /// status line to show.
    pub fn ai_proposed(
        &mut self,
        grading: Grading,
        judgement: Option<i64>,
        study: &Study,
        theme: &Theme,
    ) -> String {
        let grade = self.ai.propose(grading, judgement);
        self.rebuild(study, theme);
        if let Some(i) = self
            .lines
            .iter()
            .position(|l| l.spans.first().is_some_and(|s| s.content == KEY_POINTS))
        {
            self.scroll_to = Some(i);
        }
        proposed_line(grade)
    }
}

/// The status line after a proposal arrives.
pub fn proposed_line(grade: Grade) -> String {
    format!(
        "the model proposes {} {}: press 1-4 to grade (your grade decides)",
        grade as u8,
        grade.label()
    )
}
