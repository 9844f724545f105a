//! Writing cards from the app (`a` on home and in the browser; `mlprep add`): a card goes into
//! one of the user's decks (or a new deck in the first content directory) with an explicit id,
//! is checked with the same parser before the file is replaced, and is in the next session at
//! once. Shipped decks are never written; [`Study::fork_deck`] copies one into the user's
//! content directory with the same ids (the copy shadows the shipped deck, history stays).

use crate::content::{BUILTIN, ContentRoot, Deck, Kind, Problem, Severity, parse_deck, slugify};
use crate::study::Study;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// A card to write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewCard {
    /// Explicit id; None derives one from the prompt (made unique).
    pub id: Option<String>,
    /// Must match the deck's kind; None takes it (a new deck defaults to breadth).
    pub kind: Option<Kind>,
    pub prompt: String,
    pub answer: String,
    pub key_points: Vec<String>,
    pub tags: Vec<String>,
    pub companies: Vec<String>,
    pub difficulty: Option<String>,
}

/// Where the card goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An existing deck: its path as shown, a path ending, or its title.
    Deck(String),
    /// A new deck file in the first content directory (or the one with this title, if it
    /// exists already).
    NewDeck { title: Option<String> },
}

/// A card written.
#[derive(Debug, Clone, PartialEq)]
pub struct Added {
    pub id: String,
    pub file: PathBuf,
    pub line: u32,
    /// Warnings the parser gave about the new card (`file:line: warning: ...`).
    pub warnings: Vec<String>,
}

/// A shipped deck copied into the user's content directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Forked {
    pub from: String,
    pub to: PathBuf,
    pub cards: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthoringError {
    #[error(
        "`{deck}` is a deck shipped with mlprep and is never written; fork it into your content directory first (`mlprep add --fork --deck {deck}`, or `a` in the app, which offers the fork): same ids, so its history stays attached"
    )]
    ShippedDeck { deck: String },
    #[error(
        "no content directory to write to: pass `--content DIR` or add `content = [\"DIR\"]` to the config file"
    )]
    NoContentDir,
    #[error("no deck matches `{0}` (give its path or title; `mlprep check` lists the decks)")]
    NoSuchDeck(String),
    #[error("`{0}` is not a shipped deck (only shipped decks are forked)")]
    NotShipped(String),
    #[error("{0} exists already; it is your copy (edit it, or remove it to fork again)")]
    ForkExists(PathBuf),
    #[error("the deck `{deck}` holds {deck_kind} cards; a {kind} card needs a {kind} deck")]
    KindMismatch {
        deck: String,
        deck_kind: Kind,
        kind: Kind,
    },
    #[error("card id `{0}` is already used (ids are unique across all decks)")]
    IdTaken(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the card was not written, the deck would not parse:\n{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Problems(Vec<Problem>),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("reloading the decks: {0}")]
    Reload(String),
}

type Result<T> = std::result::Result<T, AuthoringError>;

impl Study {
    /// The user's content directories, in order (the first one receives new decks).
    fn content_dirs(&self) -> Vec<&Path> {
        self.settings
            .roots
            .iter()
            .filter_map(|r| match r {
                ContentRoot::Dir(d) => Some(d.as_path()),
                ContentRoot::Builtin => None,
            })
            .collect()
    }

    /// Whether a deck (by its shown path) comes from the decks built into mlprep.
    pub fn is_shipped(&self, deck_path: &str) -> bool {
        let under_user_dir = self
            .content_dirs()
            .iter()
            .any(|d| Path::new(deck_path).starts_with(d));
        !under_user_dir
            && deck_path
                .strip_prefix("content/")
                .is_some_and(|rel| BUILTIN.get_file(rel).is_some())
    }

    fn find_deck(&self, name: &str) -> Option<&Deck> {
        let decks = &self.library.decks;
        decks
            .iter()
            .find(|d| d.path == name)
            .or_else(|| decks.iter().find(|d| d.path.ends_with(name)))
            .or_else(|| decks.iter().find(|d| d.title.eq_ignore_ascii_case(name)))
    }

