-- claimledger ledger schema, version 2 (SQLite): links across articles (see linking/DESIGN.md).
-- Every table here but entity_judgements is rebuilt by `claimledger relink`.

-- One row per base entity; `canonical_id` is the entity after user judgements.
CREATE TABLE link_entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,          -- type:norm of a full name, or local:<article>:<norm>
    name TEXT NOT NULL,                -- the display name (the longest form seen first)
    norm TEXT NOT NULL,
    tail TEXT,                         -- an organisation's name without its country qualifier
    type TEXT NOT NULL,                -- PERSON | ORG | GPE | NORP | unknown
    canonical_id INTEGER NOT NULL
);
CREATE INDEX link_entities_norm ON link_entities (norm);
CREATE INDEX link_entities_canonical ON link_entities (canonical_id);
CREATE INDEX link_entities_tail ON link_entities (tail);

CREATE TABLE entity_mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    claim_id INTEGER REFERENCES claims (id) ON DELETE CASCADE,
    role TEXT NOT NULL,                -- speaker | via
    text TEXT NOT NULL,                -- the mention as written (the source span text)
    start INTEGER,
    "end" INTEGER,
    entity_id INTEGER NOT NULL REFERENCES link_entities (id)
);
CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id);
CREATE INDEX entity_mentions_article ON entity_mentions (article_id);

CREATE TABLE claim_links (
    claim_id INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id INTEGER REFERENCES link_entities (id),
    mention TEXT,
    text_key TEXT NOT NULL,            -- hash of the claim's normalised words
    origin_claim_id INTEGER            -- the same claim in the wire-copy origin article
);
CREATE INDEX claim_links_entity ON claim_links (entity_id);
CREATE INDEX claim_links_text_key ON claim_links (text_key);
CREATE INDEX claim_links_origin ON claim_links (origin_claim_id);
CREATE INDEX claim_links_article ON claim_links (article_id);

-- User judgements: kept by relink, undone by setting `undone`.
CREATE TABLE entity_judgements (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                -- same | not_same | split | alias
    a_key TEXT NOT NULL,
    b_key TEXT,
    articles TEXT,                     -- JSON list of article ext ids (split)
    note TEXT,
    created_at TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE wire_signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    signature BLOB NOT NULL,           -- MinHash values, little-endian uint32
    sentences INTEGER NOT NULL DEFAULT 0  -- how many sentence hashes it has
);
CREATE TABLE wire_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX wire_bands_lookup ON wire_bands (band, hash);
CREATE TABLE sentence_hashes (
    hash INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX sentence_hashes_lookup ON sentence_hashes (hash);
CREATE TABLE wire_copies (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    origin_id INTEGER NOT NULL,        -- the earliest copy (itself for an origin)
    similarity REAL NOT NULL
);
CREATE INDEX wire_copies_origin ON wire_copies (origin_id);

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    title TEXT,
    first_date TEXT,
    last_date TEXT,
    n_articles INTEGER NOT NULL
);
CREATE INDEX stories_last_date ON stories (last_date);
CREATE TABLE story_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories (id)
);
CREATE INDEX story_articles_story ON story_articles (story_id);
-- The inverted index: each story's strongest terms, with the story's dates, so that a
-- lookup reads only the stories active around the new article's date.
CREATE TABLE story_terms (
    term TEXT NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories (id),
    weight REAL NOT NULL,
    first_date TEXT NOT NULL,
    last_date TEXT NOT NULL,
    PRIMARY KEY (term, story_id)
);
CREATE INDEX story_terms_recent ON story_terms (term, last_date);
CREATE INDEX story_terms_story ON story_terms (story_id);
-- In how many linked articles each story term occurs (for its weight).
CREATE TABLE term_df (
    term TEXT PRIMARY KEY,
    df INTEGER NOT NULL
);

CREATE TABLE linked_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE
);
CREATE TABLE link_state (
    name TEXT PRIMARY KEY,
    value TEXT
);
