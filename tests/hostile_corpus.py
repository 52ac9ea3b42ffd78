"""A corpus of hostile inputs, each with the exact line the user must see (or None: stored).

`build_corpus(folder)` writes every case into `folder`: the small ones are copied from
tests/fixtures/hostile/ (files of our own making), the big or odd ones (walls of symbols,
megabyte texts, a file name that is not UTF-8) are made here at run time, so that no
megabytes are committed. `CASES` maps each input, as `ingest` names it relative to `folder`
(a JSONL line as `name:N`, a feed entry as `name#N`), to the rejection the user must read.
Used by tests/test_hostile_corpus.py and by the stress suite.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"

SURROGATE_FIX = ("remove it, or write the character it stands for as valid UTF-8 "
                 "(a \\ud83d-style escape needs its pair)")
NUL_FIX = "remove it, or write the character it stands for as valid UTF-8"
NOT_PROSE_FIX = "check that this is an article; such text cannot be parsed in reasonable time"
EMPTY = "empty input (remove the file or give it article text)"
NO_TEXT = "no text (only white space or invisible characters) (remove the input or give it article text)"
JSON_LIMITS_FIX = "(write numbers with fewer digits and nest less deeply)"


def prose(n: int, topic: str = "harbour") -> str:
    """A short wire-style paragraph of our own, different for every `n`."""
    return (f"The {topic} authority said on Monday that {n + 12} ships were waiting to unload. "
            f"\"We expect the backlog to clear by Friday,\" spokeswoman Ana Ruiz told reporters. "
            f"Union officials denied that {n + 3} workers had been dismissed.")


def _feed(description: str, pub_date: str, title: str = "Port update") -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            "<title>Port desk</title><link>https://port.example.org/</link>"
            f"<item><title>{title}</title><link>https://port.example.org/news/{_slug(description)}</link>"
            f"<pubDate>{pub_date}</pubDate><description>{description}</description></item>"
            "</channel></rss>\n")


def _slug(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


LONG_PROSE = " ".join(prose(i, "river") for i in range(40))
RUN_ON = "the minister said that the council told reporters that police denied that 40 people, "


def _nested_page(depth: int) -> bytes:
    body = " ".join(prose(i, "marina") for i in range(50, 53))
    return f"<html><body>{'<div>' * depth}<p>{body}</p>{'</div>' * depth}</body></html>".encode()


def _gzip_zeros(n: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    return b"".join([*(packer.compress(chunk) for _ in range(n // len(chunk))), packer.flush()])


# name -> the bytes written at run time (big or odd files; small ones live in FIXTURES)
def _generated() -> dict[str, Callable[[], bytes]]:
    long_prose = LONG_PROSE
    return {
        "walls/punctuation-14k.txt": lambda: b"!?.,;:-" * 2000,
        "walls/punctuation-28k-spaced.txt": lambda: b"!?.,;: " * 4000,
        "walls/quotes-100k.txt": lambda: b'"' * 100_000,
        "walls/emoji-200k.txt": lambda: ("\U0001f600" * 50_000).encode("utf-8"),
        "walls/symbol-run-in-prose.txt": lambda: (long_prose + " " + "!?" * 3000 + " " + long_prose).encode(),
        "size/over-max-chars.txt": lambda: ((prose(7, "valley") + "\n") * 5000).encode()[:1_000_050],
        "size/over-max-bytes.txt": lambda: b"The council said the budget would grow. " * 140_000,
        "nul/nul-after-8k.txt": lambda: (prose(1, "canal") + " " + "x" * 9000 + "\x00 end.").encode(),
        "json/big-integer.jsonl": lambda: (
            json.dumps({"text": prose(2, "rail")}) + "\n"
            + '{"text": "The count rose.", "n": ' + "7" * 5000 + "}\n").encode(),
        "json/deep-nesting.jsonl": lambda: (b"[" * 50_000 + b"]" * 50_000 + b"\n"),
        "json/deep-nesting.json": lambda: (b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"),
        "walls/said-200k.txt": lambda: ("said " * 40_000).encode(),
        "walls/letters-100k.txt": lambda: b"x" * 100_000,
        "walls/run-on-20k.txt": lambda: (RUN_ON * 300)[:20_000].encode(),
        # 50 MB of NUL bytes without a newline, gzipped to 50 KB: warcio would read it all as
        # the archive's "first line" and quote it in its error
        "bad/nul-bomb.warc.gz": lambda: _gzip_zeros(50_000_000),
        # tags nested past libxml2's 255 levels: read again without that limit; past ~2,000
        # even that parser stops, and the page is rejected saying why
        "good/nested-300.html": lambda: _nested_page(300),
        "bad/nested-5000.html": lambda: _nested_page(5000),
        "good/leading-tabs.txt": lambda: ("\t" * 100_000 + prose(60, "harbour")).encode(),
        "good/long-article.txt": lambda: "\n\n".join(prose(i, "estuary") for i in range(120)).encode(),
    }


# input (relative to the corpus folder) -> the line the user must read after "ORIGIN: ",
# or None when the input must be stored.
CASES: dict[str, str | None] = {
    # -- good inputs, some of them odd: all must be stored -------------------------------
    "good/wire.txt": None,
    "good/plain.txt": None,
    "good/bom-header.txt": None,  # a BOM before a wire header: the date and dateline are kept
    "good/bom-lines.jsonl:1": None,  # a BOM before line 1 of JSONL: line 1 is kept
    "good/bom-lines.jsonl:2": None,
    "good/surrogate-in-id.jsonl:1": None,  # metadata with a lone surrogate is repaired
    "good/control-chars.txt": None,
    "good/crlf.txt": None,
    "good/scripts.txt": None,
    "good/zero-width.txt": None,
    "good/feed-zero-date.rss#1": None,  # <pubDate>0000-00-00: stored, date unknown
    "good/feed-year-9999.rss#1": None,  # an impossible year is not a date
    "good/feed-feb-30.rss#1": None,  # 2024-02-30 does not become March 1st
    "good/feed-surrogate-ref.rss#1": None,  # &#xD800; in a feed becomes U+FFFD, as in HTML
    "good/long-article.txt": None,  # 25 KB: extracted alone, against its own time budget
    "good/leading-tabs.txt": None,  # 100,000 tabs, then an article: white space is cheap
    "good/external-entity.rss#1": None,  # an XXE entity is not resolved: the title stays empty
    "good/caf\\xe9-report.txt": None,  # a file name that is not UTF-8
    "good/nested-300.html": None,  # tags nested 300 deep: parsed again past libxml2's limit
    # -- empty ---------------------------------------------------------------------------
    "bad/bom-only.txt": EMPTY,
    "bad/whitespace-only.txt": EMPTY,
    "bad/invisible-only.txt": NO_TEXT,
    "bad/empty.jsonl": "empty input (remove the file or give it JSON lines)",
    "bad/header-no-body.txt": "header but no article body (add the article text after `>>`)",
    # -- encodings -----------------------------------------------------------------------
    "bad/binary.txt": "binary data, not text (give a UTF-8 text file)",
    "bad/latin1.txt": "not valid UTF-8 (byte 3: b'\\xe9') (convert it, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`)",
    "bad/utf16.txt": "UTF-16 text, not UTF-8 (convert it, e.g. `iconv -f utf-16 -t utf-8 FILE > FILE.utf8`)",
    "nul/nul-after-8k.txt": f"text holds a NUL character at character {len(prose(1, 'canal')) + 9001}, which cannot be stored ({NUL_FIX})",
    # -- JSON ----------------------------------------------------------------------------
    "bad/surrogate-text.jsonl:1": f"text holds a lone surrogate (\\ud800) at character 4, which cannot be stored ({SURROGATE_FIX})",
    "bad/surrogate-text.jsonl:2": f"text holds a lone surrogate (\\udfff) at character 0, which cannot be stored ({SURROGATE_FIX})",
    "bad/nul-escape.jsonl:1": f"text holds a NUL character at character 8, which cannot be stored ({NUL_FIX})",
    "bad/not-object.jsonl:1": 'not a JSON object (write {"text": ...} per line)',
    "bad/no-text.jsonl:1": 'no "text" string (every line needs a non-empty "text")',
    "bad/text-not-string.jsonl:1": 'no "text" string (every line needs a non-empty "text")',
    "bad/blank-text.jsonl:1": 'no "text" string (every line needs a non-empty "text")',
    "bad/bad-date.jsonl:1 date": "bad date '2024-02-30' (write the date as YYYY-MM-DD, e.g. 2024-10-23)",
    "bad/broken.jsonl:1": "not JSON (Invalid control character at at column 22) (each line must be one JSON object)",
    "bad/broken.json": 'not a JSON document (JSONDecodeError) (give JSON Lines (.jsonl) or one JSON object with "text")',
    "json/big-integer.jsonl:1": None,
    "json/big-integer.jsonl:2": f"JSON number too long to read (over 4,300 digits) {JSON_LIMITS_FIX}",
    "json/deep-nesting.jsonl:1": f"JSON nested too deeply to read {JSON_LIMITS_FIX}",
    "json/deep-nesting.json": f"JSON nested too deeply to read {JSON_LIMITS_FIX}",
    # -- wire headers --------------------------------------------------------------------
    "bad/header-bad-date.txt": "bad date '2025-13-45' (write the date as YYYY-MM-DD, e.g. 2024-10-23)",
    # -- feeds, pages, archives ----------------------------------------------------------
    "bad/entity-bomb.rss": "broken feed XML (<unknown>:1:815: limit on input amplification factor (from DTD and entities) breached); 0 entries read, the last one ('&lol9;') left out as possibly cut short (save the feed again whole)",
    "bad/feed-no-entries.rss": "feed has no entries (remove the file or save a feed with items)",
    "bad/feed-short-summary.rss#1": "entry has no content and no summary (use a full-content feed)",
    "bad/page-empty.html": "no article text found (give the article page itself (not an index, login or error page))",
    "bad/nested-5000.html": "no article text found in a page whose tags nest over 255 levels deep (save the article's text as a .txt file)",
    "bad/garbage.warc": "truncated archive: record 1 is cut short; 0 whole records read (download or copy the archive again; the pages read so far are kept)",
    "bad/garbage.warc.gz": "not a WARC archive: damaged gzip data (Error -3 while decompressing data: invalid stored block lengths) (give the .warc or .warc.gz file as the crawler wrote it)",
    "bad/nul-bomb.warc.gz": "not a WARC archive: its gzip data holds no WARC record (it does not begin with WARC/1.x) (give the .warc or .warc.gz file as the crawler wrote it)",
    # -- degenerate texts: rejected in milliseconds, not parsed for minutes --------------
    "walls/punctuation-14k.txt": f"not prose: only 0% of its characters are letters or digits (a wall of punctuation, quote marks or symbols) ({NOT_PROSE_FIX})",
    "walls/punctuation-28k-spaced.txt": f"not prose: only 0% of its characters are letters or digits (a wall of punctuation, quote marks or symbols) ({NOT_PROSE_FIX})",
    "walls/quotes-100k.txt": f"not prose: only 0% of its characters are letters or digits (a wall of punctuation, quote marks or symbols) ({NOT_PROSE_FIX})",
    "walls/emoji-200k.txt": f"not prose: only 0% of its characters are letters or digits (a wall of punctuation, quote marks or symbols) ({NOT_PROSE_FIX})",
    "walls/symbol-run-in-prose.txt": f"not prose: 6,000 characters without a space, mostly symbols, at character {len(LONG_PROSE) + 1} ({NOT_PROSE_FIX})",
    "bad/named-pipe": "not a regular file (a pipe, socket or device) (give files, folders or - for stdin)",
    "walls/said-200k.txt": f"not prose: 200,000 characters without a sentence end, at character 0 ({NOT_PROSE_FIX})",
    "walls/letters-100k.txt": f"not prose: 100,000 characters without a sentence end, at character 0 ({NOT_PROSE_FIX})",
    "walls/run-on-20k.txt": f"not prose: 20,000 characters without a sentence end, at character 0 ({NOT_PROSE_FIX})",
    # -- size ----------------------------------------------------------------------------
    "size/over-max-chars.txt": "text too long to parse (1,000,050 characters, over --max-chars 1,000,000) (split it into one input per article, or raise --max-chars (the parser needs about 1 GB of memory per 100,000 characters))",
    "size/over-max-bytes.txt": "too large for one article (over 5.2 MB) (split it into one file per article, or raise --max-bytes)",
}


def build_corpus(folder: Path) -> Path:
    """Write every case of `CASES` under `folder`; returns `folder`."""
    shutil.copytree(FIXTURES, folder, dirs_exist_ok=True)
    for name, make in _generated().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make())
    if hasattr(os, "mkfifo"):  # a pipe nobody writes to: opening it would wait for ever
        os.mkfifo(folder / "bad" / "named-pipe")
    # a file name that is not valid UTF-8 (Latin-1 é), made here: git keeps names as UTF-8
    (folder / "good").mkdir(exist_ok=True)
    with open(bytes(folder / "good") + b"/caf\xe9-report.txt", "wb") as f:
        f.write(prose(40, "bakery").encode())
    return folder


def expected_rejects() -> dict[str, str]:
    return {name: line for name, line in CASES.items()
            if line is not None and (name != "bad/named-pipe" or hasattr(os, "mkfifo"))}


def good_inputs() -> list[str]:
    return [name for name, line in CASES.items() if line is None]


def write_fixtures() -> None:  # pragma: no cover - how tests/fixtures/hostile/ was made
    """(Re)write the small committed files of the corpus."""
    files: dict[str, bytes | str] = {
        "good/wire.txt": " date 2025-03-10 OSLO >> " + prose(0),
        "good/plain.txt": prose(1, "ferry"),
        "good/bom-header.txt": "\ufeff date 2025-03-11 BERGEN >> " + prose(2),
        "good/bom-lines.jsonl": "\ufeff" + json.dumps({"id": "bom-1", "text": prose(3), "date": "2025-03-12"})
        + "\n" + json.dumps({"id": "bom-2", "text": prose(4)}) + "\n",
        "good/surrogate-in-id.jsonl": '{"id": "odd-\\ud800-id", "title": "T\\udfffitle", "text": '
        + json.dumps(prose(5)) + "}\n",
        "good/control-chars.txt": prose(6) + " \x1b[31mred\x1b[0m \x07 and a form feed \x0c here.",
        "good/crlf.txt": (prose(8) + "\r\n\r\n" + prose(9)).encode(),
        "good/scripts.txt": prose(10) + " Le ministre a déclaré que 40 navires attendaient. "
        "قال الوزير إن السفن تنتظر. 部長は船が待っていると述べた。",
        "good/zero-width.txt": prose(11).replace("ships", "sh\u200bips").replace("Union", "Uni\u200don"),
        "good/feed-zero-date.rss": _feed(" ".join(prose(i, "lock") for i in range(12, 15)), "0000-00-00"),
        "good/feed-year-9999.rss": _feed(" ".join(prose(i, "dock") for i in range(15, 18)),
                                         "Sat, 01 Nov 9999 00:00:00 GMT"),
        "good/feed-feb-30.rss": _feed(" ".join(prose(i, "pier") for i in range(18, 21)), "2024-02-30"),
        "good/feed-surrogate-ref.rss": _feed(" ".join(prose(i, "quay") for i in range(21, 24)) + " &#xD800;",
                                             "Mon, 10 Jun 2024 04:00:00 GMT", title="Odd &#xDFFF; title"),
        "bad/bom-only.txt": b"\xef\xbb\xbf",
        "bad/whitespace-only.txt": b"   \n\t\n  \r\n",
        "bad/invisible-only.txt": "\u200b\u200b\u00a0\u2060\n",
        "bad/empty.jsonl": b"\n\n   \n",
        "bad/header-no-body.txt": " date 2025-03-10 OSLO >>   \n",
        "bad/binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "bad/latin1.txt": "Café owners said prices rose by 5%.".encode("latin-1"),
        "bad/utf16.txt": prose(25).encode("utf-16"),
        "bad/surrogate-text.jsonl": '{"text": "The \\ud800 council met."}\n{"text": "\\udfffThe mayor spoke."}\n',
        "bad/nul-escape.jsonl": '{"text": "The port\\u0000 reopened."}\n',
        "bad/not-object.jsonl": "[1, 2, 3]\n",
        "bad/no-text.jsonl": '{"id": "x", "title": "No body"}\n',
        "bad/text-not-string.jsonl": '{"text": 42}\n',
        "bad/blank-text.jsonl": '{"text": "   \\n  "}\n',
        "bad/bad-date.jsonl": json.dumps({"text": prose(26), "date": "2024-02-30"}) + "\n",
        "bad/broken.jsonl": '{"text": "The council\n',
        "bad/broken.json": '{"text": "The council',
        "bad/header-bad-date.txt": " date 2025-13-45 OSLO >> " + prose(27),
        "good/external-entity.rss": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
        '"file:///etc/passwd">]><rss version="2.0"><channel><title>t</title><item><title>&x;</title>'
        f"<description>{' '.join(prose(i, 'lagoon') for i in range(30, 33))}</description></item></channel></rss>",
        "bad/entity-bomb.rss": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">' for i in range(1, 10))
        + ']><rss version="2.0"><channel><title>t</title><item><title>&lol9;</title><description>'
        + prose(34) + "</description></item></channel></rss>",
        "bad/feed-no-entries.rss": '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
        "bad/feed-short-summary.rss": '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        "<item><title>Nothing</title><pubDate>Mon, 10 Jun 2024 04:00:00 GMT</pubDate></item></channel></rss>",
        "bad/page-empty.html": "<!doctype html><html><head><title>Index</title></head><body></body></html>",
        "bad/garbage.warc": b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: abc\r\n\r\n",
        "bad/garbage.warc.gz": b"\x1f\x8b\x08\x00not really gzip",
    }
    for name, content in files.items():
        path = FIXTURES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


if __name__ == "__main__":  # pragma: no cover
    write_fixtures()


def reported(rejects_path: Path, root: Path) -> dict[str, list[str]]:
    """What an `ingest --rejects` report says, per input relative to `root`."""
    out: dict[str, list[str]] = {}
    for line in rejects_path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        name = r["input"].removeprefix(f"{root}/")
        out.setdefault(name, []).append(r["problem"] + (f" ({r['fix']})" if r["fix"] else ""))
    return out


def assert_reported_once_each(rejects_path: Path, root: Path) -> None:
    """Every bad input reported once, with its exact line; nothing else reported."""
    got = reported(rejects_path, root)
    expected = {name: [line] for name, line in expected_rejects().items()}
    assert got == expected
