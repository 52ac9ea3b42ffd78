"""Score claimledger's cross-article linking against the hand-made gold for samples/.

    python scripts/score_linking.py                  # ingest samples/ into a temporary ledger
    python scripts/score_linking.py --db ledger.db   # score a ledger that already holds samples/
    python scripts/score_linking.py --json           # the figures as one JSON object

The gold (tests/linking/gold/linking.json) names claims by article id plus a short exact
substring of the claim's text, never by numeric id; this script maps them onto the ledger
through `claimledger claims --format jsonl`, then reads what the linking commands print
(`stories`, `propositions`, `estimates`, `contradictions`, `entities`, all `--format jsonl`)
and prints one table:

- stories: pairwise precision/recall/F1 over every gold article;
- wire copies: copy links the ledger made that the gold does not have (and missed ones);
- propositions: pairwise P/R/F1 over every claim of the gold's proposition_articles (a claim
  the gold does not group is a singleton, so an extra grouping costs precision);
- series: a gold series is found when one output series holds all its points (article and
  value); a series that holds points of two gold stories is counted as mixed;
- contradictions: found / total per type (either side order; `a` may list alternatives);
  pairs the gold does not have are shown as "extra", for reading, not as a target;
- entities: a gold entity split over several output entities, one output entity holding two
  gold entities, and gold "distinct" pairs that ended up together.

A linking command that does not exist yet is reported as "command missing"; the other
figures are still computed. Nothing here knows the gold texts: it only compares.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "linking" / "gold" / "linking.json"
SAMPLES = ROOT / "samples"

Ref = tuple[str, str]  # (article ext id, quote)
RunCli = Callable[[list[str]], "CliResult"]


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def missing(self) -> bool:
        return self.code != 0 and "No such command" in self.stderr


def subprocess_cli(args: list[str]) -> CliResult:
    """Run `python -m claimledger.cli ARGS` with this interpreter and this checkout's src/."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-m", "claimledger.cli", *args], capture_output=True,
                          text=True, env=env, check=False)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def inprocess_cli(args: list[str]) -> CliResult:
    """The same commands through click's test runner, in this process (the model loads once)."""
    from click.testing import CliRunner

    from claimledger.cli import main

    res = CliRunner().invoke(main, args)
    return CliResult(res.exit_code, res.stdout, res.stderr)


def jsonl_rows(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


# ---------------------------------------------------------------- pairwise clustering scores

def pairs_of(clusters: Iterable[Iterable[Any]], universe: set[Any]) -> set[frozenset[Any]]:
    out: set[frozenset[Any]] = set()
    for cluster in clusters:
        members = sorted({m for m in cluster if m in universe}, key=str)
        out.update(frozenset(p) for p in itertools.combinations(members, 2))
    return out


def prf(predicted: set[Any], gold: set[Any]) -> dict[str, float]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else (1.0 if not gold else 0.0)
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "tp": tp,
            "predicted": len(predicted), "gold": len(gold)}


# ---------------------------------------------------------------- claims: gold refs -> ids

@dataclass
class ClaimIndex:
    """The ledger's claims, by article; resolves gold (article, quote) refs to claim ids."""

    by_article: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    by_id: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]]) -> ClaimIndex:
        index = cls()
        for row in rows:
            index.by_article[row["article_id"]].append(row)
            index.by_id[row["id"]] = row
        return index

    def resolve(self, ref: dict[str, str]) -> int | None:
        """The id of the claim of `ref["article"]` whose text holds the quote (the shortest such)."""
        hits = [c for c in self.by_article.get(ref["article"], []) if ref["quote"] in c["text"]]
        return min(hits, key=lambda c: len(c["text"]))["id"] if hits else None


def side_matches(side: dict[str, Any], ref: dict[str, str], claims: ClaimIndex) -> bool:
    """An output contradiction side is the gold claim: same claim id, else same article and quote in its text."""
    if side.get("article") != ref["article"]:
        return False
    want = claims.resolve(ref)
    if side.get("claim") is not None and want is not None:
        return side["claim"] == want
    return ref["quote"] in (side.get("text") or "")


def alternatives(value: dict[str, str] | list[dict[str, str]]) -> list[dict[str, str]]:
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------- the scores, one per part

def score_stories(gold: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    universe = {a for story in gold["stories"] for a in story}
    predicted = pairs_of((r.get("articles", []) for r in rows), universe)
    return prf(predicted, pairs_of(gold["stories"], universe))


def copy_links_from_db(db: str) -> list[tuple[str, str]] | None:
    """(copy, origin) ext ids from the ledger's wire_copies table (SQLite), None when absent."""
    if not Path(db).is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT a.ext_id, o.ext_id FROM wire_copies w JOIN articles a ON a.id = w.article_id "
                "JOIN articles o ON o.id = w.origin_id WHERE w.article_id <> w.origin_id").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return [(a, o) for a, o in rows]


