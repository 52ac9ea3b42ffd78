-- claimledger ledger schema, version 7 (PostgreSQL): nothing to change. On SQLite this version
-- adds prefix indexes of 5 and 6 characters; the GIN index on claims.tsv already answers
-- prefixes of any length. (Versions 5 and 6 are other tables.)
COMMENT ON COLUMN claims.tsv IS 'the claim text and speaker, stemmed (english) and accent-folded, for search';
