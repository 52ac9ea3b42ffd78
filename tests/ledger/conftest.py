"""One storage suite for every back end: the `ledger_url` fixture runs each test on SQLite
and on PostgreSQL. PostgreSQL tests skip unless CLAIMLEDGER_TEST_PG_URL names a reachable
server (scripts/ci-postgres.sh starts one); each test gets its own schema there."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest

PG_ENV = "CLAIMLEDGER_TEST_PG_URL"


def pg_url() -> str | None:
    """The test server's URL when one is reachable, else None."""
    url = os.environ.get(PG_ENV)
    if not url:
        return None
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            return url
    except Exception:  # noqa: BLE001 - any failure means: no server for the tests
        return None


def with_schema(url: str, schema: str) -> str:
    """`url` with every connection's search_path set to `schema` (libpq `options`)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """A fresh, empty ledger location for each back end."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    url = pg_url()
    if url is None:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (see scripts/ci-postgres.sh)")
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
