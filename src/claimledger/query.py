"""The one query layer: filters, search, sorting and cursors, used by the CLI, the API and the pages.

Every face passes the same filter names (strings from a command line or a URL) to
`claim_query()`, which checks them and raises `UsageError` with the fix; the functions below
take the checked `ClaimQuery`.

    q            full-text search (see claimledger.ledger.fulltext for the syntax)
    speaker      speaker name contains this text, case-insensitive
    entity       the speaker or someone in the via chain is this entity (name or alias)
    stance       assert | deny | hedge
    kind         direct | indirect | mixed | according_to
    said_since   the claim's day (said_on when a calendar day, else the article date) >= ...
    said_until
    date_since   the article's date >= ...
    date_until
    date_source  where the article date came from: header | metadata | url | user | warc |
                 unknown, or "published" for any but a crawl day (warc)
    publisher    the article's publisher, exactly
    story        a story id (needs linking)
    has_number   true: only claims holding a quantity; false: only claims without
    article      an article id
    sort         date (oldest first, undated last) | -date (newest first, undated last) |
                 relevance (best match first; the default when q is given)
    cursor       the `next_cursor` of the previous page
    limit        page size, 1..1000

Pages are keyset-paginated (`cursor`), so page 10,000 costs what page 1 costs; `iter_claims()`
walks every page for exports in constant memory.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any

from claimledger.errors import StoreError, UsageError
from claimledger.ledger import ClaimRow, Ledger
from claimledger.ledger.base import norm_name
from claimledger.ledger.fulltext import SearchQuery, parse_search, to_fts5, to_tsquery

STANCES = ("assert", "deny", "hedge")
KINDS = ("direct", "indirect", "mixed", "according_to")
DATE_SOURCES = ("header", "metadata", "url", "user", "warc", "unknown", "published")
SORTS = ("date", "-date", "relevance")
MAX_LIMIT = 1000
DEFAULT_LIMIT = 50
FILTER_NAMES = (
    "q", "speaker", "entity", "stance", "kind", "said_since", "said_until", "date_since",
    "date_until", "date_source", "publisher", "story", "has_number", "article",
)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# -- checked queries ----------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimQuery:
    """A checked claims query; build it with `claim_query()`."""

    q: str | None = None
    speaker: str | None = None
    entity: str | None = None
    stance: str | None = None
    kind: str | None = None
    said_since: str | None = None
    said_until: str | None = None
    date_since: str | None = None
    date_until: str | None = None
    date_source: str | None = None
    publisher: str | None = None
    story: str | None = None
    has_number: bool | None = None
    article: str | None = None
    sort: str = "date"
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT
    search: SearchQuery | None = field(default=None, compare=False, repr=False)

    def params(self, **changes: Any) -> dict[str, str]:
        """The query as URL/CLI parameters (only those set), with `changes` applied."""
        out: dict[str, str] = {}
        for f in fields(self):
            if f.name == "search":
                continue
            value = changes.get(f.name, getattr(self, f.name))
            if value is None or (f.name == "limit" and value == DEFAULT_LIMIT):
                continue
            if f.name == "sort" and value == default_sort(self.q):
                continue
            out[f.name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return out


def default_sort(q: str | None) -> str:
    return "relevance" if q else "date"


def check_day(value: str, name: str) -> str:
    """`value` when it is a real YYYY-MM-DD day, else UsageError saying so."""
    if _DAY.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise UsageError(f"{name} {value!r}: expected a date as YYYY-MM-DD, e.g. 2025-03-01")


def _choice(value: str, name: str, allowed: tuple[str, ...]) -> str:
    v = value.strip().lower()
    if v not in allowed:
        raise UsageError(f"{name} {value!r}: expected one of {', '.join(allowed)}")
    return v


def _bool(value: str | bool, name: str) -> bool:
    if isinstance(value, bool):
        return value
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise UsageError(f"{name} {value!r}: expected true or false")


def _limit(value: str | int, max_limit: int) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise UsageError(f"limit {value!r}: expected a whole number from 1 to {max_limit}") from None
    if not 1 <= n <= max_limit:
        raise UsageError(f"limit {value!r}: expected a whole number from 1 to {max_limit}")
    return n


def claim_query(max_limit: int = MAX_LIMIT, labels: dict[str, str] | None = None, **raw: Any) -> ClaimQuery:
    """A checked `ClaimQuery` from raw filter values (None or "" means not set). `labels`
    names the filters in messages as the user typed them (e.g. said_since -> --since)."""
    label = (labels or {}).get
    unknown = set(raw) - set(FILTER_NAMES) - {"sort", "cursor", "limit"}
    if unknown:
        raise UsageError(f"unknown filter {sorted(unknown)[0]!r}; the filters are {', '.join(FILTER_NAMES)}")
    v: dict[str, Any] = {k: (x.strip() if isinstance(x, str) else x) for k, x in raw.items()}
    v = {k: x for k, x in v.items() if x is not None and x != ""}
    for name in ("said_since", "said_until", "date_since", "date_until"):
        if name in v:
            v[name] = check_day(v[name], label(name, name))
    for name, allowed in (("stance", STANCES), ("kind", KINDS), ("date_source", DATE_SOURCES)):
        if name in v:
            v[name] = _choice(v[name], label(name, name), allowed)
    if "has_number" in v:
        v["has_number"] = _bool(v["has_number"], label("has_number", "has_number"))
    if "limit" in v:
        v["limit"] = _limit(v["limit"], max_limit)
    if "q" in v:
        v["search"] = parse_search(v["q"])
    sort = v.get("sort") or default_sort(v.get("q"))
    v["sort"] = _choice(sort, "sort", SORTS)
    if v["sort"] == "relevance" and "q" not in v:
        raise UsageError("sort 'relevance' needs a search text (q); sort by date or -date instead")
    query = ClaimQuery(**v)
    if query.cursor:
        _decode_cursor(query)  # fail now, not on the first page
    return query


# -- cursors ------------------------------------------------------------------------------

PHASES = ("dated", "undated", "ranked", "rest")


def _encode_cursor(sort: str, phase: str, key: list[Any], bounds: list[int] | None = None) -> str:
    data: dict[str, Any] = {"s": sort, "p": phase, "k": key}
    if bounds is not None:
        data["b"] = bounds
    raw = json.dumps(data, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(query: ClaimQuery) -> tuple[str, list[Any]]:
    bad = UsageError(f"cursor {query.cursor!r}: not a cursor of this query; use the next_cursor "
                     "of the previous page, or leave cursor out for the first page")
    try:
        text = query.cursor or ""
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad from None
    if not isinstance(data, dict) or data.get("s") != query.sort or data.get("p") not in PHASES:
        raise bad
    key, bounds = data.get("k"), data.get("b")
    if not isinstance(key, list) or not all(isinstance(x, str | int | float) for x in key):
        raise bad
    if bounds is not None and not (isinstance(bounds, list) and len(bounds) == 2
                                   and all(isinstance(x, int) for x in bounds)):
        raise bad
    return data["p"], key


def _cursor_bounds(query: ClaimQuery) -> list[int] | None:
    """The candidate ids [low, high] a partly ranked search recorded in its cursor."""
    text = query.cursor or ""
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))).get("b")


# -- results ------------------------------------------------------------------------------

@dataclass
class Snippet:
    """A short passage of a claim with the matched words marked: `marks` are [start, end)
    offsets into `text`. Kept as data, so each face escapes and marks it its own way."""

    text: str
    marks: list[tuple[int, int]]

    def parts(self) -> list[tuple[str, bool]]:
        """(text, is_match) pieces in order, for templates."""
        out, pos = [], 0
        for s, e in self.marks:
            if s > pos:
                out.append((self.text[pos:s], False))
            out.append((self.text[s:e], True))
            pos = e
        if pos < len(self.text):
            out.append((self.text[pos:], False))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "marks": [list(m) for m in self.marks]}


@dataclass
class ClaimHit(ClaimRow):
    """A claim with its article's provenance, as every face shows it."""

    day: str | None = None
    url: str | None = None
    publisher: str | None = None
    date_source: str | None = None
    snippet: Snippet | None = None
    source: list[list[int]] = field(default_factory=list)
    cue: list[list[int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out.update(day=self.day, url=self.url, publisher=self.publisher,
                   date_source=self.date_source, said_on_readable=readable_when(self.said_on),
                   source=self.source, cue=self.cue)
        if self.snippet is not None:
            out["snippet"] = self.snippet.to_dict()
        return out


@dataclass
class ClaimPage:
    items: list[ClaimHit]
    next_cursor: str | None
    query: ClaimQuery
    # relevance asked for and more matches than RANK_CANDIDATES: only the most recently added
    # `ranked_among` matches are ranked; the older ones follow, newest first
    ranked_among: int | None = None

    @property
    def ranked(self) -> bool:
        """False when only part of the matches was ranked by relevance."""
        return self.ranked_among is None

    @property
    def order_note(self) -> str | None:
        if self.ranked:
            return None
        return (f"more matches than can be ranked quickly: the {self.ranked_among:,} most recently added "
                "are ranked by relevance, the older ones follow newest first; add words or filters "
                "to rank every match")

    def to_dict(self) -> dict[str, Any]:
        out = {"items": [h.to_dict() for h in self.items], "next_cursor": self.next_cursor,
               "sort": self.query.sort, "limit": self.query.limit, "ranked": self.ranked}
        if self.order_note:
            out["ranked_among"] = self.ranked_among
            out["order_note"] = self.order_note
        return out


# -- SQL for both back ends -----------------------------------------------------------------

class _Sql:
    """The few things that differ between SQLite and PostgreSQL."""

    def __init__(self, ledger: Ledger) -> None:
        from claimledger.ledger.sqlite import SQLiteStore

        self.ledger = ledger
        self.conn = ledger.store.conn
        self.sqlite = isinstance(ledger.store, SQLiteStore)
        self.mark = "?" if self.sqlite else "%s"

    def run(self, sql: str, args: list[Any] | tuple[Any, ...] = ()) -> list[Any]:
        if not self.sqlite:
            sql = sql.replace("?", "%s")
        try:
            return list(self.conn.execute(sql, args).fetchall())
        except Exception as exc:  # noqa: BLE001 - sqlite3.Error or psycopg.Error, re-raised as ours
            if _is_timeout(exc):
                raise
            text = str(exc).strip()
            if "claims_search" in text or "day" in text or "api_" in text:
                raise StoreError(
                    f"{self.ledger.location}: this ledger predates search and paging (schema "
                    f"{self.ledger.schema_version}); open it once with a writing command, e.g. "
                    f"`claimledger ingest --stale --db {self.ledger.location}`, to migrate it ({text})"
                ) from exc
            raise StoreError(f"{self.ledger.location}: query failed ({text})") from exc

    def has_table(self, name: str) -> bool:
        """Whether the ledger has table `name`; a table found is remembered for this
        connection (tables are never dropped), a round trip less on every page."""
        seen = self.ledger.store.__dict__.setdefault("_tables_seen", set())
        if name in seen:
            return True
        if self.sqlite:
            sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        else:
            sql = "SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_schema = ANY(current_schemas(false))"
        found = bool(self.run(sql, (name,)))
        if found:
            seen.add(name)
        return found

    def within(self, budget_ms: int, fn: Callable[[], Any]) -> Any:
        """fn() or None when it takes longer than budget_ms (the query is cancelled)."""
        if self.sqlite:
            deadline = time.monotonic() + budget_ms / 1000
            self.conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 2000)
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001
                if _is_timeout(exc):
                    return None
                raise
            finally:
                self.conn.set_progress_handler(None, 0)
        try:
            with self.conn.transaction():
                self.conn.execute(f"SET LOCAL statement_timeout = {int(budget_ms)}")
                return fn()
        except Exception as exc:  # noqa: BLE001
            if _is_timeout(exc):
                return None
            raise


def _is_timeout(exc: BaseException) -> bool:
    text = str(exc)
    return "interrupted" in text or "statement timeout" in text or "canceling statement" in text


ARTICLE_JOIN = "JOIN articles a ON a.id = c.article_id"


@dataclass
class _Plan:
    """FROM/WHERE of a claims query."""

    joins: list[str]
    where: list[str]
    args: list[Any]


# Ranking reads the matches it ranks (neither FTS5 bm25 nor ts_rank_cd prunes to the top k),
# so a search by relevance ranks at most this many matches, the most recently added: with
# more matches, the page says it is ranked among these, and the older matches follow.
RANK_CANDIDATES = 1000
# Date order, SQLite: when the newest PROBE_CAP matches show that at least PROBE_DENSITY of the
# claims match, walk claims by date and test each one instead of reading and sorting every match.
PROBE_CAP = 10_000
PROBE_DENSITY = 0.1


def _capped_matches(sql: _Sql, query: ClaimQuery, cap: int) -> tuple[int, float]:
    """(matches up to `cap`, share of claims matching, estimated from the newest `cap` matches)."""
    rows = sql.run("SELECT count(*) AS n, min(rowid) AS low, (SELECT max(id) FROM claims) AS high FROM"
                   " (SELECT rowid FROM claims_search WHERE claims_search MATCH ? ORDER BY rowid DESC LIMIT ?)",
                   [to_fts5(query.search), cap])
    n, low, high = int(rows[0]["n"]), rows[0]["low"], rows[0]["high"]
    density = n / max(1, int(high) - int(low) + 1) if n else 0.0
    return n, density


def _plan(sql: _Sql, query: ClaimQuery, with_search: bool = True) -> _Plan:
    """The joins and conditions of `query`'s filters (and of its search unless not `with_search`)."""
    where: list[str] = []
    args: list[Any] = []
    joins = [ARTICLE_JOIN]
    if query.search and with_search:
        if sql.sqlite:
            n, density = _capped_matches(sql, query, PROBE_CAP) if query.sort != "relevance" else (0, 0.0)
            if n >= PROBE_CAP and density >= PROBE_DENSITY:
                # most claims match: test each claim in date order rather than read every match
                where.append("EXISTS (SELECT 1 FROM claims_search WHERE claims_search MATCH ? AND rowid = c.id)")
                args.append(to_fts5(query.search))
            else:
                joins.append("JOIN claims_search s ON s.rowid = c.id")
                where.append("claims_search MATCH ?")
                args.append(to_fts5(query.search))
        else:
            tsq, targs = to_tsquery(query.search)
            where.append(f"c.tsv @@ {tsq}")
            args += targs
    if query.speaker:
        like = "LIKE" if sql.sqlite else "ILIKE"
        where.append(f"(c.speaker {like} ? OR c.speaker_id IN (SELECT id FROM entities WHERE norm LIKE ?))")
        args += [f"%{query.speaker}%", f"%{norm_name(query.speaker)}%"]
    if query.entity:
        ids = _entity_ids(sql, query.entity)
        marks = ",".join("?" * len(ids)) or "NULL"
        where.append(f"(c.speaker_id IN ({marks}) OR c.id IN (SELECT claim_id FROM claim_via WHERE entity_id IN ({marks})))")
        args += ids + ids
    for col in ("stance", "kind"):
        if getattr(query, col):
            where.append(f"c.{col} = ?")
            args.append(getattr(query, col))
    for value, cond in ((query.said_since, "c.day >= ?"), (query.said_until, "c.day <= ?"),
                        (query.date_since, "a.date >= ?"), (query.date_until, "a.date <= ?")):
        if value:
            where.append(cond)
            args.append(value)
    if query.date_source == "unknown":
        where.append("a.date_source IS NULL")
    elif query.date_source == "published":
        where.append("a.date_source IS NOT NULL AND a.date_source <> 'warc'")
    elif query.date_source:
        where.append("a.date_source = ?")
        args.append(query.date_source)
    if query.publisher:
        where.append("a.publisher = ?")
        args.append(query.publisher)
    if query.article:
        where.append("a.ext_id = ?")
        args.append(query.article)
    if query.story:
        if not sql.has_table("story_articles"):
            raise UsageError(f"story {query.story!r}: stories need linking, which this ledger has "
                             "not got; leave the story filter out")
        try:
            story_id = int(query.story)
        except ValueError:
            raise UsageError(f"story {query.story!r}: expected a story number, e.g. 3") from None
        # PostgreSQL: an array, so the planner reads the story's claims by article and sorts
        # them; with IN (SELECT ...) it walked every claim by day (4 s for a story of 2,000 articles)
        where.append("c.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)" if sql.sqlite
                     else "c.article_id = ANY(ARRAY(SELECT article_id FROM story_articles WHERE story_id = ?))")
        args.append(story_id)
    if query.has_number is not None:
        where.append(("" if query.has_number else "NOT ") + "EXISTS (SELECT 1 FROM quantities qn WHERE qn.claim_id = c.id)")
    if not any(re.search(r"\ba\.", w) for w in where):
        joins.remove(ARTICLE_JOIN)  # no filter reads the article
    return _Plan(joins, where, args)


def _entity_ids(sql: _Sql, name: str) -> list[int]:
    """ids in `entities` of every name of the entity `name` (linking aliases when present)."""
    norm = norm_name(name)
    ids = [int(r[0] if sql.sqlite else r["id"]) for r in sql.run("SELECT id FROM entities WHERE norm = ?", (norm,))]
    if sql.has_table("link_entities") and sql.has_table("entity_mentions"):
        rows = sql.run(
            "SELECT DISTINCT e.id FROM link_entities le"
            " JOIN link_entities lc ON lc.canonical_id = (SELECT l2.canonical_id FROM link_entities l2 WHERE l2.norm = ? LIMIT 1)"
            " JOIN entity_mentions m ON m.entity_id = lc.id"
            " JOIN claims cl ON cl.id = m.claim_id JOIN entities e ON e.id = cl.speaker_id"
            " WHERE le.norm = ?",
            (norm, norm),
        )
        ids += [int(r[0] if sql.sqlite else r["id"]) for r in rows]
    return sorted(set(ids))


_COLUMNS = (
    "c.id, c.article_id, c.idx, c.text, c.content, c.source, c.cue, c.speaker, c.kind, c.stance,"
    " c.said_on, c.day, a.ext_id, a.date AS article_date, a.date_source, a.title, a.url, a.publisher"
)


def _segments(query: ClaimQuery) -> list[tuple[str, str, str, list[str]]]:
    """(phase, extra condition, ORDER BY, key columns) of each part of a date sort, in order."""
    desc = " DESC" if query.sort == "-date" else ""
    return [
        ("dated", "c.day IS NOT NULL", f"c.day{desc}, c.id{desc}", ["c.day", "c.id"]),
        ("undated", "c.day IS NULL", f"c.id{desc}", ["c.id"]),
    ]


def search_claims(ledger: Ledger, query: ClaimQuery, *, snippets: bool = True) -> ClaimPage:
    """One page of claims matching `query`, and the cursor of the next page (None at the end)."""
    sql = _Sql(ledger)
    among = None
    if query.sort == "relevance":
        keys, cursor_of, among = _relevance_keys(sql, query, query.limit + 1)
    else:
        keys, cursor_of = _date_keys(sql, query, query.limit + 1)
    more = len(keys) > query.limit
    keys = keys[: query.limit]
    full = _rows_by_id(sql, [k[0] for k in keys])
    hits = _hits(sql, [(full[k[0]], "", []) for k in keys])
    if snippets and query.search and hits:
        _add_snippets(sql, query.search, hits)
    next_cursor = cursor_of(keys[-1]) if more and keys else None
    return ClaimPage(hits, next_cursor, query, ranked_among=among)


def _rows_by_id(sql: _Sql, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {int(r["id"]): r for r in sql.run(
        f"SELECT {_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id"
        f" WHERE c.id IN ({','.join('?' * len(ids))})", ids)}


Key = tuple[int, str, list[Any]]  # (claim id, phase, sort key)


def _date_keys(sql: _Sql, query: ClaimQuery, n: int) -> tuple[list[Key], Callable[[Key], str]]:
    """Up to n (id, phase, key) after the query's cursor, across the date sort's segments."""
    plan = _plan(sql, query)
    segments = _segments(query)
    start_phase, start_key = _decode_cursor(query) if query.cursor else (segments[0][0], None)
    out: list[Key] = []
    started = False
    for phase, cond, order, key_cols in segments:
        if not started and phase != start_phase:
            continue
        where, args = list(plan.where), list(plan.args)
        if cond:
            where.append(cond)
        if not started and start_key is not None:
            op = "<" if query.sort == "-date" else ">"
            where.append(f"({', '.join(key_cols)}) {op} ({', '.join('?' * len(key_cols))})")
            args += start_key
        started = True
        key_select = ", ".join(f"{col} AS k{i}" for i, col in enumerate(key_cols))
        # ids and sort keys first (a narrow sort), then the page's rows by id
        text = (
            f"SELECT c.id AS page_id, {key_select} FROM claims c {' '.join(plan.joins)}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order} LIMIT ?"
        )
        for k in sql.run(text, args + [n - len(out)]):
            out.append((int(k["page_id"]), phase, [k[f"k{i}"] for i in range(len(key_cols))]))
        if len(out) >= n:
            break
    return out, lambda k: _encode_cursor(query.sort, k[1], k[2])


def _relevance_keys(sql: _Sql, query: ClaimQuery, n: int) -> tuple[list[Key], Callable[[Key], str], int | None]:
    """Up to n (id, phase, key) by relevance after the query's cursor, the cursor maker, and
    how many matches were ranked when not all of them were (None: all were).

    The candidates are the RANK_CANDIDATES most recently added matches (the search index is
    read newest first and stops there), scored and sorted here (phase "ranked"); when there are
    more matches, the older ones follow, newest first (phase "rest")."""
    phase, key = _decode_cursor(query) if query.cursor else ("ranked", None)
    bounds = _cursor_bounds(query) if query.cursor else None
    out: list[Key] = []
    if phase == "ranked":
        # SQLite's bm25 counts each term's matches over the whole table (for its weight), which
        # costs as much as the matches of a common word: a capped candidate set is scored here
        estimate = sql.sqlite
        if bounds is None:
            scored = _candidates(sql, query, limit=RANK_CANDIDATES + 1, score=not estimate)
            if len(scored) > RANK_CANDIDATES:
                scored = scored[:RANK_CANDIDATES]
                bounds = [scored[-1][0], scored[0][0]]  # ids, newest first
            elif estimate and scored and not _has_common_term(sql, query.search):
                scored = _candidates(sql, query, between=[scored[-1][0], scored[0][0]])
                estimate = False
        else:
            scored = _candidates(sql, query, between=bounds, score=not estimate)
        if estimate and scored:
            scored = _estimated_scores(sql, query.search, [cid for cid, _ in scored])
        ordered = sorted((score, cid) for cid, score in scored)
        if key is not None:
            after = (float(key[0]), int(key[1]))
            ordered = [x for x in ordered if x > after]
        out = [(cid, "ranked", [score, cid]) for score, cid in ordered[:n]]
        key = None
    if len(out) < n and bounds is not None:
        below = min(bounds[0], int(key[0])) if key is not None else bounds[0]
        out += [(cid, "rest", [cid]) for cid, _ in _candidates(sql, query, limit=n - len(out), below=below,
                                                              score=False)]
    among = RANK_CANDIDATES if bounds is not None else None
    return out, lambda k: _encode_cursor(query.sort, k[1], k[2], bounds), among


# A term in more claims than this makes SQLite's bm25() slow (it counts the term's matches
# over the whole table): its matches are scored by _estimated_scores() instead.
COMMON_TERM = 100_000


def _has_common_term(sql: _Sql, search: SearchQuery) -> bool:
    """Whether a term of `search` is in more than COMMON_TERM claims, estimated from how far
    back its newest RANK_CANDIDATES matches reach."""
    high = sql.run("SELECT max(id) AS m FROM claims")[0]["m"] or 0
    for term in {t for group in search for t in group}:
        rows = sql.run("SELECT count(*) AS n, min(rowid) AS low FROM (SELECT rowid FROM claims_search"
                       " WHERE claims_search MATCH ? ORDER BY rowid DESC LIMIT ?)",
                       [to_fts5(((term,),)), RANK_CANDIDATES])
        n, low = int(rows[0]["n"]), rows[0]["low"]
        if n >= RANK_CANDIDATES and n / max(1, high - int(low) + 1) * high > COMMON_TERM:
            return True
    return False


# PostgreSQL: matches in at least this share of the claims are found soonest by reading claims
# newest first (a word in most claims); fewer are read from the GIN index and sorted
DENSE_SHARE = 0.05


def _pg_dense(sql: _Sql, body: str, args: list[Any]) -> bool:
    """Whether the planner estimates the claims of `body` (FROM ... WHERE ...) at DENSE_SHARE
    of all claims or more."""
    plan = sql.run(f"EXPLAIN (FORMAT JSON) SELECT 1 {body}", args)[0]["QUERY PLAN"]
    estimate = float(plan[0]["Plan"]["Plan Rows"])
    total = float(sql.run("SELECT reltuples AS n FROM pg_class WHERE oid = 'claims'::regclass")[0]["n"])
    return total > 0 and estimate >= DENSE_SHARE * total


def _estimated_scores(sql: _Sql, search: SearchQuery, ids: list[int]) -> list[tuple[int, float]]:
    """(claim id, score: lower is better) of `ids`: BM25 (k1 1.2, b 0.75, the text weighing 4
    and the speaker 1, as the bm25() of the search) with each term counted as its words'
    occurrences in the lower-cased text, and each term's weight from how many of these claims
    hold it. Cheaper than bm25() on a common word; an estimate (a word matched only through
    its stem counts as absent)."""
    surfaces = sorted({" ".join(t.words).lower() for group in search for t in group})
    rows = [(int(r["id"]), r["text"].lower(), (r["speaker"] or "").lower())
            for r in sql.run(f"SELECT id, text, speaker FROM claims WHERE id IN ({','.join('?' * len(ids))})", ids)]
    if not rows:
        return []
    tfs = [[4 * text.count(w) + speaker.count(w) for w in surfaces] for _, text, speaker in rows]
    lengths = [len(text) + len(speaker) for _, text, speaker in rows]
    avg = sum(lengths) / len(lengths) or 1.0
    n = len(rows)
    idf = [max(1e-6, math.log((n - df + 0.5) / (df + 0.5) + 1))
           for df in (sum(1 for tf in tfs if tf[i]) for i in range(len(surfaces)))]
    out = []
    for (cid, _, _), tf, length in zip(rows, tfs, lengths, strict=True):
        norm = 1.2 * (0.25 + 0.75 * length / avg)
        out.append((cid, -sum(w * f * 2.2 / (f + norm) for w, f in zip(idf, tf, strict=True))))
    return out


def _candidates(sql: _Sql, query: ClaimQuery, limit: int | None = None, between: list[int] | None = None,
                below: int | None = None, score: bool = True) -> list[tuple[int, float]]:
    """(claim id, score: lower is better) of the matches that pass the filters, most recently
    added first: up to `limit`, with ids in `between` [low, high] or below `below`."""
    assert query.search is not None
    plan = _plan(sql, query, with_search=False)
    idcol = "s.rowid" if sql.sqlite else "c.id"
    where, args = list(plan.where), list(plan.args)
    if between is not None:
        where.append(f"{idcol} BETWEEN ? AND ?")
        args += between
    if below is not None:
        where.append(f"{idcol} < ?")
        args.append(below)
    order = f" ORDER BY {idcol} DESC" + (" LIMIT ?" if limit is not None else "")
    if limit is not None:
        args.append(limit)
    if sql.sqlite:
        # the search table drives (rowid order, newest first); claims joined only for filters
        joins = ["JOIN claims c ON c.id = s.rowid", *plan.joins] if plan.where else []
        text = (f"SELECT s.rowid AS id, {'bm25(claims_search, 4.0, 1.0)' if score else '0.0'} AS score"
                f" FROM claims_search s {' '.join(joins)} WHERE claims_search MATCH ?"
                + "".join(f" AND {w}" for w in where) + order)
        rows = sql.run(text, [to_fts5(query.search), *args])
    else:
        tsq, targs = to_tsquery(query.search)
        body = f"FROM claims c {' '.join(plan.joins)} WHERE c.tsv @@ {tsq}" + "".join(f" AND {w}" for w in where)
        if not _pg_dense(sql, body, [*targs, *args[: len(args) - (limit is not None)]]):
            # few matches: read them from the GIN index and sort them (c.id + 0: not by walking
            # the primary key newest first, which the planner picks even for a word in 1% of claims)
            order = order.replace("c.id", "(c.id + 0)")
        inner = f"SELECT c.id, c.tsv {body}{order}"
        rank = f"(-ts_rank_cd(x.tsv, {tsq}))::float8" if score else "0.0::float8"
        rows = sql.run(f"SELECT x.id, {rank} AS score FROM ({inner}) x",
                       [*(targs if score else []), *targs, *args])
    return [(int(r["id"]), float(r["score"])) for r in rows]


def _hits(sql: _Sql, rows: list[tuple[Any, str, list[Any]]], texts: dict[int, str] | None = None) -> list[ClaimHit]:
    """ClaimHits of `rows`; `texts` are article texts already read (one round trip less)."""
    if not rows:
        return []
    claim_ids = [int(r["id"]) for r, _, _ in rows]
    article_ids = sorted({int(r["article_id"]) for r, _, _ in rows})
    via: dict[int, list[str]] = {}
    marks = ",".join("?" * len(claim_ids))
    for v in sql.run(
        "SELECT v.claim_id, e.name FROM claim_via v JOIN entities e ON e.id = v.entity_id"
        f" WHERE v.claim_id IN ({marks}) ORDER BY v.claim_id, v.pos",
        claim_ids,
    ):
        via.setdefault(int(v["claim_id"]), []).append(v["name"])
    texts = dict(texts or {})
    missing = [i for i in article_ids if i not in texts]
    if missing:
        texts.update((int(a["id"]), a["text"]) for a in sql.run(
            f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(missing))})", missing))
    out = []
    for r, _, _ in rows:
        text = texts[int(r["article_id"])]
        source, cue = json.loads(r["source"]), json.loads(r["cue"])
        out.append(ClaimHit(
            id=int(r["id"]), article_id=r["ext_id"], article_date=r["article_date"], title=r["title"],
            speaker=r["speaker"], kind=r["kind"], stance=r["stance"], said_on=r["said_on"],
            text=r["text"], via=via.get(int(r["id"]), []), content=json.loads(r["content"]),
            source_text=" ".join(text[s:e] for s, e in source) or None,
            cue_text=" ".join(text[s:e] for s, e in cue) or None,
            day=r["day"], url=r["url"], publisher=r["publisher"], date_source=r["date_source"],
            source=source, cue=cue,
        ))
    return out


_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks around matches, never in real text


def _add_snippets(sql: _Sql, search: SearchQuery, hits: list[ClaimHit]) -> None:
    ids = [h.id for h in hits]
    marks = ",".join("?" * len(ids))
    if sql.sqlite:
        rows = sql.run(
            f"SELECT rowid AS id, snippet(claims_search, 0, '{_OPEN}', '{_CLOSE}', '…', 24) AS snip"
            f" FROM claims_search WHERE claims_search MATCH ? AND rowid IN ({marks})",
            [to_fts5(search), *ids],
        )
    else:
        tsq, targs = to_tsquery(search)
        rows = sql.run(
            f"SELECT c.id, ts_headline('english', c.text, {tsq},"
            f" 'StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=30, MinWords=12, ShortWord=2') AS snip"
            f" FROM claims c WHERE c.id IN ({marks})",
            [*targs, *ids],
        )
    by_id = {int(r["id"]): r["snip"] for r in rows}
    for h in hits:
        h.snippet = parse_snippet(by_id.get(h.id) or h.text)


def parse_snippet(marked: str) -> Snippet:
    """A Snippet from text with _OPEN/_CLOSE around the matches."""
    text, spans, start = [], [], None
    pos = 0
    for ch in marked:
        if ch == _OPEN:
            start = pos
        elif ch == _CLOSE:
            if start is not None and pos > start:
                spans.append((start, pos))
            start = None
        else:
            text.append(ch)
            pos += 1
    return Snippet("".join(text), spans)


def iter_claims(ledger: Ledger, query: ClaimQuery, page_size: int = 1000,
                on_unranked: Callable[[str], None] | None = None) -> Iterator[ClaimHit]:
    """Every claim matching `query` (from its cursor on), page by page: constant memory.
    on_unranked(note) is called once when relevance was asked for but the order is newest first."""
    q = replace(query, limit=page_size)
    told = False
    while True:
        page = search_claims(ledger, q, snippets=False)
        if page.order_note and on_unranked and not told:
            on_unranked(page.order_note)
            told = True
        yield from page.items
        if not page.next_cursor:
            return
        q = replace(q, cursor=page.next_cursor)


# -- counts and facets --------------------------------------------------------------------

FACETS = {
    "stance": "c.stance",
    "kind": "c.kind",
    "date_source": "coalesce(a.date_source, 'unknown')",
    "publisher": "a.publisher",
    "speaker": "c.speaker",
}


# Counts stop here: a word in most claims is "more than 10,000", not a count of the ledger.
COUNT_CAP = 10_000


def count_claims(ledger: Ledger, query: ClaimQuery, budget_ms: int = 200, cap: int | None = None) -> int | None:
    """How many claims match, counted up to `cap` (default COUNT_CAP; cap + 1 means more than
    cap), or None when counting takes longer than budget_ms."""
    cap = COUNT_CAP if cap is None else cap
    sql = _Sql(ledger)
    plan = _plan(sql, query)
    text = (f"SELECT count(*) AS n FROM (SELECT 1 FROM claims c {' '.join(plan.joins)}"
            + (" WHERE " + " AND ".join(plan.where) if plan.where else "") + " LIMIT ?) x")
    rows = sql.within(budget_ms, lambda: sql.run(text, [*plan.args, cap + 1]))
    return None if rows is None else int(rows[0]["n"])


def facets(ledger: Ledger, query: ClaimQuery, names: tuple[str, ...] = tuple(FACETS),
           top: int = 10, budget_ms: int = 400) -> dict[str, list[tuple[str, int]] | None]:
    """For each facet, the most common values among the matching claims with their counts;
    None for the facets not counted within budget_ms (one budget for all of them, so a
    search matching most of the ledger still answers quickly)."""
    sql = _Sql(ledger)
    deadline = time.monotonic() + budget_ms / 1000
    out: dict[str, list[tuple[str, int]] | None] = {}
    for name in names:
        if name not in FACETS:
            raise UsageError(f"facet {name!r}: expected one of {', '.join(FACETS)}")
        left_ms = int((deadline - time.monotonic()) * 1000)
        if left_ms <= 0:
            out[name] = None
            continue
        # a facet counts what the other filters leave, so its own value can be changed
        plan = _plan(sql, replace(query, **{name: None}) if name in FILTER_NAMES else query)
        where = [*plan.where, f"{FACETS[name]} IS NOT NULL"]
        joins = plan.joins if ARTICLE_JOIN in plan.joins or "a." not in FACETS[name] else [ARTICLE_JOIN, *plan.joins]
        text = (f"SELECT {FACETS[name]} AS v, count(*) AS n FROM claims c {' '.join(joins)}"
                f" WHERE {' AND '.join(where)} GROUP BY {FACETS[name]} ORDER BY n DESC, v LIMIT {int(top)}")
        rows = sql.within(left_ms, lambda t=text, p=plan: sql.run(t, p.args))
        out[name] = None if rows is None else [(r["v"], int(r["n"])) for r in rows]
    return out


# -- articles, quantities, times -----------------------------------------------------------

@dataclass
class ArticleView:
    """A stored article with everything extracted from it, offsets into `text`."""

    id: int
    ext_id: str
    text: str
    date: str | None
    date_source: str | None
    title: str | None
    url: str | None
    publisher: str | None
    dateline: str | None
    author: str | None
    origin: str | None
    extractor: str
    claims: list[ClaimHit]
    quantities: list[dict[str, Any]]
    times: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.ext_id, "title": self.title, "url": self.url, "publisher": self.publisher,
            "date": self.date, "date_source": self.date_source,
            "date_readable": readable_article_date(self.date, self.date_source),
            "dateline": self.dateline, "author": self.author, "origin": self.origin,
            "extractor": self.extractor, "text": self.text,
            "claims": [c.to_dict() for c in self.claims],
            "quantities": self.quantities, "times": self.times,
        }


