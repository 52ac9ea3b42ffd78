"""Hypothesis properties of every reader and of the extractors, over arbitrary Unicode
(lone surrogates and control characters included) and arbitrary bytes:

- no reader raises: every input becomes articles or one-line rejections, never the
  catch-all "cannot be read" that stands for a bug;
- every article can be stored (no lone surrogate, no NUL, not empty);
- every span of every record lies inside the text, and its stored text is text[start:end];
- ingesting the same inputs again stores nothing new;
- exporting a ledger and ingesting the export gives the same ledger.

CI asks each property for few examples (`examples`); `make stress` runs the same properties
under the `stress` profile (tests/conftest.py), with many more.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from claimledger.cli import main
from claimledger.ingest import ingest
from claimledger.ledger import Ledger
from claimledger.readers import Article, ReadOptions, Rejected, read_inputs
from claimledger.readers.base import UNSTORABLE, checked_article


def examples(ci: int, stress: int) -> settings:
    """`ci` examples by default; `stress` under a profile that asks for many (`make stress`
    loads the `stress` profile of tests/conftest.py), sized so the long run takes minutes."""
    many = settings.default.max_examples > 100
    return settings(max_examples=stress if many else ci, deadline=None,
                    suppress_health_check=list(HealthCheck))


# Every code point, lone surrogates and control characters included.
# (hypothesis draws surrogates rarely on its own, so they and other troublemakers are added)
ANY_CHAR = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
    st.integers(0xD800, 0xDFFF).map(chr),
    st.sampled_from(["\x00", "\x1b", "\x0c", "\r", "\x85", "\u2028", "\ufeff", "\u200b", "\ufffd", "<", "&"]),
)
ANY_TEXT = st.text(ANY_CHAR, max_size=300)
WIRE_WORDS = ("The", "minister", "said", "told", "reporters", "denied", "that", "\"", "“", "”",
              "40", "percent", "on", "Friday", "according", "to", "police", ",", ".", "\n",
              "Ana", "Ruiz", "of", "the", "council", "1.5", "million", "2024", "last", "week",
              "&#xD800;", "&#0;", "&amp;", "\ufeff", " date 2025-03-10 OSLO >> ")
# Wire-like text with noise: exercises the extractors rather than only the readers.
WIRE_TEXT = st.lists(st.one_of(st.sampled_from(WIRE_WORDS), st.text(ANY_CHAR, max_size=3)),
                     max_size=60).map(" ".join)
FEED = st.tuples(WIRE_TEXT, WIRE_TEXT, WIRE_TEXT).map(lambda p: (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
    f"<title>{p[0]}</title><link>https://example.org/{p[0][:5]}</link><pubDate>{p[1]}</pubDate>"
    f"<description>{p[2] * 8}</description></item></channel></rss>"))
PAGE = st.tuples(WIRE_TEXT, WIRE_TEXT).map(lambda p: (
    f"<!doctype html><html><head><title>{p[0]}</title><meta property='article:published_time' "
    f"content='{p[0][:12]}'></head><body><article><p>{p[1]}</p><p>{p[1]}</p></article></body></html>"))
SUFFIXES = (".txt", ".jsonl", ".json", ".html", ".rss", ".atom", ".warc", ".warc.gz", "")


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _read_file(folder: Path, name: str, data: bytes) -> list[Article | Rejected]:
    path = folder / name
    path.write_bytes(data)
    try:
        return list(read_inputs([str(path)], ReadOptions(date="2025-03-10")))
    finally:
        path.unlink()


def _assert_storable(items: list[Article | Rejected]) -> None:
    for item in items:
        assert isinstance(item, Article | Rejected)
        if isinstance(item, Rejected):
            assert not item.problem.startswith("cannot be read ("), item  # the bug catch-all
            continue
        for value in (item.text, item.id, item.origin, item.title, item.url):
            assert value is None or not UNSTORABLE.search(value)
        assert item.text.strip()


@pytest.mark.parametrize("suffix", SUFFIXES)
@examples(15, 500)
@given(data=st.one_of(st.binary(max_size=400), ANY_TEXT.map(_encoded), WIRE_TEXT.map(_encoded),
                      WIRE_TEXT.map(lambda t: b"\xef\xbb\xbf" + _encoded(t)),
                      FEED.map(_encoded), PAGE.map(_encoded)))
def test_every_reader_turns_any_bytes_into_articles_or_rejections(tmp_path_factory, suffix, data) -> None:
    pytest.importorskip("trafilatura")
    folder = tmp_path_factory.mktemp("fuzz")
    _assert_storable(_read_file(folder, "input" + suffix, data))


@examples(25, 1000)
# The two failures of the long run at 3ca6e1b, as hypothesis shrank them: a NUL in metadata
# was kept (unstorable in PostgreSQL; the reader's bug), and JSON joins an escaped surrogate
# pair into one character (the old oracle's bug: it compared with the unjoined string).
@example([{"text": "0", "id": "\x00"}])
@example([{"text": "\ud800\udc00"}])
@example([{"text": "0", "id": "\x00", "title": "\ud800"}])
@example([{"text": "Port.", "title": "T\x00", "url": "\x00\udcff"}, {"text": "\udbff\udfff Port."}])
@given(st.lists(st.fixed_dictionaries({"text": ANY_TEXT}, optional={
    "id": ANY_TEXT, "title": ANY_TEXT, "date": st.one_of(ANY_TEXT, st.dates().map(str)),
    "url": ANY_TEXT}), min_size=1, max_size=5))
def test_jsonl_gives_one_item_per_line_whatever_it_holds(tmp_path_factory, objects) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    data = "".join(json.dumps(o) + "\n" for o in objects).encode()  # escapes lone surrogates
    items = _read_file(folder, "lines.jsonl", data)
    _assert_storable(items)
    assert len(items) == len(objects)
    for obj, item in zip(objects, items, strict=True):
        if isinstance(item, Article):  # the text is never changed (JSON joins escaped pairs)
            assert item.text == json.loads(json.dumps(obj["text"]))


@examples(10, 300)
@given(WIRE_TEXT)
def test_extractor_spans_index_the_exact_text(extractor, text) -> None:
    try:
        checked_article(Article(id="f", text=text), ReadOptions())
    except Exception:  # noqa: BLE001 - a text the readers reject never reaches the extractor
        return
    [rec] = list(extractor.extract_many([("f", text, "2025-03-10")]))
    assert rec.text == text
    spans = [q.span for q in rec.quantities] + [t.span for t in rec.times]
    spans += [s for c in rec.claims for s in (*c.content, *c.source, *c.cue)]
    for start, end in spans:
        assert 0 <= start <= end <= len(text)
        assert rec.span_text((start, end)) == text[start:end]
    for c in rec.claims:
        assert c.content, c


@examples(5, 100)
@given(st.lists(WIRE_TEXT, min_size=1, max_size=4))
def test_ingesting_again_stores_nothing_new(extractor, texts) -> None:
    items = [Article(id=f"a{i}", text=t, origin=f"in/{i}") for i, t in enumerate(texts)]
    items = [a for a in items if _accepted(a)]
    with Ledger(":memory:") as led:
        first = ingest(items, led, extractor)
        stats = led.stats()
        again = ingest(items, led, extractor)
        assert again.inserted == 0 and again.rejected == []
        assert again.skipped == first.inserted + first.skipped
        assert led.stats() == stats


@examples(3, 20)
@given(st.lists(WIRE_TEXT.filter(lambda t: len(t) > 20), min_size=1, max_size=3))
def test_export_then_ingest_gives_the_same_ledger(tmp_path_factory, extractor, texts) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    items = [Article(id=f"a{i}", text=t, date="2025-03-10", title=f"T{i}", origin=f"in/{i}")
             for i, t in enumerate(texts)]
    items = [a for a in items if _accepted(a)]
    assume(items)
    runner = CliRunner()
    first, second = str(folder / "first.db"), str(folder / "second.db")
    with Ledger(first) as led:
        stored = ingest(items, led, extractor)
    # Ingest may still reject every text (e.g. as not English): the export of an empty ledger
    # is an empty file, which ingest rightly rejects ("empty input"); see the test below.
    assume(stored.inserted)
    export = folder / "export.jsonl"
    assert runner.invoke(main, ["export", "--db", first, "--format", "jsonl", "-o", str(export)]).exit_code == 0
    res = runner.invoke(main, ["ingest", str(export), "--db", second, "--silent"])
    assert res.exit_code == 0, res.output
    again = folder / "again.jsonl"
    assert runner.invoke(main, ["export", "--db", second, "--format", "jsonl", "-o", str(again)]).exit_code == 0
    assert again.read_text(encoding="utf-8") == export.read_text(encoding="utf-8")


def test_an_empty_ledger_exports_an_empty_file_that_ingest_rejects(tmp_path, extractor) -> None:
    """Found by the export property (stress profile, seed 3: "minister reporters denied
    million \u00c0", taken for French): texts the readers accept but ingest rejects as not
    English leave the ledger empty; its export is empty, and ingesting that is one
    "empty input" rejection (exit 1)."""
    pytest.importorskip("py3langid")
    first, export = str(tmp_path / "first.db"), tmp_path / "export.jsonl"
    text = "Le ministre a annoncé vendredi que le port rouvrira la semaine prochaine."
    with Ledger(first) as led:
        stored = ingest([Article(id="a0", text=text, date="2025-03-10", origin="in/0")], led, extractor)
    assert stored.inserted == 0 and "not English" in stored.rejected[0].problem
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--db", first, "--format", "jsonl", "-o", str(export)]).exit_code == 0
    assert export.read_bytes() == b""
    res = runner.invoke(main, ["ingest", str(export), "--db", str(tmp_path / "second.db"), "--silent"])
    assert res.exit_code == 1


def _accepted(article: Article) -> bool:
    try:
        checked_article(article, ReadOptions())
        return True
    except Exception:  # noqa: BLE001
        return False
