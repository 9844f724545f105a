//! The study context shared by every front end: loaded content, the store, the scheduler and the
//! cached states, with the operations a user performs (grade, undo, build a session, count what
//! is due). Owns the rule "a grade is committed before the next card is chosen".

use crate::config::Settings;
use crate::content::{Card, Kind, Library, load_roots};
use crate::schedule::queue::{Candidate, DoneToday, Session, day_start};
use crate::schedule::{CardState, Outcome, Phase, Scheduler};
use crate::store::{Store, SyncReport, UndoneReview};
use anyhow::{Context, Result};
use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, HashSet};

mod ai;
mod files;
mod grade;
pub use grade::ReviewSource;
mod mock;
mod overview;
pub use ai::{AiAsk, AiReply};
pub use files::content_stamp;
use files::{read_deck, user_deck_bytes};
pub use overview::Overview;
mod work;
pub use mock::MockId;
pub use work::AttemptRecord;

/// Which cards a session draws from. A plain struct so a search query (`kind:`, `company:`,
/// `is:leech`, `lapses>3`) can build one. The card-only fields are checked by
/// [`Filter::matches`]; the ones that need history (status, lapses, failures, loop) by
/// [`Study::selects`](crate::study_tools::custom).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub kind: Option<Kind>,
    /// Substring of the deck path or title.
    pub deck: Option<String>,
    pub tag: Option<String>,
    /// A name from the cards' `companies:` metadata (any case).
    pub company: Option<String>,
    pub difficulty: Option<crate::content::Difficulty>,
    /// Every status listed must hold (`is:due is:leech`).
    pub status: Vec<crate::study_tools::custom::Status>,
    /// Cards with at least this many lapses.
    pub min_lapses: Option<u32>,
    /// Cards graded Again in the last N days.
    pub failed_within_days: Option<u32>,
    /// The cards a loop (its file stem: `ms`, `screen`) draws from.
    pub loop_key: Option<String>,
}

impl Filter {
    /// The card-only part of the filter.
    pub fn matches(&self, c: &Card) -> bool {
        self.kind.is_none_or(|k| c.kind == k)
            && self.deck_matches(c)
            && self
                .tag
                .as_ref()
                .is_none_or(|t| c.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
            && self
                .company
                .as_ref()
                .is_none_or(|co| c.companies.iter().any(|x| x.eq_ignore_ascii_case(co)))
            && self.difficulty.is_none_or(|d| c.difficulty == Some(d))
    }
    pub fn describe(&self) -> String {
        self.describe_with(|d| format!("deck {d}"))
    }

    /// As [`Filter::describe`], naming a deck by its title (not its file path) when the deck
    /// filter picks one deck of `library`.
    pub fn describe_in(&self, library: &Library) -> String {
        self.describe_with(|d| {
            let mut titles: Vec<&str> = library
                .decks
                .iter()
                .filter(|deck| deck.cards.iter().any(|c| self.deck_matches(c)))
                .map(|deck| deck.title.as_str())
                .collect();
            titles.dedup();
            match titles.as_slice() {
                [one] => crate::content::inert(one).into_owned(),
                _ => format!("decks matching “{d}”"),
            }
        })
    }

    fn deck_matches(&self, c: &Card) -> bool {
        self.deck.as_ref().is_none_or(|d| {
            c.deck.as_ref() == d.as_str()
                || c.deck.contains(d.as_str())
                || c.deck_title.to_lowercase().contains(&d.to_lowercase())
        })
    }

    fn describe_with(&self, deck: impl Fn(&str) -> String) -> String {
        let mut parts = Vec::new();
        if let Some(k) = self.kind {
            parts.push(k.title().to_string());
        }
        if let Some(d) = &self.deck {
            parts.push(deck(d));
        }
        if let Some(t) = &self.tag {
            parts.push(format!("#{t}"));
        }
        parts.extend(crate::study_tools::custom::describe_more(self));
        if parts.is_empty() {
            "all decks".into()
        } else {
            parts.join(" · ")
        }
    }
}

/// New / due counts for one group of cards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub cards: usize,
    pub new: usize,
    pub learning: usize,
    pub due: usize,
}

pub struct Study {
    pub settings: Settings,
    pub library: Library,
    pub store: Store,
    pub scheduler: Scheduler,
    pub states: HashMap<String, CardState>,
    pub suspended: HashSet<String>,
    /// Cards tagged `leech` now (the stored tags; `is:leech`, the browser's leech filter).
    pub leech_tags: HashSet<String>,
    /// [`Study::content_stamp`] taken just before the decks were read.
    pub loaded_stamp: u64,
    /// Card text is read from disk when needed ([`Study::ensure_text`]), not kept.
    pub lazy_text: bool,
    index: HashMap<String, (usize, usize)>,
    pub sync: SyncReport,
}