def article_view(ledger: Ledger, ext_id: str) -> ArticleView | None:
    """The article stored under `ext_id` (the first one, when several share it), or None."""
    sql = _Sql(ledger)
    rows = sql.run("SELECT * FROM articles WHERE ext_id = ? ORDER BY id LIMIT 1", (ext_id,))
    if not rows:
        return None
    a = rows[0]
    aid = int(a["id"])
    claim_rows = sql.run(
        f"SELECT {_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id"
        " WHERE c.article_id = ? ORDER BY c.idx", (aid,))
    claims = _hits(sql, [(r, "", []) for r in claim_rows], {aid: a["text"]})
    quantities = [_quantity(q) for q in sql.run(
        "SELECT * FROM quantities WHERE article_id = ? ORDER BY idx", (aid,))]
    times = [_time(t) for t in sql.run("SELECT * FROM times WHERE article_id = ? ORDER BY idx", (aid,))]
    return ArticleView(
        id=aid, ext_id=a["ext_id"], text=a["text"], date=a["date"], date_source=a["date_source"],
        title=a["title"], url=a["url"], publisher=a["publisher"], dateline=a["dateline"],
        author=a["author"], origin=a["origin"], extractor=a["extractor"], claims=claims,
        quantities=quantities, times=times,
    )


