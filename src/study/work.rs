//! Depth drills and coding-practice attempts through the study context: each call commits
//! before returning, so a front end only reports the outcome.

use super::{ReviewSource, Study};
use crate::drill::{self, Step};
use crate::practice::{Effort, Report};
use crate::store::AttemptInput;
use anyhow::Result;
use chrono::{DateTime, Duration, Utc};

/// Time credited to a depth card graded by a drill section.
const DRILL_SECTION_TIME: Duration = Duration::minutes(3);

/// One finished practice run to record.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRecord {
    pub card_id: String,
    pub started_at: DateTime<Utc>,
    pub report: Report,
    pub effort: Effort,
}

impl Study {
    /// Starts a drill record on a dossier; returns its id.
    pub fn start_drill(&mut self, file: &str, title: &str, now: DateTime<Utc>) -> Result<i64> {
        Ok(self.store.start_drill(file, title, now)?)
    }

    /// Records a finished drill section and grades the matching depth card; returns the
    /// graded card, if any.
    pub fn record_drill_step(
        &mut self,
        drill_id: i64,
        step: &Step,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let reached = step.reached.unwrap_or(0);
        let card = drill::depth_card(self, &step.section);
        if let Some(cid) = &card {
            self.grade(
                cid,
                drill::grade_for(reached),
                now,
                DRILL_SECTION_TIME,
                ReviewSource::Drill,
            )?;
        }
        self.store.record_drill_step(
            drill_id,
            &step.section,
            reached,
            drill::PROBES.len(),
            card.as_deref(),
            now,
        )?;
        Ok(card)
    }

    /// Records one practice test run.
    pub fn record_attempt(&mut self, a: &AttemptRecord, now: DateTime<Utc>) -> Result<()> {
        self.store.record_attempt(&AttemptInput {
            card_id: &a.card_id,
            started_at: a.started_at,
            finished_at: now,
            report: &a.report,
            effort: a.effort,
            source: ReviewSource::Practice.slug(),
        })?;
        Ok(())
    }
}
