"""The fault tests (`make stress`): kill -9, disk full, PostgreSQL restarts, concurrent
ingests. Each takes from seconds to a minute, so they are left out of the default run:
they run with `-m stress` (as tests/stress/run_stress.py does) or CLAIMLEDGER_STRESS=1."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

STRESS_ENV = "CLAIMLEDGER_STRESS"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "stress: a fault test, run by `make stress` only")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(STRESS_ENV) or "stress" in (config.getoption("markexpr") or ""):
        return
    kept = [i for i in items if i.get_closest_marker("stress") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A throwaway PostgreSQL server these tests may kill (skips without Debian's postgresql)."""
    pytest.importorskip("psycopg")
    from faults import ThrowawayPostgres

    try:
        server = ThrowawayPostgres()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"no throwaway PostgreSQL server ({exc})")
    try:
        yield server
    finally:
        server.stop()
