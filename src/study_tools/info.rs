//! Card info (`i` in review, browser and search; `mlprep card ID`): where a card lives, its
//! state now, every answer with the memory state it left, and the mocks it was asked in.

use crate::schedule::{CardState, Grade, Phase};
use crate::store::{MockAppearance, source};
use crate::study::Study;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use fsrs::MemoryState;

/// Everything known about one card.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CardInfo {
    pub id: String,
    pub prompt: String,
    pub kind: String,
    /// The deck file as shown to the user, and the heading's line.
    pub deck: String,
    pub deck_title: String,
    pub line: u32,
    pub tags: Vec<String>,
    pub companies: Vec<String>,
    pub phase: Phase,
    /// None for a card never reviewed.
    pub due: Option<DateTime<Utc>>,
    pub reps: u32,
    pub lapses: u32,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    /// Probability of recall now.
    pub retrievability: Option<f32>,
    pub suspended: bool,
    pub leech: bool,
    pub siblings: Vec<String>,
    pub reviews: Vec<ReviewRow>,
    pub mocks: Vec<MockAppearance>,
}

/// One answer as card info shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReviewRow {
    pub at: DateTime<Utc>,
    pub grade: Grade,
    /// `review`, `mock`, `practice`, `ahead`, `cram`, `cram-reschedule`, `import`...
    pub source: String,
    pub seconds: f64,
    /// Days until the next review this answer set (0 for a plain cram answer).
    pub interval_days: f64,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    /// Probability of recall just before this answer (None for the first one).
    pub retrievability: Option<f32>,
    /// Lapses counted up to and including this answer.
    pub lapses: u32,
    pub phase_after: String,
}

impl Study {
    /// Card info for a card of the loaded content.
    pub fn card_info(&self, id: &str, now: DateTime<Utc>) -> Result<CardInfo> {
        let card = self
            .card(id)
            .with_context(|| format!("no card with id `{id}`"))?;
        let state = self.states.get(id).copied();
        let mut reviews = Vec::new();
        let mut last: Option<CardState> = None; // after the last schedule-moving answer
        let mut lapses = 0;
        for a in self.store.answers(id)? {
            let moves = source::affects_schedule(&a.source);
            let retrievability = last.and_then(|s| self.scheduler.retrievability(&s, a.at));
            if moves && a.grade == Grade::Again && a.phase_before == "review" {
                lapses += 1;
            }
            let memory = a.stability.zip(a.difficulty).map(|(s, d)| MemoryState {
                stability: s,
                difficulty: d,
            });
            reviews.push(ReviewRow {
                at: a.at,
                grade: a.grade,
                interval_days: if moves {
                    (a.due - a.at).num_seconds().max(0) as f64 / 86_400.0
                } else {
                    0.0
                },
                source: a.source,
                seconds: a.duration_ms as f64 / 1000.0,
                stability: a.stability,
                difficulty: a.difficulty,
                retrievability,
                lapses,
                phase_after: a.phase_after,
            });
            if moves {
                last = Some(CardState {
                    memory,
                    last_review: Some(a.at),
                    ..CardState::new(a.at)
                });
            }
        }
        let mut siblings = self.siblings_of(id);
        siblings.sort();
        Ok(CardInfo {
            id: card.id.clone(),
            prompt: card.prompt.clone(),
            kind: card.kind.slug().to_string(),
            deck: card.deck.to_string(),
            deck_title: card.deck_title.to_string(),
            line: card.line,
            tags: card.tags.clone(),
            companies: card.companies.clone(),
            phase: state.map_or(Phase::New, |s| s.phase),
            due: state.filter(|s| s.phase != Phase::New).map(|s| s.due),
            reps: state.map_or(0, |s| s.reps),
            lapses: state.map_or(0, |s| s.lapses),
            stability: state.and_then(|s| s.memory).map(|m| m.stability),
            difficulty: state.and_then(|s| s.memory).map(|m| m.difficulty),
            retrievability: state.and_then(|s| self.scheduler.retrievability(&s, now)),
            suspended: self.suspended.contains(id),
            leech: self.store.leeches()?.contains_key(id),
            siblings,
            reviews,
            mocks: self.store.mock_appearances(id)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::schedule::Grade;
    use crate::study::ReviewSource;
    use crate::study_tools::tests::{study, t0};
    use chrono::Duration;

    #[test]
    fn card_info_lists_every_answer_with_its_memory_state() {
        let (mut st, _d) = study(1);
        let s = Duration::seconds(7);
        st.grade(
            "s1",
            Grade::Easy,
            t0() - Duration::days(20),
            s,
            ReviewSource::Review,
        )
        .unwrap();
        st.grade("s1", Grade::Again, t0(), s, ReviewSource::Review)
            .unwrap();
        st.grade(
            "s1",
            Grade::Good,
            t0() + Duration::hours(1),
            s,
            ReviewSource::Cram,
        )
        .unwrap();
        let info = st.card_info("s1", t0() + Duration::hours(2)).unwrap();
        assert_eq!((info.deck.ends_with("b.md"), info.line), (true, 9));
        assert_eq!(info.reviews.len(), 3);
        let [first, lapse, cram] = [&info.reviews[0], &info.reviews[1], &info.reviews[2]];
        assert!(first.retrievability.is_none() && first.interval_days >= 1.0);
        assert!(lapse.retrievability.is_some_and(|r| r > 0.0 && r < 1.0));
        assert_eq!((lapse.lapses, info.lapses), (1, 1));
        assert_eq!((cram.source.as_str(), cram.interval_days), ("cram", 0.0));
        assert!(info.stability.is_some() && info.retrievability.is_some());
        assert_eq!(info.siblings, vec!["s2"]);
        assert!(info.due.is_some());
    }
}
