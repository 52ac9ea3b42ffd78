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
from claimledger.extraction import contextual
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
    date: str | dt.date | None
    problem: NotEnglishError | None = None


def _chunks(items: Iterable[_Input], size: int) -> Iterator[list[_Input]]:
    chunk: list[_Input] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Extractor:
    """Builds the spaCy pipeline once and turns texts into article records."""

    def __init__(self, model: str | Language | None = None, batch_size: int = 16) -> None:
        self.nlp = model if isinstance(model, Language) else load_model(model)
        self.batch_size = batch_size
        self.version = f"claimledger-{__version__}/{model_label(self.nlp)}" + (
            "+stacked" if stacked() else ""
        )
        if contextual.enabled():  # fail now, naming the extra, rather than on the first text
            contextual.require()
            self.version += "+contextual"

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
        instead of a record, so one bad article never stops a batch: when the parse of a
        batch fails, its articles are parsed again one by one to find the one that fails.
        An article that is not in English yields NotEnglishError and is not parsed.
        """
        inputs = (_Input(i, t, d, _language_problem(t, i)) for i, t, d in items)
        for chunk in _chunks(inputs, self.batch_size):
            done = 0
            try:
                for doc, inp in self.nlp.pipe(((x.text if x.problem is None else "", x) for x in chunk), as_tuples=True,
                                              batch_size=self.batch_size):
                    done += 1
                    yield self._record_or_error(doc, inp, errors)
            except Exception:
                if errors == "raise":
                    raise
                for inp in chunk[done:]:
                    try:
                        doc = self.nlp(inp.text if inp.problem is None else "")
                    except Exception as exc:  # noqa: BLE001 - reported per article by the caller
                        yield exc  # type: ignore[misc]
                        continue
                    yield self._record_or_error(doc, inp, errors)

    def _record_or_error(self, doc: Doc, inp: _Input, errors: str) -> ArticleRecord:
        if inp.problem is not None:
            if errors == "raise":
                raise inp.problem
            return inp.problem  # type: ignore[return-value]
        try:
            return self.record_from_doc(doc, parse_date(inp.date), inp.id)
        except Exception as exc:  # noqa: BLE001 - reported per article by the caller
            if errors == "raise":
                raise
            return exc  # type: ignore[return-value]

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
