"""Readers: one module per input format, each yielding articles with their exact text.

    header.py   ` date YYYY-MM-DD PLACE >> body` wire files
    jsonl.py    JSON Lines of {"id", "text", "date", "title", "url", "publisher"}
    warc.py     web archives (.warc, .warc.gz): one article per HTML response
    feed.py     RSS and Atom feeds: one article per entry
    html.py     saved web pages: the main text, through trafilatura
    text.py     plain text, dated with --date

`read_inputs()` walks files, folders, globs and `-` (stdin), picks a reader per input by its
name and first bytes, and yields `Article`s and `Rejected` inputs in a stable order. A bad
input becomes one `Rejected` item; it never stops the batch.
"""

from __future__ import annotations

import glob
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from claimledger.errors import BadInputError
from claimledger.readers import feed, header, html, jsonl, text, warc
from claimledger.readers.base import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    UTF8_BOM,
    Article,
    Item,
    Reader,
    ReadOptions,
    Rejected,
    checked_article,
    content_hash,
    display_name,
    short_error,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "READERS",
    "Article",
    "ReadOptions",
    "Reader",
    "Rejected",
    "content_hash",
    "count_articles",
    "expand_paths",
    "read_inputs",
    "reader_for",
]

# Tried in order; the first whose sniff() accepts the input reads it. text is the fallback.
READERS: list[Reader] = [
    jsonl.reader, header.reader, warc.reader, feed.reader, html.reader, text.reader,
]

SNIFF_BYTES = 4096
SKIP_NAMES = (".DS_Store",)


def reader_for(path: str, head: bytes) -> Reader:
    for reader in READERS:
        if reader.sniff(path, head):
            return reader
    return text.reader


def expand_paths(paths: Iterable[str]) -> Iterator[str | Rejected]:
    """Files named by `paths` (folders recursively, globs expanded, `-` kept), sorted per folder."""
    for p in paths:
        if p == "-":
            yield p
        elif os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name not in SKIP_NAMES:
                        yield os.path.join(root, name)
        elif os.path.exists(p):
            yield p
        elif glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                yield Rejected(display_name(p), "no file matches this pattern", "check the pattern")
            yield from expand_paths(matches)
        else:
            yield Rejected(display_name(p), "no such file or folder", "check the path")


def _open(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    return open(path, "rb")  # noqa: SIM115 - closed by the caller


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Articles and rejected inputs from every file named by `paths`, streamed.

    Every input goes through one guarded path: whatever a reader raises becomes one
    `Rejected` naming the input, and every article is checked (`checked_article`).
    """
    options = options or ReadOptions()
    for path in expand_paths(paths):
        if isinstance(path, Rejected):
            yield path
            continue
        yield from _read_one(path, options)


def _is_special(path: str) -> bool:
    """True for a pipe, socket or device: opening or reading one may never end."""
    try:
        return path != "-" and not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # open() reports it


def _read_one(path: str, options: ReadOptions) -> Iterator[Item]:
    name = display_name(path)
    if _is_special(path):
        yield Rejected(name, "not a regular file (a pipe, socket or device)",
                       "give files, folders or - for stdin")
        return
    try:
        stream = _open(path)
    except OSError as exc:
        yield Rejected(name, f"cannot open ({exc.strerror})", "check the path and permissions")
        return
    try:
        buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)
        if buffered.peek(len(UTF8_BOM)).startswith(UTF8_BOM):
            buffered.read(len(UTF8_BOM))  # a BOM is encoding, not text: sniff what follows
        head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        for item in reader_for(path, head).read(path, buffered, options):
            item.origin = display_name(item.origin)
            if isinstance(item, Article):
                try:
                    item = checked_article(item, options)
                except BadInputError as err:
                    item = Rejected.from_error(err)
            yield item
    except OSError as exc:
        yield Rejected(name, f"read error ({exc})", "check the file")
    except Exception as exc:  # noqa: BLE001 - one input's failure must not stop the batch
        yield Rejected(name, f"cannot be read ({exc.__class__.__name__}: {short_error(exc)})",
                       "this is a bug, please report it with the input attached; the rest of "
                       "the batch goes on")
    finally:
        if path != "-":
            stream.close()


def count_articles(paths: Iterable[str]) -> int | None:
    """The number of articles `paths` will give, when that is cheap to know; else None."""
    total = 0
    for path in expand_paths(paths):
        if isinstance(path, Rejected):
            total += 1
            continue
        if path == "-":
            return None
        if _is_special(path):
            total += 1
            continue
        try:
            with open(path, "rb") as f:
                head = f.read(SNIFF_BYTES)
                reader = reader_for(path, head)
                if reader is jsonl.reader and path.endswith(".json"):
                    total += 1
                elif reader is jsonl.reader:
                    f.seek(0)
                    total += max(1, sum(1 for line in f if line.strip()))
                elif getattr(reader, "single_article", True):
                    total += 1
                else:
                    return None
        except OSError:
            total += 1
    return total
