//! The AI interviewer's effects and its worker: asking (after the once-per-host consent for a
//! remote endpoint), cancelling, polling the job each turn of the loop, recording each judgement
//! and what the user chose, all through [`Study`]. One request at a time, for the screen that
//! asked: review (grade, explain a miss), the mock round review (proposed ticks and scores), a
//! mock follow-up and the depth drill (a question from the answer). A failure is one status line
//! and the user goes on as without a model.

use super::*;
use crate::ai::{AiError, Job, JobState};
use crate::study::{AiAsk, AiReply};
use std::time::Instant;

/// What the request on the worker is for (the screen it returns to).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AiFor {
    ReviewGrade { card: String },
    ReviewExplain { card: String },
    PracticeGrade { card: String },
    MockGrade { item: usize, card: String },
    MockFollowUp { item: usize, auto: bool },
    DrillFollowUp,
}

pub(crate) struct AiTask {
    pub for_: AiFor,
    pub job: Job<AiReply>,
    pub since: DateTime<Utc>,
}

impl App {
    /// Runs one of the AI effects (the others never reach here).
    pub(super) fn apply_ai(&mut self, effect: Effect, now: DateTime<Utc>) -> Result<()> {
        if let Effect::AgreeAi(host) = &effect {
            return self.study.agree_ai(host, now);
        }
        if effect == Effect::CancelAi {
            if let Some(task) = self.ai_job.take() {
                task.job.cancel();
            }
            match &mut self.screen {
                Screen::Review(r) => r.ai_idle(),
                Screen::Practice(p) => p.ai_idle(),
                _ => {}
            }
            self.status = Some("cancelled: nothing proposed; go on as usual".into());
            return Ok(());
        }
        let auto = matches!(effect, Effect::AiFollowUp { auto: true, .. });
        if let Some(host) = self.study.ai_consent_needed()? {
            if auto {
                // The flow never interrupts typing with a question: nothing is sent.
                return Ok(());
            }
            match &mut self.screen {
                Screen::Review(r) => r.ai_consent(host),
                _ => {
                    self.status = Some(consent_line(&host));
                    self.ai_consent = Some((host, effect));
                }
            }
            return Ok(());
        }
        if let Some(old) = self.ai_job.take() {
            old.job.cancel();
        }
        let (for_, ask) = match effect {
            Effect::AskAi { card, answer } => {
                let req = self.study.ai_grade_request(&card, &answer)?;
                if matches!(self.screen, Screen::Practice(_)) {
                    (AiFor::PracticeGrade { card }, AiAsk::Grade(req))
                } else {
                    (AiFor::ReviewGrade { card }, AiAsk::Grade(req))
                }
            }
            Effect::ExplainAi { card, answer } => {
                let ctx = self.study.ai_context(&card, &answer, None)?;
                (AiFor::ReviewExplain { card }, AiAsk::Explain(ctx))
            }
            Effect::AskAiMock { item } => {
                let Screen::Mock(m) = &mut self.screen else {
                    return Ok(());
                };
                let card = m.run.plan.items[item]
                    .card_id
                    .clone()
                    .context("this mock item has no card")?;
                let rows = m.run.ai_rows(item);
                let mut req = self.study.ai_grade_request(&card, &m.run.ai_answer(item))?;
                req.rows = rows;
                (AiFor::MockGrade { item, card }, AiAsk::Grade(req))
            }
            Effect::AiFollowUp { card, answer, auto } => {
                let Screen::Mock(m) = &self.screen else {
                    return Ok(());
                };
                let item = match m.run.phase {
                    crate::mock::session::Phase::FollowUp { item, .. } => item,
                    _ => m.run.pos,
                };
                let ctx = self.study.ai_context(&card, &answer, None)?;
                (AiFor::MockFollowUp { item, auto }, AiAsk::FollowUp(ctx))
            }
            Effect::AiDrillFollowUp(ctx) => (AiFor::DrillFollowUp, AiAsk::FollowUp(*ctx)),
            _ => return Ok(()),
        };
        let job = self.study.start_ai(ask, Instant::now())?;
        match (&for_, &mut self.screen) {
            (AiFor::ReviewGrade { .. }, Screen::Review(r)) => r.ai_asking(now),
            (AiFor::ReviewExplain { .. }, Screen::Review(r)) => r.ai_explaining(now),
            (AiFor::PracticeGrade { .. }, Screen::Practice(p)) => {
                p.ai_asking(now);
                self.status = Some(waiting_line(&for_, now, now, 0));
            }
            (AiFor::MockFollowUp { auto: true, .. }, _) => {}
            _ => self.status = Some(waiting_line(&for_, now, now, 0)),
        }
        self.ai_job = Some(AiTask {
            for_,
            job,
            since: now,
        });
        Ok(())
    }

