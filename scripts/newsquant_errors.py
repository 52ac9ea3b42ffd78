"""List every NewsQuant false positive and false negative, with its sentence.

    python scripts/newsquant_errors.py GOLD.json PRED.jsonl [value|value+change|value+unit]

GOLD is the NewsQuant file the inputs were built from (e.g. ../shared/data/newsquant/
NewsQuant.dev.json) and PRED the extractor's records for it (scripts/evaluate.sh writes them
to $EVAL_OUT/newsquant.out.jsonl). The tests of each metric are claimeval's own, imported
from ../shared/eval, so the lists agree with the scores it prints. Pairs are matched one to
one per sentence (augmenting paths), as the scorer does.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"


def _tests(ce: Any) -> dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]]:
    def change_ok(p: dict[str, Any], g: dict[str, Any]) -> bool:
        ok = ce.CHANGE_OK.get(g.get("change"), lambda q: False)
        return bool(ce.nq_value_ok(p, g["_v"]) and (ok(p) or ce.vague_range_ok(p, g)))

    return {
        "value": lambda p, g: bool(ce.nq_value_ok(p, g["_v"])),
        "value+change": change_ok,
        "value+unit": lambda p, g: bool(ce.nq_value_ok(p, g["_v"]) and ce.nq_unit_ok(p, g)),
    }


def _match(n_gold: int, n_pred: int, ok: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum one-to-one matching: prediction index -> gold index."""
    by_pred: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in range(n_pred):
            if p in seen or not ok(g, p):
                continue
            seen.add(p)
            if p not in by_pred or augment(by_pred[p], seen):
                by_pred[p] = g
                return True
        return False

    for g in range(n_gold):
        augment(g, set())
    return by_pred


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    sys.path.insert(0, str(EVAL_DIR))
    import claimeval as ce  # noqa: PLC0415 (lives in ../shared, not in the package)

    metric = argv[2] if len(argv) > 2 else "value+change"
    test = _tests(ce)[metric]
    sents = ce.load_newsquant(argv[0])
    with open(argv[1], encoding="utf-8") as fh:
        records = {r["id"]: r for r in map(json.loads, fh)}
    n_bad = 0
    for i, sent in enumerate(sents):
        text = sent["text"]
        golds = [dict(q, _v=ce.parse_nq_value(q["value"])) for q in sent.get("quantities", [])]
        preds = (records.get(f"nq-{i}") or {}).get("quantities") or []
        by_pred = _match(
            len(golds), len(preds), lambda g, p, golds=golds, preds=preds: test(preds[p], golds[g])
        )
        matched_gold = set(by_pred.values())
        fns = [g for k, g in enumerate(golds) if k not in matched_gold]
        fps = [p for k, p in enumerate(preds) if k not in by_pred]
        if not fns and not fps:
            continue
        n_bad += 1
        print(f"=== nq-{i}: {text}")
        for g in fns:
            print(f"  FN value={g['value']} change={g['change']} unit={g.get('unit')!r}/"
                  f"{g.get('normalized_unit')!r}")
        for p in fps:
            s, e = p["span"]
            print(f"  FP {text[s:e]!r} value={p.get('value')} low={p.get('low')} "
                  f"high={p.get('high')} qualifier={p.get('qualifier')} trend={p.get('trend')} "
                  f"thing={p.get('thing')!r}")
    print(f"{n_bad} sentences with errors ({metric})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
