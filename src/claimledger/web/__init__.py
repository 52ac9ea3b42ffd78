"""The web face: server-rendered pages and a JSON API over `claimledger.query` (extra `web`).

    claimledger serve --db ledger.db            # http://127.0.0.1:8000

`create_app()` builds the FastAPI app; pages live in `pages.py`, the API in `api.py`, both
calling the same query functions as the CLI. Nothing is loaded from outside the machine:
no CDN, no JavaScript build; charts are SVG drawn on the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db: str, **options: object) -> FastAPI:
    from claimledger.web.app import build_app

    return build_app(db, **options)  # type: ignore[arg-type]


__all__ = ["create_app"]
