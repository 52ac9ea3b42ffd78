"""Fixtures of the web tests: a hostile ledger (see hostile.py) and a TestClient over the app."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from hostile import records  # noqa: E402

from claimledger.ledger import Ledger  # noqa: E402
from claimledger.web import create_app  # noqa: E402


@pytest.fixture
def db_path(tmp_path) -> str:
    path = str(tmp_path / "web.db")
    with Ledger(path) as ledger:
        ledger.add_many(records())
    return path


@pytest.fixture
def client(db_path) -> TestClient:
    with TestClient(create_app(db_path)) as c:
        yield c


