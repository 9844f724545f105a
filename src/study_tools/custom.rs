//! Custom study (Anki's, terminal-native): more new cards today, review ahead, and cram over a
//! selection. Owns the history-aware half of [`Filter`] (status, lapses, recent failures, a
//! loop's cards), the session each custom study builds, and answering a card inside a session
//! (the source logged, whether the schedule moves, siblings buried, leeches reported).

use super::leech::Leech;
use crate::content::Card;
use crate::mock::loops::Loop;
use crate::schedule::queue::{Candidate, Limits, Session, SessionMode};
use crate::schedule::{CardState, Grade, Phase};
use crate::study::{Filter, ReviewSource, Study};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;

/// A card status a filter can ask for (`is:new`, `is:due`, `is:leech`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    New,
    Learning,
    Review,
    /// Due before the study day ends (learning or review).
    Due,
    Suspended,
    Leech,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Learning,
        Status::Review,
        Status::Due,
        Status::Suspended,
        Status::Leech,
    ];
    pub fn slug(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Learning => "learning",
            Status::Review => "review",
            Status::Due => "due",
            Status::Suspended => "suspended",
            Status::Leech => "leech",
        }
    }
    pub fn from_slug(s: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|x| x.slug() == s.trim().to_ascii_lowercase())
    }
}

/// The parts of a filter beyond the card itself, as words for a title line.
pub(crate) fn describe_more(f: &Filter) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(c) = &f.company {
        parts.push(format!("company {c}"));
    }
    if let Some(d) = f.difficulty {
        parts.push(d.slug().to_string());
    }
    parts.extend(f.status.iter().map(|s| format!("is:{}", s.slug())));
    if let Some(n) = f.min_lapses {
        parts.push(format!("lapses ≥ {n}"));
    }
    if let Some(n) = f.failed_within_days {
        parts.push(format!("failed in {n}d"));
    }
    if let Some(l) = &f.loop_key {
        parts.push(format!("loop {l}"));
    }
    parts
}

/// A filter made ready to test many cards: the history it needs is read once.
pub struct Selector<'f> {
    filter: &'f Filter,
    day_end: DateTime<Utc>,
    failed: Option<HashSet<String>>,
    leeches: HashSet<String>,
    lp: Option<Loop>,
}

impl Selector<'_> {
    /// Whether the study context's card passes every part of the filter.
    pub fn selects(&self, study: &Study, c: &Card) -> bool {
        if !self.filter.matches(c) {
            return false;
        }
        let state = study.states.get(&c.id);
        if let Some(n) = self.filter.min_lapses
            && state.is_none_or(|s| s.lapses < n)
        {
            return false;
        }
        if let Some(failed) = &self.failed
            && !failed.contains(&c.id)
        {
            return false;
        }
        if let Some(lp) = &self.lp
            && !loop_draws(lp, c)
        {
            return false;
        }
        self.filter.status.iter().all(|st| match st {
            Status::New => state.is_none_or(|s| s.phase == Phase::New),
            Status::Learning => {
                state.is_some_and(|s| matches!(s.phase, Phase::Learning | Phase::Relearning))
            }
            Status::Review => state.is_some_and(|s| s.phase == Phase::Review),
            Status::Due => state.is_some_and(|s| s.phase != Phase::New && s.due < self.day_end),
            Status::Suspended => study.suspended.contains(&c.id),
            Status::Leech => self.leeches.contains(&c.id),
        })
    }
}

/// Whether a loop's segments could draw this card (kind, named ids, difficulty, tags), as the
/// mock planner does.
pub fn loop_draws(lp: &Loop, c: &Card) -> bool {
    lp.rounds.iter().flat_map(|r| &r.segments).any(|s| {
        s.cards > 0
            && s.kinds.contains(&c.kind)
            && (s.ids.is_empty() || s.ids.contains(&c.id))
            && s.difficulty
                .is_none_or(|d| c.difficulty.is_none_or(|cd| cd == d))
            && s.tags.iter().all(|t| c.tags.contains(t))
    })
}

/// Custom study, as chosen in the `c` dialog or with `mlprep review` flags.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomStudy {
    /// N more new cards today (today only), then the normal queue.
    ExtraNew(u32),
    /// N more reviews today (today only), then the normal queue.
    ExtraReviews(u32),
    /// Review cards due in the next N days, shown early and rescheduled.
    Ahead(u32),
    /// Every card the filter selects (suspended cards left out), due or not. With
    /// `reschedule: false` the answers are logged as `cram` and move no schedule.
    Cram { reschedule: bool },
}

/// What one answer did.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    /// The card's state now (unchanged by a plain cram answer).
    pub state: CardState,
    /// Set the one time a card becomes a leech: tell the user.
    pub leech: Option<Leech>,
    /// Siblings taken out of the session for the rest of the day.
    pub buried: usize,
}

