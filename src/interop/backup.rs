//! Database backups: `mlprep backup` and the automatic daily one (SQLite's online backup into
//! `<backup dir>/<database identity>/mlprep-YYYYMMDD-HHMMSS[-auto].db`, the last N automatic
//! ones kept; each database has its own folder, named from the identity stored inside it), and
//! `restore`, which checks the file, keeps the current database as a backup first and swaps
//! the file in atomically. Never deletes anything but old automatic backups.

use super::{InteropError, Result, io_err};
use crate::config::Settings;
use crate::store::{Store, inspect_backup};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// Why a backup was made; it decides the name and whether it is pruned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    Manual,
    /// The daily one; only these are pruned.
    Auto,
    /// The database as it was before a restore.
    BeforeRestore,
}

impl BackupKind {
    fn suffix(self) -> &'static str {
        match self {
            BackupKind::Manual => "",
            BackupKind::Auto => "-auto",
            BackupKind::BeforeRestore => "-before-restore",
        }
    }
}

/// Backs the database up now; returns the new file.
pub fn backup_now(settings: &Settings, now: DateTime<Utc>, kind: BackupKind) -> Result<PathBuf> {
    if !settings.db_path.exists() {
        return Err(InteropError::Message(format!(
            "there is no database at {} yet: nothing to back up",
            settings.db_path.display()
        )));
    }
    let store = Store::open(&settings.db_path)?;
    let dest = fresh_name(&folder_of(settings, &store)?, settings, now, kind)?;
    let partial = dest.with_extension("db.partial");
    let result = store
        .backup_to(&partial)
        .map_err(InteropError::from)
        .and_then(|()| std::fs::rename(&partial, &dest).map_err(|e| io_err(&dest, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.map(|()| dest)
}

/// Makes today's automatic backup unless an automatic one exists for today's date (a manual
/// or before-restore backup does not count: it is not pruned and may be older), then
/// keeps only the newest `backups_keep` automatic ones. Returns the new backup, if any.
pub fn daily_backup(settings: &Settings, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    if settings.backups_keep == 0 || !settings.db_path.exists() {
        return Ok(None);
    }
    let dir = folder_of(settings, &Store::open(&settings.db_path)?)?;
    let today = format!(
        "mlprep-{}-",
        now.with_timezone(&settings.tz).format("%Y%m%d")
    );
    if backups(&dir)
        .iter()
        .any(|p| file_name(p).starts_with(&today) && is_auto(p))
    {
        return Ok(None);
    }
    let made = backup_now(settings, now, BackupKind::Auto)?;
    let autos: Vec<PathBuf> = backups(&dir).into_iter().filter(|p| is_auto(p)).collect();
    let excess = autos.len().saturating_sub(settings.backups_keep as usize);
    for old in &autos[..excess] {
        std::fs::remove_file(old).map_err(|e| io_err(old, e))?;
    }
    Ok(Some(made))
}

/// The backup folder of the database `store` has open: `<backup dir>/<its identity>`.
pub fn folder_of(settings: &Settings, store: &Store) -> Result<PathBuf> {
    Ok(settings.backup_dir.join(store.identity()?))
}

/// This database's backups, oldest first; `None` when the database cannot be opened to read
/// its identity (then no backup can be said to be its own).
pub fn own_backups(settings: &Settings) -> Option<Vec<PathBuf>> {
    let store = Store::open(&settings.db_path).ok()?;
    let dir = folder_of(settings, &store).ok()?;
    Some(backups(&dir))
}

/// Backup files in `dir`, oldest first (the names sort by time).
pub fn backups(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let n = file_name(p);
                    n.starts_with("mlprep-") && n.ends_with(".db")
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort_by(|a, b| file_name(a).cmp(file_name(b)));
    found
}

/// An automatic backup: `mlprep-YYYYMMDD-HHMMSS-auto[-N].db`.
fn is_auto(p: &Path) -> bool {
    let n = file_name(p);
    n.ends_with("-auto.db")
        || n.rsplit_once("-auto-").is_some_and(|(_, rest)| {
            rest.strip_suffix(".db")
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn file_name(p: &Path) -> &str {
    p.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

fn fresh_name(
    dir: &Path,
    settings: &Settings,
    now: DateTime<Utc>,
    kind: BackupKind,
) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let stamp = now.with_timezone(&settings.tz).format("%Y%m%d-%H%M%S");
    let mut path = dir.join(format!("mlprep-{stamp}{}.db", kind.suffix()));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("mlprep-{stamp}{}-{n}.db", kind.suffix()));
        n += 1;
    }
    Ok(path)
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Live reviews in the restored database.
    pub reviews: i64,
    /// Where the replaced database was kept (None when there was none).
    pub previous: Option<PathBuf>,
    /// The replaced database could not be opened, so its bytes were copied as they were.
    pub previous_damaged: bool,
}

/// Replaces the database with `file` after checking that it is a sound mlprep database. The
/// current database is backed up first (its raw bytes if SQLite cannot read it).
pub fn restore(settings: &Settings, file: &Path, now: DateTime<Utc>) -> Result<Restored> {
    let db = &settings.db_path;
    if file
        .canonicalize()
        .ok()
        .is_some_and(|f| db.canonicalize().ok() == Some(f))
    {
        return Err(InteropError::Message(format!(
            "{} is the database itself; name a backup file",
            file.display()
        )));
    }
    if crate::store::in_use(db) {
        return Err(InteropError::Message(format!(
            "mlprep is open on {} in another window or command: close it first, then restore (nothing was changed)",
            db.display()
        )));
    }
    // Header check first: a foreign file is refused before anything is copied.
    crate::store::inspect_header(file)?;
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let name = db
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("mlprep.db");
    let tmp = dir.join(format!(".{name}.restore-tmp"));
    let cleanup = |t: &Path| {
        for p in [
            t.to_path_buf(),
            sidecar(t, "-wal"),
            sidecar(t, "-shm"),
            sidecar(t, "-journal"),
        ] {
            let _ = std::fs::remove_file(p);
        }
    };
    cleanup(&tmp);
    let staged = std::fs::copy(file, &tmp)
        .map_err(|e| io_err(file, e))
        .and_then(|_| inspect_backup(&tmp).map_err(|e| relabel(e, &tmp, file)))
        .and_then(|info| {
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(|e| io_err(&tmp, e))?;
            Ok(info)
        });
    let info = match staged {
        Ok(info) => info,
        Err(e) => {
            cleanup(&tmp);
            return Err(e);
        }
    };
    let (previous, previous_damaged) = match keep_current(settings, now) {
        Ok(kept) => kept,
        Err(e) => {
            cleanup(&tmp);
            return Err(e);
        }
    };
    // A stale WAL would be replayed into the restored file: remove it before the swap.
    for side in [sidecar(db, "-wal"), sidecar(db, "-shm")] {
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| io_err(&side, e))?;
        }
    }
    std::fs::rename(&tmp, db).map_err(|e| io_err(db, e))?;
    cleanup(&tmp);
    // Bring it up to this binary's schema now, so a problem shows here and not at review.
    Store::open(db)?;
    Ok(Restored {
        reviews: info.reviews,
        previous,
        previous_damaged,
    })
}

/// Backs up the current database before it is replaced: online when SQLite can read it, as
/// raw bytes (with its WAL) when it cannot.
fn keep_current(settings: &Settings, now: DateTime<Utc>) -> Result<(Option<PathBuf>, bool)> {
    let db = &settings.db_path;
    if !db.exists() {
        return Ok((None, false));
    }
    if let Ok(p) = backup_now(settings, now, BackupKind::BeforeRestore) {
        return Ok((Some(p), false));
    }
    let dest = fresh_name(
        &settings.backup_dir,
        settings,
        now,
        BackupKind::BeforeRestore,
    )?;
    let dest = dest.with_file_name(file_name(&dest).replace(".db", "-damaged.db"));
    std::fs::copy(db, &dest).map_err(|e| io_err(db, e))?;
    let wal = sidecar(db, "-wal");
    if wal.exists() {
        let to = sidecar(&dest, "-wal");
        std::fs::copy(&wal, &to).map_err(|e| io_err(&wal, e))?;
    }
    Ok((Some(dest), true))
}

fn sidecar(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Errors about the private copy are reported against the file the user named.
fn relabel(e: crate::store::StoreError, tmp: &Path, file: &Path) -> InteropError {
    let text = e
        .to_string()
        .replace(&tmp.display().to_string(), &file.display().to_string());
    InteropError::Message(format!("{text}; nothing was changed"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_backup_today_does_not_stop_the_daily_one() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::with_roots(vec![], dir.path().join("mlprep.db"));
        drop(Store::open(&settings.db_path).unwrap());
        let now = Utc::now();
        let manual = backup_now(&settings, now, BackupKind::Manual).unwrap();
        assert!(!is_auto(&manual));
        let daily = daily_backup(&settings, now).unwrap();
        assert!(daily.as_deref().is_some_and(is_auto), "{daily:?}");
        assert_eq!(daily_backup(&settings, now).unwrap(), None, "one a day");
        assert_eq!(own_backups(&settings).map(|b| b.len()), Some(2));
    }

    #[test]
    fn automatic_backups_are_told_by_name() {
        for (name, auto) in [
            ("mlprep-20260101-040000-auto.db", true),
            ("mlprep-20260101-040000-auto-2.db", true),
            ("mlprep-20260101-040000.db", false),
            ("mlprep-20260101-040000-2.db", false),
            ("mlprep-20260101-040000-before-restore.db", false),
        ] {
            assert_eq!(is_auto(Path::new(name)), auto, "{name}");
        }
    }
}
