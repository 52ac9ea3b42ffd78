"""Every CLI command through click's runner."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.record import validate_record


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def db(tmp_path, runner, samples_dir, extractor):  # extractor: load the model once per session
    path = tmp_path / "ledger.db"
    res = runner.invoke(main, ["ingest", str(samples_dir), "--db", str(path), "--silent"])
    assert res.exit_code == 0, res.output
    return str(path)


def test_help_has_examples(runner):
    for cmd in ("extract", "ingest", "claims", "export", "stats"):
        res = runner.invoke(main, [cmd, "--help"])
        assert res.exit_code == 0 and "Example:" in res.output


def test_extract_prints_valid_records_and_keeps_jsonl_ids(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "k-9", "text": "The mayor said on Friday that 30 homes were flooded.",
                               "date": "2025-03-10"}) + "\n", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(src)])
    assert res.exit_code == 0, res.output
    (rec,) = [json.loads(line) for line in res.stdout.splitlines()]
    validate_record(rec)
    assert rec["id"] == "k-9" and rec["date"] == "2025-03-10" and rec["claims"]


def test_extract_table_and_date_option(runner, tmp_path):
    src = tmp_path / "story.txt"
    src.write_text("The ministry denied that the dam had failed, officials said.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(src), "--date", "2025-02-02", "--format", "table"])
    assert res.exit_code == 0, res.output
    assert "2025-02-02" in res.stdout and "story" in res.stdout


def test_extract_from_stdin(runner):
    res = runner.invoke(main, ["extract", "-"], input=" date 2025-03-10 OSLO >> Police said 3 people were hurt.")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["id"] == "stdin"


def test_extract_rejects_bad_files_and_goes_on(runner, tmp_path):
    (tmp_path / "a_bad.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    (tmp_path / "b_good.txt").write_text("The council said the road would reopen.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(tmp_path)])
    assert res.exit_code == 1
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["b_good"]
    assert "a_bad.txt" in res.stderr and "binary" in res.stderr


def test_ingest_is_idempotent_and_summarises(runner, tmp_path, samples_dir, db):
    res = runner.invoke(main, ["ingest", str(samples_dir), "--db", db])
    assert res.exit_code == 0, res.output
    assert "0 inserted" in res.stderr and "skipped" in res.stderr


def test_ingest_reports_rejects_and_exit_status(runner, tmp_path):
    (tmp_path / "good.txt").write_text("Officials said 5 roads were closed.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad_header.txt").write_text(" date 2025-02-31 X >> Body.", encoding="utf-8")
    db, rejects = tmp_path / "l.db", tmp_path / "rejects.jsonl"
    res = runner.invoke(main, ["ingest", str(tmp_path / "*.txt"), "--db", str(db), "--rejects", str(rejects)])
    assert res.exit_code == 1
    assert "1 inserted" in res.stderr and "2 rejected" in res.stderr
    reasons = [json.loads(x) for x in rejects.read_text().splitlines()]
    assert sorted(r["input"].rsplit("/", 1)[-1] for r in reasons) == ["bad_header.txt", "empty.txt"]
    # what was stored survives the rejects
    res = runner.invoke(main, ["stats", "--db", str(db)])
    assert "articles\t1" in res.stdout


@pytest.mark.parametrize("fmt", ["table", "jsonl", "csv"])
def test_claims_formats(runner, db, fmt):
    res = runner.invoke(main, ["claims", "--db", db, "--format", fmt])
    assert res.exit_code == 0, res.output
    if fmt == "jsonl":
        rows = [json.loads(x) for x in res.stdout.splitlines()]
        assert rows and {"speaker", "stance", "text", "said_on", "via"} <= set(rows[0])
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(res.stdout)))
        assert rows and rows[0]["article_id"]
    else:
        assert "speaker" in res.stdout


def test_claims_filters(runner, db):
    res = runner.invoke(main, ["claims", "--db", db, "--stance", "deny", "--format", "jsonl"])
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert rows and all(r["stance"] == "deny" for r in rows)
    res = runner.invoke(main, ["claims", "--db", db, "--search", "strike", "--since", "2025-04-01",
                               "--until", "2025-04-30", "--format", "jsonl"])
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert rows and all(r["article_date"].startswith("2025-04") for r in rows)
    res = runner.invoke(main, ["claims", "--db", db, "--speaker", "nobody-by-this-name", "--format", "jsonl"])
    assert res.stdout == ""


def test_export_jsonl_round_trips_records(runner, db, samples_dir):
    res = runner.invoke(main, ["export", "--db", db, "--format", "jsonl"])
    assert res.exit_code == 0
    recs = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(recs) >= 8
    for rec in recs:
        validate_record(rec)
    again = runner.invoke(main, ["extract", str(samples_dir / "004_port_strike.txt")])
    fresh = json.loads(again.stdout)
    stored = next(r for r in recs if r["id"] == "004_port_strike")
    assert {k: stored[k] for k in ("id", "date", "text", "claims", "quantities", "times")} == \
        {k: fresh[k] for k in ("id", "date", "text", "claims", "quantities", "times")}


def test_export_csv_has_one_row_per_claim(runner, db):
    n_claims = len(runner.invoke(main, ["claims", "--db", db, "--format", "jsonl"]).stdout.splitlines())
    res = runner.invoke(main, ["export", "--db", db, "--format", "csv"])
    assert res.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(res.stdout)))) == n_claims


def test_commands_on_a_missing_ledger_explain_the_fix(runner, tmp_path):
    res = runner.invoke(main, ["claims", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "claimledger ingest" in res.stderr


def test_accurate_runs_the_stacked_pass_and_labels_the_records(runner, tmp_path, monkeypatch):
    from claimledger.extraction.statements import STACKED_ENV

    monkeypatch.setenv(STACKED_ENV, "0")  # restored (unset) after the test, whatever --accurate sets
    src = tmp_path / "s.txt"
    src.write_text("“We will not sign,” the union leader said on Monday.", encoding="utf-8")
    plain = json.loads(runner.invoke(main, ["extract", str(src)]).stdout)
    res = runner.invoke(main, ["extract", str(src), "--accurate"])
    accurate = json.loads(res.stdout)
    assert not plain["extractor"].endswith("+stacked")
    assert accurate["extractor"].endswith("+stacked")
    validate_record(accurate)
    assert accurate["claims"]
