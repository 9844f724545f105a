//! The sync folder on disk: which files are journals (including the conflicted copies that
//! Dropbox and Syncthing make), reading every valid line while reporting the rest with file and
//! line, appending this device's events, and each device's small status file. No SQL.

use super::event::{Event, LineProblem, parse_line};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Journal and status files start with this.
pub const PREFIX: &str = "mlprep-";

/// A line that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub file: PathBuf,
    /// 1-based; 0 when the whole file is concerned.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}

/// Everything read from the sync folder.
#[derive(Debug, Default)]
pub struct Folder {
    /// Valid events with their exact line, in file then line order (duplicates included).
    pub events: Vec<(Event, String)>,
    pub issues: Vec<Issue>,
    /// Journal files read (conflicted copies included).
    pub files: Vec<PathBuf>,
    /// Per device: events seen and the newest event time.
    pub devices: BTreeMap<String, (usize, i64)>,
    /// Per journal file name: how far it has now been read.
    pub cursors: BTreeMap<String, Cursor>,
    /// A file read before was rewritten or removed (not only appended to): read again from the
    /// start, with no cursors.
    pub rewritten: bool,
}

/// How far a journal was read: the bytes up to the end of its last complete line, the lines in
/// them, and the bytes just before that point (a file rewritten, not appended to, differs there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub bytes: u64,
    pub lines: u64,
    pub tail: Vec<u8>,
}

/// Bytes kept in a [`Cursor`]'s tail.
const TAIL: usize = 64;

/// What a device says about itself in `mlprep-DEVICE.device.json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeviceStatus {
    pub device: String,
    pub name: String,
    pub last_sync: i64,
    pub mlprep: String,
}

/// Whether a file name is a journal: `mlprep-DEVICE-YYYY-MM.jsonl`, or a conflicted copy of one
/// (`… (conflicted copy …).jsonl`, `….sync-conflict-….jsonl`).
pub fn is_journal(name: &str) -> bool {
    name.starts_with(PREFIX) && (name.ends_with(".jsonl") || name.contains(".sync-conflict-"))
}

/// Whether a name is a conflicted copy made by a file-sync tool.
pub fn is_conflicted_copy(name: &str) -> bool {
    name.contains("conflicted copy") || name.contains(".sync-conflict-")
}

/// The journal file this device appends to for the month of `at`.
pub fn journal_path(dir: &Path, device: &str, at: DateTime<Utc>) -> PathBuf {
    dir.join(format!("{PREFIX}{device}-{}.jsonl", at.format("%Y-%m")))
}

fn status_path(dir: &Path, device: &str) -> PathBuf {
    dir.join(format!("{PREFIX}{device}.device.json"))
}

/// Reads every journal in `dir`: never fails on a bad file, reports it instead.
pub fn read_folder(dir: &Path) -> Folder {
    read_folder_from(dir, &BTreeMap::new())
}

/// As [`read_folder`], reading only what was appended to each file since its cursor. When a
/// file with a cursor was rewritten or removed, stops with `rewritten` set.
pub fn read_folder_from(dir: &Path, cursors: &BTreeMap<String, Cursor>) -> Folder {
    let mut folder = Folder::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            folder.issues.push(Issue {
                file: dir.to_path_buf(),
                line: 0,
                message: format!("cannot list the sync folder: {e}"),
            });
            return folder;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_journal)
        })
        .collect();
    paths.sort();
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let present: std::collections::HashSet<String> = paths.iter().map(|p| name(p)).collect();
    if cursors.keys().any(|k| !present.contains(k)) {
        folder.rewritten = true;
        return folder;
    }
    for path in paths {
        let n = name(&path);
        if let Some(c) = read_file(&path, cursors.get(&n), &mut folder) {
            folder.cursors.insert(n, c);
        }
        if folder.rewritten {
            return folder;
        }
        folder.files.push(path);
    }
    folder
}

