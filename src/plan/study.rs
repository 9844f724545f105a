//! The planner over a user's real data: the interview from the settings or the command line, the
//! loop's kinds, every card's state, and the due cap the day's queue applies.

use super::{Interview, Plan, PlanCard, PlanInput, capped_due, default_seconds, simulate};
use crate::content::Kind;
use crate::schedule::CardState;
use crate::study::Study;
use anyhow::{Result, bail};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

impl Study {
    /// The next interview on or after today's study day, if one is configured.
    pub fn next_interview(&self, now: DateTime<Utc>) -> Option<&Interview> {
        let today = (self.day(now).0 + Duration::hours(12)).date_naive();
        self.settings
            .interviews
            .iter()
            .filter(|i| i.date >= today)
            .min_by_key(|i| i.date)
    }

    /// Saves an interview date in the config file (as a `[[interviews]]` table after what the
    /// file holds) and plans toward it from now on. Returns the file written.
    pub fn add_interview(&mut self, interview: Interview) -> Result<std::path::PathBuf> {
        let Some(path) = self.settings.config_path.clone() else {
            bail!("no config file is in use: start mlprep with --config FILE to save a date");
        };
        crate::config::add_interview(&path, &interview)?;
        self.settings.interviews.push(interview);
        Ok(path)
    }

    /// Today is one of the plan's mock days for the next interview, and no mock has been
    /// started today.
    pub fn mock_day(&self, now: DateTime<Utc>) -> bool {
        let Some(iv) = self.next_interview(now) else {
            return false;
        };
        let (start, end) = self.day(now);
        let today = (start + Duration::hours(12)).date_naive();
        if super::mock_days(today, iv.date).first() != Some(&today) {
            return false;
        }
        let started_today = self.store.mock_history().is_ok_and(|h| {
            h.iter()
                .any(|m| m.started_at >= start && m.started_at < end && m.status != "abandoned")
        });
        !started_today
    }

    /// The loops an interview can follow: (key, name).
    pub fn loop_choices(&self) -> Vec<(String, String)> {
        crate::mock::loops::load_loops(&self.library)
            .0
            .into_iter()
            .map(|l| (l.key, l.name))
            .collect()
    }

    /// The card kinds an interview prepares: its loop's, or every kind.
    pub fn interview_kinds(&self, interview: &Interview) -> Result<Vec<Kind>> {
        let Some(key) = &interview.loop_key else {
            return Ok(Vec::new());
        };
        let (loops, _) = crate::mock::loops::load_loops(&self.library);
        let Some(l) = loops.iter().find(|l| &l.key == key) else {
            let keys: Vec<&str> = loops.iter().map(|l| l.key.as_str()).collect();
            bail!("no loop `{key}`: use one of {}", keys.join(", "));
        };
        let mut kinds: Vec<Kind> = l
            .rounds
            .iter()
            .flat_map(|r| r.segments.iter().flat_map(|s| s.kinds.iter().copied()))
            .collect();
        kinds.sort_by_key(|k| k.slug());
        kinds.dedup();
        Ok(kinds)
    }

    /// Start of the study day that contains `date` (at the rollover hour).
    fn day_of(&self, now: DateTime<Utc>, date: chrono::NaiveDate) -> DateTime<Utc> {
        let start = self.day(now).0;
        let today = (start + Duration::hours(12)).date_naive();
        start + Duration::days((date - today).num_days())
    }

    /// The plan toward `interview` as of `now`.
    pub fn plan(&self, interview: &Interview, minutes: u32, now: DateTime<Utc>) -> Result<Plan> {
        let today = self.day(now).0;
        let day = self.day_of(now, interview.date);
        if day <= today {
            bail!("the interview date {} is not after today", interview.date);
        }
        let kinds = self.interview_kinds(interview)?;
        let cards = self
            .cards()
            .filter(|c| !self.suspended.contains(&c.id))
            .map(|c| PlanCard {
                id: c.id.clone(),
                kind: c.kind,
                deck: Some(c.deck.to_string()),
                state: self.states.get(&c.id).copied(),
            })
            .collect();
        let mock_minutes = 0;
        let mut plan = simulate(&PlanInput {
            scheduler: &self.scheduler,
            today,
            interview: day,
            kinds,
            cards,
            target: interview.target.unwrap_or(0.9),
            daily_minutes: minutes,
            mock_minutes,
            seconds: default_seconds,
        });
        plan.new_limit = Some(self.settings.limits.new_per_day);
        Ok(plan)
    }

    /// States with due dates brought forward for the next interview (the exam cap): cards of
    /// its kinds whose recall on the day would fall below its target. Empty with no interview.
    /// The stored schedule is unchanged; the queue uses these dates only to decide what is due.
    pub fn capped_states(&self, now: DateTime<Utc>) -> HashMap<String, CardState> {
        let Some(iv) = self.next_interview(now) else {
            return HashMap::new();
        };
        let kinds = self.interview_kinds(iv).unwrap_or_default();
        let day = self.day_of(now, iv.date);
        let target = iv.target.unwrap_or(0.9);
        self.cards()
            .filter(|c| kinds.is_empty() || kinds.contains(&c.kind))
            .filter_map(|c| {
                let st = self.states.get(&c.id)?;
                let due = capped_due(&self.scheduler, st, day, target, now);
                (due != st.due).then(|| (c.id.clone(), CardState { due, ..*st }))
            })
            .collect()
    }
}
