"""The linked views over the real linking stage: runs once claimledger.linking is installed
(the query layer's adapter, query.py, calls it); skips before."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hostile import injected

from claimledger import query
from claimledger.ledger import Ledger
from claimledger.web import create_app

pytest.importorskip("claimledger.linking.queries")

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def linked_db(tmp_path_factory, extractor) -> str:  # extractor: the session's model
    from claimledger.ingest import ingest
    from claimledger.readers import ReadOptions, read_inputs

    path = str(tmp_path_factory.mktemp("linked") / "ledger.db")
    with Ledger(path) as ledger:
        ingest(read_inputs([str(SAMPLES)], ReadOptions(date="2025-06-12")), ledger, extractor)
    return path


def test_adapter_gives_the_shapes_the_pages_use(linked_db: str) -> None:
    with Ledger(linked_db) as ledger:
        if not query.linking_available(ledger):
            pytest.skip("this ingest does not link (no linking hook)")
        stories = query.list_stories(ledger)
        assert stories and {"story", "title", "articles", "first_date", "last_date", "origins"} <= set(stories[0])
        biggest = max(stories, key=lambda s: len(s["articles"]))
        view = query.story_view(ledger, biggest["story"])
        assert [a["id"] for a in view["article_rows"]] and view["claims"]
        assert {c.article_id for c in view["claims"]} <= set(biggest["articles"])
        assert all(s["origins"] >= 1 for s in view["support"].values())
        for series in query.estimate_series(ledger):
            assert series["points"] and {"value", "low", "high", "said_on", "article"} <= set(series["points"][0])
        entity = query.list_entities(ledger)[0]
        assert query.entity_view(ledger, str(entity["entity"]))["name"] == entity["name"]


def test_linked_pages_render(linked_db: str) -> None:
    with TestClient(create_app(linked_db)) as client:
        stories = client.get("/api/stories").json()["items"]
        urls = ["/stories", "/entities", "/estimates", "/contradictions",
                *(f"/stories/{s['story']}" for s in stories)]
        for url in urls:
            res = client.get(url)
            assert res.status_code == 200 and injected(res.text) == [], url
        page = client.get("/estimates").text
        series = client.get("/api/estimates").json()["items"]
        assert page.count('<a class="point"') == sum(len(s["points"]) for s in series)
