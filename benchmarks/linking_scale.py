"""Linking at scale: its share of ingest time, and its per-article cost as the ledger grows.

    python benchmarks/linking_scale.py [--overhead-articles 60] [--sizes 1000,10000,100000]
                                       [--chunk 500] [--pg URL] [--json]

Two measurements, each in one run:

    overhead   real ingest (read, extract, store, link) of samples/ and, when ../shared is
               here, PolNeAR train texts (read at run time, never stored): linking time
               divided by the rest of the ingest time (target: at most 0.10)
    curve      synthetic article records (written by this script, stored without parsing,
               so that 100,000 articles take minutes) added in chunks and linked as ingest
               links them (`link_pending` after each chunk); the per-article linking cost
               of the chunks around each size (target: flat from 1k to 100k), in ms and
               as a multiple of a fixed CPU task timed next to each chunk (on a shared
               machine the ms move with the load; the multiple does not)

Absolute times depend on the machine (and on what else runs on it); compare ratios.
Never fails on a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
POLNEAR_TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"

from claimledger.ledger import Ledger  # noqa: E402
from claimledger.linking import link_pending  # noqa: E402
from claimledger.record import ArticleRecord, Claim  # noqa: E402

# -- synthetic records: many towns, people and events, dated over time --------------------

SYLLABLES = "ka ri mo ta len vor sa dun el bra mi tor ne os val ha ru fen gal pe lin dor".split()
ROLES = ["Mayor", "Police chief", "Fire chief", "Finance Minister", "spokeswoman", "union leader"]
EVENTS = [("fire", "a fire swept through", "firefighters", "injured"),
          ("flood", "floodwater reached", "rescuers", "evacuated"),
          ("strike", "workers walked out at", "union officials", "affected"),
          ("shooting", "a gunman opened fire at", "police officers", "wounded"),
          ("collapse", "a roof gave way at", "engineers", "trapped")]
PLACES_IN = ["the market", "a warehouse", "the old mill", "the harbour", "a school", "the station"]
QUOTES = [f"{a} {b}" for a in ("to reach", "to save", "to search", "to clear", "to protect", "to help")
          for b in ("the families", "every house", "the old town", "the workers", "the children",
                    "the street", "the harbour", "the school")]
PER_DAY = 150  # synthetic articles per day: a story window then holds a bounded number


def word(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def synthetic(n: int, seed: int = 7) -> list[ArticleRecord]:
    """`n` records: events of 1-4 articles (follow-ups days later), 5% wire copies."""
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    out: list[ArticleRecord] = []
    events: list[dict] = []
    for i in range(n):
        day = start + dt.timedelta(days=i // PER_DAY)
        if out and rng.random() < 0.05:  # a wire copy of a recent article, one word changed
            src = out[-rng.randint(1, min(50, len(out)))]
            text = src.text.replace(" the ", " a ", 1)
            out.append(ArticleRecord(id=f"s{i}", text=text, date=day.isoformat(), title=src.title,
                                     claims=src.claims, extractor="synthetic"))
            continue
        live = [e for e in events[-40:] if (day - e["day"]).days <= 10 and e["n"] < 4]
        if live and rng.random() < 0.3:
            ev = rng.choice(live)
        else:
            kind = rng.choice(EVENTS)
            ev = {"kind": kind, "town": word(rng, 3), "person": f"{word(rng)} {word(rng, 3)}",
                  "role": rng.choice(ROLES), "place": rng.choice(PLACES_IN), "day": day, "n": 0,
                  "count": rng.randint(2, 400)}
            events.append(ev)
        ev["n"] += 1
        out.append(event_record(f"s{i}", day, ev, rng))
    return out


def event_record(ext: str, day: dt.date, ev: dict, rng: random.Random) -> ArticleRecord:
    name, verb, crews, hurt = ev["kind"]
    town, person, role = ev["town"], ev["person"], ev["role"]
    count = ev["count"] + rng.randint(0, 20) * (ev["n"] - 1)
    parts = [
        f"{town.upper()}, {day:%b} {day.day} - In {town}, {verb} {ev['place']} on "
        f"{day:%A}, and {count} people were {hurt}, officials said.",
        f"\"We worked through the night {rng.choice(QUOTES)} of {town},\" {role} {person} told reporters.",
        f"{person.split()[1]} said {rng.randint(2, 90)} {crews} had been sent to {ev['place']}.",
        f"The {name} was the {rng.choice(['worst', 'second', 'largest'])} in {town} for "
        f"{rng.randint(2, 30)} years, residents said, and {rng.choice(['schools', 'shops', 'roads'])} "
        f"stayed closed on {rng.choice(['Monday', 'Tuesday', 'Friday'])}.",
        f"A council statement said repairs would cost about {rng.randint(1, 90)} million crowns.",
        f"Neighbours of {word(rng, 2)} Street described {rng.choice(['smoke', 'noise', 'water'])} "
        f"and {rng.choice(['panic', 'confusion', 'calm'])} as {crews} arrived.",
    ]
    tail = parts[2:]
    rng.shuffle(tail)
    text = " ".join(parts[:2] + tail)
    quote_start = text.index("We worked")
    quote = text[quote_start : text.index(",\"", quote_start)]
    src = text.index(person, quote_start)
    claims = [Claim(content=[(quote_start, quote_start + len(quote))],
                    source=[(src, src + len(person))], speaker=person, kind="direct")]
    sur = text.index(person.split()[1] + " said")
    content = text.index(" had been sent", sur)
    claims.append(Claim(content=[(sur + len(person.split()[1]) + 6, content + 14)],
                        source=[(sur, sur + len(person.split()[1]))], speaker=person))
    return ArticleRecord(id=ext, text=text, date=day.isoformat(), claims=claims,
                         title=f"{name.capitalize()} in {town}", extractor="synthetic")


# -- the curve -----------------------------------------------------------------------------

def reference_work(texts: list[str]) -> float:
    """Seconds of a fixed CPU task (the per-article work linking does without the ledger),
    timed next to each chunk: the machine's speed at that moment, to divide by."""
    from claimledger.linking.stories import article_terms
    from claimledger.linking.wirecopies import sentence_hashes, signature

    t0 = time.perf_counter()
    for text in texts:
        signature(text)
        sentence_hashes(text)
        article_terms(None, text, None)
    return time.perf_counter() - t0


