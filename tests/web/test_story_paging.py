"""The story page on a synthetic linked ledger (benchmarks/synthetic_ledger.py, small): its
timeline and its claims come a page at a time, and walking the pages gives each article and
each claim of the story once, in order. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimledger import query
from claimledger.ledger import Ledger
from claimledger.web import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from synthetic_ledger import build  # noqa: E402


@pytest.fixture
def synthetic(ledger_url: str) -> str:
    build(ledger_url, 3000, progress=False)
    return ledger_url


def _largest_story(location: str) -> tuple[int, list[str], list[int]]:
    """The story with most articles: its id, article ids (by date) and claim ids (by date)."""
    with Ledger(location) as ledger:
        stories = query.list_stories(ledger)
        story = max(stories, key=lambda s: (len(s["articles"]), -s["story"]))
        claims = [h.id for h in query.iter_claims(ledger, query.claim_query(story=str(story["story"])))]
    return story["story"], story["articles"], claims


def test_story_pages_walk_every_article_and_claim_once(synthetic: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query, "STORY_ARTICLES_PAGE", 4)
    monkeypatch.setattr(query, "STORY_CLAIMS_PAGE", 7)
    sid, articles, claims = _largest_story(synthetic)
    assert len(articles) > 4 and len(claims) == 10 * len(articles)
    with TestClient(create_app(synthetic)) as client:
        seen_articles, start = [], 0
        while start is not None:
            body = client.get(f"/api/stories/{sid}", params={"articles_from": start}).json()
            assert len(body["article_rows"]) <= 4 and body["articles"] == articles
            seen_articles += [a["id"] for a in body["article_rows"]]
            start = body["articles_next"]
        assert seen_articles == articles
        seen_claims, cursor = [], None
        while True:
            body = client.get(f"/api/stories/{sid}", params={"cursor": cursor} if cursor else {}).json()
            assert len(body["claims"]) <= 7
            seen_claims += [c["id"] for c in body["claims"]]
            assert all(body["support"][str(c["id"])]["origins"] >= 1 for c in body["claims"])
            cursor = body["claims_next_cursor"]
            if not cursor:
                break
        assert seen_claims == claims
        page = client.get(f"/stories/{sid}").text
        assert f"{len(articles)} articles" in page
        assert f'href="/stories/{sid}?articles_from=4"' in page and "Later claims" in page
        assert client.get("/stories/999999").status_code == 404


def test_story_claims_are_read_through_the_story_index(synthetic: str) -> None:
    """SQLite: the story filter starts from story_articles (its index), not from every claim."""
    if not synthetic.endswith(".db"):
        pytest.skip("SQLite query plan")
    sid, _, _ = _largest_story(synthetic)
    with Ledger(synthetic) as ledger:
        sql = query._Sql(ledger)
        plan = query._plan(sql, query.claim_query(story=str(sid)))
        text = (f"SELECT c.id FROM claims c {' '.join(plan.joins)} WHERE {' AND '.join(plan.where)}"
                " AND c.day IS NOT NULL ORDER BY c.day, c.id LIMIT 51")
        steps = " | ".join(r[3] for r in ledger.store.conn.execute("EXPLAIN QUERY PLAN " + text, plan.args))
    assert "story_articles_story" in steps, steps
