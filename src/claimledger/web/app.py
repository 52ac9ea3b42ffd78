"""The FastAPI app: one ledger per worker thread, security headers, errors as pages or JSON."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimledger import __version__
from claimledger.errors import ClaimledgerError, StoreError, UsageError
from claimledger.ledger import Ledger

HERE = Path(__file__).parent

# No inline script or style may run: everything comes from /static on this server.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class LedgerPool:
    """One open ledger per thread: sqlite3 and psycopg connections are not shared between
    threads, and FastAPI runs plain `def` routes on a thread pool."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.local = threading.local()
        self.opened: list[Ledger] = []
        self.lock = threading.Lock()

    def get(self) -> Ledger:
        ledger = getattr(self.local, "ledger", None)
        if ledger is None:
            ledger = Ledger(self.location)
            self.local.ledger = ledger
            with self.lock:
                self.opened.append(ledger)
        return ledger

    def close(self) -> None:
        with self.lock:
            for ledger in self.opened:
                try:
                    ledger.close()
                except Exception:  # noqa: BLE001, S110 - closing at shutdown; nothing to report to
                    pass
            self.opened.clear()


def build_app(
    db: str,
    write_token: str | None = None,
    private: bool = False,
    extractor_factory: Callable[[], Any] | None = None,
) -> FastAPI:
    """The app over the ledger at `db`. `write_token`: a secret that may post articles (besides
    tokens made with `claimledger token create`); `private`: the API needs a read token too."""
    app = FastAPI(
        title="claimledger",
        version=__version__,
        description="Who said what, when, citing whom: the claims of a ledger, with their provenance. "
        "Read-only unless a write token is given; filters are the same as the CLI's.",
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN: /docs is ours, local
        redoc_url=None,
    )
    app.state.pool = LedgerPool(db)
    app.state.write_token = write_token
    app.state.private = private
    app.state.extractor_factory = extractor_factory
    app.state.extractor = None
    app.state.extractor_lock = threading.Lock()
    app.state.write_lock = threading.Lock()  # one ingest at a time: the spaCy pipeline is shared
    # autoescape everywhere: article text, titles and names are untrusted
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True)
    templates = Jinja2Templates(env=env)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def error_response(request: Request, status: int, message: str) -> Any:
        if request.url.path.startswith(("/api/", "/export/")) or request.url.path == "/openapi.json":
            return JSONResponse({"error": message}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status)

    @app.exception_handler(UsageError)
    async def usage_error(request: Request, exc: UsageError):  # noqa: ANN202
        return error_response(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):  # noqa: ANN202
        return error_response(request, 503, str(exc))

    @app.exception_handler(ClaimledgerError)
    async def other_error(request: Request, exc: ClaimledgerError):  # noqa: ANN202
        return error_response(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        response = error_response(request, exc.status_code, str(exc.detail))
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):  # noqa: ANN202
        problems = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error_response(request, 400, problems or "bad request")

    from claimledger.web.api import router as api_router
    from claimledger.web.exports import router as export_router
    from claimledger.web.pages import router as page_router

    app.include_router(api_router)
    app.include_router(export_router)
    app.include_router(page_router)

    @app.on_event("shutdown")
    def close_ledgers() -> None:
        app.state.pool.close()

    return app


class ThreadLedger(Ledger):
    """The ledger of whichever thread uses it. FastAPI may resolve a sync dependency on one
    pool thread and run the route on another; a connection fetched in the dependency would
    then be used by two threads at once (with SQLite's progress handler that deadlocks). This
    stand-in looks its connection up when it is used, in the thread that uses it."""

    def __init__(self, pool: LedgerPool) -> None:  # noqa: D107 - no Ledger.__init__: nothing to open
        self._pool = pool
        self.location = pool.location

    @property  # type: ignore[override]
    def store(self):  # noqa: ANN201
        return self._pool.get().store

    def close(self) -> None:
        """The pool closes its ledgers at shutdown."""


def get_ledger(request: Request) -> Ledger:
    return ThreadLedger(request.app.state.pool)


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context)


def stream_lines(lines: Iterator[str]) -> Iterator[bytes]:
    for line in lines:
        yield line.encode("utf-8")
