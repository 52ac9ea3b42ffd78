"""kill -9 in the middle of an ingest, run the same command again: it continues, nothing is
stored twice and nothing stored is lost. Runs on SQLite, and on PostgreSQL when
CLAIMLEDGER_TEST_PG_URL names a reachable server (scripts/ci-postgres.sh)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from claimledger.ledger import Ledger

N = 160
PLACES = ["Ostrava", "Valmora", "Kestrel Bay", "Dunmere", "Port Ilse"]
WHO = ["the transport ministry", "Mayor Ines Hallo", "the fire service", "union leader Odo Brant"]


def wire_article(i: int) -> dict:
    """A short wire-style article of our own, different for every `i`."""
    place, who = PLACES[i % 5], WHO[i % 4]
    text = (
        f"{place.upper()}, March {1 + i % 28} - {who.capitalize()} said on Tuesday that "
        f"{10 + i} families had left their homes after the river rose by {i % 7 + 1} metres. "
        f"\"We expect the water to fall by Friday,\" a spokesman told reporters in {place}. "
        f"Officials denied that the dam at {place} had been damaged (report {i})."
    )
    return {"id": f"wire-{i:04d}", "text": text, "date": f"2025-03-{1 + i % 28:02d}"}


@pytest.fixture(params=["local-sqlite", "local-postgres", "dask-sqlite"])
def run(request: pytest.FixtureRequest, tmp_path: Path):
    """(engine, ledger location) for one ingest set-up."""
    engine, backend = request.param.split("-")
    if engine == "dask":
        pytest.importorskip("distributed")
    if backend == "sqlite":
        yield engine, str(tmp_path / "resume.db")
        return
    url = os.environ.get("CLAIMLEDGER_TEST_PG_URL")
    try:
        import psycopg

        conn = psycopg.connect(url, autocommit=True, connect_timeout=3) if url else None
    except Exception:  # noqa: BLE001 - no server: skip
        conn = None
    if conn is None:
        pytest.skip("no PostgreSQL server: set CLAIMLEDGER_TEST_PG_URL (scripts/ci-postgres.sh)")
    name = "resume_" + uuid.uuid4().hex[:10]
    conn.execute(f"CREATE DATABASE {name}")
    try:
        yield engine, url.rsplit("/", 1)[0] + "/" + name
    finally:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
        conn.close()


def ingest_cmd(corpus: Path, db: str, engine: str) -> list[str]:
    cmd = [sys.executable, "-m", "claimledger.cli", "ingest", str(corpus), "--db", db,
           "--batch-size", "4", "--silent", "--engine", engine]
    return cmd + (["--workers", "2"] if engine == "dask" else [])


def stored_articles(db: str) -> int:
    try:
        with Ledger(db) as led:
            return led.stats()["articles"]
    except Exception:  # noqa: BLE001 - the ledger may not exist yet
        return 0


@pytest.mark.slow
def test_kill_9_then_rerun_continues_without_duplicates(tmp_path: Path, run: tuple[str, str]) -> None:
    engine, db = run
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text("".join(json.dumps(wire_article(i)) + "\n" for i in range(N)), encoding="utf-8")
    log = (tmp_path / "first-run.log").open("w+b")  # a file, not a pipe: logs never block it
    proc = subprocess.Popen(ingest_cmd(corpus, db, engine), stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 300
    while stored_articles(db) < 12 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    log.seek(0)
    assert proc.returncode == -signal.SIGKILL, log.read().decode()[-2000:]
    log.close()

    with Ledger(db) as led:
        before = {r.id: r.to_dict() for r in led.records()}
    assert 12 <= len(before) < N  # the kill came in the middle

    done = subprocess.run(ingest_cmd(corpus, db, engine), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    with Ledger(db) as led:
        after = {r.id: r.to_dict() for r in led.records()}
        stats = led.stats()
    assert stats["articles"] == len(after) == N  # nothing twice, nothing missing
    assert sorted(after) == [f"wire-{i:04d}" for i in range(N)]
    assert all(after[k] == v for k, v in before.items())  # what was stored is kept as it was


@pytest.mark.slow
def test_stale_records_are_listed_and_reextracted(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimledger.cli import main

    corpus = tmp_path / "wire.jsonl"
    corpus.write_text("".join(json.dumps(wire_article(i)) + "\n" for i in range(4)), encoding="utf-8")
    db = str(tmp_path / "stale.db")
    cli = CliRunner()
    assert cli.invoke(main, ["ingest", str(corpus), "--db", db]).exit_code == 0
    with Ledger(db) as led:
        fresh = {r.id: r.to_dict() for r in led.records()}
        old = led.record("wire-0002")
        old.extractor, old.claims = "claimledger-0.0.1/older", []  # as an older release left it
        assert led.add_many([(None, old)], replace=True).replaced == 1

    listed = cli.invoke(main, ["ingest", "--list-stale", "--db", db])
    assert [json.loads(x)["id"] for x in listed.stdout.splitlines()] == ["wire-0002"]
    res = cli.invoke(main, ["ingest", str(corpus), "--db", db])
    assert "0 inserted" in res.output and "1 stored records were made by another" in res.output

    res = cli.invoke(main, ["ingest", "--stale", "--db", db])  # from the stored text alone
    assert res.exit_code == 0 and "1 re-extracted" in res.output
    assert cli.invoke(main, ["ingest", "--list-stale", "--db", db]).stdout == ""
    res = cli.invoke(main, ["ingest", str(corpus), "--db", db, "--force"])
    assert "4 re-extracted" in res.output
    with Ledger(db) as led:
        assert {r.id: r.to_dict() for r in led.records()} == fresh
