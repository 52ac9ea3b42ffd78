"""Wire copies: a copy that differs by one word, or is cut short, is found; the earliest copy
is the origin; copies never count as corroboration; a report of the same event in other
words is not a copy."""

from __future__ import annotations

import numpy as np
import pytest
from linkrecords import record

from claimledger.ledger import Ledger
from claimledger.linking import LinkDB, link_pending
from claimledger.linking.queries import claim_support, wire_origin
from claimledger.linking.wirecopies import NUM_PERM, SEED, shingles, signature

WIRE = (
    "Rescue teams pulled four more survivors from the rubble of a collapsed market hall in "
    "Tarvel on Thursday, raising the number of people found alive to 31, the regional "
    "emergency service said. "
    "The roof of the three-storey hall gave way shortly after 7 a.m. on Tuesday, when dozens "
    "of traders were setting up their stalls for the weekly fair. "
    "\"We are still hearing voices under the concrete,\" said Ilse Varga, who leads the search "
    "on the eastern side of the building. \"Nobody here is thinking about sleep.\" "
    "The emergency service said 18 people were confirmed dead and about 40 were still missing. "
    "City engineer Paul Drossel said cracks had been reported in the supporting columns last "
    "year, but the owners of the hall had said repairs could wait until the spring. "
    "Prosecutors opened an inquiry into possible negligence on Wednesday and questioned the "
    "manager of the company that runs the market, a spokesman for the prosecutor's office said."
)
ONE_WORD = WIRE.replace("four more survivors", "five more survivors")
TRIMMED = WIRE[: WIRE.index("City engineer")].strip()
OTHER_WORDS = (
    "Hopes faded in Tarvel on Thursday for the people still trapped under the market hall that "
    "fell in on Tuesday. Ilse Varga, who runs the search at the eastern end of the site, told "
    "our reporter her teams had found four people alive overnight. Relatives waited behind a "
    "police cordon through the night, and the city opened two schools for families who had "
    "come from villages nearby. A prosecutor is looking into why repairs were put off."
)
CLAIMS = [("Ilse Varga", "said Ilse Varga", "We are still hearing voices under the concrete"),
          ("Paul Drossel", "City engineer Paul Drossel", "cracks had been reported in the supporting columns last year")]


@pytest.mark.parametrize("text", [WIRE, ONE_WORD, "Too short.", ""])
def test_minhash_equals_datasketch(text: str) -> None:
    datasketch = pytest.importorskip("datasketch")
    try:
        m = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED, scheme="legacy")
    except TypeError:  # datasketch before 2.0: legacy is its only scheme
        m = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED)
    if shingles(text):
        m.update_batch(shingles(text))
    assert np.array_equal(signature(text), np.asarray(m.hashvalues, dtype=np.uint64))


def ids(led: Ledger) -> dict[str, int]:
    return {r[1]: int(r[0]) for r in LinkDB(led).execute("SELECT id, ext_id FROM articles")}


def test_copies_origin_and_support(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        # the copy is ingested first but dated later: the earlier article is the origin
        led.add(record("copy-one-word", "2025-03-07", ONE_WORD, CLAIMS))
        led.add(record("wire", "2025-03-06", WIRE, CLAIMS))
        led.add(record("trimmed", "2025-03-08", TRIMMED, CLAIMS[:1]))
        led.add(record("other-words", "2025-03-06", OTHER_WORDS))
        link_pending(led)
        aid = ids(led)
        origins = wire_origin(led, list(aid.values()))
        assert origins[aid["copy-one-word"]] == aid["wire"]
        assert origins[aid["trimmed"]] == aid["wire"]
        assert origins[aid["wire"]] == aid["wire"]
        assert origins[aid["other-words"]] == aid["other-words"]  # same event, not a copy
        rows = LinkDB(led).execute(
            "SELECT c.id, a.ext_id, c.idx FROM claims c JOIN articles a ON a.id = c.article_id")
        claim = {(r[1], int(r[2])): int(r[0]) for r in rows}
        support = claim_support(led, list(claim.values()))
        varga = support[claim[("copy-one-word", 0)]]
        assert (varga.articles, varga.origins) == (3, 1)  # three carry it, one origin
        assert varga.origin_claim_id == claim[("wire", 0)]
        drossel = support[claim[("wire", 1)]]
        assert (drossel.articles, drossel.origins) == (2, 1)


def test_the_same_quote_in_two_independent_reports_has_two_origins(ledger: Ledger) -> None:
    quote = "We are still hearing voices under the concrete"
    other = OTHER_WORDS + f" \"{quote},\" said Ilse Varga."
    ledger.add(record("wire", "2025-03-06", WIRE, CLAIMS[:1]))
    ledger.add(record("local", "2025-03-06", other, [("Ilse Varga", "said Ilse Varga", quote)]))
    link_pending(ledger)
    cids = [int(r[0]) for r in ledger.store.conn.execute("SELECT id FROM claims ORDER BY id")]
    s = claim_support(ledger, cids)[cids[0]]
    assert (s.articles, s.origins) == (2, 2)
