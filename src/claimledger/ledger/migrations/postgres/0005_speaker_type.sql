-- claimledger ledger schema, version 5 (PostgreSQL): the type the article's own evidence
-- gives a claim's speaker (PERSON, ORG, GPE, NORP), stored at extraction so that linking
-- types entities without parsing again. NULL is unknown (and every claim stored before 5).
ALTER TABLE claims ADD COLUMN speaker_type TEXT;

-- The acronym an article gave for an organisation ("the FBI" for the Federal Bureau of
-- Investigation): a bare acronym in another article joins it (linking/entities.py).
ALTER TABLE link_entities ADD COLUMN acronym TEXT;
CREATE INDEX link_entities_acronym ON link_entities (acronym);