    /// A key while the consent question of a non-review screen is open: `y` agrees and sends,
    /// anything else sends nothing.
    pub(super) fn answer_ai_consent(&mut self, key: KeyEvent, now: DateTime<Utc>) -> bool {
        let Some((host, pending)) = self.ai_consent.take() else {
            return false;
        };
        if key.code == KeyCode::Char('y') {
            self.status = None;
            self.run_effects(vec![Effect::AgreeAi(host), pending], now);
        } else {
            self.status = Some(format!("nothing was sent to {host}"));
        }
        true
    }

    /// Esc while a non-review screen waits for the model cancels the request.
    pub(super) fn cancel_ai_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> bool {
        let waiting = self.ai_job.as_ref().is_some_and(|t| {
            !matches!(
                t.for_,
                AiFor::ReviewGrade { .. }
                    | AiFor::ReviewExplain { .. }
                    | AiFor::MockFollowUp { auto: true, .. }
            )
        });
        if waiting && key.code == KeyCode::Esc {
            self.run_effects(vec![Effect::CancelAi], now);
            return true;
        }
        false
    }

    /// After a review grade is saved: the model's proposal on screen is decided by it.
    pub(super) fn decide_ai(&mut self, judgement: i64, chosen: Grade, proposed: Grade) {
        if let Err(e) = self.study.decide_ai_grading(judgement, chosen, proposed) {
            self.status = Some(format!(
                "graded; your grade against the model's proposal was not recorded ({e:#})"
            ));
        }
    }

    /// Whether the screen that asked is still there to take the answer.
    fn ai_target_alive(&self, for_: &AiFor) -> bool {
        match (for_, &self.screen) {
            (AiFor::ReviewGrade { card } | AiFor::ReviewExplain { card }, Screen::Review(r)) => {
                r.current.as_deref() == Some(card.as_str()) && r.ai.asking()
            }
            (AiFor::PracticeGrade { card }, Screen::Practice(p)) => {
                p.card_id == *card && p.ai.asking()
            }
            (AiFor::MockGrade { .. }, Screen::Mock(m)) => {
                matches!(m.run.phase, crate::mock::session::Phase::Review { .. })
            }
            (AiFor::MockFollowUp { item, .. }, Screen::Mock(m)) => match m.run.phase {
                crate::mock::session::Phase::FollowUp { item: i, .. } => i == *item,
                crate::mock::session::Phase::Answering => m.run.pos == *item,
                _ => false,
            },
            (AiFor::DrillFollowUp, Screen::Drill(_)) => true,
            _ => false,
        }
    }

    /// Each turn: the spinner's clock, and the answer (or the failure) once the model replies.
    /// A job whose screen moved on is cancelled and forgotten.
    pub(super) fn poll_ai(&mut self, now: DateTime<Utc>) {
        let Some(task) = self.ai_job.as_ref() else {
            return;
        };
        let for_ = task.for_.clone();
        if !self.ai_target_alive(&for_) {
            if let Some(t) = self.ai_job.take() {
                t.job.cancel();
            }
            return;
        }
        let Some(task) = self.ai_job.as_mut() else {
            return;
        };
        let since = task.since;
        let result = match task.job.poll(Instant::now()) {
            JobState::Running { received, .. } => {
                match &mut self.screen {
                    Screen::Review(r) => r.ai_progress(received, now),
                    _ if matches!(for_, AiFor::MockFollowUp { auto: true, .. }) => {}
                    _ => self.status = Some(waiting_line(&for_, since, now, received)),
                }
                return;
            }
            JobState::Done(result) => result,
        };
        self.ai_job = None;
        match result {
            Ok(reply) => self.ai_replied(for_, reply, now),
            Err(e) => {
                match &mut self.screen {
                    Screen::Review(r) => r.ai_idle(),
                    Screen::Practice(p) => p.ai_idle(),
                    _ => {}
                }
                self.status = match e {
                    AiError::Cancelled => None,
                    e => Some(failure_line(&for_, &e)),
                };
            }
        }
    }

