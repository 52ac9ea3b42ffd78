"""Ingest: idempotent by content hash, transactional batches, rejects that never stop a batch."""

from __future__ import annotations

import pytest

from claimledger.ingest import ingest, ingest_paths
from claimledger.readers import Article, Rejected


def _article(i: int, text: str | None = None) -> Article:
    text = text or f"Officials said on Monday that {i + 2} boats had reached the port of Castell."
    return Article(id=f"a{i}", text=text, date="2025-03-10", origin=f"test:{i}")


def test_ingesting_twice_stores_each_article_once(ledger, extractor):
    arts = [_article(i) for i in range(5)]
    first = ingest(arts, ledger, extractor, batch_size=2)
    assert (first.inserted, first.skipped, first.rejected) == (5, 0, [])
    again = ingest(arts, ledger, extractor, batch_size=3)
    assert (again.inserted, again.skipped) == (0, 5)
    assert ledger.stats()["articles"] == 5


def test_same_text_under_another_id_is_the_same_article(ledger, extractor):
    text = "The union said that 4,000 workers had joined the strike."
    summary = ingest([_article(1, text), _article(2, text)], ledger, extractor)
    assert (summary.inserted, summary.skipped) == (1, 1)


def test_rejects_are_reported_and_the_rest_is_stored(ledger, extractor):
    progress = []
    items = [_article(1), Rejected("bad.txt", "binary data, not text", "give text"), _article(2)]
    summary = ingest(items, ledger, extractor, batch_size=2, progress=progress.append)
    assert summary.inserted == 2 and [r.origin for r in summary.rejected] == ["bad.txt"]
    assert sum(progress) == 3


def test_a_failing_article_is_rejected_alone(ledger, extractor, monkeypatch):
    from claimledger import extraction

    real = extraction.find_quantities

    def explode(doc):
        if "explode" in doc.text:
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(extraction, "find_quantities", explode)
    items = [_article(1), _article(2, "This one will explode, officials said."), _article(3)]
    summary = ingest(items, ledger, extractor)
    assert summary.inserted == 2
    assert len(summary.rejected) == 1 and "extraction failed" in summary.rejected[0].problem


def test_stored_records_come_back_unchanged(ledger, extractor, samples_dir):
    summary = ingest_paths([str(samples_dir)], ledger, extractor)
    assert summary.rejected == [] and summary.inserted >= 8
    for rec in ledger.records():
        fresh = extractor.extract(rec.text, rec.date, id=rec.id)
        assert [c.to_dict() for c in rec.claims] == [c.to_dict() for c in fresh.claims]
        assert [q.to_dict() for q in rec.quantities] == [q.to_dict() for q in fresh.quantities]
        assert [t.to_dict() for t in rec.times] == [t.to_dict() for t in fresh.times]


@pytest.mark.parametrize(
    "filters, check",
    [
        ({"stance": "deny"}, lambda r: r.stance == "deny"),
        ({"search": "strike"}, lambda r: "strike" in (r.text + (r.speaker or "")).lower()),
        ({"since": "2025-04-01", "until": "2025-04-30"},
         lambda r: "2025-04-01" <= (r.said_on if r.said_on and len(r.said_on) == 10 else r.article_date) <= "2025-04-30"),
        ({"article": "004_port_strike"}, lambda r: r.article_id == "004_port_strike"),
    ],
)
def test_claim_queries_filter(ledger, extractor, samples_dir, filters, check):
    ingest_paths([str(samples_dir)], ledger, extractor)
    rows = list(ledger.claims(**filters))
    assert rows, filters
    assert all(check(r) for r in rows)
    assert len(rows) < len(list(ledger.claims()))
