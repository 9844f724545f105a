//! Anki in. An `.apkg` / `.colpkg` (a zip holding `collection.anki21b` (zstd), `.anki21` or
//! `.anki2`, read with limits against zip bombs) or a plain-text notes export becomes a new
//! markdown deck in the user's content directory, and the Anki review history joins the review
//! log so the cards keep their schedule; the deck is validated before anything is written, and
//! the file is removed again if the history cannot be saved. Exports are in `anki_export`.

use super::notes::{Note, note, parse_notes_text, render_deck};
use super::{InteropError, Result, io_err};
use crate::config::Settings;
use crate::content::{ContentRoot, Kind, Severity, parse_deck};
use crate::schedule::Grade;
use crate::store::{ImportCounts, ImportedReview, read_anki_collection};
use crate::study::Study;
use chrono::{DateTime, Utc};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Total uncompressed size accepted from one package.
pub const MAX_UNPACKED: u64 = 200 * 1024 * 1024;
/// Entries accepted in one package (media files included).
pub const MAX_ENTRIES: usize = 50_000;

/// Everything read from an Anki file, before anything is written.
#[derive(Debug, Clone, Default)]
pub struct AnkiImport {
    pub deck_name: String,
    pub notes: Vec<Note>,
    pub reviews: Vec<ImportedReview>,
    /// Revlog rows left out (other cards of a note, manual reschedules, future times).
    pub reviews_skipped: usize,
    pub warnings: Vec<String>,
}

/// Removes `mlprep-anki-<pid>-*` files whose process is gone (an import killed midway).
pub fn remove_stale_temp(dir: &Path) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("mlprep-anki-")
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        let alive = pid == std::process::id() as i32
            || unsafe { libc::kill(pid, 0) == 0 }
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        if !alive {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn fail(msg: impl Into<String>) -> InteropError {
    InteropError::Message(msg.into())
}

/// Reads an `.apkg` or a plain-text notes export (told apart by content, not name),
/// unpacking into the system temp folder; see [`read_in`].
pub fn read(path: &Path, now: DateTime<Utc>) -> Result<AnkiImport> {
    read_in(path, now, &std::env::temp_dir())
}

/// As [`read`], unpacking a package's collection into `tmp_dir` (mlprep uses
/// `<data dir>/tmp`), after removing what earlier imports killed midway left there.
pub fn read_in(path: &Path, now: DateTime<Utc>, tmp_dir: &Path) -> Result<AnkiImport> {
    remove_stale_temp(tmp_dir);
    let mut head = [0u8; 4];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| io_err(path, e))?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("Anki");
    if head[..n] == *b"PK\x03\x04" || matches!(ext, "apkg" | "colpkg") {
        return read_apkg(path, stem, now, tmp_dir);
    }
    let bytes = std::fs::read(path).map_err(|e| io_err(path, e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        fail(format!(
            "{} is neither an Anki package nor UTF-8 text",
            path.display()
        ))
    })?;
    let mut imp = AnkiImport {
        deck_name: stem.to_string(),
        ..AnkiImport::default()
    };
    imp.notes = parse_notes_text(&text, &mut imp.warnings)
        .map_err(|e| fail(format!("{}: {e}", path.display())))?;
    Ok(imp)
}