def _quantity(q: Any) -> dict[str, Any]:
    return {
        "start": int(q["start"]), "end": int(q["end"]), "text": q["text"], "value": q["value"],
        "low": q["low"], "high": q["high"], "qualifier": q["qualifier"], "trend": q["trend"],
        "thing": q["thing"], "relation": json.loads(q["relation"]) if q["relation"] else None,
        "claim_id": int(q["claim_id"]) if q["claim_id"] is not None else None,
    }


def _time(t: Any) -> dict[str, Any]:
    return {"start": int(t["start"]), "end": int(t["end"]), "text": t["text"], "value": t["value"],
            "type": t["type"], "readable": readable_when(t["value"])}


def claim_by_id(ledger: Ledger, claim_id: int) -> ClaimHit | None:
    sql = _Sql(ledger)
    rows = sql.run(f"SELECT {_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?",
                   (claim_id,))
    hits = _hits(sql, [(r, "", []) for r in rows])
    return hits[0] if hits else None


def list_articles(ledger: Ledger, query: ItemQuery) -> tuple[list[dict[str, Any]], str | None]:
    """One page of stored articles (metadata and claim counts, newest id last) and the next cursor."""
    sql = _Sql(ledger)
    where, args = [], []
    for value, cond in ((query.cursor, "a.id > ?"), (query.article, "a.ext_id = ?"),
                        (query.date_since, "a.date >= ?"), (query.date_until, "a.date <= ?"),
                        (query.publisher, "a.publisher = ?")):
        if value:
            where.append(cond)
            args.append(int(value) if cond == "a.id > ?" else value)
    rows = sql.run(
        "SELECT a.id, a.ext_id, a.title, a.url, a.publisher, a.date, a.date_source, a.extractor,"
        " (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims FROM articles a"
        + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id LIMIT ?",
        args + [query.limit + 1])
    more = len(rows) > query.limit
    items = [{"article_id": r["ext_id"], "title": r["title"], "url": r["url"], "publisher": r["publisher"],
              "date": r["date"], "date_source": r["date_source"], "extractor": r["extractor"],
              "claims": int(r["claims"]), "_id": int(r["id"])} for r in rows[: query.limit]]
    cursor = str(items[-1]["_id"]) if more and items else None
    for item in items:
        del item["_id"]
    return items, cursor


