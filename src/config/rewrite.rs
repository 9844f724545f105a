//! Changing the user's config file safely: the new text must still read as a config file and
//! say what was meant, or the file is left as it was; then it replaces the old one in one
//! rename (through a link to its target). Used for interview dates and fitted parameters.

use super::ConfigFile;
use std::path::{Path, PathBuf};

/// Why a rewrite left the file alone.
#[derive(Debug)]
pub enum RewriteError {
    /// Reading the old file or writing the new one failed.
    Io(PathBuf, std::io::Error),
    /// The new text would not read as a config file (TOML's message).
    Unreadable(String),
    /// It reads, but does not say what was meant.
    Lost,
}

/// Rewrites the config file at `path` (a missing file reads as empty) to `edit(old text)`,
/// keeping the result only when it reads as a config file and `check` accepts what it says.
pub fn rewrite(
    path: &Path,
    edit: impl FnOnce(&str) -> String,
    check: impl FnOnce(&ConfigFile) -> bool,
) -> Result<(), RewriteError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| RewriteError::Io(p, e)
    };
    let old = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io(path)(e)),
    };
    let text = edit(&old);
    let parsed: ConfigFile =
        toml::from_str(&text).map_err(|e| RewriteError::Unreadable(e.message().to_string()))?;
    if !check(&parsed) {
        return Err(RewriteError::Lost);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    crate::content::write_atomic(path, text.as_bytes()).map_err(io(path))
}
