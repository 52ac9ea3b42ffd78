"""Web archives (.warc, .warc.gz), through warcio: one article per HTML page captured.

Every `response` record with HTTP status 200 and an HTML Content-Type is read by the HTML
reader; other records (requests, metadata, images, redirects, errors) are skipped without a
word, since they are not articles. The archive is streamed record by record: memory holds
one page at a time, whatever the archive's size.

    id      "warc-" + sha1(WARC-Target-URI)[:16], stable across crawls of the same URL
    url     WARC-Target-URI
    date    the page's own date (metadata, else a /YYYY/MM/DD/ URL), else --date ("user"),
            else the day of WARC-Date with date_source "warc"

A crawl day is when the page was fetched, not when it was published: it is an upper bound,
close to publication in a news crawl, far from it in a crawl of old pages. We keep it as the
article date (labelled "warc", stored in the ledger's date_source) rather than leaving the
date unknown, because relative times ("on Tuesday") can only be resolved against some day;
filter on date_source = 'warc' to leave such articles out of date-sensitive work.

A truncated archive (cut-off download, partial gzip) yields the complete records read so far
and then one Rejected naming the file and "truncated archive"; it never stops the batch.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from claimledger.errors import BadInputError
from claimledger.readers.base import Item, ReadOptions, Rejected, check_date, short_error
from claimledger.readers.html import MissingDependency, article_from_html, require_trafilatura

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
DRAIN_CHUNK = 1 << 16
# An uncompressed record is followed by "\r\n\r\n", which the record length leaves out.
RECORD_TRAILER = 4
CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def _not_warc(stream: BinaryIO) -> str | None:
    """Why the archive's first bytes (after gzip, when it is gzip) are not "WARC/", or None.

    Only a stream that can seek back is checked; any other one is left to warcio."""
    try:
        if not stream.seekable():
            return None
        start = stream.tell()
        head = stream.read(4096)
        stream.seek(start)
    except (OSError, ValueError):
        return None
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(31).decompress(head, 16)
        except zlib.error as exc:
            return f"damaged gzip data ({short_error(exc)})"
        if len(head) >= 5 and not head.startswith(b"WARC/"):  # shorter: cut off, warcio says so
            return "its gzip data holds no WARC record (it does not begin with WARC/1.x)"
        return None
    if len(head) >= 5 and not head.startswith(b"WARC/"):
        return "no WARC record (it does not begin with WARC/1.x)"
    return None


def _warcio() -> Any:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise MissingDependency("warcio") from None
    return ArchiveIterator


class _CountingStream:
    """Counts the bytes read, to tell a complete archive from one with a cut-off tail."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        return data


class WarcReader:
    name = "warc"
    single_article = False

    def sniff(self, path: str, head: bytes) -> bool:
        if path.lower().endswith(WARC_SUFFIXES) or head.startswith(b"WARC/"):
            return True
        if head.startswith(b"\x1f\x8b"):  # gzip: look at what it holds
            try:
                return zlib.decompressobj(31).decompress(head, 16).startswith(b"WARC/")
            except zlib.error:
                return False
        return False

    def read(self, path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
        try:
            archive_iterator = _warcio()
            require_trafilatura()  # fail once per archive, not once per page
        except MissingDependency as exc:
            yield exc.rejected(path, "a WARC archive")
            return
        not_warc = _not_warc(stream)
        if not_warc is not None:
            # checked before warcio reads a "first line": in a gzip of one long run of bytes
            # without a newline that line is the whole decompressed file
            yield Rejected(path, f"not a WARC archive: {not_warc}",
                           "give the .warc or .warc.gz file as the crawler wrote it")
            return
        counted = _CountingStream(stream)
        records = archive_iterator(counted)
        whole = 0  # records read to their end
        problem: str | None = None
        try:
            for record in records:
                item, complete = self._record(record, path, whole + 1, options)
                if not complete:
                    problem = f"record {whole + 1} is cut short"
                    break
                whole += 1
                if item is not None:
                    yield item
        except Exception as exc:  # noqa: BLE001 - warcio raises many types on a cut-off archive
            problem = f"record {whole + 1} cannot be read ({exc.__class__.__name__}: {short_error(exc)})"
        if problem is None and whole == 0:
            problem = "no WARC record could be read"
        elif problem is None:
            end = records.get_record_offset() + records.get_record_length()
            if counted.count - end > RECORD_TRAILER:
                problem = f"{counted.count - end} bytes after record {whole} are not a whole record"
        if problem is not None:
            yield Rejected(
                path,
                f"truncated archive: {problem}; {whole} whole records read",
                "download or copy the archive again; the pages read so far are kept",
            )

    def _record(self, record: Any, path: str, n: int, options: ReadOptions) -> tuple[Item | None, bool]:
        """(the record's article or rejection, or None when it is not a page; whether it is whole)."""
        http = record.http_headers
        is_page = (
            record.rec_type == "response"
            and http is not None
            and http.get_statuscode() == "200"
            and (http.get_header("Content-Type") or "").split(";")[0].strip().lower() in HTML_TYPES
        )
        if not _declared_length_ok(record):
            return None, False
        if not is_page:
            _drain(record.raw_stream)
            return None, record.raw_stream.limit == 0
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        origin = f"{path}#{n} ({url})"
        body = record.content_stream().read(options.max_bytes + 1)
        _drain(record.raw_stream)
        if record.raw_stream.limit:
            return None, False
        if len(body) > options.max_bytes:
            return Rejected(origin, f"page too large (over {options.max_bytes / 1e6:.1f} MB)",
                            "raise --max-bytes"), True
        crawl_day = _warc_day(record.rec_headers.get_header("WARC-Date"), origin)
        try:
            article = article_from_html(
                _decoded(body, http.get_header("Content-Type") or ""),
                origin=origin,
                ident="warc-" + hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()[:16],
                options=options,
                url=url or None,
                fallback_date=crawl_day,
                fallback_source="warc" if crawl_day else None,
            )
        except BadInputError as err:
            return Rejected.from_error(err), True
        return article, True


def _declared_length_ok(record: Any) -> bool:
    """False when the record's own Content-Length was cut off (a truncated header block)."""
    return (record.rec_headers.get_header("Content-Length") or "").strip().isdigit()


def _drain(raw: Any) -> None:
    while raw.read(DRAIN_CHUNK):
        pass


def _decoded(body: bytes, content_type: str) -> bytes | str:
    """The page as text when the HTTP charset decodes it; else bytes, for trafilatura to guess."""
    m = CHARSET.search(content_type)
    if m:
        try:
            return body.decode(m[1])
        except (LookupError, UnicodeDecodeError):
            pass
    return body


def _warc_day(value: str | None, origin: str) -> str | None:
    if not value or len(value) < 10:
        return None
    try:
        return check_date(value[:10], origin)
    except BadInputError:
        return None


reader = WarcReader()
