"""`make bench`: run the benchmarks and write benchmarks/report.json and benchmarks/REPORT.md.

    python benchmarks/run_all.py [--quick] [--out DIR]

Every figure is a ratio or a cost measured in this one run, and names what it was measured
against (the bare spaCy parse of the same texts, the smallest size, SQLite, one worker), so
that machine speed and load cancel out as far as they can. Sections:

    ingest      ingest (as `claimledger ingest` runs it), the extractors, PostgreSQL and Dask
                with 1 and 2 workers on one synthetic corpus    (benchmarks/ingest_scale.py)
    stages      times, quantities, statements, claims: CPU time over the parse
                                                                (benchmarks/extraction_overhead.py)
    length      cost per KB for 1, 5, 20 and 100 KB articles    (benchmarks/length_scale.py)
    ledger      per-article ingest and the stored-hash check at 1k, 10k, 100k stored articles
                                                                (benchmarks/ledger_scale.py)
    memory      peak RSS of a fresh ingest process and its workers (benchmarks/ingest_scale.py)
    linking     per-article linking cost at 1k, 10k, 100k stored articles (a probe of new
                articles at each size), its share of ingest, memory, PostgreSQL against SQLite
                                                                (benchmarks/linking_scale.py)
    search      search p50 / p95 over a synthetic ledger of claims  (benchmarks/query_speed.py)

The PostgreSQL row needs CLAIMLEDGER_TEST_PG_URL (a database is created and dropped on that
server); without it the row says so. `--quick` is a smoke run on tiny inputs (no Dask, no
PostgreSQL) and writes to a temporary folder unless --out is given, so it never replaces
the committed report. A full run takes about 10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from extraction_overhead import POLNEAR_DEV, stage_seconds  # noqa: E402
from extraction_overhead import corpus as overhead_corpus  # noqa: E402
from ingest_scale import measure_rss, measure_throughput, texts_of, write_corpus  # noqa: E402
from ledger_scale import measure_ledger_sizes  # noqa: E402
from length_scale import measure_lengths  # noqa: E402

PG_ENV = "CLAIMLEDGER_TEST_PG_URL"


@dataclass
class Settings:
    articles: int  # synthetic articles of the ingest section
    rounds: int  # best of this many interleaved rounds (wall-clock sections)
    dask: bool
    postgres: bool
    polnear: bool  # the stage ratios also on PolNeAR dev (read at run time from ../shared)
    lengths_kb: list[int]
    length_total_kb: int
    ledger_sizes: list[int]
    rss_sizes: list[int]
    rss_engines: list[str]
    linking_sizes: list[int]
    linking_probe: int  # new articles linked at each size
    linking_minutes: float  # the linking ledger stops growing after this long (probed where it is)
    linking_pg_sizes: list[int]
    search_claims: int
    search_rounds: int


FULL = Settings(articles=120, rounds=2, dask=True, postgres=True, polnear=True,
                lengths_kb=[1, 5, 20, 100], length_total_kb=60,
                ledger_sizes=[1000, 10_000, 100_000], rss_sizes=[300, 1200],
                rss_engines=["local", "dask"], linking_sizes=[1000, 10_000, 100_000], linking_probe=64,
                linking_minutes=60, linking_pg_sizes=[1000], search_claims=200_000, search_rounds=20)
QUICK = Settings(articles=16, rounds=1, dask=False, postgres=False, polnear=False,
                 lengths_kb=[1, 5], length_total_kb=5, ledger_sizes=[1000],
                 rss_sizes=[50], rss_engines=["local"], linking_sizes=[300, 1000], linking_probe=8,
                 linking_minutes=3, linking_pg_sizes=[], search_claims=20_000, search_rounds=5)


@dataclass
class Figure:
    section: str
    name: str
    value: float | None
    unit: str
    against: str  # what the figure was measured against, in the same run
    note: str = ""


class Report:
    def __init__(self) -> None:
        self.figures: list[Figure] = []
        self.raw: dict[str, object] = {}
        self.skipped: dict[str, list[str]] = {}  # section -> why a row was not measured

    def skip(self, section: str, why: str) -> None:
        self.skipped.setdefault(section, []).append(why)

    def add(self, section: str, name: str, value: float | None, unit: str, against: str,
            note: str = "") -> None:
        self.figures.append(Figure(section, name, value, unit, against, note))


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def pg_reachable(url: str | None) -> str | None:
    """Why the PostgreSQL row cannot run, or None when it can."""
    if not url:
        return f"{PG_ENV} is not set (scripts/ci-postgres.sh starts a throwaway server)"
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure: no row, with the reason
        return f"cannot reach the server in {PG_ENV} ({exc.__class__.__name__})"


def ingest_section(rep: Report, s: Settings, work: Path) -> None:
    corpus = write_corpus(work / "corpus.jsonl", s.articles, "synthetic", 10)
    texts = texts_of(corpus)
    what = (f"{len(texts)} synthetic wire articles (10 sentences, {sum(map(len, texts)) // len(texts)} "
            f"characters each on average)")
    pg_url = os.environ.get(PG_ENV)
    pg_why = pg_reachable(pg_url) if s.postgres else "not run in --quick"
    if pg_why:
        rep.skip("postgres", pg_why)
    if not s.dask:
        rep.skip("dask", "not run in --quick")
    best = measure_throughput(corpus, work, pg=None if pg_why else pg_url,
                              dask_workers=(1, 2) if s.dask else (), rounds=s.rounds)
    rep.raw["ingest"] = {"corpus": what, "rounds": s.rounds, "best_seconds": best}
    parse = f"the bare spaCy parse (nlp.pipe) of the same {what}; wall clock, best of {s.rounds}"
    rep.add("ingest", "ingest into SQLite, as `claimledger ingest` runs it (with the time budget)",
            best["local"] / best["parse"], "x parse time", parse)
    rep.add("ingest", "ingest into SQLite without the per-article time budget (extraction in-process)",
            best["local_plain"] / best["parse"], "x parse time", parse)
    rep.add("ingest", "the extractors alone (record_from_doc on the parsed Docs)",
            best["extract"] / best["parse"], "x parse time", parse)
    rep.add("ingest", "read + hash + stored-hash check + store (ingest without budget - parse - extractors)",
            (best["local_plain"] - best["parse"] - best["extract"]) / best["parse"], "x parse time", parse,
            "near 0 means storage is not the cost; negative values are noise")
    rep.add("ingest", "bare parse throughput", len(texts) / best["parse"], "articles/s",
            "absolute: this machine, this load (for scale only)")
    if "postgres" in best:
        rep.add("postgres", "ingest into PostgreSQL: throughput over SQLite", best["local"] / best["postgres"],
                "x SQLite throughput", f"the same ingest into a fresh SQLite file, same run, best of {s.rounds}")
    if "dask1" in best:
        rep.add("dask", "Dask, 2 workers: throughput over 1 worker", best["dask1"] / best["dask2"],
                "x 1-worker throughput", f"ingest on a LocalCluster of 1 worker process, same corpus, best of {s.rounds}",
                f"the 2-worker run got {best['dask2_cores']:.2f} cores of the 2 (other jobs took the rest)")
        for w in (1, 2):
            rep.add("dask", f"Dask, {w} worker{'s' * (w > 1)}: time over the bare parse", best[f"dask{w}"] / best["parse"],
                    "x parse time", parse + " (one process)")


def stages_section(rep: Report, s: Settings, work: Path) -> None:
    from claimledger.extraction.pipeline import load_model

    nlp = load_model()
    sets = [("synthetic", texts_of(work / "corpus.jsonl"))]
    if s.polnear and POLNEAR_DEV.is_dir():
        sets.append(("PolNeAR dev", overhead_corpus("polnear", None)))
    elif s.polnear:
        rep.skip("stages", f"PolNeAR dev: {POLNEAR_DEV} is not here")
    rep.raw["stages"] = {}
    for label, texts in sets:
        secs = stage_seconds(nlp, texts, dt.date(2025, 3, 4), repeat=s.rounds)
        rep.raw["stages"][label] = {"articles": len(texts), "cpu_seconds": secs}
        against = (f"the bare spaCy parse of the same {len(texts)} {label} texts; "
                   f"CPU time of one process, best of {s.rounds}")
        for stage, title in (("times", "times (find_times)"), ("quantities", "quantities (find_quantities)"),
                             ("statements", "statements (CRF statement finder alone)"),
                             ("claims", "attribution: statements + speakers, via, stance, said_on (find_claims)")):
            rep.add("stages", f"{label}: {title}", secs[stage] / secs["parse"], "x parse time", against)
        total = secs["times"] + secs["quantities"] + secs["claims"]
        rep.add("stages", f"{label}: all extraction", total / secs["parse"], "x parse time", against)


def length_section(rep: Report, s: Settings, work: Path) -> None:
    rows = measure_lengths(s.lengths_kb, s.length_total_kb, work, s.rounds)
    rep.raw["length"] = rows
    first = f"{s.lengths_kb[0]}k"
    for key, row in rows.items():
        label = f"{key[:-1]} KB"
        n = f"{row['articles']} article{'s' * (row['articles'] > 1)} of {label}"
        stored = "" if row["stored"] == row["articles"] else f"only {row['stored']} of {row['articles']} stored"
        rep.add("length", f"{label} articles: ingest (extraction in-process) over parse", row["ingest_over_parse"],
                "x parse time", f"the bare parse of the same {n}; wall clock, best of {s.rounds}", stored)
        rep.add("length", f"{label} articles: extractors over parse", row["extract_over_parse"], "x parse time",
                f"the bare parse of the same {n}; wall clock, best of {s.rounds}")
        for what in ("parse", "ingest"):
            rep.add("length", f"{label} articles: {what} cost per KB", row[f"{what}_per_kb_over_{first}"],
                    f"x per-KB cost at {first[:-1]} KB", f"the same measure on {first[:-1]} KB articles, same run",
                    f"{row[f'{what}_ms_per_kb']} ms/KB")


def ledger_section(rep: Report, s: Settings, work: Path) -> None:
    rows = measure_ledger_sizes(s.ledger_sizes, work)
    rep.raw["ledger"] = rows
    first = f"{s.ledger_sizes[0] // 1000}k"
    for label, row in rows.items():
        against = f"the same measure on the {first} ledger (the same file before it grew), same run"
        rep.add("ledger", f"{label} articles stored: ingest of 32 new articles without linking, per article",
                row[f"ingest_over_{first}"], f"x at {first}", against, f"{row['ingest_s_per_article']} s/article")
        rep.add("ledger", f"{label}: store 32 new records (one transaction), per article",
                row[f"store_over_{first}"], f"x at {first}", against, f"{row['store_ms_per_article']} ms/article")
        rep.add("ledger", f"{label}: stored-hash check (versions(), batches of 32), per hash",
                row[f"check_over_{first}"], f"x at {first}", against, f"{row['check_us_per_hash']} µs/hash")
        rep.add("ledger", f"{label}: rerun of 1,000 stored articles (read, hash, check, skip), per article",
                row[f"rerun_over_{first}"], f"x at {first}", against, f"{row['rerun_ms_per_article']} ms/article")


def memory_section(rep: Report, s: Settings, work: Path) -> None:
    rows = measure_rss(work, s.rss_sizes, s.rss_engines)
    rep.raw["memory"] = rows
    small, big = s.rss_sizes[0], s.rss_sizes[-1]
    for engine in s.rss_engines:
        who = "one process" if engine == "local" else "client + 2 workers and their nannies"
        for size in s.rss_sizes:
            rep.add("memory", f"peak RSS, {engine} engine, {size:,} short articles ({who})",
                    rows[f"rss_{engine}_{size}_peak_mb"], "MB",
                    "absolute (sampled every 50 ms over the process tree); compare the sizes",
                    "RSS summed over the tree counts pages shared copy-on-write with the forked "
                    "time-budget child twice: an upper bound")
        if big != small:
            rep.add("memory", f"peak RSS growth, {engine} engine, {big:,} over {small:,} articles",
                    rows[f"rss_{engine}_{big}_peak_mb"] / rows[f"rss_{engine}_{small}_peak_mb"],
                    f"x peak at {small:,}", f"the same ingest of {small:,} articles, same run",
                    "1.0 = flat: memory does not grow with the input")


def linking_section(rep: Report, s: Settings, work: Path, earlier: Path | None = None) -> None:
    """`earlier`: a `linking_scale.py --json` result to report instead of measuring again."""
    import linking_scale

    if earlier is not None:
        raw = json.loads(earlier.read_text(encoding="utf-8"))
        rep.skip("linking", f"in this run: the figures above are a saved `linking_scale.py --json` result "
                 f"({earlier.name}; its curve took {raw['curve_sqlite'].get('seconds', 0) / 60:.0f} minutes, "
                 f"sizes asked {raw.get('sizes')}, growth limit {raw.get('max_minutes')} minutes)")
    else:
        pg_url = os.environ.get(PG_ENV)
        pg_why = pg_reachable(pg_url) if s.linking_pg_sizes else "not run in --quick"
        if pg_why:
            rep.skip("linking", f"PostgreSQL: {pg_why}")
        raw = linking_scale.measure(s.linking_sizes, s.linking_probe, 1000, 40 if s.polnear else 0,
                                    None if pg_why else pg_url, s.linking_pg_sizes,
                                    max_minutes=s.linking_minutes)
    rep.raw["linking"] = raw
    points = raw["curve_sqlite"]["points"]
    first = points[0]
    probe = f"{first['probe']} new synthetic articles linked one per call"
    for p in points:
        size = f"{p['size']:,} articles stored" + (" (growth stopped by the time limit)" if p.get("capped") else "")
        rep.add("linking", f"{size}: linking, mean per article", p["mean_over_first"], f"x at {first['size']:,}",
                f"the same probe measure at {first['size']:,} articles (same ledger, same run), each over a fixed "
                "CPU task timed next to it", f"{p['link_ms_mean']} ms mean, {p['link_ms_p50']} ms p50, "
                f"{p['link_ms_p95']} ms p95 ({probe}); RSS {p['rss_mb']} MB")
        rep.add("linking", f"{size}: linking over ingest", p["link_over_ingest"], "x ingest time",
                f"ingest (read, parse, extract, store) of the same kind of {first['probe']} texts: "
                f"{raw['probe_ingest']['ingest_ms']} ms per article", "target at most 0.10")
    if len(points) > 1:
        rep.add("linking", "resident memory, largest over smallest ledger", points[-1]["rss_mb"] / first["rss_mb"],
                f"x RSS at {first['size']:,}", "the same process at the first size", "1.0 = flat")
    if "overhead" in raw:
        o = raw["overhead"]
        rep.add("linking", f"real text: linking over the rest of ingest ({o['articles']} articles)",
                o["link_over_rest"], "x ingest time",
                "the rest of the same ingest (read, parse, extract, store) of samples/ and PolNeAR train texts",
                "a fresh ledger; target at most 0.10")
    for p in raw.get("curve_postgres", {}).get("points", []):
        if "mean_over_sqlite" in p:
            rep.add("linking", f"PostgreSQL, {p['size']:,} articles stored: linking, mean per article",
                    p["mean_over_sqlite"], "x SQLite", "the same probe on SQLite, same run",
                    f"{p['link_ms_mean']} ms mean on PostgreSQL")


def search_section(rep: Report, s: Settings, work: Path) -> None:
    """benchmarks/query_speed.py's search part, run as its command line (its own process)."""
    cmd = [sys.executable, str(HERE / "query_speed.py"), "--claims", str(s.search_claims),
           "--db", str(work / "search.db"), "--rounds", str(s.search_rounds), "--skip", "pages,stream,load"]
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    found: dict = {}
    for line in out.stdout.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict):
            found.update({k: v for k, v in row.items() if k.startswith("search")})
    if out.returncode or not found:
        rep.skip("search", f"query_speed.py failed (exit {out.returncode}): {out.stderr.strip()[-300:]}")
        return
    cases = next(iter(found.values()))
    rep.raw["search"] = {"claims": s.search_claims, "rounds": s.search_rounds, "ms_p50_p95": cases}
    against = (f"absolute: a page of 50 over {s.search_claims:,} synthetic claims in SQLite, wall clock, "
               f"{s.search_rounds} runs a case, this machine under its load (target p95 < 50 ms)")
    for name, value in cases.items():
        if not name.endswith("(cpu)") and isinstance(value, list) and len(value) == 2:
            rep.add("search", f"search: {name}, p50", value[0], "ms", against, f"p95 {fmt(value[1])} ms")


