//! The day-by-day simulation behind a [`Plan`]: reviews answered Good when due (with the
//! interview cap, weakest first, the rest carried to the next day when the minutes run out),
//! then up to `n` new cards in the minutes left. The largest `n` that still leaves no review
//! undone by the interview is found by bisection.

use super::{
    KindReadiness, NotSeen, Plan, PlanCard, PlanDay, PlanInput, capped_due, mock_days, recall_at,
};
use crate::schedule::{CardState, Grade};
use chrono::{DateTime, Duration, Utc};

struct Run {
    days: Vec<PlanDay>,
    states: Vec<Option<CardState>>,
    fits: bool,
    started: usize,
}

/// Builds the plan.
pub fn simulate(input: &PlanInput<'_>) -> Plan {
    let wanted = |k| input.kinds.is_empty() || input.kinds.contains(&k);
    let cards: Vec<&PlanCard> = input.cards.iter().filter(|c| wanted(c.kind)).collect();
    // New cards in deck order within a kind, the kinds taken in turn, so every round type moves.
    let mut by_kind: Vec<(crate::content::Kind, std::collections::VecDeque<usize>)> = Vec::new();
    for i in (0..cards.len()).filter(|&i| cards[i].state.and_then(|s| s.memory).is_none()) {
        match by_kind.iter_mut().find(|(k, _)| *k == cards[i].kind) {
            Some((_, q)) => q.push_back(i),
            None => by_kind.push((cards[i].kind, [i].into())),
        }
    }
    let mut new_idx = Vec::new();
    while by_kind.iter().any(|(_, q)| !q.is_empty()) {
        for (_, q) in &mut by_kind {
            new_idx.extend(q.pop_front());
        }
    }
    let days_n = (input.interview - input.today).num_days().max(0) as usize;
    let (mut lo, mut hi) = (0usize, new_idx.len());
    let mut best = run(input, &cards, &new_idx, 0, days_n);
    if best.fits {
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let r = run(input, &cards, &new_idx, mid, days_n);
            if r.fits {
                lo = mid;
                best = r;
            } else {
                hi = mid - 1;
            }
        }
    }
    let on_day = input.interview + Duration::hours(8);
    let mut readiness = Vec::new();
    let kinds: Vec<_> = crate::content::Kind::ALL
        .into_iter()
        .filter(|k| wanted(*k) && cards.iter().any(|c| c.kind == *k))
        .collect();
    for k in kinds {
        let (mut n, mut now_s, mut day_s, mut idle, mut plan) = (0, 0, 0, 0.0f32, 0.0f32);
        for (i, c) in cards.iter().enumerate().filter(|(_, c)| c.kind == k) {
            n += 1;
            if c.state.and_then(|s| s.memory).is_some() {
                now_s += 1;
                idle += recall_at(input.scheduler, c.state.as_ref(), on_day);
            }
            if best.states[i].and_then(|s| s.memory).is_some() {
                day_s += 1;
                plan += recall_at(input.scheduler, best.states[i].as_ref(), on_day);
            }
        }
        readiness.push(KindReadiness {
            kind: k,
            cards: n,
            studied_now: now_s,
            studied_on_day: day_s,
            recall_if_idle: (now_s > 0).then(|| idle / now_s as f32),
            recall_on_day: (day_s > 0).then(|| plan / day_s as f32),
        });
    }
    let mut not_seen_before: Vec<NotSeen> = cards
        .iter()
        .filter_map(|c| {
            let st = c.state.as_ref()?;
            st.memory?;
            (st.due >= input.interview).then(|| NotSeen {
                id: c.id.clone(),
                kind: c.kind,
                recall: recall_at(input.scheduler, Some(st), on_day),
            })
        })
        .collect();
    not_seen_before.sort_by(|a, b| a.recall.total_cmp(&b.recall));
    // Spread the new cards over the first two thirds of the time left, so the last ones still
    // get a few reviews before the day; never more than the minutes allow.
    let even = new_idx.len().div_ceil((days_n * 2 / 3).max(1));
    let n = lo.min(even);
    if n != lo {
        best = run(input, &cards, &new_idx, n, days_n);
    }
    // What the user is asked to do: the average over the days that start new cards.
    let starting: Vec<u32> = best.days.iter().map(|d| d.new).filter(|&n| n > 0).collect();
    let new_per_day = if starting.is_empty() {
        0
    } else {
        (starting.iter().sum::<u32>() as f32 / starting.len() as f32).round() as u32
    };
    let first_day = best.days.first().map_or(0, |d| d.new as usize);
    let start_now = new_idx
        .iter()
        .take(first_day)
        .map(|&i| cards[i].id.clone())
        .collect();
    let today = input.today.date_naive();
    Plan {
        new_limit: None,
        mocks: mock_days(today, input.interview.date_naive()),
        days: best.days,
        new_per_day,
        new_waiting: new_idx.len(),
        new_started: best.started,
        start_now,
        not_seen_before,
        readiness,
        fits: best.fits,
        target: input.target,
    }
}

