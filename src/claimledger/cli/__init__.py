"""The `claimledger` command: a thin layer over readers, extraction, the ledger and outputs.

Each module here registers the commands of one part on `main`:
`ingest` (extract, ingest), `read` (claims, export, stats). New parts add a module and import it
at the bottom of this file, so that no two parts edit the same file.
"""

from __future__ import annotations

import click

from claimledger import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="claimledger")
def main() -> None:
    """Turn news reports into a sourced ledger of claims: who said what, when, citing whom.

    \b
    Example:
        claimledger ingest samples/ --db ledger.db
        claimledger claims --db ledger.db --stance deny
    """


# Register the commands (the modules decorate functions with @main.command()).
from claimledger.cli import ingest as _ingest  # noqa: E402,F401
from claimledger.cli import linking as _linking  # noqa: E402,F401
from claimledger.cli import linking_semantics as _linking_semantics  # noqa: E402,F401
from claimledger.cli import read as _read  # noqa: E402,F401

__all__ = ["main"]
