"""What the fault tests share: a corpus of our own, the `claimledger ingest` command run in a
child process, the checks of the guarantees, and a throwaway PostgreSQL server.

The guarantees every fault test checks:

- the rerun completes (exit 0) and stores every article;
- no duplicates (one stored article per input text);
- nothing already stored is lost (every record stored before the fault is kept unchanged);
- a run the fault stops ends with one clean error line (exit 2), never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CI_POSTGRES = ROOT / "scripts" / "ci-postgres.sh"

PLACES = ["Ostrava", "Valmora", "Kestrel Bay", "Dunmere", "Port Ilse", "Sarovan", "Eldham"]
WHO = ["the transport ministry", "Mayor Ines Hallo", "the fire service", "union leader Odo Brant",
       "the port authority", "health official Rhea Castor"]

# Lines a child process may print to stderr besides our own: Dask's logging (a worker lost
# and restarted is logged by distributed, by design) and nothing else.
LOG_LINE = re.compile(r"^\s*(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ - )?(distributed|tornado|asyncio)\.[\w.]+ - ")


def wire_article(i: int, tag: str = "") -> dict[str, str]:
    """A short wire-style article of our own, different for every (`i`, `tag`)."""
    place, who = PLACES[i % len(PLACES)], WHO[i % len(WHO)]
    text = (
        f"{place.upper()}, March {1 + i % 28} - {who[0].upper() + who[1:]} said on Tuesday that "
        f"{10 + i} families had left their homes after the river rose by {i % 7 + 1} metres. "
        f"\"We expect the water to fall by Friday,\" a spokesman told reporters in {place}. "
        f"Officials denied that the dam at {place} had been damaged (report {tag}{i})."
    )
    return {"id": f"wire-{tag}{i:04d}", "text": text, "date": f"2025-03-{1 + i % 28:02d}"}


def write_corpus(path: Path, ids: Iterable[int], tag: str = "") -> Path:
    path.write_text("".join(json.dumps(wire_article(i, tag)) + "\n" for i in ids), encoding="utf-8")
    return path


def ingest_cmd(corpus: Path | str, db: str, engine: str = "local", *, workers: int = 2,
               batch_size: int = 4) -> list[str]:
    cmd = [sys.executable, "-m", "claimledger.cli", "ingest", str(corpus), "--db", db,
           "--batch-size", str(batch_size), "--silent", "--engine", engine]
    return cmd + (["--workers", str(workers)] if engine == "dask" else [])


def child_env() -> dict[str, str]:
    """The environment of a child `claimledger`: this checkout's src first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


@dataclass
class Finished:
    """How a child process ended."""

    returncode: int
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.returncode}; stderr:\n{self.stderr[-3000:]}"


def run(cmd: list[str], timeout: float = 600, **kw) -> Finished:  # noqa: ANN003
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          errors="replace", timeout=timeout, env=child_env(), **kw)
    return Finished(done.returncode, done.stderr)


class Child:
    """A `claimledger` process in its own session, so that everything it starts (Dask
    workers) can be found, killed and reaped by this test, and only that."""

    def __init__(self, cmd: list[str], log: Path, **kw) -> None:  # noqa: ANN003
        self.log_path = log
        self._log = log.open("w+b")  # a file, not a pipe: a full pipe would block the child
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self._log,
                                     env=child_env(), start_new_session=True, **kw)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_until(self, cond: Callable[[], bool], timeout: float = 300) -> bool:
        """Poll `cond` while the child runs; True when it held before the child ended."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            if cond():
                return True
            time.sleep(0.05)
        return False

    def finish(self, timeout: float = 600) -> Finished:
        try:
            self.proc.wait(timeout=timeout)
        finally:
            self.kill_group()
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace")
        self._log.close()
        return Finished(self.proc.returncode, text)

    def kill_group(self) -> None:
        """SIGKILL whatever is left of this child's session (orphaned Dask workers)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def descendants(pid: int) -> list:  # list[psutil.Process]
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


# -- the guarantees ---------------------------------------------------------------------------

def stored(db: str) -> dict[str, dict]:
    """id -> record of everything stored (empty when there is no ledger yet)."""
    from claimledger.ledger import Ledger

    if "://" not in db and not Path(db).exists():
        return {}
    try:
        with Ledger(db) as led:
            return {r.id: r.to_dict() for r in led.records()}
    except Exception:  # noqa: BLE001 - a ledger not created yet, or a server that is down
        return {}


def stored_count(db: str) -> int:
    """Articles stored, read without creating or migrating anything; 0 when unreadable."""
    try:
        if "://" in db:
            import psycopg

            with psycopg.connect(db, connect_timeout=2) as c:
                return int(c.execute("SELECT count(*) FROM articles").fetchone()[0])
        import sqlite3

        if not Path(db).exists():
            return 0
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
            return int(c.execute("SELECT count(*) FROM articles").fetchone()[0])
    except Exception:  # noqa: BLE001 - not created yet, locked, or the server is down
        return 0


