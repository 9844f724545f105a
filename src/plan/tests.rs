//! Tests of the interview planner on synthetic histories, with a fixed clock.

use super::*;
use crate::schedule::{Grade, SchedulerConfig};
use chrono::TimeZone;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 1, 4, 0, 0).unwrap()
}

/// A synthetic history: card `i` was learned some weeks ago and reviewed a few times, so
/// stabilities and due dates spread over the next months.
fn history(s: &Scheduler, n: usize, kind: Kind, prefix: &str) -> Vec<PlanCard> {
    (0..n)
        .map(|i| {
            let mut at = t0() - Duration::days(20 + (i % 90) as i64);
            let mut st = CardState::new(at);
            for r in 0..(1 + i % 4) {
                let g = if (i + r) % 7 == 0 {
                    Grade::Hard
                } else {
                    Grade::Good
                };
                st = s.apply(&st, g, kind, at).unwrap();
                at = st.due.max(at + Duration::hours(1));
                if at > t0() {
                    break;
                }
            }
            PlanCard {
                id: format!("{prefix}-{i}"),
                kind,
                deck: None,
                state: Some(st),
            }
        })
        .collect()
}

fn new_cards(n: usize, kind: Kind, prefix: &str) -> Vec<PlanCard> {
    (0..n)
        .map(|i| PlanCard {
            id: format!("{prefix}-new-{i}"),
            kind,
            deck: None,
            state: None,
        })
        .collect()
}

fn input<'a>(s: &'a Scheduler, cards: Vec<PlanCard>, target: f32, minutes: u32) -> PlanInput<'a> {
    PlanInput {
        scheduler: s,
        today: t0(),
        interview: t0() + Duration::days(30),
        kinds: vec![Kind::Breadth, Kind::Leetcode],
        cards,
        target,
        daily_minutes: minutes,
        mock_minutes: 120,
        seconds: default_seconds,
    }
}

/// Follows a plan the way a user would: every day, review what the capped due dates say is due
/// (answering Good), then start that day's new cards. An independent path from the simulation.
fn follow(inp: &PlanInput<'_>, plan: &Plan) -> Vec<(Kind, Option<CardState>)> {
    let s = inp.scheduler;
    let mut cards: Vec<(Kind, Option<CardState>)> = inp
        .cards
        .iter()
        .filter(|c| inp.kinds.contains(&c.kind))
        .map(|c| (c.kind, c.state))
        .collect();
    for (d, day) in plan.days.iter().enumerate() {
        let start = inp.today + Duration::days(d as i64);
        let end = start + Duration::days(1);
        let mut t = start + Duration::hours(8);
        for (kind, st) in cards.iter_mut() {
            let Some(cur) = st.as_mut() else { continue };
            while capped_due(s, cur, inp.interview, inp.target, t) < end {
                *cur = s.apply(cur, Grade::Good, *kind, t).unwrap();
                t += Duration::minutes(1);
            }
        }
        let waiting = cards.iter_mut().filter(|(_, st)| st.is_none());
        for (kind, st) in waiting.take(day.new as usize) {
            let mut cur = s.apply(&CardState::new(t), Grade::Good, *kind, t).unwrap();
            while cur.due < end {
                let at = cur.due;
                cur = s.apply(&cur, Grade::Good, *kind, at).unwrap();
            }
            *st = Some(cur);
        }
    }
    cards
}

fn recall_on_day(inp: &PlanInput<'_>, cards: &[(Kind, Option<CardState>)], kind: Kind) -> f32 {
    let at = inp.interview + Duration::hours(8);
    let r: Vec<f32> = cards
        .iter()
        .filter(|(k, st)| *k == kind && st.is_some())
        .map(|(_, st)| recall_at(inp.scheduler, st.as_ref(), at))
        .collect();
    r.iter().sum::<f32>() / r.len() as f32
}

fn library(s: &Scheduler) -> Vec<PlanCard> {
    let mut cards = history(s, 300, Kind::Breadth, "br");
    cards.extend(history(s, 12, Kind::Leetcode, "lc"));
    cards.extend(new_cards(120, Kind::Breadth, "br"));
    cards.extend(new_cards(20, Kind::Leetcode, "lc"));
    cards.extend(new_cards(50, Kind::Design, "ds"));
    cards
}

#[test]
fn following_the_plan_reaches_the_target_recall_on_the_day() {
    for target in [0.9, 0.95] {
        let s = Scheduler::new(SchedulerConfig::default()).unwrap();
        let inp = input(&s, library(&s), target, 90);
        let plan = simulate(&inp);
        assert!(plan.fits, "the reviews fit in 90 minutes");
        for r in &plan.readiness {
            let on_day = r.recall_on_day.unwrap();
            assert!(
                on_day >= target - 1e-3,
                "{:?}: planned {on_day} < {target}",
                r.kind
            );
            if target > 0.9 {
                assert!(
                    r.recall_if_idle.unwrap() < target,
                    "{:?}: idle already there",
                    r.kind
                );
            }
        }
        let followed = follow(&inp, &plan);
        for k in [Kind::Breadth, Kind::Leetcode] {
            let r = recall_on_day(&inp, &followed, k);
            assert!(
                r >= target - 1e-3,
                "{k:?}: followed plan gives {r} < {target}"
            );
        }
        assert!(
            plan.readiness.iter().all(|r| r.kind != Kind::Design),
            "design is not in the loop"
        );
    }
}

