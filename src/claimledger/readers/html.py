"""Saved web pages (.html): the main text, title, author, URL and date, through trafilatura.

The article text is trafilatura's extracted main text, exactly; offsets index it. The date
comes only from evidence, and `date_source` says which:

    metadata  the page's own metadata: JSON-LD `datePublished`, publication meta tags
              (`article:published_time`, `datePublished`, `DC.date.issued`, ...), or a
              `<time>` marked as the publication time (`pubdate`, `itemprop`, a byline class)
    url       the URL path holds a full `/YYYY/MM/DD/` date (and the page has no metadata date)
    user      `--date`, when the page has neither
    None      unknown: no date is guessed from body text, modification times or today

We find the date ourselves instead of taking trafilatura's (htmldate's) answer because that
one falls back to dates found anywhere in the text and does not say where it came from.
trafilatura itself runs with `extensive_search` off and `original_date` on, so the metadata
it returns cannot hold an invented date either.

trafilatura is an optional dependency (`pip install 'claimledger[html]'`), imported lazily:
without it an HTML input is rejected with that fix instead of failing at import time.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, BinaryIO

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

if TYPE_CHECKING:
    from lxml.html import HtmlElement

INSTALL_FIX = "install the HTML extra: pip install 'claimledger[html]'"
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)

# Meta tags that carry the publication date (lower-cased name/property/itemprop), best first.
# Modification dates are left out on purpose: an update is not the publication day.
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "article.published", "article_date_original", "pubdate", "publishdate",
    "publish-date", "publish_date", "publication_date", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date",
    "dcterms.date", "citation_publication_date", "prism.publicationdate",
    "originalpublicationdate", "datecreated", "date",
)
META_RANK = {name: i for i, name in enumerate(PUBLISHED_META)}
# A <time> is the publication time when marked so, or when it sits in a byline-like element.
BYLINE_CLASS = re.compile(r"publish|posted|byline|dateline|entry-date|article-date|timestamp|pubdate", re.I)
URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?:/|$)")
# "/2022/apr/22/", "/2022/april/22/": month names in the path (the Guardian, many WordPress sites)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
URL_NAMED_DATE = re.compile(
    r"/((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*/(0?[1-9]|[12]\d|3[01])(?:/|$)",
    re.I,
)
# A timestamp in UTC ("...Z", "+00:00"): its day may be the next one where the paper is.
UTC_STAMP = re.compile(r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]00:?00)\s*$", re.I)
ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:\b|T)")
COMPACT_DAY = re.compile(r"\s*((?:19|20)\d\d)(\d\d)(\d\d)\s*\Z")


class MissingDependency(Exception):
    """An optional package needed for this input is not installed."""

    def __init__(self, package: str, fix: str = INSTALL_FIX) -> None:
        super().__init__(package)
        self.package, self.fix = package, fix

    def rejected(self, origin: str, what: str) -> Rejected:
        return Rejected(origin, f"reading {what} needs {self.package}, which is not installed", self.fix)


def require_trafilatura() -> Any:
    """The trafilatura module; MissingDependency when it is not installed."""
    try:
        import trafilatura
    except ImportError:
        raise MissingDependency("trafilatura") from None
    # Their warnings about odd pages would otherwise go to stderr on every page; we report a
    # page we cannot use as one Rejected. An application that configures logging still sees them.
    for name in ("trafilatura", "htmldate", "courlan"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    return trafilatura


class HtmlReader:
    name = "html"

    def sniff(self, path: str, head: bytes) -> bool:
        return path.lower().endswith(HTML_SUFFIXES) or bool(HTML_START.match(head))

    def read(self, path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
        from claimledger.readers.feed import apply_entry, entry_for_page

        try:
            data = read_limited(stream, path, options.max_bytes)
            entry = entry_for_page(path)  # a page saved beside a feed is that feed's entry
            article = article_from_html(
                data, origin=path, ident=PurePath(path).stem if path != "-" else "stdin",
                options=options, url=entry.link if entry else None,
            )
            yield apply_entry(article, entry) if entry else article
        except MissingDependency as exc:
            yield exc.rejected(path, "HTML")
        except BadInputError as err:
            yield Rejected.from_error(err)


def article_from_html(
    data: bytes | str,
    *,
    origin: str,
    ident: str,
    options: ReadOptions,
    url: str | None = None,
    fallback_date: str | None = None,
    fallback_source: str | None = None,
) -> Article:
    """The article of one HTML page; BadInputError when the page has no article text.

    `url` (e.g. a WARC target URI) wins over the page's own canonical URL. `fallback_date`
    with `fallback_source` dates the page when it has no date of its own and no --date.
    """
    trafilatura = require_trafilatura()
    from trafilatura.utils import load_html

    if not data.strip():
        raise BadInputError(origin, "empty input", "remove the file or give it a saved page")
    try:
        tree = load_html(data)
        if tree is None:
            raise BadInputError(origin, "not an HTML page", "give a saved web page (.html)")
        too_deep = _depth(tree) >= LIBXML_MAX_DEPTH
        if too_deep:  # libxml2 dropped what lay deeper: parse again without that limit
            huge = _huge_tree(data)
            if huge is None or _depth(huge) >= LIBXML_HUGE_MAX_DEPTH:
                # past even that limit: what is left is cut short, and extracting from a tree
                # thousands of tags deep takes seconds
                raise BadInputError(origin, TOO_DEEP, "save the article's text as a .txt file")
            tree = huge
        # Metadata is read before extraction because extraction prunes the tree in place.
        date = plausible_day(metadata_date(tree))
        og_title, og_url = _meta_content(tree, "og:title"), _page_url(tree)
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,  # table cells read as prose produce false claims
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except BadInputError:
        raise
    except Exception as exc:  # lxml and trafilatura raise many types on odd pages; one page fails
        raise BadInputError(
            origin, f"cannot extract the page ({exc.__class__.__name__}: {exc})",
            "check that the file is a whole web page",
        ) from None
    title = _field(doc, "title") or og_title
    text = _drop_headline(_field(doc, "text") or "", title)
    if not has_prose(text):
        if too_deep:
            raise BadInputError(origin, TOO_DEEP, "save the article's text as a .txt file")
        raise BadInputError(
            origin, "no article text found",
            "give the article page itself (not an index, login or error page)",
        )
    page_url = url or _field(doc, "url") or og_url
    date_source: str | None = "metadata" if date else None
    if date is None and page_url and (date := url_date(page_url)):
        date_source = "url"
    if date is None and options.date:
        date, date_source = check_date(options.date, "--date"), "user"
    if date is None and fallback_date:
        date, date_source = fallback_date, fallback_source
    return Article(
        id=ident,
        text=text,
        date=date,
        title=title,
        url=page_url,
        publisher=_field(doc, "sitename"),
        author=_field(doc, "author"),
        origin=origin,
        date_source=date_source,
    )


LIBXML_MAX_DEPTH = 255  # libxml2 drops the content of tags nested deeper than this
LIBXML_HUGE_MAX_DEPTH = 2047  # the same with huge_tree
TOO_DEEP = f"no article text found in a page whose tags nest over {LIBXML_MAX_DEPTH} levels deep"


def _depth(tree: HtmlElement) -> int:
    """How deep the tags of `tree` nest (the root is 0)."""
    deepest, stack = 0, [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest


def _huge_tree(data: bytes | str) -> HtmlElement | None:
    """`data` parsed with libxml2's larger limits (tags nested up to about 2,000 deep)."""
    import lxml.html

    try:
        return lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(huge_tree=True))
    except Exception:  # noqa: BLE001 - the page is then read as libxml2 first read it
        return None


