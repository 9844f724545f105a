//! The study context's view of files: a fingerprint of the user's deck directories (edits on
//! disk are picked up), their size (large libraries keep text on disk), and reading one deck.

/// A fingerprint of the user's content directories (paths, sizes, modification times): when it
/// changes, files were edited on disk and the decks are re-read.
pub fn content_stamp(roots: &[crate::content::ContentRoot]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    fn walk(dir: &std::path::Path, h: &mut impl Hasher) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, h);
            } else if let Ok(m) = p.metadata() {
                p.hash(h);
                m.len().hash(h);
                m.modified().ok().hash(h);
            }
        }
    }
    for root in roots {
        if let crate::content::ContentRoot::Dir(d) = root {
            walk(d, &mut h);
        }
    }
    h.finish()
}

/// Bytes of `.md` files under the user's content directories.
pub(super) fn user_deck_bytes(roots: &[crate::content::ContentRoot]) -> u64 {
    fn walk(dir: &std::path::Path) -> u64 {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        entries
            .flatten()
            .map(|e| {
                let p = e.path();
                if p.is_dir() {
                    walk(&p)
                } else if p.extension().is_some_and(|x| x == "md") {
                    e.metadata().map(|m| m.len()).unwrap_or(0)
                } else {
                    0
                }
            })
            .sum()
    }
    roots
        .iter()
        .map(|r| {
            if let crate::content::ContentRoot::Dir(d) = r {
                walk(d)
            } else {
                0
            }
        })
        .sum()
}

/// A deck's text and its hash, from its file or from the decks built into mlprep.
pub(super) fn read_deck(path: &str) -> Option<(std::sync::Arc<String>, u64)> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(_) => crate::content::BUILTIN
            .get_file(path.strip_prefix("content/")?)?
            .contents()
            .to_vec(),
    };
    let (deck, _) = crate::content::parse_deck_owned(path, bytes);
    let deck = deck?;
    let text = deck
        .cards
        .first()
        .map(|c| c.src.clone())
        .unwrap_or_default();
    Some((text, deck.hash))
}
