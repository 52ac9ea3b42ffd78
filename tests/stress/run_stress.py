"""`make stress`: the fault tests, then the long hypothesis fuzz run, then a table.

    python tests/stress/run_stress.py [--no-fuzz] [--only-fuzz] [-k EXPR]

1. `pytest -m stress tests/stress`: kill -9 (local engine, Dask client, Dask worker,
   PostgreSQL server), disk full (tmpfs and a file size limit), PostgreSQL restarts, 2 and 4
   concurrent ingests into one new SQLite file. Each parameter case is one trial.
2. The hypothesis properties of the test suite under the long profile named in
   tests/stress/README-fuzz-profile.txt (the modules it names; else every test module
   that imports hypothesis).

Prints one row per fault (fault, trials, result), writes the table to tests/stress/RESULTS.md
after a full run (no -k, no --no-fuzz/--only-fuzz), and exits 1 when any trial failed.
The PostgreSQL faults start a throwaway server (scripts/ci-postgres.sh; Debian's postgresql
must be installed) and skip without one; they never touch CLAIMLEDGER_TEST_PG_URL's server.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROFILE_NOTE = HERE / "README-fuzz-profile.txt"
RESULTS = HERE / "RESULTS.md"

FAULTS = {  # test function -> the fault it injects, as the table names it
    "test_kill_9_local_ingest": "kill -9 mid-ingest: local engine",
    "test_kill_9_dask_client": "kill -9 mid-ingest: Dask client",
    "test_kill_9_dask_worker": "kill -9 mid-ingest: one Dask worker",
    "test_kill_9_postgres_server": "kill -9 of the PostgreSQL server mid-ingest",
    "test_disk_full_mid_ingest": "disk full mid-ingest",
    "test_disk_full_creating_the_ledger": "disk full creating the ledger",
    "test_disk_full_during_export": "disk full during export",
    "test_postgres_restart_mid_ingest": "PostgreSQL restart mid-ingest",
    "test_concurrent_ingests_into_a_new_ledger": "concurrent ingests into one new SQLite file",
}


@dataclass
class Row:
    fault: str
    trials: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def result(self) -> str:
        ran = self.trials - len(self.skipped)
        if self.failed:
            return f"FAIL {len(self.failed)} of {ran}: " + ", ".join(self.failed)
        if ran == 0:
            return "skipped: " + (self.skipped[0] if self.skipped else "no trials")
        note = f" ({len(self.skipped)} skipped: {self.skipped[0]})" if self.skipped else ""
        return f"pass {ran} of {ran}{note}"


def profile_name() -> str | None:
    """The long hypothesis profile named in README-fuzz-profile.txt (None when absent)."""
    if not PROFILE_NOTE.exists():
        return None
    text = PROFILE_NOTE.read_text(encoding="utf-8")
    m = re.search(r"^\s*profile\s*:\s*`?([\w-]+)", text, re.M | re.I) or re.search(
        r"--hypothesis-profile[= ]`?([\w-]+)", text)
    if m:
        return m.group(1)
    words = [w for line in text.splitlines() if line.strip() and not line.startswith("#")
             for w in line.split()]
    return words[0].strip("`'\".,:") if words else None


def fuzz_modules() -> list[str]:
    """The test modules README-fuzz-profile.txt names; without any, every test module
    outside tests/stress that uses hypothesis."""
    if PROFILE_NOTE.exists():
        named = re.findall(r"\btests/(?:\w+/)*test_\w+\.py\b", PROFILE_NOTE.read_text(encoding="utf-8"))
        named = [p for p in dict.fromkeys(named) if (ROOT / p).exists()]
        if named:
            return named
    out = []
    for p in sorted((ROOT / "tests").rglob("test_*.py")):
        if HERE in p.parents:
            continue
        if re.search(r"^\s*(from|import) hypothesis", p.read_text(encoding="utf-8"), re.M):
            out.append(str(p.relative_to(ROOT)))
    return out


def pytest(args: list[str], xml: Path) -> int:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfE",
           f"--junitxml={xml}", *args]
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def rows_from(xml: Path, label) -> dict[str, Row]:  # noqa: ANN001 - label: testcase -> row name
    rows: dict[str, Row] = {}
    if not xml.exists():
        return rows
    for case in ET.parse(xml).getroot().iter("testcase"):
        name = case.get("name", "")
        base, _, param = name.partition("[")
        row = rows.setdefault(label(case, base), Row(label(case, base)))
        row.trials += 1
        row.seconds += float(case.get("time") or 0)
        trial = param.rstrip("]") or base
        if case.find("failure") is not None or case.find("error") is not None:
            row.failed.append(trial)
        elif (skip := case.find("skipped")) is not None:
            row.skipped.append((skip.get("message") or "skipped").splitlines()[0][:100])
    return rows


def render(rows: dict[str, Row], note: str | None) -> str:
    width = max([len(r.fault) for r in rows.values()] + [len("fault")])
    lines = [f"{'fault':<{width}}  trials  {'seconds':>7}  result", f"{'-' * width}  ------  -------  ------"]
    lines += [f"{r.fault:<{width}}  {r.trials:>6}  {r.seconds:>7.0f}  {r.result}" for r in rows.values()]
    return "\n".join(lines + ([note] if note else []))


def write_results(part: str, body: str) -> None:
    """Put this run's table in RESULTS.md under `part`; a full run replaces both parts."""
    parts: dict[str, str] = {}
    if RESULTS.exists() and part != "Fault tests and long fuzz run":
        for chunk in RESULTS.read_text(encoding="utf-8").split("\n## ")[1:]:
            title, _, text = chunk.partition("\n")
            if title != "Fault tests and long fuzz run":
                parts[title] = "\n" + text.strip("\n") + "\n"
    parts[part] = "\n" + body
    RESULTS.write_text("# Latest `make stress` runs\n\n" + "\n".join(
        f"## {t}\n{parts[t]}" for t in sorted(parts, key=lambda t: t != "Fault tests")), encoding="utf-8")


