-- mlprep schema 4: depth drills on the user's project dossiers.

CREATE TABLE drills (
    id         INTEGER PRIMARY KEY,
    dossier    TEXT NOT NULL,            -- file
    title      TEXT NOT NULL,
    started_at INTEGER NOT NULL
);

CREATE TABLE drill_steps (
    drill_id  INTEGER NOT NULL REFERENCES drills (id),
    section   TEXT NOT NULL,
    reached   INTEGER NOT NULL,          -- levels answered before stalling (0..=max)
    max_level INTEGER NOT NULL,
    card_id   TEXT,                      -- the depth card graded from this step, if any
    at        INTEGER NOT NULL
);
