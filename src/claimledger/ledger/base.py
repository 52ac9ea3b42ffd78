"""What every ledger back end offers, and the query types they share."""

from __future__ import annotations

import bisect
import itertools
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from claimledger.readers.base import Article
from claimledger.record import ArticleRecord, Claim, Quantity, TimeExpression


def _latest_migration() -> int:
    """The number of the newest migration script: the schema version this code writes."""
    folder = resources.files("claimledger.ledger") / "migrations" / "sqlite"
    return max(int(e.name.split("_", 1)[0]) for e in folder.iterdir() if e.name.endswith(".sql"))


SCHEMA_VERSION = _latest_migration()


@dataclass
class ClaimFilter:
    """Filters shared by `Ledger.claims()`, the CLI and the HTTP API (same names everywhere)."""

    speaker: str | None = None  # substring of the resolved speaker, case-insensitive
    stance: str | None = None  # assert | deny | hedge
    kind: str | None = None  # direct | indirect | mixed | according_to
    search: str | None = None  # full-text search over claim text and speaker
    since: str | None = None  # YYYY-MM-DD, on said_on when it is a day, else the article date
    until: str | None = None
    article: str | None = None  # article id
    limit: int | None = None
    offset: int = 0


@dataclass
class ClaimRow:
    """One stored claim with the article it came from."""

    id: int
    article_id: str
    article_date: str | None
    title: str | None
    speaker: str | None
    kind: str
    stance: str
    said_on: str | None
    text: str
    via: list[str] = field(default_factory=list)
    content: list[list[int]] = field(default_factory=list)
    source_text: str | None = None
    cue_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "article_date": self.article_date,
            "title": self.title,
            "speaker": self.speaker,
            "kind": self.kind,
            "stance": self.stance,
            "said_on": self.said_on,
            "text": self.text,
            "via": self.via,
            "content": self.content,
            "source_text": self.source_text,
            "cue_text": self.cue_text,
        }


@dataclass
class IngestCounts:
    inserted: int = 0
    skipped: int = 0
    replaced: int = 0  # stored texts whose claims were re-extracted (`replace=True`)


@lru_cache(maxsize=65536)
def norm_name(name: str) -> str:
    """A grouping key for entity names: casefolded, without punctuation or a leading "the"."""
    s = name.casefold().replace("’", "'")
    s = "".join(ch for ch in s if not unicodedata.category(ch).startswith("P"))
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def claim_conditions(f: ClaimFilter, mark: str, day: str, like: str = "LIKE") -> tuple[list[str], list[Any]]:
    """WHERE conditions and arguments for every filter but `search` (which each back end does
    its own way). `mark` is the placeholder (? or %s); `day` the SQL for a claim's day."""
    where: list[str] = []
    args: list[Any] = []
    if f.speaker:
        where.append(f"(c.speaker {like} {mark} OR e.norm LIKE {mark})")
        args += [f"%{f.speaker}%", f"%{norm_name(f.speaker)}%"]
    for col in ("stance", "kind"):
        if getattr(f, col):
            where.append(f"c.{col} = {mark}")
            args.append(getattr(f, col))
    for value, op in ((f.since, ">="), (f.until, "<=")):
        if value:
            where.append(f"{day} {op} {mark}")
            args.append(value)
    if f.article:
        where.append(f"a.ext_id = {mark}")
        args.append(f.article)
    return where, args


# -- rows <-> records, shared by the back ends (rows are sqlite3.Row or psycopg dict rows) --

STATS_QUERIES = {
    "articles": "SELECT count(*) FROM articles",
    "claims": "SELECT count(*) FROM claims",
    "speakers": "SELECT count(DISTINCT speaker_id) FROM claims",
    "quantities": "SELECT count(*) FROM quantities",
    "times": "SELECT count(*) FROM times",
}


