"""The hostile corpus through `claimledger ingest --engine dask`: the same reports as the
local engine, every good input stored; and the per-article time budget holds on workers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("warcio")
pytest.importorskip("trafilatura")
pytest.importorskip("feedparser")

from click.testing import CliRunner  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimledger.batch import ingest_dask  # noqa: E402
from claimledger.budget import Budget  # noqa: E402
from claimledger.cli import main  # noqa: E402
from claimledger.ledger import Ledger  # noqa: E402
from claimledger.readers import Article  # noqa: E402
from hostile_corpus import assert_reported_once_each, build_corpus, good_inputs, prose  # noqa: E402

pytestmark = pytest.mark.slow


def test_hostile_corpus_on_the_dask_engine(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "hostile")
    db, rejects = tmp_path / "l.db", tmp_path / "rejects.jsonl"
    res = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--engine", "dask",
                                    "--workers", "1", "--rejects", str(rejects),
                                    "--article-timeout", "30"])
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and "this is a bug" not in res.output
    assert_reported_once_each(rejects, corpus)
    with Ledger(str(db), create=False) as led:
        assert led.stats()["articles"] == len(good_inputs())


def test_an_article_over_budget_is_rejected_on_a_worker() -> None:
    from distributed import Client, LocalCluster

    items = [Article(id=f"a{i}", text=prose(i), origin=f"in/{i}.txt") for i in range(3)]
    tight = Budget(seconds_per_10k=1e-9, min_seconds=1e-6)  # no article can make it
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        with Ledger(":memory:") as led:
            summary = ingest_dask(items, led, client=client, budget=tight)
            assert summary.inserted == 0
            assert sorted(r.origin for r in summary.rejected) == ["in/0.txt", "in/1.txt", "in/2.txt"]
            assert all("time budget" in r.problem for r in summary.rejected)
            summary = ingest_dask(items, led, client=client, budget=Budget())
            assert (summary.inserted, len(summary.rejected)) == (3, 0)
