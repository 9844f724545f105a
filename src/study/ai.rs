//! The AI interviewer as a study session uses it: whether it is on, the once-per-host consent
//! for a remote endpoint, a grading started on a worker thread, and the record of each judgement
//! and of the grade the user finally chose. With `[ai]` off nothing here builds a client.

use super::Study;
use crate::ai::ask::{AskContext, explain_miss, follow_up};
use crate::ai::grade::{GradeRequest, Outcome, grade};
use crate::ai::prompts::PROMPT_VERSION;
use crate::ai::{AiConfig, ChatClient, Job};
use crate::mock::session::MockRun;
use crate::schedule::Grade;
use crate::store::JudgementInput;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use std::time::Instant;

/// What to ask the model.
#[derive(Debug, Clone)]
pub enum AiAsk {
    /// Grade an answer against key points and rubric rows.
    Grade(GradeRequest),
    /// One follow-up question from the answer (and the dossier, in the depth drill).
    FollowUp(AskContext),
    /// Two or three sentences on what the answer got wrong.
    Explain(AskContext),
}

/// What the model answered.
#[derive(Debug, Clone)]
pub enum AiReply {
    Graded(Outcome),
    Text(String),
}

impl Study {
    /// The `[ai]` settings when the interviewer is on; `None` means no key, no prompt, no
    /// connection.
    pub fn ai(&self) -> Option<&AiConfig> {
        AiConfig::active(self.settings.ai.as_ref())
    }

    /// The host the user must agree to first (a remote endpoint not agreed to yet).
    pub fn ai_consent_needed(&self) -> Result<Option<String>> {
        let Some(cfg) = self.ai() else {
            return Ok(None);
        };
        if cfg.is_local() {
            return Ok(None);
        }
        let host = cfg.host();
        Ok((!self.store.ai_consented(&host)?).then_some(host))
    }

    /// Records that answers may go to `host` (asked once).
    pub fn agree_ai(&mut self, host: &str, now: DateTime<Utc>) -> Result<()> {
        Ok(self.store.ai_consent(host, now)?)
    }

    /// The grading request for `answer` to card `id`, on its kind's rubric.
    pub fn ai_grade_request(&self, id: &str, answer: &str) -> Result<GradeRequest> {
        let card = self
            .card(id)
            .with_context(|| format!("no card with id `{id}`"))?;
        Ok(GradeRequest::for_card(card, answer))
    }

    /// The context of a follow-up or an explanation about card `id` (the dossier only in the
    /// depth drill).
    pub fn ai_context(
        &self,
        id: &str,
        answer: &str,
        dossier: Option<String>,
    ) -> Result<AskContext> {
        let card = self
            .card(id)
            .with_context(|| format!("no card with id `{id}`"))?;
        Ok(AskContext {
            prompt: card.body().to_string(),
            reference: card.answer().to_string(),
            key_points: card.key_points().map(str::to_string).collect(),
            answer: answer.to_string(),
            dossier,
        })
    }

    /// Starts `ask` on a worker thread (`started` is the caller's clock). Fails when the
    /// interviewer is off.
    pub fn start_ai(&self, ask: AiAsk, started: Instant) -> Result<Job<AiReply>> {
        let cfg = self.ai().context("the AI interviewer is off")?;
        let client = ChatClient::new(cfg);
        Ok(Job::spawn(
            Box::new(move |cancel, progress| match ask {
                AiAsk::Grade(req) => grade(&client, &req, cancel, progress).map(AiReply::Graded),
                AiAsk::FollowUp(ctx) => {
                    follow_up(&client, &ctx, cancel, progress).map(AiReply::Text)
                }
                AiAsk::Explain(ctx) => {
                    explain_miss(&client, &ctx, cancel, progress).map(AiReply::Text)
                }
            }),
            started,
        ))
    }

