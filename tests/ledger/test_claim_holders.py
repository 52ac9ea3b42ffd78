"""Which claim holds a quantity: the index gives what a scan of every claim gave."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimledger.ledger.base import ClaimHolders

span = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))


def scan(span: tuple[int, int], claims: list[tuple[int, list]]) -> int | None:
    for cid, spans in claims:
        if any(s <= span[0] and span[1] <= e for s, e in spans):
            return cid
    return None


@given(st.lists(st.lists(span, min_size=1, max_size=3), max_size=8), st.lists(span, max_size=10))
def test_the_first_claim_holding_a_span(contents: list[list[tuple[int, int]]], queries: list[tuple[int, int]]) -> None:
    claims = [(100 + k, sorted(c)) for k, c in enumerate(contents)]
    holders = ClaimHolders(claims)
    for q in queries:
        assert holders.holding(q) == scan(q, claims)


def test_an_article_of_many_claims() -> None:
    claims = [(k, [(32 * k, 32 * k + 30)]) for k in range(20_000)]
    holders = ClaimHolders(claims)
    assert holders.holding((32 * 19_999 + 5, 32 * 19_999 + 7)) == 19_999
    assert holders.holding((31, 33)) is None
