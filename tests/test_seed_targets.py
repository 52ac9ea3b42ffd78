"""Regression guard: the seed article's targets, scored by ../shared/eval/claimeval.py.

Skipped when ../shared is absent. The extractor reads the seed through the header reader,
exactly as `claimledger extract SEED.txt` does.
"""

from __future__ import annotations

import importlib.util
import json

from claimledger.readers import Article, read_inputs

SEED = "000_8600981b037d09a4"


def test_seed_meets_the_attribution_and_numbers_targets(extractor, shared_dir):
    spec = importlib.util.spec_from_file_location("claimeval", shared_dir / "eval" / "claimeval.py")
    claimeval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(claimeval)
    seed_dir = shared_dir / "data" / "seed"
    (article,) = [a for a in read_inputs([str(seed_dir / f"{SEED}.txt")]) if isinstance(a, Article)]
    rec = extractor.extract(article.text, article.date, id=article.id).to_dict()
    gold = json.loads((seed_dir / f"{SEED}.gold.json").read_text(encoding="utf-8"))
    body = claimeval.seed_body(seed_dir / f"{SEED}.gold.json")
    assert rec["text"] == body
    res = claimeval.score_seed(gold, rec, body)
    claims, q, t = res["claims"], res["quantities"], res["times"]
    assert claims["F1"] >= 0.85
    assert claims["speaker_acc"] >= 0.90
    assert claims["stance_acc"] >= 0.85
    assert claims["via_n"] == 3 and claims["via_acc"] == 1.0
    assert q["tp"] == q["gold"] == 8 and q["value_qualifier_F1"] == 1.0
    assert t["tp"] == t["gold"] == 12 and t["value_acc"] == 1.0
