//! The only code that speaks SQL. Opens (and refuses) database files, applies the numbered
//! migrations in `migrations/`, syncs content, appends reviews, caches card state and answers
//! the questions the screens and `stats` ask. Every write is its own committed transaction.

mod ai;
mod attempts;
mod drills;
mod history;
mod interop;
mod journal;
mod mocks;
mod parameters;
mod reviews;
mod search;
mod stats;
mod study_tools;
mod sync;
mod trust;

pub use ai::{AiSummary, JudgementInput};
pub use attempts::{Attempt, AttemptInput};
pub use history::MockPoint;
pub use interop::{
    AnkiCollection, AnkiNote, AnkiNoteOut, AnkiReview, BackupInfo, CardLog, ImportCounts,
    ImportedReview, LoggedReview, StateMismatch, inspect_backup, inspect_header,
    read_anki_collection, write_anki_collection,
};
pub use journal::{EventCounts, MergeReport, OwnLine, SyncedReview};
pub use mocks::MockSummary;
pub use reviews::{ReviewInput, UndoneReview};
pub use stats::{KindStats, Stats};
pub use study_tools::{Leech, LoggedAnswer, MockAppearance, source};
pub use sync::SyncReport;
pub use trust::DeckTrust;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of every mlprep database ('MLPR').
pub const APPLICATION_ID: i32 = 0x4d4c_5052;

const MIGRATION_SQL: [&str; 13] = [
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_practice.sql"),
    include_str!("../../migrations/0003_mocks.sql"),
    include_str!("../../migrations/0004_drills.sql"),
    include_str!("../../migrations/0005_review_cover.sql"),
    include_str!("../../migrations/0006_search.sql"),
    include_str!("../../migrations/0007_sync.sql"),
    include_str!("../../migrations/0008_ai.sql"),
    include_str!("../../migrations/0011_fitted_parameters.sql"),
    include_str!("../../migrations/0009_study.sql"),
    // Last: databases may already carry every migration above it.
    include_str!("../../migrations/0010_sequence.sql"),
    include_str!("../../migrations/0012_search_names.sql"),
    include_str!("../../migrations/0013_search_bulk.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this binary writes.
pub fn schema_version() -> usize {
    MIGRATION_SQL.len()
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} is not an SQLite database; it was left untouched (move it away or pass another --db)"
    )]
    NotSqlite { path: PathBuf },
    #[error(
        "{path} is an SQLite database but not an mlprep one (application id {found:#x}); it was left untouched"
    )]
    NotMlprep { path: PathBuf, found: i32 },
    #[error(
        "{path} was written by a newer mlprep (schema {found}; this mlprep knows up to {known}). Upgrade mlprep; the file was left untouched"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error("cannot create the database directory {dir}: {source}")]
    CreateDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database at {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("sync journal: {0}")]
    Journal(String),
    #[error("scheduler: {0}")]
    Schedule(#[from] crate::schedule::ScheduleError),
    /// A row holds a value mlprep never writes (edited by hand, or damaged).
    #[error("the database has a damaged row in {table}: {detail} (run `mlprep doctor`)")]
    Corrupt { table: &'static str, detail: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open mlprep database.
pub struct Store {
    conn: Connection,
    /// A shared advisory lock (`flock`) on the database file while this store is open, so
    /// `restore` can tell that another window has it open. Declared after `conn`: dropped last.
    _open_lock: Option<std::fs::File>,
}

impl Store {
    /// Opens or creates the database at `path`. A file that is not an mlprep database, or comes
    /// from a newer schema, is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        let exists = path.exists();
        if exists {
            precheck_file(path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                dir: dir.to_path_buf(),
                source,
            })?;
        }
        let flags = if exists {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            message: explain_open_error(&e, path),
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Re-check through SQLite itself (a WAL may hold a newer header than the file).
        if exists {
            check_identity(&conn, path)?;
        }
        let mut store = Store {
            conn,
            _open_lock: share_lock(path),
        };
        store.prepare().map_err(|e| match e {
            StoreError::Sql(err) => StoreError::Open {
                path: path.to_path_buf(),
                message: explain_open_error(&err, path),
            },
            other => other,
        })?;
        Ok(store)
    }

    /// A private database in memory, with the real migrations (tests, `check`).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            _open_lock: None,
        };
        store.prepare()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL in WAL mode: a committed transaction survives a crash or kill of mlprep; only
        // a power loss can roll back the last moments, never corrupt the file.
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations()
            .to_latest(&mut self.conn)
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        let id: i32 = self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))?;
        if id != APPLICATION_ID {
            self.conn
                .pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        Ok(())
    }

    /// Makes every write fail (as a full disk or read-only file would), for tests.
    #[doc(hidden)]
    pub fn set_read_only_for_tests(&self, on: bool) {
        let _ = self.conn.pragma_update(None, "query_only", on);
    }

    /// This database's identity (random, made by migration 0010): names its backup folder.
    pub fn identity(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT id FROM db_identity LIMIT 1", [], |r| r.get(0))?)
    }

    /// The schema version recorded in the file.
    pub fn user_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// Marks the database as open by this process: a shared `flock`, released when the file is
