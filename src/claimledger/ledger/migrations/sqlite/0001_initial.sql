-- claimledger ledger schema, version 1 (SQLite).
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    ext_id TEXT NOT NULL,              -- the input's id (file stem, JSONL id)
    content_hash TEXT NOT NULL UNIQUE, -- sha256 of the exact text: the identity of an article
    date TEXT,                         -- publication date, YYYY-MM-DD, NULL when unknown
    date_source TEXT,                  -- header | metadata | url | user
    title TEXT,
    url TEXT,
    publisher TEXT,
    dateline TEXT,
    author TEXT,
    origin TEXT,                       -- the file (and line) it was read from
    extractor TEXT NOT NULL,           -- extractor and model version that made the claims
    ingested_at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX articles_ext_id ON articles (ext_id);
CREATE INDEX articles_date ON articles (date);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,         -- the resolved name as extracted
    norm TEXT NOT NULL                 -- casefolded, punctuation-free form for grouping
);
CREATE INDEX entities_norm ON entities (norm);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,              -- position in the article record
    text TEXT NOT NULL,                -- the content spans' text, joined with " … "
    start INTEGER NOT NULL,            -- first content offset
    "end" INTEGER NOT NULL,
    content TEXT NOT NULL,             -- JSON list of [s, e]
    source TEXT NOT NULL,
    cue TEXT NOT NULL,
    speaker_id INTEGER REFERENCES entities (id),
    speaker TEXT,
    kind TEXT NOT NULL,
    stance TEXT NOT NULL,
    said_on TEXT,
    UNIQUE (article_id, idx)
);
CREATE INDEX claims_speaker ON claims (speaker_id);
CREATE INDEX claims_said_on ON claims (said_on);

CREATE TABLE claim_via (
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    PRIMARY KEY (claim_id, pos)
);

CREATE TABLE quantities (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    qualifier TEXT NOT NULL,
    trend TEXT,
    thing TEXT,
    relation TEXT,                     -- JSON, e.g. {"type": "multiple", "factor": 2}
    claim_id INTEGER REFERENCES claims (id) ON DELETE SET NULL  -- the claim whose content holds it
);
CREATE INDEX quantities_article ON quantities (article_id);
CREATE INDEX quantities_thing ON quantities (thing);

CREATE TABLE times (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    type TEXT NOT NULL
);
CREATE INDEX times_article ON times (article_id);

-- Full-text search over claim text and speaker, kept in step by triggers.
CREATE VIRTUAL TABLE claims_fts USING fts5 (
    text, speaker, content = 'claims', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts (rowid, text, speaker) VALUES (new.id, new.text, coalesce(new.speaker, ''));
END;
CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, speaker)
    VALUES ('delete', old.id, old.text, coalesce(old.speaker, ''));
END;
CREATE TRIGGER claims_au AFTER UPDATE ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, speaker)
    VALUES ('delete', old.id, old.text, coalesce(old.speaker, ''));
    INSERT INTO claims_fts (rowid, text, speaker) VALUES (new.id, new.text, coalesce(new.speaker, ''));
END;