def _meta_content(tree: HtmlElement, name: str) -> str | None:
    """The content of the first `<meta property|name=name>`, stripped, else None."""
    for meta in tree.xpath("//meta[@content]"):
        if name in ((meta.get("property") or "").lower(), (meta.get("name") or "").lower()):
            value = " ".join(meta.get("content").split())
            if value:
                return value
    return None


def _page_url(tree: HtmlElement) -> str | None:
    """The page's own URL: og:url, else the canonical link."""
    url = _meta_content(tree, "og:url")
    if url is None:
        links = tree.xpath('//link[@rel="canonical"]/@href')
        url = links[0].strip() if links and links[0].strip() else None
    return url


def _field(doc: Any, name: str) -> str | None:
    """A field of trafilatura's result: a Document (2.x), a dict (1.x) or None."""
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return value if isinstance(value, str) and value else None


def _drop_headline(text: str, title: str | None) -> str:
    """`text` without a first line that repeats the title: the headline is kept as `title`,
    and a headline without a full stop would run into the first sentence when parsed."""
    first, sep, rest = text.partition("\n")
    if title and sep and _norm(first) == _norm(title):
        return rest
    return text


def has_prose(text: str) -> bool:
    """True when a line of `text` is a sentence of six words or more. Menus, link lists and
    error pages, which trafilatura's fallbacks still return, have none."""
    return any(
        len(line.split()) >= 6 and line.rstrip().rstrip("\"'\u201d\u2019)").endswith((".", "!", "?"))
        for line in text.splitlines()
    )


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def url_date(url: str) -> str | None:
    """The day of a full `/YYYY/MM/DD/` date in the URL path, else None."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url, flags=re.I).split("?")[0].split("#")[0]
    if m := URL_DATE.search(path):
        return _day(*m.groups())
    if m := URL_NAMED_DATE.search(path):
        y, month, d = m.groups()
        return _day(y, str(MONTHS.index(month[:3].lower()) + 1), d)
    return None


def metadata_date(tree: HtmlElement) -> str | None:
    """The publication day the page states in its metadata, else None.

    A UTC timestamp gives the day in London; when the page also states the same moment in
    its own zone (another tag, or the date shown on a `<time>`), that local day wins.
    """
    day = _jsonld_date(tree) or _meta_tag_date(tree) or _time_element_date(tree)
    if day is None:
        return None
    return _local_day(tree, day) or day


def _publication_values(tree: HtmlElement) -> list[str]:
    """Every publication date value the page holds, as written."""
    values = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        values.extend(re.findall(r'"date(?:Published|Created)"\s*:\s*"([^"]+)"', script.text_content()))
    for meta in tree.xpath("//meta[@content]"):
        if any((meta.get(a) or "").strip().lower() in META_RANK for a in ("property", "name", "itemprop")):
            values.append(meta.get("content"))
    values.extend(el.get("datetime") for el in tree.xpath("//time[@datetime]"))
    return [v for v in values if v]


def _instant(value: str) -> dt.datetime | None:
    """The moment of a timestamp with a zone ("2024-07-02T03:30:00Z", "...-04:00"), else None."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _local_day(tree: HtmlElement, day: str) -> str | None:
    """The page's local day for the moment of `day`, when `day` came from a UTC timestamp:
    the same moment written with the page's own offset, or the day a `<time>` shows."""
    values = _publication_values(tree)
    utc = [m for v in values if UTC_STAMP.search(v) and parse_day(v) == day and (m := _instant(v))]
    if not utc:
        return None
    for v in values:
        moment = _instant(v)
        if moment is None or UTC_STAMP.search(v):
            continue
        if any(abs((moment - u).total_seconds()) < 60 for u in utc):
            return moment.date().isoformat()  # its own day, in its own zone
    first = dt.date.fromisoformat(day)
    for el in tree.xpath("//time[@datetime]"):  # the date the reader sees on the page
        if UTC_STAMP.search(el.get("datetime") or "") and parse_day(el.get("datetime")) == day:
            shown = parse_day(" ".join(el.text_content().split()))
            if shown and abs((dt.date.fromisoformat(shown) - first).days) == 1:
                return shown
    return None


