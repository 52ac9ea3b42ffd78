"""`claimledger estimates`, `contradictions` and `propositions`: what the linked ledger says
across articles. Each is a thin layer over one function in `claimledger.linking`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from claimledger.cli import main
from claimledger.cli._common import _err, _fail, _open_existing, _out, db_option
from claimledger.errors import ClaimledgerError
from claimledger.output import write_rows

format_option = click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]),
                             default="table", show_default=True)


def _emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], what: str) -> None:
    """Rows as JSONL, CSV (every field; nested sides as a_speaker, b_text...) or a table of
    `columns` (claimledger.output.write_rows), and their number on stderr for a table."""
    write_rows(rows, fmt, columns, out=sys.stdout, console=_out())
    if fmt == "table":
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
