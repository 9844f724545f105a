-- mlprep schema: custom study and the study tools (issue 15).

-- Extra new cards and reviews granted for one study day ("study 10 more new cards today").
CREATE TABLE study_extras (
    day_start INTEGER PRIMARY KEY,          -- ms since the epoch: the start of the study day
    new       INTEGER NOT NULL DEFAULT 0,
    reviews   INTEGER NOT NULL DEFAULT 0
);

-- Leech tags live here, never in deck files. A row with cleared_at set was un-tagged by the
-- user; the card is tagged again after half the threshold more lapses.
CREATE TABLE leeches (
    card_id    TEXT PRIMARY KEY,
    tagged_at  INTEGER NOT NULL,
    lapses     INTEGER NOT NULL,            -- lapses when tagged
    review_id  INTEGER,                     -- the review that made it a leech (undo clears it)
    suspended  INTEGER NOT NULL DEFAULT 0,  -- suspended by `leech_action = "suspend"`
    cleared_at INTEGER
);

-- The review's source joins the covering index, so the dashboard leaves cram answers out of
-- retention while still reading from the index alone.
DROP INDEX reviews_time_cover;
CREATE INDEX reviews_time_cover ON reviews (reviewed_at, undone, kind, grade, phase_before, duration_ms, source);
