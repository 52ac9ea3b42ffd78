"""`claimledger extract` and `claimledger ingest`."""

from __future__ import annotations

import sys

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from claimledger.cli import main
from claimledger.cli._common import (
    _budget,
    _err,
    _fail,
    _out,
    _report_reject,
    _use_accurate,
    _use_contextual,
    accurate_option,
    article_timeout_option,
    contextual_option,
    date_option,
    db_option,
    max_bytes_option,
    max_chars_option,
    model_option,
)
from claimledger.errors import ClaimledgerError
from claimledger.readers import Article, ReadOptions, Rejected, count_articles, read_inputs


@main.command()
@click.argument("paths", nargs=-1, required=True)
@date_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@model_option
@accurate_option
@contextual_option
@max_bytes_option
@max_chars_option
@article_timeout_option
def extract(paths: tuple[str, ...], date: str | None, fmt: str, model: str | None, accurate: bool,
            contextual: bool, max_bytes: int, max_chars: int, article_timeout: float) -> None:
    """Print the article records of PATHS (files, folders, globs, or - for stdin).

    Stateless: nothing is stored. JSONL input lines become one record each and keep their id.
    Exit status 1 when any input was rejected.

    \b
    Example:
        claimledger extract samples/ --format table
        claimledger extract story.txt --date 2024-10-23
        claimledger extract - < articles.jsonl > records.jsonl
    """
    from claimledger.budget import TimedExtractor
    from claimledger.extraction import Extractor
    from claimledger.ingest import batched, extract_articles
    from claimledger.output import claim_rows_from_record, print_claims_table

    err, out = _err(), _out()
    _use_accurate(accurate)
    _use_contextual(contextual)
    try:
        _check_date_option(date)
        extractor = TimedExtractor(Extractor(model), _budget(article_timeout, max_chars))
    except ClaimledgerError as exc:
        _fail(exc)
    if hasattr(sys.stdout, "reconfigure"):  # whatever the locale, print valid UTF-8 only
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    rejected = 0
    options = ReadOptions(date=date, max_bytes=max_bytes, max_chars=max_chars)
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
@contextual_option
@max_bytes_option
@max_chars_option
@article_timeout_option
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per batch (local) or partition (dask); each is stored in one transaction.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: extract in this process; dask: on a Dask cluster (extra `dask`).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler, e.g. tcp://host:8786; without it --engine dask starts a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
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
def ingest(paths: tuple[str, ...], db: str, date: str | None, model: str | None, accurate: bool,
           contextual: bool, max_bytes: int,
           max_chars: int, article_timeout: float, batch_size: int, engine: str, scheduler: str | None, workers: int | None,
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
    _use_contextual(contextual)
    if not paths and not (stale or list_stale):
        raise click.UsageError("give PATHS to ingest (or --stale / --list-stale to work on the ledger)")
    try:
        _check_date_option(date)
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
            from claimledger.budget import TimedExtractor
            from claimledger.extraction import Extractor

            extractor = TimedExtractor(Extractor(model), _budget(article_timeout, max_chars))
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
    options = ReadOptions(date=date, max_bytes=max_bytes, max_chars=max_chars)
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
            options=options,
        )
        try:
            if client is not None:
                from claimledger.batch import ingest_dask

                summary = ingest_dask(items, ledger, model=model, client=client,
                                      partition_size=batch_size,
                                      budget=_budget(article_timeout, max_chars), **common)
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
        for problem in dict.fromkeys(summary.link_errors):
            err.print(f"[yellow]linking:[/] {problem}", soft_wrap=True)
    sys.exit(1 if summary.rejected else 0)



def _check_date_option(date: str | None) -> None:
    """--date is checked before any input is read: a usage error (exit 2), not a reject each."""
    if date:
        from claimledger.query import check_day

        check_day(date, "--date")
