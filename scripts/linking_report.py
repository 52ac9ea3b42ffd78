"""Figures for docs/linking-report.md from a linked ledger (PolNeAR train, or any other).

    python scripts/linking_report.py --db polnear.db [--sample 10] [--seed 8] [--top 20]

Prints, as Markdown: the propositions that two or more speakers from two or more independent
origins stated (count, and `--sample` of them picked at random with `--seed`, each with its
claims so a reader can judge the grouping), the `--top` entities by claims with their aliases,
and the wire copies (copy -> origin, with the MinHash similarity). It reads only what the CLI
prints (`propositions`, `entities`, `stories`, all `--format jsonl`) plus the `wire_copies`
table of a SQLite ledger; the judging is done by a person reading the output.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_linking import jsonl_rows, subprocess_cli  # noqa: E402


def rows_of(cmd: str, db: str, *extra: str) -> list[dict[str, Any]]:
    res = subprocess_cli([cmd, "--db", db, "--format", "jsonl", *extra])
    if res.code != 0:
        raise SystemExit(f"`claimledger {cmd}` failed ({res.code}): {res.stderr.strip()[-300:]}")
    return jsonl_rows(res.stdout)


def independent(prop: dict[str, Any]) -> bool:
    """Two or more speakers, and two or more independent origins (wire copies count once)."""
    speakers = {c.get("speaker") for c in prop.get("claims", []) if c.get("speaker")}
    return len(speakers) >= 2 and (prop.get("origins") or 0) >= 2


def wire_copies(db: str) -> list[tuple[str, str, float | None, str | None, str | None]]:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return con.execute(
                "SELECT a.ext_id, o.ext_id, w.similarity, a.publisher, o.publisher FROM wire_copies w "
                "JOIN articles a ON a.id = w.article_id JOIN articles o ON o.id = w.origin_id "
                "WHERE w.article_id <> w.origin_id ORDER BY o.ext_id, a.ext_id").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        print(f"(no wire_copies table: {exc})", file=sys.stderr)
        return []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--sample", type=int, default=10)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args(argv)

    props = rows_of("propositions", args.db)
    multi = [p for p in props if len(p.get("claims", [])) >= 2]
    indep = [p for p in props if independent(p)]
    stories = rows_of("stories", args.db)
    print(f"propositions: {len(props)}; with 2+ claims: {len(multi)}; "
          f"with 2+ speakers from 2+ independent origins: {len(indep)}")
    print(f"stories: {len(stories)}; with 2+ articles: {sum(len(s['articles']) >= 2 for s in stories)}\n")

    print(f"## {args.sample} propositions with independent speakers, picked with random.Random({args.seed})\n")
    for p in random.Random(args.seed).sample(indep, min(args.sample, len(indep))):
        print(f"### proposition {p['proposition']}: {p.get('label', '')[:100]}")
        for c in p["claims"]:
            print(f"- {c['article']} | {c.get('speaker')} | {c.get('stance')} | {c['text'][:160]}")
        print()

    print(f"## top {args.top} entities by claims\n")
    entities = sorted(rows_of("entities", args.db), key=lambda e: (-(e.get("claims") or 0), str(e.get("name"))))
    for e in entities[: args.top]:
        aliases = "; ".join(e.get("aliases", [])[:8])
        print(f"- {e['name']} ({e['type']}): {e.get('claims')} claims, {e.get('mentions')} mentions; aliases: {aliases}")

    copies = wire_copies(args.db)
    print(f"\n## wire copies: {len(copies)} copy links\n")
    for copy, origin, sim, pub_c, pub_o in copies:
        print(f"- {copy} ({pub_c}) -> {origin} ({pub_o}), similarity {sim}")
    print(json.dumps({"propositions": len(props), "multi": len(multi), "independent": len(indep),
                      "stories": len(stories), "copies": len(copies)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
