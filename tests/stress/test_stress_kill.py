"""kill -9 in the middle of an ingest: of the local engine, of the Dask client, of one Dask
worker, and of the PostgreSQL server. After each, running the same command again completes,
stores nothing twice and keeps every record stored before the kill."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from faults import (
    Child,
    assert_complete,
    assert_ended_cleanly,
    assert_rerun_completes,
    descendants,
    ingest_cmd,
    stored,
    stored_count,
    write_corpus,
)

pytestmark = pytest.mark.stress

N = 160
IDS = [f"wire-{i:04d}" for i in range(N)]


def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "wire.jsonl", range(N))


def kill_when_stored(child: Child, db: str, at: int, victim: int | None = None) -> None:
    """SIGKILL `victim` (default: the ingest itself) once `at` articles are stored."""
    assert child.wait_until(lambda: stored_count(db) >= at), (
        f"the ingest ended before {at} articles were stored: {child.finish()}")
    os.kill(victim or child.pid, signal.SIGKILL)


@pytest.mark.parametrize("at", [4, 40, 120])
def test_kill_9_local_ingest(tmp_path: Path, at: int) -> None:
    db, src = str(tmp_path / "ledger.db"), corpus(tmp_path)
    child = Child(ingest_cmd(src, db), tmp_path / "run1.log")
    kill_when_stored(child, db, at)
    assert child.finish().returncode == -signal.SIGKILL
    before = stored(db)
    assert at <= len(before) < N
    assert_rerun_completes(src, db, before, IDS)


@pytest.mark.parametrize("at", [8, 60])
def test_kill_9_dask_client(tmp_path: Path, at: int) -> None:
    pytest.importorskip("distributed")
    db, src = str(tmp_path / "ledger.db"), corpus(tmp_path)
    child = Child(ingest_cmd(src, db, "dask"), tmp_path / "run1.log")
    kill_when_stored(child, db, at)
    assert child.finish().returncode == -signal.SIGKILL  # and its orphaned workers are reaped
    before = stored(db)
    assert at <= len(before) < N
    assert_rerun_completes(src, db, before, IDS, engine="dask")


def worker_processes(pid: int) -> list:
    """The Dask worker processes of the ingest `pid`: spawned by its nannies, which run in
    the ingest process (not the time-budget children each worker forks)."""
    import psutil

    out = []
    for p in descendants(pid):
        try:
            if p.ppid() == pid and "spawn_main" in " ".join(p.cmdline()):
                out.append(p)
        except psutil.Error:  # gone meanwhile
            pass
    return out


@pytest.mark.parametrize("at", [8, 60])
def test_kill_9_dask_worker(tmp_path: Path, at: int) -> None:
    pytest.importorskip("distributed")
    db, src = str(tmp_path / "ledger.db"), corpus(tmp_path)
    child = Child(ingest_cmd(src, db, "dask"), tmp_path / "run1.log")
    assert child.wait_until(lambda: stored_count(db) >= at and worker_processes(child.pid)), (
        f"the ingest ended before {at} articles were stored: {child.finish()}")
    victim = max(worker_processes(child.pid), key=lambda p: p.memory_info().rss)
    victim.send_signal(signal.SIGKILL)
    first = child.finish()
    # the cluster replaces the worker and runs its partition again, or the run stops cleanly
    assert_ended_cleanly(first)
    before = stored(db)
    if first.returncode == 0:
        assert_complete(db, before, IDS)
    assert_rerun_completes(src, db, before, IDS, engine="dask")


@pytest.mark.parametrize("at", [4, 60])
def test_kill_9_postgres_server(tmp_path: Path, pg_server, at: int) -> None:  # noqa: ANN001
    db, src = pg_server.new_database(), corpus(tmp_path)
    child = Child(ingest_cmd(src, db), tmp_path / "run1.log")
    assert child.wait_until(lambda: stored_count(db) >= at), (
        f"the ingest ended before {at} articles were stored: {child.finish()}")
    pg_server.kill_9()
    time.sleep(2)  # down for a while, then back (with crash recovery)
    pg_server.restart()
    first = child.finish()
    # it reconnected and finished, or it stopped with one clean error line
    assert_ended_cleanly(first)
    before = stored(db)
    assert len(before) >= at
    if first.returncode == 0:
        assert_complete(db, before, IDS)
    assert_rerun_completes(src, db, before, IDS)
