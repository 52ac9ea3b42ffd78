"""`claimledger estimates`, `contradictions` and `propositions`: what the linked ledger says
across articles. Each is a thin layer over one function in `claimledger.linking`."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from claimledger.cli import main
from claimledger.cli._common import _err, _fail, _open_existing, _out, db_option
from claimledger.errors import ClaimledgerError

format_option = click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]),
                             default="table", show_default=True)


def _flat(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A row for CSV and tables: nested sides as a_speaker, b_text...; lists as JSON."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}_"))
        elif isinstance(v, list):
            out[prefix + k] = json.dumps(v, ensure_ascii=False) if v and isinstance(v[0], dict) else "; ".join(map(str, v))
        else:
            out[prefix + k] = v
    return out


def _emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], what: str) -> None:
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    flat = [_flat(r) for r in rows]
    if fmt == "csv":
        fields = list(flat[0]) if flat else list(columns)
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flat)
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in flat:
        table.add_row(*(escape("" if r.get(c) is None else str(r.get(c))) for c in columns))
    _out().print(table)
    _err().print(f"{len(rows)} {what}")


@main.command()
@db_option
@click.argument("measure", required=False)
@click.option("--story", type=int, default=None, help="Only the series of this story id (see `claimledger stories`).")
@format_option
def estimates(db: str, measure: str | None, story: int | None, fmt: str) -> None:
    """Estimate series: the figures given for one measured thing of one story, over time.

    MEASURE is killed, injured, casualties, displaced, missing, arrested, rescued or troops
    (synonyms such as "dead", "soldiers" or "evacuated" work too).

    \b
    Example:
        claimledger estimates troops --db ledger.db
        claimledger estimates killed --story 3 --format jsonl
    """
    from claimledger.linking.estimates import list_points

    try:
        with _open_existing(db) as ledger:
            rows = list_points(ledger, measure, story)
    except ClaimledgerError as exc:
        _fail(exc)
    _emit(rows, fmt, ("series", "story", "measure", "value", "qualifier", "said_on", "speaker", "via",
                      "article", "text"), "points")


@main.command()
@db_option
@click.option("--type", "type_", type=click.Choice(["denial", "estimate_conflict", "revision"]),
              help="Only pairs of this type (revisions are shown, not counted as contradictions).")
@format_option
def contradictions(db: str, type_: str | None, fmt: str) -> None:
    """Typed pairs: denials, estimate conflicts and revisions, with both sides' provenance.

    \b
    Example:
        claimledger contradictions --db ledger.db
        claimledger contradictions --type estimate_conflict --format jsonl
    """
    from claimledger.linking.contradictions import list_contradictions

    try:
        with _open_existing(db) as ledger:
            rows = list_contradictions(ledger, type_)
    except ClaimledgerError as exc:
        _fail(exc)
    _emit(rows, fmt, ("type", "a_speaker", "a_said_on", "a_text", "b_speaker", "b_said_on", "b_text"), "pairs")


@main.command()
@db_option
@click.option("--min-speakers", type=int, default=1, show_default=True,
              help="Only propositions stated by at least this many distinct speakers.")
@format_option
def propositions(db: str, min_speakers: int, fmt: str) -> None:
    """Propositions: claims from different articles and speakers that say the same thing.

    \b
    Example:
        claimledger propositions --db ledger.db --min-speakers 2
        claimledger propositions --format jsonl
    """
    from claimledger.linking.propositions import list_propositions

    try:
        with _open_existing(db) as ledger:
            rows = list_propositions(ledger, min_speakers)
    except ClaimledgerError as exc:
        _fail(exc)
    _emit(rows, fmt, ("proposition", "speakers", "origins", "label"), "propositions")
