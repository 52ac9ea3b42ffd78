"""N ingests (2 and 4) started together into one new SQLite file: every one completes, the
ledger holds every article once. Each process has articles of its own and a share that all
of them ingest, so they race on the schema creation and on the same texts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from faults import Child, assert_complete, ingest_cmd, write_corpus

pytestmark = pytest.mark.stress

OWN, SHARED = 24, 24


@pytest.mark.parametrize(("n", "trial"), [(2, 1), (2, 2), (2, 3), (4, 1), (4, 2)])
def test_concurrent_ingests_into_a_new_ledger(tmp_path: Path, n: int, trial: int) -> None:
    db = str(tmp_path / "shared.db")
    shared = write_corpus(tmp_path / "shared.jsonl", range(SHARED), tag="s")
    corpora = [write_corpus(tmp_path / f"own{k}.jsonl", range(OWN), tag=f"p{k}-") for k in range(n)]
    # all interpreters start first and wait on one file, so the opens come as close together
    # as the machine allows (the model loads after the ledger is opened)
    go = tmp_path / "go"
    start = ("import os, sys, time, runpy\n"
             f"while not os.path.exists({str(go)!r}): time.sleep(0.005)\n"
             "sys.argv = ['claimledger'] + sys.argv[1:]\n"
             "runpy.run_module('claimledger.cli', run_name='__main__')\n")
    children = []
    for k, own in enumerate(corpora):
        cmd = ingest_cmd(own, db, batch_size=4)
        cmd[1:3] = ["-c", start]  # python -c START ingest ... instead of python -m claimledger.cli
        cmd.insert(4, str(shared))  # both files: ingest OWN SHARED
        children.append(Child(cmd, tmp_path / f"run{k}.log"))
    time.sleep(1.0)
    go.touch()
    results = [c.finish() for c in children]
    for k, done in enumerate(results):
        assert done.returncode == 0, f"ingest {k} of {n}: {done}"
        assert "Traceback" not in done.stderr, f"ingest {k} of {n}: {done}"
    expected = [f"wire-s{i:04d}" for i in range(SHARED)]
    expected += [f"wire-p{k}-{i:04d}" for k in range(n) for i in range(OWN)]
    assert_complete(db, {}, expected)
