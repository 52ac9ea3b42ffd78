"""Denials: what a pointing-back denial points to ("her claim", "Seoul's claims about ...",
"the accusation"), second deniers in one sentence, and denial pairs stored with both sides'
provenance on both back ends."""

from __future__ import annotations

import pytest
from linkrecords import record

from claimledger.ledger import Ledger
from claimledger.linking import link_pending
from claimledger.linking.contradictions import list_contradictions
from claimledger.linking.denials import (
    Candidate,
    coordinated_denials,
    parse_pointer,
    resolve_targets,
)
from claimledger.linking.terms import content_terms

# (denial content, owner, noun, topic) or None when it names its own proposition
POINTER_CASES = [
    ("her claim as speculation", "her", "claim", None),
    ("his allegations as lies", "his", "allegations", None),
    ("the reports", "the", "reports", None),
    ("The accusation from Dresk is false", "Dresk", "accusation", None),
    ("\u201cThe accusation from Dresk is false,\u201d", "Dresk", "accusation", None),
    ("Seoul\u2019s claims about the North\u2019s troop deployment as \u201cfake news\u201d",
     "Seoul", "claims", "the North\u2019s troop deployment"),
    ("Mendes's accusation that the ministry had ignored warnings",
     "Mendes", "accusation", "the ministry had ignored warnings"),
    ("the new figure", "the", "figure", None),
    ("that any water had been released from the reservoir", None, None, None),
    ("weapons transfers", None, None, None),
]


@pytest.mark.parametrize(("content", "owner", "noun", "topic"), POINTER_CASES)
def test_parse_pointer(content: str, owner: str | None, noun: str | None, topic: str | None) -> None:
    p = parse_pointer(content)
    if owner is None:
        assert p is None
    else:
        assert (p.owner, p.noun, p.topic) == (owner, noun, topic)


def cand(cid: int, speaker: str, text: str, type_: str = "ORG", cue: str = "said", article: int = 1,
         before: bool = True, stance: str = "assert") -> Candidate:
    return Candidate(cid, article, speaker, f"entity:{speaker}", type_, stance, text,
                     frozenset(content_terms(text)), cue, before)


STORY = [
    cand(1, "Ada Lenz", "the dam wall had cracks in March", "PERSON"),
    cand(2, "Flood agency", "the river rose two metres overnight"),
    cand(3, "Marta Cole", "the inspection found cracks in the spillway", "PERSON"),
    cand(4, "Hydro board", "the company had found no cracks", stance="deny"),
    cand(5, "Town council", "the upstream country of releasing water", cue="accused"),
    cand(6, "South Korean lawmakers", "3,000 troops had been sent to Russia", article=2, before=False),
    cand(7, "Seoul's spy agency", "the North had sent 1,500 soldiers", article=2, before=False),
    cand(8, "Lloyd Austin", "there is evidence of troops in Russia", "PERSON", article=2, before=False),
]
# (denial content, denier, its article, the claim ids it points to)
TARGET_CASES = [
    ("her claim as speculation", "entity:Hydro board", 1, [3]),  # the nearest person before it
    ("the accusation", "entity:Hydro board", 1, [5]),  # what was said with "accused"
    ("Seoul\u2019s claims about the North\u2019s troop deployment", "entity:Kremlin", 2, [6, 7]),
    ("Lenz's claim", "entity:Hydro board", 1, [1]),  # a named owner
    ("her claim as speculation", "entity:Marta Cole", 1, [1]),  # never the denier's own claim
]


@pytest.mark.parametrize(("content", "denier", "article", "expected"), TARGET_CASES)
def test_resolve_targets(content: str, denier: str, article: int, expected: list[int]) -> None:
    pointer = parse_pointer(content)
    hint = "North Korea sent troops" if "North" in content else None
    got = resolve_targets(pointer, denier, article, STORY, hint)
    assert [c.claim_id for c in got] == expected


def test_a_second_denier_in_the_sentence() -> None:
    text = ("The ministry dismissed the opposition\u2019s claims about the dam as \u201cpolitics\u201d and a "
            "spokesman for the utility called it \u201cpure invention\u201d at a briefing on Monday. Then rain.")
    start = text.index("the opposition")
    found = coordinated_denials(text, start, start + 40)
    assert [(d.speaker, d.text) for d in found] == [("spokesman for the utility", "pure invention")]
    assert text[found[0].start:found[0].end] == "pure invention"
    assert coordinated_denials("The ministry denied the claims and said it would appeal.", 4, 20) == []


# -- stored pairs ---------------------------------------------------------------------------

HYDRO_1 = ("Opposition lawmaker Ada Lenz said on Monday that engineers at the Velt utility had found "
           "cracks in the Orvel dam wall in March. The Velt utility denied that it had ignored cracks "
           "in the Orvel dam. Velt chief Piet Moss rejected her claim as speculation.")
HYDRO_2 = ("The Velt utility said on Tuesday that the Orvel dam wall had been inspected in March and "
           "that no cracks were found. Lenz said the engineers who found cracks in the Orvel dam wall "
           "had written to managers in March.")


def hydro_records():  # noqa: ANN201
    r1 = record("hydro-1", "2025-04-07", HYDRO_1, [
        ("Ada Lenz", "Opposition lawmaker Ada Lenz",
         "engineers at the Velt utility had found cracks in the Orvel dam wall in March"),
        ("Velt utility", "The Velt utility", "that it had ignored cracks in the Orvel dam"),
        ("Piet Moss", "Velt chief Piet Moss", "her claim as speculation"),
    ], title="Velt utility denies ignoring cracks in Orvel dam")
    r1.claims[1].stance = r1.claims[2].stance = "deny"
    r2 = record("hydro-2", "2025-04-08", HYDRO_2, [
        ("Velt utility", "The Velt utility", "the Orvel dam wall had been inspected in March"),
        ("Ada Lenz", "Lenz", "the engineers who found cracks in the Orvel dam wall had written to managers in March"),
    ], title="Velt utility says Orvel dam wall was inspected")
    return [r1, r2]


def test_denials_pair_with_what_they_deny(ledger_url: str) -> None:
    with Ledger(ledger_url) as ledger:
        for rec in hydro_records():
            ledger.add(rec)
            assert not link_pending(ledger).errors
        pairs = list_contradictions(ledger, "denial")
    got = {(p["a"]["speaker"], p["a"]["text"][:30], p["b"]["speaker"], p["b"]["text"]) for p in pairs}
    lenz = "engineers at the Velt utility "
    assert ("Ada Lenz", lenz, "Piet Moss", "her claim as speculation") in got  # points back
    assert ("Ada Lenz", lenz, "Velt utility", "that it had ignored cracks in the Orvel dam") in got
    for p in pairs:  # both sides carry their provenance
        assert p["a"]["stance"] == "assert" and p["b"]["stance"] == "deny"
        for side in (p["a"], p["b"]):
            assert side["article"] in {"hydro-1", "hydro-2"} and side["claim"] is not None
            assert side["said_on"]
    # Lenz's later claim joins her proposition: it is paired with the denials made before it
    assert any(p["a"]["article"] == "hydro-2" for p in pairs)
