"""API tokens and the log of API writes, stored in the ledger (tables api_tokens, api_writes).

A token is shown once, when it is created; the ledger keeps only its sha256. Scope `read`
may read the API when the server is private; scope `write` may also post articles. A revoked
token keeps its row, so the write log still names it. No web framework is imported here: the
`token` commands use this module without the `web` extra.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from claimledger.errors import UsageError
from claimledger.ledger import Ledger

SCOPES = ("read", "write")
PREFIX = "clt_"


@dataclass
class TokenInfo:
    id: int
    name: str
    scope: str
    created_at: str
    revoked_at: str | None

    @property
    def label(self) -> str:
        return f"token {self.id} ({self.name})" if self.id else self.name

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "scope": self.scope,
                "created_at": self.created_at, "revoked_at": self.revoked_at}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _run(ledger: Ledger, sql: str, args: tuple = ()) -> list:
    from claimledger.ledger.sqlite import SQLiteStore

    if not isinstance(ledger.store, SQLiteStore):
        sql = sql.replace("?", "%s")
    cursor = ledger.store.conn.execute(sql, args)
    # a write returns no rows (psycopg refuses fetchall() after one)
    return list(cursor.fetchall()) if cursor.description else []


def create_token(ledger: Ledger, name: str, scope: str = "read") -> tuple[str, TokenInfo]:
    """A new token (the secret, shown once) and its stored info."""
    if scope not in SCOPES:
        raise UsageError(f"scope {scope!r}: expected read or write")
    if not name.strip():
        raise UsageError("a token needs a name saying who or what uses it, e.g. --name newsroom-bot")
    secret = PREFIX + secrets.token_urlsafe(24)
    now = _now()
    _run(ledger, "INSERT INTO api_tokens (name, scope, token_hash, created_at) VALUES (?, ?, ?, ?)",
         (name.strip(), scope, _hash(secret), now))
    (row,) = _run(ledger, "SELECT * FROM api_tokens WHERE token_hash = ?", (_hash(secret),))
    return secret, _info(row)


def _info(r) -> TokenInfo:  # noqa: ANN001 - a sqlite3.Row or psycopg dict row
    return TokenInfo(int(r["id"]), r["name"], r["scope"], r["created_at"], r["revoked_at"])


def list_tokens(ledger: Ledger) -> list[TokenInfo]:
    return [_info(r) for r in _run(ledger, "SELECT * FROM api_tokens ORDER BY id")]


def revoke_token(ledger: Ledger, token_id: int) -> TokenInfo:
    rows = _run(ledger, "SELECT * FROM api_tokens WHERE id = ?", (token_id,))
    if not rows:
        raise UsageError(f"token {token_id}: no such token; `claimledger token list` shows them")
    if rows[0]["revoked_at"] is None:
        _run(ledger, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", (_now(), token_id))
    return _info(_run(ledger, "SELECT * FROM api_tokens WHERE id = ?", (token_id,))[0])


def check_token(ledger: Ledger, secret: str) -> TokenInfo | None:
    """The live token with this secret, or None (unknown or revoked)."""
    rows = _run(ledger, "SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                (_hash(secret),))
    return _info(rows[0]) if rows else None


def record_write(ledger: Ledger, token: str, action: str, article: str | None, result: str) -> None:
    _run(ledger, "INSERT INTO api_writes (token, at, action, article, result) VALUES (?, ?, ?, ?, ?)",
         (token, _now(), action, article, result))


def list_writes(ledger: Ledger, limit: int = 100) -> list[dict[str, object]]:
    rows = _run(ledger, "SELECT * FROM api_writes ORDER BY id DESC LIMIT ?", (limit,))
    return [{k: r[k] for k in ("id", "token", "at", "action", "article", "result")} for r in rows]
