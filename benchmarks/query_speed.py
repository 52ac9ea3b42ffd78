"""Query speed on a synthetic ledger of 1M claims: search, pages, streaming, and load.

    python benchmarks/query_speed.py                     # 1M claims, SQLite, build/bench/
    python benchmarks/query_speed.py --claims 100000     # a quicker run
    python benchmarks/query_speed.py --db postgresql://... --claims 1000000

The generator writes articles, claims (with their FTS rows and days, through the ledger's own
triggers) and quantities directly, without parsing: texts are sentences of made-up words with
a Zipf-like frequency, each claim one sentence "<speaker> said <content>." of its article.

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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimledger.ledger import Ledger  # noqa: E402
from claimledger.ledger.base import norm_name  # noqa: E402

SYLLABLES = ("ka", "lo", "mi", "ren", "tor", "va", "sel", "dan", "po", "ri", "gul", "fen", "bra", "ost", "ule")
COMMON = ("the", "said", "would", "that", "government", "strike", "workers", "minister", "port", "police",
          "flood", "troops", "talks", "union", "city", "officials", "report", "prices", "water", "election")
STANCES = ("assert",) * 8 + ("deny", "hedge")
KINDS = ("indirect",) * 6 + ("direct", "direct", "mixed", "according_to")
SOURCES = ("header", "metadata", "url", "user", "warc", None)
PUBLISHERS = tuple(f"Publisher {i}" for i in range(40))


def vocabulary(n: int, rng: random.Random) -> list[str]:
    words = set(COMMON)
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return list(COMMON) + sorted(words - set(COMMON))


def build(location: str, n_claims: int, claims_per_article: int = 10, seed: int = 7) -> None:
    """Fill an empty ledger at `location` with n_claims synthetic claims."""
    rng = random.Random(seed)
    vocab = vocabulary(20000, rng)
    cum, total = [], 0.0
    for i in range(len(vocab)):
        total += 1 / (i + 1) ** 1.05
        cum.append(total)
    speakers = [f"{rng.choice(vocab).title()} {rng.choice(vocab).title()}" for _ in range(3000)]
    n_articles = n_claims // claims_per_article
    with Ledger(location) as ledger:
        store = ledger.store
        sqlite = not location.startswith("postgres")
        mark = "?" if sqlite else "%s"
        conn = store.conn
        ids: dict[str, int] = {}
        ins_entity = f"INSERT INTO entities (name, norm) VALUES ({mark}, {mark})"
        for name in speakers:
            if sqlite:
                ids[name] = conn.execute(ins_entity, (name, norm_name(name))).lastrowid
            else:
                ids[name] = conn.execute(ins_entity + " RETURNING id", (name, norm_name(name))).fetchone()["id"]
        day0 = 19000  # days since 1970: 2022-01-08
        triggers = _drop_row_triggers(conn) if sqlite else _drop_pg_indexes(conn)
        batch = 2000
        t0 = time.perf_counter()
        for start in range(0, n_articles, batch):
            arts, claims, quants = [], [], []
            for a in range(start, min(start + batch, n_articles)):
                parts, spans, pos = [], [], 0
                for _ in range(claims_per_article):
                    speaker = rng.choice(speakers)
                    words = rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 22))
                    if rng.random() < 0.3:
                        words.insert(rng.randrange(len(words)), str(rng.randint(2, 90000)))
                    content = " ".join(words)
                    head = f"{speaker} said "
                    s = pos + len(head)
                    sentence = f"{head}{content}. "
                    spans.append((speaker, s, s + len(content), pos, pos + len(speaker), content))
                    parts.append(sentence)
                    pos += len(sentence)
                text = "".join(parts)
                date = time.strftime("%Y-%m-%d", time.gmtime((day0 + rng.randint(0, 1400)) * 86400)) if rng.random() > 0.02 else None
                arts.append((f"syn-{a}", f"h{a:012d}", date, rng.choice(SOURCES), f"Synthetic report {a}",
                             f"https://example.test/{a}", rng.choice(PUBLISHERS), "bench", "bench-1", "now", text))
                for i, (speaker, s, e, ss, se, content) in enumerate(spans):
                    said = date if rng.random() < 0.5 else None
                    claims.append([a, i, content, s, e, json.dumps([[s, e]]), json.dumps([[ss, se]]),
                                   json.dumps([[se + 1, se + 5]]), ids[speaker], speaker, rng.choice(KINDS),
                                   rng.choice(STANCES), said, said or date])
                    if any(ch.isdigit() for ch in content) and rng.random() < 0.9:
                        quants.append((a, i, s, s + 3, content[:3], float(rng.randint(2, 90000)), "exact"))
            cols = "ext_id, content_hash, date, date_source, title, url, publisher, origin, extractor, ingested_at, text"
            with _transaction(conn, sqlite):
                aid: dict[int, int] = {}
                for row in arts:
                    sql = f"INSERT INTO articles ({cols}) VALUES ({', '.join([mark] * 11)})"
                    if sqlite:
                        aid[int(row[0][4:])] = conn.execute(sql, row).lastrowid
                    else:
                        aid[int(row[0][4:])] = conn.execute(sql + " RETURNING id", row).fetchone()["id"]
                for c in claims:
                    c[0] = aid[c[0]]
                claim_cols = ('article_id, idx, text, start, "end", content, source, cue,'
                              " speaker_id, speaker, kind, stance, said_on, day")
                if sqlite:
                    _many(conn, sqlite, f"INSERT INTO claims ({claim_cols}) VALUES ({', '.join([mark] * 14)})", claims)
                else:
                    with conn.cursor() as cur, cur.copy(f"COPY claims ({claim_cols}) FROM STDIN") as copy:
                        for row in claims:
                            copy.write_row(row)
                q_sql = (f'INSERT INTO quantities (article_id, idx, start, "end", text, value, qualifier, claim_id)'
                         f" SELECT {mark}, {mark}, {mark}, {mark}, {mark}, {mark}, {mark},"
                         f" (SELECT id FROM claims WHERE article_id = {mark} AND idx = {mark})")
                _many(conn, sqlite, q_sql, [(aid[a], i, s, e, t, v, q, aid[a], i) for a, i, s, e, t, v, q in quants])
            done = min(start + batch, n_articles)
            rate = done * claims_per_article / (time.perf_counter() - t0)
            print(f"\r  built {done * claims_per_article:,} claims ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        if sqlite:
            # the search index in one pass, then the triggers back as the migration made them
            conn.execute("INSERT INTO claims_search (claims_search) VALUES ('rebuild')")
            for sql in triggers:
                conn.execute(sql)
        else:
            for sql in triggers:  # the indexes, built once over everything
                conn.execute(sql)
        conn.execute("ANALYZE")


def _drop_pg_indexes(conn) -> list[str]:  # noqa: ANN001
    """Drop the search and paging indexes of `claims` for a bulk load; their CREATE statements."""
    rows = conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims'"
                        " AND schemaname = current_schema()"
                        " AND indexname IN ('claims_tsv', 'claims_day', 'claims_stance', 'claims_speaker')").fetchall()
    for r in rows:
        conn.execute(f"DROP INDEX {r['indexname']}")
    return [r["indexdef"] for r in rows]


def _drop_row_triggers(conn) -> list[str]:  # noqa: ANN001
    """Drop the per-row triggers of `claims` for a bulk load; their CREATE statements."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'"
                        " AND name IN ('claims_search_ai', 'claims_day_ai')").fetchall()
    for name, _ in rows:
        conn.execute(f"DROP TRIGGER {name}")
    return [sql for _, sql in rows]


