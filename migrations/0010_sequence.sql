-- Reviews are ordered by `seq`, the order they were recorded in, not by their clock time alone:
-- a clock set back between sessions must not move a review before the ones it followed.
-- Existing rows keep the order they had (time, then id). New rows get the next number from
-- the trigger, so no INSERT needs to know about it.
ALTER TABLE reviews ADD COLUMN seq INTEGER;
UPDATE reviews SET seq = o.rn
  FROM (SELECT id, row_number() OVER (ORDER BY reviewed_at, id) AS rn FROM reviews) AS o
  WHERE o.id = reviews.id;
CREATE INDEX reviews_seq ON reviews (seq);
CREATE INDEX reviews_card_seq ON reviews (card_id, seq);
CREATE TRIGGER reviews_next_seq AFTER INSERT ON reviews WHEN NEW.seq IS NULL
BEGIN
  UPDATE reviews SET seq = (SELECT coalesce(max(seq), 0) + 1 FROM reviews) WHERE id = NEW.id;
END;

-- This database's identity: names its backup folder, so backups of different databases never
-- mix and `doctor` recommends only this database's own.
CREATE TABLE db_identity (
    id TEXT NOT NULL
);
INSERT INTO db_identity (id) VALUES (lower(hex(randomblob(8))));

-- Decks the user did not write (imported from Anki, or under a folder marked `.mlprep-foreign`):
-- where each came from, and the user's answer to "run this deck's code?" (NULL: not asked yet).
CREATE TABLE deck_trust (
    deck       TEXT PRIMARY KEY,
    origin     TEXT NOT NULL,
    allowed    INTEGER,
    decided_at INTEGER
);
