"""The SQLite ledger is an open file: Datasette opens it and its full-text search works."""

from __future__ import annotations

import asyncio

import pytest
from test_query import corpus

from claimledger.ledger import Ledger

datasette_app = pytest.importorskip("datasette.app")


def test_datasette_searches_claims_with_the_stemmed_index(tmp_path) -> None:
    path = tmp_path / "ledger.db"
    with Ledger(str(path)) as ledger:
        ledger.add_many(corpus())

    async def look() -> tuple[dict, dict]:
        ds = datasette_app.Datasette([str(path)])
        search = await ds.client.get("/ledger/claims.json?_search=harass&_shape=objects")
        tables = await ds.client.get("/ledger.json")
        return search.json(), tables.json()

    search, tables = asyncio.run(look())
    assert sorted(r["text"] for r in search["rows"]) == [
        "Workers complained of harassment by managers", "they were harassed by looters"]
    claims = next(t for t in tables["tables"] if t["name"] == "claims")
    assert claims["fts_table"] == "claims_search"
