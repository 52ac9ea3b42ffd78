"""Attributed statements: direct, indirect, mixed and "according to" claims.

First level: reporting verbs with a clausal complement, and quoted passages.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from claimledger.record import Claim, TimeExpression

REPORTING_LEMMAS = frozenset(
    "say tell add state claim announce report deny confirm warn insist argue".split()
)


def find_claims(
    doc: Doc, article_date: dt.date | None, times: list[TimeExpression]
) -> list[Claim]:
    """Every attributed statement in `doc`."""
    claims = []
    for tok in doc:
        if tok.lemma_ not in REPORTING_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
            continue
        comps = [c for c in tok.children if c.dep_ in ("ccomp",)]
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not comps or not subj:
            continue
        comp = comps[0]
        sub = list(comp.subtree)
        s, e = sub[0].idx, sub[-1].idx + len(sub[-1])
        src = list(subj[0].subtree)
        claims.append(
            Claim(
                content=[(s, e)],
                source=[(src[0].idx, src[-1].idx + len(src[-1]))],
                cue=[(tok.idx, tok.idx + len(tok))],
                speaker=doc.text[src[0].idx : src[-1].idx + len(src[-1])],
                kind="indirect",
            )
        )
    return claims
