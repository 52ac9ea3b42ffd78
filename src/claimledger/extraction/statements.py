"""Attributed statements as spans: content, source and cue, and the kind of quote.

First level: reporting verbs with a clausal complement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from claimledger.record import Span

REPORTING_LEMMAS = frozenset(
    "say tell add state claim announce report deny confirm warn insist argue".split()
)


@dataclass
class Statement:
    """The spans of one attribution, before its speaker and stance are resolved."""

    content: list[Span]
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    kind: str = "indirect"  # direct | indirect | mixed | according_to


def find_statements(doc: Doc) -> list[Statement]:
    """Every attributed statement in `doc`, as character spans."""
    out = []
    for tok in doc:
        if tok.lemma_ not in REPORTING_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not comps:
            continue
        sub = list(comps[0].subtree)
        source = []
        if subj:
            src = list(subj[0].subtree)
            source = [(src[0].idx, src[-1].idx + len(src[-1]))]
        out.append(
            Statement(
                content=[(sub[0].idx, sub[-1].idx + len(sub[-1]))],
                source=source,
                cue=[(tok.idx, tok.idx + len(tok))],
            )
        )
    return out
