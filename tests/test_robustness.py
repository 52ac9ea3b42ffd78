"""Regression tests for the failures of issue 9 that the hostile corpus does not cover:
BOM on stdin, exit codes, read commands that must not write, clean errors for a file that
is not a ledger, a huge --limit, a full disk during export or migration, feed dates, and the
CRF features' nearest cue (now a bisection, so linear in the paragraph)."""

from __future__ import annotations

import errno
import json
import multiprocessing as mp
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from claimledger.cli import main
from claimledger.errors import EXIT_SOFTWARE, EXIT_USAGE
from claimledger.extraction.crf_features import NO_CUE, _nearest_cue
from claimledger.ledger import SCHEMA_VERSION, Ledger
from claimledger.readers import read_inputs
from claimledger.record import ArticleRecord

STORY = "The harbour master said on Monday that 12 ships were waiting to unload."


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def stored(tmp_path: Path) -> str:
    db = str(tmp_path / "l.db")
    with Ledger(db) as led:
        led.add(ArticleRecord(id="a", text=STORY, date="2025-03-10"))
    return db


# -- BOM and stdin -----------------------------------------------------------------------
def test_jsonl_on_stdin_after_a_bom_is_read_as_jsonl(runner, extractor) -> None:
    line = json.dumps({"id": "bom-stdin", "text": STORY, "date": "2025-03-10"})
    res = runner.invoke(main, ["extract", "-"], input=b"\xef\xbb\xbf" + line.encode() + b"\n")
    assert res.exit_code == 0, res.output
    [record] = [json.loads(x) for x in res.stdout.splitlines()]
    assert (record["id"], record["date"], record["text"]) == ("bom-stdin", "2025-03-10", STORY)


def test_extract_prints_valid_utf8_only(runner, tmp_path: Path, extractor) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"id": "x\\ud800", "title": "\\udfff", "text": "' + STORY + '"}\n'
        '{"text": "The \\ud800 council met."}\n', encoding="utf-8")
    res = runner.invoke(main, ["extract", str(tmp_path)])
    assert res.exit_code == 1
    res.stdout_bytes.decode("utf-8")  # strict: raises on invalid UTF-8
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["x\ufffd"]
    assert "a.jsonl:2: text holds a lone surrogate" in res.stderr


