"""`LinkDB`: the ledger's connection as the linking stages use it, the same on both back ends.

SQL is written once with `?` placeholders; on PostgreSQL they become `%s`. Rows come back
as tuples. `transaction()` is one transaction; on PostgreSQL it also takes an advisory lock,
so two ingest processes never link at the same time (linking reads what it writes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from claimledger.errors import StoreError
from claimledger.ledger import Ledger

# Any number that no other application is likely to use for pg_advisory_xact_lock.
LINK_LOCK = 0x636C6C6B  # "cllk"
SQLITE_CHUNK = 500  # ids per IN (...) list on SQLite


def _returns_rows(sql: str) -> bool:
    """Whether a statement gives rows: a query, or a write with RETURNING."""
    words = sql.split(None, 1)
    head = words[0].upper() if words else ""
    return head in ("SELECT", "WITH", "VALUES", "(SELECT") or " RETURNING " in sql.upper()


class LinkDB:
    """One ledger connection for linking: `execute`, `executemany`, `transaction`."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.conn = ledger.store.conn
        self.backend = "sqlite" if isinstance(self.conn, sqlite3.Connection) else "postgres"
        self.path = ledger.store.path

    @classmethod
    def of(cls, target: Ledger | LinkDB) -> LinkDB:
        return target if isinstance(target, LinkDB) else cls(target)

    def _sql(self, sql: str) -> str:
        # psycopg reads "%" as a placeholder: a literal one ("LIKE 'local:%'") is doubled
        return sql if self.backend == "sqlite" else sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        """Run one statement; its rows as tuples (empty for statements without rows)."""
        if self.backend == "sqlite":
            cur = self.conn.execute(sql, tuple(args))
            return [tuple(r) for r in cur.fetchall()] if cur.description else []
        from psycopg.rows import tuple_row

        with self.conn.cursor(row_factory=tuple_row) as cur:
            cur.execute(self._sql(sql), tuple(args))
            if not _returns_rows(sql):
                return []  # not waited for: in a transaction's pipeline it goes with the next read
            return list(cur.fetchall())

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.backend == "sqlite":
            self.conn.executemany(sql, rows)
            return
        with self.conn.cursor() as cur:
            cur.executemany(self._sql(sql), rows)

    def insert_id(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Run an INSERT and return the new row's id (RETURNING works on both back ends)."""
        return int(self.execute(sql + " RETURNING id", args)[0][0])

    def scalar(self, sql: str, args: Sequence[Any] = ()) -> Any:
        rows = self.execute(sql, args)
        return rows[0][0] if rows else None

    def select_in(self, sql: str, values: Sequence[Any], args: Sequence[Any] = ()) -> list[tuple]:
        """Rows of `sql` whose `{IN}` marker is replaced by a membership test of `values`
        (e.g. "SELECT ... WHERE article_id {IN}" with the column before the marker). `args`
        fill the placeholders before the marker: the marker must come after all of them."""
        values = list(values)
        if not values:
            return []
        if self.backend == "postgres":
            return self.execute(sql.replace("{IN}", "= ANY(?)"), [*args, values])
        out: list[tuple] = []
        for i in range(0, len(values), SQLITE_CHUNK):
            chunk = values[i : i + SQLITE_CHUNK]
            out += self.execute(sql.replace("{IN}", f"IN ({','.join('?' * len(chunk))})"), [*args, *chunk])
        return out

    @contextmanager
    def transaction(self) -> Iterator[LinkDB]:
        """One transaction (nested calls join the outer one)."""
        if self.backend == "sqlite":
            if self.conn.in_transaction:
                yield self
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            return
        if self.conn.info.transaction_status != 0:  # already inside one
            yield self
            return
        # pipeline mode: writes are sent without waiting for each one; a read (or the commit)
        # collects them, so a round trip is paid per read, not per statement
        with self.conn.transaction(), self.conn.pipeline():
            self.execute("SELECT pg_advisory_xact_lock(?)", (LINK_LOCK,))
            yield self

    def fail(self, what: str, exc: Exception) -> StoreError:
        return StoreError(f"{self.path}: {what} failed ({str(exc).strip()}); "
                          "stored articles are kept: run `claimledger relink` to link them")
