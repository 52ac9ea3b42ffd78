"""The linking scorer's own arithmetic, on small hand-made outputs (no ledger needed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("score_linking", ROOT / "scripts" / "score_linking.py")
assert spec and spec.loader
score_linking = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = score_linking  # dataclasses look their module up there
spec.loader.exec_module(score_linking)

GOLD = {
    "stories": [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]],
    "wire_copies": [["a1", "a2"]],
    "series": [
        {"measure": "killed", "thing": "killed in a", "points": [{"article": "a1", "value": 12}, {"article": "a3", "value": 20}]},
        {"measure": "killed", "thing": "killed in b", "points": [{"article": "b1", "value": 2}, {"article": "b2", "value": 5}]},
    ],
}
CLAIMS = score_linking.ClaimIndex.from_rows([
    {"id": 1, "article_id": "a1", "text": "the toll rose to 12"},
    {"id": 2, "article_id": "a3", "text": "the toll rose to 20"},
    {"id": 3, "article_id": "a3", "text": "it denied that the toll rose"},
])


@pytest.mark.parametrize("clusters, expected_f1", [
    ([["a1", "a2", "a3"], ["b1", "b2"], ["c1"]], 1.0),
    ([["a1", "a2", "a3", "b1", "b2", "c1"]], 0.421),        # everything in one story: P 4/15, R 1
    ([["a1"], ["a2"], ["a3"], ["b1"], ["b2"], ["c1"]], 0.0),  # nothing grouped
    ([["a1", "a2"], ["a3"], ["b1", "b2"]], 0.667),           # one of the three a-pairs: P 1, R 0.5
])
def test_story_pairwise_f1(clusters, expected_f1):
    rows = [{"articles": c} for c in clusters]
    assert score_linking.score_stories(GOLD, rows)["F1"] == pytest.approx(expected_f1, abs=1e-3)


@pytest.mark.parametrize("links, false, missed", [
    ([("a2", "a1")], [], []),
    ([("a2", "a1"), ("b2", "b1")], [("b1", "b2")], []),
    ([], [], [("a1", "a2")]),
])
def test_wire_copy_links(links, false, missed):
    part = score_linking.score_wire_copies(GOLD, links)
    assert part["false_links"] == false and part["missed_links"] == missed


@pytest.mark.parametrize("points, found, mixed", [
    ([("s1", "a1", 12), ("s1", "a3", 20), ("s2", "b1", 2), ("s2", "b2", 5)], 2, 0),
    ([("s1", "a1", 12), ("s1", "a3", 20), ("s1", "b1", 2), ("s1", "b2", 5)], 2, 1),  # one series, two stories
    ([("s1", "a1", 12), ("s2", "a3", 20), ("s3", "b1", 2), ("s3", "b2", 5)], 1, 0),  # a's points split
    ([("s1", "a1", 12), ("s1", "a3", 21)], 0, 0),                                     # wrong value
])
def test_series_found_when_one_series_holds_every_point(points, found, mixed):
    rows = [{"series": s, "article": a, "value": v} for s, a, v in points]
    part = score_linking.score_series(GOLD, rows)
    assert (part["found"], part["mixed"]) == (found, mixed)


@pytest.mark.parametrize("side, expected", [
    ({"article": "a3", "claim": 2, "text": "the toll rose to 20"}, True),
    ({"article": "a3", "claim": 3, "text": "it denied that the toll rose"}, False),  # the quote is in claim 2, not 3
    ({"article": "a3", "claim": None, "text": "sentence: the toll rose to 20."}, True),  # an unattributed figure
    ({"article": "a1", "claim": 1, "text": "the toll rose to 12"}, False),             # another article
])
def test_contradiction_side_matches_by_claim_then_text(side, expected):
    assert score_linking.side_matches(side, {"article": "a3", "quote": "rose to 20"}, CLAIMS) is expected


def test_a_missing_command_is_reported_not_raised(tmp_path):
    def fake_cli(args):
        if args[0] == "claims":
            return score_linking.CliResult(0, '{"id": 1, "article_id": "a1", "text": "x"}\n', "")
        return score_linking.CliResult(2, "", "Error: No such command 'x'.")

    gold = dict(GOLD, propositions=[], proposition_articles=[], contradictions=[], entities=[], distinct=[])
    path = tmp_path / "gold.json"
    path.write_text(__import__("json").dumps(gold), encoding="utf-8")
    result = score_linking.score(db=str(tmp_path / "none.db"), gold_path=path, run=fake_cli)
    for part in ("stories", "propositions", "series", "contradictions", "entities"):
        assert result[part] == {"status": "command missing"}
    assert "status" in result["wire_copies"]
