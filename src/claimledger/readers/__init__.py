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
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from claimledger.readers import feed, header, html, jsonl, text, warc
from claimledger.readers.base import (
    DEFAULT_MAX_BYTES,
    Article,
    Item,
    Reader,
    ReadOptions,
    Rejected,
    content_hash,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
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
                yield Rejected(p, "no file matches this pattern", "check the pattern")
            yield from expand_paths(matches)
        else:
            yield Rejected(p, "no such file or folder", "check the path")


def _open(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    return open(path, "rb")  # noqa: SIM115 - closed by the caller


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Articles and rejected inputs from every file named by `paths`, streamed."""
    options = options or ReadOptions()
    for path in expand_paths(paths):
        if isinstance(path, Rejected):
            yield path
            continue
        try:
            stream = _open(path)
        except OSError as exc:
            yield Rejected(path, f"cannot open ({exc.strerror})", "check the path and permissions")
            continue
        try:
            buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)
            head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
            yield from reader_for(path, head).read(path, buffered, options)
        except OSError as exc:
            yield Rejected(path, f"read error ({exc})", "check the file")
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
