"""A synthetic ledger for the query benchmarks: articles, claims, quantities and their links.

    python benchmarks/synthetic_ledger.py /tmp/synthetic-1000000.db --claims 1000000
    python benchmarks/synthetic_ledger.py postgresql://.../db?options=-csearch_path%3Dbench --claims 1000000

Texts are sentences of made-up words with a Zipf-like frequency (a few real words, such as
"the" and "said", are in most claims), each claim one sentence "<speaker> said <content>."
of its article. Articles are grouped into developing stories (sizes from 2 to a few thousand
articles, one story of ~2% of the articles), some articles are wire copies of their story's
first article, and every claim has its claim_links row, as the linking stage leaves them.

Fast on a small machine: rows get their ids here (the ledger is empty), go in by
executemany (SQLite) or COPY (PostgreSQL) in one transaction per batch, with the row
triggers and the search index off during the load; the search index is built once at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimledger.ledger import Ledger  # noqa: E402
from claimledger.ledger.base import norm_name  # noqa: E402

SYLLABLES = ("ka", "lo", "mi", "ren", "tor", "va", "sel", "dan", "po", "ri", "gul", "fen", "bra", "ost", "ule")
COMMON = ("the", "said", "would", "that", "government", "strike", "workers", "minister", "port", "police",
          "flood", "troops", "talks", "union", "city", "officials", "report", "prices", "water", "election")
STANCES = ("assert",) * 8 + ("deny", "hedge")
KINDS = ("indirect",) * 6 + ("direct", "direct", "mixed", "according_to")
SOURCES = ("header", "metadata", "url", "user", "warc", None)
PUBLISHERS = tuple(f"Publisher {i}" for i in range(40))
VOCABULARY_SIZE = 20000
CLAIMS_PER_ARTICLE = 10
DAY0 = 19000  # days since 1970: 2022-01-08
SPAN_DAYS = 1400
IN_STORY = 0.6  # share of articles in a story
COPY_SHARE = 0.15  # share of a story's later articles that are wire copies of its first


def vocabulary(n: int = VOCABULARY_SIZE, seed: int = 7) -> list[str]:
    """The common words first, then made-up words (the same list for the same seed)."""
    rng = random.Random(seed)
    words = set(COMMON)
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return list(COMMON) + sorted(words - set(COMMON))


def _day(n: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(n * 86400))


@dataclass
class Story:
    id: int
    start: int  # day number
    articles: list[int] = field(default_factory=list)


def plan_stories(n_articles: int, rng: random.Random) -> tuple[dict[int, Story], dict[int, int]]:
    """Stories and article -> story id: one large story (~2% of the articles), then sizes
    from a heavy-tailed spread, members scattered over the ingest order."""
    in_story = int(n_articles * IN_STORY)
    sizes = [max(2, n_articles // 50)] if n_articles >= 100 else []
    while sum(sizes) < in_story:
        sizes.append(min(2000, 2 + int(rng.paretovariate(1.3))))
    slots = [sid for sid, size in enumerate(sizes, start=1) for _ in range(size)][:in_story]
    slots += [0] * (n_articles - len(slots))
    rng.shuffle(slots)
    stories = {sid: Story(sid, DAY0 + rng.randint(0, SPAN_DAYS - 90)) for sid in range(1, len(sizes) + 1)}
    of_article: dict[int, int] = {}
    for aid, sid in enumerate(slots, start=1):
        if sid:
            stories[sid].articles.append(aid)
            of_article[aid] = sid
    return {sid: s for sid, s in stories.items() if s.articles}, of_article


class Loader:
    """Rows into one table at a time: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, conn: Any, sqlite: bool) -> None:
        self.conn, self.sqlite = conn, sqlite

    def rows(self, table: str, cols: str, rows: list[tuple]) -> None:
        if not rows:
            return
        if self.sqlite:
            self.conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(rows[0]))})", rows)
            return
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


ARTICLE_COLS = "id, ext_id, content_hash, date, date_source, title, url, publisher, origin, extractor, ingested_at, text"
CLAIM_COLS = 'id, article_id, idx, text, start, "end", content, source, cue, speaker_id, speaker, kind, stance, said_on, day'
QUANTITY_COLS = 'id, article_id, idx, start, "end", text, value, qualifier, claim_id'
LINK_COLS = "claim_id, article_id, entity_id, mention, text_key, origin_claim_id"


