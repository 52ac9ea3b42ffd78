"""`claimledger claims`, `export` and `stats`: reading the ledger."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import IO

import click

from claimledger.cli import main
from claimledger.cli._common import _err, _fail, _open_existing, _out, db_option
from claimledger.errors import ClaimledgerError

# filter name -> the option that sets it, for messages
CLI_LABELS = {"said_since": "--since", "said_until": "--until", "date_since": "--date-since",
              "date_until": "--date-until", "date_source": "--date-source"}


@main.command()
@db_option
@click.option("--search", "-q", "q", metavar="TEXT",
              help='Full-text search over claim text and speaker: stemmed words, "a phrase", OR, prefix*.')
@click.option("--speaker", help="Speaker name contains this text (case-insensitive).")
@click.option("--entity", help="The speaker or someone in the via chain is this entity.")
@click.option("--stance", type=click.Choice(["assert", "deny", "hedge"]))
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed", "according_to"]))
@click.option("--since", "said_since", metavar="YYYY-MM-DD", help="Said on or after this day (else the article date).")
@click.option("--until", "said_until", metavar="YYYY-MM-DD", help="Said on or before this day.")
@click.option("--date-since", metavar="YYYY-MM-DD", help="Article dated on or after this day.")
@click.option("--date-until", metavar="YYYY-MM-DD", help="Article dated on or before this day.")
@click.option("--date-source", help="Where the article date came from: header, metadata, url, user, "
              "warc (a crawl day), unknown, or published (any but a crawl day).")
@click.option("--publisher", help="The article's publisher, exactly.")
@click.option("--story", help="Only claims of this story (needs linking).")
@click.option("--has-number/--no-number", "has_number", default=None,
              help="Only claims that hold a quantity (or only those without).")
@click.option("--article", help="Only claims of this article id.")
@click.option("--sort", type=click.Choice(["date", "-date", "relevance"]), default=None,
              help="date: oldest first (default); -date: newest first; relevance: best match "
                   "first (default with --search). Undated claims come last.")
@click.option("--limit", type=click.IntRange(1, 2**63 - 1), default=None, help="At most this many claims.")
@click.option("--wide", is_flag=True, help="Table: every column, whatever the terminal width.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def claims(db: str, fmt: str, wide: bool, limit: int | None, **kw: object) -> None:
    """List stored claims, oldest first (undated ones last).

    \b
    Example:
        claimledger claims --db ledger.db --speaker austin
        claimledger claims --stance deny --since 2024-10-01 --format csv > denials.csv
        claimledger claims --search '"port strike" OR walkout' --format jsonl
        claimledger claims --has-number --date-source published --sort -date
    """
    from itertools import islice

    from claimledger.output import print_claims_table, write_claims_csv, write_claims_jsonl
    from claimledger.query import claim_query, iter_claims

    try:
        query = claim_query(labels=CLI_LABELS, **kw)
        with _open_existing(db) as ledger:
            rows = iter_claims(ledger, query, on_unranked=lambda note: _err().print(f"note: {note}"))
            if limit is not None:
                rows = islice(rows, limit)
            if fmt == "jsonl":
                write_claims_jsonl(rows, sys.stdout)
            elif fmt == "csv":
                write_claims_csv(rows, sys.stdout)
            else:
                n = print_claims_table(rows, _out(), wide=wide)
                _err().print(f"{n} claims")
    except ClaimledgerError as exc:
        _fail(exc)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True,
              help="jsonl: one article record per line (as `extract`); csv: one claim per row; "
                   "parquet: claims table at -o PATH and articles table at PATH.articles.parquet.")
@click.option("--since", metavar="YYYY-MM-DD", help="Articles dated on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Articles dated on or before this day.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here (default stdout; a file path is required for parquet).")
def export(db: str, fmt: str, since: str | None, until: str | None, output: str) -> None:
    """Export the ledger: article records (JSONL), claims (CSV) or claims and articles (Parquet).

    \b
    Example:
        claimledger export --db ledger.db --format jsonl > records.jsonl
        claimledger export --db ledger.db --format csv -o claims.csv
        claimledger export --db ledger.db --format parquet -o claims.parquet
    """
    from claimledger.output import write_claims_csv, write_jsonl_records
    from claimledger.query import check_day

    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet needs -o PATH: Parquet is a file, not a stream")
    try:
        for value, name in ((since, "--since"), (until, "--until")):
            if value:
                check_day(value, name)
        with _open_existing(db) as ledger:
            if fmt == "parquet":
                from claimledger.exporters.parquet import export_parquet

                counts = export_parquet(ledger.records(since, until), output)
                _err().print(f"{counts.claims} claims → {counts.claims_path}, "
                             f"{counts.articles} articles → {counts.articles_path}")
                return
            with _written_whole(output) as out:
                if fmt == "jsonl":
                    n = write_jsonl_records(ledger.records(since, until), out)
                else:
                    from claimledger.query import claim_query, iter_claims

                    query = claim_query(date_since=since, date_until=until)
                    n = write_claims_csv(iter_claims(ledger, query), out)
    except ClaimledgerError as exc:
        _fail(exc)
    except OSError as exc:  # a full disk, a vanished folder: no partial export is left
        _fail(ClaimledgerError(
            f"{output}: cannot write the export ({exc.strerror or exc}); the partial file was "
            "removed: free some space (or choose another -o) and run it again"))
    _err().print(f"{n} {'records' if fmt == 'jsonl' else 'claims'} exported")


@contextlib.contextmanager
def _written_whole(output: str) -> Iterator[IO[str]]:
    """A text stream for `output` (- is stdout) that appears at its path only when written
    whole: it is written beside it and renamed at the end, and removed on any failure."""
    if output == "-":
        yield sys.stdout
        return
    tmp = f"{output}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


@main.command()
@db_option
def stats(db: str) -> None:
    """Counts of stored articles, claims, speakers, quantities and times.

    \b
    Example:
        claimledger stats --db ledger.db
    """
    try:
        with _open_existing(db) as ledger:
            for k, v in ledger.stats().items():
                click.echo(f"{k}\t{v}")
    except ClaimledgerError as exc:
        _fail(exc)

