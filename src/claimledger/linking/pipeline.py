"""The linking pipeline: stages run in order over stored articles, in ingest order.

`link_pending(ledger)` is what ingest calls after each stored batch: it links the stored
articles not linked yet, found from a low-water mark (every id at or below it is linked), so
it never scans the ledger. `relink(ledger)` clears every link table (judgements are kept)
and links every article again in id order: the same rows as the incremental path.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from claimledger.ledger import Ledger
from claimledger.linking.db import LinkDB

# In run order. A module that does not exist (yet) is skipped; each one exposes `STAGE`.
STAGE_MODULES = (
    "claimledger.linking.entities",
    "claimledger.linking.wirecopies",
    "claimledger.linking.stories",
    "claimledger.linking.propositions",
    "claimledger.linking.estimates",
    "claimledger.linking.contradictions",
)
RELINK_CHUNK = 256


class Stage(Protocol):
    name: str

    def link_articles(self, db: LinkDB, article_ids: list[int]) -> None: ...

    def clear(self, db: LinkDB) -> None: ...


@cache
def stages() -> tuple[Stage, ...]:
    out = []
    for name in STAGE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        out.append(module.STAGE)
    return tuple(out)


@dataclass
class LinkReport:
    """What a linking call did."""

    articles: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def link_articles(target: Ledger | LinkDB, article_ids: list[int]) -> None:
    """Run every stage over `article_ids` (ascending), in one transaction."""
    db = LinkDB.of(target)
    ids = sorted(article_ids)
    if not ids:
        return
    with db.transaction():
        for stage in stages():
            stage.link_articles(db, ids)
        db.executemany("INSERT INTO linked_articles (article_id) VALUES (?)", [(i,) for i in ids])
        _advance_mark(db)


def _mark(db: LinkDB) -> int:
    value = db.scalar("SELECT value FROM link_state WHERE name = 'linked_below'")
    return int(value) if value is not None else 0


def _advance_mark(db: LinkDB) -> None:
    """Move the low-water mark past the linked ids that follow it."""
    mark = _mark(db)
    gap = db.scalar(
        "SELECT min(a.id) FROM articles a WHERE a.id > ? AND NOT EXISTS"
        " (SELECT 1 FROM linked_articles l WHERE l.article_id = a.id)", (mark,))
    new = int(gap) - 1 if gap is not None else int(db.scalar("SELECT coalesce(max(article_id), 0) FROM linked_articles") or 0)
    if new != mark:
        db.execute("DELETE FROM link_state WHERE name = 'linked_below'")
        db.execute("INSERT INTO link_state (name, value) VALUES ('linked_below', ?)", (str(new),))


def pending(db: LinkDB) -> list[int]:
    """Stored articles not linked yet, in id order."""
    return [int(r[0]) for r in db.execute(
        "SELECT a.id FROM articles a WHERE a.id > ? AND NOT EXISTS"
        " (SELECT 1 FROM linked_articles l WHERE l.article_id = a.id) ORDER BY a.id", (_mark(db),))]


def link_pending(ledger: Ledger | LinkDB, replaced: int = 0) -> LinkReport:
    """Link the stored articles that are not linked yet. Never raises: a failure is
    reported in `errors` and leaves the stored articles as they are (`relink` retries).
    `replaced`: stored articles just re-extracted, whose old links are gone."""
    start = time.perf_counter()
    report = LinkReport()
    if replaced:
        report.errors.append(f"{replaced} stored articles were re-extracted: run `claimledger relink` "
                             "to link their new claims")
    db = LinkDB.of(ledger)
    try:
        report.articles = _link_batch(db, pending(db), report)
    except Exception as exc:  # noqa: BLE001 - linking must never lose stored articles
        report.errors.append(str(db.fail("linking", exc)))
    report.seconds = time.perf_counter() - start
    return report


def _link_batch(db: LinkDB, ids: list[int], report: LinkReport) -> int:
    """Link `ids` in one transaction; when one article's data breaks it (a bug), link them one
    by one instead, so that it alone is left unlinked and named. The number linked."""
    try:
        link_articles(db, ids)
        return len(ids)
    except Exception as exc:  # noqa: BLE001 - linking must never lose stored articles
        if _is_database_error(exc) or len(ids) <= 1:
            raise
        return _link_one_by_one(db, ids, report)


def _is_database_error(exc: BaseException) -> bool:
    """Whether `exc` came from the database (a lost connection, a lock), not from the data."""
    return type(exc).__module__.split(".")[0] in {"sqlite3", "psycopg", "psycopg2"}


SYSTEMIC_AFTER = 5  # this many articles failing alone, and none linked: not one article's fault
MAX_ARTICLE_ERRORS = 20  # failing articles named one per line; the rest are counted


def _link_one_by_one(db: LinkDB, ids: list[int], report: LinkReport) -> int:
    """Link `ids` one per transaction; each article whose linking fails alone is named.

    A failing article stays unlinked (the next ingest and `claimledger relink` try it again).
    When the first articles all fail, the fault is not in one article: that raises."""
    linked = 0
    failed: list[str] = []
    last: Exception | None = None
    for n, aid in enumerate(ids):
        try:
            link_articles(db, [aid])
            linked += 1
        except Exception as exc:  # noqa: BLE001 - reported with the article it came from
            if _is_database_error(exc) or (linked == 0 and n + 1 >= SYSTEMIC_AFTER):
                raise
            last = exc
            origin = db.scalar("SELECT coalesce(origin, ext_id) FROM articles WHERE id = ?", (aid,))
            failed.append(
                f"{origin}: linking failed ({exc.__class__.__name__}: {str(exc).strip()[:200]}); its claims "
                "are stored but not linked (this is a bug, please report it with the input attached; "
                "the next ingest and `claimledger relink` try it again)")
    if last is not None and linked == 0:
        raise last
    report.errors.extend(failed[:MAX_ARTICLE_ERRORS])
    if len(failed) > MAX_ARTICLE_ERRORS:
        report.errors.append(f"{len(failed) - MAX_ARTICLE_ERRORS} more articles could not be linked")
    return linked


def _restart_ids(db: LinkDB) -> None:
    """On PostgreSQL, ids of the emptied tables start again from 1, as SQLite's do, so that
    relink gives the very rows the incremental path gave (whatever each stage's `clear`)."""
    if db.backend != "postgres":
        return
    for table, column in db.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND is_identity = 'YES'"):
        if not db.execute(f'SELECT 1 FROM "{table}" LIMIT 1'):
            db.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" RESTART WITH 1')


def relink(ledger: Ledger | LinkDB, progress=None) -> LinkReport:  # noqa: ANN001
    """Rebuild every link from the stored records, in ingest order (judgements are kept)."""
    start = time.perf_counter()
    db = LinkDB.of(ledger)
    report = LinkReport()
    try:
        with db.transaction():
            for stage in reversed(stages()):
                stage.clear(db)
            db.execute("DELETE FROM linked_articles")
            db.execute("DELETE FROM link_state")
            _restart_ids(db)
        ids = [int(r[0]) for r in db.execute("SELECT id FROM articles ORDER BY id")]
        for i in range(0, len(ids), RELINK_CHUNK):
            chunk = ids[i : i + RELINK_CHUNK]
            report.articles += _link_batch(db, chunk, report)
            if progress:
                progress(len(chunk))
    except Exception as exc:  # noqa: BLE001 - one message naming the ledger and the fix
        raise db.fail("relink", exc) from exc
    report.seconds = time.perf_counter() - start
    return report
