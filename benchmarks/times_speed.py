"""Time of `find_times` (and `find_quantities`) as a share of the spaCy parse time.

Both are measured in one run on the same texts (by default the PolNeAR dev texts under
../shared); the figure that matters is the ratio, never an absolute time. Times are CPU
times of this process (best of --repeat runs), so other jobs on a shared machine do not
skew the ratio.

    python benchmarks/times_speed.py [--texts DIR] [--limit N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from claimledger.extraction.pipeline import load_model
from claimledger.extraction.times import find_times

DEFAULT_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "dev" / "text"


def _best_of(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=DEFAULT_TEXTS, help="folder of .txt files")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N texts")
    ap.add_argument("--repeat", type=int, default=3, help="take the best of N runs")
    args = ap.parse_args()
    if not args.texts.is_dir():
        raise SystemExit(f"no texts at {args.texts}; pass --texts DIR with .txt files")
    paths = sorted(args.texts.glob("*.txt"))
    if args.limit:
        paths = paths[: args.limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = load_model()
    nlp("warm up")
    # The parse is timed once per repeat too, so both sides see the same machine load.
    docs: list = []

    def parse() -> None:
        docs[:] = list(nlp.pipe(texts, batch_size=16))

    parse_s = _best_of(args.repeat, parse)
    day = dt.date(2016, 10, 1)
    times_s = _best_of(args.repeat, lambda: [find_times(d, day) for d in docs])
    n_times = sum(len(find_times(d, day)) for d in docs)
    print(f"texts {len(texts)}  chars {sum(map(len, texts))}  timexes {n_times}")
    print(f"spaCy parse      {parse_s:8.3f} s")
    print(f"find_times       {times_s:8.3f} s   {100 * times_s / parse_s:5.2f}% of parse")
    try:
        from claimledger.extraction.quantities import find_quantities
    except ImportError:
        return
    quant_s = _best_of(args.repeat, lambda: [find_quantities(d) for d in docs])
    print(f"find_quantities  {quant_s:8.3f} s   {100 * quant_s / parse_s:5.2f}% of parse")
    both = times_s + quant_s
    print(f"times+quantities {both:8.3f} s   {100 * both / parse_s:5.2f}% of parse (budget 5%)")


if __name__ == "__main__":
    main()
