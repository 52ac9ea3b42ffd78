-- claimledger ledger schema, version 5 (SQLite): the type the article's own evidence gives
-- a claim's speaker (PERSON, ORG, GPE, NORP), stored at extraction so that linking types
-- entities without parsing again. NULL is unknown (and every claim stored before version 5).
ALTER TABLE claims ADD COLUMN speaker_type TEXT;