/// closed. (Independent of SQLite's own `fcntl` locks.)
fn share_lock(path: &Path) -> Option<std::fs::File> {
    use std::os::fd::AsRawFd;
    let f = std::fs::File::open(path).ok()?;
    unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_SH | libc::LOCK_NB) };
    Some(f)
}

/// True when an open [`Store`] (another mlprep window, or a command running) holds the
/// database at `path`. Call it only while this process has no store open on that file.
pub fn in_use(path: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) != 0 }
}

/// Reads the 100-byte SQLite header without opening the file through SQLite, so a foreign or
/// newer file is refused byte-for-byte untouched.
fn precheck_file(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut header = [0u8; 100];
    let mut f = std::fs::File::open(path).map_err(|e| StoreError::Open {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let n = f.read(&mut header).map_err(|e| StoreError::Open {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if n == 0 {
        return Ok(()); // an empty file is a new database
    }
    if n < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    let be =
        |o: usize| i32::from_be_bytes([header[o], header[o + 1], header[o + 2], header[o + 3]]);
    let (user_version, app_id) = (be(60), be(68));
    if app_id != APPLICATION_ID && app_id != 0 {
        return Err(StoreError::NotMlprep {
            path: path.to_path_buf(),
            found: app_id,
        });
    }
    if user_version as i64 > schema_version() as i64 {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: user_version as i64,
            known: schema_version(),
        });
    }
    Ok(())
}

fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    let not_db = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotSqlite {
            path: path.to_path_buf(),
        },
        _ => StoreError::Open {
            path: path.to_path_buf(),
            message: explain_open_error(&e, path),
        },
    };
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(not_db)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(not_db)?;
    if version > schema_version() as i64 {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: schema_version(),
        });
    }
    if app_id != APPLICATION_ID {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(not_db)?;
        if app_id != 0 || tables > 0 {
            return Err(StoreError::NotMlprep {
                path: path.to_path_buf(),
                found: app_id,
            });
        }
    }
    Ok(())
}

fn explain_open_error(e: &rusqlite::Error, path: &Path) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::CannotOpen) => format!(
            "{e} (is the directory {} writable?)",
            path.parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        ),
        Some(rusqlite::ErrorCode::ReadOnly) => {
            format!("{e} (the file or its directory is read-only)")
        }
        _ => e.to_string(),
    }
}

pub(crate) fn ms(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_ms(v: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(v).unwrap_or_default()
}

/// Tests: a database at `path` made by the schema just before the migration whose SQL contains
/// `marker` (found by content, not position), with mlprep's application id; and how many
/// migrations that schema has.
#[cfg(test)]
pub(crate) fn database_before(path: &Path, marker: &str) -> (Connection, usize) {
    let before = MIGRATION_SQL
        .iter()
        .position(|sql| sql.contains(marker))
        .unwrap_or_else(|| panic!("no migration contains {marker:?}"));
    let mut c = Connection::open(path).unwrap();
    c.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    Migrations::new(
        MIGRATION_SQL[..before]
            .iter()
            .map(|sql| M::up(sql))
            .collect(),
    )
    .to_latest(&mut c)
    .unwrap();
    (c, before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_in_order_to_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/dir/mlprep.db");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.user_version().unwrap(), schema_version() as i64);
        drop(store);
        // Reopening is a no-op.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.user_version().unwrap(), schema_version() as i64);
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn migration_0010_orders_existing_reviews_by_time_and_names_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            // A database made by the previous schema (everything before 0010).
            let (c, _) = database_before(&path, "CREATE TRIGGER reviews_next_seq");
            // Rows inserted out of time order (an import of older history).
            for (at, grade) in [(3_000, 3), (1_000, 1), (2_000, 4)] {
                c.execute(
                    "INSERT INTO reviews (card_id, kind, reviewed_at, grade, phase_before, phase_after, due)
                     VALUES ('c', 'breadth', ?1, ?2, 'new', 'review', 0)",
                    [at, grade],
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.user_version().unwrap(), schema_version() as i64);
        let grades: Vec<i64> = store
            .card_log("c")
            .unwrap()
            .iter()
            .map(|(_, g)| *g as i64)
            .collect();
        assert_eq!(grades, vec![1, 4, 3], "time order kept for existing rows");
        let id = store.identity().unwrap();
        assert_eq!(id.len(), 16);
        drop(store);
        assert_eq!(Store::open(&path).unwrap().identity().unwrap(), id);
        let other = Store::open(&dir.path().join("other.db")).unwrap();
        assert_ne!(other.identity().unwrap(), id, "each database has its own");
    }

    #[test]
    fn a_newer_database_is_refused_and_left_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
            c.execute_batch("CREATE TABLE future (x)").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("newer mlprep"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("db-wal").exists());
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "my precious notes, not a database at all........................................................................").unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, StoreError::NotSqlite { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn another_apps_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::NotMlprep { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
