//! Forking a shipped deck: its text (as embedded in mlprep) is copied to the same relative path
//! in the user's content directory, where it replaces the shipped deck. Card ids are unchanged,
//! so review history carries over. Used by `e` on a shipped card, wherever mlprep runs from
//! (a checkout's `content/` is never edited in place).

use crate::config::Settings;
use crate::content::{BUILTIN, ContentRoot};
use std::path::PathBuf;

/// The shipped deck a card's deck path (`content/<rel>`) names, as its relative path.
pub fn shipped_rel(deck: &str) -> Option<&str> {
    let rel = deck.strip_prefix("content/")?;
    BUILTIN.get_file(rel).map(|_| rel)
}

/// The user's content directory a fork goes to: the first one configured (`--content`,
/// `MLPREP_CONTENT`, `content = [...]`), else `<data dir>/content`, which is always loaded.
pub fn target_dir(settings: &Settings) -> PathBuf {
    settings
        .roots
        .iter()
        .find_map(|r| match r {
            ContentRoot::Dir(d) => Some(d.clone()),
            ContentRoot::Builtin => None,
        })
        .unwrap_or_else(|| settings.data_dir.join("content"))
}

/// Where the fork of `rel` goes.
pub fn destination(settings: &Settings, rel: &str) -> PathBuf {
    target_dir(settings).join(rel)
}

/// Copies the shipped deck `rel` to the user's content directory (kept as it is if a fork is
/// already there) and makes sure that directory is loaded. Returns the user's file.
pub fn fork(settings: &mut Settings, rel: &str) -> std::io::Result<PathBuf> {
    let bytes = BUILTIN
        .get_file(rel)
        .map(|f| f.contents())
        .ok_or_else(|| std::io::Error::other(format!("no shipped deck {rel}")))?;
    let root = target_dir(settings);
    let dest = root.join(rel);
    if !dest.exists() {
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = dest.with_extension("md.partial");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &dest)?;
    }
    let root = ContentRoot::Dir(root);
    if !settings.roots.contains(&root) {
        settings.roots.push(root);
    }
    Ok(dest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_roots;

    #[test]
    fn a_fork_replaces_the_shipped_deck_with_the_same_ids() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::with_roots(vec![ContentRoot::Builtin], dir.path().join("db"));
        let before = load_roots(&settings.roots);
        let deck = &before.decks[0];
        let rel = shipped_rel(&deck.path).unwrap().to_string();
        assert!(shipped_rel("my/decks/x.md").is_none());
        assert_eq!(
            destination(&settings, &rel),
            dir.path().join("content").join(&rel)
        );
        let path = fork(&mut settings, &rel).unwrap();
        assert_eq!(path, dir.path().join("content").join(&rel));
        let after = load_roots(&settings.roots);
        let forked = after
            .decks
            .iter()
            .find(|d| d.path == path.display().to_string())
            .unwrap();
        let ids =
            |d: &crate::content::Deck| d.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(forked), ids(deck));
        assert!(!after.decks.iter().any(|d| d.path == deck.path), "shadowed");
        // A second fork keeps the user's edits.
        std::fs::write(&path, "edited").unwrap();
        fork(&mut settings, &rel).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited");
    }
}
