"""Cost against ledger size: per-article ingest and the stored-hash check in SQLite ledgers of
1k, 10k and 100k articles.

    python benchmarks/ledger_scale.py [--sizes 1000,10000,100000] [--json]

The ledgers are grown in one SQLite file by inserting synthetic records directly (copies of a
few records extracted from benchmarks/ingest_scale.py's wire articles, each with its own text
suffix, so every copy has its own hash, claims, quantities and times), without parsing. At
each size, on the same machine in the same run:

    ingest      `ingest()` of 32 new articles as `claimledger ingest` runs it (parse included)
                but without the linking stage: seconds per article, over the same at the
                smallest size. The grown records are stored without linking, so linking here
                would link that whole backlog; linking's own cost against ledger size is the
                curve of benchmarks/linking_scale.py.
    store       `add_many` of 32 new pre-extracted records (one transaction): ms per article,
                best of 3
    check       `versions()` (the stored-hash check of every batch) for 500 stored and 500
                new hashes, in batches of 32: microseconds per hash, best of 5
    rerun       `ingest()` of 1,000 articles that are all stored (read, hash, check, skip;
                nothing parsed): ms per article, best of 2

Ratios are to the smallest size, measured in the same run. Never fails on a time.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

from ingest_scale import cli_extractor, local_ingest, timed, wire_article

TEMPLATES = 40
NEW = 32  # new articles ingested, and new records stored, at each size
SUFFIX = " (ref {:07d})"


def templates(extractor) -> list:  # noqa: ANN001 - Extractor -> list[ArticleRecord]
    rows = [wire_article(900_000 + i, 10) for i in range(TEMPLATES)]
    return list(extractor.extract_many((r["id"], r["text"], r["date"]) for r in rows))


def copy_of(template, i: int):  # noqa: ANN001, ANN201 - ArticleRecord
    """Template `i % TEMPLATES` with its own text (spans stay valid: the suffix is appended)."""
    return dataclasses.replace(template, id=f"syn-{i:07d}", text=template.text + SUFFIX.format(i))


ARTICLE_COLS = "date, date_source, title, url, publisher, dateline, author, origin, extractor, ingested_at"
CLAIM_COLS = 'idx, text, start, "end", content, source, cue, speaker_id, speaker, kind, stance, said_on'
QUANTITY_COLS = 'idx, start, "end", text, value, low, high, qualifier, trend, thing, relation'
TIME_COLS = 'idx, start, "end", text, value, type'


def grow(ledger, tmpl: list, start: int, stop: int) -> None:  # noqa: ANN001
    """Store copies `start`..`stop` of the templates. The first copies go through `add_many`;
    the rest are copied inside SQLite from them (articles, claims and their full-text index,
    via chains, quantities, times), which is what makes a 100k ledger take seconds."""
    seeds = len(tmpl)
    if start < seeds:
        ledger.add_many([(None, copy_of(tmpl[i], i)) for i in range(start, min(seeds, stop))])
        start = seeds
    if start >= stop:
        return
    conn = ledger.store.conn
    conn.create_function("sha256_hex", 1, lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest(),
                         deterministic=True)
    tail = len(SUFFIX.format(0))
    # n.i: the copy, stored with id n.i + shift (after every stored id); its seed has id
    # n.i % seeds + 1 (the seeds are the first articles of the file)
    shift = conn.execute("SELECT max(id) FROM articles").fetchone()[0] + 1 - start
    seq = (f"WITH RECURSIVE n(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {stop}) ")
    text = f"substr(a.text, 1, length(a.text) - {tail}) || printf(' (ref %07d)', n.i)"
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        f"INSERT INTO articles (id, ext_id, content_hash, {ARTICLE_COLS}, text) {seq}"
        f"SELECT n.i + {shift}, printf('syn-%07d', n.i), sha256_hex({text}), {ARTICLE_COLS}, {text}"
        f" FROM n JOIN articles a ON a.id = n.i % {seeds} + 1")
    conn.execute(
        f"INSERT INTO claims (article_id, {CLAIM_COLS}) {seq}"
        f"SELECT n.i + {shift}, {CLAIM_COLS} FROM n JOIN claims c ON c.article_id = n.i % {seeds} + 1")
    # the copy of a seed claim: same position in the copy of its article
    copy = (f"FROM n JOIN claims c ON c.article_id = n.i % {seeds} + 1"
            f" JOIN claims nc ON nc.article_id = n.i + {shift} AND nc.idx = c.idx")
    conn.execute(f"INSERT INTO claim_via (claim_id, pos, entity_id) {seq}"
                 f"SELECT nc.id, v.pos, v.entity_id {copy} JOIN claim_via v ON v.claim_id = c.id")
    conn.execute(
        f"INSERT INTO quantities (article_id, {QUANTITY_COLS}, claim_id) {seq}"
        f"SELECT n.i + {shift}, {', '.join('q.' + x.strip() for x in QUANTITY_COLS.split(','))}, nc.id"
        f" FROM n JOIN quantities q ON q.article_id = n.i % {seeds} + 1"
        " LEFT JOIN claims c ON c.id = q.claim_id"
        f" LEFT JOIN claims nc ON nc.article_id = n.i + {shift} AND nc.idx = c.idx")
    conn.execute(
        f"INSERT INTO times (article_id, {TIME_COLS}) {seq}"
        f"SELECT n.i + {shift}, {TIME_COLS} FROM n JOIN times t ON t.article_id = n.i % {seeds} + 1")
    conn.execute("COMMIT")


@contextlib.contextmanager
def without_linking() -> Iterator[None]:
    """`ingest()` with its linking stage left out (see the module doc)."""
    from claimledger import ingest as ingest_module
    from claimledger.linking import LinkReport

    with mock.patch.object(ingest_module, "link_pending", lambda *a, **k: LinkReport()):
        yield


def measure_ledger_sizes(sizes: list[int], work: Path, extractor=None) -> dict[str, dict[str, float]]:  # noqa: ANN001
    """size label -> figures at that ledger size (see the module doc)."""
    from claimledger.ledger import Ledger
    from claimledger.readers.base import content_hash

    timed_extractor = extractor or cli_extractor()
    plain = timed_extractor.extractor
    tmpl = templates(plain)
    db = str(work / "big.db")
    rng = random.Random(7)
    out: dict[str, dict[str, float]] = {}
    have = 0
    for size in sizes:
        t0 = time.perf_counter()
        with Ledger(db) as led:
            grow(led, tmpl, have, size)
        build_s = time.perf_counter() - t0
        have = size
        label = f"{size // 1000}k"
        # new texts for this size only: ids and numbers past every other corpus here
        fresh = work / f"fresh-{label}.jsonl"
        fresh.write_text("".join(json.dumps(wire_article(2_000_000 + size + i, 10)) + "\n"
                                 for i in range(NEW)), encoding="utf-8")
        with without_linking():
            ingest_s = timed(lambda f=fresh: local_ingest(f, db, timed_extractor))
        with Ledger(db) as led:
            # best of 3, each with its own new records: these take milliseconds
            store_s = float("inf")
            for r in range(3):
                recs = [(None, copy_of(tmpl[i % len(tmpl)], 5_000_000 + 100 * size + 40 * r + i))
                        for i in range(NEW)]
                store_s = min(store_s, timed(lambda led=led, recs=recs: led.add_many(recs)))
            picks = rng.sample(range(size), 500)
            stored = [content_hash(copy_of(tmpl[i % len(tmpl)], i).text) for i in picks]
            new = [content_hash(f"not stored {size} {i}") for i in range(500)]
            hashes = stored + new
            check_s = min(timed(lambda led=led, h=hashes: [led.versions(h[k:k + 32]) for k in range(0, len(h), 32)])
                          for _ in range(5))
            assert len(led.versions(stored)) == 500
        rerun = work / f"rerun-{label}.jsonl"
        rerun.write_text("".join(
            json.dumps({"id": f"syn-{i:07d}", "text": copy_of(tmpl[i % len(tmpl)], i).text}) + "\n"
            for i in rng.sample(range(size), min(1000, size))), encoding="utf-8")
        with without_linking():
            rerun_s = min(timed(lambda r=rerun: local_ingest(r, db, timed_extractor)) for _ in range(2))
        out[label] = {
            "articles": size, "build_s": round(build_s, 1),
            "db_mb": round(Path(db).stat().st_size / 2**20, 1),
            "ingest_s_per_article": round(ingest_s / NEW, 4),
            "store_ms_per_article": round(1000 * store_s / NEW, 3),
            "check_us_per_hash": round(1e6 * check_s / len(hashes), 1),
            "rerun_ms_per_article": round(1000 * rerun_s / min(1000, size), 3),
        }
    base = out[f"{sizes[0] // 1000}k"]
    for row in out.values():
        for what in ("ingest_s_per_article", "store_ms_per_article", "check_us_per_hash",
                     "rerun_ms_per_article"):
            row[f"{what.split('_')[0]}_over_{sizes[0] // 1000}k"] = round(row[what] / base[what], 3)
    if extractor is None:
        timed_extractor.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    t0 = time.perf_counter()
    out = measure_ledger_sizes([int(x) for x in a.sizes.split(",")],
                               Path(tempfile.mkdtemp(prefix="claimledger-ledger-")))
    print_results(out, a.json, t0)


def print_results(out: dict[str, dict[str, object]], as_json: bool, t0: float) -> None:
    """A benchmark's rows: JSON, or one `label k=v ...` line each and the seconds taken."""
    if as_json:
        json.dump(out, sys.stdout, indent=1)
        print()
        return
    for label, row in out.items():
        print(label, " ".join(f"{k}={v}" for k, v in row.items()))
    print(f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
