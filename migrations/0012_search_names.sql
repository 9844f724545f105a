-- mlprep schema 12: names (aliases, id, references) and titles get a word index of their own, so
-- `mlprep search` finds the cards ranking puts first without BM25 scoring every answer that
-- holds a common word (at 100,000 cards most answers do). Contentless: the text stays in
-- `search_docs`, from which this is filled; nothing here is study history.

CREATE VIRTUAL TABLE search_names USING fts5 (
    names, title,
    content = '', contentless_delete = 1
);
INSERT INTO search_names (rowid, names, title)
    SELECT rowid, names || ' ' || id || ' ' || coalesce(related, ''), title FROM search_docs;
CREATE TRIGGER search_names_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_names (rowid, names, title)
    VALUES (new.rowid, new.names || ' ' || new.id || ' ' || coalesce(new.related, ''), new.title);
END;
CREATE TRIGGER search_names_ad AFTER DELETE ON search_docs BEGIN
    DELETE FROM search_names WHERE rowid = old.rowid;
END;
