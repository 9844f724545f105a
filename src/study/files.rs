//! The study context's view of files: a fingerprint of the user's deck directories (edits on
//! disk are picked up), their size (large libraries keep text on disk), and reading one deck.

/// A fingerprint of the user's content directories (paths, sizes, modification times): when it
/// changes, files were edited on disk and the decks are re-read. Symlink loops are walked once.
pub fn content_stamp(roots: &[crate::content::ContentRoot]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for root in roots {
        if let crate::content::ContentRoot::Dir(d) = root {
            crate::content::for_each_file(d, &mut |p, m| {
                p.hash(&mut h);
                m.len().hash(&mut h);
                m.modified().ok().hash(&mut h);
            });
        }
    }
    h.finish()
}

/// Bytes of `.md` files under the user's content directories.
pub(super) fn user_deck_bytes(roots: &[crate::content::ContentRoot]) -> u64 {
    let mut total = 0;
    for root in roots {
        if let crate::content::ContentRoot::Dir(d) = root {
            crate::content::for_each_file(d, &mut |p, m| {
                if p.extension().is_some_and(|x| x == "md") && m.is_file() {
                    total += m.len();
                }
            });
        }
    }
    total
}

/// A deck's text and its hash, from its file or from the decks built into mlprep.
pub(super) fn read_deck(path: &str) -> Option<(std::sync::Arc<String>, u64)> {
    let deck = crate::content::reload_deck(path)?;
    let text = deck
        .cards
        .first()
        .map(|c| c.src.clone())
        .unwrap_or_default();
    Some((text, deck.hash))
}
