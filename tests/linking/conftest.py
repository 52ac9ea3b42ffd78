"""Linking fixtures: the storage suite's `ledger_url` (SQLite and PostgreSQL). Records written
by hand (so that linking is tested without parsing) are made with `linkrecords.record`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "ledger_conftest", Path(__file__).resolve().parent.parent / "ledger" / "conftest.py")
_ledger_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ledger_conftest)
ledger_url = _ledger_conftest.ledger_url
pg_url = _ledger_conftest.pg_url
