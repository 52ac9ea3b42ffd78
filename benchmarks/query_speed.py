"""Query speed on a synthetic ledger of 1M claims: search, pages, streaming, and load.

    python benchmarks/query_speed.py                     # 1M claims, SQLite, build/bench/
    python benchmarks/query_speed.py --claims 100000     # a quicker run
    python benchmarks/query_speed.py --db postgresql://... --claims 1000000

The ledger comes from synthetic_ledger.py (made-up words with a Zipf-like frequency, stories,
wire copies and claim links, written directly without parsing). Build it once and reuse it:
a ledger that exists (a SQLite file, or a PostgreSQL schema with --reuse) is timed as it is.

It reports, on the same machine in one run:
  - search p50/p95 (a page of 50 with snippets) over a mix of common and rare words, phrases,
    OR, prefixes and filters, sorted by relevance and by date; and one page of each sort
    without a search (targets: < 50 ms SQLite, < 100 ms PostgreSQL);
  - article page render p50/p95 through the app (target < 50 ms); story page render when the
    ledger has links;
  - `claims --format jsonl` over every claim: time, and peak memory against a run over a
    tenth of them (constant memory: the two peaks should be about equal);
  - a bounded loopback load test: 50 concurrent clients on `claimledger serve`, no errors
    expected, p95 reported.
Times are absolute, on whatever machine runs it; nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic_ledger  # noqa: E402
from synthetic_ledger import COMMON, vocabulary  # noqa: E402

from claimledger.ledger import Ledger  # noqa: E402


def build(location: str, n_claims: int) -> None:
    synthetic_ledger.build(location, n_claims)


def percentiles(times: list[float]) -> tuple[float, float]:
    ms = sorted(t * 1000 for t in times)
    return statistics.median(ms), ms[max(0, int(round(0.95 * len(ms))) - 1)]


def search_cases(rng: random.Random) -> dict[str, Any]:
    """The fixed query mix: each case makes the filters of one timed search. The hard cases
    (words in most claims, phrases of two such words, short prefixes) are part of it."""
    vocab = vocabulary(20000)
    common, mid, rare = COMMON[:10], vocab[200:400], vocab[5000:20000]
    return {
        # a word in most claims ("the", "said"): more matches than are ranked
        "common word": lambda: {"q": rng.choice(common)},
        "mid word": lambda: {"q": rng.choice(mid)},
        "rare word": lambda: {"q": rng.choice(rare)},
        "two words (mid AND common)": lambda: {"q": f"{rng.choice(mid)} {rng.choice(common)}"},
        "phrase (mid, common)": lambda: {"q": f'"{rng.choice(mid)} {rng.choice(common)}"'},
        "phrase of two common words": lambda: {"q": f'"{rng.choice(common)} {rng.choice(common)}"'},
        "rare OR mid": lambda: {"q": f"{rng.choice(rare)} OR {rng.choice(mid)}"},
        "3-letter prefix": lambda: {"q": rng.choice(rare)[:3] + "*"},
        "5-letter prefix": lambda: {"q": rng.choice(rare)[:5] + "*"},
        "6-letter prefix": lambda: {"q": rng.choice(rare)[:6] + "*"},
        "mid word + stance + said since": lambda: {"q": rng.choice(mid), "stance": "deny", "said_since": "2023-01-01"},
        "mid word + publisher": lambda: {"q": rng.choice(mid), "publisher": f"Publisher {rng.randrange(40)}"},
        "mid word, newest first": lambda: {"q": rng.choice(mid), "sort": "-date"},
        "common word, newest first": lambda: {"q": rng.choice(common), "sort": "-date"},
        "common word, oldest first": lambda: {"q": rng.choice(common), "sort": "date"},
        "no search, by date": lambda: {"sort": rng.choice(["date", "-date"])},
        "no search, stance, newest first": lambda: {"stance": "hedge", "sort": "-date"},
        "speaker contains": lambda: {"speaker": rng.choice(rare)[:5]},
    }


def bench_search(location: str, rng: random.Random, rounds: int) -> dict[str, tuple[float, float]]:
    """p50/p95 ms of each case of the mix (one page of 50 with snippets), and of all together."""
    from claimledger.query import claim_query, search_claims

    out: dict[str, tuple[float, float]] = {}
    every: list[float] = []
    every_cpu: list[float] = []
    with Ledger(location) as ledger:
        for name, make in search_cases(rng).items():
            times, cpu = [], []
            for _ in range(rounds):
                query = claim_query(**make())
                t, c = time.perf_counter(), time.process_time()
                search_claims(ledger, query)
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
            out[name] = percentiles(times)
            # this process's CPU: the whole search on SQLite, the client's share on PostgreSQL
            out[name + " (cpu)"] = percentiles(cpu)
            every += times
            every_cpu += cpu
            print(f"  search {name}: p50/p95 {out[name][0]:.1f}/{out[name][1]:.1f} ms wall,"
                  f" {out[name + ' (cpu)'][0]:.1f}/{out[name + ' (cpu)'][1]:.1f} ms cpu", file=sys.stderr, flush=True)
    out["ALL"] = percentiles(every)
    out["ALL (cpu)"] = percentiles(every_cpu)
    return out


def bench_pages(location: str, rng: random.Random, rounds: int, n_articles: int) -> dict[str, tuple[float, ...]]:
    """p50/p95 ms (wall, then CPU) of pages rendered through the app: an article, the largest
    story, a story picked at random, and the claims search page (with facets and count)."""
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    def timed(paths: Any) -> tuple[float, ...]:
        """(p50, p95) wall ms, then (p50, p95) ms of this process's CPU."""
        times, cpu = [], []
        for _ in range(rounds):
            path = paths()
            t, c = time.perf_counter(), time.process_time()
            res = client.get(path)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            assert res.status_code == 200, f"{path}: {res.status_code} {res.text[:300]}"
        return (*percentiles(times), *percentiles(cpu))

    out = {}
    mid_words = vocabulary(20000)[200:400]
    with Ledger(location) as ledger:
        conn = ledger.store.conn
        stories = [r[0] if isinstance(r, tuple | list) else r["id"] for r in conn.execute(
            "SELECT id FROM stories ORDER BY n_articles DESC, id").fetchall()]
        largest = conn.execute(f"SELECT n_articles FROM stories WHERE id = {int(stories[0])}").fetchone() if stories else None
    with TestClient(create_app(location)) as client:
        out["article page"] = timed(lambda: f"/articles/syn-{rng.randrange(1, n_articles + 1)}")
        if stories:
            size = largest[0] if isinstance(largest, tuple | list) else largest["n_articles"]
            out[f"story page, largest story ({size} articles)"] = timed(lambda: f"/stories/{stories[0]}")
            out["story page, story at random"] = timed(lambda: f"/stories/{rng.choice(stories)}")
        out["claims search page (mid word, with facets and count)"] = timed(
            lambda: "/claims?q=" + rng.choice(mid_words))
    return out


