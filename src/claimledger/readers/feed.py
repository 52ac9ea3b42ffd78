"""RSS and Atom feeds, through feedparser: one article per entry.

An entry's text is its full content (`content:encoded`, Atom `<content>`), HTML turned into
plain text with one paragraph per line. When an entry has only a summary, the text comes from
its linked page when that page is saved beside the feed: a file in the same folder named
after the link's last path segment, or a slug of it, with or without `.html`/`.htm`
(`https://example.org/news/council-vote?ref=rss` -> `council-vote.html`). The saved page is
read by the HTML reader. A summary alone becomes the text only when it is long enough to be
the article (`MIN_SUMMARY_CHARS`); a short teaser is rejected with the fix.

The date is the entry's `published` (else `updated`) day as written in the feed, in the
feed's own time zone (date_source "metadata"), else --date ("user"), else unknown.
Ids are stable across downloads of the feed: "feed-" + sha1 of the entry's id or link.

Reading a folder that holds a feed and its saved pages also reads each page on its own. The
HTML reader then gives the page the same id, link and date as its feed entry
(`entry_for_page`), so the two copies are the same article whichever is read first:
`ingest` stores it once (it skips texts already stored); `extract` prints it twice.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import hashlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from claimledger.errors import BadInputError
from claimledger.readers.base import (
    Article,
    Item,
    ReadOptions,
    Rejected,
    check_date,
    plausible_day,
    read_limited,
)
from claimledger.readers.html import MissingDependency, article_from_html

FEED_SUFFIXES = (".rss", ".atom", ".rdf")
FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
XML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(?:\?xml|rss|feed|rdf:RDF|!--)")
# A summary this long is taken as the article itself (many RSS feeds put the whole story in
# <description>); a shorter one is a teaser, and a teaser is not the article.
MIN_SUMMARY_CHARS = 400
PAGE_SUFFIXES = ("", ".html", ".htm")
FEED_DOC_FACTOR = 20  # a feed holds many articles: allow this many times --max-bytes

BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article header "
    "footer figure figcaption dd dt hr".split()
)
SKIP_TAGS = frozenset("script style noscript template".split())


def _feedparser() -> Any:
    try:
        import feedparser
    except ImportError:
        raise MissingDependency("feedparser") from None
    return feedparser


class FeedReader:
    name = "feed"
    single_article = False

    def sniff(self, path: str, head: bytes) -> bool:
        if path.lower().endswith(FEED_SUFFIXES):
            return True
        return bool(XML_START.match(head)) and bool(FEED_ROOT.search(head))

    def read(self, path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
        try:
            feedparser = _feedparser()
            data = read_limited(stream, path, options.max_bytes * FEED_DOC_FACTOR)
        except MissingDependency as exc:
            yield exc.rejected(path, "a feed")
            return
        except BadInputError as err:
            yield Rejected.from_error(err)
            return
        parsed = parse_feed(feedparser, data)
        if not parsed.entries:
            if parsed.get("bozo"):
                reason = str(parsed.get("bozo_exception") or "not well-formed").strip()
                yield Rejected(path, f"broken feed XML ({reason})", "check that the feed was saved whole")
            else:
                yield Rejected(path, "feed has no entries", "remove the file or save a feed with items")
            return
        folder = os.path.dirname(path) if path != "-" else None
        broken = parsed.get("bozo") and _is_xml_error(parsed.get("bozo_exception"))
        entries = parsed.entries
        if broken:
            # The loose parser recovered entries from broken XML; when the file was cut off,
            # the last one is cut short, so it is left out (and said so below).
            entries, last = entries[:-1], entries[-1]
        for n, entry in enumerate(entries, start=1):
            origin = f"{path}#{n}"
            try:
                yield self._article(entry, origin, folder, path, options)
            except MissingDependency as exc:
                yield exc.rejected(origin, "a feed entry")
            except BadInputError as err:
                yield Rejected.from_error(err)
            except OSError as exc:  # the saved page, not the feed: the other entries go on
                yield Rejected(origin, f"cannot read the saved page ({exc})", "check the file")
        if broken:
            yield Rejected(
                path,
                f"broken feed XML ({parsed.bozo_exception}); {len(entries)} entries read, the last"
                f" one ({last.get('title') or last.get('link') or 'untitled'!r}) left out as possibly cut short",
                "save the feed again whole",
            )

    def _article(
        self, entry: Any, origin: str, folder: str | None, feed_path: str, options: ReadOptions
    ) -> Article:
        info = entry_info(entry)
        date, date_source = info.date, "metadata" if info.date else None
        if date is None and options.date:
            date, date_source = check_date(options.date, "--date"), "user"
        meta = {"title": info.title, "url": info.link, "author": info.author}
        text = full_text(entry)
        if text:
            return Article(id=info.ident, text=text, date=date, origin=origin, date_source=date_source, **meta)
        page = saved_page(folder, info.link, exclude=feed_path) if folder is not None else None
        if page is not None:
            with open(page, "rb") as f:
                data = read_limited(f, page, options.max_bytes)
            article = article_from_html(data, origin=f"{origin} ({page})", ident=info.ident,
                                        options=options, url=info.link)
            return apply_entry(article, info)
        summary = entry.get("summary") or ""
        text = _as_text(summary, (entry.get("summary_detail") or {}).get("type"))
        if len(text) >= MIN_SUMMARY_CHARS:
            return Article(id=info.ident, text=text, date=date, origin=origin, date_source=date_source, **meta)
        if not text:
            raise BadInputError(origin, "entry has no content and no summary", "use a full-content feed")
        names = page_names(info.link) if info.link else []
        name = names[0] if names and names[0].endswith((".html", ".htm")) else (names or ["PAGE"])[0] + ".html"
        raise BadInputError(
            origin,
            f"entry has only a short summary ({len(text)} characters) and its page is not saved beside the feed",
            f"save the page {info.link} as {os.path.join(folder or '.', name)}" if info.link
            else "use a full-content feed",
        )


@dataclass(frozen=True)
class EntryInfo:
    """What a feed entry says about its article."""

    ident: str
    link: str | None
    date: str | None
    title: str | None
    author: str | None


def entry_info(entry: Any) -> EntryInfo:
    link = entry.get("link") or None
    key = entry.get("id") or link or f"{entry.get('title', '')}|{entry.get('published', '')}"
    return EntryInfo(
        ident="feed-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16],
        link=link,
        date=entry_date(entry),
        title=entry.get("title") or None,
        author=entry.get("author") or None,
    )


def full_text(entry: Any) -> str:
    """The entry's full content as plain text, or "" when it has none."""
    contents = [c for c in entry.get("content") or () if (c.get("value") or "").strip()]
    if not contents:
        return ""
    # Prefer an HTML body: a feed may carry both a plain teaser and the full HTML.
    body = max(contents, key=lambda c: ("html" in (c.get("type") or ""), len(c["value"])))
    return _as_text(body["value"], body.get("type"))