    /// Writes a card (see the module doc) and reloads the decks so it is studied at once.
    pub fn add_card(
        &mut self,
        card: &NewCard,
        target: &Target,
        now: DateTime<Utc>,
    ) -> Result<Added> {
        let prompt = card.prompt.trim();
        if prompt.is_empty() || prompt.contains('\n') || prompt.contains("{#") {
            return Err(AuthoringError::Invalid(
                "the prompt must be one non-empty line without `{#`".into(),
            ));
        }
        if card.answer.trim().is_empty() {
            return Err(AuthoringError::Invalid("the answer is empty".into()));
        }
        let (file, shown, old_text, kind) = match target {
            Target::Deck(name) => {
                let deck = self
                    .find_deck(name)
                    .ok_or_else(|| AuthoringError::NoSuchDeck(name.clone()))?;
                if self.is_shipped(&deck.path) {
                    return Err(AuthoringError::ShippedDeck {
                        deck: deck.path.clone(),
                    });
                }
                let file = PathBuf::from(&deck.path);
                let text = std::fs::read_to_string(&file).map_err(|source| AuthoringError::Io {
                    path: file.clone(),
                    source,
                })?;
                (file, deck.path.clone(), text, deck.kind)
            }
            Target::NewDeck { title } => {
                let dir = *self
                    .content_dirs()
                    .first()
                    .ok_or(AuthoringError::NoContentDir)?;
                let kind = card.kind.unwrap_or(Kind::Breadth);
                let title = title
                    .clone()
                    .unwrap_or_else(|| format!("My {} cards", kind.title()));
                let file = dir.join(format!("{}.md", slugify(&title)));
                let shown = file.display().to_string();
                if let Some(deck) = self.library.decks.iter().find(|d| d.path == shown) {
                    let text =
                        std::fs::read_to_string(&file).map_err(|source| AuthoringError::Io {
                            path: file.clone(),
                            source,
                        })?;
                    (file, shown, text, deck.kind)
                } else {
                    let head = format!(
                        "+++\ntitle = {}\nkind = \"{}\"\n+++\n",
                        toml_string(&title),
                        kind.slug()
                    );
                    (file, shown, head, kind)
                }
            }
        };
        if let Some(k) = card.kind
            && k != kind
        {
            return Err(AuthoringError::KindMismatch {
                deck: shown,
                deck_kind: kind,
                kind: k,
            });
        }
        let id = match &card.id {
            Some(id) if self.card(id).is_some() => return Err(AuthoringError::IdTaken(id.clone())),
            Some(id) => id.clone(),
            None => self.unused_id(&slugify(prompt)),
        };
        let mut text = old_text;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let line = text.lines().count() as u32 + 2;
        text.push('\n');
        text.push_str(&render(card, prompt, &id));
        let (parsed, problems) = parse_deck(&shown, text.as_bytes());
        let mine: Vec<Problem> = problems.into_iter().filter(|p| p.line >= line).collect();
        let card_ok = parsed
            .as_ref()
            .and_then(|d| d.cards.iter().find(|c| c.id == id))
            .is_some_and(|c| c.line == line && !c.answer.is_empty());
        if !card_ok || mine.iter().any(|p| p.severity == Severity::Error) {
            return Err(AuthoringError::Problems(mine));
        }
        write_atomic(&file, text.as_bytes())?;
        self.reload(now)
            .map_err(|e| AuthoringError::Reload(format!("{e:#}")))?;
        Ok(Added {
            id,
            file,
            line,
            warnings: mine.iter().map(|p| p.to_string()).collect(),
        })
    }

    fn unused_id(&self, base: &str) -> String {
        let base = if base.is_empty() { "card" } else { base };
        let mut id = base.to_string();
        let mut n = 2;
        while self.card(&id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// Copies a shipped deck into the first content directory at the same relative path, so
    /// it shadows the shipped one with the same ids (their history stays attached).
    pub fn fork_deck(&mut self, name: &str, now: DateTime<Utc>) -> Result<Forked> {
        let deck = self
            .find_deck(name)
            .ok_or_else(|| AuthoringError::NoSuchDeck(name.to_string()))?;
        if !self.is_shipped(&deck.path) {
            return Err(AuthoringError::NotShipped(deck.path.clone()));
        }
        let from = deck.path.clone();
        let cards = deck.cards.len();
        let rel = from.trim_start_matches("content/");
        let bytes = BUILTIN
            .get_file(rel)
            .map(|f| f.contents())
            .ok_or_else(|| AuthoringError::NotShipped(from.clone()))?;
        let dir = *self
            .content_dirs()
            .first()
            .ok_or(AuthoringError::NoContentDir)?;
        let to = dir.join(rel);
        if to.exists() {
            return Err(AuthoringError::ForkExists(to));
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|source| AuthoringError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_atomic(&to, bytes)?;
        self.reload(now)
            .map_err(|e| AuthoringError::Reload(format!("{e:#}")))?;
        Ok(Forked { from, to, cards })
    }
}

/// The card as deck markdown (PRODUCT.md §2).
fn render(card: &NewCard, prompt: &str, id: &str) -> String {
    let mut out = format!("## {prompt} {{#{id}}}\n");
    let meta = |key: &str, v: &[String]| {
        let v: Vec<&str> = v
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        (!v.is_empty()).then(|| format!("{key}: {}\n", v.join(", ")))
    };
    if let Some(d) = &card.difficulty {
        out.push_str(&format!("difficulty: {}\n", d.trim()));
    }
    out.extend(meta("tags", &card.tags));
    out.extend(meta("companies", &card.companies));
    out.push_str(&format!("\n### Answer\n\n{}\n", card.answer.trim()));
    let points: Vec<&str> = card
        .key_points
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if !points.is_empty() {
        out.push_str("\n### Key points\n\n");
        for p in points {
            out.push_str(&format!("- {p}\n"));
        }
    }
    out
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Through a temporary sibling and a rename: a crash never leaves half a deck, and a linked
/// deck stays a link.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::content::write_atomic(path, bytes).map_err(|source| AuthoringError::Io {
        path: path.to_path_buf(),
        source,
    })
}
