-- claimledger ledger schema, version 7 (PostgreSQL). On SQLite this version adds prefix
-- indexes of 5 and 6 characters; the GIN index on claims.tsv already answers prefixes of any
-- length. (Versions 5 and 6 are other tables.)
COMMENT ON COLUMN claims.tsv IS 'the claim text and speaker, stemmed (english) and accent-folded, for search';

-- A story's claims by date (the story page): read from this index by article (index-only).
CREATE INDEX claims_article_day ON claims (article_id, day, id);
