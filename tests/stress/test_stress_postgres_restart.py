"""A PostgreSQL restart (fast shutdown, then start) in the middle of an ingest: the ingest
reconnects and completes, or stops with one clean error line; the rerun completes with
nothing stored twice and nothing lost. The restart comes at several points, so that it hits
the stored-hash check, a batch being written, and the extraction in between."""

from __future__ import annotations

from pathlib import Path

import pytest
from faults import (
    Child,
    assert_complete,
    assert_ended_cleanly,
    assert_rerun_completes,
    ingest_cmd,
    stored,
    stored_count,
    write_corpus,
)

pytestmark = pytest.mark.stress

N = 160
IDS = [f"wire-{i:04d}" for i in range(N)]


@pytest.mark.parametrize(("at", "batch_size"), [(4, 4), (40, 4), (100, 1), (64, 32)])
def test_postgres_restart_mid_ingest(tmp_path: Path, pg_server, at: int, batch_size: int) -> None:  # noqa: ANN001
    db = pg_server.new_database()
    src = write_corpus(tmp_path / "wire.jsonl", range(N))
    child = Child(ingest_cmd(src, db, batch_size=batch_size), tmp_path / "run1.log")
    assert child.wait_until(lambda: stored_count(db) >= at), (
        f"the ingest ended before {at} articles were stored: {child.finish()}")
    pg_server.restart()
    first = child.finish()
    assert_ended_cleanly(first)
    before = stored(db)
    assert len(before) >= at
    if first.returncode == 0:
        assert_complete(db, before, IDS)  # it reconnected and finished the job
    assert_rerun_completes(src, db, before, IDS)
