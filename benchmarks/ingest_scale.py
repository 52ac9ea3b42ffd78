"""Ingest at scale: throughput ratios and memory, measured in one run on the same texts.

    python benchmarks/ingest_scale.py [--articles 1000] [--rss-articles 1000,10000] [--rounds 2]
                                      [--corpus synthetic|polnear] [--pg URL] [--json]

Builds a corpus of synthetic wire-style articles (written by this script; or PolNeAR train
texts from ../shared, read at run time and never stored), then measures on the same texts:

    parse        bare spaCy parse (`nlp.pipe`), articles/s: the floor everything is compared to
    local        `claimledger ingest` engine local into SQLite (read, hash, extract, store),
                 with the per-article time budget as the CLI runs it (and without: local_plain)
    postgres     the same into PostgreSQL (--pg URL, or CLAIMLEDGER_TEST_PG_URL)
    dask-1/2     engine dask on a LocalCluster of 1 and 2 single-threaded worker processes
    rss          peak resident memory of the ingest (client + workers) at each corpus size

and reports ratios (local/parse time, postgres/local throughput, dask-2/dask-1 throughput)
and peak RSS. Absolute times depend on the machine; compare ratios. Never fails on a time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"

# -- a corpus of our own ------------------------------------------------------------------

PLACES = ["Valmora", "Kestrel Bay", "Dunmere", "Port Ilse", "Ostrava", "Lindholm", "Sarovan",
          "Brackwater", "Eldham", "Tarrow"]
PEOPLE = ["Ines Hallo", "Odo Brant", "Lena Sall", "Marek Vos", "Ada Quint", "Tomas Reel",
          "Priya Nand", "Jonas Falk", "Rhea Castor", "Emil Novak", "Sana Idris", "Bo Lind"]
ROLES = ["Finance Minister", "Mayor", "police spokeswoman", "union leader", "central bank governor",
         "opposition leader", "health official", "port director"]
BODIES = ["the transport ministry", "the city council", "the fire service", "the central bank",
          "the health agency", "the port authority", "the dockers' union", "the statistics office"]
THINGS = ["families", "workers", "ships", "homes", "schools", "buses", "patients", "flights"]
VERBS = ["said", "told reporters", "said in a statement", "told a news conference", "added"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week",
        "on Saturday", "earlier this month"]

SENTENCES = [
    "{Body} {verb} {day} that {n} {thing} had been affected in {place}.",
    "\"We expect the situation to improve by {weekday},\" {role} {person} {verb}.",
    "{Person}, the {role}, denied that the budget for {place} had been cut by {pct} percent.",
    "According to {body}, about {n} {thing} were moved to shelters {day}.",
    "{Body} said prices could rise by as much as {pct} percent next year.",
    "Officials in {place} may reopen the main road within {k} days, {body} said.",
    "\"There is no truth in these reports,\" {person} told local radio {day}.",
    "The figure was up from {m} a year earlier, {body} {verb}.",
    "{Person} said {body} would spend {money} million on repairs over {k} years.",
    "Residents of {place} said the water had risen by {k} metres overnight.",
    "{Body} warned that more than {n} {thing} could face delays until {month}.",
    "{Person} rejected claims that the plan for {place} had failed, saying it was \"on track\".",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def wire_article(i: int, sentences: int) -> dict[str, str]:
    """One synthetic wire-style article; unique for every `i` (a dateline and a number)."""
    rng = random.Random(i)
    place = rng.choice(PLACES)
    day = 1 + i % 28
    parts = [f"{place.upper()}, {rng.choice(MONTHS)} {day} -"]
    for k in range(sentences):
        s = SENTENCES[(i + k * 5) % len(SENTENCES)]
        body = rng.choice(BODIES)
        parts.append(s.format(
            Body=body[0].upper() + body[1:], body=body, verb=rng.choice(VERBS), day=rng.choice(DAYS),
            n=rng.randint(12, 9000), thing=rng.choice(THINGS), place=rng.choice(PLACES),
            weekday=rng.choice(WEEKDAYS), role=rng.choice(ROLES), person=rng.choice(PEOPLE),
            Person=rng.choice(PEOPLE), pct=rng.randint(2, 40), k=rng.randint(2, 12),
            m=rng.randint(100, 5000), money=rng.randint(3, 900), month=rng.choice(MONTHS),
        ))
    parts.append(f"(Reporting by desk {i})")
    return {"id": f"wire-{i:06d}", "text": " ".join(parts),
            "date": f"2025-{1 + i % 12:02d}-{day:02d}"}


def polnear_articles(n: int) -> Iterator[dict[str, str]]:
    """PolNeAR train texts, read at run time; repeats get a suffix so each text is new."""
    paths = sorted(POLNEAR_TRAIN.glob("*.txt"))
    for i in range(n):
        p = paths[i % len(paths)]
        text = p.read_text(encoding="utf-8")
        if i >= len(paths):
            text += f"\n\n(Copy {i // len(paths)})"
        yield {"id": f"{p.stem}-{i}", "text": text, "date": "2016-10-01"}


def write_corpus(path: Path, n: int, kind: str, sentences: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        rows = polnear_articles(n) if kind == "polnear" else (wire_article(i, sentences) for i in range(n))
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return path


def texts_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


# -- measuring ----------------------------------------------------------------------------

class PeakRSS:
    """Peak summed RSS of this process and all its descendants, sampled every 50 ms."""

    def __init__(self) -> None:
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def tree_cpu_seconds() -> float:
    """CPU seconds used so far by this process and its living descendants (the workers)."""
    import psutil

    total = 0.0
    me = psutil.Process()
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def fresh_pg(url: str) -> tuple[str, Callable[[], None]]:
    """A new empty database on the server of `url`, and how to drop it."""
    import psycopg

    name = "bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as c:
            c.execute(f"DROP DATABASE {name} WITH (FORCE)")

    return url.rsplit("/", 1)[0] + "/" + name, drop


def cli_extractor():  # noqa: ANN201
    """The extractor `claimledger ingest` uses: held to the default per-article time budget
    (extraction in a forked child that is killed on overrun)."""
    from claimledger.budget import Budget, TimedExtractor
    from claimledger.extraction import Extractor

    return TimedExtractor(Extractor(), Budget())


def local_ingest(corpus: Path, db: str, extractor) -> int:  # noqa: ANN001
    from claimledger.ingest import ingest
    from claimledger.ledger import Ledger
    from claimledger.readers import read_inputs

    with Ledger(db) as led:
        s = ingest(read_inputs([str(corpus)]), led, extractor, batch_size=32)
    return s.inserted


def dask_cluster(workers: int):  # noqa: ANN201
    from distributed import Client, LocalCluster

    from claimledger.batch import worker_version
    from claimledger.batch.plugin import PreloadModel
    from claimledger.batch.worker import warm_up

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=":0")
    client = Client(cluster)
    client.register_plugin(PreloadModel(None), name=PreloadModel.name)
    worker_version(client)  # the model is loaded on every worker before timing starts
    client.run(warm_up)
    return client


def dask_ingest(corpus: Path, db: str, client) -> int:  # noqa: ANN001
    from claimledger.batch import ingest_dask
    from claimledger.budget import Budget
    from claimledger.ledger import Ledger
    from claimledger.readers import read_inputs

    with Ledger(db) as led:  # as `claimledger ingest --engine dask`: with the time budget
        s = ingest_dask(read_inputs([str(corpus)]), led, client=client, partition_size=32,
                        budget=Budget())
    return s.inserted


def close(client) -> None:  # noqa: ANN001
    cluster = client.cluster
    client.close()
    cluster.close()


def rss_child(engine: str, corpus: str, db: str) -> None:
    """Run one ingest in this (fresh) process and print its peak RSS with its workers."""
    with PeakRSS() as rss:
        if engine == "local":
            n = local_ingest(Path(corpus), db, cli_extractor())
        else:
            client = dask_cluster(2)
            n = dask_ingest(Path(corpus), db, client)
            close(client)
    print(json.dumps({"engine": engine, "inserted": n, "peak_rss_mb": round(rss.peak / 2**20),
                      "self_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


def measure_throughput(corpus: Path, work: Path, *, pg: str | None = None,
                       dask_workers: tuple[int, ...] = (1, 2), rounds: int = 2) -> dict[str, float]:
    """Wall seconds of each phase on the texts of `corpus`, best of `rounds` interleaved
    rounds (other jobs slow some runs down; the best is the least disturbed), and the cores
    each Dask run got. Phases: parse (bare nlp.pipe), extract (the extractors on the parsed
    Docs), local (ingest into SQLite as the CLI does it, with the time budget), local_plain
    (the same without the budget: extraction in this process), postgres, dask1, dask2."""
    from claimledger.extraction import parse_date

    texts = texts_of(corpus)
    timed_extractor = cli_extractor()
    extractor = timed_extractor.extractor
    nlp = extractor.nlp
    for _ in nlp.pipe(texts[:20]):  # warm-up: lazy loads in spaCy and in the extractors
        pass
    extractor.extract(texts[0], "2025-01-01")
    local_ingest(write_corpus(work / "warm.jsonl", 2, "synthetic", 2), ":memory:", timed_extractor)

    docs: list = []

    def parse() -> None:
        docs[:] = nlp.pipe(texts, batch_size=16)

    def extract_only() -> None:
        # the extractors on the parsed Docs: what the ingest adds to the parse besides I/O
        day = parse_date("2025-01-01")
        for i, doc in enumerate(docs):
            extractor.record_from_doc(doc, day, str(i))

    clients = {w: dask_cluster(w) for w in dask_workers}
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, seconds), seconds)

    try:
        for r in range(rounds):
            keep("parse", timed(parse))
            keep("extract", timed(extract_only))
            docs.clear()
            keep("local", timed(lambda r=r: local_ingest(corpus, str(work / f"local{r}.db"), timed_extractor)))
            keep("local_plain", timed(lambda r=r: local_ingest(corpus, str(work / f"plain{r}.db"), extractor)))
            if pg:
                url, drop = fresh_pg(pg)
                try:
                    keep("postgres", timed(lambda u=url: local_ingest(corpus, u, timed_extractor)))
                finally:
                    drop()
            for w, client in clients.items():
                cpu0 = tree_cpu_seconds()
                t = timed(lambda c=client, w=w, r=r: dask_ingest(corpus, str(work / f"dask{w}-{r}.db"), c))
                if t < best.get(f"dask{w}", float("inf")):
                    # cores this run got: CPU seconds of client and workers over wall seconds
                    best[f"dask{w}_cores"] = (tree_cpu_seconds() - cpu0) / t
                keep(f"dask{w}", t)
    finally:
        for client in clients.values():
            close(client)
        timed_extractor.close()
    return best


def measure_rss(work: Path, sizes: list[int], engines: list[str], sentences: int = 3) -> dict[str, float]:
    """Peak RSS (MB, process + children) and articles/s of a fresh process ingesting `size`
    short synthetic articles, per engine and size."""
    out: dict[str, float] = {}
    for size in sizes:
        short = write_corpus(work / f"short-{size}.jsonl", size, "synthetic", sentences)
        for engine in engines:
            db = work / f"rss-{engine}-{size}.db"
            t0 = time.perf_counter()
            line = subprocess.run(
                [sys.executable, __file__, "--rss-child", engine, str(short), str(db)],
                capture_output=True, text=True, check=True,
            ).stdout.strip().splitlines()[-1]
            out[f"rss_{engine}_{size}_peak_mb"] = json.loads(line)["peak_rss_mb"]
            out[f"rss_{engine}_{size}_articles_per_s"] = round(size / (time.perf_counter() - t0), 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--sentences", type=int, default=10, help="sentences per synthetic article")
    ap.add_argument("--corpus", choices=("synthetic", "polnear"), default="synthetic")
    ap.add_argument("--rss-articles", default="1000,10000",
                    help="corpus sizes for the memory runs (short synthetic articles); '' skips")
    ap.add_argument("--rss-sentences", type=int, default=3)
    ap.add_argument("--rss-engines", default="local,dask")
    ap.add_argument("--pg", default=os.environ.get("CLAIMLEDGER_TEST_PG_URL"),
                    help="PostgreSQL server URL (a database is created and dropped)")
    ap.add_argument("--skip", default="", help="comma list of phases to skip: postgres,dask")
    ap.add_argument("--rounds", type=int, default=2, help="best of this many interleaved rounds")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--rss-child", nargs=3, metavar=("ENGINE", "CORPUS", "DB"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.rss_child:
        rss_child(*a.rss_child)
        return
    skip = set(filter(None, a.skip.split(",")))
    if a.corpus == "polnear" and not POLNEAR_TRAIN.is_dir():
        sys.exit(f"{POLNEAR_TRAIN}: not here; use --corpus synthetic")

    work = Path(tempfile.mkdtemp(prefix="claimledger-bench-"))
    corpus = write_corpus(work / "corpus.jsonl", a.articles, a.corpus, a.sentences)
    texts = texts_of(corpus)
    n = len(texts)
    report: dict[str, object] = {
        "corpus": a.corpus, "articles": n, "words": sum(len(t.split()) for t in texts),
        "cpus": os.cpu_count(), "load_avg_start": [round(x, 2) for x in os.getloadavg()],
    }
    best = measure_throughput(corpus, work, pg=None if "postgres" in skip else a.pg,
                              dask_workers=() if "dask" in skip else (1, 2), rounds=a.rounds)
    report["rounds"] = a.rounds
    report["parse_articles_per_s"] = round(n / best["parse"], 2)
    report["local_sqlite_articles_per_s"] = round(n / best["local"], 2)
    report["local_over_parse_time"] = round(best["local"] / best["parse"], 3)
    report["local_without_budget_over_parse_time"] = round(best["local_plain"] / best["parse"], 3)
    # where the rest goes: the extractors, and reading + hashing + storing (the ingest itself)
    report["extractors_over_parse_time"] = round(best["extract"] / best["parse"], 3)
    report["read_store_over_parse_time"] = round(
        (best["local_plain"] - best["parse"] - best["extract"]) / best["parse"], 3)
    if "postgres" in best:
        report["local_postgres_articles_per_s"] = round(n / best["postgres"], 2)
        report["postgres_over_sqlite_throughput"] = round(best["local"] / best["postgres"], 3)
    if "dask1" in best:
        report["dask_1_articles_per_s"] = round(n / best["dask1"], 2)
        report["dask_2_articles_per_s"] = round(n / best["dask2"], 2)
        report["dask_2_over_1_throughput"] = round(best["dask1"] / best["dask2"], 3)
        # below 2 cores for dask-2 means other jobs took the rest: the ratio is bounded by it
        report["dask_1_cores_used"] = round(best["dask1_cores"], 2)
        report["dask_2_cores_used"] = round(best["dask2_cores"], 2)

    sizes = [int(x) for x in a.rss_articles.split(",") if x]
    report.update(measure_rss(work, sizes, list(filter(None, a.rss_engines.split(","))), a.rss_sentences))
    report["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]

    if a.json:
        json.dump(report, sys.stdout, indent=1)
        print()
    else:
        for k, v in report.items():
            print(f"{k:40s} {v}")


if __name__ == "__main__":
    main()
