"""The `claimledger` command: a thin layer over readers, extraction, the ledger and outputs.

Each module here registers the commands of one part on `main`:
`ingest` (extract, ingest), `read` (claims, export, stats). New parts add a module and import it
at the bottom of this file, so that no two parts edit the same file.
"""

from __future__ import annotations

import click

from claimledger import __version__


class _Guarded(click.Group):
    """Runs a command so that nothing ends in a traceback: a claimledger error exits 2 with
    its message, anything unexpected exits 70 (EX_SOFTWARE) and asks for a bug report."""

    def invoke(self, ctx: click.Context) -> object:
        import os
        import sys

        from claimledger.errors import (
            EXIT_INTERRUPTED,
            EXIT_OK,
            EXIT_SOFTWARE,
            EXIT_USAGE,
            ClaimledgerError,
        )

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except ClaimledgerError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except KeyboardInterrupt:  # 128 + SIGINT, as shells report it; not "inputs rejected"
            click.echo("\ninterrupted: what was stored is kept; run the same command again to "
                       "continue", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # `claimledger claims | head`: the reader left, not a bug
            sys.stderr.close()
            sys.exit(EXIT_OK)
        except Exception as exc:  # noqa: BLE001 - the last guard: report, never a traceback
            if os.environ.get("CLAIMLEDGER_DEBUG"):
                raise
            message = " ".join(str(exc).split())[:300]
            click.echo(
                f"error: unexpected {exc.__class__.__name__}: {message}\n"
                "this is a bug, please report it (with the command and, if you can, the input); "
                "set CLAIMLEDGER_DEBUG=1 to see the traceback", err=True,
            )
            sys.exit(EXIT_SOFTWARE)


@click.group(cls=_Guarded,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="claimledger")
def main() -> None:
    """Turn news reports into a sourced ledger of claims: who said what, when, citing whom.

    Exit status: 0 all stored, 1 some inputs rejected (each reported on one line), 2 usage or
    ledger error, 70 an unexpected error (a bug: please report it).

    \b
    Example:
        claimledger ingest samples/ --db ledger.db
        claimledger claims --db ledger.db --stance deny
    """


# Register the commands (the modules decorate functions with @main.command()).
from claimledger.cli import ingest as _ingest  # noqa: E402,F401
from claimledger.cli import linking as _linking  # noqa: E402,F401
from claimledger.cli import linking_semantics as _linking_semantics  # noqa: E402,F401
from claimledger.cli import lists as _lists  # noqa: E402,F401
from claimledger.cli import read as _read  # noqa: E402,F401
from claimledger.cli import serve as _serve  # noqa: E402,F401

__all__ = ["main"]