def score_wire_copies(gold: dict[str, Any], links: list[tuple[str, str]] | None) -> dict[str, Any]:
    if links is None:
        return {"status": "no wire-copy table"}
    gold_pairs = pairs_of(gold["wire_copies"], {a for g in gold["wire_copies"] for a in g})
    gold_origin = {copy: group[0] for group in gold["wire_copies"] for copy in group[1:]}
    found = {frozenset(p) for p in links}
    false = sorted(tuple(sorted(p)) for p in found - gold_pairs)
    missed = sorted(tuple(sorted(p)) for p in gold_pairs - found)
    wrong_origin = sorted(c for c, o in links if c in gold_origin and gold_origin[c] != o)
    return {"links": len(found), "false_links": false, "missed_links": missed, "wrong_origin": wrong_origin}


def score_propositions(gold: dict[str, Any], rows: list[dict[str, Any]], claims: ClaimIndex) -> dict[str, Any]:
    universe = {c["id"] for a in gold["proposition_articles"] for c in claims.by_article.get(a, [])}
    gold_clusters, unresolved = [], []
    for group in gold["propositions"]:
        ids = []
        for ref in group:
            cid = claims.resolve(ref)
            if cid is None:
                unresolved.append(f'{ref["article"]}: {ref["quote"]}')
            else:
                ids.append(cid)
        gold_clusters.append(ids)
    # unresolved gold claims have no id: the pairs they are in are lost to recall
    gold_pairs = pairs_of(gold_clusters, universe)
    n_lost = sum(len(g) * (len(g) - 1) // 2 for g in gold["propositions"]) - len(gold_pairs)
    predicted = pairs_of(([c.get("claim") for c in r.get("claims", [])] for r in rows), universe)
    scores = prf(predicted, gold_pairs)
    scores["F1_extracted_only"] = scores["F1"]  # linking alone: over the gold claims the extractor found
    tp, gold_n = scores["tp"], scores["gold"] + n_lost
    scores["R"] = round(tp / gold_n, 3) if gold_n else 1.0
    scores["F1"] = round(2 * scores["P"] * scores["R"] / (scores["P"] + scores["R"]), 3) if tp else 0.0
    scores["gold"] = gold_n
    scores["unresolved_gold_claims"] = unresolved

    def show(pair: frozenset[int]) -> str:
        return "  ~  ".join(f'{claims.by_id[i]["article_id"][:3]}: {claims.by_id[i]["text"][:60]}' for i in sorted(pair))

    scores["false_pairs"] = sorted(map(show, predicted - gold_pairs))
    scores["missed_pairs"] = sorted(map(show, gold_pairs - predicted))
    return scores


def _number(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def score_series(gold: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    series: dict[Any, set[tuple[str, float]]] = defaultdict(set)
    for r in rows:
        for v in (r.get("value"), r.get("low"), r.get("high")):
            if _number(v) is not None:
                series[r.get("series")].add((r.get("article"), _number(v)))
    found, detail, owner = 0, [], {}
    for i, g in enumerate(gold["series"]):
        points = {(p["article"], float(p["value"])) for p in g["points"]}
        for p in points:
            owner.setdefault(p, set()).add(i)
        best = max((len(points & held) for held in series.values()), default=0)
        ok = best == len(points)
        found += ok
        detail.append({"measure": g["measure"], "thing": g["thing"], "points": len(points), "best": best, "found": ok})
    story_of = {a: k for k, story in enumerate(gold["stories"]) for a in story}
    mixed = sum(len({story_of.get(p[0]) for p in held if p in owner}) > 1 for held in series.values())
    merged = sum(len(set().union(*(owner.get(p, set()) for p in held))) > 1 for held in series.values())
    return {"found": found, "total": len(gold["series"]), "mixed": mixed, "merged": merged,
            "output_series": len(series), "detail": detail}


def score_contradictions(gold: dict[str, Any], rows: list[dict[str, Any]], claims: ClaimIndex) -> dict[str, Any]:
    by_type: dict[str, dict[str, Any]] = defaultdict(lambda: {"found": 0, "total": 0, "extra": 0, "missed": []})
    used: set[int] = set()
    for g in gold["contradictions"]:
        t = by_type[g["type"]]
        t["total"] += 1
        hit = None
        for k, row in enumerate(rows):
            if row.get("type") != g["type"]:
                continue
            for x, y in ((row.get("a", {}), row.get("b", {})), (row.get("b", {}), row.get("a", {}))):
                if side_matches(y, g["b"], claims) and any(side_matches(x, a, claims) for a in alternatives(g["a"])):
                    hit = k
                    break
            if hit is not None:
                break
        if hit is None:
            t["missed"].append(f'{g["b"]["article"]}: {g["b"]["quote"]}')
        else:
            t["found"] += 1
            used.add(hit)
    for k, row in enumerate(rows):
        if k not in used:
            by_type[row.get("type", "?")]["extra"] += 1
    return dict(by_type)


def _norm(name: str) -> str:
    name = re.sub(r"['’]s\b", "", name.casefold())
    name = re.sub(r"^(the|a|an)\s+", "", name.strip())
    return " ".join(re.findall(r"\w+", name))


def score_entities(gold: dict[str, Any], rows: list[dict[str, Any]], claims: ClaimIndex,
                   said: dict[str, set[int] | None]) -> dict[str, Any]:
    """Splits, wrong merges and distinct pairs by name; then by claim, from what each entity said."""
    names = {e["name"]: {_norm(n) for n in e["names"]} for e in gold["entities"]}
    holders: dict[str, set[Any]] = defaultdict(set)  # gold entity -> output entities holding one of its names
    held: dict[Any, set[str]] = defaultdict(set)     # output entity -> gold entities it holds
    for r in rows:
        forms = {_norm(r.get("name") or "")} | {_norm(a) for a in r.get("aliases", []) or []}
        for gname, gforms in names.items():
            if forms & gforms:
                holders[gname].add(r.get("entity"))
                held[r.get("entity")].add(gname)
    split = sorted(g for g, hs in holders.items() if len(hs) > 1)
    merged = sorted(" + ".join(sorted(gs)) for gs in held.values() if len(gs) > 1)
    together = [f"{a} / {b}" for a, b in gold["distinct"] if holders.get(a, set()) & holders.get(b, set())]
    own = {e["name"]: {cid for cid in map(claims.resolve, e.get("claims", [])) if cid is not None}
           for e in gold["entities"]}
    unattributed = sorted(f"{g}: {len(ids - (said.get(g) or set()))} of {len(ids)}" for g, ids in own.items()
                          if ids and said.get(g) is not None and ids - (said[g] or set()))
    claims_together = [f"{a} / {b}" for a, b in gold["distinct"]
                       if (said.get(a) or set()) & own.get(b, set()) or (said.get(b) or set()) & own.get(a, set())]
    return {"output_entities": len(rows), "split": split, "wrong_merge": merged, "distinct_together": together,
            "distinct_claims_together": claims_together, "claims_not_attributed": unattributed,
            "not_found": sorted(g for g in names if g not in holders)}


def said_by(gold: dict[str, Any], db: str, run: RunCli) -> dict[str, set[int] | None]:
    """Claim ids each gold entity with claims (or in a distinct pair) said, per `claimledger entity NAME`."""
    wanted = {e["name"] for e in gold["entities"] if e.get("claims")} | {n for pair in gold["distinct"] for n in pair}
    out: dict[str, set[int] | None] = {}
    for name in sorted(wanted):
        res = run(["entity", name, "--db", db, "--format", "jsonl", "--limit", "100000"])
        out[name] = None if res.code != 0 else {
            r["claim"] for r in jsonl_rows(res.stdout) if r.get("role", "said") == "said" and r.get("claim") is not None}
    return out


# ---------------------------------------------------------------- driver

COMMANDS = ("stories", "propositions", "estimates", "contradictions", "entities")
EXTRA_ARGS = {"entities": ["--all"]}  # also the entities that stay within one article


def score(db: str | None = None, gold_path: Path = GOLD, samples: Path = SAMPLES,
          run: RunCli = subprocess_cli) -> dict[str, Any]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        if db is None:
            db = str(Path(tmp) / "ledger.db")
            res = run(["ingest", str(samples), "--db", db, "--silent"])
            if res.code not in (0, 1):
                raise SystemExit(f"ingest failed ({res.code}): {res.stderr.strip()[-500:]}")
        res = run(["claims", "--db", db, "--format", "jsonl"])
        if res.code != 0:
            raise SystemExit(f"claims failed ({res.code}): {res.stderr.strip()[-500:]}")
        claim_rows = jsonl_rows(res.stdout)
        claims = ClaimIndex.from_rows(claim_rows)
        outputs: dict[str, list[dict[str, Any]] | str] = {}
        for cmd in COMMANDS:
            res = run([cmd, "--db", db, "--format", "jsonl", *EXTRA_ARGS.get(cmd, [])])
            if res.code == 2 and "No such option" in res.stderr:
                res = run([cmd, "--db", db, "--format", "jsonl"])
            if res.missing:
                outputs[cmd] = "command missing"
            elif res.code != 0:
                outputs[cmd] = f"failed ({res.code}): {res.stderr.strip().splitlines()[-1:] or ''}"
            else:
                outputs[cmd] = jsonl_rows(res.stdout)
        links = copy_links_from_db(db)
        said = said_by(gold, db, run) if isinstance(outputs["entities"], list) else {}

    def part(cmd: str, fn: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> dict[str, Any]:
        out = outputs[cmd]
        return {"status": out} if isinstance(out, str) else fn(out)

    return {
        "claims": len(claim_rows),
        "stories": part("stories", lambda rows: score_stories(gold, rows)),
        "wire_copies": score_wire_copies(gold, links),
        "propositions": part("propositions", lambda rows: score_propositions(gold, rows, claims)),
        "series": part("estimates", lambda rows: score_series(gold, rows)),
        "contradictions": part("contradictions", lambda rows: score_contradictions(gold, rows, claims)),
        "entities": part("entities", lambda rows: score_entities(gold, rows, claims, said)),
    }


def render(result: dict[str, Any], pairs: bool = False) -> str:
    lines = [f"{'part':<16} {'figure':<44} value", "-" * 78]

    def add(part: str, figure: str, value: Any) -> None:
        lines.append(f"{part:<16} {figure:<44} {value}")

    for name in ("stories", "propositions"):
        r = result[name]
        if "status" in r:
            add(name, "", r["status"])
        else:
            add(name, "pairwise P / R / F1", f'{r["P"]:.3f} / {r["R"]:.3f} / {r["F1"]:.3f}  '
                f'({r["tp"]} of {r["predicted"]} predicted, {r["gold"]} gold pairs)')
            if "F1_extracted_only" in r:
                add("", "F1 over the gold claims that were extracted", f'{r["F1_extracted_only"]:.3f}')
            for u in r.get("unresolved_gold_claims", []):
                add("", "gold claim not extracted", u)
            for key in ("false_pairs", "missed_pairs") if pairs else ():
                for v in r.get(key, []):
                    lines.append(f"    {key[:-1].replace('_', ' ')}: {v}")
    w = result["wire_copies"]
    if "status" in w:
        add("wire copies", "", w["status"])
    else:
        add("wire copies", "copy links / false / missed / wrong origin",
            f'{w["links"]} / {len(w["false_links"])} / {len(w["missed_links"])} / {len(w["wrong_origin"])}')
        for p in w["false_links"]:
            add("", "false copy link", " ~ ".join(p))
        for p in w["missed_links"]:
            add("", "missed copy link", " ~ ".join(p))
    s = result["series"]
    if "status" in s:
        add("series", "", s["status"])
    else:
        add("series", "found / total", f'{s["found"]} / {s["total"]}  ({s["output_series"]} output series)')
        add("", "output series mixing gold series / stories", f'{s["merged"]} / {s["mixed"]}')
        for d in s["detail"]:
            if not d["found"]:
                add("", f'not found: {d["thing"][:42]}', f'best series holds {d["best"]} of {d["points"]} points')
    c = result["contradictions"]
    if "status" in c:
        add("contradictions", "", c["status"])
    else:
        for t in ("denial", "estimate_conflict", "revision"):
            v = c.get(t, {"found": 0, "total": 0, "extra": 0, "missed": []})
            add("contradictions", f"{t}: found / total (extra)", f'{v["found"]} / {v["total"]} ({v["extra"]})')
            for m in v["missed"]:
                add("", f"missed {t}", m[:60])
    e = result["entities"]
    if "status" in e:
        add("entities", "", e["status"])
    else:
        errors = len(e["split"]) + len(e["wrong_merge"]) + len(e["distinct_together"]) + len(e["distinct_claims_together"])
        add("entities", "merge errors (split/merge/distinct)", errors)
        for k in ("split", "wrong_merge", "distinct_together", "not_found"):
            for v in e[k]:
                add("", k.replace("_", " "), v)
        for k in ("distinct_claims_together", "claims_not_attributed"):
            add("", k.replace("_", " "), ", ".join(e[k]) or "none")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="a ledger that already holds samples/ (default: ingest into a temporary one)")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--samples", type=Path, default=SAMPLES)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--pairs", action="store_true", help="also list the false and missed proposition pairs")
    ap.add_argument("--in-process", action="store_true",
                    help="run the commands in this process (faster; needs claimledger importable)")
    args = ap.parse_args(argv)
    result = score(args.db, args.gold, args.samples, inprocess_cli if args.in_process else subprocess_cli)
    print(json.dumps(result, indent=1) if args.json else render(result, args.pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