impl Study {
    /// Loads content, opens the database and syncs the content into it.
    pub fn open(settings: Settings, now: DateTime<Utc>) -> Result<Study> {
        let stamp = content_stamp(&settings.roots);
        let lazy = user_deck_bytes(&settings.roots) > settings.lazy_text_bytes;
        let library = if lazy {
            crate::content::load_roots_metadata(&settings.roots)
        } else {
            load_roots(&settings.roots)
        };
        let mut study = Study::open_with(settings, library, now)?;
        study.loaded_stamp = stamp;
        study.lazy_text = lazy;
        Ok(study)
    }

    /// As [`Study::open`] without keeping card text: for counts and stats.
    pub fn open_metadata(settings: Settings, now: DateTime<Utc>) -> Result<Study> {
        let library = crate::content::load_roots_metadata(&settings.roots);
        Study::open_with(settings, library, now)
    }

    fn open_with(mut settings: Settings, library: Library, now: DateTime<Utc>) -> Result<Study> {
        crate::interop::daily_backup_or_warn(&settings, now);
        let mut store = Store::open(&settings.db_path)?;
        adopt_fitted_parameters(&mut settings, &store)?;
        let sync = store
            .sync(&library.decks, now)
            .context("syncing decks into the database")?;
        Study::with(settings, library, store, sync)
    }

    /// Tests: the decks under `settings`' roots, synced at `at` into an in-memory store.
    #[cfg(test)]
    pub(crate) fn in_memory(settings: Settings, at: DateTime<Utc>) -> Study {
        let lib = load_roots(&settings.roots);
        let mut store = Store::open_in_memory().unwrap();
        let sync = store.sync(&lib.decks, at).unwrap();
        Study::with(settings, lib, store, sync).unwrap()
    }

    /// Builds a study context over already-open parts (tests use an in-memory store).
    pub fn with(
        settings: Settings,
        library: Library,
        store: Store,
        sync: SyncReport,
    ) -> Result<Study> {
        let mut config = settings.scheduler.clone();
        for d in &library.decks {
            if let Some(p) = &d.schedule {
                config.deck_presets.insert(d.path.clone(), p.clone());
            }
        }
        let scheduler = Scheduler::new(config)?;
        let states = store.states()?;
        let suspended = store.suspended()?;
        let leech_tags = store.leeches()?.into_keys().collect();
        let mut study = Study {
            settings,
            library,
            store,
            scheduler,
            states,
            suspended,
            leech_tags,
            loaded_stamp: 0,
            lazy_text: false,
            index: HashMap::new(),
            sync,
        };
        study.reindex();
        Ok(study)
    }

    fn reindex(&mut self) {
        self.index.clear();
        for (d, deck) in self.library.decks.iter().enumerate() {
            for (c, card) in deck.cards.iter().enumerate() {
                self.index.insert(card.id.clone(), (d, c));
            }
        }
    }

    /// Re-reads every content root and syncs (after an edit); history is kept by id.
    pub fn reload(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.loaded_stamp = content_stamp(&self.settings.roots);
        self.library = if self.lazy_text {
            crate::content::load_roots_metadata(&self.settings.roots)
        } else {
            load_roots(&self.settings.roots)
        };
        self.sync = self.store.sync(&self.library.decks, now)?;
        self.reindex();
        Ok(())
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        let &(d, c) = self.index.get(id)?;
        self.library.decks.get(d)?.cards.get(c)
    }

    pub fn cards(&self) -> impl Iterator<Item = &Card> {
        self.library.decks.iter().flat_map(|d| d.cards.iter())
    }

    pub fn state(&self, id: &str, now: DateTime<Utc>) -> CardState {
        self.states
            .get(id)
            .copied()
            .unwrap_or_else(|| CardState::new(now))
    }

