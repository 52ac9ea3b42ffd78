-- claimledger ledger schema, version 6: indexes that keep linking's per-article cost flat as
-- the ledger grows (benchmarks/linking_scale.py; tests/linking/test_query_plans.py).
-- (Numbered 6, not 5: another branch adds a version 5; the versions need not be contiguous.)

-- The named (not article-local) entities of a name: "officials" or "investigators" get one
-- local entity per article, thousands of them under one name, which the plain index on
-- `norm` reads row by row for every new article. Queries must write the literal
-- `key NOT LIKE 'local:%'` for this index to serve them.
CREATE INDEX IF NOT EXISTS link_entities_named ON link_entities (norm) WHERE key NOT LIKE 'local:%';

-- The denial pairs of one claim: the index on `type` alone read every denial pair.
CREATE INDEX IF NOT EXISTS contradictions_b_claim ON contradictions (b_claim);
