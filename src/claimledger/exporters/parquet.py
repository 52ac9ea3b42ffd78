"""Parquet export: one row per claim, and one row per article in a second file.

    PATH                       claims: article id/date/title/url, claim index, speaker,
                               stance, kind, said_on, via, text, content/source/cue spans
                               ([{start, end}] character offsets into the article text),
                               source and cue text, extractor
    PATH.articles.parquet      articles: id, date, title, url, publisher, dateline,
    (PATH minus ".parquet")    extractor, text, and the number of claims, quantities, times

Rows are buffered and written one row group at a time, so memory stays bounded however
large the ledger is. Both files are written under a temporary name and renamed at the end:
an interrupted export leaves no half-written file. A claim is keyed by (article_id,
claim_index); the spans index the article's `text` in the articles file.

pyarrow is an optional dependency (`pip install 'claimledger[parquet]'`), imported lazily.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.record import ArticleRecord, Span

DEFAULT_ROW_GROUP = 10_000
INSTALL_FIX = "pip install 'claimledger[parquet]'"


@dataclass
class ParquetCounts:
    """What an export wrote, and where."""

    claims: int
    articles: int
    claims_path: str
    articles_path: str | None


def articles_path_for(path: str) -> str:
    """The articles file that goes with the claims file `path`."""
    stem = path[: -len(".parquet")] if path.endswith(".parquet") else path
    return stem + ".articles.parquet"


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ClaimledgerError(f"Parquet export needs pyarrow, which is not installed ({INSTALL_FIX})") from None
    return pa, pq


def claim_schema(pa: Any) -> Any:
    span = pa.list_(pa.struct([("start", pa.int32()), ("end", pa.int32())]))
    return pa.schema([
        ("article_id", pa.string()),
        ("article_date", pa.date32()),
        ("article_title", pa.string()),
        ("article_url", pa.string()),
        ("claim_index", pa.int32()),
        ("speaker", pa.string()),
        ("stance", pa.string()),
        ("kind", pa.string()),
        ("said_on", pa.string()),  # a day, or a coarser value such as a week or month
        ("via", pa.list_(pa.string())),
        ("text", pa.string()),
        ("content", span),
        ("source", span),
        ("cue", span),
        ("source_text", pa.string()),
        ("cue_text", pa.string()),
        ("extractor", pa.string()),
    ])


def article_schema(pa: Any) -> Any:
    return pa.schema([
        ("id", pa.string()),
        ("date", pa.date32()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("publisher", pa.string()),
        ("dateline", pa.string()),
        ("extractor", pa.string()),
        ("text", pa.string()),
        ("claims", pa.int32()),
        ("quantities", pa.int32()),
        ("times", pa.int32()),
    ])


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _spans(spans: Iterable[Span]) -> list[dict[str, int]]:
    return [{"start": s, "end": e} for s, e in spans]


def claim_rows(rec: ArticleRecord) -> Iterable[dict[str, Any]]:
    """The claims table rows of one record."""
    day = _day(rec.date)
    for i, c in enumerate(rec.claims):
        yield {
            "article_id": rec.id, "article_date": day, "article_title": rec.title,
            "article_url": rec.url, "claim_index": i, "speaker": c.speaker, "stance": c.stance,
            "kind": c.kind, "said_on": c.said_on, "via": list(c.via), "text": rec.claim_text(c),
            "content": _spans(c.content), "source": _spans(c.source), "cue": _spans(c.cue),
            "source_text": " ".join(rec.span_text(s) for s in c.source) or None,
            "cue_text": " ".join(rec.span_text(s) for s in c.cue) or None,
            "extractor": rec.extractor,
        }


def article_row(rec: ArticleRecord) -> dict[str, Any]:
    return {
        "id": rec.id, "date": _day(rec.date), "title": rec.title, "url": rec.url,
        "publisher": rec.publisher, "dateline": rec.dateline, "extractor": rec.extractor,
        "text": rec.text, "claims": len(rec.claims), "quantities": len(rec.quantities),
        "times": len(rec.times),
    }


class _TableWriter:
    """Buffers rows and writes them one row group at a time."""

    def __init__(self, pa: Any, pq: Any, path: str, schema: Any, group: int) -> None:
        self.pa, self.schema, self.group = pa, schema, group
        self.writer = pq.ParquetWriter(path, schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.group:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def export_parquet(
    records: Iterable[ArticleRecord],
    path: str,
    *,
    articles: bool = True,
    row_group_rows: int = DEFAULT_ROW_GROUP,
) -> ParquetCounts:
    """Write the claims of `records` to `path` (and the articles beside it) as Parquet."""
    pa, pq = _pyarrow()
    targets = [path] + ([articles_path_for(path)] if articles else [])
    temps = [f"{t}.tmp-{os.getpid()}" for t in targets]
    writers: list[_TableWriter] = []
    try:
        writers.append(_TableWriter(pa, pq, temps[0], claim_schema(pa), row_group_rows))
        if articles:
            writers.append(_TableWriter(pa, pq, temps[1], article_schema(pa), row_group_rows))
        for rec in records:
            for row in claim_rows(rec):
                writers[0].add(row)
            if articles:
                writers[1].add(article_row(rec))
        for w in writers:
            w.close()
    except BaseException:
        for w in writers:
            try:
                w.writer.close()
            except Exception:  # noqa: BLE001 - already failing; the temp file is removed below
                pass
        for t in temps:
            if os.path.exists(t):
                os.remove(t)
        raise
    for tmp, target in zip(temps, targets, strict=True):
        os.replace(tmp, target)
    return ParquetCounts(
        claims=writers[0].count,
        articles=writers[1].count if articles else 0,
        claims_path=path,
        articles_path=targets[1] if articles else None,
    )
