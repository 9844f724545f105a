//! The day's study order: what is due, within the daily limits, with kinds interleaved so one
//! hot topic does not crowd out the rest. Pure: the clock and the day boundary are arguments.

use super::{CardState, Phase};
use crate::content::Kind;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// How far ahead a learning card may be shown when nothing else is left.
pub const LEARN_AHEAD: Duration = Duration::minutes(20);

/// Daily limits, overall and per kind (None = only the overall limit applies).
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    pub per_kind: HashMap<Kind, KindLimits>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Deserialize)]
pub struct KindLimits {
    pub new_per_day: Option<u32>,
    pub reviews_per_day: Option<u32>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            new_per_day: 20,
            reviews_per_day: 200,
            per_kind: HashMap::new(),
        }
    }
}

/// What was already studied today, per kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DoneToday {
    pub new: HashMap<Kind, u32>,
    pub reviews: HashMap<Kind, u32>,
}

impl DoneToday {
    pub fn total_new(&self) -> u32 {
        self.new.values().sum()
    }
    pub fn total_reviews(&self) -> u32 {
        self.reviews.values().sum()
    }
}

/// The start of the study day containing `now`: the last local `rollover_hour` at or before it.
pub fn day_start<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz, rollover_hour: u32) -> DateTime<Utc> {
    let local = now.with_timezone(tz);
    let shifted = local.clone() - Duration::hours(rollover_hour as i64);
    let date = shifted.date_naive();
    let at = NaiveTime::from_hms_opt(rollover_hour.min(23), 0, 0).unwrap_or(NaiveTime::MIN);
    tz.from_local_datetime(&date.and_time(at))
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(now - Duration::hours(24))
}

/// Per kind: due reviews (with their due time) and new cards, in deck order.
type Lane<'a> = (Vec<(DateTime<Utc>, &'a str)>, Vec<&'a str>);

/// One study session's order.
#[derive(Debug, Clone, Default)]
pub struct Session {
    learning: Vec<(DateTime<Utc>, String)>,
    main: VecDeque<String>,
    mode: SessionMode,
}

/// What kind of session this is: the day's queue, or custom study.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SessionMode {
    /// Today's due cards and new cards within the limits.
    #[default]
    Normal,
    /// Review cards due in the next days, shown early and rescheduled.
    Ahead,
    /// A chosen selection; with `reschedule: false` answers leave the schedule untouched.
    Cram { reschedule: bool },
}

/// A cram card answered Again comes back after this many other cards.
pub const CRAM_AGAIN_GAP: usize = 3;

/// A card as the queue sees it.
pub struct Candidate<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub state: Option<&'a CardState>,
}

