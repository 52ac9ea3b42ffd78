"""Every API endpoint: filters, pagination, auth rules, errors (FastAPI's TestClient)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from claimledger.ledger import Ledger
from claimledger.web import create_app
from claimledger.web.tokens import create_token, revoke_token

CLAIMS = [
    ({}, ["40 homes were flooded", 'the "dam"', "12 ships", "the strike would go on"]),
    ({"q": "flood"}, ["40 homes were flooded"]),
    ({"q": '"strike would"'}, ["the strike would go on"]),
    ({"q": "ships OR strike", "sort": "date"}, ["12 ships", "the strike would go on"]),
    ({"stance": "deny"}, ['the "dam"']),
    ({"speaker": "brand"}, ["40 homes were flooded"]),
    ({"entity": "officials"}, ['the "dam"']),
    ({"date_source": "warc"}, ["12 ships", "the strike would go on"]),
    ({"date_source": "published"}, ["40 homes were flooded", 'the "dam"']),
    ({"publisher": "Harbour Wire"}, ["12 ships", "the strike would go on"]),
    ({"has_number": "true"}, ["40 homes were flooded", "12 ships"]),
    ({"said_since": "2025-03-04"}, ["12 ships", "the strike would go on"]),
    ({"date_until": "2025-03-31"}, ["40 homes were flooded", 'the "dam"']),
    ({"sort": "-date", "kind": "indirect"}, ["the strike would go on", "12 ships", 'the "dam"', "40 homes were flooded"]),
    ({"article": "harbour", "stance": "hedge"}, ["the strike would go on"]),
]


@pytest.mark.parametrize(("params", "starts"), CLAIMS)
def test_claims_filters(client: TestClient, params: dict, starts: list[str]) -> None:
    res = client.get("/api/claims", params=params)
    assert res.status_code == 200, res.text
    texts = [c["text"] for c in res.json()["items"]]
    assert len(texts) == len(starts) and all(t.startswith(s) for t, s in zip(texts, starts, strict=True)), texts


def test_claims_pages_with_cursor(client: TestClient) -> None:
    seen, cursor = [], None
    while True:
        body = client.get("/api/claims", params={"limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        seen += [c["id"] for c in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 4


def test_claim_carries_provenance_and_snippet(client: TestClient) -> None:
    (item,) = client.get("/api/claims", params={"q": "strike"}).json()["items"]
    assert item["snippet"]["marks"] and item["publisher"] == "Harbour Wire" and item["date_source"] == "warc"
    s, e = item["snippet"]["marks"][0]
    assert item["snippet"]["text"][s:e].lower() == "strike"
    one = client.get(f"/api/claims/{item['id']}").json()
    assert one["text"] == item["text"] and one["cue_text"] == "said"


@pytest.mark.parametrize(("url", "message"), [
    ("/api/claims?q=%22unclosed", "quote is not closed"),
    ("/api/claims?q=OR", "OR needs a word"),
    ("/api/claims?said_since=2025-3-1", "YYYY-MM-DD"),
    ("/api/claims?stance=maybe", "expected one of assert"),
    ("/api/claims?limit=5000", "from 1 to 1000"),
    ("/api/claims?cursor=nonsense", "not a cursor"),
    ("/api/claims?since=2025-01-01", "unknown parameter 'since'"),
    ("/api/claims?sort=relevance", "needs a search text"),
    ("/api/claims/count?has_number=maybe", "true or false"),
    ("/api/claims/abc", "valid integer"),
    ("/api/quantities?date_since=soon", "YYYY-MM-DD"),
    ("/api/times?type=era", "expected one of date"),
    ("/export/claims.csv?q=%22x", "quote is not closed"),
])
def test_bad_values_are_400_with_a_message(client: TestClient, url: str, message: str) -> None:
    res = client.get(url)
    assert res.status_code == 400, res.text
    assert message in res.json()["error"]


@pytest.mark.parametrize("url", ["/api/claims/999", "/api/articles/nope", "/export/nothing.csv", "/export/claims.xml"])
def test_missing_things_are_404(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_count_and_facets(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimledger.query as ql

    body = client.get("/api/claims/count", params={"publisher": "Harbour Wire"}).json()
    assert body["count"] == 2 and body["more_than"] is None
    monkeypatch.setattr(ql, "COUNT_CAP", 1)
    capped = client.get("/api/claims/count", params={"publisher": "Harbour Wire"}).json()
    assert capped["count"] is None and capped["more_than"] == 1
    assert "More than 1 claims" in client.get("/claims", params={"publisher": "Harbour Wire"}).text
    monkeypatch.undo()
    assert {f["value"]: f["count"] for f in body["facets"]["stance"]} == {"assert": 1, "hedge": 1}


def test_articles_list_page_and_view(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = client.get("/api/articles", params={"limit": 1, "cursor": first["next_cursor"]}).json()
    assert second["items"][0]["article_id"] == "harbour" and second["next_cursor"] is None
    view = client.get("/api/articles/harbour").json()
    assert view["date_source"] == "warc" and "crawled" in view["date_readable"]
    assert [c["speaker"] for c in view["claims"]] == ["port authority", "Dockers"]
    assert view["quantities"][0]["text"] == "12 ships"
    # stored without linking: no story, no copies (None when the linking stage is absent)
    assert view["links"] in (None, {"story": None, "wire_origin": None, "copies": []})


def test_quantities_times_stats(client: TestClient) -> None:
    q = client.get("/api/quantities", params={"thing": "ships"}).json()["items"]
    assert [x["text"] for x in q] == ["12 ships"]
    t = client.get("/api/times").json()["items"]
    assert t[0]["readable"] == "2025-03-03"
    stats = client.get("/api/stats").json()
    assert stats["claims"] == 4 and stats["articles"] == 2


def test_exports_stream_the_whole_filtered_list(client: TestClient) -> None:
    res = client.get("/export/claims.csv", params={"publisher": "Harbour Wire", "limit": 1})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert len(rows) == 2 and {r["publisher"] for r in rows} == {"Harbour Wire"}
    assert {"title", "url", "date_source", "article_date"} <= set(rows[0])
    lines = client.get("/export/claims.jsonl").text.splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["title"]
    for table in ("quantities", "times", "articles"):
        assert client.get(f"/export/{table}.csv").status_code == 200


def test_linked_endpoints_say_linking_is_missing(client: TestClient, monkeypatch) -> None:
    from claimledger import query

    monkeypatch.setattr(query, "_linking", _no_linking)
    for url in ("/api/stories", "/api/stories/1", "/api/entities", "/api/entities/x", "/api/estimates",
                "/api/contradictions", "/export/stories.csv"):
        res = client.get(url)
        assert res.status_code == 400 and "linking not available" in res.json()["error"], url


def _no_linking(ledger, table="stories"):  # noqa: ANN001, ANN202
    from claimledger.query import LinkingUnavailable

    raise LinkingUnavailable("linking not available: this claimledger has no linking stage")


def test_openapi_and_local_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/claims", "/api/articles", "/api/articles/{article_id}"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/claims"]["get"]["parameters"]}
    assert {"q", "speaker", "entity", "stance", "kind", "said_since", "date_source", "has_number", "cursor"} <= params
    docs = client.get("/docs").text
    assert "/api/claims" in docs and "cdn" not in docs.lower() and "https://" not in docs


def test_security_headers(client: TestClient) -> None:
    for url in ("/claims", "/api/claims", "/articles/harbour"):
        csp = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp


# -- writes and tokens ----------------------------------------------------------------------

NEW = {"id": "posted-1", "text": "The council said on Tuesday that 7 bridges were closed.", "date": "2025-05-06",
       "title": "Bridges shut", "publisher": "Town Crier"}


@pytest.fixture
def writer(db_path, extractor) -> TestClient:  # extractor: the session's model
    with TestClient(create_app(db_path, write_token="s3cret", extractor_factory=lambda: extractor)) as c:
        yield c


def test_read_only_without_a_token(client: TestClient) -> None:
    res = client.post("/api/articles", json=NEW)
    assert res.status_code == 401 and "write scope" in res.json()["error"]
    assert res.headers["www-authenticate"] == "Bearer"


def test_write_token_posts_and_every_write_is_recorded(writer: TestClient, db_path: str) -> None:
    assert writer.post("/api/articles", json=NEW, headers={"Authorization": "Bearer wrong"}).status_code == 401
    res = writer.post("/api/articles", json=NEW, headers={"Authorization": "Bearer s3cret"})
    assert res.status_code == 200, res.text
    assert res.json()["results"] == [{"id": "posted-1", "result": "inserted"}]
    again = writer.post("/api/articles", json=[NEW], headers={"Authorization": "Bearer s3cret"}).json()
    assert again["results"] == [{"id": "posted-1", "result": "skipped"}]
    assert writer.get("/api/claims", params={"article": "posted-1"}).json()["items"]
    log = writer.get("/api/writes", headers={"Authorization": "Bearer s3cret"}).json()["items"]
    assert [(w["token"], w["article"], w["result"]) for w in log] == [
        ("serve --write-token", "posted-1", "skipped"), ("serve --write-token", "posted-1", "inserted")]
    assert all(w["at"] for w in log)


def test_bad_articles_are_rejected_not_crashes(writer: TestClient) -> None:
    res = writer.post("/api/articles", json=[{"text": ""}, {"id": "d", "text": "Police said so.", "date": "2025-3-1"}],
                      headers={"Authorization": "Bearer s3cret"})
    assert res.status_code == 422
    assert all(r["result"].startswith("rejected") for r in res.json()["results"])
    assert writer.post("/api/articles", json=[], headers={"Authorization": "Bearer s3cret"}).status_code == 400


def test_created_tokens_are_scoped_and_revocable(db_path: str, extractor) -> None:
    with Ledger(db_path) as ledger:
        read_secret, _ = create_token(ledger, "reader", "read")
        write_secret, write_info = create_token(ledger, "bot", "write")
    with TestClient(create_app(db_path, private=True, extractor_factory=lambda: extractor)) as c:
        assert c.get("/api/claims").status_code == 401
        assert c.get("/export/claims.csv").status_code == 401
        assert c.get("/api/claims", headers={"Authorization": f"Bearer {read_secret}"}).status_code == 200
        res = c.post("/api/articles", json=NEW, headers={"Authorization": f"Bearer {read_secret}"})
        assert res.status_code == 403 and "may only read" in res.json()["error"]
        res = c.post("/api/articles", json=NEW, headers={"Authorization": f"Bearer {write_secret}"})
        assert res.status_code == 200 and res.json()["token"] == "token 2 (bot)"
        with Ledger(db_path) as ledger:
            revoke_token(ledger, write_info.id)
        assert c.post("/api/articles", json=NEW, headers={"Authorization": f"Bearer {write_secret}"}).status_code == 401


def test_token_commands(db_path: str) -> None:
    from click.testing import CliRunner

    from claimledger.cli import main

    runner = CliRunner()
    res = runner.invoke(main, ["token", "create", "--db", db_path, "--name", "bot", "--scope", "write"])
    assert res.exit_code == 0 and res.stdout.startswith("clt_")
    listed = runner.invoke(main, ["token", "list", "--db", db_path]).stdout
    assert "bot\twrite" in listed and res.stdout.strip() not in listed
    assert runner.invoke(main, ["token", "revoke", "1", "--db", db_path]).exit_code == 0
    assert "revoked" in runner.invoke(main, ["token", "list", "--db", db_path]).stdout
    assert runner.invoke(main, ["token", "revoke", "9", "--db", db_path]).exit_code == 2
    assert runner.invoke(main, ["serve", "--db", db_path + ".missing"]).exit_code == 2


def test_each_thread_uses_its_own_connection(db_path: str) -> None:
    """A route may run on another thread than its dependency: the ledger it gets must look its
    connection up where it is used (sharing one deadlocked the server under load)."""
    import threading

    from claimledger.web.app import LedgerPool, ThreadLedger

    pool = LedgerPool(db_path)
    ledger = ThreadLedger(pool)
    stores = []
    threads = [threading.Thread(target=lambda: stores.append(ledger.store)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in stores}) == 3
    pool.close()


def test_concurrent_requests_finish(client: TestClient) -> None:
    import threading

    errors: list[str] = []

    def hammer(k: int) -> None:
        for i in range(15):
            url = ["/claims?q=ships", "/api/claims/count?q=strike", "/articles/harbour", "/api/claims?stance=deny"][(k + i) % 4]
            res = client.get(url)
            if res.status_code != 200:
                errors.append(f"{url}: {res.status_code}")

    threads = [threading.Thread(target=hammer, args=(k,), daemon=True) for k in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "requests hung (a connection shared by two threads?)"
    assert errors == []


def test_unranked_order_is_said_in_api_and_page(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimledger.query as ql

    assert client.get("/api/claims", params={"q": "strike"}).json()["ranked"] is True
    monkeypatch.setattr(ql, "RANK_CANDIDATES", 1)
    body = client.get("/api/claims", params={"q": "strike OR ships"}).json()
    assert body["ranked"] is False and body["ranked_among"] == 1 and "newest first" in body["order_note"]
    page = client.get("/claims", params={"q": "strike OR ships"}).text
    assert "Order approximate" in page and "newest first" in page


def test_posted_texts_pass_the_readers_checks(writer: TestClient) -> None:
    """Posted articles are checked as files are: a NUL, a lone surrogate or an invisible-only
    text is one rejection naming the problem; the good article of the same post is stored."""
    posted = [{"id": "nul", "text": "The mayor said\u0000 the bridge was shut."},
              {"id": "lone", "text": "The mayor said \ud800 the bridge was shut."},
              {"id": "blank", "text": "\u200b\u200b \n"},
              dict(NEW, id="fine")]
    body = json.dumps(posted).encode("ascii")  # \u escapes: the JSON itself is valid
    res = writer.post("/api/articles", content=body, headers={"Authorization": "Bearer s3cret",
                                                              "Content-Type": "application/json"})
    results = {r["id"]: r["result"] for r in res.json()["results"]}
    assert results["fine"] == "inserted", res.text
    assert "NUL" in results["nul"] and "lone surrogate" in results["lone"] and "no text" in results["blank"]
