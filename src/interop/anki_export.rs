//! Cards out to Anki: the plain-text notes format (TSV with Anki's `#separator:tab`,
//! `#html:true`, `#tags column:3` headers) and a minimal `.apkg` (a zip holding a fresh
//! schema-11 `collection.anki2` with one Basic note per card, all new). Each note's guid is
//! derived from the card id, so importing a later export updates notes instead of doubling.

use super::html::{clean, to_anki_html};
use super::notes::tag_list;
use super::{InteropError, Result, io_err};
use crate::content::Card;
use crate::store::{AnkiNoteOut, write_anki_collection};
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::Path;

/// Front and back as Anki HTML, and the tags (the card's, plus `mlprep::<kind>`).
fn sides(c: &Card) -> (String, String, Vec<String>) {
    let front = format!("{}\n\n{}", c.prompt, c.body());
    let mut back = c.answer().to_string();
    let points: Vec<&str> = c.key_points().collect();
    if !points.is_empty() {
        back.push_str("\n\nKey points:\n");
        for p in points {
            back.push_str(&format!("- {p}\n"));
        }
    }
    let joined: Vec<String> = c.tags.iter().map(|t| t.replace(' ', "_")).collect();
    let mut tags = tag_list(&joined.join(" "));
    tags.push(format!("mlprep::{}", c.kind.slug()));
    (to_anki_html(&front), to_anki_html(&back), tags)
}

/// The cards as Anki's plain-text notes format: front, back (HTML) and tags, tab-separated.
pub fn export_tsv(cards: &[&Card]) -> String {
    let mut out = String::from("#separator:tab\n#html:true\n#tags column:3\n");
    for c in cards {
        let (front, back, tags) = sides(c);
        out.push_str(&format!("{}\t{}\t{}\n", front, back, tags.join(" ")));
    }
    out
}

/// Writes the cards as an Anki package at `path` (atomically: a temporary file, then rename).
pub fn export_apkg(cards: &[&Card], deck: &str, path: &Path, now: DateTime<Utc>) -> Result<()> {
    let notes: Vec<AnkiNoteOut> = cards
        .iter()
        .map(|c| {
            let (front_html, back_html, tags) = sides(c);
            AnkiNoteOut {
                guid: format!("mlprep-{}", c.id),
                front_html,
                back_html,
                sort_text: clean(&c.prompt),
                tags,
            }
        })
        .collect();
    let stamp = now.timestamp_millis();
    let col = std::env::temp_dir().join(format!(
        "mlprep-export-{}-{stamp}.anki2",
        std::process::id()
    ));
    let partial = path.with_extension("apkg.partial");
    let result = (|| -> Result<()> {
        write_anki_collection(&col, deck, &notes, stamp)?;
        let bytes = std::fs::read(&col).map_err(|e| io_err(&col, e))?;
        let file = std::fs::File::create(&partial).map_err(|e| io_err(&partial, e))?;
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let zipped = |e: zip::result::ZipError| {
            InteropError::Message(format!("writing {}: {e}", path.display()))
        };
        zip.start_file("collection.anki2", options)
            .map_err(zipped)?;
        zip.write_all(&bytes).map_err(|e| io_err(&partial, e))?;
        zip.start_file("media", options).map_err(zipped)?;
        zip.write_all(b"{}").map_err(|e| io_err(&partial, e))?;
        zip.finish()
            .map_err(zipped)?
            .sync_all()
            .map_err(|e| io_err(&partial, e))?;
        std::fs::rename(&partial, path).map_err(|e| io_err(path, e))
    })();
    let _ = std::fs::remove_file(&col);
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}