#[test]
fn the_daily_load_respects_the_minutes_and_grows_with_them() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let small = simulate(&input(&s, library(&s), 0.9, 40));
    let big = simulate(&input(&s, library(&s), 0.9, 150));
    for p in [&small, &big] {
        assert!(p.fits);
        let cap = if p == &small { 40 } else { 150 };
        assert!(p.days.iter().all(|d| d.minutes <= cap), "{:?}", p.days);
        assert_eq!(p.days.len(), 30);
    }
    assert!(big.new_started >= small.new_started);
    assert_eq!(
        big.new_started, 140,
        "150 minutes a day start every waiting card"
    );
    assert!(big.new_per_day >= small.new_per_day && small.new_per_day >= 1);
    assert_eq!(big.new_waiting, 140);
    assert_eq!(big.start_now.len(), big.days[0].new as usize);
    assert!(big.start_now[0].starts_with("br-new-"));
    // With nothing else to do, the kinds take turns.
    let mut fresh = new_cards(30, Kind::Breadth, "br");
    fresh.extend(new_cards(30, Kind::Leetcode, "lc"));
    let p = simulate(&input(&s, fresh, 0.9, 120));
    let kinds: Vec<&str> = p.start_now.iter().map(|id| &id[..2]).collect();
    assert_eq!(kinds, ["br", "lc", "br"], "{:?}", p.start_now);
}

#[test]
fn a_backlog_that_cannot_fit_is_reported_not_hidden() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let plan = simulate(&input(&s, library(&s), 0.9, 1));
    assert!(!plan.fits);
    assert_eq!(plan.new_per_day, 0);
}

#[test]
fn cards_the_schedule_would_not_show_before_the_date_are_listed() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let inp = input(&s, library(&s), 0.9, 90);
    let plan = simulate(&inp);
    assert!(!plan.not_seen_before.is_empty());
    for n in &plan.not_seen_before {
        let c = inp.cards.iter().find(|c| c.id == n.id).unwrap();
        assert!(c.state.unwrap().due >= inp.interview);
    }
    let w = plan.not_seen_before.windows(2);
    assert!(
        w.into_iter().all(|p| p[0].recall <= p[1].recall),
        "weakest first"
    );
}

#[test]
fn the_due_cap_brings_weak_cards_forward_only_before_the_interview() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let t = t0();
    let mut st = s
        .apply(&CardState::new(t), Grade::Easy, Kind::Breadth, t)
        .unwrap();
    st = s.apply(&st, Grade::Good, Kind::Breadth, st.due).unwrap();
    let last = st.last_review.unwrap();
    let span = st.due - last;
    assert!(span > Duration::days(10), "{span}");
    // The interview falls before the natural due date.
    let interview = last + span * 4 / 5;
    let now = last + Duration::hours(1);
    let capped = capped_due(&s, &st, interview, 0.95, now);
    assert!(
        capped < interview - Duration::hours(23),
        "{capped} vs {interview}"
    );
    let r = s.retrievability(&st, capped).unwrap();
    assert!(
        (r - 0.95).abs() < 0.005,
        "due when recall reaches the target: {r}"
    );
    // The same card with a target it meets on the day anyway keeps its date.
    assert_eq!(capped_due(&s, &st, interview, 0.5, now), st.due);
    // A natural due date before the interview is untouched, and so is everything afterwards.
    assert_eq!(
        capped_due(&s, &st, st.due + Duration::days(1), 0.95, now),
        st.due
    );
    assert_eq!(
        capped_due(&s, &st, interview, 0.95, interview + Duration::hours(1)),
        st.due
    );
}

#[test]
fn recall_curve_inverse_and_mock_days() {
    let w20 = fsrs::DEFAULT_PARAMETERS[20];
    assert!(
        (days_until_recall(10.0, 0.9, w20) - 10.0).abs() < 1e-3,
        "R(S) = 0.9"
    );
    assert!(days_until_recall(10.0, 0.95, w20) < 10.0);
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(
        mock_days(d("2027-01-01"), d("2027-01-20")),
        vec![d("2027-01-03"), d("2027-01-10"), d("2027-01-17")]
    );
    assert!(mock_days(d("2027-01-19"), d("2027-01-20")).is_empty());
}

#[test]
fn a_plan_that_starts_more_than_the_new_limit_says_how_to_close_the_gap() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let mut plan = simulate(&input(&s, library(&s), 0.9, 150));
    assert!(plan.new_per_day > 2, "{}", plan.new_per_day);
    assert_eq!(plan.limit_advice(), None, "no limit known");
    plan.new_limit = Some(plan.new_per_day);
    assert_eq!(plan.limit_advice(), None, "the limit lets the plan through");
    plan.new_limit = Some(2);
    let advice = plan.limit_advice().unwrap();
    assert!(
        advice.contains(&format!("set new_per_day = {}", plan.new_per_day))
            && advice.contains(&format!("for {} more new cards", plan.new_per_day - 2)),
        "{advice}"
    );
}