def curve(location: str, sizes: list[int], chunk: int) -> list[dict]:
    records = synthetic(max(sizes))
    probe = [r.text for r in synthetic(100, seed=99)]
    out = []
    marks = sorted(sizes)
    with Ledger(location) as led:
        done = 0
        costs: list[tuple[int, float, float]] = []
        while done < max(sizes):
            batch = records[done : done + chunk]
            led.add_many([(None, r) for r in batch])
            ref = reference_work(probe) / len(probe)
            t0 = time.perf_counter()
            report = link_pending(led)
            spent = (time.perf_counter() - t0) / len(batch)
            ref = (ref + reference_work(probe) / len(probe)) / 2
            if report.errors:
                raise SystemExit(report.errors[0])
            done += len(batch)
            costs.append((done, spent, spent / ref))
            print(f"  {done:>7} articles linked, {1000 * spent:6.2f} ms/article,"
                  f" {spent / ref:6.2f} x the reference work", file=sys.stderr, flush=True)
            while marks and done >= marks[0]:
                size = marks.pop(0)
                near = [c for c in costs if c[0] > size - 5 * chunk]  # the last chunks up to here
                out.append({"size": size,
                            "ms_per_article": round(1000 * statistics.median(c[1] for c in near), 3),
                            "x_reference": round(statistics.median(c[2] for c in near), 3)})
    return out


# -- the overhead --------------------------------------------------------------------------

def overhead(n: int, location: str) -> dict:
    from claimledger.extraction import Extractor
    from claimledger.ingest import ingest
    from claimledger.readers import Article, read_inputs

    items = list(read_inputs([str(ROOT / "samples")]))
    if POLNEAR_TRAIN.is_dir():
        for path in sorted(POLNEAR_TRAIN.iterdir())[: max(0, n - len(items))]:
            items.append(Article(id=path.stem, text=path.read_text(encoding="utf-8"),
                                 date="2016-10-01", origin=str(path)))
    extractor = Extractor()
    with Ledger(location) as led:
        t0 = time.perf_counter()
        summary = ingest(items, led, extractor, batch_size=32)
        total = time.perf_counter() - t0
    rest = total - summary.link_seconds
    return {"articles": summary.inserted, "ingest_s": round(total, 2),
            "link_s": round(summary.link_seconds, 2),
            "link_over_rest": round(summary.link_seconds / rest, 4) if rest else None,
            "link_errors": summary.link_errors[:1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--overhead-articles", type=int, default=60)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--chunk", type=int, default=500)
    ap.add_argument("--pg", default=None, help="also draw the curve on this PostgreSQL URL")
    ap.add_argument("--skip-overhead", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_overhead:
            result["overhead"] = overhead(args.overhead_articles, os.path.join(tmp, "o.db"))
            print(f"overhead: {result['overhead']}", file=sys.stderr, flush=True)
        result["curve_sqlite"] = curve(os.path.join(tmp, "c.db"), sizes, args.chunk)
    if args.pg:
        import psycopg

        schema = "bench_" + uuid.uuid4().hex[:8]
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            sep = "&" if "?" in args.pg else "?"
            result["curve_postgres"] = curve(f"{args.pg}{sep}options=-csearch_path%3D{schema}", sizes, args.chunk)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    for key in ("curve_sqlite", "curve_postgres"):
        if key in result and len(result[key]) > 1:
            pts = result[key]
            result[key + "_flatness"] = round(pts[-1]["x_reference"] / pts[0]["x_reference"], 3)
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
