"""The header, plain-text and JSONL readers, folders, globs, stdin, and every bad input."""

from __future__ import annotations

import io
import json
import sys

import pytest

from claimledger.readers import Article, ReadOptions, Rejected, count_articles, read_inputs

BODY = "The harbour master said on Monday that 12 ships were waiting.\n\n“We need more tugs,” he said."


def _read(paths, **opts):
    return list(read_inputs([str(p) for p in paths], ReadOptions(**opts)))


def _one(items):
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    "raw, date, dateline, body",
    [
        (f" date 2025-03-10 LISBON >> {BODY}", "2025-03-10", "LISBON", BODY),
        (f"date 2025-03-10 SEOUL/ROME >>   \n{BODY}", "2025-03-10", "SEOUL/ROME", BODY),
        (f"\n  date 2024-02-29 NEW YORK, U.S. >>{BODY}\n", "2024-02-29", "NEW YORK, U.S.", BODY + "\n"),
    ],
)
def test_header_reader_keeps_the_exact_body(tmp_path, raw, date, dateline, body):
    path = tmp_path / "story.txt"
    path.write_text(raw, encoding="utf-8")
    art = _one(_read([path]))
    assert isinstance(art, Article)
    assert (art.id, art.date, art.dateline, art.text) == ("story", date, dateline, body)
    assert art.date_source == "header"


def test_plain_text_takes_the_date_option_and_keeps_text_exactly(tmp_path):
    text = "  Line one.\r\nLine two with ''NYT quotes'' and “curly” ones.\n\n"
    path = tmp_path / "plain.txt"
    path.write_bytes(text.encode("utf-8"))
    art = _one(_read([path], date="2025-01-31"))
    assert art.text == text
    assert (art.id, art.date, art.date_source) == ("plain", "2025-01-31", "user")
    undated = _one(_read([path]))
    assert undated.date is None and undated.date_source is None


def test_jsonl_lines_become_articles_and_keep_their_ids(tmp_path):
    rows = [
        {"id": "a-1", "text": "First story.", "date": "2025-02-01", "title": "T1",
         "url": "https://example.org/1", "publisher": "Wire"},
        {"text": "Second story, no id or date."},
        {"id": 7, "text": "Third.", "date": "2025-02-03T10:00:00Z"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    items = _read([path], date="2025-01-01")
    assert [type(i) for i in items] == [Article] * 3
    a, b, c = items
    assert (a.id, a.date, a.title, a.url, a.publisher) == ("a-1", "2025-02-01", "T1", "https://example.org/1", "Wire")
    assert b.id.startswith("batch-") and b.date == "2025-01-01" and b.date_source == "user"
    assert (c.id, c.date) == ("7", "2025-02-03")
    assert count_articles([str(path)]) == 3


def test_folders_are_walked_in_order_and_globs_expand(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Alpha story.", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("Gamma story.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Never read.", encoding="utf-8")
    assert [i.id for i in _read([tmp_path])] == ["a", "c"]
    assert [i.id for i in _read([tmp_path / "**" / "*.txt"])] == ["a", "c"]
    assert count_articles([str(tmp_path)]) == 2


def test_stdin_is_sniffed(monkeypatch):
    data = " date 2025-03-10 OSLO >> A short story from stdin."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    art = _one(list(read_inputs(["-"])))
    assert (art.id, art.date, art.text) == ("stdin", "2025-03-10", "A short story from stdin.")
    assert count_articles(["-"]) is None


BAD_INPUTS = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", "Caf\u00e9 owners said prices rose.".encode("latin-1"), "UTF-8"),
    ("baddate.txt", b" date 2025-02-30 PARIS >> The body.", "bad date"),
    ("nodate.txt", b" date yesterday PARIS >> The body.", "bad date"),
    ("nobody.txt", b" date 2025-02-03 PARIS >>   ", "no article body"),
]


@pytest.mark.parametrize("name, data, problem", BAD_INPUTS)
def test_bad_inputs_are_rejected_with_the_file_name(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    rej = _one(_read([path]))
    assert isinstance(rej, Rejected)
    assert problem in rej.problem
    assert str(path) in str(rej)
    assert rej.fix  # every rejection says how to fix it


def test_huge_input_is_rejected_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 300_000)
    rej = _one(_read([path], max_bytes=1_000_000))
    assert isinstance(rej, Rejected) and "too large" in rej.problem


def test_bad_jsonl_lines_are_rejected_one_by_one(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"id": "ok-1", "text": "Fine."}\n'
        b'{"id": "broken", "text": \n'
        b'["not", "an", "object"]\n'
        b'{"id": "no-text"}\n'
        b'{"id": "bad-date", "text": "Hi.", "date": "2025-13-01"}\n'
        b'{"id": "ok-2", "text": "Also fine."}\n'
    )
    items = _read([path])
    assert [i.id for i in items if isinstance(i, Article)] == ["ok-1", "ok-2"]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [r.origin for r in rejected] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5 date"]


def test_missing_paths_are_rejected_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A good story.", encoding="utf-8")
    items = _read([tmp_path / "missing.txt", good, tmp_path / "nothing-*.txt"])
    assert [type(i) for i in items] == [Rejected, Article, Rejected]


def test_json_document_without_text_is_one_rejection(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"id": "x", "claims": []}, indent=2), encoding="utf-8")
    rej = _one(_read([path]))
    assert isinstance(rej, Rejected) and "text" in rej.problem
