"""The seed target of issue 8: across the seed article and samples/, `estimates troops` is one
series with the spy agency's 1,500, the lawmakers' 3,000 and about 10,000 (via the agency)
and Zelenskiy's 10,000; `contradictions` pairs the Kremlin's and the North Korean envoy's
denials with the claims they deny. Skips without ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.ingest import ingest_paths
from claimledger.ledger import Ledger
from claimledger.linking.contradictions import list_contradictions
from claimledger.linking.estimates import list_points

SEED = "data/seed/000_8600981b037d09a4.txt"


@pytest.fixture(scope="module")
def seed_ledger(tmp_path_factory, extractor):  # noqa: ANN001, ANN201
    shared = Path(__file__).resolve().parents[3] / "shared"
    if not (shared / SEED).is_file():
        pytest.skip("../shared is not available here")
    db = str(tmp_path_factory.mktemp("seed") / "ledger.db")
    samples = Path(__file__).resolve().parents[2] / "samples"
    with Ledger(db) as ledger:
        summary = ingest_paths([str(shared / SEED), str(samples)], ledger, extractor)
        assert not summary.link_errors
        yield ledger


def test_troops_is_one_series_of_the_four_figures(seed_ledger: Ledger) -> None:
    points = list_points(seed_ledger, "troops")
    assert len({p["series"] for p in points}) == 1
    got = {(p["value"], p["qualifier"], p["said_on"]) for p in points}
    assert (1500, "approx", "2024-10-18") in got
    assert (3000, "exact", "2024-10-23") in got
    assert (10000, "approx", "2024-10-23") in got
    by_value = {}
    for p in points:
        by_value.setdefault(p["value"], []).append(p)
    assert "Intelligence Service" in by_value[1500][0]["speaker"]
    assert {p["speaker"] for p in by_value[3000]} == {"South Korean lawmakers"}
    promised = [p for p in by_value[10000] if p["qualifier"] == "approx"]
    assert promised[0]["speaker"] == "South Korean lawmakers"
    assert any("intelligence" in v.lower() for v in promised[0]["via"])
    assert any("Zelenskiy" in (p["speaker"] or "") for p in by_value[10000])
    assert all(p["article"] == "000_8600981b037d09a4" and p["claim"] is not None for p in points)
    # the 600,000 "killed or wounded troops" are casualties, not troops sent
    assert 600000 not in by_value


def test_the_denials_are_paired_with_what_they_deny(seed_ledger: Ledger) -> None:
    pairs = [p for p in list_contradictions(seed_ledger, "denial") if p["b"]["article"].startswith("000_")]
    troop_claims = {p["claim"] for p in list_points(seed_ledger, "troops")}
    kremlin = [p for p in pairs if "fake news" in p["b"]["text"]]
    envoy = [p for p in pairs if "North Korean representative" in (p["b"]["speaker"] or "")]
    assert kremlin and envoy
    for pair in kremlin + envoy:
        assert pair["a"]["claim"] in troop_claims and pair["a"]["stance"] == "assert"
        assert pair["b"]["stance"] == "deny"
    assert envoy[0]["b"]["text"] == "groundless rumours"
    assert envoy[0]["b"]["said_on"] == "2024-10-21"  # "at a meeting on Monday"
    # "Seoul's claims": only what Seoul's lawmakers and spy agency said, not the US or Kyiv
    assert {p["a"]["speaker"] for p in kremlin} <= {"South Korean lawmakers", "Seoul\u2019s National Intelligence Service",
                                                    "South Korea\u2019s National Intelligence Service"}
