//! Tests of the sync journal: events written with each change, merged from other devices, migrated.

use super::super::{Store, schema_version};
use chrono::{TimeZone, Utc};

#[test]
fn sync_schema_applies_to_a_database_made_by_the_schema_before_and_keeps_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let (conn, _) = super::super::database_before(&path, "CREATE TABLE sync_meta");
        conn.execute_batch(
            "INSERT INTO reviews (card_id, kind, reviewed_at, grade, phase_before, phase_after, due)
               VALUES ('br-a', 'breadth', 1000, 3, 'new', 'learning', 2000);
             INSERT INTO card_state (card_id, kind, phase, due, suspended) VALUES ('br-a', 'breadth', 'learning', 2000, 1);
             INSERT INTO attempts (card_id, started_at, finished_at, duration_ms, passed, total, status)
               VALUES ('lc-a', 10, 20, 10, 3, 4, 'failed');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.user_version().unwrap(), schema_version() as i64);
    assert_eq!(store.card_log("br-a").unwrap().len(), 1);
    assert!(store.suspended().unwrap().contains("br-a"));
    assert!(store.known_event_ids().unwrap().is_empty());
    // The old history becomes this device's first events at its first sync.
    let device = store.device_id().unwrap();
    assert_eq!(store.device_id().unwrap(), device, "the id is stable");
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let minted = store.mint_events(&device, now).unwrap();
    assert_eq!(minted.total(), 3, "{minted}");
    assert_eq!(store.mint_events(&device, now).unwrap().total(), 0);
}
