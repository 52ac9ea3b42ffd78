"""Cost against article length: parse, extractors and ingest per KB for 1, 5, 20, 100 KB articles.

    python benchmarks/length_scale.py [--sizes 1,5,20,100] [--total-kb 200] [--rounds 2] [--json]

For each size, synthetic wire-style articles (paragraphs of benchmarks/ingest_scale.py's
sentences, written by this script) adding up to about `--total-kb` KB are timed, in one run,
interleaved, best of `--rounds` (wall clock):

    parse       bare `nlp.pipe` over the texts
    extract     the extractors (`record_from_doc`) on the parsed Docs
    ingest      `ingest()` into a fresh SQLite file with the extraction in this process (no
                per-article time budget: on a loaded machine the default budget rejects long
                articles, which would time the rejection, not the work); `stored` counts them

and reports milliseconds per KB for each, extract/parse and ingest/parse, and each size's
cost per KB over the 1 KB articles' (1.0 = linear in the length). Never fails on a time.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from ingest_scale import local_ingest, timed, wire_article


def long_article(kb: int, seed: int) -> dict[str, str]:
    """An article of `kb` KB (cut at the last sentence end before it): paragraphs of
    synthetic wire text, one dateline."""
    paragraphs: list[str] = []
    size, k = 0, 0
    while size <= kb * 1024:
        text = wire_article(seed * 1000 + k, 4)["text"]
        paragraphs.append(text if k == 0 else text.split(" - ", 1)[-1])
        size += len(paragraphs[-1]) + 2
        k += 1
    text = "\n\n".join(paragraphs)[: kb * 1024]
    text = text[: text.rfind(". ") + 1]
    return {"id": f"long-{kb}k-{seed}", "text": text, "date": "2025-03-04"}


def measure_lengths(sizes_kb: list[int], total_kb: int, work: Path, rounds: int = 2,
                    extractor=None) -> dict[str, dict[str, float]]:  # noqa: ANN001
    """size label -> figures for that article length (see the module doc)."""
    from claimledger.extraction import Extractor, parse_date

    plain = extractor or Extractor()
    nlp = plain.nlp
    nlp("Warm up: the council said on Monday that 40 homes were flooded.")
    day = parse_date("2025-03-04")
    out: dict[str, dict[str, float]] = {}
    for kb in sizes_kb:
        rows = [long_article(kb, j) for j in range(max(1, total_kb // kb))]
        corpus = work / f"length-{kb}k.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        texts = [r["text"] for r in rows]
        chars = sum(len(t) for t in texts)
        docs: list = []

        def parse(texts: list[str] = texts, docs: list = docs) -> None:
            docs[:] = nlp.pipe(texts, batch_size=16)

        def extract(docs: list = docs) -> None:
            for i, doc in enumerate(docs):
                plain.record_from_doc(doc, day, str(i))

        best: dict[str, float] = {}
        stored: list[int] = []

        def ingest(c: Path = corpus, kb: int = kb, stored: list = stored) -> None:
            db = str(work / f"length-{kb}k-{len(stored)}.db")
            stored.append(local_ingest(c, db, plain))

        for _ in range(rounds):
            for name, fn in (("parse", parse), ("extract", extract)):
                best[name] = min(best.get(name, float("inf")), timed(fn))
            docs.clear()
            best["ingest"] = min(best.get("ingest", float("inf")), timed(ingest))
        kbs = chars / 1024
        out[f"{kb}k"] = {
            "articles": len(texts), "stored": min(stored), "chars_per_article": round(chars / len(texts)),
            "parse_ms_per_kb": round(1000 * best["parse"] / kbs, 2),
            "extract_ms_per_kb": round(1000 * best["extract"] / kbs, 2),
            "ingest_ms_per_kb": round(1000 * best["ingest"] / kbs, 2),
            "extract_over_parse": round(best["extract"] / best["parse"], 3),
            "ingest_over_parse": round(best["ingest"] / best["parse"], 3),
        }
    base = out[f"{sizes_kb[0]}k"]
    for row in out.values():
        for what in ("parse", "extract", "ingest"):
            row[f"{what}_per_kb_over_{sizes_kb[0]}k"] = round(
                row[f"{what}_ms_per_kb"] / base[f"{what}_ms_per_kb"], 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,5,20,100", help="article sizes in KB")
    ap.add_argument("--total-kb", type=int, default=200, help="KB of text per size")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    t0 = time.perf_counter()
    out = measure_lengths([int(x) for x in a.sizes.split(",")], a.total_kb,
                          Path(tempfile.mkdtemp(prefix="claimledger-length-")), a.rounds)
    from ledger_scale import print_results

    print_results(out, a.json, t0)


if __name__ == "__main__":
    main()
