"""The JSON API under /api: the query layer's filters and cursors; read-only unless a write
token is given (`serve --write-token`, or `claimledger token create --scope write`)."""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
from typing import Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from claimledger import query as ql
from claimledger.errors import UsageError
from claimledger.ledger import Ledger
from claimledger.web.app import get_ledger
from claimledger.web.params import (
    checked_claim_query,
    checked_item_query,
    claim_params,
    item_params,
)
from claimledger.web.tokens import TokenInfo, check_token, list_writes, record_write

MAX_POST_ARTICLES = 100


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def caller(request: Request, ledger: Ledger) -> TokenInfo | None:
    """The token the request carries, or None; 401 for a token that is not valid."""
    secret = bearer(request)
    if secret is None:
        return None
    cli_token = request.app.state.write_token
    if cli_token and secrets.compare_digest(secret, cli_token):
        return TokenInfo(0, "serve --write-token", "write", "", None)
    info = check_token(ledger, secret)
    if info is None:
        raise HTTPException(401, "unknown or revoked token; create one with `claimledger token create`",
                            headers={"WWW-Authenticate": "Bearer"})
    return info


def read_access(request: Request, ledger: Ledger = Depends(get_ledger)) -> None:
    if request.app.state.private and caller(request, ledger) is None:
        raise HTTPException(401, "this server is private: send Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})


def write_access(request: Request, ledger: Ledger = Depends(get_ledger)) -> TokenInfo:
    info = caller(request, ledger)
    if info is None:
        raise HTTPException(401, "writing needs a token with write scope: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    if info.scope != "write":
        raise HTTPException(403, f"{info.label} may only read; create one with --scope write")
    return info


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(read_access)])


