-- mlprep schema 5: a covering index so the stats dashboard reads a year of reviews from the
-- index alone.

CREATE INDEX reviews_time_cover ON reviews (reviewed_at, undone, kind, grade, phase_before, duration_ms);