@dataclass(frozen=True)
class ItemQuery:
    """Filters of the quantities and times lists (checked by `item_query()`)."""

    article: str | None = None
    thing: str | None = None  # quantities: the counted thing contains this text
    type: str | None = None  # times: DATE | TIME | DURATION | SET
    date_since: str | None = None
    date_until: str | None = None
    publisher: str | None = None
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


def item_query(max_limit: int = MAX_LIMIT, **raw: Any) -> ItemQuery:
    v = {k: (x.strip() if isinstance(x, str) else x) for k, x in raw.items() if x not in (None, "")}
    allowed = {f.name for f in fields(ItemQuery)}
    unknown = set(v) - allowed
    if unknown:
        raise UsageError(f"unknown filter {sorted(unknown)[0]!r}; expected one of {', '.join(sorted(allowed))}")
    for name in ("date_since", "date_until"):
        if name in v:
            v[name] = check_day(v[name], name)
    if "type" in v:
        v["type"] = _choice(v["type"], "type", ("date", "time", "duration", "set")).upper()
    if "limit" in v:
        v["limit"] = _limit(v["limit"], max_limit)
    if "cursor" in v:
        try:
            v["cursor"] = str(int(v["cursor"]))
        except ValueError:
            raise UsageError(f"cursor {v['cursor']!r}: use the next_cursor of the previous page") from None
    return ItemQuery(**v)


