"""The PostgreSQL ledger: the same schema and queries as SQLite, for many writers at once.

Several ingest processes may write to one database at the same time. Articles are unique by
content hash and inserted with `ON CONFLICT DO NOTHING`, so two writers never store one text
twice. Within a transaction every writer takes its row locks in one global order (entities
by name, then articles by content hash), so writers do not deadlock each other; a deadlock
or serialization failure that still happens is retried with the whole batch.

Needs the `postgres` extra (psycopg 3).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from typing import Any, TypeVar

from claimledger.errors import RecordStoreError, StoreError
from claimledger.ledger.base import (
    SCHEMA_VERSION,
    STATS_QUERIES,
    ClaimFilter,
    ClaimHolders,
    ClaimRow,
    IngestCounts,
    article_values,
    claim_conditions,
    claim_row,
    norm_name,
    record_from_rows,
    stored_article,
)
from claimledger.ledger.fulltext import parse_search, to_tsquery
from claimledger.readers.base import Article, content_hash
from claimledger.record import ArticleRecord

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg.rows import dict_row
except ImportError:  # pragma: no cover - depends on the installed extras
    psycopg = None  # type: ignore[assignment]

# Said on a calendar day (YYYY-MM-DD), else the article date: the day a claim is filed under.
DAY = "(CASE WHEN c.said_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN c.said_on ELSE a.date END)"
# Any number that no other application is likely to use for pg_advisory_xact_lock.
MIGRATION_LOCK = 0x636C6D6C  # "clml"
RETRIES = 8
RECONNECT_WAIT = 15.0  # seconds to wait for a restarting server before giving up
T = TypeVar("T")


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every PostgreSQL migration script, in order."""
    folder = resources.files("claimledger.ledger") / "migrations" / "postgres"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(out)


