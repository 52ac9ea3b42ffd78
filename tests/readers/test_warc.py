"""The WARC reader: HTML responses become articles; a cut-off archive keeps what was read."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

pytest.importorskip("warcio")
pytest.importorskip("trafilatura")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from claimledger.readers import Article, ReadOptions, Rejected, count_articles, read_inputs  # noqa: E402
from claimledger.readers.html import article_from_html  # noqa: E402

HTML = Path(__file__).resolve().parent.parent / "fixtures" / "html"
CRAWL = "2024-03-09T04:12:00Z"

DATED = (HTML / "harbor-council.html").read_bytes()
UNDATED = (HTML / "undated-column.html").read_bytes()
INDEX = (HTML / "section-index.html").read_bytes()

# (url, status, content type, body): what a small news crawl holds.
CAPTURES = [
    ("https://courier.example.org/news/harbor", "200 OK", "text/html; charset=utf-8", DATED),
    ("https://courier.example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    ("https://courier.example.org/old", "301 Moved Permanently", "text/html", b"<html>moved</html>"),
    ("https://courier.example.org/2023/11/20/library-hours", "200 OK", "text/html", UNDATED),
    ("https://courier.example.org/opinion/library", "200 OK", "text/html", UNDATED),
    ("https://courier.example.org/news/", "200 OK", "text/html", INDEX),
]


def make_warc(gzip: bool, captures=CAPTURES) -> tuple[bytes, list[int]]:
    """A WARC of `captures` (each with its request record), and the offset after each capture."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    ends = []
    for url, status, ctype, body in captures:
        writer.write_record(writer.create_warc_record(
            url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: courier.example.org\r\n\r\n"),
            warc_headers_dict={"WARC-Date": CRAWL}))
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": CRAWL}))
        ends.append(buf.tell())
    return buf.getvalue(), ends


def _read(path: Path, **opts) -> list:
    return list(read_inputs([str(path)], ReadOptions(**opts)))


@pytest.mark.parametrize("gzip, name", [(True, "crawl.warc.gz"), (False, "crawl.warc")])
def test_html_responses_become_articles(tmp_path, gzip, name):
    path = tmp_path / name
    path.write_bytes(make_warc(gzip)[0])
    items = _read(path)
    dated, by_url, crawl_dated, index = items
    assert [type(i) for i in items] == [Article, Article, Article, Rejected]
    assert (dated.url, dated.date, dated.date_source) == (CAPTURES[0][0], "2024-03-05", "metadata")
    assert (by_url.date, by_url.date_source) == ("2023-11-20", "url")
    # No date of its own: the crawl day, labelled as such.
    assert (crawl_dated.date, crawl_dated.date_source) == ("2024-03-09", "warc")
    assert index.problem == "no article text found" and CAPTURES[5][0] in index.origin
    assert dated.id.startswith("warc-") and len({dated.id, by_url.id, crawl_dated.id}) == 3
    # The text is exactly what the HTML reader gives for the same page.
    same = article_from_html(DATED, origin="x", ident="x", options=ReadOptions(), url=CAPTURES[0][0])
    assert dated.text == same.text
    assert count_articles([str(path)]) is None


def test_ids_are_stable_across_crawls(tmp_path):
    a, b = tmp_path / "a.warc", tmp_path / "b.warc.gz"
    a.write_bytes(make_warc(False)[0])
    b.write_bytes(make_warc(True)[0])
    assert [i.id for i in _read(a) if isinstance(i, Article)] == [i.id for i in _read(b) if isinstance(i, Article)]


def test_date_option_wins_over_the_crawl_day(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(make_warc(False)[0])
    dated, by_url, undated, _ = _read(path, date="2024-03-08")
    assert (undated.date, undated.date_source) == ("2024-03-08", "user")
    assert dated.date_source == "metadata" and by_url.date_source == "url"


def test_sniffed_without_the_suffix(tmp_path):
    for gzip in (True, False):
        path = tmp_path / f"download-{gzip}"
        path.write_bytes(make_warc(gzip)[0])
        assert sum(isinstance(i, Article) for i in _read(path)) == 3


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("where", ["inside the first page", "inside the last page", "between records"])
def test_truncated_archive_keeps_what_was_read(tmp_path, gzip, where):
    data, ends = make_warc(gzip)
    cut = {
        "inside the first page": ends[0] - 300,
        "inside the last page": ends[-1] - 300,
        "between records": ends[3] + 30,  # in the next record's WARC header
    }[where]
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[:cut])
    items = _read(path)
    *pages, last = items
    assert isinstance(last, Rejected) and last.origin == str(path)
    assert last.problem.startswith("truncated archive") and last.fix
    expected = {"inside the first page": 0, "inside the last page": 3, "between records": 2}[where]
    assert sum(isinstance(p, Article) for p in pages) == expected
    assert sum(isinstance(p, Rejected) and "truncated" in p.problem for p in items) == 1


@pytest.mark.parametrize(
    "content",
    [b"WARC/1.0\r\nWARC-Type: resp", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"],
)
def test_archive_with_no_whole_record_is_one_rejection(tmp_path, content):
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(content)
    (rej,) = _read(path)
    assert isinstance(rej, Rejected) and rej.problem.startswith("truncated archive")


def test_page_over_max_bytes_is_rejected_alone(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(make_warc(False)[0])
    items = _read(path, max_bytes=len(UNDATED) + 10)
    assert [type(i) for i in items] == [Rejected, Article, Article, Rejected]
    assert "too large" in items[0].problem


def test_missing_warcio_rejects_with_the_fix(tmp_path, monkeypatch):
    path = tmp_path / "crawl.warc"
    path.write_bytes(make_warc(False)[0])
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    (rej,) = _read(path)
    assert isinstance(rej, Rejected) and "warcio" in rej.problem
    assert "pip install 'claimledger[html]'" in rej.fix


def test_record_offsets_index_the_reader_text(tmp_path, extractor):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(make_warc(True)[0])
    art = _read(path)[0]
    rec = extractor.extract(art.text, art.date, id=art.id)
    assert rec.text == art.text and rec.claims
    for claim in rec.claims:
        for start, end in claim.content + claim.source + claim.cue:
            assert 0 <= start < end <= len(art.text)


def test_missing_trafilatura_rejects_the_archive_once(tmp_path, monkeypatch):
    path = tmp_path / "crawl.warc"
    path.write_bytes(make_warc(False)[0])
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    (rej,) = _read(path)
    assert isinstance(rej, Rejected) and "trafilatura" in rej.problem


def test_ingest_and_export_a_crawl(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from click.testing import CliRunner

    from claimledger.cli import main

    crawl, db, out = tmp_path / "crawl.warc.gz", str(tmp_path / "l.db"), tmp_path / "c.parquet"
    crawl.write_bytes(make_warc(True)[0])
    ingest = CliRunner().invoke(main, ["ingest", str(crawl), "--db", db, "--silent"])
    assert ingest.exit_code == 1  # the index page is rejected
    assert CliRunner().invoke(main, ["export", "--db", db, "--format", "parquet", "-o", str(out)]).exit_code == 0
    articles = pq.read_table(tmp_path / "c.articles.parquet").to_pylist()
    # The same text captured at two URLs is stored once, under the first.
    assert sorted(a["url"] for a in articles) == sorted(CAPTURES[i][0] for i in (0, 3))
    claims = pq.read_table(out).to_pylist()
    assert claims and {c["article_url"] for c in claims} <= {a["url"] for a in articles}
