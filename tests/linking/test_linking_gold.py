"""The issue-8 targets on our own linked corpora, each with a hand-made gold file:

- samples/ with tests/linking/gold/linking.json (the corpus the linking rules were built on);
- tests/linking/heldout/articles/ with tests/linking/heldout/linking.json (four separate
  incidents written afterwards and kept from the rules until they were scored).

Runs scripts/score_linking.py once per corpus, in process: ingest the articles into a
temporary SQLite ledger through the CLI, read the linking commands' JSONL, compare with the gold.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPORA = {
    "samples": (ROOT / "samples", ROOT / "tests" / "linking" / "gold" / "linking.json"),
    "heldout": (ROOT / "tests" / "linking" / "heldout" / "articles", ROOT / "tests" / "linking" / "heldout" / "linking.json"),
}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def result(request) -> dict[str, Any]:
    articles, gold = CORPORA[request.param]
    if not gold.is_file():
        pytest.skip(f"no gold for {request.param}")
    spec = importlib.util.spec_from_file_location("score_linking", ROOT / "scripts" / "score_linking.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    scores = module.score(gold_path=gold, samples=articles, run=module.inprocess_cli)
    scores["_corpus"] = request.param
    return scores


# Issue 8 targets that are not met yet, with what was measured when this was written
# (2026-11-29) and a floor that catches a regression. When a target is reached the test fails
# with "now met": take the entry out so that the target itself is asserted again.
NOT_YET = {
    # general matching only (stemmer, measure words, restated counts): the synonym and
    # phrasal-verb lists fitted to samples/ are gone, so samples fell from 0.909 (P 0.972, R 0.854)
    ("samples", "propositions"): ("F1 0.887 (P 0.978, R 0.812)", 0.86),
    ("heldout", "propositions"): ("F1 0.875 (P 0.933, R 0.824)", 0.85),
    ("heldout", "denial"): ("1 of 2 denials paired", 1),
}


def _target_not_yet(result: dict[str, Any], name: str, reached: bool, value: float) -> None:
    """For a target in NOT_YET: assert its floor, then xfail (or fail once it is met)."""
    measured, floor = NOT_YET[(result["_corpus"], name)]
    assert not reached, f"{result['_corpus']} {name}: the target is now met; remove it from NOT_YET"
    assert value >= floor, f"{result['_corpus']} {name}: {value} fell below {floor} (was {measured})"
    pytest.xfail(f"issue 8 target not met yet: {measured}")


def _part(result: dict[str, Any], name: str) -> dict[str, Any]:
    part = result[name]
    assert "status" not in part, f"{name}: {part['status']}"
    return part


@pytest.mark.parametrize("name", ["stories", "propositions"])
def test_pairwise_f1_reaches_the_target(result, name):
    part = _part(result, name)
    if (result["_corpus"], name) in NOT_YET:
        _target_not_yet(result, name, part["F1"] >= 0.95, part["F1"])
    assert part["F1"] >= 0.95, {k: v for k, v in part.items() if k not in ("false_pairs", "missed_pairs")}


def test_no_false_wire_copy_link_and_every_copy_found(result):
    part = _part(result, "wire_copies")
    assert part["false_links"] == [] and part["missed_links"] == [] and part["wrong_origin"] == [], part


def test_every_series_is_found_and_none_mixes_incidents(result):
    part = _part(result, "series")
    assert part["found"] == part["total"], part["detail"]
    assert part["mixed"] == 0 and part["merged"] == 0


@pytest.mark.parametrize("kind", ["denial", "estimate_conflict", "revision"])
def test_every_contradiction_is_found(result, kind):
    part = _part(result, "contradictions").get(kind, {"found": 0, "total": 0, "missed": []})
    if (result["_corpus"], kind) in NOT_YET:
        _target_not_yet(result, kind, part["found"] == part["total"], part["found"])
    assert part["found"] == part["total"], part["missed"]


def test_people_sharing_a_surname_stay_apart(result):
    part = _part(result, "entities")
    assert part["distinct_together"] == [] and part["distinct_claims_together"] == [], part