fn read_apkg(path: &Path, stem: &str, now: DateTime<Utc>, tmp_dir: &Path) -> Result<AnkiImport> {
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| {
        fail(format!(
            "{shown} is not an Anki package: not a zip file ({e})"
        ))
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(fail(format!(
            "{shown} has {} entries; more than {MAX_ENTRIES} are refused",
            zip.len()
        )));
    }
    let mut total = 0u64;
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| fail(format!("{shown}: damaged zip entry ({e})")))?;
        total = total.saturating_add(entry.size());
        names.push(entry.name().map(|n| n.into_owned()).unwrap_or_default());
    }
    if total > MAX_UNPACKED {
        return Err(fail(format!(
            "{shown} would unpack to {} MB; more than {} MB is refused (a zip bomb?)",
            total / 1_000_000,
            MAX_UNPACKED / 1_000_000
        )));
    }
    // Newest Anki: zstd-compressed `anki21b`, beside a stub `anki2` that only says "update".
    let Some(name) = [
        "collection.anki21b",
        "collection.anki21",
        "collection.anki2",
    ]
    .into_iter()
    .find(|n| names.iter().any(|m| m == n)) else {
        return Err(fail(format!(
            "{shown} is not a usable Anki package: it holds no collection.anki2, .anki21 or .anki21b"
        )));
    };
    let media = names
        .iter()
        .filter(|n| !n.starts_with("collection.") && *n != "media" && *n != "meta")
        .count();
    std::fs::create_dir_all(tmp_dir).map_err(|e| io_err(tmp_dir, e))?;
    let tmp = tmp_dir.join(format!(
        "mlprep-anki-{}-{}.sqlite",
        std::process::id(),
        now.timestamp_nanos_opt().unwrap_or_default()
    ));
    let extracted = (|| -> Result<_> {
        let entry = zip
            .by_name(name)
            .map_err(|e| fail(format!("{shown}: cannot read {name} ({e})")))?;
        let mut out = std::fs::File::create(&tmp).map_err(|e| io_err(&tmp, e))?;
        // The declared size may lie: count what is really inflated.
        let unpack = |e: std::io::Error| fail(format!("{shown}: cannot unpack {name} ({e})"));
        let copied = if name.ends_with('b') {
            let zstd = ruzstd::decoding::StreamingDecoder::new_with_max_window_size(entry, 1 << 27)
                .map_err(|e| fail(format!("{shown}: {name} is not zstd data ({e})")))?;
            std::io::copy(&mut zstd.take(MAX_UNPACKED + 1), &mut out).map_err(unpack)?
        } else {
            std::io::copy(&mut entry.take(MAX_UNPACKED + 1), &mut out).map_err(unpack)?
        };
        if copied > MAX_UNPACKED {
            return Err(fail(format!(
                "{shown}: {name} unpacks to more than {} MB",
                MAX_UNPACKED / 1_000_000
            )));
        }
        read_anki_collection(&tmp).map_err(|e| {
            fail(format!(
                "{shown}: {}",
                e.to_string().replace(&tmp.display().to_string(), name)
            ))
        })
    })();
    let _ = std::fs::remove_file(&tmp);
    let col = extracted?;
    let mut imp = AnkiImport {
        deck_name: col
            .deck_name
            .clone()
            .filter(|d| d != "Default")
            .unwrap_or_else(|| stem.to_string()),
        ..AnkiImport::default()
    };
    if media > 0 {
        imp.warnings.push(format!(
            "{media} media file(s) in the package are not copied"
        ));
    }
    for n in &col.notes {
        let fields: Vec<&str> = n.fields.iter().map(String::as_str).collect();
        imp.notes.push(note(
            format!("anki-{}", n.id),
            &fields,
            &n.tags,
            true,
            n.cloze,
            &mut imp.warnings,
        ));
    }
    for r in &col.revlog {
        let at = DateTime::from_timestamp_millis(r.at_ms);
        match (col.first_cards.get(&r.card), Grade::from_number(r.ease), at) {
            (Some(nid), Some(grade), Some(at)) if r.kind <= 3 && at <= now => {
                imp.reviews.push(ImportedReview {
                    card_id: format!("anki-{nid}"),
                    at,
                    grade,
                    duration_ms: r.time_ms.clamp(0, 3_600_000),
                })
            }
            _ => imp.reviews_skipped += 1,
        }
    }
    Ok(imp)
}

/// What an installed import wrote.
#[derive(Debug, Clone)]
pub struct Installed {
    pub deck: PathBuf,
    pub cards: usize,
    /// Notes whose id a loaded deck already has (imported before): not written again.
    pub already_present: usize,
    pub history: ImportCounts,
}

