"""A full disk: while ingesting, when creating a ledger, when exporting. The run stops with one
clean error line, the ledger keeps what it had, no partial export file is left, and once
there is room again the same command completes.

Two ways to fill a disk: a small tmpfs (needs root and mount), and a file size limit
(RLIMIT_FSIZE) on the child process, which works anywhere."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faults import (
    Finished,
    assert_clean_failure,
    assert_rerun_completes,
    ingest_cmd,
    run,
    stored,
    write_corpus,
)

pytestmark = pytest.mark.stress

N = 120
IDS = [f"wire-{i:04d}" for i in range(N)]
FIRST = 40  # stored before the disk fills
N_EXPORT = 300  # enough that every export format outgrows the room left


class Disk:
    """A place to write that can be made full, and given room again."""

    def __init__(self, root: Path, limit_child: Callable[[int], None] | None = None) -> None:
        self.root = root
        self.limit: int | None = None  # bytes a child may write to one file (RLIMIT_FSIZE)
        self._limit_child = limit_child

    def fill(self, room: int) -> None:
        """Leave about `room` bytes to write."""
        raise NotImplementedError

    def free(self) -> None:
        raise NotImplementedError

    def run(self, cmd: list[str]) -> Finished:
        limit = self.limit

        def preexec() -> None:
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return run(cmd, preexec_fn=preexec)


class Tmpfs(Disk):
    """A 16 MB tmpfs, filled with a ballast file up to `room` free bytes."""

    def fill(self, room: int) -> None:
        st = os.statvfs(self.root)
        free = st.f_bavail * st.f_frsize
        with (self.root / "ballast").open("ab") as f:
            f.write(b"\0" * max(0, free - room))

    def free(self) -> None:
        (self.root / "ballast").unlink(missing_ok=True)


class FileSizeLimit(Disk):
    """No file the child writes may grow more than `room` bytes past the largest file here."""

    def fill(self, room: int) -> None:
        sizes = [p.stat().st_size for p in self.root.iterdir() if p.is_file()]
        self.limit = max([0, *sizes]) + room

    def free(self) -> None:
        self.limit = None


@pytest.fixture(params=["tmpfs", "fsize"])
def disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Disk]:
    if request.param == "fsize":
        (tmp_path / "disk").mkdir()
        yield FileSizeLimit(tmp_path / "disk")
        return
    where = tmp_path / "tmpfs"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the fsize variant covers this")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", f"stress-{uuid.uuid4().hex[:6]}",
                           str(where)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield Tmpfs(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def integrity(db: str) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return c.execute("PRAGMA integrity_check").fetchone()[0]


def test_disk_full_mid_ingest(tmp_path: Path, disk: Disk) -> None:
    root = disk.root
    db = str(root / "ledger.db")
    first = write_corpus(tmp_path / "first.jsonl", range(FIRST))
    src = write_corpus(tmp_path / "all.jsonl", range(N))
    assert disk.run(ingest_cmd(first, db)).returncode == 0
    before = stored(db)
    assert len(before) == FIRST

    disk.fill(room=16 * 1024)
    stopped = disk.run(ingest_cmd(src, db))
    assert stopped.returncode != 0, "the disk never filled: make the room smaller"
    assert_clean_failure(stopped)
    disk.free()
    assert integrity(db) == "ok"
    assert_rerun_completes(src, db, before, IDS)


def test_disk_full_creating_the_ledger(tmp_path: Path, disk: Disk) -> None:
    root = disk.root
    db = str(root / "ledger.db")
    src = write_corpus(tmp_path / "all.jsonl", range(N))
    disk.fill(room=4 * 1024)
    stopped = disk.run(ingest_cmd(src, db))
    assert_clean_failure(stopped)
    disk.free()
    assert_rerun_completes(src, db, {}, IDS)


@pytest.fixture(scope="module")
def big_ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A ledger on a disk with room, to export from."""
    where = tmp_path_factory.mktemp("export")
    db = str(where / "ledger.db")
    done = run(ingest_cmd(write_corpus(where / "all.jsonl", range(N_EXPORT)), db, batch_size=32))
    assert done.returncode == 0, str(done)
    return db


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_disk_full_during_export(disk: Disk, big_ledger: str, fmt: str) -> None:
    root, db = disk.root, big_ledger  # only the export runs out of room
    out = root / f"claims.{fmt}"
    export = [sys.executable, "-m", "claimledger.cli", "export", "--db", db, "--format", fmt, "-o", str(out)]
    disk.fill(room=4 * 1024)
    # held open here, the ledger's 32 KB shared-memory file exists before the export opens
    # it, so a file size limit below that hits the export, not the ledger
    with sqlite3.connect(db) as held:
        held.execute("SELECT count(*) FROM articles").fetchone()
        stopped = disk.run(export)
    assert_clean_failure(stopped)
    left = sorted(p.name for p in root.iterdir() if p.name != "ballast")
    assert left == [], f"a partial export was left behind: {left}"
    disk.free()
    done = run(export)
    assert done.returncode == 0, str(done)
