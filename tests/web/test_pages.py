"""The HTML pages: everything escaped, filters in the URL, marks that cover their text exactly,
and the linked views drawn from data in the shapes the linking stage gives."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from hostile import EVIL_NAME, EVIL_TITLE, HOSTILE_TEXT, injected

from claimledger import query
from claimledger.ledger import Ledger
from claimledger.web.markup import Span, article_html

PAGES = ["/claims", "/claims?q=flood", "/claims?stance=deny", "/articles", "/articles/evil%22%3E%3Cb%3Eid",
         "/articles/harbour", "/docs", "/claims?speaker=%3Cimg%20src%3Dx%20onerror%3Dalert(9)%3E",
         "/claims?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_hold_no_injected_element(client: TestClient, url: str) -> None:
    res = client.get(url)
    assert res.status_code in (200, 400), res.text
    assert injected(res.text) == []
    assert "<script>alert" not in res.text


def test_hostile_strings_are_shown_as_text(client: TestClient) -> None:
    page = client.get("/articles/evil%22%3E%3Cb%3Eid").text
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in page
    claims = client.get("/claims").text
    assert "&lt;img src=x onerror=alert(2)&gt;" in claims
    assert EVIL_TITLE not in claims and EVIL_NAME not in claims


def test_filters_live_in_the_url(client: TestClient) -> None:
    page = client.get("/claims", params={"stance": "assert", "limit": 1}).text
    nxt = re.search(r'href="(/claims\?[^"]*cursor=[^"]*)"', page)
    assert nxt and "stance=assert" in nxt.group(1)
    second = client.get(nxt.group(1).replace("&amp;", "&")).text
    assert "12 ships" in second
    assert 'href="/export/claims.csv?stance=assert"' in page
    # a facet link keeps the other filters and sets its own
    assert re.search(r'href="/claims\?stance=assert[^"]*date_source=warc"', page)


def test_a_bad_search_is_a_400_page(client: TestClient) -> None:
    res = client.get("/claims", params={"q": '"unclosed'})
    assert res.status_code == 400 and "quote is not closed" in res.text


def test_snippets_mark_the_matches(client: TestClient) -> None:
    page = client.get("/claims", params={"q": "flooded"}).text
    assert "<mark>flooded</mark>" in page


class Marks(HTMLParser):
    """The text inside each content mark, by data-span, and the links between list and text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.spans: dict[str, str] = {}
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"])
        self.stack.append(a.get("data-span") if "m-content" in (a.get("class") or "") else None)

    def handle_endtag(self, tag):  # noqa: ANN001, ANN201
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):  # noqa: ANN001, ANN201
        for key in {k for k in self.stack if k}:
            self.spans[key] = self.spans.get(key, "") + data


def test_article_marks_cover_exactly_each_claim(client: TestClient, db_path: str) -> None:
    page = client.get("/articles/evil%22%3E%3Cb%3Eid").text
    marks = Marks()
    marks.feed(page)
    with Ledger(db_path) as ledger:
        view = query.article_view(ledger, 'evil"><b>id')
    for c in view.claims:
        for k, (s, e) in enumerate(sorted(c.content)):
            assert marks.spans[f"{c.id}-{k}"] == view.text[s:e]
        # list -> text and text -> list
        assert f"c{c.id}" in marks.ids and f"#c{c.id}" in marks.hrefs
        assert f"claim-{c.id}" in marks.ids and f"#claim-{c.id}" in marks.hrefs
    for kind in ("m-cue", "m-source", "m-quantity", "m-time"):
        assert f'class="m {kind}"' in page
    assert "a Thursday (day unknown)" in page and "XXXX" not in page


def test_crossing_spans_are_cut_and_stay_exact() -> None:
    text = "one two three four"
    html = str(article_html(text, [Span(0, 13, "content", {"data-span": "a"}), Span(8, 18, "time", {"data-span": "t"})]))
    assert html.count('data-span="t"') == 2
    assert re.sub(r"<[^>]+>", "", html) == text


def test_crawl_dates_are_labelled(client: TestClient) -> None:
    page = client.get("/articles/harbour").text
    assert "crawled" in page and "crawl day" in page


# -- linked views, fed with data in the shapes linking gives (notes: LINKING_PLAN.md) -----

STORY = {"story": 7, "title": "Harbour strike", "articles": ["harbour", 'evil"><b>id'], "first_date": "2025-03-03",
         "last_date": "2025-04-01", "origins": 2}
POINTS = [
    {"series": 1, "story": 7, "measure": "ships", "thing": "ships", "value": 12, "low": None, "high": None,
     "qualifier": "exact", "said_on": "2025-04-01", "speaker": "port authority", "via": [], "article": "harbour",
     "claim": 3, "text": "12 ships", "origins": 1},
    {"series": 1, "story": 7, "measure": "ships", "thing": "ships", "value": None, "low": 10, "high": 20,
     "qualifier": "range", "said_on": "2025-04-03", "speaker": EVIL_NAME, "via": ["officials"], "article": "harbour",
     "claim": None, "text": "10 to 20 ships", "origins": 1},
    {"series": 1, "story": 7, "measure": "ships", "thing": "ships", "value": 30, "low": 30, "high": None,
     "qualifier": "at_least", "said_on": None, "speaker": None, "via": [], "article": "harbour",
     "claim": None, "text": "at least 30", "origins": 1},
]
PAIRS = [{"type": "denial",
          "a": {"article": "harbour", "claim": 3, "speaker": "port authority", "text": "12 ships were waiting",
                "stance": "assert", "said_on": "2025-04-01"},
          "b": {"article": 'evil"><b>id', "claim": 2, "speaker": EVIL_NAME, "text": HOSTILE_TEXT[:40],
                "stance": "deny", "said_on": "XXXX-WXX-4"}}]