NOT_MEASURED: dict[str, str] = {}  # every section is measured now

SECTIONS = [  # (key, title, what it answers)
    ("ingest", "Ingest against the bare parse", "what `claimledger ingest` adds to spaCy's parse"),
    ("stages", "Extraction stages against the bare parse", "each extractor's share"),
    ("postgres", "SQLite against PostgreSQL", "whether PostgreSQL keeps pace"),
    ("dask", "Dask with 1 and 2 workers", "whether a second worker process pays"),
    ("length", "Cost against article length", "whether cost per KB stays flat from 1 to 100 KB"),
    ("ledger", "Cost against ledger size", "whether ingest and the stored-hash check slow down as the ledger grows"),
    ("memory", "Peak memory (RSS)", "whether memory stays flat as the input grows"),
    ("linking", "Linking cost", "whether linking stays under a tenth of ingest and flat as the ledger grows"),
    ("search", "Search latency (p50 / p95)", "how long a search page takes over a large ledger"),
]


def fmt(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.0f}" if abs(v) >= 100 else f"{v:.2f}" if abs(v) >= 1 else f"{v:.3f}"


def section_table(figs: list[Figure]) -> list[str]:
    """The figures of one section; a baseline they all share is said once above the table."""
    against = {f.against for f in figs}
    notes = any(f.note for f in figs)
    lines = [f"Measured against: {figs[0].against}.", ""] if len(against) == 1 else []
    cols = ["figure", "value", "unit"] + (["measured against"] if len(against) > 1 else []) + (["note"] if notes else [])
    lines += ["| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]
    for f in figs:
        cells = [f.name, f"**{fmt(f.value)}**", f.unit]
        cells += [f.against] if len(against) > 1 else []
        cells += [f.note] if notes else []
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def is_loaded(meta: dict[str, object]) -> bool:
    """Whether other work ran beside this run: a load average over 3/4 of the cores."""
    return max(meta["load_start"][0], meta["load_end"][0]) > 0.75 * float(meta["cpus"])  # type: ignore[index, arg-type]


def render_again(out: Path) -> int:
    """REPORT.md written again from `out`/report.json, measuring nothing."""
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rep = Report()
    rep.figures = [Figure(**f) for f in doc["figures"]]
    rep.raw, rep.skipped = doc.get("raw", {}), doc.get("skipped", {})
    (out / "REPORT.md").write_text(render_markdown(doc["meta"], rep), encoding="utf-8")
    print(f"wrote {out / 'REPORT.md'} from {out / 'report.json'}")
    return 0


def render_markdown(meta: dict[str, object], rep: Report) -> str:
    lines = [
        "# Benchmark report",
        "",
        f"Written by `make bench` (`benchmarks/run_all.py{' --quick' if meta['quick'] else ''}`) on "
        f"{meta['finished_utc']} UTC, commit {meta['commit']}, in {meta['wall_s']:.0f} s.",
        "",
    ]
    if meta.get("earlier_run"):
        e = meta["earlier_run"]
        lines += [f"Sections from this run: {', '.join(meta['sections_this_run'])}; the others are from the "
                  f"run of {e['finished_utc']} UTC (commit {e['commit']}, {e['wall_s']:.0f} s, load average "
                  f"{e['load_start'][0]:.1f} to {e['load_end'][0]:.1f}).", ""]
    loaded = is_loaded(meta)
    lines += [
        (f"**This run was on a loaded machine**: {meta['cpus']} cores shared with other jobs; load "
         if loaded else f"This run had the machine's {meta['cpus']} cores mostly to itself; load ")
        + f"average {meta['load_start'][0]:.1f} at the start and {meta['load_end'][0]:.1f} at the end. "
        + ("Absolute times are depressed and noisy, so every" if loaded else "Absolute times still vary "
           "from machine to machine, so every")
        + " figure is a ratio or a cost measured "
        "in this same run against the baseline it names; compare those, not seconds. "
        "Ratios of wall-clock phases are best of the rounds, interleaved, so that a burst of "
        "other work hits every phase alike; the stage ratios use CPU time of one process.",
        "",
        f"Python {meta['python']}, spaCy {meta['spacy']}, model {meta['model']}. "
        "Corpora are synthetic wire-style texts written by benchmarks/ingest_scale.py "
        "(no copied text), plus PolNeAR dev read from ../shared at run time when it is there.",
        "",
    ]
    for key, title, question in SECTIONS:
        figs = [f for f in rep.figures if f.section == key]
        lines += [f"## {title}", "", f"_{question}_", ""]
        skipped = rep.skipped.get(key, [])
        if not figs:
            lines += [f"Not measured in this run: {'; '.join(skipped) or 'see report.json'}.", ""]
            continue
        lines += section_table(figs)
        lines += [f"Not measured: {'; '.join(skipped)}.", ""] if skipped else []
    lines += ["The raw timings of every section are in `benchmarks/report.json` (`raw`).", ""]
    return "\n".join(lines)


def keep_from_earlier_run(rep: Report, meta: dict, earlier: dict, only: set[str]) -> None:
    """`--only`: the sections not run now keep their figures from the report in --out."""
    ran = set(only) | ({"postgres", "dask"} if "ingest" in only else set())
    ran |= {"stages"} if "ingest" in only else set()
    kept = [Figure(**f) for f in earlier.get("figures", []) if f["section"] not in ran]
    rep.figures = sorted(kept + rep.figures, key=lambda f: [k for k, _, _ in SECTIONS].index(f.section))
    for key, why in earlier.get("skipped", {}).items():
        if key not in ran:
            rep.skipped.setdefault(key, why)
    for key, value in earlier.get("raw", {}).items():
        rep.raw.setdefault(key, value)
    meta["earlier_run"] = {k: earlier.get("meta", {}).get(k) for k in
                           ("started_utc", "finished_utc", "wall_s", "load_start", "load_end", "commit")}
    meta["sections_this_run"] = sorted(ran)


def model_label() -> str:
    try:
        from claimledger.extraction.pipeline import load_model

        nlp = load_model()
        return f"{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"
    except Exception as exc:  # noqa: BLE001 - the report says so instead
        return f"unknown ({exc.__class__.__name__})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a smoke run on tiny inputs (~1 minute)")
    ap.add_argument("--out", type=Path, default=None,
                    help="folder for report.json and REPORT.md (default benchmarks/; --quick: a temp folder)")
    ap.add_argument("--only", default="", help="comma list of sections to run (default all)")
    ap.add_argument("--linking-from", type=Path, default=None,
                    help="report this `linking_scale.py --json` result instead of measuring linking again")
    ap.add_argument("--render", action="store_true",
                    help="only write REPORT.md again from the report.json in --out (default benchmarks/)")
    a = ap.parse_args()
    if a.render:
        return render_again(a.out or HERE)
    s = QUICK if a.quick else FULL
    out = a.out or (Path(tempfile.mkdtemp(prefix="claimledger-bench-quick-")) if a.quick else HERE)
    only = set(filter(None, a.only.split(",")))
    work = Path(tempfile.mkdtemp(prefix="claimledger-bench-"))
    import spacy

    t0 = time.perf_counter()
    meta: dict[str, object] = {
        "quick": a.quick, "commit": git_commit(), "cpus": os.cpu_count(),
        "load_start": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version(),
        "spacy": spacy.__version__, "model": model_label(),
        "started_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"), "settings": asdict(s),
    }
    rep = Report()
    sections = [("ingest", ingest_section), ("stages", stages_section), ("length", length_section),
                ("ledger", ledger_section), ("memory", memory_section), ("search", search_section),
                ("linking", lambda rep, s, work: linking_section(rep, s, work, a.linking_from))]
    for name, run in sections:
        if only and name not in only and not (name == "stages" and "ingest" in only):
            continue
        if name == "stages" and not (work / "corpus.jsonl").exists():
            write_corpus(work / "corpus.jsonl", s.articles, "synthetic", 10)
        t = time.perf_counter()
        print(f"[{time.perf_counter() - t0:6.0f} s] {name} ...", flush=True)
        run(rep, s, work)
        rep.raw.setdefault("section_seconds", {})[name] = round(time.perf_counter() - t, 1)
    meta["load_end"] = [round(x, 2) for x in os.getloadavg()]
    meta["finished_utc"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    meta["wall_s"] = round(time.perf_counter() - t0, 1)
    meta["machine_note"] = ("loaded machine: shared with other jobs" if is_loaded(meta) else
                            "machine mostly to this run") + "; compare ratios, not seconds"

    out.mkdir(parents=True, exist_ok=True)
    if only and (out / "report.json").exists():
        keep_from_earlier_run(rep, meta, json.loads((out / "report.json").read_text(encoding="utf-8")), only)
    doc = {"meta": meta, "figures": [asdict(f) for f in rep.figures], "skipped": rep.skipped,
           "not_measured": NOT_MEASURED, "raw": rep.raw}
    for f in doc["figures"]:
        f["value"] = None if f["value"] is None else round(f["value"], 4)
    (out / "report.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "REPORT.md").write_text(render_markdown(meta, rep), encoding="utf-8")
    print(f"wrote {out / 'report.json'} and {out / 'REPORT.md'} in {meta['wall_s']:.0f} s")
    for f in rep.figures:
        print(f"  {f.section:8s} {fmt(f.value):>7s} {f.unit:22s} {f.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