    /// What the search query language's state terms (`is:due`, `lapses>3`) look at.
    pub fn search_states(&self, now: DateTime<Utc>) -> crate::search::States<'_> {
        crate::search::States {
            states: &self.states,
            suspended: &self.suspended,
            leeches: &self.leech_tags,
            day_end: self.day(now).1,
        }
    }

    /// The start and end of the study day containing `now`.
    pub fn day(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = day_start(now, &self.settings.tz, self.settings.rollover_hour);
        (start, start + Duration::days(1))
    }

    pub fn done_today(&self, now: DateTime<Utc>) -> Result<DoneToday> {
        Ok(self.store.done_today(self.day(now).0)?)
    }

    /// Today's session over the cards the filter selects: today's limits plus any extras
    /// granted by custom study, siblings of cards answered today left out.
    pub fn session(&self, filter: &Filter, now: DateTime<Utc>) -> Result<Session> {
        let (start, end) = self.day(now);
        let done = self.done_today(now)?;
        // Before an interview, cards of its kinds come due early enough to be recalled on the day.
        let capped = self.capped_states(now);
        let sel = self.selector(filter, now)?;
        let buried = self.buried_today(now)?;
        let (extra_new, extra_reviews) = self.store.extras(start)?;
        let limits = crate::study_tools::custom::with_extras(
            &self.settings.limits,
            extra_new,
            extra_reviews,
        );
        let candidates = self
            .cards()
            .filter(|c| sel.selects(self, c) && !self.suspended.contains(&c.id))
            .map(|c| Candidate {
                id: &c.id,
                kind: c.kind,
                state: capped.get(&c.id).or_else(|| self.states.get(&c.id)),
            })
            .filter(|c| {
                !buried.contains(c.id)
                    || c.state
                        .is_some_and(|s| matches!(s.phase, Phase::Learning | Phase::Relearning))
            });
        Ok(Session::build(candidates, end, &limits, &done))
    }

    /// What each grade would do to this card now.
    pub fn preview(&self, card: &Card, now: DateTime<Utc>) -> Result<[Outcome; 4]> {
        Ok(self.scheduler.preview_in(
            &self.state(&card.id, now),
            card.kind,
            Some(&card.deck),
            now,
        )?)
    }

    /// Suspends (or unsuspends) a card: it leaves every session until unsuspended.
    pub fn set_suspended(&mut self, id: &str, on: bool, now: DateTime<Utc>) -> Result<()> {
        let kind = self
            .card(id)
            .map(|c| c.kind)
            .with_context(|| format!("no card `{id}`"))?;
        self.store.set_suspended(id, kind, on, now)?;
        if on {
            self.suspended.insert(id.to_string());
        } else {
            self.suspended.remove(id);
        }
        Ok(())
    }

    /// Makes sure the text of the deck holding `id` is in memory (lazy mode reads it from its
    /// file, or from the decks built into mlprep). Returns true when it had to be read.
    pub fn ensure_text(&mut self, id: &str) -> bool {
        let Some(&(d, _)) = self.index.get(id) else {
            return false;
        };
        let Some(deck) = self.library.decks.get(d) else {
            return false;
        };
        if deck.cards.first().is_none_or(|c| !c.src.is_empty()) {
            return false;
        }
        let Some((parsed, hash)) = read_deck(&deck.path) else {
            return false;
        };
        if hash == deck.hash {
            // The same file: the spans hold; take its text.
            for c in &mut self.library.decks[d].cards {
                c.src = parsed.clone();
            }
        } else if let (Some(new), _) =
            crate::content::parse_deck_owned(&deck.path, parsed.as_bytes().to_vec())
        {
            // Changed since it was loaded: take the new version (the watcher resyncs).
            self.library.decks[d] = new;
            self.reindex();
        }
        true
    }

    /// Calls `f` on every card with its text, reading lazily held decks one at a time (for the
    /// search index).
    pub fn for_each_card_with_text(&self, mut f: impl FnMut(&Card)) {
        for deck in &self.library.decks {
            if let Some(deck) = crate::content::with_text(deck) {
                deck.cards.iter().for_each(&mut f);
            }
        }
    }

    /// A fingerprint of the user's deck files now (see [`content_stamp`]).
    pub fn content_stamp(&self) -> u64 {
        content_stamp(&self.settings.roots)
    }

    /// Takes back the most recent grade.
    pub fn undo(&mut self) -> Result<Option<UndoneReview>> {
        let undone = self.store.undo_last(&self.scheduler)?;
        if undone.is_some() {
            // Undoing the grade that made a leech also lifts the suspension it caused.
            self.suspended = self.store.suspended()?;
            self.leech_tags = self.store.leeches()?.into_keys().collect();
        }
        if let Some(u) = &undone {
            match u.state {
                Some(s) => self.states.insert(u.card_id.clone(), s),
                None => self.states.remove(&u.card_id),
            };
        }
        Ok(undone)
    }

    /// Counts for the cards a filter selects (due = due before the day ends). New cards are
    /// all the unseen ones, not only today's allowance.
    pub fn counts(&self, filter: &Filter, now: DateTime<Utc>) -> Counts {
        let (_, end) = self.day(now);
        let mut c = Counts::default();
        // History-aware filters (lapses, failures, a loop) need the store; if it cannot answer,
        // count by the card-only part rather than show nothing.
        let sel = self.selector(filter, now).ok();
        let selected = |card: &Card| match &sel {
            Some(sel) => sel.selects(self, card),
            None => filter.matches(card),
        };
        for card in self.cards().filter(|c| selected(c)) {
            c.cards += 1;
            if self.suspended.contains(&card.id) {
                continue;
            }
            match self.states.get(&card.id) {
                None => c.new += 1,
                Some(s) if s.phase == Phase::New => c.new += 1,
                Some(s) => {
                    if matches!(s.phase, Phase::Learning | Phase::Relearning) {
                        c.learning += 1;
                    }
                    if s.due < end {
                        c.due += 1;
                    }
                }
            }
        }
        c
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod window_tests;

/// Parameters `optimize` stored in this database win over the config file's: they were fitted
/// on exactly this review log.
pub fn adopt_fitted_parameters(settings: &mut Settings, store: &Store) -> Result<()> {
    if let Some(p) = store.fitted_parameters()? {
        settings.scheduler.parameters = p;
    }
    Ok(())
}