def list_items(ledger: Ledger, table: str, query: ItemQuery) -> tuple[list[dict[str, Any]], str | None]:
    """One page of stored quantities or times (`table`), oldest article first within id
    order, with the article's id, date and title; and the next cursor."""
    if table == "articles":
        return list_articles(ledger, query)
    if table not in ("quantities", "times"):
        raise ValueError(table)
    sql = _Sql(ledger)
    where, args = [], []
    if query.cursor:
        where.append("x.id > ?")
        args.append(int(query.cursor))
    for value, cond in ((query.article, "a.ext_id = ?"), (query.date_since, "a.date >= ?"),
                        (query.date_until, "a.date <= ?"), (query.publisher, "a.publisher = ?")):
        if value:
            where.append(cond)
            args.append(value)
    if query.thing and table == "quantities":
        where.append("x.thing LIKE ?" if sql.sqlite else "x.thing ILIKE ?")
        args.append(f"%{query.thing}%")
    if query.type and table == "times":
        where.append("x.type = ?")
        args.append(query.type)
    rows = sql.run(
        f"SELECT x.*, a.ext_id, a.date AS article_date, a.date_source, a.title, a.publisher FROM {table} x"
        " JOIN articles a ON a.id = x.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY x.id LIMIT ?",
        args + [query.limit + 1],
    )
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    conv = _quantity if table == "quantities" else _time
    items = []
    for r in rows:
        item = {"id": int(r["id"]), "article_id": r["ext_id"], "article_date": r["article_date"],
                "date_source": r["date_source"], "title": r["title"], "publisher": r["publisher"]}
        item.update(conv(r))
        items.append(item)
    return items, (str(items[-1]["id"]) if more and items else None)


