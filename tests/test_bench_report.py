"""benchmarks/run_all.py --render: REPORT.md from report.json, saying how loaded the run was."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

RUN_ALL = Path(__file__).resolve().parent.parent / "benchmarks" / "run_all.py"


@pytest.fixture(scope="module")
def run_all():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("bench_run_all", RUN_ALL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run_all"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("load, words", [(0.8, "mostly to itself"), (3.5, "loaded machine")])
def test_render_again_says_how_loaded_the_run_was(run_all, tmp_path: Path, load: float, words: str) -> None:
    meta = {"quick": False, "commit": "abc1234", "cpus": 2, "load_start": [load, 0, 0], "load_end": [load, 0, 0],
            "python": "3.11", "spacy": "3.8", "model": "m", "finished_utc": "2026-11-29 06:00", "wall_s": 10.0}
    figure = {"section": "ingest", "name": "ingest over parse", "value": 1.66, "unit": "x parse time",
              "against": "the bare parse", "note": ""}
    (tmp_path / "report.json").write_text(json.dumps({"meta": meta, "figures": [figure], "skipped": {}, "raw": {}}))
    assert run_all.render_again(tmp_path) == 0
    report = (tmp_path / "REPORT.md").read_text()
    assert words in report and "commit abc1234" in report and "**1.66**" in report