@router.get("/claims", summary="Claims matching the filters, one page")
def api_claims(params: dict = Depends(claim_params), ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    query = checked_claim_query(params)
    return ql.search_claims(ledger, query).to_dict()


@router.get("/claims/count", summary="How many claims match, and the facet counts")
def api_count(params: dict = Depends(claim_params), ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    """`count` is exact up to 10,000; above, `count` is null and `more_than` is 10,000 (null too
    when counting took too long)."""
    query = checked_claim_query(params)
    facets = ql.facets(ledger, query)
    count = ql.count_claims(ledger, query)
    more = count is not None and count > ql.COUNT_CAP  # counting stops after COUNT_CAP
    return {"count": None if more else count, "more_than": ql.COUNT_CAP if more else None,
            "facets": {k: None if v is None else [{"value": a, "count": n} for a, n in v] for k, v in facets.items()}}


@router.get("/claims/{claim_id}", summary="One claim")
def api_claim(claim_id: int, ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    hit = ql.claim_by_id(ledger, claim_id)
    if hit is None:
        raise HTTPException(404, f"no claim {claim_id}")
    return hit.to_dict()


@router.get("/articles", summary="Stored articles, one page")
def api_articles(params: dict = Depends(item_params), ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    items, cursor = ql.list_articles(ledger, checked_item_query(params))
    return {"items": items, "next_cursor": cursor}


@router.get("/articles/{article_id:path}", summary="One article: text, claims, quantities, times, links")
def api_article(article_id: str, ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    view = ql.article_view(ledger, article_id)
    if view is None:
        raise HTTPException(404, f"no article {article_id!r}")
    out = view.to_dict()
    out["links"] = ql.article_links(ledger, view) if ql.linking_available(ledger) else None
    return out


@router.get("/quantities", summary="Stored quantities, one page")
def api_quantities(params: dict = Depends(item_params), thing: str | None = None,
                   ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    items, cursor = ql.list_items(ledger, "quantities", checked_item_query(params, thing=thing))
    return {"items": items, "next_cursor": cursor}


@router.get("/times", summary="Stored time expressions, one page")
def api_times(params: dict = Depends(item_params), type: str | None = None,  # noqa: A002
              ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    items, cursor = ql.list_items(ledger, "times", checked_item_query(params, type=type))
    return {"items": items, "next_cursor": cursor}


@router.get("/stats", summary="Counts of what the ledger holds")
def api_stats(ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    return {**ledger.stats(), "linking": ql.linking_available(ledger)}


@router.get("/stories", summary="Stories (needs linking)")
def api_stories(ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    return {"items": ql.list_stories(ledger)}


@router.get("/stories/{story_id}", summary="One story: articles, claims, series, contradictions")
def api_story(story_id: int, cursor: str | None = None, articles_from: int = 0,
              ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    """`article_rows` is a page of the timeline (next page: `articles_next`); `claims` a page of
    its claims by date (next page: `claims_next_cursor` as `cursor`)."""
    story = ql.story_view(ledger, story_id, cursor=cursor or None, articles_from=articles_from)
    if story is None:
        raise HTTPException(404, f"no story {story_id}")
    story["claims"] = [c.to_dict() for c in story["claims"]]
    return story


@router.get("/entities", summary="Entities with aliases and counts (needs linking)")
def api_entities(type: str | None = None, ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:  # noqa: A002
    return {"items": ql.list_entities(ledger, type=type)}


@router.get("/entities/{ref:path}", summary="What an entity said, passed on, and what was said about it")
def api_entity(ref: str, ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    return ql.entity_view(ledger, ref)


@router.get("/estimates", summary="Estimate series and their points (needs linking)")
def api_estimates(measure: str | None = None, story: int | None = None,
                  ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    return {"items": ql.estimate_series(ledger, measure=measure, story=story)}


@router.get("/contradictions", summary="Typed pairs of claims that disagree (needs linking)")
def api_contradictions(type: str | None = None, ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:  # noqa: A002
    return {"items": ql.list_contradictions(ledger, type=type)}


ARTICLE_EXAMPLE = {"id": "harbour-0412", "text": "The port authority said on Monday that 40 ships were waiting.",
                   "date": "2025-04-12", "title": "Ships wait off the harbour", "publisher": "Harbour Wire"}


@router.post("/articles", summary="Ingest articles (write token needed)", status_code=200)
def api_post_articles(
    request: Request,
    body: Any = Body(..., examples=[ARTICLE_EXAMPLE, [ARTICLE_EXAMPLE]]),
    token: TokenInfo = Depends(write_access),
    ledger: Ledger = Depends(get_ledger),
) -> JSONResponse:
    """One article object or a list of them, as JSON Lines input takes them: `text` is
    required; `id`, `date` (YYYY-MM-DD), `title`, `url`, `publisher` are optional. Each one is
    extracted and stored (or skipped when its text is stored already); every write is recorded
    with the token and the time."""
    from claimledger.ingest import ingest
    from claimledger.readers import Article, ReadOptions
    from claimledger.readers.jsonl import reader

    items = body if isinstance(body, list) else [body]
    if not items or len(items) > MAX_POST_ARTICLES:
        raise UsageError(f"post 1 to {MAX_POST_ARTICLES} articles at a time")
    lines = b"".join(json.dumps(x).encode("utf-8") + b"\n" for x in items)
    read = list(reader.read("api.jsonl", io.BytesIO(lines), ReadOptions()))
    articles = [a for a in read if isinstance(a, Article)]
    before = ledger.contains(a.content_hash for a in articles)
    with request.app.state.write_lock:
        summary = ingest(read, ledger, extractor(request)) if read else None
    after = ledger.contains(a.content_hash for a in articles)
    results = []
    rejected = {r.origin: r for r in (summary.rejected if summary else [])}
    for n, item in enumerate(read, start=1):
        if isinstance(item, Article):
            h = item.content_hash
            result = "skipped" if h in before else ("inserted" if h in after else "rejected")
            if result == "rejected" and item.origin in rejected:
                result = f"rejected: {rejected[item.origin].problem}"
            results.append({"id": item.id, "result": result})
        else:
            results.append({"id": None, "result": f"rejected: {item.problem} ({item.fix})", "line": n})
        record_write(ledger, token.label, "ingest", results[-1]["id"], results[-1]["result"])
    status = 200 if all(not r["result"].startswith("rejected") for r in results) else 422
    return JSONResponse({"results": results, "token": token.label,
                         "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, status_code=status)


@router.get("/writes", summary="The log of API writes (write token needed)")
def api_writes(token: TokenInfo = Depends(write_access), ledger: Ledger = Depends(get_ledger)) -> dict[str, Any]:
    return {"items": list_writes(ledger)}


def extractor(request: Request) -> Any:
    state = request.app.state
    with state.extractor_lock:
        if state.extractor is None:
            if state.extractor_factory is not None:
                state.extractor = state.extractor_factory()
            else:
                from claimledger.extraction import Extractor

                state.extractor = Extractor()
        return state.extractor