/// Today's limits with custom study's extras added (overall and to each kind's own limit, so
/// the extra cards can come from any kind the session selects).
pub fn with_extras(limits: &Limits, new: u32, reviews: u32) -> Limits {
    let mut out = limits.clone();
    out.new_per_day = out.new_per_day.saturating_add(new);
    out.reviews_per_day = out.reviews_per_day.saturating_add(reviews);
    for k in out.per_kind.values_mut() {
        k.new_per_day = k.new_per_day.map(|n| n.saturating_add(new));
        k.reviews_per_day = k.reviews_per_day.map(|n| n.saturating_add(reviews));
    }
    out
}

/// Cram sessions are capped so a broad filter over 100,000 cards stays a session.
pub const CRAM_MAX_CARDS: usize = 1000;

impl Study {
    /// Reads the history a filter needs, once, for testing many cards.
    pub fn selector<'f>(&self, filter: &'f Filter, now: DateTime<Utc>) -> Result<Selector<'f>> {
        let (_, day_end) = self.day(now);
        let failed = match filter.failed_within_days {
            Some(n) => Some(self.store.failed_since(now - Duration::days(n as i64))?),
            None => None,
        };
        let leeches = if filter.status.contains(&Status::Leech) {
            self.store.leeches()?.into_keys().collect()
        } else {
            HashSet::new()
        };
        let lp = match &filter.loop_key {
            None => None,
            Some(key) => Some(self.find_loop(key)?),
        };
        Ok(Selector {
            filter,
            day_end,
            failed,
            leeches,
            lp,
        })
    }

    /// A loop of the loaded content by its key (`ms`) or name.
    pub fn find_loop(&self, key: &str) -> Result<Loop> {
        let (loops, _) = crate::mock::loops::load_loops(&self.library);
        let known: Vec<String> = loops.iter().map(|l| l.key.clone()).collect();
        loops
            .into_iter()
            .find(|l| l.key == key || l.name.eq_ignore_ascii_case(key))
            .with_context(|| format!("no loop `{key}` (known: {})", known.join(", ")))
    }

    /// The cards a filter selects, in deck order.
    pub fn select(&self, filter: &Filter, now: DateTime<Utc>) -> Result<Vec<&Card>> {
        let sel = self.selector(filter, now)?;
        Ok(self.cards().filter(|c| sel.selects(self, c)).collect())
    }

    /// Starts custom study: records today's extras, or builds the ahead / cram session.
    pub fn custom_session(
        &mut self,
        filter: &Filter,
        custom: &CustomStudy,
        now: DateTime<Utc>,
    ) -> Result<Session> {
        let (start, end) = self.day(now);
        match *custom {
            CustomStudy::ExtraNew(n) => {
                self.store.add_extras(start, n, 0)?;
                self.session(filter, now)
            }
            CustomStudy::ExtraReviews(n) => {
                self.store.add_extras(start, 0, n)?;
                self.session(filter, now)
            }
            CustomStudy::Ahead(days) => {
                if days == 0 {
                    bail!("review ahead needs at least 1 day");
                }
                let sel = self.selector(filter, now)?;
                let candidates = self
                    .cards()
                    .filter(|c| sel.selects(self, c) && !self.suspended.contains(&c.id))
                    .map(|c| Candidate {
                        id: &c.id,
                        kind: c.kind,
                        state: self.states.get(&c.id),
                    });
                Ok(Session::ahead(
                    candidates,
                    end + Duration::days(days as i64),
                ))
            }
            CustomStudy::Cram { reschedule } => {
                let ids: Vec<String> = self
                    .select(filter, now)?
                    .into_iter()
                    .filter(|c| !self.suspended.contains(&c.id))
                    .take(CRAM_MAX_CARDS)
                    .map(|c| c.id.clone())
                    .collect();
                Ok(Session::cram(ids, reschedule))
            }
        }
    }

    /// Answers the session's card: logs it with the session's source, moves the schedule
    /// unless it is a plain cram, requeues or reschedules it in the session, buries its
    /// siblings for the day, and reports a new leech once.
    pub fn answer(
        &mut self,
        session: &mut Session,
        id: &str,
        grade: Grade,
        now: DateTime<Utc>,
        duration: Duration,
    ) -> Result<Answered> {
        let src = match session.mode() {
            SessionMode::Normal => ReviewSource::Review,
            SessionMode::Ahead => ReviewSource::Ahead,
            SessionMode::Cram { reschedule: false } => ReviewSource::Cram,
            SessionMode::Cram { reschedule: true } => ReviewSource::CramReschedule,
        };
        let mut answered = self.grade_reporting(id, grade, now, duration, src)?;
        let (_, end) = self.day(now);
        match session.mode() {
            SessionMode::Cram { reschedule: false } => {
                if grade == Grade::Again {
                    session.requeue(id);
                }
            }
            _ => session.reschedule(id, &answered.state, end),
        }
        // A cram shows exactly what was chosen; elsewhere a sibling waits for tomorrow.
        if !matches!(session.mode(), SessionMode::Cram { .. }) {
            let siblings = self.siblings_of(id);
            answered.buried = session.bury(siblings.iter().map(String::as_str));
        }
        Ok(answered)
    }
}
