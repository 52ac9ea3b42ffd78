-- claimledger ledger schema, version 3 (SQLite): propositions, estimate series and
-- contradictions across articles (linking/propositions.py, estimates.py, contradictions.py).
-- Every table here is rebuilt by `claimledger relink`.

-- Claims from different articles and speakers about one proposition.
CREATE TABLE propositions (
    id INTEGER PRIMARY KEY,
    story_id INTEGER,                  -- the story its claims belong to (candidates are looked up by it)
    label TEXT NOT NULL,               -- the text of its first claim
    measure TEXT                       -- the measured thing its figures count (estimates), else NULL
);
CREATE INDEX propositions_story ON propositions (story_id, measure);

CREATE TABLE proposition_claims (
    claim_id INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    proposition_id INTEGER NOT NULL REFERENCES propositions (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    terms TEXT NOT NULL,               -- JSON list of the claim's content terms
    points_back INTEGER NOT NULL DEFAULT 0  -- a denial of "her claim", "the reports"
);
CREATE INDEX proposition_claims_proposition ON proposition_claims (proposition_id);

-- One measured thing of one story, and the figures given for it.
CREATE TABLE estimate_series (
    id INTEGER PRIMARY KEY,
    story_id INTEGER,
    measure TEXT NOT NULL,             -- killed | injured | casualties | displaced | missing | arrested | rescued | troops
    actor TEXT,                        -- country code of the people counted (troops), else NULL
    thing TEXT                         -- the counted thing as first written
);
CREATE INDEX estimate_series_story ON estimate_series (story_id, measure);

CREATE TABLE estimate_points (
    id INTEGER PRIMARY KEY,
    series_id INTEGER NOT NULL REFERENCES estimate_series (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    claim_id INTEGER REFERENCES claims (id) ON DELETE CASCADE,  -- NULL: the article's own figure
    quantity_id INTEGER NOT NULL REFERENCES quantities (id) ON DELETE CASCADE,
    value REAL,
    low REAL,
    high REAL,
    qualifier TEXT NOT NULL,
    said_on TEXT,                      -- the claim's day, else the article date
    speaker TEXT,                      -- display name when linked (reads show the claim's entity now)
    speaker_key TEXT NOT NULL,         -- entity:<id> | name:<norm> | publication:<name> | article:<id>
    speaker_entity INTEGER,
    via TEXT NOT NULL,                 -- JSON list of names
    projected INTEGER NOT NULL,        -- promised, planned or feared, not reported as a fact
    stance TEXT NOT NULL,
    origin_article INTEGER NOT NULL,   -- the wire origin of its article
    text TEXT NOT NULL
);
CREATE INDEX estimate_points_series ON estimate_points (series_id);
CREATE INDEX estimate_points_article ON estimate_points (article_id);

-- Typed pairs: denial | estimate_conflict | revision. Each side keeps its provenance; a side
-- without a claim is a denial found inside another claim's text or an article's own figure.
CREATE TABLE contradictions (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    proposition_id INTEGER,
    series_id INTEGER,
    a_article INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    a_claim INTEGER REFERENCES claims (id) ON DELETE CASCADE,
    a_speaker TEXT,
    a_text TEXT NOT NULL,
    a_stance TEXT NOT NULL,
    a_said_on TEXT,
    a_start INTEGER,
    a_end INTEGER,
    b_article INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    b_claim INTEGER REFERENCES claims (id) ON DELETE CASCADE,
    b_speaker TEXT,
    b_text TEXT NOT NULL,
    b_stance TEXT NOT NULL,
    b_said_on TEXT,
    b_start INTEGER,
    b_end INTEGER
);
CREATE INDEX contradictions_type ON contradictions (type);
CREATE INDEX contradictions_a ON contradictions (a_article);
CREATE INDEX contradictions_b ON contradictions (b_article);
