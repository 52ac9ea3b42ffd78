"""From statement spans to claims: speaker, cited sources (`via`), stance and `said_on`.

First level: the speaker is the source text as written.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from claimledger.extraction.statements import find_statements
from claimledger.record import Claim, TimeExpression


def find_claims(
    doc: Doc, article_date: dt.date | None, times: list[TimeExpression]
) -> list[Claim]:
    """Every attributed statement in `doc` as a claim with a resolved speaker."""
    claims = []
    for st in find_statements(doc):
        speaker = doc.text[st.source[0][0] : st.source[0][1]] if st.source else None
        claims.append(
            Claim(content=st.content, source=st.source, cue=st.cue, speaker=speaker, kind=st.kind)
        )
    return claims
