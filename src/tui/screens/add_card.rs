//! The add-card form (`a` on home and in the browser): kind, deck (one of the user's decks, the
//! shipped deck it was opened on, or a new deck in the first content directory), prompt,
//! answer, key points (one per line), tags, the companies that ask it and its difficulty. View state only: saving returns
//! [`Effect::SaveCard`], which the app runs through `Study::add_card` (after
//! `Study::fork_deck` when the user agrees to fork a shipped deck); what goes wrong comes back
//! with [`AddCardState::failed`] and is shown in the form, the typed text kept.

use crate::content::{Difficulty, Kind, slugify};
use crate::study::Study;
use crate::study_tools::authoring::{NewCard, Target};
use crate::tui::effect::{CardDraft, Effect};
use crate::tui::keys::{
    ADD_CARD, ADD_CARD_CHOICE, ADD_CARD_DISCARD, ADD_CARD_FORK, ADD_CARD_LINE, AddCardKey,
    AddChoiceKey, AddConfirmKey, help, lookup,
};
use crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use std::path::PathBuf;

/// The form's fields, in Tab order (the title only while a new deck is chosen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Kind,
    Difficulty,
    Deck,
    Title,
    Prompt,
    Answer,
    KeyPoints,
    Tags,
    Companies,
}

impl Field {
    /// One-line fields: Enter moves on.
    pub fn one_line(self) -> bool {
        matches!(
            self,
            Field::Title | Field::Prompt | Field::Tags | Field::Companies
        )
    }

    /// Chosen with ←/→ rather than typed.
    pub fn choice(self) -> bool {
        matches!(self, Field::Kind | Field::Difficulty | Field::Deck)
    }
}

/// A deck the card can go to.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckChoice {
    /// The deck's path as mlprep shows it.
    pub path: String,
    pub title: String,
    pub kind: Kind,
    /// Ships with mlprep: saving offers to fork it first.
    pub shipped: bool,
}

/// A question the form is waiting on.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    Nothing,
    /// Esc with typed text: drop it?
    Discard,
    /// Save into this shipped deck: fork it first?
    Fork(String),
}

pub struct AddCardState {
    pub kind: Kind,
    /// The user's decks, and the shipped deck the form was opened on, in library order.
    pub decks: Vec<DeckChoice>,
    /// The chosen deck's path; None: a new deck named by `title` in `new_dir`.
    pub deck: Option<String>,
    pub field: Field,
    pub title: TextArea<'static>,
    pub prompt: TextArea<'static>,
    pub answer: TextArea<'static>,
    pub key_points: TextArea<'static>,
    pub tags: TextArea<'static>,
    pub companies: TextArea<'static>,
    pub difficulty: Option<Difficulty>,
    /// Why the last save did not write the card.
    pub error: Option<String>,
    pub ask: Ask,
    /// Where a new deck is written (the first content directory).
    pub new_dir: PathBuf,
    /// Deck files already loaded (a new deck with the same file name is appended to).
    loaded: Vec<String>,
}

fn text_box(text: &str, placeholder: &str) -> TextArea<'static> {
    let mut ta = TextArea::new(text.lines().map(str::to_string).collect());
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    ta.set_placeholder_text(placeholder);
    // Typing continues the text (a default title is edited from its end).
    ta.move_cursor(CursorMove::Bottom);
    ta.move_cursor(CursorMove::End);
    ta
}

/// `a, b,, c` -> [a, b, c].
fn comma_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The title a new deck of this kind gets unless the user types another (as `mlprep add`).
pub fn default_title(kind: Kind) -> String {
    format!("My {} cards", kind.title())
}

impl AddCardState {
    /// The form over `study`'s decks, with `deck` (or else `kind`) chosen.
    pub fn new(study: &Study, deck: Option<&str>, kind: Option<Kind>) -> AddCardState {
        let decks: Vec<DeckChoice> = study
            .library
            .decks
            .iter()
            .map(|d| DeckChoice {
                path: d.path.clone(),
                title: d.title.clone(),
                kind: d.kind,
                shipped: study.is_shipped(&d.path),
            })
            .filter(|d| !d.shipped || Some(d.path.as_str()) == deck)
            .collect();
        let chosen = deck.and_then(|p| decks.iter().find(|d| d.path == p));
        let kind = kind.or(chosen.map(|d| d.kind)).unwrap_or(Kind::Breadth);
        let mut s = AddCardState {
            kind,
            deck: chosen.filter(|d| d.kind == kind).map(|d| d.path.clone()),
            decks,
            field: Field::Prompt,
            title: text_box(&default_title(kind), "the new deck's title"),
            prompt: text_box("", "the question, on one line"),
            answer: text_box("", "the reference answer (markdown)"),
            key_points: text_box("", "what the interviewer listens for, one per line"),
            tags: text_box("", "e.g. optimisation, convexity"),
            companies: text_box("", "companies, e.g. amazon, meta"),
            difficulty: None,
            error: None,
            ask: Ask::Nothing,
            new_dir: crate::fork::target_dir(&study.settings),
            loaded: study.library.decks.iter().map(|d| d.path.clone()).collect(),
        };
        if s.deck.is_none() {
            s.deck = s.options().into_iter().flatten().next();
        }
        s
    }

