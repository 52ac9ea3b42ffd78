"""The Dask engine on a small local cluster (2 worker processes): same records as the local
engine, idempotent, bounded in flight, and reachable from the CLI by scheduler address."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from click.testing import CliRunner  # noqa: E402

from claimledger.batch import ingest_dask  # noqa: E402
from claimledger.cli import main  # noqa: E402
from claimledger.ingest import ingest  # noqa: E402
from claimledger.ledger import Ledger  # noqa: E402
from claimledger.readers import Article, Rejected  # noqa: E402

pytestmark = pytest.mark.slow

SENTENCES = [
    "The harbour master said on Monday that {n} ships were waiting to unload.",
    "\"We will reopen the northern terminal by Friday,\" port director Lena Sall told reporters.",
    "Union officials denied that {n} workers had been dismissed, according to a statement.",
    "The ministry said prices could rise by {n} percent next year.",
]


def articles(n: int) -> list[Article]:
    out = []
    for i in range(n):
        text = " ".join(s.format(n=i + 3) for s in SENTENCES[i % 4:] + SENTENCES[: i % 4])
        out.append(Article(id=f"port-{i}", text=text + f" (item {i})",
                           date=f"2025-0{1 + i % 3}-1{i % 10}", origin=f"test:{i}"))
    return out


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0") as cluster, Client(cluster) as c:
        yield c


def records(led: Ledger) -> dict[str, dict]:
    return {r.id: r.to_dict() for r in led.records()}


def test_dask_stores_what_local_ingest_stores(client, extractor) -> None:
    items = articles(12)
    with Ledger(":memory:") as local, Ledger(":memory:") as dask:
        ingest(items, local, extractor, batch_size=5)
        summary = ingest_dask(items, dask, client=client, partition_size=5)
        assert (summary.inserted, summary.skipped) == (12, 0)
        assert records(dask) == records(local)
        again = ingest_dask(items, dask, client=client, partition_size=5)
        assert (again.inserted, again.skipped) == (0, 12)


CASES = [
    # (kw, inserted, skipped, out_of_range, rejected)
    ({}, 9, 1, 0, 1),
    ({"since": "2025-02-01"}, 6, 0, 4, 1),
    ({"until": "2025-01-31"}, 3, 1, 6, 1),
]


@pytest.mark.parametrize(("kw", "inserted", "skipped", "out_of_range", "rejected"), CASES)
def test_filters_duplicates_and_rejects(client, kw, inserted, skipped, out_of_range, rejected) -> None:
    items: list[Article | Rejected] = list(articles(9))
    items.insert(4, Rejected("broken.txt", "binary data, not text", "give a UTF-8 text file"))
    items.append(Article(id="copy", text=items[0].text, date=items[0].date))  # same text again
    with Ledger(":memory:") as led:
        s = ingest_dask(items, led, client=client, partition_size=4, **kw)
        assert (s.inserted, s.skipped, s.out_of_range, len(s.rejected)) == (
            inserted, skipped, out_of_range, rejected)
        assert led.stats()["articles"] == inserted


def test_force_replaces_and_counts(client) -> None:
    items = articles(6)
    with Ledger(":memory:") as led:
        ingest_dask(items, led, client=client, partition_size=4)
        s = ingest_dask(items, led, client=client, partition_size=4, force=True)
        assert (s.inserted, s.replaced, s.skipped) == (0, 6, 0)
        assert led.stats()["articles"] == 6


def test_inputs_are_read_only_a_window_ahead(client) -> None:
    """The client holds at most `window` partitions: memory does not grow with the input."""
    consumed = []
    handled = []
    items = articles(40)

    def stream():
        for i, a in enumerate(items):
            consumed.append(i)
            yield a

    with Ledger(":memory:") as led:
        ingest_dask(stream(), led, client=client, partition_size=4, window=2,
                    progress=lambda n: handled.append((len(consumed), n)))
    done = 0
    for read, n in handled:
        assert read - done <= (2 + 1) * 4  # window partitions in flight, plus the one being cut
        done += n
    assert done == 40


def test_cli_uses_a_running_scheduler(client, tmp_path: Path) -> None:
    corpus = tmp_path / "port.jsonl"
    corpus.write_text("".join(json.dumps({"id": a.id, "text": a.text, "date": a.date}) + "\n"
                              for a in articles(8)), encoding="utf-8")
    db = str(tmp_path / "dask.db")
    args = ["ingest", str(corpus), "--db", db, "--engine", "dask",
            "--scheduler", client.scheduler.address, "--batch-size", "3"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "8 inserted" in res.output
    res = CliRunner().invoke(main, args + ["--since", "2025-03-01"])
    assert res.exit_code == 0 and "0 inserted, 2 skipped" in res.output and "6 outside" in res.output
    with Ledger(db) as led:
        assert led.stats()["articles"] == 8
