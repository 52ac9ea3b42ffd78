"""Extraction overhead over the bare spaCy parse, measured in one run on the same texts.

    python benchmarks/extraction_overhead.py [--corpus polnear|samples] [--limit N] [--json]

Parses every text once with `nlp.pipe` (timed: the parse), then times each extraction
component on the same Docs (CPU time of this process, so other jobs on the machine
disturb the ratios little). Reports each component's time as a share of the parse time, and
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


def stage_seconds(nlp, texts: list[str], day: dt.date, repeat: int = 1) -> dict[str, float]:  # noqa: ANN001
    """CPU seconds of the bare parse and of each extraction stage on the parsed Docs, best
    of `repeat` passes each (CPU time of this process: other jobs on the machine slow the
    wall clock, not this). Keys: parse, times, quantities, statements (the CRF statement
    finder alone), claims (statements + speakers, via, stance, said_on)."""
    from claimledger.extraction import attribution, quantities, times
    from claimledger.extraction.statements import find_statements

    list(nlp.pipe(texts[:5]))  # warm-up: lazy loads in spaCy and in the extractors
    docs: list = []
    found_times: list = []

    def best(fn) -> float:  # noqa: ANN001
        out = float("inf")
        for _ in range(max(1, repeat)):
            t0 = time.process_time()
            fn()
            out = min(out, time.process_time() - t0)
        return out

    def parse() -> None:
        docs[:] = nlp.pipe(texts, batch_size=16)

    def find_times() -> None:
        found_times[:] = [times.find_times(d, day) for d in docs]

    def find_claims() -> None:
        for doc, ts in zip(docs, found_times, strict=True):
            attribution.find_claims(doc, day, ts)

    return {
        "parse": best(parse),
        "times": best(find_times),
        "quantities": best(lambda: [quantities.find_quantities(d) for d in docs]),
        "statements": best(lambda: [find_statements(d) for d in docs]),
        "claims": best(find_claims),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("polnear", "samples"), default="polnear")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    from claimledger.extraction.pipeline import load_model

    nlp = load_model()
    texts = corpus(a.corpus, a.limit)
    found = stage_seconds(nlp, texts, dt.date(2024, 10, 23))
    parse = found.pop("parse")
    found.pop("statements")  # part of claims; benchmarks/run_all.py reports it on its own
    timings = found

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
