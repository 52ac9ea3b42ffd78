"""The reader interface: every input format yields `Article`s (or `Rejected` inputs).

A reader is a module with a `Reader` object that has a `name`, a `sniff(path, head)` test and a
`read(path, data, options)` generator. A new format is one new module registered in
`readers/__init__.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

from claimledger.errors import BadInputError

# An article text above this size is almost certainly not one article.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# spaCy's own `max_length` (its parser needs about 1 GB of memory per 100,000 characters).
DEFAULT_MAX_CHARS = 1_000_000
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Characters a stored text may not hold: lone surrogates (not encodable as UTF-8, so not
# storable) and NUL (PostgreSQL text cannot hold it).
UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
# A text with less than this share of letters and digits among its visible characters is
# not prose: walls of punctuation, quote marks or emoji, which make spaCy's tokenizer
# quadratic. Real news text has about 0.8; tables of figures about 0.6.
MIN_WORD_SHARE = 0.3
WORD_SHARE_FROM = 200  # texts shorter than this are cheap whatever they hold
NOT_WORD = re.compile(r"[\W_]+")
# spaCy's tokenizer peels prefixes and suffixes off a space-free chunk one at a time, copying
# and re-hashing the rest of the chunk each time: quadratic in a long chunk of symbols
# (4,000 quote marks take seconds, 100,000 never finish). Long URLs and words are fine.
LONG_CHUNK = re.compile(r"\S{500,}")
# No news sentence runs this long. The extractors' cost grows with a sentence's length times
# the statements in it, so a run-on "sentence" of 20,000 characters takes minutes.
MAX_SENTENCE_CHARS = 5_000
SENTENCE_END = re.compile(r"[.!?;:\n\u3002\uff01\uff1f\u0964\u061f\u06d4\u2026]")
INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]*")
ARTICLE_FIELDS = ("id", "date", "title", "url", "publisher", "dateline", "author", "origin")


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
    # passed `checked_article` (every reader's article does): ingest need not check it again
    checked: bool = field(default=False, compare=False, repr=False)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


MAX_PROBLEM_CHARS = 600  # a rejection's problem and fix are clipped to this many characters
MAX_ORIGIN_CHARS = 1000  # origins are names the readers made one line already


def _clip(text: str, limit: int) -> str:
    """`text` on one line and at most `limit` characters (an ellipsis marks the cut)."""
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_error(exc: BaseException, limit: int = 200) -> str:
    """An exception's text on one line, valid UTF-8, at most `limit` characters."""
    text = " ".join(str(exc)[: limit * 4].split())  # (an exception can quote megabytes)
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Rejected:
    """An input that could not be read, with the reason and the fix."""

    origin: str
    problem: str
    fix: str = ""

    def __post_init__(self) -> None:
        # one line, of a readable length, whatever text an exception carried into it (a
        # decompressed archive line, a whole paragraph): the rejection is read in a terminal
        if len(self.origin) > MAX_ORIGIN_CHARS:
            self.origin = self.origin[: MAX_ORIGIN_CHARS - 1] + "\u2026"
        self.problem = _clip(self.problem, MAX_PROBLEM_CHARS)
        self.fix = _clip(self.fix, MAX_PROBLEM_CHARS)

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
    max_chars: int = DEFAULT_MAX_CHARS  # --max-chars: longer texts are rejected before parsing
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
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()  # the same for valid text


def check_date(value: str, origin: str) -> str:
    """`value` when it is a real YYYY-MM-DD date, else BadInputError."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except (ValueError, TypeError):
        raise BadInputError(
            origin, f"bad date {value!r}", "write the date as YYYY-MM-DD, e.g. 2024-10-23"
        ) from None


# Publication days outside these years are taken as errors in the input, not as dates.
FIRST_YEAR = 1800
FUTURE_YEARS = 1


def plausible_day(day: str | None) -> str | None:
    """`day` (YYYY-MM-DD) when a news article can have been published on it, else None."""
    if not day:
        return None
    try:
        year = dt.date.fromisoformat(day[:10]).year
    except ValueError:
        return None
    return day if FIRST_YEAR <= year <= dt.date.today().year + FUTURE_YEARS else None


def decode_text(data: bytes, origin: str, max_bytes: int) -> str:
    """The UTF-8 text of `data`, or BadInputError for empty, binary, huge or non-UTF-8 input."""
    if len(data) > max_bytes:
        raise BadInputError(
            origin,
            f"too large for one article (over {max_bytes / 1e6:.1f} MB)",
            "split it into one file per article, or raise --max-bytes",
        )
    if data.startswith(UTF16_BOMS) and _reads_as_utf16(data):
        raise BadInputError(
            origin, "UTF-16 text, not UTF-8",
            "convert it, e.g. `iconv -f utf-16 -t utf-8 FILE > FILE.utf8`",
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


def _reads_as_utf16(data: bytes) -> bool:
    """True when `data` (with a UTF-16 BOM) decodes to text with ASCII letters in it."""
    try:
        text = data[:4096 - 4096 % 2].decode("utf-16")
    except UnicodeDecodeError:
        return False
    return bool(re.search("[A-Za-z]", text)) and not re.search("[\x00-\x08\x0e-\x1f]", text)


def display_name(path: str) -> str:
    """`path` as it can be printed and stored: bytes of a file name that are not UTF-8
    (kept by Python as lone surrogates) are written as \\xNN escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an undecodable byte
        return _printable(path)