def duplicates(db: str) -> dict[str, int]:
    """Content hashes and article ids stored more than once (should be none)."""
    from claimledger.ledger import Ledger

    with Ledger(db) as led:
        conn = led.store.conn
        out = {}
        for col in ("content_hash", "ext_id"):
            rows = conn.execute(f"SELECT {col}, count(*) AS n FROM articles GROUP BY {col} HAVING count(*) > 1")
            out.update({f"{col}={r[0]}": r[1] for r in rows.fetchall()})
        return out


def assert_clean_failure(done: Finished) -> None:
    """A run stopped by a fault: exit 2 (a ledger error), one `error:` line, no traceback."""
    assert "Traceback" not in done.stderr, f"traceback on stderr: {done}"
    lines = [x for x in done.stderr.splitlines() if x.strip() and not LOG_LINE.match(x)]
    errors = [x for x in lines if x.startswith("error:")]
    assert len(errors) == 1 and len(lines) == 1, f"not one clean error line: {done}"
    assert done.returncode == 2, f"a fault in the ledger must exit 2: {done}"


def assert_ended_cleanly(done: Finished) -> None:
    """A run hit by a fault either completed (exit 0, silent) or stopped cleanly."""
    if done.returncode == 0:
        assert "Traceback" not in done.stderr, f"traceback on stderr: {done}"
    else:
        assert_clean_failure(done)


def assert_rerun_completes(corpus: Path, db: str, before: dict[str, dict], expected_ids: list[str],
                           engine: str = "local") -> None:
    """Run the same command again: it completes, stores everything once, keeps `before`."""
    done = run(ingest_cmd(corpus, db, engine))
    assert done.returncode == 0, f"the rerun did not complete: {done}"
    assert_complete(db, before, expected_ids)


def assert_complete(db: str, before: dict[str, dict], expected_ids: list[str]) -> None:
    after = stored(db)
    assert sorted(after) == sorted(expected_ids), (
        f"stored {len(after)} of {len(expected_ids)}; missing {sorted(set(expected_ids) - set(after))[:5]}")
    assert duplicates(db) == {}
    lost = [k for k, v in before.items() if after.get(k) != v]
    assert not lost, f"records stored before the fault were lost or changed: {lost[:5]}"


# -- a throwaway PostgreSQL server ------------------------------------------------------------

class ThrowawayPostgres:
    """A PostgreSQL server of our own (scripts/ci-postgres.sh), which the tests may kill and
    restart; never the shared one named by CLAIMLEDGER_TEST_PG_URL."""

    def __init__(self) -> None:
        out = subprocess.run(["bash", str(CI_POSTGRES), "start"], capture_output=True, text=True,
                             timeout=180)
        if out.returncode != 0:
            raise RuntimeError(f"cannot start a PostgreSQL server: {out.stderr.strip()[-500:]}")
        env = dict(re.findall(r"^export (\w+)=(.*)$", out.stdout, re.M))
        self.url = env["CLAIMLEDGER_TEST_PG_URL"]
        self.dir = Path(env["CLAIMLEDGER_TEST_PG_DIR"])
        self.n = 0

    def _pg(self, script: str) -> None:
        """Run `script` with ci-postgres.sh's helpers ($BIN: the server binaries, $DIR)."""
        out = subprocess.run(
            ["bash", "-c", f'source "{CI_POSTGRES}"; BIN=$(_pg_bindir) && DIR="{self.dir}" && {script}'],
            capture_output=True, text=True, timeout=180)
        if out.returncode != 0:
            raise RuntimeError(f"{script}: {out.stderr.strip()[-500:]}")

    def new_database(self) -> str:
        import psycopg

        self.n += 1
        name = f"stress_{os.getpid()}_{self.n}"
        with psycopg.connect(self.url, autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        return self.url.rsplit("/", 1)[0] + "/" + name

    def postmaster_pid(self) -> int:
        return int((self.dir / "data" / "postmaster.pid").read_text().split()[0])

    def kill_9(self) -> None:
        """SIGKILL the server and all its processes at once, as a crash would."""
        import psutil

        pid = self.postmaster_pid()
        procs = [psutil.Process(pid), *descendants(pid)]
        for p in procs:
            try:
                p.send_signal(signal.SIGKILL)
            except psutil.Error:
                pass
        psutil.wait_procs(procs, timeout=30)

    def restart(self) -> None:
        """Stop (fast: connections are cut) and start again; also starts a killed server."""
        self._pg('_pg_as "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -m fast restart >/dev/null')

    def stop(self) -> None:
        subprocess.run(["bash", str(CI_POSTGRES), "stop", str(self.dir)], capture_output=True, timeout=120)
