"""The issue-8 targets on our own linked corpus (samples/ + tests/linking/gold/linking.json).

Runs scripts/score_linking.py once, in process: ingest samples/ into a temporary SQLite ledger
through the CLI, read the linking commands' JSONL, compare with the hand-made gold.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location("score_linking", ROOT / "scripts" / "score_linking.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.score(run=module.inprocess_cli)


def _part(result: dict[str, Any], name: str) -> dict[str, Any]:
    part = result[name]
    assert "status" not in part, f"{name}: {part['status']}"
    return part


@pytest.mark.parametrize("name", ["stories", "propositions"])
def test_pairwise_f1_reaches_the_target(result, name):
    part = _part(result, name)
    assert part["F1"] >= 0.95, part


def test_no_false_wire_copy_link_and_both_copies_found(result):
    part = _part(result, "wire_copies")
    assert part["false_links"] == [] and part["missed_links"] == [] and part["wrong_origin"] == [], part


def test_every_series_is_found_and_none_mixes_stories(result):
    part = _part(result, "series")
    assert part["found"] == part["total"], part["detail"]
    assert part["mixed"] == 0


@pytest.mark.parametrize("kind", ["denial", "estimate_conflict", "revision"])
def test_every_contradiction_is_found(result, kind):
    part = _part(result, "contradictions")[kind]
    assert part["found"] == part["total"], part["missed"]


def test_people_sharing_a_surname_stay_apart(result):
    part = _part(result, "entities")
    assert part["distinct_together"] == [], part
    if isinstance(part["distinct_claims_together"], list):  # once claims carry their speaker entity
        assert part["distinct_claims_together"] == []