impl Session {
    /// Builds today's session from candidates in deck order.
    pub fn build<'a>(
        candidates: impl IntoIterator<Item = Candidate<'a>>,
        day_end: DateTime<Utc>,
        limits: &Limits,
        done: &DoneToday,
    ) -> Session {
        let mut learning = Vec::new();
        let mut per_kind: BTreeMap<Kind, Lane<'a>> = BTreeMap::new();
        for c in candidates {
            match c.state {
                Some(s) if matches!(s.phase, Phase::Learning | Phase::Relearning) => {
                    if s.due < day_end {
                        learning.push((s.due, c.id.to_string()));
                    }
                }
                Some(s) if s.phase == Phase::Review => {
                    if s.due < day_end {
                        per_kind.entry(c.kind).or_default().0.push((s.due, c.id));
                    }
                }
                _ => per_kind.entry(c.kind).or_default().1.push(c.id),
            }
        }
        learning.sort();
        let mut new_left = limits.new_per_day.saturating_sub(done.total_new());
        let mut rev_left = limits.reviews_per_day.saturating_sub(done.total_reviews());
        let mut lanes: Vec<VecDeque<(&str, bool)>> = Vec::new();
        for (kind, (mut reviews, news)) in per_kind {
            reviews.sort();
            let kl = limits.per_kind.get(&kind).copied().unwrap_or_default();
            let done_new = done.new.get(&kind).copied().unwrap_or(0);
            let done_rev = done.reviews.get(&kind).copied().unwrap_or(0);
            let kind_rev = kl
                .reviews_per_day
                .map_or(u32::MAX, |l| l.saturating_sub(done_rev));
            let kind_new = kl
                .new_per_day
                .map_or(u32::MAX, |l| l.saturating_sub(done_new));
            let mut lane = VecDeque::new();
            lane.extend(
                reviews
                    .into_iter()
                    .take(kind_rev as usize)
                    .map(|r| (r.1, false)),
            );
            lane.extend(
                news.into_iter()
                    .take(kind_new as usize)
                    .map(|id| (id, true)),
            );
            lanes.push(lane);
        }
        // Round-robin across kinds; the overall limits apply as cards are taken.
        let mut main = VecDeque::new();
        loop {
            let mut took = false;
            for lane in lanes.iter_mut() {
                while let Some((id, is_new)) = lane.pop_front() {
                    let left = if is_new { &mut new_left } else { &mut rev_left };
                    if *left == 0 {
                        continue;
                    }
                    *left -= 1;
                    main.push_back(id.to_string());
                    took = true;
                    break;
                }
            }
            if !took {
                break;
            }
        }
        Session {
            learning,
            main,
            mode: SessionMode::Normal,
        }
    }

    /// Review cards due before `horizon` (review ahead), soonest first, no new cards and no
    /// daily limit: the user asked for them.
    pub fn ahead<'a>(
        candidates: impl IntoIterator<Item = Candidate<'a>>,
        horizon: DateTime<Utc>,
    ) -> Session {
        let mut due: Vec<(DateTime<Utc>, &str)> = candidates
            .into_iter()
            .filter_map(|c| {
                c.state
                    .filter(|s| s.phase == Phase::Review && s.due < horizon)
                    .map(|s| (s.due, c.id))
            })
            .collect();
        due.sort();
        Session {
            learning: Vec::new(),
            main: due.into_iter().map(|d| d.1.to_string()).collect(),
            mode: SessionMode::Ahead,
        }
    }

    /// A cram session over exactly these cards, in this order.
    pub fn cram(ids: impl IntoIterator<Item = String>, reschedule: bool) -> Session {
        Session {
            learning: Vec::new(),
            main: ids.into_iter().collect(),
            mode: SessionMode::Cram { reschedule },
        }
    }

    pub fn mode(&self) -> SessionMode {
        self.mode
    }

    /// Takes these cards out of the queue for the rest of the session (siblings of a card just
    /// answered). Learning cards stay: their steps are already running.
    pub fn bury<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> usize {
        let ids: std::collections::HashSet<&str> = ids.into_iter().collect();
        let before = self.main.len();
        self.main.retain(|m| !ids.contains(m.as_str()));
        before - self.main.len()
    }

    /// A cram card answered Again: shown again after [`CRAM_AGAIN_GAP`] other cards.
    pub fn requeue(&mut self, id: &str) {
        self.forget(id);
        let at = CRAM_AGAIN_GAP.min(self.main.len());
        self.main.insert(at, id.to_string());
    }

    /// The next card to show at `now`: a learning card that is due, else the next queued card,
    /// else a learning card due within [`LEARN_AHEAD`]. Removes it from the session.
    pub fn next(&mut self, now: DateTime<Utc>) -> Option<String> {
        if self.learning.first().is_some_and(|l| l.0 <= now) {
            return Some(self.learning.remove(0).1);
        }
        if let Some(id) = self.main.pop_front() {
            return Some(id);
        }
        if self
            .learning
            .first()
            .is_some_and(|l| l.0 <= now + LEARN_AHEAD)
        {
            return Some(self.learning.remove(0).1);
        }
        None
    }

    /// A graded card comes back today if its new state is a short step.
    pub fn reschedule(&mut self, id: &str, state: &CardState, day_end: DateTime<Utc>) {
        self.forget(id);
        if matches!(state.phase, Phase::Learning | Phase::Relearning) && state.due < day_end {
            self.learning.push((state.due, id.to_string()));
            self.learning.sort();
        }
    }

    /// Puts a card back at the front (after an undo).
    pub fn push_front(&mut self, id: &str) {
        self.forget(id);
        self.main.push_front(id.to_string());
    }

    /// After an undo: `undone` is shown again, so it leaves the queue (where its grade may have
    /// put it as a learning card), and the card that was showing, if another, goes back to the
    /// front. Cards left plus the one shown is then what it was before the grade.
    pub fn undo_to(&mut self, undone: &str, showing: Option<&str>) {
        if let Some(s) = showing.filter(|s| *s != undone) {
            self.push_front(s);
        }
        self.forget(undone);
    }

    fn forget(&mut self, id: &str) {
        self.learning.retain(|l| l.1 != id);
        self.main.retain(|m| m != id);
    }

    /// Cards left in this session (queued plus learning cards due today).
    pub fn remaining(&self) -> usize {
        self.main.len() + self.learning.len()
    }

    /// When the next learning card becomes due, if the queue is otherwise empty.
    pub fn next_learning_due(&self) -> Option<DateTime<Utc>> {
        self.learning.first().map(|l| l.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{CardState, Phase};
    use chrono::FixedOffset;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, h, m, 0).unwrap()
    }

    fn review_due(due: DateTime<Utc>) -> CardState {
        CardState {
            phase: Phase::Review,
            due,
            last_review: Some(due - Duration::days(3)),
            ..CardState::new(due)
        }
    }

    #[test]
    fn undo_gives_back_the_count_from_before_the_grade() {
        let mut s = Session::default();
        for id in ["c", "b", "a"] {
            s.push_front(id);
        }
        let shown = s.next(t(9, 0));
        assert_eq!(shown.as_deref(), Some("a"));
        let left = |s: &Session| s.remaining() + 1;
        assert_eq!(left(&s), 3);
        // Graded Again: `a` comes back in 10 minutes, `b` is shown.
        let again = CardState {
            phase: Phase::Learning,
            due: t(9, 10),
            ..CardState::new(t(9, 0))
        };
        s.reschedule("a", &again, t(23, 0));
        let shown = s.next(t(9, 0));
        assert_eq!(shown.as_deref(), Some("b"));
        assert_eq!(left(&s), 3);
        s.undo_to("a", shown.as_deref());
        assert_eq!(
            left(&s),
            3,
            "15 left before the grade is 15 left after its undo"
        );
        assert_eq!(s.next(t(9, 0)).as_deref(), Some("b"));
    }

    #[test]
    fn day_starts_at_the_rollover_hour_in_local_time() {
        let tz = FixedOffset::east_opt(2 * 3600).unwrap();
        // 03:30 local on the 10th is still the study day that began at 04:00 local on the 9th.
        assert_eq!(
            day_start(t(1, 30), &tz, 4),
            Utc.with_ymd_and_hms(2026, 3, 9, 2, 0, 0).unwrap()
        );
        assert_eq!(day_start(t(2, 30), &tz, 4), t(2, 0));
    }

    #[test]
    fn kinds_are_interleaved_and_limits_hold() {
        let ids: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
        let cands = ids.iter().enumerate().map(|(i, id)| Candidate {
            id,
            kind: if i < 6 { Kind::Breadth } else { Kind::Leetcode },
            state: None,
        });
        let limits = Limits {
            new_per_day: 5,
            ..Default::default()
        };
        let mut s = Session::build(cands, t(23, 0), &limits, &DoneToday::default());
        let order: Vec<String> = std::iter::from_fn(|| s.next(t(9, 0))).collect();
        assert_eq!(order, vec!["c6", "c0", "c7", "c1", "c8"]);
    }

    #[test]
    fn per_kind_limits_and_done_today_count() {
        let ids: Vec<String> = (0..6).map(|i| format!("c{i}")).collect();
        let cands = ids.iter().map(|id| Candidate {
            id,
            kind: Kind::Leetcode,
            state: None,
        });
        let mut limits = Limits::default();
        limits.per_kind.insert(
            Kind::Leetcode,
            KindLimits {
                new_per_day: Some(3),
                reviews_per_day: None,
            },
        );
        let mut done = DoneToday::default();
        done.new.insert(Kind::Leetcode, 2);
        let s = Session::build(cands, t(23, 0), &limits, &done);
        assert_eq!(s.remaining(), 1);
    }

    #[test]
    fn due_reviews_come_before_new_cards_and_future_ones_wait() {
        let due = review_due(t(8, 0));
        let later = review_due(t(9, 0) + Duration::days(2));
        let ids = ["new", "due", "later"];
        let states = [None, Some(&due), Some(&later)];
        let cands = ids.iter().zip(states).map(|(id, state)| Candidate {
            id,
            kind: Kind::Breadth,
            state,
        });
        let mut s = Session::build(cands, t(23, 0), &Limits::default(), &DoneToday::default());
        assert_eq!(s.next(t(9, 0)).as_deref(), Some("due"));
        assert_eq!(s.next(t(9, 0)).as_deref(), Some("new"));
        assert_eq!(s.next(t(9, 0)), None);
    }

    #[test]
    fn review_ahead_takes_review_cards_due_within_the_horizon_soonest_first() {
        let soon = review_due(t(9, 0) + Duration::days(2));
        let sooner = review_due(t(9, 0) + Duration::days(1));
        let far = review_due(t(9, 0) + Duration::days(9));
        let ids = ["new", "soon", "sooner", "far"];
        let states = [None, Some(&soon), Some(&sooner), Some(&far)];
        let cands = ids.iter().zip(states).map(|(id, state)| Candidate {
            id,
            kind: Kind::Breadth,
            state,
        });
        let mut s = Session::ahead(cands, t(23, 0) + Duration::days(3));
        assert_eq!(s.mode(), SessionMode::Ahead);
        let order: Vec<String> = std::iter::from_fn(|| s.next(t(9, 0))).collect();
        assert_eq!(order, vec!["sooner", "soon"]);
    }

    #[test]
    fn cram_again_comes_back_after_a_few_cards_and_buried_cards_leave() {
        let ids = ["a", "b", "c", "d", "e"].map(String::from);
        let mut s = Session::cram(ids, false);
        assert_eq!(s.next(t(9, 0)).as_deref(), Some("a"));
        s.requeue("a");
        assert_eq!(s.bury(["c", "zzz"]), 1);
        let order: Vec<String> = std::iter::from_fn(|| s.next(t(9, 0))).collect();
        assert_eq!(order, vec!["b", "d", "a", "e"]);
    }

    #[test]
    fn learning_cards_return_when_due() {
        let mut s = Session::default();
        let st = CardState {
            phase: Phase::Learning,
            due: t(9, 10),
            ..CardState::new(t(9, 0))
        };
        s.reschedule("a", &st, t(23, 0));
        s.main.push_back("b".into());
        assert_eq!(s.next(t(9, 0)).as_deref(), Some("b"));
        // Nothing else left: a card due within the learn-ahead window is shown early.
        assert_eq!(s.next(t(9, 0)).as_deref(), Some("a"));
        assert_eq!(s.next(t(9, 0)), None);
    }
}