def build(location: str, n_claims: int, seed: int = 7, progress: bool = True) -> dict[str, int]:
    """Fill the empty ledger at `location` with n_claims synthetic claims and their links;
    returns how many rows of each kind."""
    rng = random.Random(seed)
    vocab = vocabulary(VOCABULARY_SIZE, seed)
    cum, total = [], 0.0
    for i in range(len(vocab)):
        total += 1 / (i + 1) ** 1.05
        cum.append(total)
    speakers = sorted({f"{rng.choice(vocab).title()} {rng.choice(vocab).title()}" for _ in range(3000)})
    speaker_id = {name: i for i, name in enumerate(speakers, start=1)}
    n_articles = max(1, n_claims // CLAIMS_PER_ARTICLE)
    stories, story_of = plan_stories(n_articles, rng)
    first_of = {s.id: s.articles[0] for s in stories.values()}
    counts = {"articles": 0, "claims": 0, "quantities": 0, "stories": len(stories), "wire copies": 0}
    with Ledger(location) as ledger:
        conn = ledger.store.conn
        sqlite = not location.startswith("postgres")
        load = Loader(conn, sqlite)
        if conn.execute("SELECT count(*) AS n FROM (SELECT 1 FROM claims LIMIT 1) x").fetchone()[0 if sqlite else "n"]:
            raise SystemExit(f"{location} already holds claims; give an empty ledger")
        restore = _bulk_mode(conn, sqlite)
        with _transaction(conn, sqlite):
            load.rows("entities", "id, name, norm", [(i, n, norm_name(n)) for n, i in speaker_id.items()])
            load.rows("stories", "id, title, n_articles",
                      [(s.id, f"Synthetic story {s.id}", len(s.articles)) for s in stories.values()])
        days: dict[int, list[int]] = {}
        claim_id, quantity_id, batch, t0 = 0, 0, 2000, time.perf_counter()
        for start in range(1, n_articles + 1, batch):
            arts, claims, quants, links, wires = [], [], [], [], []
            for aid in range(start, min(start + batch, n_articles + 1)):
                sid = story_of.get(aid)
                day = stories[sid].start + rng.randint(0, 90) if sid else DAY0 + rng.randint(0, SPAN_DAYS)
                date = _day(day) if sid or rng.random() > 0.02 else None
                if sid:
                    days.setdefault(sid, []).append(day)
                origin = first_of[sid] if sid and first_of[sid] != aid and rng.random() < COPY_SHARE else aid
                parts, pos = [], 0
                for idx in range(CLAIMS_PER_ARTICLE):
                    speaker = rng.choice(speakers)
                    words = rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 22))
                    if rng.random() < 0.3:
                        words.insert(rng.randrange(len(words)), str(rng.randint(2, 90000)))
                    content = " ".join(words)
                    s = pos + len(speaker) + 6  # after "<speaker> said "
                    e = s + len(content)
                    claim_id += 1
                    said = date if rng.random() < 0.5 else None
                    claims.append((claim_id, aid, idx, content, s, e, json.dumps([[s, e]]),
                                   json.dumps([[pos, pos + len(speaker)]]),
                                   json.dumps([[pos + len(speaker) + 1, pos + len(speaker) + 5]]),
                                   speaker_id[speaker], speaker, rng.choice(KINDS), rng.choice(STANCES), said,
                                   said or date))
                    key = hashlib.blake2b(content.encode(), digest_size=8).hexdigest()
                    # a copy's claims point at the claim of the same place in the origin article
                    origin_claim = claim_id if origin == aid else (origin - 1) * CLAIMS_PER_ARTICLE + idx + 1
                    links.append((claim_id, aid, None, speaker, key, origin_claim))
                    if any(ch.isdigit() for ch in content) and rng.random() < 0.9:
                        quantity_id += 1
                        quants.append((quantity_id, aid, idx, s, s + 3, content[:3], float(rng.randint(2, 90000)),
                                       "exact", claim_id))
                    parts.append(f"{speaker} said {content}. ")
                    pos += len(parts[-1])
                text = "".join(parts)
                arts.append((aid, f"syn-{aid}", f"h{aid:012d}", date, rng.choice(SOURCES) if date else None,
                             f"Synthetic report {aid}", f"https://example.test/{aid}", rng.choice(PUBLISHERS),
                             "bench", "bench-1", "now", text))
                wires.append((aid, origin, 1.0 if origin == aid else 0.9))
                counts["wire copies"] += origin != aid
            with _transaction(conn, sqlite):
                load.rows("articles", ARTICLE_COLS, arts)
                load.rows("claims", CLAIM_COLS, claims)
                load.rows("quantities", QUANTITY_COLS, quants)
                load.rows("claim_links", LINK_COLS, links)
                load.rows("wire_copies", "article_id, origin_id, similarity", wires)
                load.rows("story_articles", "article_id, story_id",
                          [(a[0], story_of[a[0]]) for a in arts if a[0] in story_of])
            counts["articles"] += len(arts)
            counts["claims"] += len(claims)
            counts["quantities"] += len(quants)
            if progress:
                rate = counts["claims"] / (time.perf_counter() - t0)
                print(f"\r  built {counts['claims']:,} claims ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
        if progress:
            print(file=sys.stderr)
        with _transaction(conn, sqlite):
            mark = "?" if sqlite else "%s"
            rows = [(_day(min(days[s.id])), _day(max(days[s.id])), s.id) for s in stories.values() if days.get(s.id)]
            (conn if sqlite else conn.cursor()).executemany(
                f"UPDATE stories SET first_date = {mark}, last_date = {mark} WHERE id = {mark}", rows)
        if progress:
            print("  building the search index and the paging indexes", file=sys.stderr, flush=True)
        restore()
    return counts


def _bulk_mode(conn: Any, sqlite: bool) -> Any:
    """Row triggers and search indexes off for the load; returns the function that puts
    them back (and builds the search index once, over everything)."""
    if sqlite:
        conn.execute("PRAGMA cache_size = -400000")
        conn.execute("PRAGMA synchronous = OFF")
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'"
                            " AND name IN ('claims_search_ai', 'claims_day_ai')").fetchall()
        for name, _ in rows:
            conn.execute(f"DROP TRIGGER {name}")

        def restore() -> None:
            conn.execute("INSERT INTO claims_search (claims_search) VALUES ('rebuild')")
            for _, sql in rows:
                conn.execute(sql)
            conn.execute("ANALYZE")
            conn.execute("INSERT INTO claims_search (claims_search) VALUES ('optimize')")
            conn.commit()
        return restore
    # this schema's indexes first, then their definitions: pg_indexes reads every schema's,
    # and fails on one another session is dropping
    indexes = conn.execute(
        "WITH ix AS MATERIALIZED (SELECT i.indexrelid, c.relname AS indexname FROM pg_index i"
        " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
        " JOIN pg_class c ON c.oid = i.indexrelid WHERE t.relname = 'claims' AND n.nspname = current_schema()"
        " AND NOT i.indisunique AND NOT i.indisprimary)"
        " SELECT indexname, pg_get_indexdef(indexrelid) AS indexdef FROM ix").fetchall()
    for r in indexes:
        conn.execute(f"DROP INDEX {r['indexname']}")
    conn.execute("ALTER TABLE claims DISABLE TRIGGER claims_day")

    def restore_pg() -> None:
        conn.execute("ALTER TABLE claims ENABLE TRIGGER claims_day")
        conn.execute("SET maintenance_work_mem = '512MB'")
        for r in indexes:
            conn.execute(r["indexdef"])
        for table in ("articles", "entities", "claims", "quantities"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.execute("VACUUM ANALYZE")
    return restore_pg


class _transaction:
    def __init__(self, conn: Any, sqlite: bool) -> None:
        self.conn, self.sqlite = conn, sqlite
        self.tx: Any = None

    def __enter__(self) -> None:
        if self.sqlite:
            self.conn.execute("BEGIN")
        else:
            self.tx = self.conn.transaction()
            self.tx.__enter__()

    def __exit__(self, *exc: Any) -> None:
        if self.sqlite:
            self.conn.execute("COMMIT" if exc[0] is None else "ROLLBACK")
        else:
            self.tx.__exit__(*exc)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("location", help="an empty ledger: a SQLite file or a postgresql:// URL")
    ap.add_argument("--claims", type=int, default=1_000_000)
    args = ap.parse_args()
    t = time.perf_counter()
    counts = build(args.location, args.claims)
    print(json.dumps({**counts, "seconds": round(time.perf_counter() - t)}))


if __name__ == "__main__":
    main()