class _transaction:
    def __init__(self, conn, sqlite: bool) -> None:  # noqa: ANN001
        self.conn, self.sqlite = conn, sqlite
        self.tx = None

    def __enter__(self):  # noqa: ANN204
        if self.sqlite:
            self.conn.execute("BEGIN")
        else:
            self.tx = self.conn.transaction()
            self.tx.__enter__()

    def __exit__(self, *exc):  # noqa: ANN002, ANN204
        if self.sqlite:
            self.conn.execute("COMMIT" if exc[0] is None else "ROLLBACK")
        else:
            self.tx.__exit__(*exc)


def _many(conn, sqlite: bool, sql: str, rows: list) -> None:  # noqa: ANN001
    if sqlite:
        conn.executemany(sql, rows)
    else:
        with conn.cursor() as cur:
            cur.executemany(sql, rows)


def percentiles(times: list[float]) -> tuple[float, float]:
    ms = sorted(t * 1000 for t in times)
    return statistics.median(ms), ms[max(0, int(round(0.95 * len(ms))) - 1)]


def bench_search(location: str, rng: random.Random, rounds: int) -> dict[str, tuple[float, float]]:
    from claimledger.query import claim_query, search_claims

    vocab = vocabulary(20000, random.Random(7))
    common, mid, rare = COMMON[:10], vocab[200:400], vocab[5000:20000]
    cases = {
        # a word in most claims ("the", "said"): the whole match set is ranked, O(matches)
        "stop-word-like word": lambda: {"q": rng.choice(common)},
        "mid word": lambda: {"q": rng.choice(mid)},
        "rare word": lambda: {"q": rng.choice(rare)},
        "two words": lambda: {"q": f"{rng.choice(mid)} {rng.choice(common)}"},
        "phrase": lambda: {"q": f'"{rng.choice(mid)} {rng.choice(common)}"'},
        "phrase of stop-word-like words": lambda: {"q": f'"{rng.choice(common)} {rng.choice(common)}"'},
        "OR": lambda: {"q": f"{rng.choice(rare)} OR {rng.choice(mid)}"},
        "prefix": lambda: {"q": rng.choice(rare)[:6] + "*"},
        "word + stance + dates": lambda: {"q": rng.choice(mid), "stance": "deny", "said_since": "2023-01-01"},
        "word by date": lambda: {"q": rng.choice(mid), "sort": "-date"},
        "stop-word-like word by date": lambda: {"q": rng.choice(common), "sort": "-date"},
        "no search, by date": lambda: {"sort": rng.choice(["date", "-date"])},
        "no search, stance": lambda: {"stance": "hedge", "sort": "-date"},
        "speaker": lambda: {"speaker": rng.choice(rare)[:5]},
    }
    out: dict[str, tuple[float, float]] = {}
    every: list[float] = []
    every_cpu: list[float] = []
    with Ledger(location) as ledger:
        for name, make in cases.items():
            times = []
            cpu = []
            for _ in range(rounds):
                query = claim_query(**make())
                t, c = time.perf_counter(), time.process_time()
                search_claims(ledger, query)
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
            out[name] = percentiles(times)
            out[name + " (cpu)"] = percentiles(cpu)
            every += times  # the hard cases (words in most claims) are part of the mix
            every_cpu += cpu
            print(f"  search {name}: p50/p95 {out[name][0]:.1f}/{out[name][1]:.1f} ms wall,"
                  f" {out[name + ' (cpu)'][0]:.1f}/{out[name + ' (cpu)'][1]:.1f} ms cpu", file=sys.stderr, flush=True)
    out["ALL"] = percentiles(every)
    out["ALL (cpu)"] = percentiles(every_cpu)
    return out