fn run(
    input: &PlanInput<'_>,
    cards: &[&PlanCard],
    new_idx: &[usize],
    n: usize,
    days_n: usize,
) -> Run {
    let s = input.scheduler;
    let mut states: Vec<Option<CardState>> = cards.iter().map(|c| c.state).collect();
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); days_n];
    let day_of = |t: DateTime<Utc>| -> i64 { (t - input.today).num_seconds().div_euclid(86400) };
    let place = |buckets: &mut Vec<Vec<usize>>,
                 i: usize,
                 st: &CardState,
                 t: DateTime<Utc>,
                 min_day: i64| {
        let due = capped_due(s, st, input.interview, input.target, t);
        let d = day_of(due).max(min_day);
        if (0..days_n as i64).contains(&d) {
            buckets[d as usize].push(i);
        }
    };
    for (i, st) in states.iter().enumerate() {
        if let Some(st) = st.filter(|st| st.memory.is_some()) {
            place(&mut buckets, i, &st, input.today, 0);
        }
    }
    let mocks = mock_days(input.today.date_naive(), input.interview.date_naive());
    let mut days = Vec::with_capacity(days_n);
    let mut undone = 0usize;
    let mut next_new = 0;
    for d in 0..days_n {
        let start = input.today + Duration::days(d as i64);
        let (mid, end) = (start + Duration::hours(8), start + Duration::days(1));
        let mut secs = 0u64;
        let (mut reviews, mut new) = (0u32, 0u32);
        let answer = |i: usize, st: CardState, secs: &mut u64| -> CardState {
            let (card, mut t, mut st) = (cards[i], mid, st);
            for _ in 0..6 {
                let (rev, _) = (input.seconds)(card.kind);
                *secs += u64::from(rev);
                st = s
                    .apply_in(&st, Grade::Good, card.kind, card.deck.as_deref(), t)
                    .unwrap_or(st);
                if st.due >= end {
                    break;
                }
                t = st.due.max(t);
            }
            st
        };
        let budget = u64::from(input.daily_minutes) * 60;
        let mut queue = std::mem::take(&mut buckets[d]);
        // Weakest first, so a day that cannot take them all leaves the strongest for tomorrow.
        queue.sort_by(|&a, &b| {
            let r = |i: usize| recall_at(s, states[i].as_ref(), mid);
            r(a).total_cmp(&r(b))
        });
        for (pos, &i) in queue.iter().enumerate() {
            let Some(st) = states[i] else { continue };
            let (rev, _) = (input.seconds)(cards[i].kind);
            if secs + u64::from(rev) > budget && reviews > 0 {
                // Over the budget: the rest wait for tomorrow (or stay undone at the end).
                let rest = &queue[pos..];
                match buckets.get_mut(d + 1) {
                    Some(next) => next.extend_from_slice(rest),
                    None => undone += rest.len(),
                }
                break;
            }
            let st = answer(i, st, &mut secs);
            reviews += 1;
            place(&mut buckets, i, &st, mid, d as i64 + 1);
            states[i] = Some(st);
        }
        for _ in 0..n {
            let Some(&i) = new_idx.get(next_new) else {
                break;
            };
            let (_, first) = (input.seconds)(cards[i].kind);
            if secs + u64::from(first) > budget {
                break;
            }
            next_new += 1;
            secs += u64::from(first);
            let st = answer(i, CardState::new(mid), &mut 0);
            new += 1;
            place(&mut buckets, i, &st, mid, d as i64 + 1);
            states[i] = Some(st);
        }
        let minutes = secs.div_ceil(60) as u32;
        days.push(PlanDay {
            date: start.date_naive(),
            new,
            reviews,
            minutes,
            mock: mocks.contains(&start.date_naive()),
        });
    }
    Run {
        days,
        states,
        fits: undone == 0,
        started: next_new,
    }
}
