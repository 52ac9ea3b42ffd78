"""Parquet export: claims and articles tables that pyarrow (and DuckDB, pandas) read back."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

pq = pytest.importorskip("pyarrow.parquet")

from click.testing import CliRunner  # noqa: E402

from claimledger.cli import main  # noqa: E402
from claimledger.errors import ClaimledgerError  # noqa: E402
from claimledger.exporters.parquet import articles_path_for, export_parquet  # noqa: E402
from claimledger.ledger import Ledger  # noqa: E402
from claimledger.record import ArticleRecord, Claim  # noqa: E402

TEXT_A = 'The ferry will run until June, the operator said. "We will not stop," said Mara Lind.'
TEXT_B = "Officials denied that the bridge was unsafe, according to a county statement."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


def records() -> list[ArticleRecord]:
    a = ArticleRecord(
        id="ferry-1", text=TEXT_A, date="2024-03-05", title="Ferry", url="https://news.example/ferry",
        extractor="test",
        claims=[
            Claim(content=[_span(TEXT_A, "The ferry will run until June")], source=[_span(TEXT_A, "the operator")],
                  cue=[_span(TEXT_A, "said")], speaker="the operator", kind="indirect"),
            Claim(content=[_span(TEXT_A, '"We will not stop,"')], source=[_span(TEXT_A, "Mara Lind")],
                  cue=[(TEXT_A.index("said Mara"), TEXT_A.index("said Mara") + len("said"))],
                  speaker="Mara Lind", kind="direct", said_on="2024-03-04", via=["Ferry Co"]),
        ],
    )
    b = ArticleRecord(
        id="bridge-1", text=TEXT_B, date=None, title=None, url=None, extractor="test",
        claims=[Claim(content=[_span(TEXT_B, "the bridge was unsafe")], stance="deny", kind="according_to",
                      source=[_span(TEXT_B, "a county statement")], speaker=None)],
    )
    empty = ArticleRecord(id="no-claims", text="Weather was mild.", date="2024-03-06", extractor="test")
    return [a, b, empty]


def test_claims_and_articles_tables_round_trip(tmp_path):
    path = tmp_path / "out.parquet"
    counts = export_parquet(records(), str(path), row_group_rows=2)
    assert (counts.claims, counts.articles) == (3, 3)
    assert counts.articles_path == str(tmp_path / "out.articles.parquet")
    claims = pq.read_table(path).to_pylist()
    assert pq.ParquetFile(path).metadata.num_row_groups == 2  # streamed in groups of 2 rows
    assert [(c["article_id"], c["claim_index"], c["speaker"], c["stance"], c["kind"]) for c in claims] == [
        ("ferry-1", 0, "the operator", "assert", "indirect"),
        ("ferry-1", 1, "Mara Lind", "assert", "direct"),
        ("bridge-1", 0, None, "deny", "according_to"),
    ]
    first, second, third = claims
    assert first["article_date"] == dt.date(2024, 3, 5) and third["article_date"] is None
    assert (first["article_title"], first["article_url"]) == ("Ferry", "https://news.example/ferry")
    assert first["text"] == "The ferry will run until June" and first["source_text"] == "the operator"
    assert (second["said_on"], second["via"], second["cue_text"]) == ("2024-03-04", ["Ferry Co"], "said")
    assert third["source_text"] == "a county statement" and third["cue"] == []
    # The spans index the article text stored in the articles table.
    articles = {a["id"]: a for a in pq.read_table(counts.articles_path).to_pylist()}
    for c in claims:
        text = articles[c["article_id"]]["text"]
        assert " … ".join(text[s["start"]:s["end"]] for s in c["content"]) == c["text"]
    assert articles["ferry-1"]["claims"] == 2 and articles["no-claims"]["claims"] == 0
    assert articles["no-claims"]["date"] == dt.date(2024, 3, 6)


def test_empty_export_still_writes_readable_files(tmp_path):
    counts = export_parquet([], str(tmp_path / "none.parquet"))
    assert counts.claims == 0 and pq.read_table(tmp_path / "none.parquet").num_rows == 0
    assert pq.read_table(tmp_path / "none.articles.parquet").num_rows == 0


def test_failed_export_leaves_no_file(tmp_path):
    def broken():
        yield records()[0]
        raise RuntimeError("ledger went away")

    with pytest.raises(RuntimeError):
        export_parquet(broken(), str(tmp_path / "x.parquet"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "path, articles",
    [("claims.parquet", "claims.articles.parquet"), ("out/claims", "out/claims.articles.parquet")],
)
def test_articles_path(path, articles):
    assert articles_path_for(path) == articles


def test_missing_pyarrow_names_the_fix(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ClaimledgerError, match=r"pip install 'claimledger\[parquet\]'"):
        export_parquet(records(), str(tmp_path / "x.parquet"))


def _ledger_file(tmp_path) -> str:
    db = str(tmp_path / "ledger.db")
    with Ledger(db) as ledger:
        for rec in records():
            ledger.add(rec)
    return db


def test_cli_export_parquet(tmp_path):
    db = _ledger_file(tmp_path)
    out = tmp_path / "claims.parquet"
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 3
    assert sorted(pq.read_table(tmp_path / "claims.articles.parquet").column("id").to_pylist()) == [
        "bridge-1", "ferry-1", "no-claims"]
    since = CliRunner().invoke(main, ["export", "--db", db, "--format", "parquet", "-o", str(out),
                                      "--since", "2024-03-05"])
    assert since.exit_code == 0 and pq.read_table(out).column("article_id").to_pylist() == ["ferry-1"] * 2


def test_cli_parquet_needs_an_output_path(tmp_path):
    db = _ledger_file(tmp_path)
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", "parquet"])
    assert result.exit_code == 2 and "-o PATH" in result.output


def test_cli_csv_and_jsonl_still_write_to_stdout_and_files(tmp_path):
    db = _ledger_file(tmp_path)
    csv_out = CliRunner().invoke(main, ["export", "--db", db, "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.stdout.splitlines()[0].startswith("article_id,")
    path = tmp_path / "records.jsonl"
    assert CliRunner().invoke(main, ["export", "--db", db, "--format", "jsonl", "-o", str(path)]).exit_code == 0
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3


def test_duckdb_reads_the_export(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    export_parquet(records(), str(tmp_path / "c.parquet"))
    rows = duckdb.sql(
        f"SELECT c.speaker, a.title FROM '{tmp_path / 'c.parquet'}' c "
        f"JOIN '{tmp_path / 'c.articles.parquet'}' a ON a.id = c.article_id "
        "WHERE c.kind = 'direct'"
    ).fetchall()
    assert rows == [("Mara Lind", "Ferry")]


def test_pandas_reads_the_export(tmp_path):
    pd = pytest.importorskip("pandas")
    export_parquet(records(), str(tmp_path / "c.parquet"))
    frame = pd.read_parquet(tmp_path / "c.parquet")
    assert list(frame["speaker"].fillna("?")) == ["the operator", "Mara Lind", "?"]
