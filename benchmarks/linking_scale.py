"""Linking at scale: its per-article cost as the ledger grows, and its share of ingest time.

    python benchmarks/linking_scale.py [--sizes 1000,3000,10000,30000,100000] [--probe 64]
                                       [--chunk 1000] [--overhead-articles 60] [--pg URL]
                                       [--pg-sizes 1000,10000] [--json]

Measured in one run:

    curve      a ledger grown from synthetic pre-extracted records (written here: events in
               many towns with their people, companies, claims, denials, via chains, counts
               of killed / injured / evacuated that follow-ups revise, times, 5% wire
               copies; 150 articles a day, so the ledger spans months), stored through
               `Ledger.add_many` and linked as ingest links them (`link_pending` after each
               chunk). At each size, a probe of `--probe` new articles (the next ones of the
               same stream) is stored and linked one article per `link_pending` call: the
               per-article linking cost (p50, mean, p95, in ms and as a multiple of a fixed
               CPU task timed next to it, which cancels the load of a shared machine), and
               the process's resident memory. Flat = the same cost at 100k as at 1k.
    probe-ingest  the same probe texts ingested for real (parse, extract, store) into a
               scratch ledger without linking: the probe's linking time over this gives
               linking's share of ingest at each ledger size (target at most 0.10)
    overhead   real ingest (read, extract, store, link) of samples/ and, when ../shared is
               here, PolNeAR train texts (read at run time, never stored): linking time
               over the rest of the ingest time, on real text
    postgres   (`--pg URL`) the curve on PostgreSQL at `--pg-sizes`, against SQLite at the
               same sizes, same probe

Absolute times depend on the machine (and on what else runs on it); compare ratios.
Never fails on a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
POLNEAR_TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"

from claimledger.ledger import Ledger  # noqa: E402
from claimledger.linking import link_pending  # noqa: E402
from claimledger.record import ArticleRecord, Claim, Quantity, TimeExpression  # noqa: E402

# -- synthetic records: many towns, people, companies and events, dated over months --------

SYLLABLES = "ka ri mo ta len vor sa dun el bra mi tor ne os val ha ru fen gal pe lin dor".split()
ROLES = ["Mayor", "Police chief", "Fire chief", "Finance Minister", "spokeswoman", "union leader"]
EVENTS = [("fire", "a fire swept through", "firefighters", "injured"),
          ("flood", "floodwater reached", "rescuers", "evacuated"),
          ("blast", "an explosion tore through", "police officers", "killed"),
          ("shooting", "a gunman opened fire at", "police officers", "wounded"),
          ("collapse", "a roof gave way at", "engineers", "killed")]
PLACES_IN = ["the market", "a warehouse", "the old mill", "the harbour", "a school", "the station"]
COMPANY_KINDS = ["Holdings", "Energy", "Transport", "Builders", "Chemicals"]
AGENCIES = ["Civil Defence Agency", "Safety Inspectorate", "Red Cross", "Interior Ministry"]
CAUSES = ["faulty wiring", "a gas leak", "poor maintenance", "a blocked drain", "cheap materials"]
QUOTES = [f"{a} {b}" for a in ("to reach", "to save", "to search", "to clear", "to protect", "to help")
          for b in ("the families", "every house", "the old town", "the workers", "the children",
                    "the street", "the harbour", "the school")]
# Synthetic articles per day: the story window (21 days either side) then holds about 1,700
# articles, so the window is full before the first size of the curve (1,000 articles) and the
# curve shows the ledger's growth alone, not the window filling.
PER_DAY = 40
WIRE_SHARE = 0.05


def word(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


class Text:
    """An article text written sentence by sentence, with spans of what it says."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, sentence: str) -> int:
        """Append a sentence; the offset where it starts."""
        if self.parts:
            self.parts.append(" ")
            self.size += 1
        start = self.size
        self.parts.append(sentence)
        self.size += len(sentence)
        return start

    @staticmethod
    def span(at: int, sentence: str, part: str, after: int = 0) -> tuple[int, int]:
        i = sentence.index(part, after)
        return (at + i, at + i + len(part))

    def text(self) -> str:
        return "".join(self.parts)


