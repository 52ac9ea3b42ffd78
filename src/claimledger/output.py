"""Output formats shared by the CLI commands and the exports: JSONL records, CSV claim rows,
readable tables, and one writer of dict rows (write_rows) for every other list."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from claimledger.ledger import ClaimRow
from claimledger.record import ArticleRecord

CLAIM_COLUMNS = (
    "article_id", "article_date", "said_on", "speaker", "stance", "kind", "via", "text",
    "source_text", "cue_text", "content", "claim_id",
    "day", "title", "url", "publisher", "date_source",
)


def claim_rows_from_record(rec: ArticleRecord) -> Iterable[ClaimRow]:
    """ClaimRows for a record that is not stored (for `extract --format table`)."""
    for i, c in enumerate(rec.claims):
        yield ClaimRow(
            id=i, article_id=rec.id, article_date=rec.date, title=rec.title, speaker=c.speaker,
            kind=c.kind, stance=c.stance, said_on=c.said_on, text=rec.claim_text(c), via=list(c.via),
            content=[list(s) for s in c.content],
            source_text=" ".join(rec.span_text(s) for s in c.source) or None,
            cue_text=" ".join(rec.span_text(s) for s in c.cue) or None,
        )


def write_jsonl_records(records: Iterable[ArticleRecord], out: IO[str]) -> int:
    n = 0
    for rec in records:
        out.write(rec.to_json() + "\n")
        n += 1
    return n


def write_claims_jsonl(rows: Iterable[ClaimRow], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def claim_csv_row(r: ClaimRow) -> list[object]:
    """A claim as one CSV row of CLAIM_COLUMNS."""
    return [
        r.article_id, r.article_date or "", r.said_on or "", r.speaker or "", r.stance, r.kind,
        "; ".join(r.via), r.text, r.source_text or "", r.cue_text or "",
        json.dumps(r.content), r.id,
        *(getattr(r, k, None) or "" for k in ("day", "title", "url", "publisher", "date_source")),
    ]


def write_claims_csv(rows: Iterable[ClaimRow], out: IO[str]) -> int:
    w = csv.writer(out)
    w.writerow(CLAIM_COLUMNS)
    n = 0
    for r in rows:
        w.writerow(claim_csv_row(r))
        n += 1
    return n


def csv_lines(header: list[str] | tuple[str, ...], rows: Iterable[list[object]]) -> Iterator[str]:
    """CSV text line by line (for streamed HTTP responses)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    yield buf.getvalue()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        w.writerow(row)
        yield buf.getvalue()


# -- rows of dicts: one writer for every list command and export ----------------------------
# The rule, the same in CSV files and tables: a nested object becomes prefixed columns
# ({"a": {"speaker": ...}} -> a_speaker); None is an empty cell; a list of plain values is
# joined with "; "; a list holding objects or lists is JSON. JSONL keeps every row as it is.
# CSV has the given columns first, then any other field of the first row.

def flat_row(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """`row` with nested objects as prefixed columns (a_speaker, b_text, ...)."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, dict):
            out.update(flat_row(v, f"{prefix}{k}_"))
        else:
            out[prefix + k] = v
    return out


def cell(value: Any) -> Any:
    """One CSV or table cell of a flat row's value (see the rule above)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        if any(isinstance(v, dict | list | tuple) for v in value):
            return json.dumps(value, ensure_ascii=False)
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def csv_rows(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[list[Any]]:
    """The header, then each of `rows` as a list of cells: `columns` first, then the other
    fields of the first row."""
    it = iter(rows)
    first = next(it, None)
    flat = flat_row(first) if first is not None else {}
    header = list(columns) + [k for k in flat if k not in columns]
    yield header
    if first is None:
        return
    yield [cell(flat.get(c)) for c in header]
    for row in it:
        f = flat_row(row)
        yield [cell(f.get(c)) for c in header]


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str], *, out: IO[str] | None = None,
               console: Console | None = None, title: str | None = None,
               headings: dict[str, str] | None = None) -> int:
    """`rows` as JSONL or CSV on `out` (default stdout), or as a table of `columns` (named by
    `headings`) on `console`; the number of rows written."""
    n = 0
    if fmt == "jsonl":
        out = out or sys.stdout
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "csv":
        w = csv.writer(out or sys.stdout)
        for i, line in enumerate(csv_rows(rows, columns)):
            w.writerow(line)
            n = i
        return n
    if console is None:
        raise ValueError("a table needs a console")
    table = Table(title=title, show_lines=False, expand=True, pad_edge=False)
    for c in columns:
        table.add_column((headings or {}).get(c, c), overflow="fold", ratio=2 if c == "text" else None)
    for row in rows:
        f = flat_row(row)
        # names and texts are untrusted: no rich markup from them
        table.add_row(*(escape(str(cell(f.get(c)))) for c in columns))
        n += 1
    console.print(table)
    return n


def print_claims_table(rows: Iterable[ClaimRow], console: Console, title: str | None = None,
                       wide: bool = False) -> int:
    """Claims as a table that fits `console.width`: below 100 columns the claim keeps most of
    the width and the article, kind and via columns are left out (`wide` shows them all).
    Days are real dates or "unknown", never raw TIMEX codes; the claim text wraps."""
    from claimledger.query import readable_when

    narrow = console.width < 100 and not wide
    table = Table(title=title, show_lines=True, expand=True, pad_edge=False)
    if not narrow:
        table.add_column("article", overflow="fold", max_width=22)
    table.add_column("day", no_wrap=True)
    if wide:
        table.add_column("said on", overflow="fold", max_width=18)
    table.add_column("speaker", overflow="fold", max_width=14 if narrow else 22)
    table.add_column("stance", no_wrap=True)
    if not narrow:
        table.add_column("kind", no_wrap=True)
        table.add_column("via", overflow="fold", max_width=16)
    if wide:
        table.add_column("cue", overflow="fold", max_width=12)
        table.add_column("date source", no_wrap=True)
    table.add_column("claim", overflow="fold", ratio=1, min_width=30)
    n = 0
    for r in rows:
        style = {"deny": "red", "hedge": "yellow"}.get(r.stance, "")
        day = getattr(r, "day", None) or (r.said_on if r.said_on and len(r.said_on) == 10 and "X" not in r.said_on
                                          else r.article_date) or "unknown"
        cells = [] if narrow else [escape(r.article_id)]
        cells.append(day)
        if wide:
            cells.append(readable_when(r.said_on))
        cells += [escape(r.speaker or "(unknown)"), f"[{style}]{r.stance}[/]" if style else r.stance]
        if not narrow:
            cells += [r.kind.replace("according_to", "acc. to"), escape("; ".join(r.via))]
        if wide:
            cells += [escape(r.cue_text or ""), getattr(r, "date_source", None) or "unknown"]
        cells.append(escape(r.text))
        table.add_row(*cells)
        n += 1
    console.print(table)
    return n
