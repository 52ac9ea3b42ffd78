"""Shared fixtures: one spaCy pipeline per test session, the sample corpus, ../shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def extractor():
    from claimledger.extraction import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not available here")
    return SHARED


@pytest.fixture
def ledger():
    from claimledger.ledger import Ledger

    with Ledger(":memory:") as led:
        yield led


# Hypothesis: the default profile keeps CI fast (each fuzz test asks for few examples); the
# long fuzz run of `make stress` uses `--hypothesis-profile=stress` or HYPOTHESIS_PROFILE=stress.
try:
    import os

    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "stress", max_examples=2000, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
    )
    if os.environ.get("HYPOTHESIS_PROFILE"):
        settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass


# CLI flags that switch extraction modes set these for the whole process (Dask workers inherit
# them); a test that runs such a flag in-process must not leave the mode on for later tests.
MODE_ENVS = ("CLAIMLEDGER_CONTEXTUAL", "CLAIMLEDGER_STACKED")


@pytest.fixture(autouse=True)
def _extraction_modes_do_not_leak():
    before = {k: os.environ.get(k) for k in MODE_ENVS}
    yield
    leaked = {k: os.environ.get(k) for k in MODE_ENVS if os.environ.get(k) != before[k]}
    for k in leaked:
        if before[k] is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = before[k]
    assert not leaked, f"the test left extraction modes switched: {leaked} (use monkeypatch.setenv)"
