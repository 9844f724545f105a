//! The custom study dialog (`c` on home and in review): what `mlprep review --extra-new N /
//! --extra-reviews N / --ahead N / --cram [--reschedule]` offers, over the filters that command
//! takes, field by field. Each change re-reads the selection, so the dialog always says how many
//! cards it holds and what Enter would start; a field it cannot read is named on its own line.
//! Starting is an effect ([`Effect::StartCustom`]) the app runs through `Study`; drawing is in
//! `custom_view`.

use crate::content::{Difficulty, Kind, inert};
use crate::schedule::Phase;
use crate::study::{Filter, Study};
use crate::study_tools::custom::{CRAM_MAX_CARDS, CustomStudy, Status};
use crate::tui::effect::Effect;
use crate::tui::keys::{CUSTOM, CustomKey, lookup};
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the session does with the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    ExtraNew,
    ExtraReviews,
    Ahead,
    Cram,
}

impl Mode {
    const ALL: [Mode; 4] = [Mode::ExtraNew, Mode::ExtraReviews, Mode::Ahead, Mode::Cram];
    pub(super) fn label(self) -> &'static str {
        match self {
            Mode::ExtraNew => "more new cards today",
            Mode::ExtraReviews => "more reviews today",
            Mode::Ahead => "review ahead",
            Mode::Cram => "cram the selection",
        }
    }
    /// What the number means, for its label and its error.
    fn number(self) -> &'static str {
        match self {
            Mode::ExtraNew => "new cards",
            Mode::ExtraReviews => "reviews",
            Mode::Ahead | Mode::Cram => "days ahead",
        }
    }
}

/// The dialog's rows, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Mode,
    Number,
    Reschedule,
    Kind,
    Deck,
    Tag,
    Company,
    Difficulty,
    State,
    Lapses,
    Failed,
    Loop,
}

pub(super) const FIELDS: [Field; 12] = [
    Field::Mode,
    Field::Number,
    Field::Reschedule,
    Field::Kind,
    Field::Deck,
    Field::Tag,
    Field::Company,
    Field::Difficulty,
    Field::State,
    Field::Lapses,
    Field::Failed,
    Field::Loop,
];

/// What Enter would start, and how many cards the selection holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub filter: Filter,
    pub custom: CustomStudy,
    /// Selected cards, suspended ones left out.
    pub selected: usize,
    pub new: usize,
    pub due: usize,
    /// What the session would hold (ahead, cram) or add (extra new / reviews).
    pub session: usize,
}

pub struct CustomState {
    pub mode: Mode,
    /// The number typed for each mode but cram (new cards, reviews, days ahead).
    pub(super) numbers: [String; 3],
    pub reschedule: bool,
    pub kind: Option<Kind>,
    pub deck: String,
    pub tag: String,
    pub company: String,
    pub difficulty: Option<Difficulty>,
    pub state: Option<Status>,
    pub lapses: String,
    pub failed: String,
    pub loop_key: String,
    pub focus: Field,
    /// Opened in a review: Enter leaves that session for this one.
    pub from_review: bool,
    /// The selection and the session Enter would start, or why the form cannot start.
    pub preview: Result<Preview, String>,
}

/// What the dialog asks of the app after a key.
#[derive(Debug, Clone, PartialEq)]
pub enum DialogOutcome {
    Stay,
    Close,
    Effects(Vec<Effect>),
}

impl CustomState {
    /// A dialog whose filter starts as `filter` (the home row or the review's filter).
    pub fn new(filter: &Filter, from_review: bool, study: &Study, now: DateTime<Utc>) -> Self {
        let text = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        let mut s = CustomState {
            mode: Mode::ExtraNew,
            numbers: ["10".into(), "50".into(), "3".into()],
            reschedule: false,
            kind: filter.kind,
            deck: filter.deck.clone().unwrap_or_default(),
            tag: filter.tag.clone().unwrap_or_default(),
            company: filter.company.clone().unwrap_or_default(),
            difficulty: filter.difficulty,
            state: filter.status.first().copied(),
            lapses: text(filter.min_lapses),
            failed: text(filter.failed_within_days),
            loop_key: filter.loop_key.clone().unwrap_or_default(),
            focus: Field::Mode,
            from_review,
            preview: Err(String::new()),
        };
        s.refresh(study, now);
        s
    }