def git_commit() -> str:
    out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-fuzz", action="store_true", help="only the fault tests")
    ap.add_argument("--only-fuzz", action="store_true", help="only the long fuzz run")
    ap.add_argument("-k", default=None, help="pytest -k expression for the fault tests")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimledger-stress-"))
    rows: dict[str, Row] = {}
    t0 = time.monotonic()
    if not a.only_fuzz:
        xml = work / "faults.xml"
        pytest(["-m", "stress", str(HERE.relative_to(ROOT)), *(["-k", a.k] if a.k else [])], xml)
        rows.update(rows_from(xml, lambda case, base: FAULTS.get(base, base)))
    fuzz_note = None
    if not a.no_fuzz:
        profile, modules = profile_name(), fuzz_modules()
        if profile is None:
            fuzz_note = f"long fuzz run not run: no profile named in {PROFILE_NOTE.relative_to(ROOT)}"
        elif not modules:
            fuzz_note = "long fuzz run not run: no test module imports hypothesis"
        else:
            xml = work / "fuzz.xml"
            pytest([f"--hypothesis-profile={profile}", *modules], xml)
            rows.update(rows_from(
                xml, lambda case, base: f"fuzz ({profile}): {case.get('classname', '').rsplit('.', 1)[-1]}"))
    wall = time.monotonic() - t0

    table = render(rows, fuzz_note)
    failed = sum(len(r.failed) for r in rows.values())
    summary = (f"{sum(r.trials for r in rows.values())} trials, {failed} failed, {wall:.0f} s, "
               f"load average {os.getloadavg()[0]:.1f} at the end")
    print("\n" + table + "\n" + summary + f" (junit XML in {work})")
    if not a.k:
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        part = "Long fuzz run" if a.only_fuzz else "Fault tests" if a.no_fuzz else "Fault tests and long fuzz run"
        write_results(part, f"{when}, commit {git_commit()}: {summary}.\n\n```\n{table}\n```\n")
    return 1 if failed or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