def iter_items(ledger: Ledger, table: str, query: ItemQuery) -> Iterator[dict[str, Any]]:
    q = replace(query, limit=MAX_LIMIT)
    while True:
        items, cursor = list_items(ledger, table, q)
        yield from items
        if not cursor:
            return
        q = replace(q, cursor=cursor)


def ledger_stats(ledger: Ledger) -> dict[str, Any]:
    return ledger.stats()


# -- dates people can read ------------------------------------------------------------------

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_REFS = {"PRESENT_REF": "now (day unknown)", "PAST_REF": "in the past (day unknown)",
         "FUTURE_REF": "in the future (day unknown)"}


def readable_when(value: str | None) -> str:
    """A TIMEX value as a person reads it: 'XXXX-WXX-4' -> 'a Thursday (day unknown)'."""
    if not value:
        return "unknown"
    if value in _REFS:
        return _REFS[value]
    v, _, part = value.partition("T")
    suffix = f" {_PARTS[part]}" if part in _PARTS else (f" {part}" if part else "")
    m = re.fullmatch(r"(\d{4}|XXXX)-(\d{2}|XX)-(\d{2}|XX)", v)
    if m:
        y, mo, d = m.groups()
        if "X" not in v:
            return v + suffix
        if mo != "XX" and d != "XX" and 1 <= int(mo) <= 12:
            return f"{int(d)} {_MONTHS[int(mo) - 1]} (year unknown){suffix}"
        return "day unknown"
    m = re.fullmatch(r"(\d{4}|XXXX)-W(\d{2}|XX)-(\d)", v)
    if m and 1 <= int(m.group(3)) <= 7:
        day = _WEEKDAYS[int(m.group(3)) - 1]
        if "X" in v:
            return f"a {day}{suffix} (day unknown)"
        try:
            return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat() + suffix
        except ValueError:
            return f"a {day} (day unknown)"
    m = re.fullmatch(r"(\d{4})-W(\d{2})", v)
    if m:
        return f"week {int(m.group(2))} of {m.group(1)}"
    m = re.fullmatch(r"(\d{4})-(\d{2})", v)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    if re.fullmatch(r"\d{4}", v):
        return v
    if value.startswith("P"):
        return f"a period ({value})"
    return "day unknown" if "X" in value else value