    /// The decks offered for the chosen kind, then "a new deck" (None).
    pub fn options(&self) -> Vec<Option<String>> {
        self.decks
            .iter()
            .filter(|d| d.kind == self.kind)
            .map(|d| Some(d.path.clone()))
            .chain(std::iter::once(None))
            .collect()
    }

    pub fn chosen(&self) -> Option<&DeckChoice> {
        let path = self.deck.as_deref()?;
        self.decks.iter().find(|d| d.path == path)
    }

    /// The fields in Tab order now.
    pub fn fields(&self) -> Vec<Field> {
        let mut f = vec![Field::Kind, Field::Difficulty, Field::Deck];
        if self.deck.is_none() {
            f.push(Field::Title);
        }
        f.extend([
            Field::Prompt,
            Field::Answer,
            Field::KeyPoints,
            Field::Tags,
            Field::Companies,
        ]);
        f
    }

    pub fn text(&self, field: Field) -> String {
        let ta = match field {
            Field::Title => &self.title,
            Field::Prompt => &self.prompt,
            Field::Answer => &self.answer,
            Field::KeyPoints => &self.key_points,
            Field::Tags => &self.tags,
            Field::Companies => &self.companies,
            Field::Kind | Field::Difficulty | Field::Deck => return String::new(),
        };
        ta.lines().join("\n").trim().to_string()
    }

