"""Faults at the store: a record the database refuses does not cost its batch, and a
PostgreSQL connection lost mid-run (a server restart) is opened again, never a traceback."""

from __future__ import annotations

import pytest

from claimledger.ingest import ingest
from claimledger.ledger import Ledger
from claimledger.readers import Article, content_hash
from claimledger.record import ArticleRecord

STORY = "The harbour master said on Monday that {n} ships were waiting to unload."


def test_a_nul_in_built_articles_is_rejected_alike_on_both_back_ends(ledger_url: str, extractor) -> None:
    items = [Article(id=f"a{n}", text=STORY.format(n=n), origin=f"in/{n}.txt") for n in range(3)]
    items[1].text = "The port\x00 reopened on Friday, officials said."  # never read by a reader
    with Ledger(ledger_url) as led:
        summary = ingest(items, led, extractor, batch_size=8)
        assert summary.inserted == 2
        [rejected] = summary.rejected
        assert rejected.origin == "in/1.txt" and "a NUL character at character 8" in rejected.problem
        assert led.stats()["articles"] == 2


def test_a_record_the_database_refuses_is_rejected_alone(ledger_url: str, extractor, monkeypatch) -> None:
    """The store's own guard: when the database refuses one record of a batch, the others are
    stored one by one and that one is rejected (a refusal is simulated: both back ends store
    every text that passes the readers' check)."""
    from claimledger.errors import RecordStoreError

    items = [Article(id=f"a{n}", text=STORY.format(n=n), origin=f"in/{n}.txt") for n in range(3)]
    with Ledger(ledger_url) as led:
        add_many = led.add_many

        def refusing(pairs, **kw):  # noqa: ANN001, ANN202
            if any(article.id == "a1" for article, _ in pairs):
                raise RecordStoreError("value refused")
            return add_many(pairs, **kw)

        monkeypatch.setattr(led, "add_many", refusing)
        summary = ingest(items, led, extractor, batch_size=8)
        assert summary.inserted == 2
        [rejected] = summary.rejected
        assert rejected.origin == "in/1.txt" and rejected.problem == "cannot be stored (value refused)"
        assert led.stats()["articles"] == 2


def _drop_connection(led: Ledger, url: str) -> None:
    import psycopg

    pid = led.store.conn.info.backend_pid
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_lost_postgres_connection_is_opened_again(ledger_url: str) -> None:
    if not ledger_url.startswith("postgres"):
        pytest.skip("PostgreSQL only")
    first = ArticleRecord(id="a", text=STORY.format(n=1), date="2025-03-10")
    second = ArticleRecord(id="b", text=STORY.format(n=2), date="2025-03-11")
    with Ledger(ledger_url) as led:
        led.add(first)
        _drop_connection(led, ledger_url)
        assert set(led.versions([content_hash(first.text)])) == {content_hash(first.text)}
        _drop_connection(led, ledger_url)
        assert led.add(second)
        _drop_connection(led, ledger_url)
        assert led.stats()["articles"] == 2
        _drop_connection(led, ledger_url)
        assert [r.id for r in led.records()] == ["a", "b"]
