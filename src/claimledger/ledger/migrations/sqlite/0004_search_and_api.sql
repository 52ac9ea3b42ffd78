-- claimledger ledger schema, version 4 (SQLite): search with stemming, a stored day per claim
-- for sorting and paging, API tokens and the log of API writes.
-- (Versions 2 and 3 are the linking tables.)

-- Search: porter stemming over unicode61 (accents folded), so "harass" finds "harassment";
-- prefix indexes of 2-4 characters, so "evac*" does not scan every term.
-- content="claims" (double quotes, no spaces) is the form Datasette detects as the FTS
-- table of `claims`.
DROP TRIGGER IF EXISTS claims_ai;
DROP TRIGGER IF EXISTS claims_ad;
DROP TRIGGER IF EXISTS claims_au;
DROP TABLE IF EXISTS claims_fts;
CREATE VIRTUAL TABLE claims_search USING fts5 (
    text, speaker, content="claims", content_rowid="id",
    tokenize="porter unicode61 remove_diacritics 2", prefix="2 3 4"
);
INSERT INTO claims_search (claims_search) VALUES ('rebuild');
CREATE TRIGGER claims_search_ai AFTER INSERT ON claims BEGIN
    INSERT INTO claims_search (rowid, text, speaker) VALUES (new.id, new.text, coalesce(new.speaker, ''));
END;
CREATE TRIGGER claims_search_ad AFTER DELETE ON claims BEGIN
    INSERT INTO claims_search (claims_search, rowid, text, speaker)
    VALUES ('delete', old.id, old.text, coalesce(old.speaker, ''));
END;
CREATE TRIGGER claims_search_au AFTER UPDATE OF text, speaker ON claims BEGIN
    INSERT INTO claims_search (claims_search, rowid, text, speaker)
    VALUES ('delete', old.id, old.text, coalesce(old.speaker, ''));
    INSERT INTO claims_search (rowid, text, speaker) VALUES (new.id, new.text, coalesce(new.speaker, ''));
END;

-- The day a claim is filed under: said_on when it is a calendar day, else the article's date,
-- NULL when neither is known. Indexed with id, so a page of claims by date is a range scan.
ALTER TABLE claims ADD COLUMN day TEXT;
UPDATE claims SET day = CASE
    WHEN said_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN said_on
    ELSE (SELECT a.date FROM articles a WHERE a.id = claims.article_id) END;
CREATE TRIGGER claims_day_ai AFTER INSERT ON claims BEGIN
    UPDATE claims SET day = CASE
        WHEN new.said_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN new.said_on
        ELSE (SELECT a.date FROM articles a WHERE a.id = new.article_id) END
    WHERE id = new.id;
END;
CREATE INDEX claims_day ON claims (day, id);
CREATE INDEX claims_stance ON claims (stance, day, id);
CREATE INDEX quantities_claim ON quantities (claim_id);
CREATE INDEX articles_publisher ON articles (publisher);

-- API tokens: only a hash is stored; a revoked token keeps its row (the write log names it).
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    token_hash TEXT NOT NULL UNIQUE,   -- sha256 of the token
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Every write made through the API: which token, when, what.
CREATE TABLE api_writes (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL,               -- "token <id> (<name>)" or "serve --write-token"
    at TEXT NOT NULL,
    action TEXT NOT NULL,              -- e.g. ingest
    article TEXT,                      -- the article's ext id
    result TEXT NOT NULL               -- inserted | skipped | rejected: <why>
);
