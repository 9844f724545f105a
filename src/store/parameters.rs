//! FSRS parameters fitted by `mlprep optimize`, kept in the database they were fitted on. They
//! take precedence over `fsrs_parameters` in the config file for this database only.

use super::{Result, Store};
use rusqlite::OptionalExtension;

impl Store {
    /// The parameters `optimize` adopted for this database, if any.
    pub fn fitted_parameters(&self) -> Result<Option<Vec<f32>>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT parameters FROM fitted_parameters WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        // A row that does not parse is ignored (the defaults are used), never fatal.
        Ok(text.and_then(|t| serde_json::from_str::<Vec<f32>>(&t).ok()))
    }

    /// Adopts `params` for this database (replacing earlier ones).
    pub fn set_fitted_parameters(&self, params: &[f32], note: &str, at_ms: i64) -> Result<()> {
        let json = serde_json::to_string(params).unwrap_or_else(|_| "[]".into());
        self.conn.execute(
            "INSERT INTO fitted_parameters (id, parameters, note, fitted_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET parameters = ?1, note = ?2, fitted_at = ?3",
            rusqlite::params![json, note, at_ms],
        )?;
        Ok(())
    }

    /// Forgets the database's own parameters (the config file's then apply).
    pub fn clear_fitted_parameters(&self) -> Result<()> {
        self.conn.execute("DELETE FROM fitted_parameters", [])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema_version;
    use super::*;

    #[test]
    fn parameters_round_trip_and_clear() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.fitted_parameters().unwrap(), None);
        store.set_fitted_parameters(&[0.5, 1.25], "a", 1).unwrap();
        store.set_fitted_parameters(&[0.25, 2.0], "b", 2).unwrap();
        assert_eq!(store.fitted_parameters().unwrap(), Some(vec![0.25, 2.0]));
        store.clear_fitted_parameters().unwrap();
        assert_eq!(store.fitted_parameters().unwrap(), None);
    }

    #[test]
    fn fitted_parameters_apply_to_a_database_made_by_the_schema_before_and_keep_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let (c, _) = super::super::database_before(&path, "CREATE TABLE fitted_parameters");
            c.execute(
                "INSERT INTO decks (path, title, kind, hash, synced_at) VALUES ('a.md', 'A', 'breadth', 1, 2)",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.user_version().unwrap(), schema_version() as i64);
        let title: String = store
            .conn
            .query_row("SELECT title FROM decks WHERE path = 'a.md'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(title, "A");
        assert_eq!(store.fitted_parameters().unwrap(), None);
    }
}
