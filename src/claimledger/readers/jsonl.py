"""JSON Lines: one article per line, `{"id", "text", "date", "title", "url", "publisher"}`.

Only `text` is required. A broken line is rejected on its own; the other lines go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

from claimledger.errors import BadInputError
from claimledger.readers.base import (
    Article,
    Item,
    ReadOptions,
    Rejected,
    check_date,
    content_hash,
    read_limited,
)

FIELDS = ("title", "url", "publisher", "dateline", "author")


class JsonlReader:
    name = "jsonl"

    def sniff(self, path: str, head: bytes) -> bool:
        if path.endswith((".jsonl", ".ndjson", ".json")):
            return True
        return path == "-" and head.lstrip()[:1] == b"{"

    def read(self, path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
        stem = PurePath(path).stem if path != "-" else "stdin"
        if path.endswith(".json"):
            yield from self._read_json_document(path, stem, stream, options)
            return
        seen_any = False
        for n, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            seen_any = True
            origin = f"{path}:{n}"
            try:
                yield self._article(raw, origin, stem, n, options)
            except BadInputError as err:
                yield Rejected.from_error(err)
        if not seen_any:
            yield Rejected(path, "empty input", "remove the file or give it JSON lines")

    def _read_json_document(
        self, path: str, stem: str, stream: BinaryIO, options: ReadOptions
    ) -> Iterator[Item]:
        """A .json file: one article object, or a list of them."""
        try:
            data = read_limited(stream, path, options.max_bytes * 20)
            obj = json.loads(data.decode("utf-8"))
        except BadInputError as err:
            yield Rejected.from_error(err)
            return
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Rejected(path, f"not a JSON document ({exc.__class__.__name__})",
                           "give JSON Lines (.jsonl) or one JSON object with \"text\"")
            return
        except (ValueError, RecursionError) as exc:
            yield Rejected(path, _beyond_limits(exc), "write numbers with fewer digits and nest less deeply")
            return
        items = obj if isinstance(obj, list) else [obj]
        for n, item in enumerate(items, start=1):
            origin = f"{path}[{n}]" if isinstance(obj, list) else path
            try:
                yield self._article(json.dumps(item).encode("utf-8"), origin, stem, n, options)
            except BadInputError as err:
                yield Rejected.from_error(err)

    def _article(self, raw: bytes, origin: str, stem: str, n: int, options: ReadOptions) -> Article:
        if len(raw) > options.max_bytes:
            raise BadInputError(origin, "line too large for one article", "split it or raise --max-bytes")
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise BadInputError(origin, "not valid UTF-8", "re-encode the file as UTF-8") from None
        except json.JSONDecodeError as exc:
            raise BadInputError(origin, f"not JSON ({exc.msg} at column {exc.colno})",
                                "each line must be one JSON object") from None
        except (ValueError, RecursionError) as exc:
            raise BadInputError(origin, _beyond_limits(exc),
                                'write numbers with fewer digits and nest less deeply') from None
        if not isinstance(obj, dict):
            raise BadInputError(origin, "not a JSON object", 'write {"text": ...} per line')
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            raise BadInputError(origin, 'no "text" string', 'every line needs a non-empty "text"')
        date = obj.get("date") or options.date
        date_source = ("metadata" if obj.get("date") else "user") if date else None
        if date is not None:
            date = check_date(str(date)[:10] if len(str(date)) > 10 and str(date)[10] in "T " else str(date),
                              f"{origin} date")
        ident = obj.get("id")
        return Article(
            id=str(ident) if ident not in (None, "") else f"{stem}-{content_hash(text)[:12]}",
            text=text,
            date=date,
            origin=origin,
            date_source=date_source,
            **{k: (str(obj[k]) if obj.get(k) is not None else None) for k in FIELDS},
        )


def _beyond_limits(exc: Exception) -> str:
    """What a JSON text that the parser refuses although it is well formed holds."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to read"
    return "JSON number too long to read (over 4,300 digits)"


reader = JsonlReader()
