//! Sync between devices through a folder (Syncthing, Dropbox, iCloud Drive) or a git
//! repository: each device appends its history events to its own monthly JSON Lines journal in
//! the folder and merges everyone's journals into its database. The database is the source of
//! truth and the journal is derived from it, so a crash at any point loses nothing: the next
//! sync records and writes what is missing. Not to be confused with `store::sync`, which is
//! content (decks) into the database.
//!
//! Owns the sync steps and the status report; SQL lives in `store`, file formats in
//! [`files`] and [`event`], the git wrapper in [`git`].

pub mod event;
pub mod files;
pub mod git;

use crate::schedule::Scheduler;
use crate::store::{EventCounts, MergeReport, Store, StoreError};
use chrono::{DateTime, Utc};
use files::{DeviceStatus, Issue};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write to the sync folder {dir}: {source}")]
    Write {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Git(String),
}

/// What one sync did.
#[derive(Debug, Default)]
pub struct SyncOutcome {
    pub device: String,
    /// History recorded as new events of this device.
    pub recorded: EventCounts,
    /// Other devices' events merged in.
    pub merged: MergeReport,
    /// Lines appended to this device's journal.
    pub written: usize,
    /// Files and lines that could not be read (nothing else was held up).
    pub issues: Vec<Issue>,
    pub files_read: usize,
}

impl SyncOutcome {
    /// One line for the terminal.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "sync: {} new here, {} merged from journals ({} card(s) rescheduled), {} line(s) written",
            self.recorded.total(),
            self.merged.added.total(),
            self.merged.cards_replayed,
            self.written
        );
        if !self.issues.is_empty() {
            s.push_str(&format!(
                "; {} problem(s) in the sync folder",
                self.issues.len()
            ));
        }
        s
    }
}

/// Records this device's new history, merges every journal in `dir`, and appends to this
/// device's journal whatever it lacks.
pub fn sync(
    store: &mut Store,
    scheduler: &Scheduler,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<SyncOutcome, SyncError> {
    let write_err = |source| SyncError::Write {
        dir: dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(write_err)?;
    let device = this_device(store)?;
    let recorded = store.mint_events(&device, now)?;
    // Read only what was appended since the last sync, unless a file was rewritten or removed.
    let mut folder = files::read_folder_from(dir, &store.file_cursors()?);
    if folder.rewritten {
        store.forget_folder()?;
        folder = files::read_folder(dir);
    }
    let merged = store.merge_events(&folder.events, scheduler, now)?;
    store.mark_in_folder(folder.events.iter().map(|(e, _)| e.id.as_str()))?;
    let missing = store.unwritten_lines()?;
    let lines: Vec<(i64, String)> = missing.iter().map(|l| (l.at, l.line.clone())).collect();
    let touched = files::append(dir, &device, &lines).map_err(write_err)?;
    store.mark_in_folder(missing.iter().map(|l| l.id.as_str()))?;
    // Events that could not be merged are read again next time.
    let mut keep = if merged.rejected.is_empty() {
        folder.cursors.clone()
    } else {
        Default::default()
    };
    for path in touched {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if let (Some(name), Some(c)) = (name, files::cursor_at_end(&path)) {
            keep.insert(name, c);
        }
    }
    store.set_file_cursors(&keep)?;
    store.set_sync_meta("last_sync", &now.timestamp_millis().to_string())?;
    files::write_status(
        dir,
        &DeviceStatus {
            device: device.clone(),
            name: host_name(),
            last_sync: now.timestamp_millis(),
            mlprep: env!("CARGO_PKG_VERSION").to_string(),
        },
    )
    .map_err(write_err)?;
    let mut issues = folder.issues;
    for (id, why) in &merged.rejected {
        issues.push(Issue {
            file: dir.to_path_buf(),
            line: 0,
            message: format!("event {id} was not merged: {why}"),
        });
    }
    Ok(SyncOutcome {
        device,
        recorded,
        merged,
        written: lines.len(),
        issues,
        files_read: folder.files.len(),
    })
}

/// One device as `sync --status` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceLine {
    pub device: String,
    pub name: Option<String>,
    pub last_sync: Option<i64>,
    pub events: usize,
    pub this_device: bool,
}

/// The state of sync without changing anything.
#[derive(Debug, Default)]
pub struct Status {
    pub device: String,
    pub last_sync: Option<i64>,
    pub devices: Vec<DeviceLine>,
    /// History made here that is not in the journal yet (recorded at the next sync).
    pub to_write: usize,
    /// Events in the folder this database has not merged.
    pub to_merge: usize,
    pub issues: Vec<Issue>,
}

/// Devices, last sync times and pending events, read-only.
pub fn status(store: &mut Store, dir: &Path, now: DateTime<Utc>) -> Result<Status, SyncError> {
    let device = this_device(store)?;
    let folder = files::read_folder(dir);
    let known = store.known_event_ids()?;
    let in_files: HashSet<&str> = folder.events.iter().map(|(e, _)| e.id.as_str()).collect();
    let unwritten = store
        .own_lines()?
        .iter()
        .filter(|l| !in_files.contains(l.id.as_str()))
        .count();
    let to_merge = in_files.iter().filter(|id| !known.contains(**id)).count();
    let statuses = files::read_statuses(dir);
    let mut devices: Vec<DeviceLine> = folder
        .devices
        .iter()
        .map(|(d, (n, _))| DeviceLine {
            device: d.clone(),
            name: None,
            last_sync: None,
            events: *n,
            this_device: *d == device,
        })
        .collect();
    for s in statuses {
        match devices.iter_mut().find(|l| l.device == s.device) {
            Some(l) => {
                l.name = Some(s.name);
                l.last_sync = Some(s.last_sync);
            }
            None => devices.push(DeviceLine {
                this_device: s.device == device,
                device: s.device,
                name: Some(s.name),
                last_sync: Some(s.last_sync),
                events: 0,
            }),
        }
    }
    devices.sort_by_key(|d| !d.this_device);
    Ok(Status {
        last_sync: store.sync_meta("last_sync")?.and_then(|v| v.parse().ok()),
        to_write: store.unminted_events(&device, now)?.total() + unwritten,
        device,
        devices,
        to_merge,
        issues: folder.issues,
    })
}

/// The doctor's look at the sync folder: unreadable lines and files (no writes).
pub fn check_folder(dir: &Path) -> Vec<Issue> {
    if !dir.exists() {
        return vec![Issue {
            file: dir.to_path_buf(),
            line: 0,
            message: "the sync folder does not exist (it is created at the first sync)".into(),
        }];
    }
    let folder = files::read_folder(dir);
    let mut issues = folder.issues;
    for f in &folder.files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if files::is_conflicted_copy(name) {
            issues.push(Issue {
                file: f.clone(),
                line: 0,
                message: "a conflicted copy made by the file-sync tool; its events are merged like any journal (safe to delete once every device has synced)".into(),
            });
        }
    }
    issues
}

/// This database's device id; a database copied to another machine (another host name) gets a
/// new one, so two machines never append to the same journal file.
fn this_device(store: &mut Store) -> Result<String, StoreError> {
    let host = host_name();
    let id = store.device_id()?;
    match store.sync_meta("device_host")? {
        Some(h) if h == host => Ok(id),
        Some(_) => {
            store.set_sync_meta("device_host", &host)?;
            store.new_device_id()
        }
        None => {
            store.set_sync_meta("device_host", &host)?;
            Ok(id)
        }
    }
}

fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|s| s.trim().to_string())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod damage_tests;
#[cfg(test)]
mod prop_tests;
#[cfg(test)]
mod tests;
