"""The reading commands as a new user meets them: each rough edge of issue 10 has a case here."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import main

ROOT = Path(__file__).resolve().parent.parent

UNDATED = "The harbour master said on Thursday that the cranes were idle again."


@pytest.fixture(scope="module")
def db(tmp_path_factory, extractor) -> str:  # extractor: the model is loaded once per session
    folder = tmp_path_factory.mktemp("cli_read")
    path = folder / "ledger.db"
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["ingest", str(ROOT / "samples"), "--db", str(path), "--silent",
                               "--date", "2025-06-12"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["ingest", str(folder / "undated.txt"), "--db", str(path), "--silent"])
    assert res.exit_code == 0, res.output
    return str(path)


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_an_80_column_table_keeps_the_claim_readable(db):
    res = run("claims", "--db", db, "--limit", "3", env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "claim" in line)
    claim_cell = header.split("┃")[-2]
    assert len(claim_cell) >= 35, header  # was 6 characters wide


def test_wide_table_shows_mention_cue_kind_and_date_source(db):
    res = run("claims", "--db", db, "--limit", "2", "--wide", env={"COLUMNS": "200"})
    head = res.stdout.splitlines()[1]
    for column in ("article", "said on", "kind", "via", "cue", "date source", "claim"):
        assert column in head


def _readme_searches() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [shlex.split(line.split("#")[0])[1:] for line in text.splitlines()
            if line.startswith("claimledger claims") and "--search" in line]


def test_the_readme_search_examples_find_claims(db):
    examples = _readme_searches()
    assert examples
    for args in examples:
        args = [a for a in args if a not in ("--db", "ledger.db")]
        res = run(*args, "--db", db)
        assert res.exit_code == 0, res.output
        assert res.stdout.strip(), f"README example finds nothing: {args}"


def test_search_is_stemmed(db):
    plural = run("claims", "--db", db, "--search", "workers", "--format", "jsonl").stdout.splitlines()
    singular = run("claims", "--db", db, "--search", "worker", "--format", "jsonl").stdout.splitlines()
    assert plural and sorted(plural) == sorted(singular)


@pytest.mark.parametrize("args", [
    ["claims", "--since", "2025-3-1"],
    ["claims", "--since", "yesterday"],
    ["claims", "--until", "banana"],
    ["claims", "--date-since", "2025-02-30"],
    ["export", "--format", "csv", "--since", "banana"],
    ["quantities", "--date-until", "soon"],
])
def test_bad_dates_are_usage_errors(db, args):
    res = run(*args, "--db", db)
    assert res.exit_code == 2, res.output
    assert "YYYY-MM-DD" in res.stderr


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_a_bad_date_option_exits_2(tmp_path, command):
    src = tmp_path / "a.txt"
    src.write_text("Officials said the road was shut.", encoding="utf-8")
    args = [command, str(src), "--date", "2025-3-1"] + (["--db", str(tmp_path / "l.db")] if command == "ingest" else [])
    res = run(*args)
    assert res.exit_code == 2 and "expected a date as YYYY-MM-DD" in res.stderr


def test_a_bad_search_is_a_usage_error(db):
    res = run("claims", "--db", db, "--search", '"unclosed')
    assert res.exit_code == 2 and "quote is not closed" in res.stderr


def test_csv_and_jsonl_carry_the_article(db):
    rows = list(csv.DictReader(io.StringIO(run("claims", "--db", db, "--format", "csv").stdout)))
    jrows = [json.loads(x) for x in run("claims", "--db", db, "--format", "jsonl").stdout.splitlines()]
    for row in (rows[0], jrows[0]):
        for key in ("title", "url", "publisher", "article_date", "date_source"):
            assert key in row
    assert {r["date_source"] for r in rows} >= {"header", "user"}
    exported = list(csv.DictReader(io.StringIO(run("export", "--db", db, "--format", "csv").stdout)))
    assert "date_source" in exported[0] and len(exported) == len(rows)


def test_date_source_and_number_filters(db):
    rows = [json.loads(x) for x in run("claims", "--db", db, "--date-source", "user", "--format", "jsonl").stdout.splitlines()]
    assert rows and {r["date_source"] for r in rows} == {"user"}
    numbered = run("claims", "--db", db, "--has-number", "--format", "jsonl").stdout.splitlines()
    without = run("claims", "--db", db, "--no-number", "--format", "jsonl").stdout.splitlines()
    everything = run("claims", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert numbered and without and len(numbered) + len(without) == len(everything)


def test_undated_claims_sort_last_and_unknown_days_read_well(db):
    rows = [json.loads(x) for x in run("claims", "--db", db, "--format", "jsonl").stdout.splitlines()]
    days = [r["day"] for r in rows]
    assert days[-1] is None and None not in days[: days.index(None)]
    assert all(d is None for d in days[days.index(None):])
    newest = [json.loads(x) for x in run("claims", "--db", db, "--sort", "-date", "--format", "jsonl").stdout.splitlines()]
    assert newest[-1]["day"] is None and newest[0]["day"] >= newest[1]["day"]
    table = run("claims", "--db", db, "--wide", env={"COLUMNS": "200"}).stdout
    assert not re.search(r"XXXX|-WXX-", table)
    assert "unknown" in table


def test_quantities_and_times_commands(db):
    res = run("quantities", "--db", db, "--limit", "3", env={"COLUMNS": "120"})
    assert res.exit_code == 0 and "mention" in res.stdout and "qualifier" in res.stdout
    rows = [json.loads(x) for x in run("quantities", "--db", db, "--format", "jsonl", "--thing", "workers").stdout.splitlines()]
    assert rows and all("workers" in r["thing"] for r in rows)
    times = list(csv.DictReader(io.StringIO(run("times", "--db", db, "--format", "csv", "--type", "date").stdout)))
    assert times and all(t["type"] == "DATE" for t in times) and "readable" in times[0]
    for cmd in ("quantities", "times"):
        assert "Example:" in run(cmd, "--help").output


def test_ingest_progress_moves_once_per_article(extractor, ledger):
    from claimledger.ingest import ingest
    from claimledger.readers import Article

    arts = [Article(id=f"p{i}", text=f"Officials said {i + 3} roads were shut.", date="2025-01-02")
            for i in range(5)]
    ticks: list[int] = []
    ingest(arts, ledger, extractor, batch_size=32, progress=ticks.append)
    assert ticks == [1] * 5  # not one tick of 5 at the end of the batch
    ticks.clear()
    ingest(arts, ledger, extractor, batch_size=32, progress=ticks.append)
    assert sum(ticks) == 5  # stored ones are counted at once