class PostgresStore:
    """Storage of article records in PostgreSQL. Every write is one transaction."""

    def __init__(self, url: str, create: bool = True) -> None:
        if psycopg is None:
            raise StoreError(
                f"{_safe(url)}: PostgreSQL needs psycopg; install it with "
                "`pip install 'claimledger[postgres]'`"
            )
        self.url = url
        self.path = _safe(url)
        self.conn = self._connect()
        if create:
            self.migrate()
        else:
            self._call("reading the schema", self.check_schema)

    def _connect(self, wait: float = 0.0) -> Any:
        """A new connection; when `wait`, keep trying that long (a server restarting)."""
        end = time.monotonic() + wait
        while True:
            try:
                # autocommit: reads never leave a transaction open; writes open one explicitly
                return psycopg.connect(self.url, autocommit=True, row_factory=dict_row,
                                       connect_timeout=10)
            except psycopg.Error as exc:
                if time.monotonic() < end:
                    time.sleep(0.5)
                    continue
                raise StoreError(
                    f"{self.path}: cannot connect to PostgreSQL ({_one_line(exc)}); "
                    "check the URL, that the server runs, and that the database exists"
                ) from exc

    def _lost(self) -> bool:
        return bool(self.conn.closed or self.conn.broken)

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """`fn()`, reconnecting once when the connection was lost (a server restart);
        StoreError, never a driver traceback, when it cannot be done."""
        for attempt in (0, 1):
            try:
                return fn()
            except psycopg.OperationalError as exc:
                if attempt or not self._lost():
                    raise StoreError(
                        f"{self.path}: {what} failed ({_one_line(exc)}); what was stored is "
                        "kept: run the same command again once the server is up"
                    ) from exc
                try:
                    self.conn.close()
                except psycopg.Error:
                    pass
                self.conn = self._connect(wait=RECONNECT_WAIT)
            except psycopg.Error as exc:
                raise StoreError(f"{self.path}: {what} failed ({_one_line(exc)})") from exc
        raise AssertionError("unreachable")

    def check_schema(self) -> None:
        """StoreError unless the database holds this claimledger's schema (nothing is written)."""
        row = self.conn.execute("SELECT to_regclass('claimledger_schema') AS t").fetchone()
        if not row or row["t"] is None:
            raise StoreError(
                f"{self.path}: no claimledger ledger in this database; create one with "
                f"`claimledger ingest PATHS --db URL`"
            )
        current = self.schema_version
        if current != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: ledger schema {current}, this claimledger uses {SCHEMA_VERSION}; "
                + ("upgrade claimledger" if current > SCHEMA_VERSION
                   else "upgrade it with `claimledger ingest --stale --db URL`")
            )

    # -- schema -----------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT coalesce(max(version), 0) AS v FROM claimledger_schema").fetchone()
        return int(row["v"]) if row else 0

    def migrate(self) -> None:
        """Apply the migrations this database lacks; concurrent openers wait for each other."""
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                self.conn.execute(
                    "CREATE TABLE IF NOT EXISTS claimledger_schema ("
                    " version INTEGER PRIMARY KEY,"
                    " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                )
                current = self.schema_version
                if current > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path}: ledger schema {current} is newer than this claimledger "
                        f"({SCHEMA_VERSION}); upgrade claimledger"
                    )
                for version, sql in migrations():
                    if version > current:
                        # one transaction for all: a failed migration leaves the old schema
                        self.conn.execute(sql)  # several statements, no parameters
                        self.conn.execute(
                            "INSERT INTO claimledger_schema (version) VALUES (%s)", (version,)
                        )
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: migration failed ({_one_line(exc)})") from exc

    # -- writes -----------------------------------------------------------------------
    def contains(self, hashes: Iterable[str]) -> set[str]:
        return set(self.versions(hashes))

    def versions(self, hashes: Iterable[str]) -> dict[str, str]:
        """content hash -> extractor version, for the stored ones among `hashes`."""
        hashes = list(hashes)

        def query() -> dict[str, str]:
            rows = self.conn.execute(
                "SELECT content_hash, extractor FROM articles WHERE content_hash = ANY(%s)",
                (hashes,),
            )
            return {r["content_hash"]: r["extractor"] for r in rows}

        return self._call("checking the stored texts", query)

    def add_many(
        self, items: Iterable[tuple[Article | None, ArticleRecord]], replace: bool = False
    ) -> IngestCounts:
        """Store records in one transaction; a stored article is skipped, or with `replace`
        gets the new claims, quantities and times instead of its old ones. A lost connection
        is opened again and the batch written again (idempotent: stored texts are skipped)."""
        items = list(items)
        return self._call("writing a batch (nothing from it was stored)",
                          lambda: self._add_retrying(items, replace))

    def _add_retrying(self, items: list[tuple[Article | None, ArticleRecord]], replace: bool) -> IngestCounts:
        for attempt in range(RETRIES):
            try:
                with self.conn.transaction():
                    return self._write(items, replace)
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
                # the other writer wins; ours is rolled back whole and tried again
                time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
            except (psycopg.DataError, psycopg.IntegrityError, UnicodeError, ValueError) as exc:
                raise RecordStoreError(
                    f"{self.path}: the database refused a value ({_one_line(exc)})"
                ) from exc
        raise StoreError(
            f"{self.path}: write failed after {RETRIES} deadlock retries, nothing from this "
            "batch was stored; run the same command again to continue"
        )

    def _write(self, items: list[tuple[Article | None, ArticleRecord]], replace: bool) -> IngestCounts:
        counts = IngestCounts()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        by_hash: dict[str, tuple[Article | None, ArticleRecord]] = {}
        for article, rec in items:
            h = content_hash(rec.text)
            if h in by_hash:
                counts.skipped += 1
            else:
                by_hash[h] = (article, rec)
        if not by_hash:
            return counts
        hashes = sorted(by_hash)  # one lock order for every writer
        entity_ids = self._entities(
            {n for _, rec in by_hash.values() for cl in rec.claims for n in (cl.speaker, *cl.via) if n}
        )
        cols: list[list[Any]] = [[] for _ in range(13)]
        for h in hashes:
            article, rec = by_hash[h]
            row = article_values(article, rec, h, now)
            for col, value in zip(cols, row, strict=True):
                col.append(value)
        inserted = self.conn.execute(
            "INSERT INTO articles (ext_id, content_hash, date, date_source, title, url, publisher,"
            " dateline, author, origin, extractor, ingested_at, text)"
            " SELECT a, b, c, d, e, f, g, h, i, j, k, l, m FROM unnest("
            + ", ".join(["%s::text[]"] * 13)
            + ") WITH ORDINALITY AS u(a, b, c, d, e, f, g, h, i, j, k, l, m, n) ORDER BY n"
            " ON CONFLICT (content_hash) DO NOTHING RETURNING id, content_hash",
            cols,
        ).fetchall()
        target = {r["content_hash"]: int(r["id"]) for r in inserted}
        counts.inserted = len(target)
        rest = [h for h in hashes if h not in target]
        if rest and replace:
            # a stored text: lock it, drop what the old extractor made, store the new record
            old = self.conn.execute(
                "SELECT id, content_hash FROM articles WHERE content_hash = ANY(%s)"
                " ORDER BY content_hash FOR UPDATE",
                (rest,),
            ).fetchall()
            ids = [int(r["id"]) for r in old]
            for table in ("quantities", "times", "claims"):
                self.conn.execute(f"DELETE FROM {table} WHERE article_id = ANY(%s)", (ids,))
            for r in old:
                rec = by_hash[r["content_hash"]][1]
                self.conn.execute(
                    "UPDATE articles SET extractor = %s, ingested_at = %s WHERE id = %s",
                    (rec.extractor or "unknown", now, r["id"]),
                )
                target[r["content_hash"]] = int(r["id"])
            counts.replaced = len(old)
            counts.skipped += len(rest) - len(old)
        else:
            counts.skipped += len(rest)
        self._children({aid: by_hash[h][1] for h, aid in target.items()}, entity_ids)
        return counts

    def _entities(self, names: set[str]) -> dict[str, int]:
        """ids of `names`, created when missing, locked in name order (no deadlocks)."""
        if not names:
            return {}
        ordered = sorted(names)
        self.conn.execute(
            "INSERT INTO entities (name, norm)"
            " SELECT n, m FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS u(n, m, o)"
            " ORDER BY o ON CONFLICT (name) DO NOTHING",
            (ordered, [norm_name(n) for n in ordered]),
        )
        rows = self.conn.execute("SELECT id, name FROM entities WHERE name = ANY(%s)", (ordered,))
        return {r["name"]: int(r["id"]) for r in rows}

    def _children(self, records: dict[int, ArticleRecord], entity_ids: dict[str, int]) -> None:
        """Claims, via chains, quantities and times of freshly stored articles, a few statements."""
        if not records:
            return
        claim_cols: list[list[Any]] = [[] for _ in range(14)]
        for aid, rec in records.items():
            for i, cl in enumerate(rec.claims):
                spans = sorted(cl.content)
                row = (
                    aid, i, rec.claim_text(cl), spans[0][0], spans[-1][1],
                    json.dumps([list(s) for s in cl.content]),
                    json.dumps([list(s) for s in cl.source]),
                    json.dumps([list(s) for s in cl.cue]),
                    entity_ids.get(cl.speaker) if cl.speaker else None,
                    cl.speaker, cl.kind, cl.stance, cl.said_on, cl.speaker_type,
                )
                for col, value in zip(claim_cols, row, strict=True):
                    col.append(value)
        claim_ids: dict[tuple[int, int], int] = {}
        if claim_cols[0]:
            types = ["bigint", "int", "text", "int", "int", "text", "text", "text", "bigint",
                     "text", "text", "text", "text", "text"]
            rows = self.conn.execute(
                'INSERT INTO claims (article_id, idx, text, start, "end", content, source, cue,'
                " speaker_id, speaker, kind, stance, said_on, speaker_type)"
                " SELECT * FROM unnest(" + ", ".join(f"%s::{t}[]" for t in types) + ")"
                " RETURNING id, article_id, idx",
                claim_cols,
            ).fetchall()
            claim_ids = {(int(r["article_id"]), int(r["idx"])): int(r["id"]) for r in rows}
        via: list[list[Any]] = [[], [], []]
        quantities: list[list[Any]] = [[] for _ in range(13)]
        times: list[list[Any]] = [[] for _ in range(7)]
        for aid, rec in records.items():
            holders = []
            for i, cl in enumerate(rec.claims):
                cid = claim_ids[(aid, i)]
                holders.append((cid, sorted(cl.content)))
                for pos, name in enumerate(cl.via):
                    for col, value in zip(via, (cid, pos, entity_ids[name]), strict=True):
                        col.append(value)
            holding = ClaimHolders(holders).holding
            for i, q in enumerate(rec.quantities):
                row = (aid, i, q.span[0], q.span[1], rec.span_text(q.span), _float(q.value), _float(q.low), _float(q.high),
                       q.qualifier, q.trend, q.thing,
                       json.dumps(q.relation) if q.relation else None,
                       holding(q.span))
                for col, value in zip(quantities, row, strict=True):
                    col.append(value)
            for i, t in enumerate(rec.times):
                row = (aid, i, t.span[0], t.span[1], rec.span_text(t.span), t.value, t.type)
                for col, value in zip(times, row, strict=True):
                    col.append(value)
        if via[0]:
            self.conn.execute(
                "INSERT INTO claim_via (claim_id, pos, entity_id)"
                " SELECT * FROM unnest(%s::bigint[], %s::int[], %s::bigint[])",
                via,
            )
        if quantities[0]:
            types = ["bigint", "int", "int", "int", "text", "float8", "float8", "float8", "text",
                     "text", "text", "text", "bigint"]
            self.conn.execute(
                'INSERT INTO quantities (article_id, idx, start, "end", text, value, low, high,'
                " qualifier, trend, thing, relation, claim_id)"
                " SELECT * FROM unnest(" + ", ".join(f"%s::{t}[]" for t in types) + ")",
                quantities,
            )
        if times[0]:
            self.conn.execute(
                'INSERT INTO times (article_id, idx, start, "end", text, value, type)'
                " SELECT * FROM unnest(%s::bigint[], %s::int[], %s::int[], %s::int[],"
                " %s::text[], %s::text[], %s::text[])",
                times,
            )

    # -- reads ------------------------------------------------------------------------
    def claims(self, f: ClaimFilter) -> Iterator[ClaimRow]:
        where, args = claim_conditions(f, "%s", DAY, like="ILIKE")
        if f.search:
            tsquery, search_args = to_tsquery(parse_search(f.search))
            where.insert(0, f"c.tsv @@ {tsquery}")
            args[:0] = search_args
        sql = (
            "SELECT c.*, a.ext_id, a.date AS article_date, a.title, a.text AS article_text,"
            " ARRAY(SELECT e2.name FROM claim_via v JOIN entities e2 ON e2.id = v.entity_id"
            "       WHERE v.claim_id = c.id ORDER BY v.pos) AS via"
            " FROM claims c JOIN articles a ON a.id = c.article_id"
            " LEFT JOIN entities e ON e.id = c.speaker_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            # NULLS FIRST: the order SQLite gives, so both back ends list claims alike
            + f" ORDER BY {DAY} NULLS FIRST, a.id, c.idx"
        )
        if f.limit is not None:
            sql += " LIMIT %s OFFSET %s"
            args += [f.limit, f.offset]
        rows = self._call("the query", lambda: self.conn.execute(sql, args).fetchall())
        for r in rows:
            yield claim_row(r, list(r["via"] or []))

    def records(self, since: str | None = None, until: str | None = None) -> Iterator[ArticleRecord]:
        """Every stored article record, oldest first, fetched 100 at a time."""
        where, args = [], []
        if since:
            where.append("date >= %s")
            args.append(since)
        if until:
            where.append("date <= %s")
            args.append(until)
        sql = ("SELECT id FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY date NULLS FIRST, id")
        ids = self._call("reading the articles",
                         lambda: [int(r["id"]) for r in self.conn.execute(sql, args)])
        for i in range(0, len(ids), 100):
            chunk = ids[i : i + 100]
            records = self._call("reading the articles", lambda chunk=chunk: self._records(chunk))
            yield from records

    def _records(self, ids: list[int]) -> list[ArticleRecord]:
        rows = self.conn.execute("SELECT * FROM articles WHERE id = ANY(%s)", (ids,)).fetchall()
        by_id = {int(r["id"]): r for r in rows}
        return [self._record(by_id[aid]) for aid in ids]

    def record(self, ext_id: str) -> ArticleRecord | None:
        def query() -> ArticleRecord | None:
            row = self.conn.execute(
                "SELECT * FROM articles WHERE ext_id = %s ORDER BY id LIMIT 1", (ext_id,)
            ).fetchone()
            return self._record(row) if row else None

        return self._call("reading an article", query)

    def stale(self, extractor: str) -> Iterator[tuple[Article, str]]:
        """Stored articles whose records another extractor version made, with that version."""
        ids = self._call("reading the stale articles", lambda: [
            int(r["id"])
            for r in self.conn.execute(
                "SELECT id FROM articles WHERE extractor <> %s ORDER BY id", (extractor,)
            )
        ])
        for i in range(0, len(ids), 100):
            rows = self._call("reading the stale articles", lambda i=i: self.conn.execute(
                "SELECT * FROM articles WHERE id = ANY(%s) ORDER BY id", (ids[i : i + 100],)
            ).fetchall())
            for r in rows:
                yield stored_article(r), r["extractor"]

    def _record(self, a: dict[str, Any]) -> ArticleRecord:
        c, aid = self.conn, (a["id"],)
        claims = c.execute(
            "SELECT c.*, ARRAY(SELECT e.name FROM claim_via v JOIN entities e ON e.id = v.entity_id"
            " WHERE v.claim_id = c.id ORDER BY v.pos) AS via"
            " FROM claims c WHERE article_id = %s ORDER BY idx",
            aid,
        ).fetchall()
        return record_from_rows(
            a,
            [(r, list(r["via"] or [])) for r in claims],
            c.execute("SELECT * FROM quantities WHERE article_id = %s ORDER BY idx", aid),
            c.execute("SELECT * FROM times WHERE article_id = %s ORDER BY idx", aid),
        )

    def stats(self) -> dict[str, Any]:
        def query() -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key, sql in STATS_QUERIES.items():
                row = self.conn.execute(sql).fetchone()
                out[key] = int(next(iter(row.values()))) if row else 0
            out["schema_version"] = self.schema_version
            return out

        return self._call("counting", query)

    def close(self) -> None:
        self.conn.close()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _float(x: float | None) -> float | None:
    # one array holds every value: psycopg needs them of one type (extractors give int or float)
    return None if x is None else float(x)


def _safe(url: str) -> str:
    """`url` without its password, for messages."""
    try:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        pass
    return url