    pub(super) fn applies(&self, f: Field) -> bool {
        match f {
            Field::Number => self.mode != Mode::Cram,
            Field::Reschedule => self.mode == Mode::Cram,
            _ => true,
        }
    }

    pub(super) fn number_index(&self) -> Option<usize> {
        Mode::ALL[..3].iter().position(|m| *m == self.mode)
    }

    /// The text of the focused field, if it is typed (not chosen).
    fn text_mut(&mut self) -> Option<&mut String> {
        match self.focus {
            Field::Number => {
                let i = self.number_index()?;
                Some(&mut self.numbers[i])
            }
            Field::Deck => Some(&mut self.deck),
            Field::Tag => Some(&mut self.tag),
            Field::Company => Some(&mut self.company),
            Field::Lapses => Some(&mut self.lapses),
            Field::Failed => Some(&mut self.failed),
            Field::Loop => Some(&mut self.loop_key),
            Field::Mode | Field::Reschedule | Field::Kind | Field::Difficulty | Field::State => {
                None
            }
        }
    }

    fn move_focus(&mut self, forward: bool) {
        let n = FIELDS.len();
        let mut i = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0);
        loop {
            i = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            if self.applies(FIELDS[i]) {
                break;
            }
        }
        self.focus = FIELDS[i];
    }

    /// Changes a chosen field to its next (or previous) value.
    fn cycle(&mut self, forward: bool) {
        fn step<T: Copy + PartialEq>(all: &[T], v: Option<T>, forward: bool) -> Option<T> {
            // None (any) sits before the first value.
            let n = all.len() + 1;
            let i = v
                .and_then(|v| all.iter().position(|x| *x == v))
                .map_or(0, |i| i + 1);
            let j = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            j.checked_sub(1).map(|j| all[j])
        }
        match self.focus {
            Field::Mode => {
                let i = Mode::ALL.iter().position(|m| *m == self.mode).unwrap_or(0);
                let n = Mode::ALL.len();
                self.mode = Mode::ALL[if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }];
            }
            Field::Reschedule => self.reschedule = !self.reschedule,
            Field::Kind => self.kind = step(&Kind::ALL, self.kind, forward),
            Field::Difficulty => {
                let all = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];
                self.difficulty = step(&all, self.difficulty, forward);
            }
            Field::State => self.state = step(&Status::ALL, self.state, forward),
            _ => {}
        }
    }

    /// Handles a key: the table's keys act, characters edit the focused text field.
    pub fn on_key(&mut self, key: KeyEvent, study: &Study, now: DateTime<Utc>) -> DialogOutcome {
        match lookup(CUSTOM, key) {
            Some(CustomKey::Cancel) => return DialogOutcome::Close,
            // The app shows the key list before the key gets here.
            Some(CustomKey::Help) => return DialogOutcome::Stay,
            Some(CustomKey::Start) => {
                return match &self.preview {
                    Ok(p) => DialogOutcome::Effects(vec![Effect::StartCustom(
                        p.filter.clone(),
                        p.custom.clone(),
                    )]),
                    // The reason is on screen already.
                    Err(_) => DialogOutcome::Stay,
                };
            }
            Some(CustomKey::NextField) => return self.moved(true),
            Some(CustomKey::PreviousField) => return self.moved(false),
            Some(CustomKey::NextChoice) => self.cycle(true),
            Some(CustomKey::PreviousChoice) => self.cycle(false),
            Some(CustomKey::Clear) => {
                if let Some(t) = self.text_mut() {
                    t.clear();
                }
            }
            None => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                match (key.code, self.text_mut()) {
                    (KeyCode::Char(c), Some(t)) if !ctrl => t.push(c),
                    (KeyCode::Backspace, Some(t)) => {
                        t.pop();
                    }
                    (KeyCode::Char(' '), None) => self.cycle(true),
                    _ => return DialogOutcome::Stay,
                }
            }
        }
        self.refresh(study, now);
        DialogOutcome::Stay
    }

    fn moved(&mut self, forward: bool) -> DialogOutcome {
        self.move_focus(forward);
        DialogOutcome::Stay
    }

    /// Reads the form again: the filter, the custom study and the live counts, or why not.
    pub fn refresh(&mut self, study: &Study, now: DateTime<Utc>) {
        self.preview = self.read(study, now);
    }

    fn read(&self, study: &Study, now: DateTime<Utc>) -> Result<Preview, String> {
        let number = |text: &str, what: &str| -> Result<Option<u32>, String> {
            let t = text.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<u32>()
                .map(Some)
                .map_err(|_| format!("{what}: “{}” is not a whole number", inert(t)))
        };
        let custom = match self.number_index() {
            None => CustomStudy::Cram {
                reschedule: self.reschedule,
            },
            Some(i) => {
                let what = self.mode.number();
                let n = number(&self.numbers[i], what)?
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("type how many {what} (1 or more)"))?;
                match self.mode {
                    Mode::ExtraNew => CustomStudy::ExtraNew(n),
                    Mode::ExtraReviews => CustomStudy::ExtraReviews(n),
                    _ => CustomStudy::Ahead(n),
                }
            }
        };
        let word = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let filter = Filter {
            kind: self.kind,
            deck: word(&self.deck),
            tag: word(&self.tag),
            company: word(&self.company),
            difficulty: self.difficulty,
            status: self.state.into_iter().collect(),
            min_lapses: number(&self.lapses, "lapses ≥")?,
            failed_within_days: number(&self.failed, "failed in the last N days")?,
            loop_key: word(&self.loop_key),
        };
        unknown_names(&filter, study)?;
        let sel = study.selector(&filter, now).map_err(|e| format!("{e:#}"))?;
        let (_, end) = study.day(now);
        let horizon = match custom {
            CustomStudy::Ahead(days) => end + Duration::days(days as i64),
            _ => end,
        };
        let (mut selected, mut new, mut due, mut ahead) = (0, 0, 0, 0);
        for c in study.cards() {
            if !sel.selects(study, c) || study.suspended.contains(&c.id) {
                continue;
            }
            selected += 1;
            match study.states.get(&c.id) {
                None => new += 1,
                Some(s) if s.phase == Phase::New => new += 1,
                Some(s) => {
                    due += (s.due < end) as usize;
                    ahead += (s.phase == Phase::Review && s.due < horizon) as usize;
                }
            }
        }
        let session = match custom {
            CustomStudy::ExtraNew(n) => new.min(n as usize),
            CustomStudy::ExtraReviews(n) => due.min(n as usize),
            CustomStudy::Ahead(_) => ahead,
            CustomStudy::Cram { .. } => selected.min(CRAM_MAX_CARDS),
        };
        match custom {
            CustomStudy::Cram { .. } if selected == 0 => {
                return Err("nothing to cram: the selection holds no cards".into());
            }
            CustomStudy::Ahead(n) if ahead == 0 => {
                return Err(format!(
                    "no review card of the selection is due in the next {}",
                    crate::words::counted(n as usize, "day", "days")
                ));
            }
            _ => {}
        }
        Ok(Preview {
            filter,
            custom,
            selected,
            new,
            due,
            session,
        })
    }
}

/// A deck, tag or company no card has is named, not silently matched by nothing.
fn unknown_names(f: &Filter, study: &Study) -> Result<(), String> {
    if let Some(d) = &f.deck {
        let low = d.to_lowercase();
        let known =
            study.library.decks.iter().any(|deck| {
                deck.path.contains(d.as_str()) || deck.title.to_lowercase().contains(&low)
            });
        if !known {
            return Err(format!("no deck matches “{}”", inert(d)));
        }
    }
    if let Some(t) = &f.tag
        && !study
            .cards()
            .any(|c| c.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
    {
        return Err(format!("no card is tagged “{}”", inert(t)));
    }
    if let Some(co) = &f.company
        && !study
            .cards()
            .any(|c| c.companies.iter().any(|x| x.eq_ignore_ascii_case(co)))
    {
        return Err(format!("no card lists the company “{}”", inert(co)));
    }
    Ok(())
}
