-- mlprep schema 6: a persistent search index beside the review data, so `mlprep search` answers
-- without reading every deck. `search_docs` holds what ranking needs of each card; `search_fts`
-- (FTS5, external content) finds candidates; `search_decks` records which version of each deck
-- is indexed, so only decks whose hash changed are re-indexed; `search_terms` is the vocabulary
-- of every indexed field, for typo lookup. Nothing here is study history: it can be
-- rebuilt from the decks at any time.

CREATE TABLE search_docs (
    rowid      INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    deck       TEXT NOT NULL,
    deck_title TEXT NOT NULL,
    kind       TEXT NOT NULL,
    line       INTEGER NOT NULL,
    difficulty TEXT,
    companies  TEXT NOT NULL,
    related    TEXT,
    names      TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    tags       TEXT NOT NULL,
    answer     TEXT NOT NULL
);
CREATE INDEX search_docs_deck ON search_docs (deck);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    names, title, body, tags, answer,
    content = 'search_docs', content_rowid = 'rowid'
);
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, names, title, body, tags, answer)
    VALUES (new.rowid, new.names || ' ' || new.id || ' ' || coalesce(new.related, ''),
            new.title, new.body, new.tags, new.answer);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, names, title, body, tags, answer)
    VALUES ('delete', old.rowid, old.names || ' ' || old.id || ' ' || coalesce(old.related, ''),
            old.title, old.body, old.tags, old.answer);
END;

CREATE TABLE search_decks (
    path TEXT PRIMARY KEY,
    hash INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE search_terms (
    term TEXT PRIMARY KEY,
    len  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX search_terms_len ON search_terms (len);

-- The fingerprint of the content the index was last brought up to date with.
CREATE TABLE search_state (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
