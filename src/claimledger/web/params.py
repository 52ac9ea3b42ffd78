"""The filter parameters of the pages and the API: the query layer's names, documented once."""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request

from claimledger.errors import UsageError
from claimledger.query import FILTER_NAMES, ClaimQuery, ItemQuery, claim_query, item_query


def _known(request: Request, names: set[str]) -> None:
    unknown = sorted(set(request.query_params) - names)
    if unknown:
        raise UsageError(f"unknown parameter {unknown[0]!r}; the filters are {', '.join(sorted(names))}")


def claim_params(
    request: Request,
    q: str | None = Query(None, description='Full-text search: stemmed words, "a phrase", OR, prefix*.'),
    speaker: str | None = Query(None, description="Speaker name contains this text (case-insensitive)."),
    entity: str | None = Query(None, description="The speaker or someone in the via chain is this entity."),
    stance: str | None = Query(None, description="assert | deny | hedge"),
    kind: str | None = Query(None, description="direct | indirect | mixed | according_to"),
    said_since: str | None = Query(None, description="The claim's day (said on, else the article date) >= YYYY-MM-DD."),
    said_until: str | None = Query(None, description="The claim's day <= YYYY-MM-DD."),
    date_since: str | None = Query(None, description="The article's date >= YYYY-MM-DD."),
    date_until: str | None = Query(None, description="The article's date <= YYYY-MM-DD."),
    date_source: str | None = Query(None, description="header | metadata | url | user | warc | unknown | published"),
    publisher: str | None = Query(None, description="The article's publisher, exactly."),
    story: str | None = Query(None, description="A story id (needs linking)."),
    has_number: str | None = Query(None, description="true: claims holding a quantity; false: without."),
    article: str | None = Query(None, description="An article id."),
    sort: str | None = Query(None, description="date | -date | relevance (default relevance with q, else date)."),
    cursor: str | None = Query(None, description="next_cursor of the previous page."),
    limit: str | None = Query(None, description="Page size, 1..1000 (default 50)."),
) -> dict[str, Any]:
    params = {k: v for k, v in locals().items() if k != "request" and v not in (None, "")}
    _known(request, CLAIM_PARAMS)
    return params


CLAIM_PARAMS = {*FILTER_NAMES, "sort", "cursor", "limit"}


def checked_claim_query(params: dict[str, Any]) -> ClaimQuery:
    return claim_query(**params)


def item_params(
    request: Request,
    article: str | None = Query(None, description="An article id."),
    date_since: str | None = Query(None, description="The article's date >= YYYY-MM-DD."),
    date_until: str | None = Query(None, description="The article's date <= YYYY-MM-DD."),
    publisher: str | None = Query(None, description="The article's publisher, exactly."),
    cursor: str | None = Query(None, description="next_cursor of the previous page."),
    limit: str | None = Query(None, description="Page size, 1..1000 (default 50)."),
) -> dict[str, Any]:
    params = {k: v for k, v in locals().items() if k != "request" and v not in (None, "")}
    # quantities add `thing`, times `type`
    _known(request, {"article", "date_since", "date_until", "publisher", "cursor", "limit", "thing", "type"})
    return params


def checked_item_query(params: dict[str, Any], **extra: Any) -> ItemQuery:
    return item_query(**params, **{k: v for k, v in extra.items() if v not in (None, "")})