def stream(seed: int = 7) -> Iterator[ArticleRecord]:
    """Endless records: events of 1-5 articles (follow-ups days later, the counts revised),
    5% wire copies of a recent article (a credit line appended, so spans stay valid)."""
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    recent: list[ArticleRecord] = []
    events: list[dict] = []
    i = 0
    while True:
        day = start + dt.timedelta(days=i // PER_DAY)
        if recent and rng.random() < WIRE_SHARE:
            src = recent[-rng.randint(1, min(50, len(recent)))]
            rec = ArticleRecord(id=f"s{i}", text=src.text + f" (Reporting by {word(rng)} {word(rng, 3)}.)",
                                date=day.isoformat(), title=src.title, claims=src.claims,
                                quantities=src.quantities, times=src.times, extractor="synthetic")
        else:
            live = [e for e in events[-60:] if (day - e["day"]).days <= 10 and e["n"] < 5]
            if live and rng.random() < 0.35:
                ev = rng.choice(live)
            else:
                ev = {"kind": rng.choice(EVENTS), "town": word(rng, 3), "person": f"{word(rng)} {word(rng, 3)}",
                      "role": rng.choice(ROLES), "place": rng.choice(PLACES_IN), "day": day, "n": 0,
                      "count": rng.randint(2, 400), "company": f"{word(rng, 3)} {rng.choice(COMPANY_KINDS)}",
                      "agency": rng.choice(AGENCIES), "cause": rng.choice(CAUSES)}
                events.append(ev)
                events[:] = events[-200:]
            ev["n"] += 1
            rec = event_record(f"s{i}", day, ev, rng)
        recent.append(rec)
        del recent[:-60]
        i += 1
        yield rec


def event_record(ext: str, day: dt.date, ev: dict, rng: random.Random) -> ArticleRecord:
    name, verb, crews, hurt = ev["kind"]
    town, person, role, company, agency = ev["town"], ev["person"], ev["role"], ev["company"], ev["agency"]
    surname = person.split()[1]
    count = ev["count"] + rng.randint(0, 20) * (ev["n"] - 1)  # follow-ups revise the count
    t = Text()
    claims: list[Claim] = []
    quantities: list[Quantity] = []
    times: list[TimeExpression] = []

    s = (f"{town.upper()}, {day:%b} {day.day} - In {town}, {verb} {ev['place']} on {day:%A}, and "
         f"{count} people were {hurt}, officials said.")
    at = t.add(s)
    quantities.append(Quantity(Text.span(at, s, str(count)), float(count), thing="people"))
    times.append(TimeExpression(Text.span(at, s, f"{day:%A}"), day.isoformat()))

    s = f"\"We worked through the night {rng.choice(QUOTES)} of {town},\" {role} {person} told reporters."
    at = t.add(s)
    q = Text.span(at, s, "We worked")
    claims.append(Claim(content=[(q[0], at + s.index(",\""))], source=[Text.span(at, s, person)],
                        cue=[Text.span(at, s, "told")], speaker=person, kind="direct"))

    n_crews = rng.randint(2, 90)
    tail: list[tuple[str, list]] = []
    tail.append((f"{surname} said {n_crews} {crews} had been sent to {ev['place']}.", ["crews", n_crews]))
    n_out = rng.randint(20, 900)
    tail.append((f"The {agency} said about {n_out} residents had been evacuated from nearby streets.",
                 ["agency", n_out]))
    if rng.random() < 0.5:
        tail.append((f"{company} denied that {ev['cause']} at its site had caused the {name}.", ["deny"]))
    else:
        tail.append((f"Investigators said {ev['cause']} at a site run by {company} may have caused the {name}.",
                     ["cause"]))
    if rng.random() < 0.3:
        witness = f"{word(rng)} {word(rng, 3)}"
        tail.append((f"Citing the {agency}, {witness} said the {name} had started near {ev['place']}.",
                     ["via", witness]))
    tail.append((f"The {name} was the {rng.choice(['worst', 'second', 'largest'])} in {town} for "
                 f"{rng.randint(2, 30)} years, residents said, and {rng.choice(['schools', 'shops', 'roads'])} "
                 f"stayed closed on {rng.choice(['Monday', 'Tuesday', 'Friday'])}.", ["filler"]))
    tail.append((f"A council statement said repairs would cost about {rng.randint(1, 90)} million crowns.",
                 ["filler"]))
    tail.append((f"Neighbours of {word(rng, 2)} Street described {rng.choice(['smoke', 'noise', 'water'])} "
                 f"and {rng.choice(['panic', 'confusion', 'calm'])} as {crews} arrived.", ["filler"]))
    rng.shuffle(tail)
    for s, what in tail:
        at = t.add(s)
        if what[0] == "crews":
            said = s.index(" said ") + 6
            claims.append(Claim(content=[(at + said, at + len(s) - 1)], source=[Text.span(at, s, surname)],
                                cue=[Text.span(at, s, "said")], speaker=person))
            quantities.append(Quantity(Text.span(at, s, str(what[1]), said), float(what[1]), thing=crews))
        elif what[0] == "agency":
            said = s.index(" said ") + 6
            claims.append(Claim(content=[(at + said, at + len(s) - 1)], source=[Text.span(at, s, f"The {agency}")],
                                cue=[Text.span(at, s, "said")], speaker=f"the {agency}"))
            quantities.append(Quantity(Text.span(at, s, str(what[1]), said), float(what[1]),
                                       qualifier="approx", thing="residents"))
        elif what[0] == "deny":
            said = s.index(" denied that ") + 13
            claims.append(Claim(content=[(at + said, at + len(s) - 1)], source=[Text.span(at, s, company)],
                                cue=[Text.span(at, s, "denied")], speaker=company, stance="deny"))
        elif what[0] == "cause":
            said = s.index(" said ") + 6
            claims.append(Claim(content=[(at + said, at + len(s) - 1)], source=[Text.span(at, s, "Investigators")],
                                cue=[Text.span(at, s, "said")], speaker="Investigators", stance="hedge"))
        elif what[0] == "via":
            said = s.index(" said ") + 6
            claims.append(Claim(content=[(at + said, at + len(s) - 1)], source=[Text.span(at, s, what[1])],
                                cue=[Text.span(at, s, "said")], speaker=what[1], via=[f"the {agency}"]))
    return ArticleRecord(id=ext, text=t.text(), date=day.isoformat(), claims=claims, quantities=quantities,
                         times=times, title=f"{name.capitalize()} in {town}", dateline=town.upper(),
                         extractor="synthetic")


# -- the curve -----------------------------------------------------------------------------

def reference_work(texts: list[str]) -> float:
    """Seconds per text of a fixed CPU task (the per-article work linking does without the
    ledger), timed next to each probe: the machine's speed at that moment, to divide by."""
    from claimledger.linking.stories import article_terms
    from claimledger.linking.wirecopies import sentence_hashes, signature

    t0 = time.perf_counter()
    for text in texts:
        signature(text)
        sentence_hashes(text)
        article_terms(None, text, None)
    return (time.perf_counter() - t0) / len(texts)


def rss_mb() -> float:
    """This process's resident memory now (MB)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def probe_link(led: Ledger, probe: list[ArticleRecord], reference: list[str]) -> dict:
    """Store and link the probe one article at a time: per-article linking cost."""
    ref = reference_work(reference)
    link_ms: list[float] = []
    store_ms: list[float] = []
    for rec in probe:
        t0 = time.perf_counter()
        led.add_many([(None, rec)])
        t1 = time.perf_counter()
        report = link_pending(led)
        t2 = time.perf_counter()
        if report.errors:
            raise SystemExit(report.errors[0])
        store_ms.append(1000 * (t1 - t0))
        link_ms.append(1000 * (t2 - t1))
    ref = 1000 * (ref + reference_work(reference)) / 2
    mean = statistics.fmean(link_ms)
    return {"probe": len(probe), "link_ms_p50": round(statistics.median(link_ms), 2),
            "link_ms_mean": round(mean, 2), "link_ms_p95": round(pct(link_ms, 0.95), 2),
            "store_ms_mean": round(statistics.fmean(store_ms), 2), "reference_ms": round(ref, 3),
            "x_reference_p50": round(statistics.median(link_ms) / ref, 3),
            "x_reference_mean": round(mean / ref, 3)}


def curve(location: str, sizes: list[int], probe_n: int, chunk: int, log=print,  # noqa: ANN001
          max_minutes: float | None = None) -> dict:
    """Grow one ledger to each size in turn and link a probe of new articles there. The probe
    articles stay in the ledger (they are the next articles of the stream), so size `s` is
    the ledger before the probe at `s`. Past `max_minutes` of growing, the ledger stops
    growing and the last probe is taken at the size reached (`capped`)."""
    records = stream()
    reference = [r.text for r in islice(stream(seed=99), 50)]
    points: list[dict] = []
    with Ledger(location) as led:
        stored = 0
        build_link_s = 0.0
        t_start = time.perf_counter()
        for size in sorted(sizes):
            capped = False
            while stored < size:
                if max_minutes and time.perf_counter() - t_start > 60 * max_minutes:
                    capped = True
                    break
                batch = list(islice(records, min(chunk, size - stored)))
                led.add_many([(None, r) for r in batch])
                report = link_pending(led)
                if report.errors:
                    raise SystemExit(report.errors[0])
                build_link_s += report.seconds
                stored += len(batch)
            if capped and (stored <= points[-1]["size"] + probe_n if points else not stored):
                break
            probe = list(islice(records, probe_n))
            point = {"size": stored, "capped": capped, **probe_link(led, probe, reference), "rss_mb": rss_mb(),
                     "build_link_ms_per_article": round(1000 * build_link_s / stored, 2),
                     "elapsed_s": round(time.perf_counter() - t_start, 1)}
            stored += len(probe)
            points.append(point)
            log(f"  {point['size']:>7} articles: link p50 {point['link_ms_p50']} ms, mean {point['link_ms_mean']} ms,"
                f" {point['x_reference_mean']} x reference, RSS {point['rss_mb']} MB ({point['elapsed_s']} s)")
            if capped:
                log(f"  stopped growing after {max_minutes} minutes (asked for {max(sizes)})")
                break
    base = points[0]
    for p in points:
        p["mean_over_first"] = round(p["x_reference_mean"] / base["x_reference_mean"], 3)
        p["p50_over_first"] = round(p["x_reference_p50"] / base["x_reference_p50"], 3)
    return {"points": points,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def probe_ingest_ms(texts: list[str], location: str) -> dict:
    """Ingest of the probe texts as `claimledger ingest` runs it in-process (read, parse,
    extract, store), linking excluded: ms per article."""
    from claimledger.extraction import Extractor
    from claimledger.ingest import ingest
    from claimledger.readers import Article

    start = dt.date(2021, 6, 1).isoformat()
    items = [Article(id=f"probe{i}", text=t, date=start, origin=f"probe{i}") for i, t in enumerate(texts)]
    extractor = Extractor()
    extractor.extract_many([("warm", texts[0], start)])  # the model loads outside the timing
    with Ledger(location) as led:
        t0 = time.perf_counter()
        summary = ingest(items, led, extractor, batch_size=32)
        total = time.perf_counter() - t0
    return {"articles": summary.inserted, "ingest_ms": round(1000 * (total - summary.link_seconds) / len(texts), 1),
            "link_ms_in_ingest": round(1000 * summary.link_seconds / len(texts), 2)}


# -- the overhead on real text ---------------------------------------------------------------

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


def measure(sizes: list[int], probe_n: int = 64, chunk: int = 1000, overhead_articles: int = 60,
            pg: str | None = None, pg_sizes: list[int] | None = None, log=print,  # noqa: ANN001
            max_minutes: float | None = None) -> dict:
    """Every measurement of this module (`run_all.py` calls this)."""
    result: dict = {"sizes": sizes, "probe": probe_n, "chunk": chunk, "per_day": PER_DAY,
                    "max_minutes": max_minutes}
    with tempfile.TemporaryDirectory() as tmp:
        # the probe at the first size: the same texts the curve links first
        first_probe = list(islice(stream(), min(sizes), min(sizes) + probe_n))
        result["probe_ingest"] = probe_ingest_ms([r.text for r in first_probe], os.path.join(tmp, "p.db"))
        log(f"  probe ingest (no linking): {result['probe_ingest']}")
        if overhead_articles:
            result["overhead"] = overhead(overhead_articles, os.path.join(tmp, "o.db"))
            log(f"  overhead on real text: {result['overhead']}")
        t = time.perf_counter()
        result["curve_sqlite"] = curve(os.path.join(tmp, "c.db"), sizes, probe_n, chunk, log, max_minutes)
        result["curve_sqlite"]["seconds"] = round(time.perf_counter() - t, 1)
        ingest_ms = result["probe_ingest"]["ingest_ms"]
        for p in result["curve_sqlite"]["points"]:
            p["link_over_ingest"] = round(p["link_ms_mean"] / ingest_ms, 4)
    if pg and pg_sizes:
        from ingest_scale import fresh_pg

        url, drop = fresh_pg(pg)
        try:
            t = time.perf_counter()
            result["curve_postgres"] = curve(url, pg_sizes, probe_n, chunk, log)
            result["curve_postgres"]["seconds"] = round(time.perf_counter() - t, 1)
        finally:
            drop()
        lite = {p["size"]: p for p in result["curve_sqlite"]["points"]}
        for p in result["curve_postgres"]["points"]:
            if p["size"] in lite:
                p["mean_over_sqlite"] = round(p["link_ms_mean"] / lite[p["size"]]["link_ms_mean"], 3)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,3000,10000,30000,100000")
    ap.add_argument("--probe", type=int, default=64, help="new articles linked at each size")
    ap.add_argument("--chunk", type=int, default=1000, help="articles stored and linked per call while growing")
    ap.add_argument("--overhead-articles", type=int, default=60, help="0: skip the real-text overhead")
    ap.add_argument("--pg", default=None, help="also draw the curve on this PostgreSQL server")
    ap.add_argument("--pg-sizes", default="1000,10000")
    ap.add_argument("--max-minutes", type=float, default=None,
                    help="stop growing the SQLite ledger after this long and probe the size reached")
    ap.add_argument("--json", action="store_true", help="one line of JSON")
    args = ap.parse_args()
    result = measure([int(s) for s in args.sizes.split(",")], args.probe, args.chunk, args.overhead_articles,
                     args.pg, [int(s) for s in args.pg_sizes.split(",")],
                     log=lambda line: print(line, file=sys.stderr, flush=True), max_minutes=args.max_minutes)
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
