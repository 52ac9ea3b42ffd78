"""A corpus mixing good inputs with every kind of bad one: the good ones are all stored, each
bad one is reported once with its reason, and the run's exit status says so."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("warcio")
pytest.importorskip("trafilatura")
pytest.importorskip("feedparser")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from claimledger.cli import main  # noqa: E402
from claimledger.readers import Article, read_inputs  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _warc(body: bytes) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://courier.example.org/news/harbor", "response", payload=io.BytesIO(body),
        http_headers=headers, warc_headers_dict={"WARC-Date": "2024-03-09T04:12:00Z"}))
    return buf.getvalue()


# bad file name -> a word its reason must contain
BAD = {
    "cut.warc.gz": "truncated",
    "section-index.html": "no article",
    "broken.rss": "",
    "photo.txt": "binary",
    "huge.txt": "too large",
    "latin1.txt": "UTF-8",
    "lines.jsonl:2": "not JSON",
}


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, int]:
    good, bad = tmp_path / "corpus" / "good", tmp_path / "corpus" / "bad"
    good.mkdir(parents=True)
    bad.mkdir()
    (good / "a.txt").write_text(" date 2025-03-10 OSLO >> The harbour master said 12 ships waited.",
                                encoding="utf-8")
    (good / "b.txt").write_text(" date 2025-03-11 OSLO >> Police said the road would reopen on Friday.",
                                encoding="utf-8")
    shutil.copy(FIXTURES / "html" / "harbor-council.html", good)
    shutil.copy(FIXTURES / "feeds" / "river-desk.rss", good)
    shutil.copy(FIXTURES / "feeds" / "transit-updates.atom", good)
    page = (FIXTURES / "html" / "harbor-council.html").read_bytes()
    (good / "crawl.warc.gz").write_bytes(_warc(page.replace(b"harbor", b"harbour")))
    expected = [i for i in read_inputs([str(good)])]
    assert expected and all(isinstance(i, Article) for i in expected)

    whole = _warc(page)
    (bad / "cut.warc.gz").write_bytes(whole[: len(whole) // 2])
    shutil.copy(FIXTURES / "html" / "section-index.html", bad)
    shutil.copy(FIXTURES / "feeds" / "broken.rss", bad)
    (bad / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(256))
    (bad / "huge.txt").write_bytes(b"The council said the budget would grow. " * 500_000)  # 20 MB
    (bad / "latin1.txt").write_bytes("Caf\u00e9 owners said prices rose by 5%.".encode("latin-1"))
    (bad / "lines.jsonl").write_text(
        '{"id": "j1", "text": "The mayor said 40 homes were flooded."}\n'
        '{"id": "j2", "text": \n'
        '{"id": "j3", "text": "Rescuers said 3 people were missing.", "date": "2025-03-12"}\n',
        encoding="utf-8")
    return tmp_path / "corpus", len({a.content_hash for a in expected}) + 2


def test_good_files_are_all_stored_and_each_bad_one_reported_once(corpus, tmp_path, extractor):
    root, n_good = corpus
    db, rejects = tmp_path / "l.db", tmp_path / "rejects.jsonl"
    res = CliRunner().invoke(main, ["ingest", str(root), "--db", str(db), "--rejects", str(rejects)])
    assert res.exit_code == 1, res.output
    reports = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    by_name = {Path(r["input"]).name: r for r in reports}
    assert len(reports) == len(BAD) == len(by_name), reports
    for name, reason in BAD.items():
        assert name in by_name, (name, reports)
        assert reason.lower() in by_name[name]["problem"].lower(), by_name[name]
        assert by_name[name]["fix"] or name == "broken.rss"
    stats = CliRunner().invoke(main, ["stats", "--db", str(db)]).stdout
    assert f"articles\t{n_good}" in stats
    # nothing was lost: a second run stores nothing new and reports the same inputs
    again = CliRunner().invoke(main, ["ingest", str(root), "--db", str(db)])
    assert "0 inserted" in again.stderr and f"{len(BAD)} rejected" in again.stderr
    assert CliRunner().invoke(main, ["stats", "--db", str(db)]).stdout == stats
