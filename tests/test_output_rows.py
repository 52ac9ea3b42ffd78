"""One writer of dict rows (claimledger.output.write_rows) for the list commands, the linking
commands and the exports: the same cells in CSV and tables, every field kept."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console

from claimledger.output import cell, csv_rows, write_rows

CELLS = [
    (None, ""),
    ("text", "text"),
    (3000, 3000),
    (["Red Cross", "police"], "Red Cross; police"),
    ([], ""),
    ([1, 2], "1; 2"),
    ([{"article": "a1", "claim": 4}], '[{"article": "a1", "claim": 4}]'),
    ([[10, 20]], "[[10, 20]]"),
    ({"type": "multiple", "factor": 2}, '{"type": "multiple", "factor": 2}'),
]


@pytest.mark.parametrize(("value", "expected"), CELLS)
def test_cells(value: object, expected: object) -> None:
    assert cell(value) == expected


PAIR = {"type": "denial", "a": {"speaker": "Ana Ruiz", "text": "it will end"},
        "b": {"speaker": "Union", "text": "it will not end"}, "note": None}


def test_csv_flattens_sides_and_keeps_every_field() -> None:
    lines = list(csv_rows([PAIR, {**PAIR, "note": ["x", "y"]}], ["type", "a_speaker"]))
    assert lines[0] == ["type", "a_speaker", "a_text", "b_speaker", "b_text", "note"]
    assert lines[1] == ["denial", "Ana Ruiz", "it will end", "Union", "it will not end", ""]
    assert lines[2][-1] == "x; y"
    assert list(csv_rows([], ["type"])) == [["type"]]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_write_rows_in_each_format(fmt: str) -> None:
    rows = [PAIR, {**PAIR, "a": {"speaker": "[bold]Mallory[/bold]", "text": "x"}}]
    out = io.StringIO()
    console = Console(file=io.StringIO(), width=200, color_system=None)
    n = write_rows(iter(rows), fmt, ["type", "a_speaker"], out=out, console=console, headings={"a_speaker": "said by"})
    assert n == 2
    if fmt == "jsonl":
        assert [json.loads(x) for x in out.getvalue().splitlines()] == rows
    elif fmt == "csv":
        got = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert [r["a_speaker"] for r in got] == ["Ana Ruiz", "[bold]Mallory[/bold]"]
    else:
        table = console.file.getvalue()
        assert "said by" in table and "[bold]Mallory[/bold]" in table  # markup in names is shown, not run