def bench_stream(location: str, n_claims: int) -> dict[str, float]:
    """`claims --format jsonl` over a tenth of the claims (--limit) and over all of them: lines,
    seconds and the command's peak RSS (equal peaks mean constant memory)."""
    out: dict[str, float] = {}
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for label, extra in (("tenth", ["--limit", str(n_claims // 10)]), ("all", [])):
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "claimledger.cli", "claims", "--db", location,
                                 "--format", "jsonl", *extra], stdout=subprocess.PIPE, env=env)
        lines = 0
        assert proc.stdout is not None
        while chunk := proc.stdout.read(1 << 20):  # counted as it streams, never held
            lines += chunk.count(b"\n")
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out[f"{label}: claims"] = lines
        out[f"{label}: seconds"] = time.perf_counter() - t
        out[f"{label}: peak RSS MB"] = usage.ru_maxrss / 1024
    return out


def bench_load(location: str, clients: int, per_client: int, n_articles: int) -> dict[str, float]:
    """50 concurrent clients against `claimledger serve` on loopback."""
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "claimledger.cli", "serve", "--db", location, "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/api/stats", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        times: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        words = vocabulary(20000)[200:2000]

        def client(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(base_url=base, timeout=60) as c:
                for _ in range(per_client):
                    url = rng.choice([
                        f"/api/claims?q={rng.choice(words)}",
                        f"/api/claims?stance=deny&sort=-date&limit={rng.randint(10, 50)}",
                        f"/articles/syn-{rng.randrange(1, n_articles + 1)}",
                        f"/api/articles/syn-{rng.randrange(1, n_articles + 1)}",
                        f"/claims?q={rng.choice(words)}",
                    ])
                    t = time.perf_counter()
                    try:
                        r = c.get(url)
                        ok = r.status_code == 200
                    except httpx.HTTPError as exc:
                        ok, r = False, exc
                    with lock:
                        times.append(time.perf_counter() - t)
                        if not ok:
                            errors.append(f"{url}: {getattr(r, 'status_code', r)}")

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
        p50, p95 = percentiles(times)
        return {"clients": clients, "requests": len(times), "errors": len(errors), "p50 ms": p50,
                "p95 ms": p95, "requests/s": len(times) / wall}
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


PARTS = ("search", "pages", "stream", "load")


def run(claims: int = 1_000_000, db: str | None = None, rounds: int = 40, skip: tuple[str, ...] = (),
        reuse: bool = False, clients: int = 50, per_client: int = 20) -> dict[str, Any]:
    """Build the ledger unless it exists (or `reuse` on PostgreSQL), time every part not in
    `skip`, and return the report (also printed as JSON lines while it runs)."""
    location = db or str(ROOT / "build" / "bench" / f"synthetic-{claims}.db")
    postgres = location.startswith("postgres")
    if (postgres and not reuse) or not (postgres or os.path.exists(location)):
        if not postgres:
            Path(location).parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        build(location, claims)
        print(f"built {claims:,} claims in {time.perf_counter() - t:.0f} s at {location}", file=sys.stderr)
    n_articles = claims // synthetic_ledger.CLAIMS_PER_ARTICLE
    rng = random.Random(11)
    report: dict[str, Any] = {"claims": claims, "ledger": "postgresql" if postgres else "sqlite",
                              "load average at start": os.getloadavg()}
    parts = {
        "search ms (p50, p95)": ("search", lambda: bench_search(location, rng, rounds)),
        "pages ms (p50, p95)": ("pages", lambda: bench_pages(location, rng, rounds, n_articles)),
        "claims --format jsonl": ("stream", lambda: bench_stream(location, claims)),
        "load test": ("load", lambda: bench_load(location, clients, per_client, n_articles)),
    }
    for title, (name, part) in parts.items():
        if name not in skip:
            report[title] = part()
            print(json.dumps({title: report[title]}, default=_round), flush=True)
    report["load average at end"] = os.getloadavg()
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--db", default=None, help="ledger location (default build/bench/synthetic-N.db)")
    ap.add_argument("--rounds", type=int, default=40, help="timed runs of each case")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--per-client", type=int, default=20)
    ap.add_argument("--skip", default="", help=f"comma list of parts to skip: {','.join(PARTS)}")
    ap.add_argument("--reuse", action="store_true", help="PostgreSQL: time the claims already loaded in --db")
    args = ap.parse_args()
    report = run(args.claims, args.db, args.rounds, tuple(filter(None, args.skip.split(","))), args.reuse,
                 args.clients, args.per_client)
    print(json.dumps(report, indent=1, default=_round))


def _round(x: object) -> object:
    return [round(v, 1) for v in x] if isinstance(x, tuple) else str(x)


if __name__ == "__main__":
    main()