DATE_SOURCE_WORDS = {
    "header": "from the article's header",
    "metadata": "from the page's metadata",
    "url": "from the URL",
    "user": "given with --date",
    "warc": "the day it was crawled (publication date unknown)",
}


def readable_article_date(date: str | None, source: str | None) -> str:
    if not date:
        return "date unknown"
    return f"{date} ({DATE_SOURCE_WORDS.get(source or '', 'source unknown')})"


# -- linked views: a thin adapter over claimledger.linking ---------------------------------
# The linking stage (stories, entities, wire copies, estimate series, contradictions) is
# optional here: every function below raises LinkingUnavailable when the module or its
# tables are missing, and the faces say "linking not available" instead of failing.

class LinkingUnavailable(UsageError):
    """The ledger has no links (linking not installed, or its tables are missing)."""


def _linking(ledger: Ledger, table: str = "stories") -> Any:
    try:
        from claimledger.linking import queries
    except ImportError:
        raise LinkingUnavailable("linking not available: this claimledger has no linking stage") from None
    if not _Sql(ledger).has_table(table):
        raise LinkingUnavailable(f"linking not available: this ledger has no {table} table; "
                                 "run `claimledger relink` to build the links")
    return queries


def linking_available(ledger: Ledger) -> bool:
    try:
        _linking(ledger)
    except LinkingUnavailable:
        return False
    return True


