-- mlprep schema 13: the search index's word tables (search_fts, search_names) are filled by the
-- content sync in one statement per sync instead of by a trigger per card. FTS5 writes its
-- pending words to disk at every statement that touches it, so a trigger per inserted card
-- wrote one small segment per card and spent most of a first index build merging them. Only
-- the triggers go; every row stays, and the sync keeps both word tables in step with
-- `search_docs` from now on. Nothing here is study history.

DROP TRIGGER IF EXISTS search_docs_ai;
DROP TRIGGER IF EXISTS search_docs_ad;
DROP TRIGGER IF EXISTS search_names_ai;
DROP TRIGGER IF EXISTS search_names_ad;