def _printable(value: str) -> str:
    """`value` with lone surrogates and NULs replaced (metadata only, never the text)."""
    value = UNSTORABLE.sub("\ufffd", value)
    return value.encode("utf-8", "replace").decode("utf-8")


def checked_article(article: Article, options: ReadOptions) -> Article:
    """`article` when its text can be stored and parsed in bounded time, else BadInputError.

    Every reader's articles pass through here (`read_inputs`), so the rules hold for every
    format alike. Metadata with unstorable characters is repaired (U+FFFD); the text itself
    is never changed, since every offset indexes it: a text that cannot be stored as it is,
    is rejected with the position of the first bad character.
    """
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str) and UNSTORABLE.search(value):
            setattr(article, name, UNSTORABLE.sub("\ufffd", display_name(value)))
    origin = article.origin or article.id
    text = article.text
    bad = UNSTORABLE.search(text)
    if bad:
        ch = bad.group()
        what = "a NUL character" if ch == "\x00" else f"a lone surrogate (\\u{ord(ch):04x})"
        raise BadInputError(
            origin, f"text holds {what} at character {bad.start()}, which cannot be stored",
            "remove it, or write the character it stands for as valid UTF-8"
            + (" (a \\ud83d-style escape needs its pair)" if ch != "\x00" else ""),
        )
    if INVISIBLE.fullmatch(text):
        raise BadInputError(origin, "no text (only white space or invisible characters)",
                            "remove the input or give it article text")
    if len(text) > options.max_chars:
        raise BadInputError(
            origin, f"text too long to parse ({len(text):,} characters, over --max-chars "
            f"{options.max_chars:,})",
            "split it into one input per article, or raise --max-chars (the parser needs "
            "about 1 GB of memory per 100,000 characters)",
        )
    if len(text) >= WORD_SHARE_FROM:
        visible = len(text) - sum(len(m) for m in re.findall(r"\s+", text))
        words = len(text) - sum(len(m) for m in NOT_WORD.findall(text))
        if visible and words < MIN_WORD_SHARE * visible:
            raise BadInputError(
                origin, f"not prose: only {100 * words // visible}% of its characters are letters "
                "or digits (a wall of punctuation, quote marks or symbols)",
                "check that this is an article; such text cannot be parsed in reasonable time",
            )
    if len(text) > MAX_SENTENCE_CHARS:
        pieces = SENTENCE_END.split(text)
        visible = [len(p) - sum(map(len, re.findall(r"\s+", p))) if len(p) > MAX_SENTENCE_CHARS else 0
                   for p in pieces]  # white space is cheap to parse: only the rest counts
        longest = max(range(len(pieces)), key=visible.__getitem__)
        if visible[longest] > MAX_SENTENCE_CHARS:
            at = sum(len(p) + 1 for p in pieces[:longest])
            raise BadInputError(
                origin, f"not prose: {len(pieces[longest]):,} characters without a sentence end, "
                f"at character {at}",
                "check that this is an article; such text cannot be parsed in reasonable time",
            )
    for m in LONG_CHUNK.finditer(text):
        chunk = m.group()
        words = len(chunk) - sum(len(x) for x in NOT_WORD.findall(chunk))
        if words < len(chunk) // 2:
            raise BadInputError(
                origin, f"not prose: {len(chunk):,} characters without a space, mostly "
                f"symbols, at character {m.start()}",
                "check that this is an article; such text cannot be parsed in reasonable time",
            )
    article.checked = True
    return article
