//! Interop and data safety: the review log as CSV, Anki import and export, database backups,
//! the doctor, and fitting personal FSRS parameters. Domain code; SQL stays in `store`.

use crate::config::Settings;
use anyhow::Result;
use chrono::{DateTime, Utc};

/// Makes today's automatic backup if none exists yet (called on startup). Not yet implemented.
pub fn daily_backup(_settings: &Settings, _now: DateTime<Utc>) -> Result<()> {
    Ok(())
}