# -- exit codes ---------------------------------------------------------------------------
def test_an_unexpected_error_exits_70_and_asks_for_a_report(runner, stored, monkeypatch) -> None:
    def broken(self, *a, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        raise KeyError("surprise")

    monkeypatch.setattr(Ledger, "stats", broken)
    res = runner.invoke(main, ["stats", "--db", stored])
    assert res.exit_code == EXIT_SOFTWARE == 70
    assert "this is a bug, please report it" in res.stderr
    assert "Traceback" not in res.output


@pytest.mark.parametrize("args, words", [
    (["claims", "--limit", str(2**63)], "--limit"),
    (["claims", "--limit", "-1"], "--limit"),
    (["ingest", "x", "--batch-size", "0"], "--batch-size"),
    (["ingest", "x", "--max-chars", "0"], "--max-chars"),
    (["ingest", "x", "--article-timeout", "-1"], "--article-timeout"),
])
def test_bad_option_values_are_usage_errors(runner, stored, args, words) -> None:
    res = runner.invoke(main, [*args, "--db", stored])
    assert res.exit_code == EXIT_USAGE, res.output
    assert words in res.output and "Traceback" not in res.output


def test_the_largest_limit_is_accepted(runner, stored) -> None:
    res = runner.invoke(main, ["claims", "--db", stored, "--limit", str(2**63 - 1), "--format", "jsonl"])
    assert res.exit_code == 0, res.output


# -- ledgers that are not ledgers ---------------------------------------------------------
@pytest.mark.parametrize("command", [["claims"], ["stats"], ["export", "--format", "jsonl"]])
def test_read_commands_never_create_or_migrate_a_ledger(runner, tmp_path: Path, command) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    res = runner.invoke(main, [*command, "--db", str(empty)])
    assert res.exit_code == EXIT_USAGE
    assert res.stderr.startswith(f"error: {empty}: no claimledger ledger in this file")
    assert empty.stat().st_size == 0


@pytest.mark.parametrize("command", [["claims"], ["stats"], ["ingest", "-"]])
def test_a_file_that_is_not_a_database_is_a_clean_error(runner, tmp_path: Path, command) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list: bread, milk, 12 eggs\n" * 200, encoding="utf-8")
    before = notes.read_bytes()
    res = runner.invoke(main, [*command, "--db", str(notes)], input=STORY)
    assert res.exit_code == EXIT_USAGE, res.output
    assert f"{notes}: not a claimledger ledger" in res.stderr and "Traceback" not in res.output
    assert notes.read_bytes() == before


def test_a_full_disk_while_creating_a_ledger_is_a_clean_error(runner, tmp_path: Path, monkeypatch) -> None:
    # SQLite's own "database or disk is full", from a page limit the migration cannot fit in
    fits_nothing = "PRAGMA max_page_count = 1;\nCREATE TABLE a (x TEXT);\nCREATE TABLE b (y TEXT);\n"
    monkeypatch.setattr("claimledger.ledger.sqlite.migrations", lambda: [(1, fits_nothing)])
    db = tmp_path / "new.db"
    res = runner.invoke(main, ["ingest", "-", "--db", str(db)], input=STORY)
    assert res.exit_code == EXIT_USAGE
    assert res.stderr.startswith(f"error: {db}: migration 1 failed (database or disk is full)")


def test_a_full_disk_during_export_removes_the_partial_file(runner, stored, tmp_path: Path, monkeypatch) -> None:
    def fill_the_disk(records, out):  # noqa: ANN001, ANN202
        out.write('{"id": "a", "text": "half a rec')
        out.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("claimledger.output.write_jsonl_records", fill_the_disk)
    target = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["export", "--db", stored, "--format", "jsonl", "-o", str(target)])
    assert res.exit_code == EXIT_USAGE
    assert res.stderr.startswith(f"error: {target}: cannot write the export (No space left on device); "
                                 "the partial file was removed")
    assert list(tmp_path.iterdir()) == [Path(stored)] or not target.exists()
    assert not any(p.name.startswith("out.jsonl") for p in tmp_path.iterdir())


# -- concurrent creation of one SQLite ledger ---------------------------------------------
def _open_and_add(path: str, n: int, start: mp.synchronize.Event) -> None:  # type: ignore[name-defined]
    start.wait()
    with Ledger(path) as led:
        led.add(ArticleRecord(id=f"p{n}", text=f"{STORY} (desk {n})"))


def test_processes_creating_one_ledger_at_once_all_store(tmp_path: Path) -> None:
    db = str(tmp_path / "new.db")
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_open_and_add, args=(db, n, start)) for n in range(4)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    with Ledger(db, create=False) as led:
        assert led.stats()["articles"] == 4 and led.schema_version == SCHEMA_VERSION


# -- feed dates ---------------------------------------------------------------------------
FEED_DATES = [
    ("0000-00-00", None),
    ("9999-11-01", None),
    ("Sat, 01 Nov 9999 00:00:00 GMT", None),
    ("2024-02-30", None),  # not rolled over into March 1st
    ("Mon, 31 Feb 2024 10:00:00 GMT", None),
    ("Tue, 10 Jun 0000 04:00:00 GMT", None),  # not the year 2000
    ("2024-13-45T00:00:00Z", None),
    ("Mon, 10 Jun 2024 04:00:00 GMT", "2024-06-10"),
    ("Mon, 10 Jun 24 04:00:00 GMT", "2024-06-10"),
    ("2024-06-10T23:30:00-05:00", "2024-06-10"),  # the feed's own day, not UTC's
]