def parse_day(value: str | None) -> str | None:
    """YYYY-MM-DD of a date value as written (its own time zone kept), else None."""
    if not value or not value.strip():
        return None
    if m := ISO_DAY.match(value) or COMPACT_DAY.match(value):
        return _day(*m.groups())
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # a core dependency; slow to import, so only for unusual formats

    parsed = dateparser.parse(
        value, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date().isoformat() if parsed and parsed.year >= 1900 else None


def _day(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _jsonld_date(tree: HtmlElement) -> str | None:
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("datePublished", "dateCreated"):
                if isinstance(node.get(key), str) and key not in found:
                    found[key] = node[key]
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text_content(), strict=False))
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the other sources still count
    for key in ("datePublished", "dateCreated"):
        if day := parse_day(found.get(key)):
            return day
    return None


def _meta_tag_date(tree: HtmlElement) -> str | None:
    best: tuple[int, str] | None = None
    for meta in tree.xpath("//meta[@content]"):
        for attr in ("property", "name", "itemprop", "http-equiv"):
            rank = META_RANK.get((meta.get(attr) or "").strip().lower())
            if rank is not None and (best is None or rank < best[0]) and (day := parse_day(meta.get("content"))):
                best = (rank, day)
    return best[1] if best else None


def _time_element_date(tree: HtmlElement) -> str | None:
    for el in tree.xpath("//time[@datetime]"):
        marked = el.get("pubdate") is not None or (el.get("itemprop") or "").lower() == "datepublished"
        near_byline = any(
            BYLINE_CLASS.search((a.get("class") or "") + " " + (a.get("id") or ""))
            for a in [el, *el.iterancestors()][:3]
        )
        if (marked or near_byline) and (day := parse_day(el.get("datetime"))):
            return day
    return None


reader = HtmlReader()
