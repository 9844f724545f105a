//! Walking a user's content folder safely: every directory is read at most once (symlink
//! cycles and second links are reported once, by path), only regular files are read, each
//! with a size limit checked before reading, and paths the system cannot open (longer than
//! PATH_MAX) are reported instead of skipped in silence. Owns no parsing.

use super::load::{Origin, SourceFile, is_deck_path};
use super::{Library, Problem, Severity};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest deck, loop or story file mlprep reads. Real decks are well under 1 MB; the
/// limit keeps a sparse or endless file from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file only when it is a regular file of at most [`MAX_FILE_BYTES`]. FIFOs, devices
/// and sockets are refused without blocking (the file is opened non-blocking and checked
/// before a byte is read). The error is the message a user sees.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    read_with_limit(path, MAX_FILE_BYTES)
}

fn read_with_limit(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    // A stat first: opening a FIFO for reading would block until a writer comes.
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?;
    check_meta(&meta, limit)?;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts
        .open(path)
        .map_err(|e| format!("cannot read file: {e}"))?;
    // Checked again on the open file: it may have been swapped since the stat.
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read file: {e}"))?;
    check_meta(&meta, limit)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

fn check_meta(meta: &std::fs::Metadata, limit: u64) -> Result<(), String> {
    if !meta.is_file() {
        return Err("not a regular file (a pipe, device or socket); not read".into());
    }
    if meta.len() > limit {
        return Err(too_large(meta.len(), limit));
    }
    Ok(())
}

fn too_large(len: u64, limit: u64) -> String {
    format!(
        "file too large: {} MB (the limit is {} MB per file); not read",
        len.div_ceil(1024 * 1024),
        limit / (1024 * 1024)
    )
}

/// The longest path the system opens; deeper folders are reported, not skipped in silence.
#[cfg(unix)]
const PATH_MAX: usize = libc::PATH_MAX as usize;
#[cfg(not(unix))]
const PATH_MAX: usize = 4096;

/// A directory's identity: (device, inode) on Unix, its canonical path elsewhere.
#[derive(Hash, PartialEq, Eq)]
enum DirKey {
    #[cfg(unix)]
    Inode(u64, u64),
    #[allow(dead_code)]
    Path(PathBuf),
}

fn dir_key(path: &Path, meta: &std::fs::Metadata) -> DirKey {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        DirKey::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        DirKey::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// Collects the deck files under `root` (read later, in the parsing threads) and reads its loop
/// files and own material, reporting every folder or file it cannot use.
pub(super) fn walk(
    root: &Path,
    files: &mut Vec<SourceFile>,
    loops: &mut Vec<(String, String, String)>,
    lib: &mut Library,
) {
    let mut w = Walker {
        root,
        visited: HashSet::new(),
        files,
        loops,
        lib,
    };
    match std::fs::metadata(root) {
        Ok(meta) => {
            w.visited.insert(dir_key(root, &meta));
            w.dir(root, None);
        }
        Err(e) => w.problem(root, format!("cannot read directory: {e}")),
    }
}

struct Walker<'a> {
    root: &'a Path,
    visited: HashSet<DirKey>,
    files: &'a mut Vec<SourceFile>,
    loops: &'a mut Vec<(String, String, String)>,
    lib: &'a mut Library,
}

impl Walker<'_> {
    fn problem(&mut self, path: &Path, message: String) {
        self.lib.problems.push(Problem {
            file: path.display().to_string(),
            line: 0,
            severity: Severity::Error,
            message,
        });
    }

    /// Reads one folder; `foreign` is the origin of a `.mlprep-foreign` marker above it.
    fn dir(&mut self, dir: &Path, foreign: Option<&str>) {
        let marked = foreign_marker(dir);
        let foreign = marked.as_deref().or(foreign);
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => return self.problem(dir, format!("cannot read directory: {e}")),
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            self.entry(path, foreign);
        }
    }

    fn entry(&mut self, path: PathBuf, foreign: Option<&str>) {
        let rel = path
            .strip_prefix(self.root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let hidden = rel.rsplit('/').next().unwrap_or("").starts_with('.');
        if path.as_os_str().len() >= PATH_MAX {
            if !hidden {
                self.problem(
                    &path,
                    format!("path longer than the system limit ({PATH_MAX} bytes); not read"),
                );
            }
            return;
        }
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                // A dangling or looping symlink, or a name too long to open.
                let named_too_long = e.raw_os_error() == Some(name_too_long());
                if !hidden && (named_too_long || is_wanted(&rel)) {
                    self.problem(&path, format!("cannot read: {e}"));
                }
                return;
            }
        };
        if meta.is_dir() {
            if hidden {
                return;
            }
            if !self.visited.insert(dir_key(&path, &meta)) {
                let target = std::fs::canonicalize(&path)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| "?".into());
                // Nothing is lost (its decks were read once), so a warning, not an error.
                return self.lib.problems.push(Problem {
                    file: path.display().to_string(),
                    line: 0,
                    severity: Severity::Warning,
                    message: format!(
                        "folder already read (a symlink loop or a second link to {target}); skipped"
                    ),
                });
            }
            return self.dir(&path, foreign);
        }
        if !is_wanted(&rel) {
            return;
        }
        let display = path.display().to_string();
        let is_loop = rel.starts_with("loops/") && rel.ends_with(".toml");
        let is_own = is_own(&rel);
        if !(is_loop || is_own) {
            if let Some(origin) = foreign {
                self.lib.foreign.insert(display.clone(), origin.to_string());
            }
            self.files.push(SourceFile {
                rel,
                display,
                origin: Origin::Disk(path),
            });
            return;
        }
        match read_limited(&path) {
            Ok(bytes) if is_loop => {
                self.loops
                    .push((rel, display, String::from_utf8_lossy(&bytes).into_owned()))
            }
            Ok(bytes) => self
                .lib
                .own_material
                .push((display, String::from_utf8_lossy(&bytes).into_owned())),
            Err(message) => self.problem(&path, message),
        }
    }
}