/// Writes the notes as a new deck in `into` (default: the first content directory) and merges
/// the review history. The deck is checked before it is written; if saving the history fails
/// the deck file is removed again.
pub fn install(
    settings: Settings,
    imp: &AnkiImport,
    kind: Kind,
    into: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<Installed> {
    let dir = match into {
        Some(d) => d.to_path_buf(),
        None => settings
            .roots
            .iter()
            .find_map(|r| match r {
                ContentRoot::Dir(d) => Some(d.clone()),
                ContentRoot::Builtin => None,
            })
            .ok_or_else(|| fail("no content directory to write the deck into: pass --into DIR, or add one with --content DIR or `content = [...]` in the config file"))?,
    };
    if imp.notes.is_empty() {
        return Err(fail("the file holds no notes; nothing was written"));
    }
    let known: std::collections::HashSet<String> = crate::content::load_roots(&settings.roots)
        .decks
        .iter()
        .flat_map(|d| d.cards.iter().map(|c| c.id.clone()))
        .collect();
    let fresh: Vec<Note> = imp
        .notes
        .iter()
        .filter(|n| !known.contains(&n.id))
        .cloned()
        .collect();
    let already_present = imp.notes.len() - fresh.len();
    let slug = crate::content::slugify(&imp.deck_name);
    // A later import of the same Anki deck (new notes only) goes beside the first one.
    let mut path = dir.join(format!("anki-{slug}.md"));
    for n in 2.. {
        if !path.exists() {
            break;
        }
        path = dir.join(format!("anki-{slug}-{n}.md"));
    }
    let mut written = None;
    if !fresh.is_empty() {
        let text = render_deck(&format!("Anki: {}", imp.deck_name), kind, &fresh);
        let (_, problems) = parse_deck(&path.display().to_string(), text.as_bytes());
        if let Some(p) = problems.iter().find(|p| p.severity == Severity::Error) {
            return Err(fail(format!(
                "the converted deck does not validate, so nothing was written: {p}"
            )));
        }
        written = Some(text);
    }
    let mut settings = settings;
    if into.is_some() && !settings.roots.contains(&ContentRoot::Dir(dir.clone())) {
        settings.roots.push(ContentRoot::Dir(dir.clone()));
    }
    // The history commits first, with the new deck's cards known; only then does the deck
    // file appear (a temporary name renamed into place). A kill in between leaves the history
    // and no deck: importing again adds the deck and skips the reviews already there.
    let tmp = dir.join(format!(".anki-{slug}.md.partial"));
    let history = (|| -> anyhow::Result<ImportCounts> {
        let mut library = crate::content::load_roots(&settings.roots);
        if let Some(text) = &written {
            std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
            std::fs::write(&tmp, text).map_err(|e| io_err(&tmp, e))?;
            let (deck, _) = parse_deck(&path.display().to_string(), text.as_bytes());
            library.decks.extend(deck);
        }
        let mut store = crate::store::Store::open(&settings.db_path)?;
        let sync = store.sync(&library.decks, now)?;
        let mut study = Study::with(settings, library, store, sync)?;
        if written.is_some() {
            // Not written by the user: its code (if any) runs only after they have seen it.
            let origin = format!("an Anki import (deck \"{}\")", imp.deck_name);
            study
                .store
                .mark_foreign(&path.display().to_string(), &origin)?;
        }
        Ok(study
            .store
            .import_reviews(&imp.reviews, "anki", &study.scheduler)?)
    })();
    let history = match history {
        Ok(h) => h,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(fail(format!(
                "saving the Anki review history failed, so the deck was not kept: {e:#}"
            )));
        }
    };
    if written.is_some() {
        std::fs::rename(&tmp, &path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io_err(&path, e)
        })?;
    }
    Ok(Installed {
        deck: path,
        cards: fresh.len(),
        already_present,
        history,
    })
}
