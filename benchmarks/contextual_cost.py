"""Cost of the optional contextual attribution tagger, as ratios to the bare spaCy parse.

    python benchmarks/contextual_cost.py [--limit N] [--threads 1] [--json]

Parses PolNeAR dev (or the samples) once with `nlp.pipe`, then runs the statement finder
on the same Docs with the contextual tagger off (the CRF alone) and on. All figures are
CPU seconds of this one process (torch limited to --threads), so that other jobs on the
machine disturb the ratios little. Needs the `contextual` extra; without it, says so.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_overhead import corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("polnear", "samples"), default="polnear")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    from claimledger.extraction import contextual
    from claimledger.extraction.pipeline import load_model
    from claimledger.extraction.statements import find_statements

    if lacking := contextual.missing():
        print(f"contextual tagger not available ({', '.join(lacking)}): nothing measured")
        return
    import torch

    torch.set_num_threads(a.threads)
    nlp = load_model()
    texts = corpus(a.corpus, a.limit)
    os.environ[contextual.ENV] = "1"
    for doc in nlp.pipe(texts[:2]):  # warm-up: loads MiniLM, the head and the CRF
        find_statements(doc)

    def cpu(fn) -> float:  # noqa: ANN001
        t0 = time.process_time()
        fn()
        return time.process_time() - t0

    docs: list = []
    parse = cpu(lambda: docs.extend(nlp.pipe(texts, batch_size=16)))
    os.environ[contextual.ENV] = "0"
    crf = cpu(lambda: [find_statements(d) for d in docs])
    os.environ[contextual.ENV] = "1"
    ctx = cpu(lambda: [find_statements(d) for d in docs])
    report = {
        "corpus": a.corpus, "articles": len(texts), "torch_threads": a.threads,
        "parse_s": round(parse, 2),
        "statements_crf_over_parse": round(crf / parse, 3),
        "statements_contextual_over_parse": round(ctx / parse, 3),
        "contextual_over_crf_statements": round(ctx / crf, 2),
        "pipeline_contextual_over_parse": round((parse + ctx) / parse, 3),
    }
    if a.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return
    print(f"{len(texts)} articles ({a.corpus}); spaCy parse {parse:.2f} s CPU")
    print(f"  statements, CRF alone   {crf:8.2f} s  {crf / parse:6.3f} x the parse")
    print(f"  statements, contextual  {ctx:8.2f} s  {ctx / parse:6.3f} x the parse")
    print(f"  parse + contextual statements: {(parse + ctx) / parse:.2f} x the parse")


if __name__ == "__main__":
    main()
