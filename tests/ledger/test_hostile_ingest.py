"""The hostile corpus (tests/hostile_corpus.py) through `claimledger ingest` on every back end:
every good input stored, each bad one reported once with its exact line, no traceback, and a
second run stores nothing new and reports the same."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("warcio")
pytest.importorskip("trafilatura")
pytest.importorskip("feedparser")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimledger.cli import main  # noqa: E402
from claimledger.ledger import Ledger  # noqa: E402
from hostile_corpus import assert_reported_once_each, build_corpus, good_inputs  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("hostile"))


def test_hostile_corpus_on_each_back_end(corpus: Path, ledger_url: str, tmp_path: Path, extractor) -> None:
    rejects = tmp_path / "rejects.jsonl"
    res = CliRunner().invoke(main, ["ingest", str(corpus), "--db", ledger_url, "--rejects", str(rejects),
                                    "--article-timeout", "30"])  # generous: a loaded CI machine
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and "this is a bug" not in res.output
    assert_reported_once_each(rejects, corpus)
    with Ledger(ledger_url, create=False) as led:
        stored = led.stats()["articles"]
        assert stored == len(good_inputs())
        by_id = {r.id: r for r in led.records()}
    assert by_id["bom-header"].date == "2025-03-11" and by_id["bom-header"].dateline == "BERGEN"
    assert by_id["bom-1"].date == "2025-03-12"  # line 1 after a BOM is read
    assert "caf\\xe9-report" in by_id
    again = CliRunner().invoke(main, ["ingest", str(corpus), "--db", ledger_url, "--rejects", str(rejects)])
    assert again.exit_code == 1 and "0 inserted" in again.stderr
    assert_reported_once_each(rejects, corpus)
