"""The ledger: stored article records and the queries over them.

`Ledger` is the one storage interface; the back end is chosen by the location:
a file path or `sqlite:///path` for SQLite (the default), `postgresql://user@host/db` for
PostgreSQL (extra `postgres`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from claimledger.errors import StoreError
from claimledger.ledger.base import SCHEMA_VERSION, ClaimFilter, ClaimRow, IngestCounts
from claimledger.ledger.sqlite import SQLiteStore
from claimledger.readers.base import Article
from claimledger.record import ArticleRecord

if TYPE_CHECKING:
    from claimledger.ledger.postgres import PostgresStore

__all__ = ["SCHEMA_VERSION", "ClaimFilter", "ClaimRow", "IngestCounts", "Ledger"]

DEFAULT_DB = "claimledger.db"


class Ledger:
    """Stores article records and answers queries. Ingest is idempotent by content hash.

    >>> with Ledger(":memory:") as ledger:
    ...     ledger.add(record)
    ...     rows = list(ledger.claims(speaker="Austin", stance="deny"))
    """

    def __init__(self, location: str = DEFAULT_DB, *, create: bool = True) -> None:
        """Open the ledger at `location`, creating or migrating its schema; with
        `create=False` nothing is written, and a location without the current schema is a
        StoreError (read commands use this)."""
        self.location = location
        self.store: SQLiteStore | PostgresStore
        if location.startswith(("postgresql://", "postgres://")):
            from claimledger.ledger.postgres import PostgresStore

            self.store = PostgresStore(location, create=create)
        elif "://" in location and not location.startswith("sqlite:"):
            raise StoreError(
                f"{location}: unknown ledger location; give a SQLite file or a "
                "postgresql://user@host/database URL"
            )
        else:
            path = location.removeprefix("sqlite:///").removeprefix("sqlite://")
            self.store = SQLiteStore(path or ":memory:", create=create)

    @property
    def schema_version(self) -> int:
        return self.store.schema_version

    def contains(self, hashes: Iterable[str]) -> set[str]:
        """The content hashes among `hashes` that are already stored."""
        return self.store.contains(hashes)

    def add(self, record: ArticleRecord, article: Article | None = None) -> bool:
        """Store one record; False when the same text is already stored."""
        return self.store.add_many([(article, record)]).inserted == 1

    def versions(self, hashes: Iterable[str]) -> dict[str, str]:
        """content hash -> extractor version, for the stored ones among `hashes`."""
        return self.store.versions(hashes)

    def add_many(
        self, items: Iterable[tuple[Article | None, ArticleRecord]], *, replace: bool = False
    ) -> IngestCounts:
        """Store records in one transaction. A text already stored is skipped; with
        `replace`, its claims, quantities and times are replaced by the new record's."""
        return self.store.add_many(items, replace=replace)

    def stale(self, extractor: str) -> Iterator[tuple[Article, str]]:
        """Stored articles (exact text and metadata) whose records were made by another
        extractor version than `extractor`, with that version."""
        return self.store.stale(extractor)

    def claims(self, filter: ClaimFilter | None = None, **filters: Any) -> Iterator[ClaimRow]:
        """Stored claims matching the filters (see `ClaimFilter`), by date."""
        return self.store.claims(filter or ClaimFilter(**filters))

    def records(self, since: str | None = None, until: str | None = None) -> Iterator[ArticleRecord]:
        return self.store.records(since, until)

    def record(self, article_id: str) -> ArticleRecord | None:
        return self.store.record(article_id)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
