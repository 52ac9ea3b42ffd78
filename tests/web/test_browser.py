"""The pages in a real headless Chromium (Playwright, Debian's chromium): search, filter, open
an article, check every highlight, follow claim links both ways, check the charts, walk a
story, download a CSV. A screenshot of every page goes to build/screens/ (look at them).

Skips when Playwright or /usr/bin/chromium is missing."""

from __future__ import annotations

import csv
import io
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from hostile import records
from test_pages import PAIRS, POINTS, STORY

from claimledger import query
from claimledger.ledger import Ledger
from claimledger.web import create_app

CHROMIUM = "/usr/bin/chromium"
SCREENS = Path(os.environ.get("CLAIMLEDGER_SCREENS", Path(__file__).resolve().parents[2] / "build" / "screens"))

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fake_linking():
    """Linked views fed with data in the linking stage's shapes (see test_pages)."""
    mp = pytest.MonkeyPatch()
    series = [{"series": 1, "story": 7, "measure": "ships", "thing": "ships", "points": POINTS},
              {"series": 2, "story": 7, "measure": "homes", "thing": "homes", "points": POINTS[:2]}]
    mp.setattr(query, "linking_available", lambda ledger: True)
    mp.setattr(query, "list_stories", lambda ledger: [STORY])
    mp.setattr(query, "estimate_series", lambda ledger, measure=None, story=None: series)
    mp.setattr(query, "list_contradictions", lambda ledger, type=None, story=None: PAIRS)
    mp.setattr(query, "claim_support", lambda ledger, ids: {i: {"articles": 2, "origins": 1} for i in ids})
    mp.setattr(query, "article_links", lambda ledger, view: {"story": 7, "wire_origin": None, "copies": []})

    def story_view(ledger, sid, **kw):  # noqa: ANN001, ANN003, ANN202
        if sid != 7:
            return None
        claims = query.search_claims(ledger, query.claim_query(limit=20)).items
        arts = {c.article_id: c for c in claims}
        rows = [{"id": a, "title": c.title, "date": c.article_date, "date_source": c.date_source,
                 "publisher": c.publisher, "claims": 1, "story": 7, "wire_origin": None} for a, c in arts.items()]
        return {**STORY, "articles": list(arts), "article_rows": rows, "claims": claims,
                "support": {c.id: {"articles": 1, "origins": 1} for c in claims},
                "series": series, "contradictions": PAIRS}

    mp.setattr(query, "story_view", story_view)
    yield
    mp.undo()


@pytest.fixture(scope="module")
def server(tmp_path_factory, extractor, fake_linking):  # extractor: the session's model
    from claimledger.ingest import ingest
    from claimledger.readers import read_inputs
    path = str(tmp_path_factory.mktemp("browser") / "ledger.db")
    with Ledger(path) as ledger:
        ingest(read_inputs([str(Path(__file__).resolve().parents[2] / "samples")]), ledger, extractor)
        ledger.add_many(records())
    port = _free_port()
    config = uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:")) else None)
    errors: list[str] = []
    # the error page answers 400 on purpose; anything else (CSP refusals, 404s) counts
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" and "status of 400" not in m.text else None)
    yield pg
    context.close()
    assert outside == [], f"loaded from outside the machine: {outside}"
    assert errors == [], f"console errors (CSP violations show here): {errors}"


def shot(pg, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def no_injection(pg) -> None:
    assert pg.evaluate("""() => {
        const bad = [];
        for (const el of document.querySelectorAll('*')) {
            if (el.tagName === 'SCRIPT' && el.getAttribute('src') !== '/static/app.js') bad.push('script');
            if (['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'B'].includes(el.tagName)) bad.push(el.tagName);
            for (const a of el.attributes) if (a.name.startsWith('on')) bad.push(el.tagName + '[' + a.name + ']');
        }
        return bad;
    }""") == []


def test_search_filter_and_download(page, server, tmp_path) -> None:
    page.goto(f"{server}/claims")
    shot(page, "claims")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # keyboard users skip the menu
    page.fill("#f-q", "strike")
    page.press("#f-q", "Enter")
    page.wait_for_url("**/claims?q=strike*")
    marks = page.locator("ol.claims mark")
    assert marks.count() > 0 and all(m.lower().startswith("strike") for m in marks.all_inner_texts())
    shot(page, "claims-search")
    page.click(".facets a:text-is('hedge')")
    page.wait_for_url("**stance=hedge*")
    assert "q=strike" in page.url
    stances = page.locator("ol.claims .stance").all_inner_texts()
    assert stances and set(stances) == {"hedge"}
    shot(page, "claims-facet")
    with page.expect_download() as info:
        page.click(".downloads a:text-is('CSV')")
    path = tmp_path / "claims.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    count = page.request.get(f"{server}/api/claims/count?q=strike&stance=hedge").json()["count"]
    assert len(rows) == count and {r["stance"] for r in rows} == {"hedge"}


def test_article_highlights_and_links_both_ways(page, server) -> None:
    page.goto(f"{server}/claims?article=004_port_strike")
    page.click("ol.claims .source a >> nth=0")
    page.wait_for_url("**/articles/004_port_strike*")
    shot(page, "article")
    no_injection(page)
    view = page.request.get(f"{server}/api/articles/004_port_strike").json()
    assert view["claims"]
    for c in view["claims"]:
        for k, (s, e) in enumerate(sorted(c["content"])):
            got = page.evaluate("(k) => [...document.querySelectorAll(`[data-span='${k}']`)].map(e => e.textContent).join('')",
                                f"{c['id']}-{k}")
            assert got == view["text"][s:e]
    first = view["claims"][0]["id"]
    page.click(f".claim-list a[href='#c{first}']")
    assert page.evaluate("location.hash") == f"#c{first}"
    assert page.locator(f"#c{first}").is_visible()
    page.click(f"a.to-claim[href='#claim-{first}']")
    assert page.evaluate("location.hash") == f"#claim-{first}"


def test_hostile_article_stays_text(page, server) -> None:
    page.goto(f"{server}/articles/evil%22%3E%3Cb%3Eid")
    no_injection(page)
    assert "<script>alert(4)</script>" in page.inner_text("#text")
    shot(page, "article-hostile")


def test_estimates_one_mark_per_point(page, server) -> None:
    page.goto(f"{server}/estimates")
    shot(page, "estimates")
    figures = page.locator("figure.series")
    assert figures.count() == 2
    for i in range(figures.count()):
        fig = figures.nth(i)
        assert fig.locator("svg a.point").count() == fig.locator("table tbody tr").count() > 0
    no_injection(page)


def test_walk_a_story(page, server) -> None:
    page.goto(f"{server}/stories")
    shot(page, "stories")
    page.click("a[href='/stories/7']")
    page.wait_for_url("**/stories/7")
    shot(page, "story")
    assert page.locator(".timeline li").count() > 0
    assert page.locator("figure.series svg a.point").count() == len(POINTS) * 2 - 1
    assert page.locator(".pair").count() == len(PAIRS)
    page.locator(".timeline li a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("#text .m-content").count() > 0


@pytest.mark.parametrize("name, url", [("contradictions", "/contradictions"), ("articles", "/articles"),
                                       ("docs", "/docs"), ("error", "/claims?q=%22oops")])
def test_other_pages_render(page, server, name: str, url: str) -> None:
    page.goto(f"{server}{url}")
    shot(page, name)
    no_injection(page)
