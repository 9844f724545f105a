-- mlprep schema 2: coding practice attempts.

CREATE TABLE attempts (
    id            INTEGER PRIMARY KEY,
    card_id       TEXT NOT NULL,
    started_at    INTEGER NOT NULL,          -- ms since the epoch
    finished_at   INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,
    passed        INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    hints_used    INTEGER NOT NULL DEFAULT 0,
    solution_shown INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL,             -- passed | failed | error | timeout | no-python
    source        TEXT NOT NULL DEFAULT 'practice'
);
CREATE INDEX attempts_card ON attempts (card_id, started_at);
