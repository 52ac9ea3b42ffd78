"""`claimledger serve` (the web pages and JSON API) and `claimledger token` (API tokens)."""

from __future__ import annotations

import click

from claimledger.cli import main
from claimledger.cli._common import _err, _fail, _open_existing, db_option
from claimledger.errors import ClaimledgerError


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 makes the server reachable from other machines.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--write-token", envvar="CLAIMLEDGER_WRITE_TOKEN", default=None,
              help="A secret that may POST articles to /api/articles (Authorization: Bearer ...). "
                   "Without it (or a token from `claimledger token create --scope write`) the API is read-only.")
@click.option("--private", is_flag=True, help="The API and exports need a token (read or write scope).")
def serve(db: str, host: str, port: int, write_token: str | None, private: bool) -> None:
    """Serve the ledger: claims search, articles, stories, entities, estimates and
    contradictions as pages, the same lists as a JSON API under /api (docs at /docs).

    Binds to 127.0.0.1 unless told otherwise. Stop it with Ctrl-C.

    \b
    Example:
        claimledger serve --db ledger.db
        claimledger serve --db postgresql://localhost/news --port 8080
        claimledger serve --db ledger.db --write-token "$(openssl rand -hex 16)"
    """
    try:
        import uvicorn  # noqa: F401

        from claimledger.web import create_app
    except ImportError:
        raise click.UsageError("serve needs the web extra: pip install 'claimledger[web]'") from None
    try:
        _open_existing(db).close()  # a missing ledger is a usage error, not a new empty one
    except ClaimledgerError as exc:
        _fail(exc)
    import uvicorn

    app = create_app(db, write_token=write_token, private=private)
    _err().print(f"claimledger: serving {db} at http://{host}:{port}/  (Ctrl-C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.group()
def token() -> None:
    """API tokens: create (shown once), list, revoke. Tokens are stored hashed in the ledger.

    \b
    Example:
        claimledger token create --db ledger.db --name newsroom-bot --scope write
        claimledger token list --db ledger.db
        claimledger token revoke 3 --db ledger.db
    """


@token.command("create")
@db_option
@click.option("--name", required=True, help="Who or what uses it, e.g. newsroom-bot.")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True)
def token_create(db: str, name: str, scope: str) -> None:
    """Create a token and print it (only this once).

    \b
    Example:
        claimledger token create --db ledger.db --name newsroom-bot --scope write
    """
    from claimledger.web.tokens import create_token

    try:
        with _open_existing(db) as ledger:
            secret, info = create_token(ledger, name, scope)
    except ClaimledgerError as exc:
        _fail(exc)
    click.echo(secret)
    _err().print(f"{info.label}, scope {info.scope}: keep it secret; it is not shown again")


@token.command("list")
@db_option
def token_list(db: str) -> None:
    """List tokens (never their secrets).

    \b
    Example:
        claimledger token list --db ledger.db
    """
    from claimledger.web.tokens import list_tokens

    try:
        with _open_existing(db) as ledger:
            for t in list_tokens(ledger):
                state = f"revoked {t.revoked_at}" if t.revoked_at else "live"
                click.echo(f"{t.id}\t{t.name}\t{t.scope}\t{t.created_at}\t{state}")
    except ClaimledgerError as exc:
        _fail(exc)


@token.command("revoke")
@click.argument("token_id", type=int)
@db_option
def token_revoke(token_id: int, db: str) -> None:
    """Revoke a token by its id; it stops working at once.

    \b
    Example:
        claimledger token revoke 3 --db ledger.db
    """
    from claimledger.web.tokens import revoke_token

    try:
        with _open_existing(db) as ledger:
            info = revoke_token(ledger, token_id)
    except ClaimledgerError as exc:
        _fail(exc)
    _err().print(f"{info.label} revoked at {info.revoked_at}")
