-- mlprep schema: AI interviewer judgements and per-host consent (optional feature; empty for
-- users who never configure [ai]).

CREATE TABLE ai_judgements (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,          -- ms since epoch
    card_id        TEXT NOT NULL,
    context        TEXT NOT NULL,             -- review | mock | practice | drill
    model          TEXT NOT NULL,
    endpoint_host  TEXT NOT NULL,
    prompt_version INTEGER NOT NULL,
    latency_ms     INTEGER NOT NULL,
    attempts       INTEGER NOT NULL,          -- 1, or 2 after a re-prompt
    proposal       TEXT NOT NULL,             -- the validated, capped JSON
    chosen         TEXT,                      -- what the user finally chose (JSON), once decided
    overridden     INTEGER                    -- 1 when the user changed any proposed value
);
CREATE INDEX ai_judgements_card ON ai_judgements (card_id);

CREATE TABLE ai_consent (
    host TEXT PRIMARY KEY,
    at   INTEGER NOT NULL
);