@pytest.mark.parametrize("pub_date, day", FEED_DATES)
def test_feed_dates_are_real_or_unknown(tmp_path: Path, pub_date: str, day: str | None) -> None:
    pytest.importorskip("feedparser")
    body = " ".join([STORY] * 8)
    (tmp_path / "f.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title>'
        f"<link>https://example.org/a</link><pubDate>{pub_date}</pubDate>"
        f"<description>{body}</description></item></channel></rss>", encoding="utf-8")
    [article] = list(read_inputs([str(tmp_path / "f.rss")]))
    assert article.date == day


# -- the CRF features' nearest cue --------------------------------------------------------
def _nearest_by_scan(cues: list[int], i: int) -> int:
    """The quadratic loop the bisection replaced, kept as the reference."""
    nd = NO_CUE
    for c in cues:
        if abs(c - i) < abs(nd):
            nd = c - i
    return nd


@pytest.mark.parametrize("cues, i, expected", [
    ([], 5, NO_CUE), ([5], 5, 0), ([3, 7], 5, -2), ([2, 7], 5, 2), ([1, 300], 150, NO_CUE),
    ([40], 139, NO_CUE), ([40], 138, -98), ([0, 10], 5, -5),
])
def test_nearest_cue_table(cues, i, expected) -> None:
    assert _nearest_cue(cues, i) == expected == _nearest_by_scan(cues, i)


@given(st.lists(st.integers(0, 400), unique=True).map(sorted), st.integers(0, 400))
def test_nearest_cue_is_the_scan_it_replaced(cues: list[int], i: int) -> None:
    assert _nearest_cue(cues, i) == _nearest_by_scan(cues, i)


# -- articles built in code pass the readers' checks too ----------------------------------
@pytest.mark.parametrize(("text", "words"), [
    ("Police said\x00 the road was shut.", "a NUL character at character 11"),
    ("Police said \ud800 the road was shut.", "a lone surrogate (\\ud800) at character 12"),
    ("\u200b \n\t\ufeff", "no text"),
    ("?!" * 20_000, "not prose"),
])
def test_library_ingest_checks_articles_it_did_not_read(tmp_path: Path, extractor, text: str, words: str) -> None:
    from claimledger.ingest import ingest
    from claimledger.readers import Article

    good = Article(id="good", text=STORY, date="2025-03-10", origin="built:good")
    bad = Article(id="bad", text=text, date="2025-03-10", origin="built:bad")
    with Ledger(str(tmp_path / "l.db")) as led:
        summary = ingest([bad, good], led, extractor)
        assert summary.inserted == 1 and [r.origin for r in summary.rejected] == ["built:bad"]
        assert words in summary.rejected[0].problem
        assert led.contains([good.content_hash]) == {good.content_hash}


def test_library_ingest_uses_the_given_max_chars(tmp_path: Path, extractor) -> None:
    from claimledger.ingest import ingest
    from claimledger.readers import Article, ReadOptions

    long = Article(id="long", text=STORY + " " + STORY, date="2025-03-10", origin="built:long")
    with Ledger(str(tmp_path / "l.db")) as led:
        summary = ingest([long], led, extractor, options=ReadOptions(max_chars=len(STORY)))
    assert summary.inserted == 0 and "over --max-chars" in summary.rejected[0].problem


def test_a_rejection_is_one_line_of_readable_length() -> None:
    """An exception's text inside a rejection (a decompressed line, a paragraph) is clipped."""
    from claimledger.readers.base import MAX_PROBLEM_CHARS, Rejected

    rej = Rejected("feed.xml#3", "cannot be read (" + "\x00\n" * 500_000 + ")", "fix\nit")
    line = str(rej)
    assert "\n" not in line and "\r" not in line
    assert len(rej.problem) == MAX_PROBLEM_CHARS and rej.problem.endswith("\u2026")
    assert rej.fix == "fix it" and line.startswith("feed.xml#3: cannot be read (")
