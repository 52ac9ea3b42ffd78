"""Extraction: one spaCy parse per article, then one module per component.

    statements.py   attributed statements, speakers, sources, stance, said_on
    quantities.py   numbers with qualifiers and counted things
    times.py        date/time expressions resolved against the article date
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from claimledger import __version__
from claimledger.extraction.attribution import find_claims
from claimledger.extraction.language import NotEnglishError, check_english
from claimledger.extraction.pipeline import load_model, model_label
from claimledger.extraction.quantities import find_quantities
from claimledger.extraction.statements import stacked
from claimledger.extraction.times import find_times
from claimledger.record import ArticleRecord

__all__ = ["Extractor", "extract", "parse_date", "text_id"]


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """An article date from `YYYY-MM-DD` (or a date); None stays None."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value[:10])


def text_id(text: str) -> str:
    """A stable id for a text that came without one."""
    return "sha-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class _Input:
    id: str
    text: str
    date: dt.date | None
    problem: NotEnglishError | None = None


class Extractor:
    """Builds the spaCy pipeline once and turns texts into article records."""

    def __init__(self, model: str | Language | None = None, batch_size: int = 16) -> None:
        self.nlp = model if isinstance(model, Language) else load_model(model)
        self.batch_size = batch_size
        self.version = f"claimledger-{__version__}/{model_label(self.nlp)}" + (
            "+stacked" if stacked() else ""
        )

    def extract(self, text: str, date: str | dt.date | None = None, *, id: str | None = None) -> ArticleRecord:
        """The article record of one text; `date` is the article (publication) date."""
        day = parse_date(date)
        ident = id or text_id(text)
        check_english(text, ident)
        return self.record_from_doc(self.nlp(text), day, ident)

    def extract_many(
        self, items: Iterable[tuple[str, str, str | dt.date | None]], errors: str = "raise"
    ) -> Iterator[ArticleRecord]:
        """Records for (id, text, date) triples, parsed in batches with `nlp.pipe`.

        With `errors="return"`, an article whose extraction fails yields the exception
        instead of a record, so one bad article never stops a batch. An article that is
        not in English yields NotEnglishError and is not parsed.
        """
        inputs = (_Input(i, t, parse_date(d), _language_problem(t, i)) for i, t, d in items)
        for doc, inp in self.nlp.pipe(((x.text if x.problem is None else "", x) for x in inputs),
                                      as_tuples=True, batch_size=self.batch_size):
            if inp.problem is not None:
                if errors == "raise":
                    raise inp.problem
                yield inp.problem  # type: ignore[misc]
                continue
            try:
                yield self.record_from_doc(doc, inp.date, inp.id)
            except Exception as exc:  # noqa: BLE001 - reported per article by the caller
                if errors == "raise":
                    raise
                yield exc  # type: ignore[misc]

    def record_from_doc(self, doc: Doc, day: dt.date | None, id: str) -> ArticleRecord:
        times = find_times(doc, day)
        quantities = find_quantities(doc)
        claims = find_claims(doc, day, times)
        return ArticleRecord(
            id=id,
            text=doc.text,
            date=day.isoformat() if day else None,
            claims=claims,
            quantities=quantities,
            times=times,
            extractor=self.version,
        )


def _language_problem(text: str, ident: str) -> NotEnglishError | None:
    try:
        check_english(text, ident)
    except NotEnglishError as exc:
        return exc
    return None


@cache
def _default_extractor(model: str | None) -> Extractor:
    return Extractor(model)


def extract(
    text: str, date: str | dt.date | None = None, *, id: str | None = None, model: str | None = None
) -> ArticleRecord:
    """Extract claims, quantities and times from one article text.

    >>> rec = extract("The ministry said on Friday that 40 people had died.", "2024-10-23")
    """
    return _default_extractor(model).extract(text, date, id=id)
