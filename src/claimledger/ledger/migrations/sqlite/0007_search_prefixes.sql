-- claimledger ledger schema, version 7 (SQLite): prefix indexes for 2 to 6 characters, and an
-- index of claims by article and day.
-- A prefix search without its own index merges the lists of every word it starts, and the
-- snippets of its matches then read them again for each claim: "evacu*" cost 30 ms at 1M
-- claims with indexes of 2-4 characters, 2 ms with one of 5. Prefixes of 7 or more
-- characters start few words and stay cheap without one. (Versions 5 and 6 are other tables.)
DROP TRIGGER IF EXISTS claims_search_ai;
DROP TRIGGER IF EXISTS claims_search_ad;
DROP TRIGGER IF EXISTS claims_search_au;
DROP TABLE IF EXISTS claims_search;
CREATE VIRTUAL TABLE claims_search USING fts5 (
    text, speaker, content="claims", content_rowid="id",
    tokenize="porter unicode61 remove_diacritics 2", prefix="2 3 4 5 6"
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

-- A story's claims by date (the story page): read from this index by article, no table rows.
CREATE INDEX claims_article_day ON claims (article_id, day);
