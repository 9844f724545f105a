//! The card pool a mock draws from, built from the study state: each card's weakness (lapses,
//! low recall, low mock scores for its kind), key-point count and follow-ups.

use super::plan::{PoolCard, ProjectBrief};
use crate::content::Kind;
use crate::study::Study;
use chrono::{DateTime, Utc};

/// The pool from what is in memory (follow-ups of decks not yet read are missing: use
/// `load_pool` when the interviewer should ask them).
pub fn pool_cards(study: &Study, now: DateTime<Utc>) -> Vec<PoolCard> {
    let kind_scores: std::collections::HashMap<String, f64> = study
        .store
        .mock_kind_scores()
        .unwrap_or_default()
        .into_iter()
        .collect();
    study
        .cards()
        .filter(|c| !study.suspended.contains(&c.id))
        .map(|c| {
            let mut weakness = kind_scores
                .get(c.kind.slug())
                .map(|s| (4.0 - s).max(0.0) / 2.0)
                .unwrap_or(0.0);
            if let Some(state) = study.states.get(&c.id) {
                weakness += state.lapses as f64;
                if study
                    .scheduler
                    .retrievability(state, now)
                    .is_some_and(|r| r < 0.85)
                {
                    weakness += 1.0;
                }
            }
            let has_text = !c.src.is_empty();
            PoolCard {
                id: c.id.clone(),
                kind: c.kind,
                difficulty: c.difficulty,
                tags: c.tags.clone(),
                companies: c.companies.iter().map(|x| x.to_lowercase()).collect(),
                weakness,
                key_points: c.key_points.len(),
                follow_ups: if has_text {
                    // The interviewer asks the question; the deck's short answer stays for
                    // the review.
                    c.follow_up_questions()
                        .map(|f| f.trim().to_string())
                        .filter(|f| !f.is_empty())
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// The pool with every follow-up text read (decks loaded lazily are read now).
pub fn load_pool(study: &mut Study, now: DateTime<Utc>) -> Vec<PoolCard> {
    let ids: Vec<String> = study
        .cards()
        .filter(|c| {
            !c.follow_ups.is_empty()
                && matches!(
                    c.kind,
                    Kind::Breadth | Kind::Depth | Kind::Design | Kind::Behavioural
                )
        })
        .map(|c| c.id.clone())
        .collect();
    for id in ids {
        study.ensure_text(&id);
    }
    pool_cards(study, now)
}

/// The user's project dossiers, for a deep-dive round.
pub fn projects(study: &Study) -> Vec<ProjectBrief> {
    crate::own::load(&study.library)
        .dossiers
        .iter()
        .map(ProjectBrief::from_dossier)
        .collect()
}