def bench_pages(location: str, rng: random.Random, rounds: int, n_articles: int) -> dict[str, tuple[float, float]]:
    from fastapi.testclient import TestClient

    from claimledger import query
    from claimledger.web import create_app

    out = {}
    mid_words = vocabulary(20000, random.Random(7))[200:400]
    with TestClient(create_app(location)) as client:
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            res = client.get(f"/articles/syn-{rng.randrange(n_articles)}")
            times.append(time.perf_counter() - t)
            assert res.status_code == 200, res.text[:300]
        out["article page"] = percentiles(times)
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            res = client.get("/claims", params={"q": rng.choice(mid_words)})
            times.append(time.perf_counter() - t)
            assert res.status_code == 200
        out["claims search page (with facets, count)"] = percentiles(times)
        with Ledger(location) as ledger:
            linked = query.linking_available(ledger)
            stories = [s["story"] for s in query.list_stories(ledger)][:200] if linked else []
        if stories:
            times = []
            for _ in range(rounds):
                t = time.perf_counter()
                client.get(f"/stories/{rng.choice(stories)}")
                times.append(time.perf_counter() - t)
            out["story page"] = percentiles(times)
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
        words = vocabulary(20000, random.Random(7))[200:2000]

        def client(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(base_url=base, timeout=60) as c:
                for _ in range(per_client):
                    url = rng.choice([
                        f"/api/claims?q={rng.choice(words)}",
                        f"/api/claims?stance=deny&sort=-date&limit={rng.randint(10, 50)}",
                        f"/articles/syn-{rng.randrange(n_articles)}",
                        f"/api/articles/syn-{rng.randrange(n_articles)}",
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--db", default=None, help="ledger location (default build/bench/synthetic-N.db)")
    ap.add_argument("--rounds", type=int, default=40, help="timed runs of each case")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--per-client", type=int, default=20)
    ap.add_argument("--skip", default="", help="comma list of parts to skip: search,pages,stream,load")
    ap.add_argument("--reuse", action="store_true", help="PostgreSQL: time the claims already loaded in --db")
    args = ap.parse_args()
    location = args.db or str(ROOT / "build" / "bench" / f"synthetic-{args.claims}.db")
    skip = set(filter(None, args.skip.split(",")))
    fresh = (location.startswith("postgres") and not args.reuse) or not (location.startswith("postgres") or os.path.exists(location))
    if fresh:
        if not location.startswith("postgres"):
            Path(location).parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        build(location, args.claims)
        print(f"built {args.claims:,} claims in {time.perf_counter() - t:.0f} s at {location}")
    else:
        print(f"using {location}")
    n_articles = args.claims // 10
    rng = random.Random(11)
    report: dict[str, object] = {"claims": args.claims, "ledger": "postgresql" if location.startswith("postgres") else "sqlite"}
    parts = {
        "search ms (p50, p95)": ("search", lambda: bench_search(location, rng, args.rounds)),
        "pages ms (p50, p95)": ("pages", lambda: bench_pages(location, rng, args.rounds, n_articles)),
        "claims --format jsonl": ("stream", lambda: bench_stream(location, args.claims)),
        "load test": ("load", lambda: bench_load(location, args.clients, args.per_client, n_articles)),
    }
    for title, (name, run) in parts.items():
        if name not in skip:
            report[title] = run()
            print(json.dumps({title: report[title]}, default=_round), flush=True)
    print(json.dumps(report, indent=1, default=_round))


def _round(x: object) -> object:
    return [round(v, 1) for v in x] if isinstance(x, tuple) else str(x)


if __name__ == "__main__":
    main()
