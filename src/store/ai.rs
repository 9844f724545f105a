//! AI interviewer records: each judgement (model, host, prompt version, latency, the validated
//! proposal and what the user finally chose) and the hosts the user agreed to send answers to.

use super::{Result, Store, ms};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

pub struct JudgementInput<'a> {
    pub at: DateTime<Utc>,
    pub card_id: &'a str,
    pub context: &'a str,
    pub model: &'a str,
    pub endpoint_host: &'a str,
    pub prompt_version: u32,
    pub latency_ms: i64,
    pub attempts: u32,
    pub proposal_json: &'a str,
}

/// A judgement as stored: the proposal, the user's choice and whether it overrode the model.
pub type StoredJudgement = (String, Option<String>, Option<bool>);

/// How often the user kept or changed what the model proposed.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct AiSummary {
    pub judgements: u64,
    pub decided: u64,
    pub overridden: u64,
    /// overridden / decided; null when nothing was decided yet.
    pub override_rate: Option<f64>,
}

impl Store {
    pub fn record_ai_judgement(&mut self, j: &JudgementInput<'_>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO ai_judgements (at, card_id, context, model, endpoint_host, prompt_version, latency_ms, attempts, proposal)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                ms(j.at),
                j.card_id,
                j.context,
                j.model,
                j.endpoint_host,
                j.prompt_version,
                j.latency_ms,
                j.attempts,
                j.proposal_json
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records the user's final values for a judgement.
    pub fn decide_ai_judgement(
        &mut self,
        id: i64,
        chosen_json: &str,
        overridden: bool,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE ai_judgements SET chosen = ?2, overridden = ?3 WHERE id = ?1",
            params![id, chosen_json, overridden],
        )?;
        Ok(())
    }

    /// (proposal, chosen, overridden) of one judgement.
    pub fn ai_judgement(&self, id: i64) -> Result<Option<StoredJudgement>> {
        Ok(self
            .conn
            .query_row(
                "SELECT proposal, chosen, overridden FROM ai_judgements WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    pub fn ai_summary(&self) -> Result<AiSummary> {
        let (judgements, decided, overridden): (i64, i64, i64) = self.conn.query_row(
            "SELECT COUNT(*), COUNT(chosen), COALESCE(SUM(overridden), 0) FROM ai_judgements",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(AiSummary {
            judgements: judgements as u64,
            decided: decided as u64,
            overridden: overridden as u64,
            override_rate: (decided > 0).then(|| overridden as f64 / decided as f64),
        })
    }

    pub fn ai_consented(&self, host: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM ai_consent WHERE host = ?1", [host], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    }

    pub fn ai_consent(&mut self, host: &str, at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO ai_consent (host, at) VALUES (?1, ?2)",
            params![host, ms(at)],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judgements_record_the_proposal_and_the_choice() {
        let mut s = Store::open_in_memory().unwrap();
        let id = s
            .record_ai_judgement(&JudgementInput {
                at: Utc::now(),
                card_id: "br-x",
                context: "mock",
                model: "m",
                endpoint_host: "localhost",
                prompt_version: 1,
                latency_ms: 120,
                attempts: 1,
                proposal_json: "{\"p\":1}",
            })
            .unwrap();
        assert_eq!(s.ai_summary().unwrap().override_rate, None);
        s.decide_ai_judgement(id, "{\"p\":2}", true).unwrap();
        let (p, c, o) = s.ai_judgement(id).unwrap().unwrap();
        assert_eq!(
            (p.as_str(), c.as_deref(), o),
            ("{\"p\":1}", Some("{\"p\":2}"), Some(true))
        );
        let sum = s.ai_summary().unwrap();
        assert_eq!((sum.judgements, sum.decided, sum.overridden), (1, 1, 1));
        assert_eq!(sum.override_rate, Some(1.0));
    }

    #[test]
    fn a_database_from_the_schema_before_ai_upgrades_with_its_reviews() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let (c, _) = super::super::database_before(&path, "CREATE TABLE ai_judgements");
            c.execute(
                "INSERT INTO reviews (card_id, kind, reviewed_at, grade, phase_before, phase_after, due)
                 VALUES ('lc-two-sum', 'leetcode', 1, 3, 'new', 'learning', 2)",
                [],
            )
            .unwrap();
        }
        let s = Store::open(&path).unwrap();
        let n: i64 = s
            .conn
            .query_row(
                "SELECT COUNT(*) FROM reviews WHERE card_id = 'lc-two-sum'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "the review survives the upgrade");
        assert_eq!(s.ai_summary().unwrap().judgements, 0);
    }

    #[test]
    fn consent_is_remembered_per_host() {
        let mut s = Store::open_in_memory().unwrap();
        assert!(!s.ai_consented("api.example.com").unwrap());
        s.ai_consent("api.example.com", Utc::now()).unwrap();
        s.ai_consent("api.example.com", Utc::now()).unwrap();
        assert!(s.ai_consented("api.example.com").unwrap());
        assert!(!s.ai_consented("other.example.com").unwrap());
    }
}
