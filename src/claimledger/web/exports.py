"""Every list as CSV or JSONL, streamed page by page (constant memory), the whole result."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import StreamingResponse

from claimledger import query as ql
from claimledger.ledger import Ledger
from claimledger.output import CLAIM_COLUMNS, claim_csv_row, csv_lines, csv_rows
from claimledger.web.api import read_access
from claimledger.web.app import get_ledger
from claimledger.web.params import (
    checked_claim_query,
    checked_item_query,
    claim_params,
    item_params,
)

router = APIRouter(prefix="/export", tags=["exports"], dependencies=[Depends(read_access)])

MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
ITEM_COLUMNS = {
    "quantities": ["id", "article_id", "article_date", "date_source", "title", "publisher", "text", "value",
                   "low", "high", "qualifier", "trend", "thing", "relation", "claim_id", "start", "end"],
    "times": ["id", "article_id", "article_date", "date_source", "title", "publisher", "text", "value",
              "readable", "type", "start", "end"],
    "articles": ["article_id", "title", "url", "publisher", "date", "date_source", "extractor", "claims"],
}
LINKED_COLUMNS = {
    "stories": ["story", "title", "articles", "first_date", "last_date", "origins"],
    "entities": ["entity", "name", "type", "aliases", "mentions", "claims"],
    "estimates": ["series", "story", "measure", "thing", "value", "low", "high", "qualifier", "said_on",
                  "speaker", "via", "article", "claim", "text", "origins"],
    "contradictions": ["type", "a", "b"],
}


def _fmt(fmt: str) -> str:
    if fmt not in MEDIA:
        raise HTTPException(404, "exports are .csv or .jsonl")
    return fmt


def _response(name: str, fmt: str, lines: Iterator[str]) -> StreamingResponse:
    return StreamingResponse(
        (line.encode("utf-8") for line in lines), media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _dict_lines(fmt: str, columns: list[str], items: Iterable[dict[str, Any]]) -> Iterator[str]:
    if fmt == "csv":
        lines = csv_rows(items, columns)
        return csv_lines(next(lines), lines)
    return (json.dumps(i, ensure_ascii=False) + "\n" for i in items)


def _own_ledger(request: Request, rows: Callable[[Ledger], Iterable[Any]]) -> Iterator[Any]:
    """rows(ledger) over a ledger opened for this stream alone: a streamed body is read on
    other threads than the request's, so it must not share the thread's connection."""
    with Ledger(request.app.state.pool.location) as ledger:
        yield from rows(ledger)


@router.get("/claims.{fmt}", summary="Every claim matching the filters, as CSV or JSONL")
def export_claims(request: Request, fmt: str, params: dict = Depends(claim_params)) -> StreamingResponse:
    fmt = _fmt(fmt)
    params.pop("limit", None)
    query = checked_claim_query(params)
    hits = _own_ledger(request, lambda led: ql.iter_claims(led, query))
    if fmt == "csv":
        lines = csv_lines(CLAIM_COLUMNS, (claim_csv_row(h) for h in hits))
    else:
        lines = (json.dumps(h.to_dict(), ensure_ascii=False) + "\n" for h in hits)
    return _response("claims", fmt, lines)


@router.get("/{table}.{fmt}", summary="Quantities, times, articles, stories, entities, estimates or contradictions")
def export_table(request: Request, table: str, fmt: str, params: dict = Depends(item_params),
                 ledger: Ledger = Depends(get_ledger)) -> StreamingResponse:
    fmt = _fmt(fmt)
    if table in ITEM_COLUMNS:
        params.pop("limit", None)
        query = checked_item_query(params)
        items: Iterable[dict[str, Any]] = _own_ledger(request, lambda led: ql.iter_items(led, table, query))
        return _response(table, fmt, _dict_lines(fmt, ITEM_COLUMNS[table], items))
    if table in LINKED_COLUMNS:
        if table == "stories":
            items = ql.list_stories(ledger)
        elif table == "entities":
            items = ql.list_entities(ledger)
        elif table == "estimates":
            items = (p for s in ql.estimate_series(ledger) for p in s["points"])
        else:
            items = ql.list_contradictions(ledger)
        return _response(table, fmt, _dict_lines(fmt, LINKED_COLUMNS[table], items))
    raise HTTPException(404, f"no list called {table!r}")