def article_values(article: Article | None, rec: ArticleRecord, h: str, now: str) -> tuple[Any, ...]:
    """The `articles` columns after `id`, in schema order, for a record and its input."""
    return (
        rec.id,
        h,
        rec.date,
        article.date_source if article else None,
        rec.title or (article.title if article else None),
        rec.url or (article.url if article else None),
        rec.publisher or (article.publisher if article else None),
        rec.dateline or (article.dateline if article else None),
        article.author if article else None,
        article.origin if article else None,
        rec.extractor or "unknown",
        now,
        rec.text,
    )


def stored_article(r: Any) -> Article:
    """The article a stored row was made from (its exact text and metadata)."""
    return Article(
        id=r["ext_id"], text=r["text"], date=r["date"], title=r["title"], url=r["url"],
        publisher=r["publisher"], dateline=r["dateline"], author=r["author"],
        origin=r["origin"] or "", date_source=r["date_source"],
    )


class ClaimHolders:
    """Finds the first claim (in the given order) whose content spans hold a span.

    Built once per article: a scan of every claim for each quantity was quadratic, minutes
    for an article of thousands of claims. Content spans are sorted by start, with the
    largest end of each prefix, so a lookup walks back only over spans that can reach it."""

    def __init__(self, claims: list[tuple[Any, list]]) -> None:
        spans = sorted((s, e, order, cid) for order, (cid, content) in enumerate(claims)
                       for s, e in content)
        self.starts = [sp[0] for sp in spans]
        self.spans = spans
        self.reach = list(itertools.accumulate((sp[1] for sp in spans), max))  # largest end of spans[:k + 1]

    def holding(self, span: tuple[int, int]) -> Any:
        """The id of the first claim whose content spans hold `span`, else None."""
        best: tuple[int, Any] | None = None
        k = bisect.bisect_right(self.starts, span[0]) - 1
        while k >= 0 and self.reach[k] >= span[1]:
            s, e, order, cid = self.spans[k]
            if span[1] <= e and (best is None or order < best[0]):
                best = (order, cid)
            k -= 1
        return best[1] if best else None


def claim_row(r: Any, via: list[str]) -> ClaimRow:
    """A ClaimRow from a claims row joined with its article (ext_id, article_date, title, article_text)."""
    text = r["article_text"]
    source, cue = json.loads(r["source"]), json.loads(r["cue"])
    return ClaimRow(
        id=int(r["id"]), article_id=r["ext_id"], article_date=r["article_date"], title=r["title"],
        speaker=r["speaker"], kind=r["kind"], stance=r["stance"], said_on=r["said_on"],
        text=r["text"], via=via, content=json.loads(r["content"]),
        source_text=" ".join(text[s:e] for s, e in source) or None,
        cue_text=" ".join(text[s:e] for s, e in cue) or None,
    )


def record_from_rows(
    a: Any, claims: Iterable[tuple[Any, list[str]]], quantities: Iterable[Any], times: Iterable[Any]
) -> ArticleRecord:
    """The article record of an `articles` row and its claims (with via), quantities and times."""
    spans = lambda x: [tuple(s) for s in json.loads(x)]  # noqa: E731
    return ArticleRecord(
        id=a["ext_id"], text=a["text"], date=a["date"],
        claims=[
            Claim(content=spans(r["content"]), source=spans(r["source"]), cue=spans(r["cue"]),
                  speaker=r["speaker"], kind=r["kind"], stance=r["stance"], said_on=r["said_on"],
                  via=via, speaker_type=r["speaker_type"] if "speaker_type" in r.keys() else None)
            for r, via in claims
        ],
        quantities=[
            Quantity(span=(q["start"], q["end"]), value=q["value"], low=q["low"], high=q["high"],
                     qualifier=q["qualifier"], trend=q["trend"], thing=q["thing"],
                     relation=json.loads(q["relation"]) if q["relation"] else None)
            for q in quantities
        ],
        times=[TimeExpression(span=(t["start"], t["end"]), value=t["value"], type=t["type"]) for t in times],
        title=a["title"], url=a["url"], publisher=a["publisher"], dateline=a["dateline"],
        extractor=a["extractor"],
    )