    /// Stores a validated grading (model, host, prompt version, latency and the proposal with
    /// its suggested grade); `context` is where it was asked (`review`, `mock`, `practice`).
    /// Returns the judgement's id.
    pub fn record_ai_grading(
        &mut self,
        card_id: &str,
        context: &str,
        outcome: &Outcome,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let cfg = self.ai().context("the AI interviewer is off")?;
        let (model, host) = (cfg.model.clone(), cfg.host());
        let mut proposal = serde_json::to_value(&outcome.grading)?;
        proposal["suggested_grade"] = outcome.grading.suggested_grade().into();
        let id = self.store.record_ai_judgement(&JudgementInput {
            at: now,
            card_id,
            context,
            model: &model,
            endpoint_host: &host,
            prompt_version: PROMPT_VERSION,
            latency_ms: outcome.latency.as_millis().try_into().unwrap_or(i64::MAX),
            attempts: outcome.attempts,
            proposal_json: &proposal.to_string(),
        })?;
        Ok(id)
    }

    /// Records the grade the user chose for a judgement and whether it differs from the
    /// proposed one (what `stats --json` reports as `ai.override_rate`).
    pub fn decide_ai_grading(
        &mut self,
        judgement: i64,
        chosen: Grade,
        proposed: Grade,
    ) -> Result<()> {
        let chosen_json = serde_json::json!({ "grade": chosen as u8 }).to_string();
        self.store
            .decide_ai_judgement(judgement, &chosen_json, chosen != proposed)?;
        Ok(())
    }

    /// After a mock round is committed: what the user chose against each of the round's
    /// judgements (ticks, row scores, grade) and whether it overrode the model.
    pub fn record_mock_ai_choices(&mut self, run: &MockRun, round: usize) -> Result<usize> {
        let choices = run.ai_choices(round);
        for c in &choices {
            self.store
                .decide_ai_judgement(c.judgement, &c.chosen.to_string(), c.overridden)?;
        }
        Ok(choices.len())
    }
}

#[cfg(test)]
mod tests {
    use crate::ai::AiConfig;
    use crate::ai::grade::{Grading, Outcome, PointVerdict, Verdict};
    use crate::config::Settings;
    use crate::content::ContentRoot;
    use crate::schedule::Grade;
    use crate::study::Study;
    use chrono::{TimeZone, Utc};
    use std::time::Duration;

    fn study(dir: &std::path::Path) -> Study {
        let deck = "+++\ntitle = \"B\"\nkind = \"breadth\"\n+++\n## Q {#ai-one}\n### Answer\nA.\n### Key points\n- local is global\n";
        std::fs::write(dir.join("deck.md"), deck).unwrap();
        let settings = Settings::with_roots(vec![ContentRoot::Dir(dir.into())], dir.join("x.db"));
        Study::in_memory(settings, Utc::now())
    }

    #[test]
    fn judgements_and_choices_are_recorded_for_the_override_rate() {
        let dir = tempfile::tempdir().unwrap();
        let mut study = study(dir.path());
        let now = Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap();
        study.settings.ai = Some(AiConfig {
            endpoint: "https://api.example.com/v1".into(),
            model: "m".into(),
            ..AiConfig::default()
        });
        assert_eq!(
            study.ai_consent_needed().unwrap().as_deref(),
            Some("api.example.com")
        );
        study.agree_ai("api.example.com", now).unwrap();
        assert_eq!(study.ai_consent_needed().unwrap(), None);
        let outcome = Outcome {
            grading: Grading {
                points: vec![PointVerdict {
                    id: "k1".into(),
                    verdict: Verdict::Covered,
                    quotes: vec!["local is global".into()],
                    note: None,
                }],
                rubric: Vec::new(),
                errors: Vec::new(),
                next: "Rates.".into(),
            },
            latency: Duration::from_millis(1500),
            attempts: 1,
        };
        let id = study
            .record_ai_grading("ai-one", "review", &outcome, now)
            .unwrap();
        study
            .decide_ai_grading(id, Grade::Hard, Grade::Easy)
            .unwrap();
        let (proposal, chosen, overridden) = study.store.ai_judgement(id).unwrap().unwrap();
        assert!(proposal.contains("\"suggested_grade\":4"), "{proposal}");
        assert_eq!(chosen.as_deref(), Some("{\"grade\":2}"));
        assert_eq!(overridden, Some(true));
        assert_eq!(study.store.ai_summary().unwrap().override_rate, Some(1.0));
    }
}