def apply_entry(article: Article, info: EntryInfo) -> Article:
    """`article` (a saved page) with the id, link and date its feed entry gives it.

    The feed reader and the HTML reader both call this, so a saved page read on its own and
    through its feed gives the same article, whichever is read first.
    """
    article.id = info.ident
    article.url = info.link or article.url
    # The entry's date is metadata too, and more direct than a date in the URL.
    if info.date and article.date_source != "metadata":
        article.date, article.date_source = info.date, "metadata"
    article.title = article.title or info.title
    article.author = article.author or info.author
    return article


def entry_for_page(path: str) -> EntryInfo | None:
    """The entry of a feed in the same folder that uses the saved page `path`, else None."""
    if path == "-" or not os.path.isfile(path):
        return None
    folder = os.path.dirname(path) or "."
    try:
        index = _feed_index(folder, os.stat(folder).st_mtime_ns)
    except (OSError, MissingDependency):
        return None
    return index.get(os.path.realpath(path))


@functools.lru_cache(maxsize=64)
def _feed_index(folder: str, _mtime: int) -> dict[str, EntryInfo]:
    """Saved page (real path) -> the summary-only feed entry that links to it, for one folder."""
    feedparser = _feedparser()
    index: dict[str, EntryInfo] = {}
    for name in sorted(os.listdir(folder)):
        feed_path = os.path.join(folder, name)
        if not name.lower().endswith((*FEED_SUFFIXES, ".xml")) or not os.path.isfile(feed_path):
            continue
        with open(feed_path, "rb") as f:
            if not reader.sniff(feed_path, f.read(4096)):
                continue
            f.seek(0)
            parsed = parse_feed(feedparser, f.read())
        for entry in parsed.entries:
            if full_text(entry):
                continue
            page = saved_page(folder, entry.get("link"), exclude=feed_path)
            if page is not None:
                index.setdefault(os.path.realpath(page), entry_info(entry))
    return index


CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")


def parse_feed(feedparser: Any, data: bytes) -> Any:
    """feedparser's reading of `data`, after turning character references to characters that
    cannot exist (`&#xD800;`, `&#0;`) into U+FFFD, as HTML parsers do: feedparser would
    otherwise stop on them."""
    return feedparser.parse(CHAR_REF.sub(_valid_char_ref, data))


def _valid_char_ref(m: re.Match[bytes]) -> bytes:
    ref = m.group(1)
    code = int(ref[1:], 16) if ref[:1] in b"xX" else int(ref)
    return m.group() if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else b"&#xFFFD;"


def _is_xml_error(exc: object) -> bool:
    """True for a real XML error; feedparser also flags harmless things (a charset override)."""
    import xml.sax

    return isinstance(exc, xml.sax.SAXException)


def entry_date(entry: Any) -> str | None:
    """The day an entry was published (else updated), in the feed's own time zone.

    A day the feed does not really say is unknown, never made up: an impossible date
    (`2024-02-30`, `0000-00-00`) is not rolled over into a real one, and a year outside
    `plausible_day` (`9999`) is left out.
    """
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw and (day := _raw_day(raw)):
            return plausible_day(day)
        parsed = entry.get(f"{key}_parsed")  # feedparser's UTC reading: the last resort
        if isinstance(parsed, time.struct_time):
            try:
                day = dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except ValueError:
                continue
            if not raw or _says(raw, day):
                return plausible_day(day.isoformat())
    return None


def _says(raw: str, day: dt.date) -> bool:
    """True when the written date `raw` holds the year and day of `day` (feedparser rolls
    an impossible date over, e.g. 2024-02-30 into March 1st)."""
    tokens = re.findall(r"\d+", raw)
    years = {int(t) for t in tokens if len(t) >= 3} or {1900 + int(t) for t in tokens if len(t) == 2}
    return bool(years & {day.year, day.year - 100}) and day.day in {int(t) for t in tokens}


def _raw_day(raw: str) -> str | None:
    raw = raw.strip()
    try:
        day = email.utils.parsedate_to_datetime(raw).date()  # RSS: RFC 822
        if _says(raw, day):
            return day.isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()  # Atom
    except ValueError:
        return None


def page_names(link: str) -> list[str]:
    """File names a saved copy of the page at `link` may have, best first."""
    segment = unquote(urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1])
    if not segment:
        return []
    slug = re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-")
    stem = segment.rsplit(".", 1)[0] if segment.lower().endswith((".html", ".htm")) else segment
    names = [segment] + [stem + s for s in PAGE_SUFFIXES] + [slug + s for s in PAGE_SUFFIXES]
    return list(dict.fromkeys(n for n in names if n and n not in (".", "..")))


def saved_page(folder: str, link: str | None, exclude: str = "") -> str | None:
    """The saved copy of `link` in `folder`, else None."""
    if not link:
        return None
    for name in page_names(link):
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and not (exclude and os.path.samefile(candidate, exclude)):
            return candidate
    return None


def _as_text(value: str, mime: str | None) -> str:
    """Plain text of a feed body: HTML becomes one paragraph per line; text is kept, trimmed."""
    if mime and "html" not in mime and "xml" not in mime:
        return value.strip()
    return html_to_text(value)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one block per line, white space inside a line collapsed."""
    try:
        import lxml.html
    except ImportError:
        raise MissingDependency("lxml") from None
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on junk; fall back to the bare text
        return " ".join(fragment.split())
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else None  # None: a comment or processing instruction
        if tag is None or tag in SKIP_TAGS:
            current.append(" ")
        else:
            block = tag in BLOCK_TAGS
            if block:
                flush()
            current.append(el.text or "")
            for child in el:
                walk(child)
            if block:
                flush()
        current.append(el.tail or "")

    root.tail = None
    walk(root)
    flush()
    return "\n".join(lines)


reader = FeedReader()
