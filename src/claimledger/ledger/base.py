"""What every ledger back end offers, and the query types they share."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class ClaimFilter:
    """Filters shared by `Ledger.claims()`, the CLI and the HTTP API (same names everywhere)."""

    speaker: str | None = None  # substring of the resolved speaker, case-insensitive
    stance: str | None = None  # assert | deny | hedge
    kind: str | None = None  # direct | indirect | mixed | according_to
    search: str | None = None  # full-text search over claim text and speaker
    since: str | None = None  # YYYY-MM-DD, on said_on when it is a day, else the article date
    until: str | None = None
    article: str | None = None  # article id
    limit: int | None = None
    offset: int = 0


@dataclass
class ClaimRow:
    """One stored claim with the article it came from."""

    id: int
    article_id: str
    article_date: str | None
    title: str | None
    speaker: str | None
    kind: str
    stance: str
    said_on: str | None
    text: str
    via: list[str] = field(default_factory=list)
    content: list[list[int]] = field(default_factory=list)
    source_text: str | None = None
    cue_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "article_date": self.article_date,
            "title": self.title,
            "speaker": self.speaker,
            "kind": self.kind,
            "stance": self.stance,
            "said_on": self.said_on,
            "text": self.text,
            "via": self.via,
            "content": self.content,
            "source_text": self.source_text,
            "cue_text": self.cue_text,
        }


@dataclass
class IngestCounts:
    inserted: int = 0
    skipped: int = 0
    replaced: int = 0  # stored texts whose claims were re-extracted (`replace=True`)


def norm_name(name: str) -> str:
    """A grouping key for entity names: casefolded, without punctuation or a leading "the"."""
    s = name.casefold().replace("’", "'")
    s = "".join(ch for ch in s if not unicodedata.category(ch).startswith("P"))
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


_FTS_TERM = re.compile(r"\w+\*?", re.UNICODE)


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word quoted (a trailing * keeps prefix search), all required."""
    terms = []
    for t in _FTS_TERM.findall(text):
        star = t.endswith("*")
        terms.append('"' + t.rstrip("*") + '"' + ("*" if star else ""))
    return " ".join(terms) if terms else '""'
