"""Plain text files: one article per file, the date from `--date` (else unknown)."""

from __future__ import annotations

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
    decode_text,
    read_limited,
)


class TextReader:
    name = "text"

    def sniff(self, path: str, head: bytes) -> bool:
        return True  # the fallback

    def read(self, path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
        try:
            data = read_limited(stream, path, options.max_bytes)
            text = decode_text(data, path, options.max_bytes)
            date = check_date(options.date, "--date") if options.date else None
        except BadInputError as err:
            yield Rejected.from_error(err)
            return
        yield Article(
            id=PurePath(path).stem if path != "-" else "stdin",
            text=text,
            date=date,
            origin=path,
            date_source="user" if date else None,
        )


reader = TextReader()
