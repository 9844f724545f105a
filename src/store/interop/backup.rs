//! Backups at the SQL level: SQLite's online backup of the open database, and the checks a
//! file must pass before it may replace the database (header, application id, schema
//! version, integrity).

use super::super::{APPLICATION_ID, Result, Store, StoreError, schema_version};
use rusqlite::Connection;
use std::path::Path;

/// What a backup file holds, once checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupInfo {
    pub schema: i64,
    pub reviews: i64,
}

impl Store {
    /// SQLite's `PRAGMA integrity_check`: empty when the file is sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        integrity(&self.conn)
    }

    /// Copies the database to `dest` with SQLite's online backup (safe while others use it).
    /// The copy is a self-contained file (rollback journal, no WAL).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.conn.backup(
            rusqlite::MAIN_DB,
            dest,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        let copy = Connection::open(dest)?;
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    }
}

/// Checks that `path` is a sound mlprep database this binary can use (header, application
/// id, schema version, integrity) and makes it self-contained. Meant for a private copy of a
/// backup about to be restored: it may switch the copy's journal mode.
pub fn inspect_backup(path: &Path) -> Result<BackupInfo> {
    super::super::precheck_file(path)?;
    let open_err = |e: rusqlite::Error| StoreError::Open {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(open_err)?;
    let not_db = |_| StoreError::NotSqlite {
        path: path.to_path_buf(),
    };
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(not_db)?;
    let schema: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(not_db)?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotMlprep {
            path: path.to_path_buf(),
            found: app_id,
        });
    }
    if schema > schema_version() as i64 {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: schema,
            known: schema_version(),
        });
    }
    let problems = integrity(&conn).map_err(|e| StoreError::Open {
        path: path.to_path_buf(),
        message: format!("the integrity check could not run: {e}"),
    })?;
    if let Some(first) = problems.first() {
        return Err(StoreError::Open {
            path: path.to_path_buf(),
            message: format!("the file is damaged (integrity check: {first})"),
        });
    }
    let reviews = conn
        .query_row("SELECT count(*) FROM reviews WHERE undone = 0", [], |r| {
            r.get(0)
        })
        .map_err(open_err)?;
    conn.pragma_update(None, "journal_mode", "DELETE")
        .map_err(open_err)?;
    Ok(BackupInfo { schema, reviews })
}

fn integrity(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// The SQLite header check `Store::open` makes, for a file that is only to be inspected: a
/// file that is not SQLite, another application's database or a newer schema is refused.
pub fn inspect_header(path: &Path) -> Result<()> {
    super::super::precheck_file(path)
}
