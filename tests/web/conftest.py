"""Fixtures of the web tests: a hostile ledger (see hostile.py) and a TestClient over the app,
on each back end: SQLite, and PostgreSQL when CLAIMLEDGER_TEST_PG_URL names a server (the
storage suite's `ledger_url`; the PostgreSQL cases skip without it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from hostile import records  # noqa: E402

from claimledger.ledger import Ledger  # noqa: E402
from claimledger.web import create_app  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "ledger_conftest", Path(__file__).resolve().parent.parent / "ledger" / "conftest.py")
_ledger_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ledger_conftest)
ledger_url = _ledger_conftest.ledger_url


@pytest.fixture
def db_path(ledger_url: str) -> str:
    """The hostile ledger's location: a SQLite file, or a PostgreSQL URL with its own schema."""
    with Ledger(ledger_url) as ledger:
        ledger.add_many(records())
    return ledger_url


@pytest.fixture
def client(db_path) -> TestClient:
    with TestClient(create_app(db_path)) as c:
        yield c
