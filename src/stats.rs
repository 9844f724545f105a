//! The numbers behind the stats screen and `stats --json`: a review heatmap, the due forecast,
//! true retention per kind over 7 / 30 / 365 days, reviews and minutes per day, mock scores over
//! time, story and dossier coverage, and a plain readiness summary per round type.

use crate::content::Kind;
use crate::own;
use crate::store::{MockPoint, Stats};
use crate::study::Study;
use anyhow::Result;
use chrono::{DateTime, Duration, Local, NaiveDate, Offset, Utc};
use std::collections::BTreeMap;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Readiness {
    pub kind: Kind,
    pub cards: u32,
    pub seen: u32,
    pub retention_30d: Option<f64>,
    pub mock_mean: Option<f64>,
    /// One sentence: what to do next for this round type.
    pub advice: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Dashboard {
    #[serde(flatten)]
    pub counts: Stats,
    /// Reviews per study day for the last 112 days (oldest first).
    pub heatmap: Vec<(NaiveDate, u32)>,
    /// Cards due on each of the next 30 days (day 0 includes overdue).
    pub forecast: Vec<u32>,
    /// Per kind: retention over the last 7, 30 and 365 days (None without recalls).
    pub retention: BTreeMap<String, [Option<f64>; 3]>,
    /// Reviews and minutes per day, last 30 days.
    pub reviews_per_day: Vec<u32>,
    pub minutes_per_day: Vec<u32>,
    pub mock_scores: Vec<MockPoint>,
    /// Stories per Leadership Principle, and dossiers.
    pub story_coverage: BTreeMap<String, u32>,
    pub dossiers: u32,
    pub readiness: Vec<Readiness>,
}

/// Computes everything at `now`.
pub fn dashboard(study: &Study, now: DateTime<Utc>) -> Result<Dashboard> {
    let (start, end) = study.day(now);
    let counts = study.store.stats(start, end, now)?;
    // Days are numbered after shifting times so that a study day maps to one number.
    let offset_ms = Local::now().offset().fix().local_minus_utc() as i64 * 1000;
    let shift = offset_ms - study.settings.rollover_hour as i64 * 3_600_000;
    let today = (now.timestamp_millis() + shift).div_euclid(86_400_000);
    let activity = study
        .store
        .daily_activity(now - Duration::days(366), shift)?;
    let today_date = (now + Duration::milliseconds(shift)).date_naive();
    let heatmap = (0..112)
        .rev()
        .map(|back| {
            (
                today_date - Duration::days(back),
                activity.get(&(today - back)).map(|a| a.0).unwrap_or(0),
            )
        })
        .collect();
    let reviews_per_day = (0..30)
        .rev()
        .map(|back| activity.get(&(today - back)).map(|a| a.0).unwrap_or(0))
        .collect();
    let minutes_per_day = (0..30)
        .rev()
        .map(|back| activity.get(&(today - back)).map(|a| a.1 / 60).unwrap_or(0))
        .collect();
    let forecast = study.store.due_forecast(start, 30)?;
    let windows = [7, 30, 365].map(|d| {
        study
            .store
            .recalls_since(now - Duration::days(d))
            .unwrap_or_default()
    });
    let retention = Kind::ALL
        .iter()
        .map(|k| {
            let r = |i: usize| {
                windows[i]
                    .get(k.slug())
                    .filter(|(n, _)| *n > 0)
                    .map(|(n, p)| *p as f64 / *n as f64)
            };
            (k.slug().to_string(), [r(0), r(1), r(2)])
        })
        .collect();
    let mock_scores = study.store.mock_points()?;
    let material = own::load(&study.library);
    let story_coverage = own::coverage(&material.stories)
        .into_iter()
        .map(|(lp, s)| (lp.to_string(), s.len() as u32))
        .collect();
    let seen = study.store.seen_per_kind()?;
    let readiness = Kind::ALL
        .iter()
        .map(|&kind| {
            let k = counts.kinds.get(kind.slug()).cloned().unwrap_or_default();
            let seen = seen.get(kind.slug()).copied().unwrap_or(0);
            let overall: Vec<f64> = mock_scores
                .iter()
                .filter(|p| p.rubric == kind.slug() && p.signal == "overall")
                .map(|p| p.score as f64)
                .collect();
            let mock_mean =
                (!overall.is_empty()).then(|| overall.iter().sum::<f64>() / overall.len() as f64);
            let advice = advise(kind, k.cards, seen, k.due_today, k.retention_30d, mock_mean);
            Readiness {
                kind,
                cards: k.cards,
                seen,
                retention_30d: k.retention_30d,
                mock_mean,
                advice,
            }
        })
        .collect();
    Ok(Dashboard {
        counts,
        heatmap,
        forecast,
        retention,
        reviews_per_day,
        minutes_per_day,
        mock_scores,
        story_coverage,
        dossiers: material.dossiers.len() as u32,
        readiness,
    })
}

fn advise(
    kind: Kind,
    cards: u32,
    seen: u32,
    due: u32,
    retention: Option<f64>,
    mock: Option<f64>,
) -> String {
    let review = format!("`mlprep review --kind {}`", kind.slug());
    if cards == 0 {
        return "no cards of this kind are loaded".into();
    }
    if due > 0 {
        return format!("{due} card(s) due today: clear them first with {review}");
    }
    let share = seen as f64 / cards as f64;
    if share < 0.25 {
        return format!("only {seen} of {cards} cards seen: learn new ones daily with {review}");
    }
    if retention.is_some_and(|r| r < 0.8) {
        return format!(
            "retention is {:.0}%: review before adding new cards",
            retention.unwrap_or(0.0) * 100.0
        );
    }
    match mock {
        None => format!(
            "{:.0}% of cards seen; rehearse under the clock with a mock",
            share * 100.0
        ),
        Some(m) if m < 3.0 => {
            format!("mock rounds average {m:.1}/4: drill the weak signals and run another mock")
        }
        Some(m) => format!(
            "ready: {:.0}% seen, mocks average {m:.1}/4; keep the daily reviews going",
            share * 100.0
        ),
    }
}