    fn text_mut(&mut self, field: Field) -> Option<&mut TextArea<'static>> {
        match field {
            Field::Title => Some(&mut self.title),
            Field::Prompt => Some(&mut self.prompt),
            Field::Answer => Some(&mut self.answer),
            Field::KeyPoints => Some(&mut self.key_points),
            Field::Tags => Some(&mut self.tags),
            Field::Companies => Some(&mut self.companies),
            Field::Kind | Field::Difficulty | Field::Deck => None,
        }
    }

    /// Something was typed that Esc would lose.
    pub fn typed(&self) -> bool {
        [
            Field::Prompt,
            Field::Answer,
            Field::KeyPoints,
            Field::Tags,
            Field::Companies,
        ]
        .into_iter()
        .any(|f| !self.text(f).is_empty())
    }

    /// The file a new deck would be written to.
    pub fn new_file(&self) -> PathBuf {
        let title = self.text(Field::Title);
        let title = if title.is_empty() {
            default_title(self.kind)
        } else {
            title
        };
        self.new_dir.join(format!("{}.md", slugify(&title)))
    }

    /// A new deck file that exists already: the card is appended to it.
    pub fn new_file_exists(&self) -> bool {
        let shown = self.new_file().display().to_string();
        self.loaded.contains(&shown)
    }

    fn move_field(&mut self, by: isize) {
        let fields = self.fields();
        let i = fields.iter().position(|f| *f == self.field).unwrap_or(0) as isize;
        let n = fields.len() as isize;
        self.field = fields[(i + by).rem_euclid(n) as usize];
    }

    fn cycle(&mut self, by: isize) {
        match self.field {
            Field::Kind => {
                let i = Kind::ALL.iter().position(|k| *k == self.kind).unwrap_or(0) as isize;
                let next = Kind::ALL[(i + by).rem_euclid(Kind::ALL.len() as isize) as usize];
                if self.text(Field::Title) == default_title(self.kind) {
                    self.title = text_box(&default_title(next), "the new deck's title");
                }
                self.kind = next;
                if self.chosen().is_none_or(|d| d.kind != next) {
                    self.deck = self.options().into_iter().flatten().next();
                }
            }
            Field::Difficulty => {
                const ORDER: [Option<Difficulty>; 4] = [
                    None,
                    Some(Difficulty::Easy),
                    Some(Difficulty::Medium),
                    Some(Difficulty::Hard),
                ];
                let i = ORDER
                    .iter()
                    .position(|d| *d == self.difficulty)
                    .unwrap_or(0) as isize;
                self.difficulty = ORDER[(i + by).rem_euclid(ORDER.len() as isize) as usize];
            }
            Field::Deck => {
                let options = self.options();
                let i = options.iter().position(|o| *o == self.deck).unwrap_or(0) as isize;
                let n = options.len() as isize;
                self.deck = options[(i + by).rem_euclid(n) as usize].clone();
            }
            _ => {}
        }
    }

    /// What a key does in the form: a question's answer, a form key, a choice, or text.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match self.ask.clone() {
            Ask::Discard => {
                match lookup(ADD_CARD_DISCARD, key) {
                    Some(AddConfirmKey::Yes) => {
                        return vec![
                            Effect::CloseAddCard,
                            Effect::Status("nothing was added; the typed card was dropped".into()),
                        ];
                    }
                    Some(AddConfirmKey::No) => self.ask = Ask::Nothing,
                    None => {}
                }
                return Vec::new();
            }
            Ask::Fork(deck) => {
                match lookup(ADD_CARD_FORK, key) {
                    Some(AddConfirmKey::Yes) => {
                        self.ask = Ask::Nothing;
                        return vec![Effect::SaveCard(Box::new(self.draft(Some(deck))))];
                    }
                    Some(AddConfirmKey::No) => {
                        self.ask = Ask::Nothing;
                        self.field = Field::Deck;
                        self.error = Some(
                            "not saved: shipped decks are never written; choose one of your decks or a new deck (←/→), or save again to fork".into(),
                        );
                    }
                    None => {}
                }
                return Vec::new();
            }
            Ask::Nothing => {}
        }
        if let Some(k) = lookup(ADD_CARD, key) {
            match k {
                AddCardKey::Next => self.move_field(1),
                AddCardKey::Previous => self.move_field(-1),
                AddCardKey::Save => return self.save(),
                AddCardKey::Cancel if self.typed() => self.ask = Ask::Discard,
                AddCardKey::Cancel => return vec![Effect::CloseAddCard],
                AddCardKey::Help => return vec![Effect::Help],
            }
            return Vec::new();
        }
        let field = self.field;
        match self.text_mut(field) {
            None => match lookup(ADD_CARD_CHOICE, key) {
                Some(AddChoiceKey::NextOption) => self.cycle(1),
                Some(AddChoiceKey::PreviousOption) => self.cycle(-1),
                Some(AddChoiceKey::NextField) => self.move_field(1),
                None => {}
            },
            Some(_) if field.one_line() && lookup(ADD_CARD_LINE, key).is_some() => {
                self.move_field(1)
            }
            Some(ta) => {
                ta.input(key);
            }
        }
        Vec::new()
    }

    /// Ctrl-s: the required fields, then the fork question for a shipped deck, then the write.
    fn save(&mut self) -> Vec<Effect> {
        if self.text(Field::Prompt).is_empty() {
            self.error = Some("the prompt is empty: type the question (one line)".into());
            self.field = Field::Prompt;
            return Vec::new();
        }
        if self.text(Field::Answer).is_empty() {
            self.error = Some("the answer is empty: type the reference answer".into());
            self.field = Field::Answer;
            return Vec::new();
        }
        if let Some(d) = self.chosen().filter(|d| d.shipped) {
            self.ask = Ask::Fork(d.path.clone());
            return Vec::new();
        }
        vec![Effect::SaveCard(Box::new(self.draft(None)))]
    }

    /// The card and where it goes, as `mlprep add` would write it.
    fn draft(&self, fork: Option<String>) -> CardDraft {
        let lines = |f: Field| -> Vec<String> {
            self.text(f)
                .lines()
                .map(|l| l.trim().trim_start_matches("- ").trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        };
        let title = self.text(Field::Title);
        CardDraft {
            card: NewCard {
                kind: Some(self.kind),
                prompt: self.text(Field::Prompt),
                answer: self.text(Field::Answer),
                key_points: lines(Field::KeyPoints),
                tags: comma_list(&self.text(Field::Tags)),
                companies: comma_list(&self.text(Field::Companies)),
                difficulty: self.difficulty.map(|d| d.slug().to_string()),
                ..NewCard::default()
            },
            target: match &self.deck {
                Some(path) => Target::Deck(path.clone()),
                None => Target::NewDeck {
                    title: (!title.is_empty()).then_some(title),
                },
            },
            fork,
        }
    }

    /// The card was not written: say why; everything typed stays.
    pub fn failed(&mut self, why: String) {
        self.ask = Ask::Nothing;
        self.error = Some(why);
    }

    /// The shipped deck `from` was forked to `to` (the card may still have failed): the copy
    /// is the user's deck from now on.
    pub fn forked(&mut self, from: &str, to: String) {
        for d in self.decks.iter_mut().filter(|d| d.path == from) {
            d.path = to.clone();
            d.shipped = false;
        }
        if self.deck.as_deref() == Some(from) {
            self.deck = Some(to.clone());
        }
        self.loaded.push(to);
    }

    /// The `?` overlay's lines (F1): what the keys do now.
    pub fn help(&self) -> Vec<(&'static str, &'static str)> {
        match self.ask {
            Ask::Discard => return help(ADD_CARD_DISCARD),
            Ask::Fork(_) => return help(ADD_CARD_FORK),
            Ask::Nothing => {}
        }
        let mut h = vec![("type", "text for the focused box")];
        h.extend(help(ADD_CARD));
        h.extend(help(ADD_CARD_CHOICE));
        h
    }
}
