-- mlprep schema 7: sync between devices through journal files (issue 19). Adds tables only;
-- no existing row changes. The database stays the source of truth; journals are derived.

-- This device's id and sync bookkeeping (key 'device_id', 'last_sync').
CREATE TABLE sync_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every history event this database knows, made here or imported from a journal.
CREATE TABLE sync_events (
    id          TEXT PRIMARY KEY,      -- globally unique event id
    device      TEXT NOT NULL,         -- the device that made it (only its journal holds it)
    kind        TEXT NOT NULL,         -- review | undo | suspend | mock | attempt | drill | drill_step
    object      TEXT NOT NULL,         -- a review's own id, the undone review's id, a card id, a mock or drill id
    at          INTEGER NOT NULL,      -- ms since the epoch: orders replays and last-writer-wins
    local_id    INTEGER,               -- the row it is or became here (reviews.id, mocks.id, ...)
    line        TEXT NOT NULL,         -- the journal line, exactly as written
    imported_at INTEGER,               -- NULL: made on this device; else when a sync brought it in
    in_folder   INTEGER NOT NULL DEFAULT 0  -- 1 once seen in (or written to) the sync folder
);
CREATE INDEX sync_events_local ON sync_events (kind, local_id);
CREATE INDEX sync_events_object ON sync_events (object, kind);
CREATE INDEX sync_events_unwritten ON sync_events (at) WHERE imported_at IS NULL AND in_folder = 0;

-- How far each journal file was read, so a sync reads only what was appended since.
CREATE TABLE sync_files (
    name  TEXT PRIMARY KEY,
    bytes INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    tail  BLOB NOT NULL
);

-- When a card was last suspended or unsuspended here (ms), so the latest change wins across
-- devices. NULL for flags set before this schema.
ALTER TABLE card_state ADD COLUMN suspended_at INTEGER;