    fn ai_replied(&mut self, for_: AiFor, reply: AiReply, now: DateTime<Utc>) {
        match (for_, reply) {
            (AiFor::ReviewGrade { card }, AiReply::Graded(outcome)) => {
                let saved = self.study.record_ai_grading(&card, "review", &outcome, now);
                let Screen::Review(r) = &mut self.screen else {
                    return;
                };
                let judgement = saved.as_ref().ok().copied();
                let line = r.ai_proposed(outcome.grading, judgement, &self.study, &self.theme);
                self.status = Some(match saved {
                    Ok(_) => line,
                    Err(e) => format!("{line} (the judgement was not saved: {e:#})"),
                });
            }
            (AiFor::ReviewExplain { .. }, AiReply::Text(text)) => {
                if let Screen::Review(r) = &mut self.screen {
                    r.ai_explained(text, &self.study, &self.theme);
                }
                self.status = Some("the model's explanation is below the proposal".into());
            }
            (AiFor::PracticeGrade { card }, AiReply::Graded(outcome)) => {
                let saved = self
                    .study
                    .record_ai_grading(&card, "practice", &outcome, now);
                let Screen::Practice(p) = &mut self.screen else {
                    return;
                };
                let line = p.ai_proposed(outcome.grading, saved.as_ref().ok().copied());
                self.status = Some(match saved {
                    Ok(_) => line,
                    Err(e) => format!("{line} (the judgement was not saved: {e:#})"),
                });
            }
            (AiFor::MockGrade { item, card }, AiReply::Graded(outcome)) => {
                let saved = self.study.record_ai_grading(&card, "mock", &outcome, now);
                let Screen::Mock(m) = &mut self.screen else {
                    return;
                };
                let ticked = outcome.grading.ticks().iter().filter(|t| **t).count();
                let points = outcome.grading.points.len();
                m.run
                    .apply_ai(item, outcome.grading, saved.as_ref().ok().copied());
                m.touch();
                let mut line = format!(
                    "the model proposes {ticked}/{points} key points and rubric scores: change any; \
                     on the rubric y accepts a row"
                );
                if let Err(e) = saved {
                    line.push_str(&format!(" (the judgement was not saved: {e:#})"));
                }
                self.status = Some(line);
                self.run_effects(vec![Effect::SaveMock], now);
            }
            (AiFor::MockFollowUp { item, .. }, AiReply::Text(q)) => {
                if let Screen::Mock(m) = &mut self.screen {
                    self.status = Some(m.ai_follow_up(item, q, now));
                }
            }
            (AiFor::DrillFollowUp, AiReply::Text(q)) => {
                if let Screen::Drill(d) = &mut self.screen {
                    d.ai_question(q);
                }
                self.status = None;
            }
            (_, _) => self.status = Some("AI: the reply did not fit the question".into()),
        }
    }
}

/// The question for a remote endpoint, on the status line.
pub(super) fn consent_line(host: &str) -> String {
    format!(
        "Answers go to {host} (not this machine). Send? y sends (asked once), any other key doesn't"
    )
}

fn waiting_line(for_: &AiFor, since: DateTime<Utc>, now: DateTime<Utc>, received: usize) -> String {
    let what = match for_ {
        AiFor::ReviewGrade { .. } | AiFor::MockGrade { .. } => "grading the answer",
        AiFor::PracticeGrade { .. } => "grading your explanation",
        AiFor::ReviewExplain { .. } => "explaining the miss",
        AiFor::MockFollowUp { .. } | AiFor::DrillFollowUp => "writing a follow-up",
    };
    crate::tui::screens::review_ai::spinner_line(what, since, now, received)
}

fn failure_line(for_: &AiFor, e: &AiError) -> String {
    let mut msg = format!("AI: {e}");
    let fallback = match for_ {
        AiFor::ReviewGrade { .. } | AiFor::ReviewExplain { .. } | AiFor::PracticeGrade { .. } => {
            "; grade yourself with 1-4"
        }
        AiFor::MockGrade { .. } => "; tick and score yourself",
        AiFor::MockFollowUp { .. } | AiFor::DrillFollowUp => "; the written follow-ups go on",
    };
    if !msg.contains("self-scoring") {
        msg.push_str(fallback);
    }
    msg
}
