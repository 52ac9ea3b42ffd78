"""`claimledger quantities` and `claimledger times`: what the extractors stored besides claims."""

from __future__ import annotations

import sys

import click

from claimledger.cli import main
from claimledger.cli._common import _err, _fail, _open_existing, _out, db_option
from claimledger.errors import ClaimledgerError

QUANTITY_COLUMNS = ["article_id", "article_date", "text", "value", "low", "high", "qualifier", "trend",
                    "thing", "relation", "claim_id", "start", "end", "title", "publisher", "date_source"]
TIME_COLUMNS = ["article_id", "article_date", "text", "value", "readable", "type", "start", "end",
                "title", "publisher", "date_source"]


def _item_options(fn):  # noqa: ANN001, ANN202 - a click decorator
    for option in reversed([
        db_option,
        click.option("--article", help="Only this article id."),
        click.option("--date-since", metavar="YYYY-MM-DD", help="Article dated on or after this day."),
        click.option("--date-until", metavar="YYYY-MM-DD", help="Article dated on or before this day."),
        click.option("--publisher", help="The article's publisher, exactly."),
        click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many."),
        click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
                     show_default=True),
    ]):
        fn = option(fn)
    return fn


def _list(table: str, db: str, fmt: str, limit: int | None, columns: list[str],
          shown: list[tuple[str, str]], **kw: object) -> None:
    from itertools import islice

    from claimledger.output import write_rows
    from claimledger.query import item_query, iter_items

    try:
        query = item_query(**kw)
        with _open_existing(db) as ledger:
            items = iter_items(ledger, table, query)
            if limit is not None:
                items = islice(items, limit)
            if fmt == "table":
                n = write_rows(items, fmt, [k for k, _ in shown], console=_out(), headings=dict(shown))
                _err().print(f"{n} {table}")
            else:
                write_rows(items, fmt, columns, out=sys.stdout)
    except ClaimledgerError as exc:
        _fail(exc)


@main.command()
@_item_options
@click.option("--thing", help="The counted thing contains this text, e.g. troops.")
def quantities(db: str, fmt: str, limit: int | None, **kw: object) -> None:
    """List stored quantities: the mention, its value or range, qualifier and counted thing.

    \b
    Example:
        claimledger quantities --db ledger.db --thing homes
        claimledger quantities --article 004_port_strike --format csv
    """
    _list("quantities", db, fmt, limit, QUANTITY_COLUMNS,
          [("article_id", "article"), ("text", "mention"), ("value", "value"), ("low", "low"),
           ("high", "high"), ("qualifier", "qualifier"), ("thing", "thing")], **kw)


@main.command()
@_item_options
@click.option("--type", "type_", type=click.Choice(["date", "time", "duration", "set"], case_sensitive=False),
              help="Only this kind of time expression.")
def times(db: str, fmt: str, limit: int | None, type_: str | None, **kw: object) -> None:
    """List stored time expressions: the mention, its normalised value and what it means.

    \b
    Example:
        claimledger times --db ledger.db --type date
        claimledger times --article 001_valmora_floods --format jsonl
    """
    _list("times", db, fmt, limit, TIME_COLUMNS,
          [("article_id", "article"), ("text", "mention"), ("value", "value"),
           ("readable", "meaning"), ("type", "type")], type=type_, **kw)
