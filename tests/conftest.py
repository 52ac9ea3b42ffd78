"""Shared fixtures: one spaCy pipeline per test session, the sample corpus, ../shared data."""

from __future__ import annotations

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
