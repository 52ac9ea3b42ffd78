"""The article record: what `extract()` returns and what `export --format jsonl` writes.

The JSON form is the one defined in `../shared/eval/README.md` (and published as a JSON
Schema in `schema/article-record.schema.json`). Offsets are Python string indices into
`text`, which is always the exact input text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

Span = tuple[int, int]

KINDS = ("direct", "indirect", "mixed", "according_to")
STANCES = ("assert", "deny", "hedge")
# The type the article's own evidence gives the speaker (its entity label, or PERSON when the
# article names a person so); None is unknown (a descriptor, a pronoun with no antecedent,
# a record written before the field existed).
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")
QUALIFIERS = ("exact", "approx", "over", "under", "at_least", "at_most", "range", "vague")
TIME_TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass
class Claim:
    """One attributed statement: content spans, its source and cue, and what we know of it."""

    content: list[Span]
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    speaker: str | None = None
    kind: str = "indirect"
    stance: str = "assert"
    said_on: str | None = None
    via: list[str] = field(default_factory=list)
    speaker_type: str | None = None  # one of SPEAKER_TYPES, else unknown

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "content": [list(s) for s in self.content],
            "source": [list(s) for s in self.source],
            "cue": [list(s) for s in self.cue],
            "speaker": self.speaker,
            "kind": self.kind,
            "stance": self.stance,
            "said_on": self.said_on,
            "via": list(self.via),
        }
        if self.speaker_type is not None:
            d["speaker_type"] = self.speaker_type
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        return cls(
            content=_spans(d.get("content")),
            source=_spans(d.get("source")),
            cue=_spans(d.get("cue")),
            speaker=d.get("speaker"),
            kind=d.get("kind") or "indirect",
            stance=d.get("stance") or "assert",
            said_on=d.get("said_on"),
            via=list(d.get("via") or []),
            speaker_type=d.get("speaker_type") if d.get("speaker_type") in SPEAKER_TYPES else None,
        )


@dataclass
class Quantity:
    """A number in the text with its qualifier ("about", "more than") and what it counts."""

    span: Span
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    trend: str | None = None
    thing: str | None = None
    # e.g. {"type": "multiple", "factor": 2.0, "of": [s, e]} for "twice a previous estimate"
    relation: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "span": list(self.span),
            "value": _num(self.value),
            "low": _num(self.low),
            "high": _num(self.high),
            "qualifier": self.qualifier,
            "trend": self.trend,
            "thing": self.thing,
        }
        if self.relation:
            d["relation"] = self.relation
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quantity:
        s = _spans(d.get("span"))
        return cls(
            span=s[0] if s else (0, 0),
            value=d.get("value"),
            low=d.get("low"),
            high=d.get("high"),
            qualifier=d.get("qualifier") or "exact",
            trend=d.get("trend"),
            thing=d.get("thing"),
            relation=d.get("relation"),
        )


@dataclass
class TimeExpression:
    """A date or time expression resolved to a TIMEX3 value against the article date."""

    span: Span
    value: str | None
    type: str = "DATE"

    def to_dict(self) -> dict[str, Any]:
        return {"span": list(self.span), "value": self.value, "type": self.type}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimeExpression:
        s = _spans(d.get("span"))
        return cls(span=s[0] if s else (0, 0), value=d.get("value"), type=d.get("type") or "DATE")


@dataclass
class ArticleRecord:
    """Everything extracted from one article, with offsets into its exact text."""

    id: str
    text: str
    date: str | None = None
    claims: list[Claim] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    dateline: str | None = None
    extractor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "date": self.date,
            "text": self.text,
            "claims": [c.to_dict() for c in self.claims],
            "quantities": [q.to_dict() for q in self.quantities],
            "times": [t.to_dict() for t in self.times],
        }
        for key in ("title", "url", "publisher", "dateline", "extractor"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleRecord:
        return cls(
            id=str(d["id"]),
            text=d["text"],
            date=d.get("date"),
            claims=[Claim.from_dict(c) for c in d.get("claims") or []],
            quantities=[Quantity.from_dict(q) for q in d.get("quantities") or []],
            times=[TimeExpression.from_dict(t) for t in d.get("times") or []],
            title=d.get("title"),
            url=d.get("url"),
            publisher=d.get("publisher"),
            dateline=d.get("dateline"),
            extractor=d.get("extractor"),
        )

    def span_text(self, span: Span) -> str:
        return self.text[span[0] : span[1]]

    def claim_text(self, claim: Claim) -> str:
        return " … ".join(self.span_text(s) for s in claim.content)


@cache
def record_schema() -> dict[str, Any]:
    """The JSON Schema of the article record."""
    ref = resources.files("claimledger") / "schema" / "article-record.schema.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def validate_record(d: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `d` is not a valid article record."""
    import jsonschema

    jsonschema.validate(d, record_schema())
    n = len(d["text"])
    for claim in d.get("claims", []):
        for role in ("content", "source", "cue"):
            for s, e in claim.get(role, []):
                if not 0 <= s <= e <= n:
                    raise ValueError(f"claim {role} span [{s}, {e}] outside text of length {n}")
    for item in list(d.get("quantities", [])) + list(d.get("times", [])):
        s, e = item["span"]
        if not 0 <= s <= e <= n:
            raise ValueError(f"span [{s}, {e}] outside text of length {n}")


def _spans(x: Any) -> list[Span]:
    if not x:
        return []
    if isinstance(x[0], int):
        return [(int(x[0]), int(x[1]))]
    return [(int(a), int(b)) for a, b in x]


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return int(x)
    return x