/// Calls `f` for every file under `root` (following symlinks, each directory once, hidden
/// entries skipped): what the change watcher and the library size measure walk, so a symlink
/// loop cannot send them round forever.
pub fn for_each_file(root: &Path, f: &mut impl FnMut(&Path, &std::fs::Metadata)) {
    fn go(
        dir: &Path,
        visited: &mut HashSet<DirKey>,
        f: &mut impl FnMut(&Path, &std::fs::Metadata),
    ) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let hidden = p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden || p.as_os_str().len() >= PATH_MAX {
                continue;
            }
            let Ok(meta) = std::fs::metadata(&p) else {
                continue;
            };
            if meta.is_dir() {
                if visited.insert(dir_key(&p, &meta)) {
                    go(&p, visited, f);
                }
            } else {
                f(&p, &meta);
            }
        }
    }
    let mut visited = HashSet::new();
    if let Ok(meta) = std::fs::metadata(root) {
        visited.insert(dir_key(root, &meta));
        go(root, &mut visited, f);
    }
}

/// The file that marks a folder's decks as not written by the user (cloned, downloaded, shared):
/// their code runs only after the user has seen it and said yes. Its first line, if any, says
/// where the decks came from.
pub const FOREIGN_MARKER: &str = ".mlprep-foreign";

fn foreign_marker(dir: &Path) -> Option<String> {
    let marker = dir.join(FOREIGN_MARKER);
    if !std::fs::metadata(&marker).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let text = read_limited(&marker).unwrap_or_default();
    let first = String::from_utf8_lossy(&text)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    Some(if first.is_empty() {
        format!("a folder marked as not yours ({})", dir.display())
    } else {
        super::inert(&first).chars().take(200).collect()
    })
}

fn is_own(rel: &str) -> bool {
    (rel.starts_with("stories/") || rel.starts_with("projects/")) && rel.ends_with(".md")
        || rel == crate::own::principles::FILE
}

/// Files the walk uses: decks, loop files and own material.
fn is_wanted(rel: &str) -> bool {
    (rel.starts_with("loops/") && rel.ends_with(".toml")) || is_own(rel) || is_deck_path(rel)
}

fn name_too_long() -> i32 {
    #[cfg(unix)]
    {
        libc::ENAMETOOLONG
    }
    #[cfg(not(unix))]
    {
        -1
    }
}

#[cfg(test)]
#[path = "walk_tests.rs"]
mod tests;
