"""Wire files with a header line: ` date YYYY-MM-DD PLACE >> body`.

The record text is the body after `>>` with leading white space removed; the dateline
(PLACE) and the date come from the header.
"""

from __future__ import annotations

import re
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

HEADER_RE = re.compile(r"\s*date\s+(\S+)\s+(.*?)\s*>>(.*)\Z", re.S)
HEADER_START = re.compile(rb"\s*date\s+\S+\s")


class HeaderReader:
    name = "header"

    def sniff(self, path: str, head: bytes) -> bool:
        return bool(HEADER_START.match(head)) and b">>" in head

    def read(self, path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
        try:
            data = read_limited(stream, path, options.max_bytes)
            text = decode_text(data, path, options.max_bytes)
            m = HEADER_RE.match(text)
            if not m:
                raise BadInputError(
                    path, "no ` date YYYY-MM-DD PLACE >> ` header", "add the header or read it as plain text"
                )
            date = check_date(m[1], path)
            body = m[3].lstrip()
            if not body.strip():
                raise BadInputError(path, "header but no article body", "add the article text after `>>`")
        except BadInputError as err:
            yield Rejected.from_error(err)
            return
        yield Article(
            id=PurePath(path).stem if path != "-" else "stdin",
            text=body,
            date=date,
            dateline=m[2] or None,
            origin=path,
            date_source="header",
        )


reader = HeaderReader()
