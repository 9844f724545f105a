//! The numbers behind the stats screen and `stats --json`: a review heatmap, the due forecast,
//! true retention per kind over 7 / 30 / 365 days, reviews and minutes per day, mock scores over
//! time, story and dossier coverage, and a plain readiness summary per round type.

use crate::clock::study_date;
use crate::content::Kind;
use crate::own;
use crate::schedule::Phase;
use crate::store::{KindStats, MockPoint, Stats};
use crate::study::Study;
use anyhow::Result;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use std::collections::BTreeMap;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Readiness {
    pub kind: Kind,
    pub cards: u32,
    pub seen: u32,
    pub retention_30d: Option<f64>,
    pub mock_mean: Option<f64>,
    /// One sentence: what to do next for this round type, naming the command to run.
    pub advice: String,
    /// The same advice naming the keys to press in the TUI.
    #[serde(skip)]
    pub advice_keys: String,
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
    /// AI interviewer judgements and how often the user overrode them.
    pub ai: crate::store::AiSummary,
}

/// Computes everything at `now`.
pub fn dashboard(study: &Study, now: DateTime<Utc>) -> Result<Dashboard> {
    let (start, end) = study.day(now);
    // Each review counts on its study day in the user's zone, with the offset in force on
    // that day (a review before a daylight-saving change stays on its own day).
    let (tz, rollover) = (study.settings.tz, study.settings.rollover_hour);
    let day_of = |t: DateTime<Utc>| study_date(t, &tz, rollover).num_days_from_ce() as i64;
    let today = day_of(now);
    // One scan of the review log for the year: per (day, kind) reviews, time, recalls, passes.
    let rows = study
        .store
        .day_kind_summary(now - Duration::days(366), &day_of)?;
    let mut per_day: BTreeMap<i64, (u32, u32)> = BTreeMap::new();
    let mut windows: BTreeMap<String, [(u32, u32); 3]> = BTreeMap::new();
    for (day, kind, d) in &rows {
        let e = per_day.entry(*day).or_default();
        e.0 += d.reviews;
        e.1 += d.seconds;
        let w = windows.entry(kind.clone()).or_default();
        for (i, span) in [7, 30, 365].iter().enumerate() {
            if today - day < *span {
                w[i].0 += d.recalls;
                w[i].1 += d.passed;
            }
        }
    }
    let today_date = study_date(now, &tz, rollover);
    let heatmap = (0..112)
        .rev()
        .map(|back| {
            (
                today_date - Duration::days(back),
                per_day.get(&(today - back)).map(|a| a.0).unwrap_or(0),
            )
        })
        .collect();
    let reviews_per_day = (0..30)
        .rev()
        .map(|back| per_day.get(&(today - back)).map(|a| a.0).unwrap_or(0))
        .collect();
    let minutes_per_day = (0..30)
        .rev()
        .map(|back| per_day.get(&(today - back)).map(|a| a.1 / 60).unwrap_or(0))
        .collect();
    // Card counts, coverage and the forecast come from the states already in memory.
    let mut kinds: BTreeMap<String, KindStats> = Kind::ALL
        .iter()
        .map(|k| (k.slug().to_string(), KindStats::default()))
        .collect();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let mut forecast = vec![0u32; 30];
    for c in study.cards() {
        let Some(k) = kinds.get_mut(c.kind.slug()) else {
            continue;
        };
        k.cards += 1;
        let suspended = study.suspended.contains(&c.id);
        match study.states.get(&c.id) {
            None => k.new += 1,
            Some(st) if st.phase == Phase::New => k.new += 1,
            Some(st) => {
                *seen.entry(c.kind.slug().to_string()).or_default() += 1;
                if matches!(st.phase, Phase::Learning | Phase::Relearning) {
                    k.learning += 1;
                } else {
                    k.review += 1;
                }
                if !suspended {
                    k.due_today += (st.due < end) as u32;
                    let day = ((st.due.max(start) - start).num_days()) as usize;
                    if let Some(slot) = forecast.get_mut(day) {
                        *slot += 1;
                    }
                }
            }
        }
    }
    for (day, kind, d) in &rows {
        if let Some(k) = kinds.get_mut(kind) {
            if *day == today {
                k.reviews_today += d.reviews;
                k.time_today_seconds += d.seconds;
            }
            if today - day < 30 {
                k.recalls_30d += d.recalls;
                k.passed_30d += d.passed;
            }
        }
    }
    let total = KindStats::totals(kinds.values_mut());
    let counts = Stats {
        day_start: start.to_rfc3339(),
        kinds,
        total,
    };
    let retention = Kind::ALL
        .iter()
        .map(|k| {
            let w = windows.get(k.slug()).copied().unwrap_or_default();
            let r = |i: usize| (w[i].0 > 0).then(|| w[i].1 as f64 / w[i].0 as f64);
            (k.slug().to_string(), [r(0), r(1), r(2)])
        })
        .collect();
    let mock_scores = study.store.mock_points()?;
    let material = own::load(&study.library);
    let story_coverage = own::coverage(&material.stories, &material.principles)
        .into_iter()
        .map(|(lp, s)| (lp, s.len() as u32))
        .collect();
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
            let (text, todo) = advise(k.cards, seen, k.due_today, k.retention_30d, mock_mean);
            let (advice, advice_keys) = phrased(text, todo, kind);
            Readiness {
                kind,
                cards: k.cards,
                seen,
                retention_30d: k.retention_30d,
                mock_mean,
                advice,
                advice_keys,
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
        ai: study.store.ai_summary()?,
    })
}

