//! `mlprep check --fix`: appends a ` {#derived-id}` to card headings that have none, in the
//! user's deck files (the id the parser already derived, renamed only on a clash), so study
//! history stays attached when the prompt is later edited.

use super::{Library, fence, slugify};
use std::path::Path;

/// Appends ` {#derived-id}` to card headings without an id, in the user's deck files.
pub fn fix_ids(lib: &Library) -> std::io::Result<usize> {
    let mut used: std::collections::HashSet<String> = lib
        .decks
        .iter()
        .flat_map(|d| d.cards.iter().map(|c| c.id.clone()))
        .collect();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for p in lib
        .problems
        .iter()
        .filter(|p| p.message.starts_with("card has no `{#id}`"))
    {
        let path = std::path::PathBuf::from(&p.file);
        if path.is_file() && !files.contains(&path) {
            files.push(path);
        }
    }
    let mut fixed = 0;
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        let mut out = String::with_capacity(text.len() + 256);
        let mut in_fence = false;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let eol = &line[body.len()..];
            if fence(body.trim_start()).is_some() {
                in_fence = !in_fence;
            }
            if !in_fence && body.starts_with("## ") && !body.trim_end().ends_with('}') {
                let base = slugify(&body[3..]);
                // The parser derived this id already; only rename on a clash.
                let mut id = base.clone();
                let mut n = 2;
                while used.contains(&id)
                    && !lib.decks.iter().any(|d| {
                        d.cards
                            .iter()
                            .any(|c| c.id == id && c.prompt == body[3..].trim())
                    })
                {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(id.clone());
                out.push_str(&format!("{} {{#{id}}}{eol}", body.trim_end()));
                fixed += 1;
            } else {
                out.push_str(line);
            }
        }
        write_atomic(&path, out.as_bytes())?;
    }
    Ok(fixed)
}

/// Writes a file through a temporary sibling and a rename, so a crash never leaves half a file.
/// A symlinked file (a deck or config kept in a dotfiles folder) is written through to its
/// target, so the link stays a link; the file keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let resolved;
    let path = if path.is_symlink() {
        resolved = std::fs::canonicalize(path)?;
        resolved.as_path()
    } else {
        path
    };
    let tmp = path.with_extension("mlprep-tmp");
    let written = std::fs::write(&tmp, bytes).and_then(|()| {
        if let Ok(meta) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&tmp, meta.permissions());
        }
        std::fs::rename(&tmp, path)
    });
    if written.is_err() {
        // A full disk or a read-only folder leaves no half-written copy behind.
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