@pytest.fixture
def linked(monkeypatch) -> None:
    series = [{"series": 1, "story": 7, "measure": "ships", "thing": "ships", "points": POINTS}]
    monkeypatch.setattr(query, "linking_available", lambda ledger: True)
    monkeypatch.setattr(query, "list_stories", lambda ledger: [STORY])
    monkeypatch.setattr(query, "estimate_series", lambda ledger, measure=None, story=None: series)
    monkeypatch.setattr(query, "list_contradictions", lambda ledger, type=None, story=None: PAIRS)
    monkeypatch.setattr(query, "claim_support", lambda ledger, ids: {i: {"articles": 2, "origins": 1} for i in ids})
    monkeypatch.setattr(query, "article_links", lambda ledger, view: {"story": 7, "wire_origin": None, "copies": ["harbour"]})
    monkeypatch.setattr(query, "article_links_many", lambda ledger, ids: {i: {"story": 7, "wire_origin": None} for i in ids})
    monkeypatch.setattr(query, "list_entities", lambda ledger, type=None: [
        {"entity": 4, "name": EVIL_NAME, "type": "PERSON", "aliases": ["Brand"], "mentions": 3, "claims": 1}])
    monkeypatch.setattr(query, "entity_view", lambda ledger, ref: {
        "entity": 4, "name": EVIL_NAME, "type": "PERSON", "aliases": ["Brand"],
        "said": [{"claim": 1, "article": "harbour", "said_on": "2025-03-03", "speaker": EVIL_NAME, "mention": "Brand",
                  "stance": "assert", "text": "40 homes", "role": "said"}],
        "denials": [{"claim": 2, "article": "harbour", "said_on": None, "speaker": EVIL_NAME, "mention": None,
                     "stance": "deny", "text": "no dam failed", "role": "said"}],
        "via": [], "about": []})


def test_story_page(client: TestClient, linked: None, db_path: str, monkeypatch) -> None:
    with Ledger(db_path) as ledger:
        claims = query.search_claims(ledger, query.claim_query()).items
    series = query.estimate_series(None)
    rows = [{"id": "harbour", "title": "Ships wait", "date": "2025-04-01", "date_source": "warc",
             "publisher": "Harbour Wire", "claims": 2, "story": 7, "wire_origin": None},
            {"id": 'evil"><b>id', "title": EVIL_TITLE, "date": "2025-03-03", "date_source": "header",
             "publisher": None, "claims": 2, "story": 7, "wire_origin": "harbour"}]
    monkeypatch.setattr(query, "story_view", lambda ledger, sid, **kw: None if sid != 7 else {
        **STORY, "article_rows": rows, "claims": claims, "support": {c.id: {"articles": 2, "origins": 1} for c in claims},
        "series": series, "contradictions": PAIRS})
    page = client.get("/stories/7").text
    assert injected(page) == []
    assert len(re.findall(r'<a class="point"', page)) == len(POINTS)
    assert "wire copy of harbour" in page and "1 independent origin (2 articles)" in page
    assert page.index("h-timeline") < page.index("h-estimates") < page.index("h-contra") < page.index("h-claims")
    assert client.get("/stories/8").status_code == 404
    stories = client.get("/stories").text
    assert "Harbour strike" in stories and 'href="/stories/7"' in stories


def test_estimates_chart_has_one_mark_per_point(client: TestClient, linked: None) -> None:
    page = client.get("/estimates").text
    assert len(re.findall(r'<a class="point"', page)) == len(POINTS)
    assert page.count("<tr>") == len(POINTS) + 1
    assert injected(page) == []
    assert 'href="/articles/harbour#c3"' in page


def test_contradictions_entities_entity(client: TestClient, linked: None) -> None:
    for url in ("/contradictions", "/entities", "/entities/4"):
        res = client.get(url)
        assert res.status_code == 200 and injected(res.text) == [], url
    assert "Denials" in client.get("/entities/4").text
    assert "a Thursday (day unknown)" in client.get("/contradictions").text


def test_linked_pages_without_linking_say_so(client: TestClient, monkeypatch) -> None:
    def unavailable(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise query.LinkingUnavailable("linking not available: no linking stage")

    for name in ("list_stories", "story_view", "list_entities", "entity_view", "estimate_series", "list_contradictions"):
        monkeypatch.setattr(query, name, unavailable)
    for url in ("/stories", "/stories/1", "/entities", "/entities/x", "/estimates", "/contradictions"):
        res = client.get(url)
        assert res.status_code == 200 and "Linking not available" in res.text, url
