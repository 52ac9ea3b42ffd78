"""Extraction overhead over the bare spaCy parse, measured in one run on the same texts.

    python benchmarks/extraction_overhead.py [--corpus polnear|samples] [--limit N] [--json]

Parses every text once with `nlp.pipe` (timed: the parse), then times each extraction
component on the same Docs. Reports each component's time as a share of the parse time, and
articles per second for the parse and for the whole extraction. Ratios, not absolute times,
are what to compare across machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


def corpus(name: str, limit: int | None) -> list[str]:
    if name == "polnear" and POLNEAR_DEV.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))]
    else:
        from claimledger.readers import Article, read_inputs

        texts = [a.text for a in read_inputs([str(ROOT / "samples")]) if isinstance(a, Article)] * 20
    return texts[:limit] if limit else texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("polnear", "samples"), default="polnear")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    from claimledger.extraction import attribution, quantities, times
    from claimledger.extraction.pipeline import load_model

    nlp = load_model()
    texts = corpus(a.corpus, a.limit)
    day = dt.date(2024, 10, 23)
    list(nlp.pipe(texts[:5]))  # warm-up

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - t0

    timings: dict[str, float] = {}
    found_times = []
    t0 = time.perf_counter()
    for doc in docs:
        found_times.append(times.find_times(doc, day))
    timings["times"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for doc in docs:
        quantities.find_quantities(doc)
    timings["quantities"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for doc, ts in zip(docs, found_times, strict=True):
        attribution.find_claims(doc, day, ts)
    timings["claims"] = time.perf_counter() - t0

    total = sum(timings.values())
    n, words = len(texts), sum(len(t.split()) for t in texts)
    report = {
        "corpus": a.corpus, "articles": n, "words": words,
        "parse_s": round(parse, 3), "parse_articles_per_s": round(n / parse, 2),
        **{f"{k}_over_parse": round(v / parse, 4) for k, v in timings.items()},
        "quantities+times_over_parse": round((timings["times"] + timings["quantities"]) / parse, 4),
        "extraction_over_parse": round(total / parse, 4),
        "end_to_end_articles_per_s": round(n / (parse + total), 2),
    }
    if a.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return
    print(f"{n} articles, {words} words ({a.corpus}); spaCy parse {parse:.2f} s = {n / parse:.1f} articles/s")
    for k, v in timings.items():
        print(f"  {k:<12} {v:7.3f} s  {100 * v / parse:6.2f}% of the parse")
    print(f"  quantities+times {100 * (timings['times'] + timings['quantities']) / parse:6.2f}% of the parse")
    print(f"  all extraction   {100 * total / parse:6.2f}% of the parse")
    print(f"end to end: {n / (parse + total):.1f} articles/s")


if __name__ == "__main__":
    main()
