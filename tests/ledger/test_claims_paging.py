"""`Ledger.claims()` on SQLite reads its rows a page at a time: the same listing, in order."""

from __future__ import annotations

from pathlib import Path

from claimledger.ledger import Ledger, sqlite
from claimledger.readers import read_inputs

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"


def test_a_listing_read_in_pages_is_the_listing(tmp_path: Path, extractor, monkeypatch) -> None:  # noqa: ANN001
    articles = [a for a in read_inputs([str(SAMPLES)]) if hasattr(a, "text")][:6]
    with Ledger(str(tmp_path / "l.db")) as led:
        led.add_many([(None, extractor.extract(a.text, a.date, id=a.id)) for a in articles])
        whole = [(r.id, r.speaker, r.text) for r in led.claims()]
        monkeypatch.setattr(sqlite, "CLAIM_PAGE", 3)
        paged = [(r.id, r.speaker, r.text) for r in led.claims()]
        limited = [(r.id, r.speaker, r.text) for r in led.claims(limit=5, offset=2)]
    assert len(whole) > 3 * 3 and paged == whole and limited == whole[2:7]
