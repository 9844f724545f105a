-- mlprep schema 3: mock interviews. `state` holds the whole session (JSON) for resuming;
-- the other tables are the record, written as each answer, hint and score happens.

CREATE TABLE mocks (
    id          INTEGER PRIMARY KEY,
    loop_key    TEXT NOT NULL,
    loop_name   TEXT NOT NULL,
    seed        INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    finished_at INTEGER,
    status      TEXT NOT NULL DEFAULT 'active',   -- active | finished | abandoned
    verdict     TEXT,
    state       TEXT NOT NULL
);

CREATE TABLE mock_segments (
    mock_id    INTEGER NOT NULL REFERENCES mocks (id),
    round      INTEGER NOT NULL,
    segment    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    budget_ms  INTEGER NOT NULL,
    elapsed_ms INTEGER NOT NULL DEFAULT 0,
    overtime   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (mock_id, round, segment)
);

CREATE TABLE mock_answers (
    mock_id    INTEGER NOT NULL REFERENCES mocks (id),
    item       INTEGER NOT NULL,
    round      INTEGER NOT NULL,
    segment    INTEGER NOT NULL,
    card_id    TEXT,
    kind       TEXT,
    answer     TEXT NOT NULL DEFAULT '',
    hints      INTEGER NOT NULL DEFAULT 0,
    tests_passed INTEGER,
    tests_total  INTEGER,
    elapsed_ms INTEGER NOT NULL DEFAULT 0,
    checklist  TEXT,
    grade      INTEGER,
    PRIMARY KEY (mock_id, item)
);

CREATE TABLE mock_hints (
    mock_id INTEGER NOT NULL REFERENCES mocks (id),
    item    INTEGER NOT NULL,
    hint    INTEGER NOT NULL,
    shown_at INTEGER NOT NULL
);

CREATE TABLE mock_scores (
    mock_id INTEGER NOT NULL REFERENCES mocks (id),
    round   INTEGER NOT NULL,
    rubric  TEXT NOT NULL,
    signal  TEXT NOT NULL,                 -- a rubric signal, or 'overall'
    score   INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
    PRIMARY KEY (mock_id, round, signal)
);