/// What the advice asks the user to do; the CLI names a command, the TUI a key.
enum Todo {
    Nothing,
    Review,
    Mock,
}

/// The advice for the CLI (naming a command) and for the TUI (naming keys).
fn phrased(text: String, todo: Todo, kind: Kind) -> (String, String) {
    match todo {
        Todo::Nothing => (text.clone(), text),
        Todo::Review => (
            format!("{text} with `mlprep review --kind {}`", kind.slug()),
            format!("{text} (home screen: select {}, press Enter)", kind.title()),
        ),
        Todo::Mock => (
            format!("{text} (`mlprep mock --loop screen`)"),
            format!("{text} (press m on the home screen)"),
        ),
    }
}

fn advise(
    cards: u32,
    seen: u32,
    due: u32,
    retention: Option<f64>,
    mock: Option<f64>,
) -> (String, Todo) {
    if cards == 0 {
        return ("no cards of this kind are loaded".into(), Todo::Nothing);
    }
    if due > 0 {
        let due = crate::words::counted(due as usize, "card", "cards");
        return (format!("{due} due today: clear them first"), Todo::Review);
    }
    let share = seen as f64 / cards as f64;
    if share < 0.25 {
        return (
            format!("only {seen} of {cards} cards seen: learn new ones daily"),
            Todo::Review,
        );
    }
    if retention.is_some_and(|r| r < 0.8) {
        return (
            format!(
                "retention is {:.0}%: review before adding new cards",
                retention.unwrap_or(0.0) * 100.0
            ),
            Todo::Review,
        );
    }
    match mock {
        None => (
            format!(
                "{:.0}% of cards seen; rehearse under the clock with a mock",
                share * 100.0
            ),
            Todo::Mock,
        ),
        Some(m) if m < 3.0 => (
            format!("mock rounds average {m:.1}/4: drill the weak signals and run another mock"),
            Todo::Mock,
        ),
        Some(m) => (
            format!(
                "ready: {:.0}% seen, mocks average {m:.1}/4; keep the daily reviews going",
                share * 100.0
            ),
            Todo::Nothing,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::content::ContentRoot;
    use crate::schedule::Grade;
    use crate::study::ReviewSource;

    const DECK: &str = "+++\ntitle = \"D\"\nkind = \"breadth\"\n+++\n## One {#d-one}\n### Answer\nA.\n## Two {#d-two}\n### Answer\nB.\n";

    #[test]
    fn a_dst_week_counts_each_review_on_its_local_day() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("d.md"), DECK).unwrap();
        let mut settings = Settings::with_roots(
            vec![ContentRoot::Dir(dir.path().to_path_buf())],
            dir.path().join("m.db"),
        );
        settings.tz = "America/New_York".parse().unwrap();
        settings.rollover_hour = 0;
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let mut study = Study::in_memory(settings, at("2026-03-01T00:00:00Z"));
        // Saturday 7 March 23:30 EST, before the clocks go forward on Sunday 8 March.
        let saturday = at("2026-03-08T04:30:00Z");
        // Monday 9 March 23:30 EDT.
        let monday = at("2026-03-10T03:30:00Z");
        for (id, t) in [("d-one", saturday), ("d-two", monday)] {
            study
                .grade(
                    id,
                    Grade::Good,
                    t,
                    Duration::seconds(5),
                    ReviewSource::Review,
                )
                .unwrap();
        }
        let dash = dashboard(&study, at("2026-03-10T12:00:00Z")).unwrap();
        let day = |d: u32| {
            dash.heatmap
                .iter()
                .find(|(date, _)| *date == NaiveDate::from_ymd_opt(2026, 3, d).unwrap())
                .map(|x| x.1)
        };
        assert_eq!(day(10), Some(0), "today is Tuesday 10 March in New York");
        assert_eq!(day(9), Some(1));
        assert_eq!(day(8), Some(0), "nothing was studied on the Sunday");
        assert_eq!(day(7), Some(1), "Saturday's review stays on Saturday");
    }

    #[test]
    fn the_cli_names_commands_and_the_tui_names_keys() {
        let (text, todo) = advise(40, 2, 3, None, None);
        let (cli, keys) = phrased(text, todo, Kind::Breadth);
        assert_eq!(
            cli,
            "3 cards due today: clear them first with `mlprep review --kind breadth`"
        );
        assert!(
            keys.ends_with("(home screen: select ML breadth, press Enter)"),
            "{keys}"
        );
        assert!(!keys.contains("mlprep "), "{keys}");
        let (text, todo) = advise(40, 30, 0, Some(0.9), None);
        let (cli, keys) = phrased(text, todo, Kind::Design);
        assert!(cli.ends_with("(`mlprep mock --loop screen`)"), "{cli}");
        assert!(keys.ends_with("(press m on the home screen)"), "{keys}");
    }
}
