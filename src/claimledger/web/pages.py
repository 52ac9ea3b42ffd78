"""The HTML pages: claims search, articles, and the linked views (stories, entities,
estimates, contradictions). Every filter lives in the URL, so a view can be shared."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from claimledger import query as ql
from claimledger.ledger import Ledger
from claimledger.web.app import get_ledger, render
from claimledger.web.charts import series_svg, source_of
from claimledger.web.markup import Span, article_html
from claimledger.web.params import (
    checked_claim_query,
    checked_item_query,
    claim_params,
    item_params,
)

router = APIRouter(include_in_schema=False)

FILTER_LABELS = {
    "q": "search", "speaker": "speaker", "entity": "entity", "stance": "stance", "kind": "kind",
    "said_since": "said since", "said_until": "said until", "date_since": "article since",
    "date_until": "article until", "date_source": "date source", "publisher": "publisher",
    "story": "story", "has_number": "has a number", "article": "article",
}


def url(path: str, params: dict[str, str]) -> str:
    return path + ("?" + urlencode(params) if params else "")


@router.get("/", response_class=HTMLResponse)
def home() -> RedirectResponse:
    return RedirectResponse("/claims", status_code=307)


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request, params: dict = Depends(claim_params),
                ledger: Ledger = Depends(get_ledger)) -> HTMLResponse:
    query = checked_claim_query(params)
    page = ql.search_claims(ledger, query)
    facets = ql.facets(ledger, query)
    count = ql.count_claims(ledger, query)
    base = query.params(cursor=None)
    active = [(FILTER_LABELS[k], v, url("/claims", {x: y for x, y in base.items() if x != k}))
              for k, v in base.items() if k in FILTER_LABELS]
    facet_links = {
        name: None if values is None else [
            (value, n, url("/claims", {**{x: y for x, y in base.items() if x != name}, name: value}),
             base.get(name) == value)
            for value, n in values
        ]
        for name, values in facets.items()
    }
    return render(
        request, "claims.html", query=query, page=page, count=count, count_cap=ql.COUNT_CAP,
        facets=facet_links, active=active,
        next_url=url("/claims", query.params(cursor=page.next_cursor)) if page.next_cursor else None,
        first_url=url("/claims", base) if query.cursor else None,
        csv_url=url("/export/claims.csv", query.params(cursor=None, limit=ql.DEFAULT_LIMIT)),
        jsonl_url=url("/export/claims.jsonl", query.params(cursor=None, limit=ql.DEFAULT_LIMIT)),
        api_url=url("/api/claims", query.params()),
        stances=ql.STANCES, kinds=ql.KINDS, date_sources=ql.DATE_SOURCES,
        filtered=any(k not in ("q", "sort", "limit") for k in base), explicit_sort="sort" in params,
        readable=ql.readable_when, linking=ql.linking_available(ledger),
    )


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, params: dict = Depends(item_params),
                  ledger: Ledger = Depends(get_ledger)) -> HTMLResponse:
    query = checked_item_query(params)
    items, cursor = ql.list_articles(ledger, query)
    base = {k: v for k, v in params.items() if k != "cursor"}
    return render(request, "articles.html", items=items,
                  next_url=url("/articles", {**base, "cursor": cursor}) if cursor else None,
                  csv_url=url("/export/articles.csv", base), jsonl_url=url("/export/articles.jsonl", base),
                  readable_date=ql.readable_article_date, linking=ql.linking_available(ledger))


def article_spans(view: ql.ArticleView) -> list[Span]:
    """What to mark on the text: each claim's content (linked to its list entry), cue and
    source; every quantity and time."""
    spans: list[Span] = []
    for n, c in enumerate(view.claims, start=1):
        label = f"claim {n}: {c.speaker or 'unknown speaker'}, {c.stance}"
        for k, (s, e) in enumerate(sorted(c.content)):
            attrs = {"data-claim": str(c.id), "data-span": f"{c.id}-{k}", "title": label,
                     "data-stance": c.stance}
            before = ""
            if k == 0:
                attrs["id"] = f"c{c.id}"
                # the number is drawn by CSS (attr), so the article's text stays exactly the text
                before = (f'<a class="to-claim" href="#claim-{c.id}" data-n="{n}" '
                          f'aria-label="to claim {n} in the list"></a>')
            spans.append(Span(s, e, "content", attrs, before))
        for s, e in c.cue:
            spans.append(Span(s, e, "cue", {"data-claim": str(c.id), "title": f"cue of claim {n}"}))
        for s, e in c.source:
            spans.append(Span(s, e, "source", {"data-claim": str(c.id), "title": f"source of claim {n}"}))
    for q in view.quantities:
        value = q["value"] if q["value"] is not None else f"{q['low']}–{q['high']}"
        spans.append(Span(q["start"], q["end"], "quantity",
                          {"title": f"quantity: {value} {q['thing'] or ''} ({q['qualifier']})".strip()}))
    for t in view.times:
        spans.append(Span(t["start"], t["end"], "time", {"title": f"{t['type'].lower()}: {t['readable']}"}))
    return spans


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, ledger: Ledger = Depends(get_ledger)) -> HTMLResponse:
    view = ql.article_view(ledger, article_id)
    if view is None:
        raise HTTPException(404, f"no article {article_id!r}; find one on the claims page")
    linking = ql.linking_available(ledger)
    links = ql.article_links(ledger, view) if linking else None
    support = ql.claim_support(ledger, [c.id for c in view.claims]) if linking else {}
    return render(request, "article.html", view=view, html=article_html(view.text, article_spans(view)),
                  date_text=ql.readable_article_date(view.date, view.date_source), readable=ql.readable_when,
                  links=links, support=support, linking=linking, quote=quote)


# -- linked views ---------------------------------------------------------------------------

def _linked(request: Request, ledger: Ledger, template: str, build: Any, **context: Any) -> HTMLResponse:
    """Render a linked view, or the page saying linking is not available."""
    try:
        data = build()
    except ql.LinkingUnavailable as exc:
        return request.app.state.templates.TemplateResponse(
            request, "unlinked.html", {"message": str(exc), "linking": False}, status_code=200)
    return render(request, template, linking=True, **data, **context)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, ledger: Ledger = Depends(get_ledger)) -> HTMLResponse:
    return _linked(request, ledger, "stories.html", lambda: {"stories": ql.list_stories(ledger)})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: int, cursor: str | None = None, articles_from: int = 0,
               ledger: Ledger = Depends(get_ledger)) -> HTMLResponse:
    """A story; its timeline and its claims come a page at a time (`articles_from`, `cursor`)."""
    def build() -> dict[str, Any]:
        story = ql.story_view(ledger, story_id, cursor=cursor or None, articles_from=articles_from)
        if story is None:
            raise HTTPException(404, f"no story {story_id}")
        return {"story": story, "charts": [(s, series_svg(s)) for s in story["series"]]}

    return _linked(request, ledger, "story.html", build, readable=ql.readable_when, source_of=source_of,
                   quote=quote)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, type: str | None = None,  # noqa: A002
                  ledger: Ledger = Depends(get_ledger)) -> HTMLResponse:
    return _linked(request, ledger, "entities.html",
                   lambda: {"entities": ql.list_entities(ledger, type=type or None)}, quote=quote)


@router.get("/entities/{ref:path}", response_class=HTMLResponse)
def entity_page(request: Request, ref: str, ledger: Ledger = Depends(get_ledger)) -> HTMLResponse:
    def build() -> dict[str, Any]:
        entity = ql.entity_view(ledger, ref)
        # its statements by day, undated ones last
        timeline = sorted(entity["said"] + entity["denials"], key=lambda c: (c["said_on"] is None, c["said_on"] or ""))
        return {"entity": entity, "timeline": timeline}

    return _linked(request, ledger, "entity.html", build, readable=ql.readable_when, quote=quote)


@router.get("/estimates", response_class=HTMLResponse)
def estimates_page(request: Request, measure: str | None = None, story: int | None = None,
                   ledger: Ledger = Depends(get_ledger)) -> HTMLResponse:
    def build() -> dict[str, Any]:
        series = ql.estimate_series(ledger, measure=measure or None, story=story)
        return {"charts": [(s, series_svg(s)) for s in series], "measure": measure, "story_id": story}

    return _linked(request, ledger, "estimates.html", build, source_of=source_of, quote=quote)


@router.get("/contradictions", response_class=HTMLResponse)
def contradictions_page(request: Request, type: str | None = None,  # noqa: A002
                        ledger: Ledger = Depends(get_ledger)) -> HTMLResponse:
    return _linked(request, ledger, "contradictions.html",
                   lambda: {"pairs": ql.list_contradictions(ledger, type=type or None), "type": type},
                   readable=ql.readable_when, quote=quote)


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    """The API's documentation, from its OpenAPI schema, on this server (no CDN)."""
    schema = request.app.openapi()
    routes = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [(p["name"], p.get("in"), p.get("description") or "", p.get("required", False))
                      for p in op.get("parameters", [])]
            routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                           "description": op.get("description", ""), "params": params})
    return render(request, "docs.html", routes=routes, title=schema["info"]["title"],
                  description=schema["info"].get("description", ""), linking=False)
