"""The reader interface: every input format yields `Article`s (or `Rejected` inputs).

A reader is a module with a `Reader` object that has a `name`, a `sniff(path, head)` test and a
`read(path, data, options)` generator. A new format is one new module registered in
`readers/__init__.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

from claimledger.errors import BadInputError

# An article text above this size is almost certainly not one article.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Article:
    """One input article with its exact text and what is known about it."""

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    dateline: str | None = None
    author: str | None = None
    origin: str = ""  # the file (and line) it came from
    date_source: str | None = None  # header | metadata | url | user | None when unknown

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass
class Rejected:
    """An input that could not be read, with the reason and the fix."""

    origin: str
    problem: str
    fix: str = ""

    @classmethod
    def from_error(cls, err: BadInputError) -> Rejected:
        return cls(origin=err.source, problem=err.problem, fix=err.fix)

    def __str__(self) -> str:
        return f"{self.origin}: {self.problem}" + (f" ({self.fix})" if self.fix else "")


@dataclass
class ReadOptions:
    """Options shared by all readers."""

    date: str | None = None  # --date: the article date when the input has none
    max_bytes: int = DEFAULT_MAX_BYTES
    extra: dict[str, str] = field(default_factory=dict)


Item = Article | Rejected


class Reader(Protocol):
    name: str

    def sniff(self, path: str, head: bytes) -> bool:
        """True when this reader handles the input named `path` starting with `head`."""
        ...

    def read(self, path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
        """Yield the articles of one input, read from `stream` without loading more than needed."""
        ...


def read_limited(stream: BinaryIO, origin: str, max_bytes: int) -> bytes:
    """At most `max_bytes` of `stream`; BadInputError when there is more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BadInputError(
            origin,
            f"too large for one article (over {max_bytes / 1e6:.1f} MB)",
            "split it into one file per article, or raise --max-bytes",
        )
    return data


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_date(value: str, origin: str) -> str:
    """`value` when it is a real YYYY-MM-DD date, else BadInputError."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except (ValueError, TypeError):
        raise BadInputError(
            origin, f"bad date {value!r}", "write the date as YYYY-MM-DD, e.g. 2024-10-23"
        ) from None


def decode_text(data: bytes, origin: str, max_bytes: int) -> str:
    """The UTF-8 text of `data`, or BadInputError for empty, binary, huge or non-UTF-8 input."""
    if len(data) > max_bytes:
        raise BadInputError(
            origin,
            f"too large for one article (over {max_bytes / 1e6:.1f} MB)",
            "split it into one file per article, or raise --max-bytes",
        )
    if not data.strip():
        raise BadInputError(origin, "empty input", "remove the file or give it article text")
    if b"\x00" in data[:8192]:
        raise BadInputError(origin, "binary data, not text", "give a UTF-8 text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            origin,
            f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})",
            "convert it, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a BOM is encoding, not text
    return text