fn read_file(path: &Path, from: Option<&Cursor>, folder: &mut Folder) -> Option<Cursor> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            folder.issues.push(Issue {
                file: path.to_path_buf(),
                line: 0,
                message: format!("cannot read: {e}"),
            });
            return None;
        }
    };
    let (start, first_line) = match from {
        Some(c) => {
            let at = usize::try_from(c.bytes).unwrap_or(usize::MAX);
            let same = at <= bytes.len()
                && at >= c.tail.len()
                && bytes[at - c.tail.len()..at] == c.tail[..];
            if !same {
                folder.rewritten = true;
                return None;
            }
            (at, c.lines as usize)
        }
        None => (0, 0),
    };
    let end = bytes
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1)
        .max(start);
    let cursor = Cursor {
        bytes: end as u64,
        lines: (first_line + bytes[start..end].iter().filter(|b| **b == b'\n').count()) as u64,
        tail: bytes[end.saturating_sub(TAIL)..end].to_vec(),
    };
    let bytes = &bytes[start..];
    let complete = bytes.ends_with(b"\n");
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let last = lines.len().saturating_sub(1);
    let mut garbled = 0usize;
    let mut newer: Option<(usize, u32, usize)> = None;
    for (i, raw) in lines.iter().enumerate() {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let cut_short = i == last && !complete;
        let i = i + first_line;
        let parsed = std::str::from_utf8(raw)
            .map_err(|_| LineProblem::Garbled("not UTF-8 text".into()))
            .and_then(|s| parse_line(s.trim_end_matches('\r')).map(|e| (e, s)));
        match parsed {
            Ok((event, text)) => {
                let d = folder.devices.entry(event.device.clone()).or_default();
                d.0 += 1;
                d.1 = d.1.max(event.at);
                folder.events.push((event, text.trim_end_matches('\r').to_string()));
            }
            Err(_) if cut_short => folder.issues.push(Issue {
                file: path.to_path_buf(),
                line: i + 1,
                message: "the last line is incomplete (the file may still be syncing); the lines before it were read".into(),
            }),
            Err(LineProblem::Newer(v)) => {
                let e = newer.get_or_insert((i + 1, v, 0));
                e.1 = e.1.max(v);
                e.2 += 1;
            }
            Err(LineProblem::Garbled(why)) => {
                garbled += 1;
                if garbled <= 3 {
                    folder.issues.push(Issue {
                        file: path.to_path_buf(),
                        line: i + 1,
                        message: format!("not a journal event, skipped ({why})"),
                    });
                }
            }
        }
    }
    if garbled > 3 {
        folder.issues.push(Issue {
            file: path.to_path_buf(),
            line: 0,
            message: format!("{} more unreadable line(s) skipped", garbled - 3),
        });
    }
    let cursor = if newer.is_some() {
        None // read again from the start after an upgrade
    } else {
        Some(cursor)
    };
    if let Some((line, v, n)) = newer {
        folder.issues.push(Issue {
            file: path.to_path_buf(),
            line,
            message: format!(
                "{n} event(s) from a newer mlprep (journal format {v}; this one reads up to {}) were skipped: upgrade mlprep on this machine to merge them",
                super::event::FORMAT_VERSION
            ),
        });
    }
    cursor
}

/// Appends lines (with their event times) to this device's monthly journals, each file synced
/// to disk. A file whose last line was cut short gets a newline first, so the cut line stays
/// one bad line and the new events are whole.
/// Returns the files appended to.
pub fn append(dir: &Path, device: &str, lines: &[(i64, String)]) -> std::io::Result<Vec<PathBuf>> {
    let mut by_file: BTreeMap<PathBuf, Vec<&str>> = BTreeMap::new();
    for (at, line) in lines {
        let at = DateTime::from_timestamp_millis(*at).unwrap_or_default();
        by_file
            .entry(journal_path(dir, device, at))
            .or_default()
            .push(line);
    }
    std::fs::create_dir_all(dir)?;
    for (path, lines) in &by_file {
        let needs_newline = std::fs::read(path).is_ok_and(|b| !b.is_empty() && !b.ends_with(b"\n"));
        let mut buf = String::new();
        if needs_newline {
            buf.push('\n');
        }
        for l in lines {
            buf.push_str(l);
            buf.push('\n');
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        f.write_all(buf.as_bytes())?;
        f.sync_data()?;
    }
    Ok(by_file.into_keys().collect())
}

/// A cursor at the end of a file this device just wrote (so a later rollback of the file to an
/// older version is noticed).
pub fn cursor_at_end(path: &Path) -> Option<Cursor> {
    let bytes = std::fs::read(path).ok()?;
    let end = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    Some(Cursor {
        bytes: end as u64,
        lines: bytes[..end].iter().filter(|b| **b == b'\n').count() as u64,
        tail: bytes[end.saturating_sub(TAIL)..end].to_vec(),
    })
}

/// Rewrites this device's status file (write to a temporary file, then rename).
pub fn write_status(dir: &Path, status: &DeviceStatus) -> std::io::Result<()> {
    let path = status_path(dir, &status.device);
    let tmp = dir.join(format!(".{PREFIX}{}.device.tmp", status.device));
    let text = serde_json::to_string_pretty(status).unwrap_or_default();
    std::fs::write(&tmp, text + "\n")?;
    std::fs::rename(&tmp, &path)
}

/// Every device's status file in the folder (unreadable ones are skipped).
pub fn read_statuses(dir: &Path) -> Vec<DeviceStatus> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<DeviceStatus> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".device.json"))
        })
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|t| serde_json::from_str(&t).ok())
        .collect();
    out.sort_by(|a: &DeviceStatus, b| a.device.cmp(&b.device));
    out
}
