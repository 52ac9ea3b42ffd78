"""Statement extraction time against the spaCy parse time, on the same texts, in one run.

    python benchmarks/attribution_speed.py [--polnear ../shared/data/polnear/dev] [--repeat 3]

Prints the parse time, the find_statements time (CRF features + tagging + grouping), their
ratio and articles per second. Only ratios measured in the same run are comparable.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from claimledger.extraction.pipeline import load_model
from claimledger.extraction.statements import _load_crf, find_statements

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear" / "dev"
    )
    ap.add_argument(
        "--repeat", type=int, default=3, help="find_statements passes (best one counts)"
    )
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args(argv)
    files = sorted((a.polnear / "text").glob("*.txt"))
    if a.limit:
        files = files[: a.limit]
    texts = [f.read_text(encoding="utf-8") for f in files]
    nlp = load_model()
    _load_crf()  # load the weights outside the timed part
    nlp("warm up")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - t0
    best = float("inf")
    n_statements = 0
    for _ in range(max(1, a.repeat)):
        t0 = time.perf_counter()
        n_statements = sum(len(find_statements(d)) for d in docs)
        best = min(best, time.perf_counter() - t0)
    n = len(docs)
    print(f"articles:         {n} ({sum(len(d) for d in docs)} tokens, {n_statements} statements)")
    print(f"spaCy parse:      {parse:.2f}s  ({n / parse:.1f} articles/s)")
    print(f"find_statements:  {best:.2f}s  ({n / best:.1f} articles/s)")
    print(f"ratio:            {best / parse:.3f} of the parse time")
    print(f"parse + statements: {n / (parse + best):.1f} articles/s")


if __name__ == "__main__":
    main()
