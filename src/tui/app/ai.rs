//! The AI interviewer's effects and its worker: asking (after the once-per-host consent for a
//! remote endpoint), cancelling, polling the job each turn of the loop, recording each judgement
//! and the grade the user chose, all through [`Study`]. A failure is one status line and the
//! user self-scores as before.

use super::*;
use crate::ai::{AiError, JobState};
use std::time::Instant;

impl App {
    /// Runs one of the AI effects (the others never reach here).
    pub(super) fn apply_ai(&mut self, effect: Effect, now: DateTime<Utc>) -> Result<()> {
        match effect {
            Effect::AskAi { card, answer } => {
                if let Some(host) = self.study.ai_consent_needed()? {
                    if let Screen::Review(r) = &mut self.screen {
                        r.ai_consent(host);
                    }
                    return Ok(());
                }
                if let Some(old) = self.ai_job.take() {
                    old.job.cancel();
                }
                let job = self
                    .study
                    .start_ai_grading(&card, &answer, Instant::now())?;
                self.ai_job = Some(job);
                if let Screen::Review(r) = &mut self.screen {
                    r.ai_asking(now);
                }
            }
            Effect::AgreeAi(host) => self.study.agree_ai(&host, now)?,
            Effect::CancelAi => {
                if let Some(task) = self.ai_job.take() {
                    task.job.cancel();
                }
                if let Screen::Review(r) = &mut self.screen {
                    r.ai_idle();
                }
                self.status = Some("cancelled: nothing proposed; grade yourself with 1-4".into());
            }
            _ => {}
        }
        Ok(())
    }

    /// After a review grade is saved: the model's proposal on screen is decided by it.
    pub(super) fn decide_ai(&mut self, judgement: i64, chosen: Grade, proposed: Grade) {
        if let Err(e) = self.study.decide_ai_grading(judgement, chosen, proposed) {
            self.status = Some(format!(
                "graded; your grade against the model's proposal was not recorded ({e:#})"
            ));
        }
    }

    /// Each turn: the spinner's clock, and the proposal (or the failure) once the model answers.
    /// A job whose card left the screen is cancelled and forgotten.
    pub(super) fn poll_ai(&mut self, now: DateTime<Utc>) {
        let Some(task) = self.ai_job.as_mut() else {
            return;
        };
        let Screen::Review(r) = &mut self.screen else {
            task.job.cancel();
            self.ai_job = None;
            return;
        };
        if r.current.as_deref() != Some(task.card_id.as_str()) || !r.ai.asking() {
            task.job.cancel();
            self.ai_job = None;
            return;
        }
        let result = match task.job.poll(Instant::now()) {
            JobState::Running { received, .. } => {
                r.ai_progress(received, now);
                return;
            }
            JobState::Done(result) => result,
        };
        let card = task.card_id.clone();
        self.ai_job = None;
        match result {
            Ok(outcome) => {
                let saved = self.study.record_ai_grading(&card, &outcome, now);
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
            Err(e) => {
                r.ai_idle();
                if !matches!(e, AiError::Cancelled) {
                    let mut msg = format!("AI: {e}");
                    if !msg.contains("self-scoring") {
                        msg.push_str("; grade yourself with 1-4");
                    }
                    self.status = Some(msg);
                }
            }
        }
    }
}
