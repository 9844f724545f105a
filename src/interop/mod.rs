//! Interop and data safety: the review log as CSV, Anki import and export, database backups,
//! the doctor, and fitting personal FSRS parameters. Domain code: SQL stays in `store`, the
//! terminal in `commands`; the clock is passed in.

pub mod anki;
pub mod anki_export;
pub mod backup;
pub mod doctor;
pub mod html;
pub mod notes;
pub mod optimize;
pub mod reviews_csv;

use crate::config::Settings;
use crate::store::StoreError;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// Everything that can go wrong here, each with what the user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum InteropError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Message(String),
}

pub type Result<T> = std::result::Result<T, InteropError>;

pub(crate) fn io_err(path: &Path, source: std::io::Error) -> InteropError {
    InteropError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Makes today's automatic backup if none exists yet (called on startup).
pub fn daily_backup(settings: &Settings, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    backup::daily_backup(settings, now)
}

/// [`daily_backup`] for startup: a failure is a warning on stderr, never fatal.
pub fn daily_backup_or_warn(settings: &Settings, now: DateTime<Utc>) {
    match daily_backup(settings, now) {
        // A foreign, newer or damaged file: opening the database reports it next, clearly.
        Err(InteropError::Store(
            StoreError::NotSqlite { .. } | StoreError::NotMlprep { .. } | StoreError::TooNew { .. },
        )) => {}
        Err(e) => eprintln!("mlprep: warning: the daily backup failed: {e}"),
        Ok(_) => {}
    }
}
