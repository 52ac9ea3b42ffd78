"""The SQLite ledger: one file, versioned schema, FTS5 over claim text."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

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
from claimledger.ledger.fulltext import parse_search, to_fts5
from claimledger.readers.base import Article, content_hash
from claimledger.record import ArticleRecord

DAY_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every migration script, in order."""
    folder = resources.files("claimledger.ledger") / "migrations" / "sqlite"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(out)


CLAIM_PAGE = 256  # claims rows fetched at a time by `claims()`


class SQLiteStore:
    """Storage of article records in SQLite. Every write is one transaction."""

    def __init__(self, path: str = ":memory:", create: bool = True) -> None:
        """Open the ledger at `path`; with `create`, make or migrate its schema (else a
        file without the current schema is an error: read commands never write)."""
        self.path = path
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the ledger ({exc}); check the path") from exc
        try:
            self.conn.row_factory = sqlite3.Row
            # first: every opener that finds the file locked waits instead of failing
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if create and path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            if create:
                self.migrate()
            else:
                self.check_schema()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise StoreError(
                    f"{path}: not a claimledger ledger (SQLite: {exc}); give a ledger file, or a "
                    "path where none exists yet to create one"
                ) from exc
            raise StoreError(f"{path}: cannot open the ledger ({exc})") from exc
        except StoreError:
            self.conn.close()
            raise

    # -- schema -----------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def check_schema(self) -> None:
        """StoreError unless the ledger has this claimledger's schema (nothing is written)."""
        current = self.schema_version
        if current == 0:
            raise StoreError(
                f"{self.path}: no claimledger ledger in this file; create one with "
                f"`claimledger ingest PATHS --db {self.path}`"
            )
        self._check_not_newer(current)
        if current < SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: ledger schema {current} is older than this claimledger "
                f"({SCHEMA_VERSION}); upgrade it with `claimledger ingest --stale --db {self.path}`"
            )

    def _check_not_newer(self, current: int) -> None:
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: ledger schema {current} is newer than this claimledger "
                f"({SCHEMA_VERSION}); upgrade claimledger"
            )

    def migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION, all of it in one transaction.

        The write lock is taken (BEGIN IMMEDIATE) before the version is read, so processes
        that open a new ledger at the same time migrate it once, one after the other.
        """
        if self.schema_version == SCHEMA_VERSION:
            return
        version = 0
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            current = self.schema_version
            self._check_not_newer(current)
            for version, sql in migrations():
                if version > current:
                    for statement in _statements(sql):
                        self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA user_version = {version}")
            self.conn.execute("COMMIT")
        except (sqlite3.Error, StoreError) as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, StoreError):
                raise
            if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
                raise
            raise StoreError(f"{self.path}: migration {version} failed ({exc}); "
                             "nothing was changed") from exc

    # -- writes -----------------------------------------------------------------------
    def contains(self, hashes: Iterable[str]) -> set[str]:
        hashes = list(hashes)
        found: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT content_hash FROM articles WHERE content_hash IN ({marks})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    def versions(self, hashes: Iterable[str]) -> dict[str, str]:
        """content hash -> extractor version, for the stored ones among `hashes`."""
        hashes = list(hashes)
        found: dict[str, str] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._read(
                f"SELECT content_hash, extractor FROM articles WHERE content_hash IN ({marks})", chunk
            )
            found.update((r[0], r[1]) for r in rows)
        return found

    def _read(self, sql: str, args: Any = ()) -> list[sqlite3.Row]:
        """The rows of a query; StoreError (not a driver traceback) when the file fails."""
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read the ledger ({exc})") from exc

    def add_many(
        self, items: Iterable[tuple[Article | None, ArticleRecord]], replace: bool = False
    ) -> IngestCounts:
        """Store records in one transaction; an article already stored is skipped, or with
        `replace` gets the new claims, quantities and times instead of its old ones."""
        counts = IngestCounts()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for article, rec in items:
                if self._insert(article, rec, now):
                    counts.inserted += 1
                elif replace and self._replace(rec, now):
                    counts.replaced += 1
                else:
                    counts.skipped += 1
            self.conn.execute("COMMIT")
        except (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError, ValueError,
                OverflowError) as exc:  # what one record holds, not the ledger
            self._rollback()
            raise RecordStoreError(f"{self.path}: the database refused a value ({exc})") from exc
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: write failed, nothing from this batch was stored ({exc})") from exc
        return counts

    def _rollback(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the write already failed; SQLite rolls back on its own

    def _insert(self, article: Article | None, rec: ArticleRecord, now: str) -> bool:
        c = self.conn
        cur = c.execute(
            "INSERT OR IGNORE INTO articles (ext_id, content_hash, date, date_source, title, url,"
            " publisher, dateline, author, origin, extractor, ingested_at, text)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            article_values(article, rec, content_hash(rec.text), now),
        )
        if cur.rowcount == 0:
            return False
        self._insert_children(int(cur.lastrowid or 0), rec)
        return True

    def _replace(self, rec: ArticleRecord, now: str) -> bool:
        """Swap the stored claims, quantities and times of `rec`'s text for `rec`'s."""
        row = self.conn.execute(
            "SELECT id FROM articles WHERE content_hash = ?", (content_hash(rec.text),)
        ).fetchone()
        if row is None:
            return False
        aid = int(row[0])
        for table in ("quantities", "times", "claims"):
            self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
        self.conn.execute(
            "UPDATE articles SET extractor = ?, ingested_at = ? WHERE id = ?",
            (rec.extractor or "unknown", now, aid),
        )
        self._insert_children(aid, rec)
        return True

    def _insert_children(self, aid: int, rec: ArticleRecord) -> None:
        c = self.conn
        claim_ids = []
        for i, cl in enumerate(rec.claims):
            speaker_id = self._entity(cl.speaker)
            spans = sorted(cl.content)
            cur = c.execute(
                'INSERT INTO claims (article_id, idx, text, start, "end", content, source, cue,'
                " speaker_id, speaker, kind, stance, said_on, speaker_type)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    aid, i, rec.claim_text(cl), spans[0][0], spans[-1][1],
                    json.dumps([list(s) for s in cl.content]),
                    json.dumps([list(s) for s in cl.source]),
                    json.dumps([list(s) for s in cl.cue]),
                    speaker_id, cl.speaker, cl.kind, cl.stance, cl.said_on, cl.speaker_type,
                ),
            )
            claim_ids.append((cur.lastrowid, spans))
            for pos, name in enumerate(cl.via):
                c.execute(
                    "INSERT INTO claim_via (claim_id, pos, entity_id) VALUES (?,?,?)",
                    (cur.lastrowid, pos, self._entity(name)),
                )
        holding = ClaimHolders(claim_ids).holding
        c.executemany(
            'INSERT INTO quantities (article_id, idx, start, "end", text, value, low, high,'
            " qualifier, trend, thing, relation, claim_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (aid, i, q.span[0], q.span[1], rec.span_text(q.span), q.value, q.low, q.high,
                 q.qualifier, q.trend, q.thing, json.dumps(q.relation) if q.relation else None,
                 holding(q.span))
                for i, q in enumerate(rec.quantities)
            ],
        )
        c.executemany(
            'INSERT INTO times (article_id, idx, start, "end", text, value, type) VALUES (?,?,?,?,?,?,?)',
            [
                (aid, i, t.span[0], t.span[1], rec.span_text(t.span), t.value, t.type)
                for i, t in enumerate(rec.times)
            ],
        )

    def _entity(self, name: str | None) -> int | None:
        if not name:
            return None
        row = self.conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        cur = self.conn.execute("INSERT INTO entities (name, norm) VALUES (?, ?)", (name, norm_name(name)))
        return int(cur.lastrowid or 0)

    # -- reads ------------------------------------------------------------------------
    def claims(self, f: ClaimFilter) -> Iterator[ClaimRow]:
        day = f"(CASE WHEN c.said_on GLOB '{DAY_GLOB}' THEN c.said_on ELSE a.date END)"
        where, args = claim_conditions(f, "?", day)
        joins = ""
        if f.search:
            joins = "JOIN claims_search ON claims_search.rowid = c.id"
            where.insert(0, "claims_search MATCH ?")
            args.insert(0, to_fts5(parse_search(f.search)))
        sql = (
            "SELECT c.*, a.ext_id, a.date AS article_date, a.title, a.text AS article_text"
            f" FROM claims c JOIN articles a ON a.id = c.article_id"
            f" LEFT JOIN entities e ON e.id = c.speaker_id {joins}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {day}, a.id, c.idx"
        )
        if f.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [f.limit, f.offset]
        # fetched a page at a time: each row carries its article's text, so a listing of a
        # whole ledger held at once would grow with the ledger
        try:
            cur = self.conn.execute(sql, args)
            rows = cur.fetchmany(CLAIM_PAGE)
        except (sqlite3.Error, OverflowError) as exc:
            raise StoreError(f"{self.path}: query failed ({exc}); check the search text") from exc
        while rows:
            for r in rows:
                yield self._claim_row(r)
            try:
                rows = cur.fetchmany(CLAIM_PAGE)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: query failed ({exc})") from exc

    def _claim_row(self, r: sqlite3.Row) -> ClaimRow:
        return claim_row(r, self._via(r["id"]))

    def _via(self, claim_id: int) -> list[str]:
        return [
            v[0]
            for v in self.conn.execute(
                "SELECT e.name FROM claim_via v JOIN entities e ON e.id = v.entity_id"
                " WHERE v.claim_id = ? ORDER BY v.pos",
                (claim_id,),
            )
        ]

    def records(self, since: str | None = None, until: str | None = None) -> Iterator[ArticleRecord]:
        """Every stored article record, oldest first, streamed."""
        where, args = [], []
        if since:
            where.append("date >= ?")
            args.append(since)
        if until:
            where.append("date <= ?")
            args.append(until)
        sql = "SELECT * FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
        cur = self.conn.execute(sql + " ORDER BY date, id", args)
        while batch := cur.fetchmany(100):
            for row in batch:
                yield self._record(row)

    def record(self, ext_id: str) -> ArticleRecord | None:
        row = self.conn.execute("SELECT * FROM articles WHERE ext_id = ? ORDER BY id LIMIT 1", (ext_id,)).fetchone()
        return self._record(row) if row else None

    def stale(self, extractor: str) -> Iterator[tuple[Article, str]]:
        """Stored articles whose records another extractor version made, with that version."""
        ids = [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE extractor <> ? ORDER BY id", (extractor,))]
        # fetched 100 at a time, so a caller may write to the ledger between them
        for i in range(0, len(ids), 100):
            chunk = ids[i : i + 100]
            rows = self.conn.execute(
                f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk
            ).fetchall()
            for r in rows:
                yield stored_article(r), r["extractor"]

    def _record(self, a: sqlite3.Row) -> ArticleRecord:
        c, aid = self.conn, (a["id"],)
        claims = c.execute("SELECT * FROM claims WHERE article_id = ? ORDER BY idx", aid).fetchall()
        return record_from_rows(
            a,
            [(r, self._via(r["id"])) for r in claims],
            c.execute("SELECT * FROM quantities WHERE article_id = ? ORDER BY idx", aid),
            c.execute("SELECT * FROM times WHERE article_id = ? ORDER BY idx", aid),
        )

    def stats(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: self._read(q)[0][0] for k, q in STATS_QUERIES.items()}
        out["schema_version"] = self.schema_version
        return out

    def close(self) -> None:
        self.conn.close()


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration script (its own BEGIN/COMMIT left out: `migrate` holds
    the transaction), split where SQLite says a statement is complete (triggers included)."""
    current: list[str] = []
    for line in sql.splitlines(keepends=True):
        if not current and line.strip().upper() in ("BEGIN;", "COMMIT;", "BEGIN TRANSACTION;"):
            continue
        current.append(line)
        text = "".join(current)
        if sqlite3.complete_statement(text):
            if text.strip().strip(";").strip() and not _only_comments(text):
                yield text
            current = []
    rest = "".join(current)
    if rest.strip() and not _only_comments(rest):
        yield rest


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in text.splitlines())
