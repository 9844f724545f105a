-- mlprep schema 6: FSRS parameters fitted by `mlprep optimize` live in the database they were
-- fitted on (one row at most), so a scratch database never retunes another one.

CREATE TABLE fitted_parameters (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    parameters TEXT NOT NULL,  -- JSON array of the FSRS-6 parameters
    note       TEXT NOT NULL,  -- when and how well they fitted
    fitted_at  INTEGER NOT NULL
);
