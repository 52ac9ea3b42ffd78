"""How much `find_quantities` adds to the spaCy parse, measured in one run on the same texts.

    python benchmarks/quantities_speed.py [TEXT_DIR] [--repeat N]

TEXT_DIR defaults to ../shared/data/polnear/dev/text (one article per .txt file). The texts
are parsed once with `nlp.pipe` (timed), then `find_quantities` runs over the parsed docs
`--repeat` times (the best run is kept, so a busy machine inflates the ratio less). The
report is a ratio, never an absolute pass/fail time. `find_times` is timed the same way when
it is importable, since the budget covers both (quantities + times <= 5% of the parse).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc

from claimledger.extraction.pipeline import load_model
from claimledger.extraction.quantities import find_quantities

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "dev" / "text"


def best_time(fn: Callable[[Doc], object], docs: list[Doc], repeat: int) -> float:
    """The fastest of `repeat` passes of `fn` over all docs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for doc in docs:
            fn(doc)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("text_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    files = sorted(args.text_dir.glob("*.txt"))
    if not files:
        print(f"no .txt files in {args.text_dir}; pass a folder of article texts", file=sys.stderr)
        return 2
    texts = [f.read_text(encoding="utf-8") for f in files]
    nlp = load_model()
    nlp("Warm-up sentence with 3 numbers.")

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - t0

    quantities = best_time(find_quantities, docs, args.repeat)
    n_found = sum(len(find_quantities(d)) for d in docs)
    n_tokens = sum(len(d) for d in docs)
    rows = [("find_quantities", quantities)]
    try:
        from claimledger.extraction.times import find_times

        rows.append(("find_times", best_time(lambda d: find_times(d, None), docs, args.repeat)))
    except Exception as exc:  # times is another module; report without it
        print(f"(find_times not timed: {exc})", file=sys.stderr)

    print(f"{len(docs)} texts, {n_tokens} tokens, {n_found} quantities; model {nlp.meta['name']}")
    print(f"{'spaCy parse':<20} {parse:8.3f} s   1.000")
    for name, secs in rows:
        print(f"{name:<20} {secs:8.3f} s   {secs / parse:.4f} of parse")
    if len(rows) > 1:
        both = sum(s for _, s in rows)
        print(f"{'quantities + times':<20} {both:8.3f} s   {both / parse:.4f} of parse (budget 0.05)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
