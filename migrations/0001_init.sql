-- mlprep schema 1: decks, cards, the append-only review log and the cached card state.

CREATE TABLE decks (
    path      TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    hash      INTEGER NOT NULL,
    synced_at INTEGER NOT NULL
);

-- One row per card id ever seen. Cards that vanish from the content keep their row
-- (present = 0) and their history; it re-attaches when the id comes back.
CREATE TABLE cards (
    id         TEXT PRIMARY KEY,
    deck       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    prompt     TEXT NOT NULL,
    line       INTEGER NOT NULL,
    hash       INTEGER NOT NULL,
    present    INTEGER NOT NULL DEFAULT 1,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
);
CREATE INDEX cards_deck ON cards (deck);

-- Append-only: a row is never deleted; undo marks it undone and the state is replayed.
CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    card_id      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    reviewed_at  INTEGER NOT NULL,          -- ms since the Unix epoch, UTC
    grade        INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
    duration_ms  INTEGER NOT NULL DEFAULT 0,
    source       TEXT NOT NULL DEFAULT 'review',
    phase_before TEXT NOT NULL,
    phase_after  TEXT NOT NULL,
    step_after   INTEGER NOT NULL DEFAULT 0,
    stability    REAL,
    difficulty   REAL,
    due          INTEGER NOT NULL,          -- ms since the epoch
    elapsed_days INTEGER NOT NULL DEFAULT 0,
    card_hash    INTEGER,
    undone       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reviews_card ON reviews (card_id, reviewed_at);
CREATE INDEX reviews_time ON reviews (reviewed_at);

-- Cache of each reviewed card's state, always equal to replaying its live reviews.
CREATE TABLE card_state (
    card_id       TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    phase         TEXT NOT NULL,
    step          INTEGER NOT NULL DEFAULT 0,
    stability     REAL,
    difficulty    REAL,
    due           INTEGER NOT NULL,
    last_review   INTEGER,
    reps          INTEGER NOT NULL DEFAULT 0,
    lapses        INTEGER NOT NULL DEFAULT 0,
    suspended     INTEGER NOT NULL DEFAULT 0,
    reviewed_hash INTEGER
);
