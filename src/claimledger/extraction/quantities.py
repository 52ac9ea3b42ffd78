"""Quantities with their qualifier, range, trend and counted thing."""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.record import Quantity


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity in `doc` (not years, dates, ordinals, phone numbers, list markers)."""
    out = []
    for ent in doc.ents:
        if ent.label_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
            try:
                value = float(ent.text.replace(",", "").lstrip("$"))
            except ValueError:
                continue
            out.append(Quantity(span=(ent.start_char, ent.end_char), value=value))
    return out