def list_stories(ledger: Ledger) -> list[dict[str, Any]]:
    """Stories: {story, title, articles (ext ids), first_date, last_date, origins}."""
    return [s.to_dict() for s in _linking(ledger).list_stories(ledger)]


STORY_CLAIMS_PAGE = 50
STORY_ARTICLES_PAGE = 100


def story_view(ledger: Ledger, story_id: int, cursor: str | None = None, articles_from: int = 0,
               claim_limit: int | None = None) -> dict[str, Any] | None:
    """A story: its articles (a timeline, STORY_ARTICLES_PAGE at a time from `articles_from`),
    a page of its claims by date (from `cursor`) with how many independent origins stand behind
    each, its estimate series and its contradictions. Reads only this story's rows, so a story
    of thousands of articles costs what a page of it costs."""
    row = _linking(ledger).story(ledger, story_id)
    if row is None:
        return None
    story = row.to_dict()
    sql = _Sql(ledger)
    if articles_from < 0:
        raise UsageError(f"articles_from {articles_from}: expected 0 or more")
    shown = story["articles"][articles_from:articles_from + STORY_ARTICLES_PAGE]
    marks = ",".join("?" * len(shown)) or "NULL"
    arts = sql.run(
        "SELECT a.id, a.ext_id, a.title, a.date, a.date_source, a.publisher,"
        " (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS n_claims"
        f" FROM articles a WHERE a.ext_id IN ({marks}) ORDER BY coalesce(a.date, ''), a.id", shown)
    links = article_links_many(ledger, [int(a["id"]) for a in arts])
    articles = [{"id": a["ext_id"], "title": a["title"], "date": a["date"], "date_source": a["date_source"],
                 "publisher": a["publisher"], "claims": int(a["n_claims"]), **links.get(int(a["id"]), {})}
                for a in arts]
    page = search_claims(ledger, claim_query(story=str(story_id), cursor=cursor, limit=claim_limit or STORY_CLAIMS_PAGE),
                         snippets=False)
    end = articles_from + len(shown)
    return {**story, "article_rows": articles, "articles_from": articles_from,
            "articles_next": end if end < len(story["articles"]) else None,
            "claims": page.items, "claims_next_cursor": page.next_cursor,
            "support": claim_support(ledger, [c.id for c in page.items]),
            "series": estimate_series(ledger, story=story_id),
            "contradictions": list_contradictions(ledger, story=story_id)}


def claim_support(ledger: Ledger, claim_ids: list[int]) -> dict[int, dict[str, int]]:
    """claim id -> {articles: how many carry it, origins: how many independent origins}."""
    if not claim_ids:
        return {}
    support = _linking(ledger, "claim_links").claim_support(ledger, claim_ids)
    return {cid: {"articles": s.articles, "origins": s.origins} for cid, s in support.items()}


def article_links_many(ledger: Ledger, article_ids: list[int]) -> dict[int, dict[str, Any]]:
    """internal article id -> {story, wire_origin (ext id, None for an origin)}."""
    if not article_ids:
        return {}
    _linking(ledger)
    sql = _Sql(ledger)
    # one statement (a round trip counts on a busy PostgreSQL server)
    rows = sql.run(
        "SELECT a.id, s.story_id, o.ext_id AS origin FROM articles a"
        " LEFT JOIN story_articles s ON s.article_id = a.id LEFT JOIN wire_copies w ON w.article_id = a.id"
        " LEFT JOIN articles o ON o.id = w.origin_id AND w.origin_id <> a.id"
        f" WHERE a.id IN ({','.join('?' * len(article_ids))})", article_ids)
    found = {int(r["id"]): r for r in rows}
    return {aid: {"story": int(found[aid]["story_id"]) if aid in found and found[aid]["story_id"] is not None else None,
                  "wire_origin": found[aid]["origin"] if aid in found else None}
            for aid in article_ids}


def article_links(ledger: Ledger, view: ArticleView) -> dict[str, Any]:
    """An article's story, its wire-copy origin and its copies (ext ids)."""
    sql = _Sql(ledger)
    own = article_links_many(ledger, [view.id]).get(view.id, {})
    copies = [r["ext_id"] for r in sql.run(
        "SELECT a.ext_id FROM wire_copies w JOIN articles a ON a.id = w.article_id"
        " WHERE w.origin_id = ? AND w.article_id <> ? ORDER BY a.id", (view.id, view.id))]
    return {**own, "copies": copies}


def list_entities(ledger: Ledger, type: str | None = None) -> list[dict[str, Any]]:  # noqa: A002
    """Entities: {entity, name, type, aliases, mentions, claims}, most claims first."""
    return [e.to_dict() for e in _linking(ledger, "link_entities").list_entities(ledger, type=type, named_only=True)]


def entity_view(ledger: Ledger, ref: str) -> dict[str, Any]:
    """An entity: what it said (denials apart), what it passed on, what others said about it,
    its aliases; UsageError when no entity or several have this name."""
    from claimledger.errors import ClaimledgerError

    q = _linking(ledger, "link_entities")
    try:
        ent, rows = q.entity_claims(ledger, ref)
    except ClaimledgerError as exc:
        raise UsageError(str(exc)) from exc
    info = next((e for e in list_entities(ledger) if e["entity"] == ent.id), None)
    claims = [r.to_dict() for r in rows]
    said = [c for c in claims if c["role"] == "said"]
    return {
        "entity": ent.id, "name": ent.name, "type": ent.type,
        "aliases": info["aliases"] if info else [],
        "said": [c for c in said if c["stance"] != "deny"],
        "denials": [c for c in said if c["stance"] == "deny"],
        "via": [c for c in claims if c["role"] == "via"],
        "about": [c for c in claims if c["role"] == "about"],
    }


def estimate_series(ledger: Ledger, measure: str | None = None, story: int | None = None) -> list[dict[str, Any]]:
    """Estimate series: {series, story, measure, thing, points: [...]}, each point as the
    `estimates` command gives it (value, low, high, qualifier, said_on, speaker, via, article,
    claim, text, origins)."""
    _linking(ledger, "estimate_series")
    from claimledger.linking.estimates import list_points

    series: dict[Any, dict[str, Any]] = {}
    for p in list_points(ledger, measure=measure, story=story):
        s = series.setdefault(p["series"], {"series": p["series"], "story": p["story"],
                                            "measure": p["measure"], "thing": p["thing"], "points": []})
        s["points"].append(p)
    return list(series.values())


def list_contradictions(ledger: Ledger, type: str | None = None,  # noqa: A002
                        story: int | None = None) -> list[dict[str, Any]]:
    """Typed pairs {type, a, b} (of one story when given); each side {article, claim, speaker,
    text, stance, said_on}."""
    _linking(ledger, "contradictions")
    from claimledger.linking.contradictions import list_contradictions as pairs

    return pairs(ledger, type=type, story=story)
