"""Output formats shared by the CLI commands: JSONL records, CSV claim rows, readable tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO

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


def flat_csv_row(item: dict, columns: list[str]) -> list[object]:
    """A dict as a CSV row of `columns`: nested values as JSON, None as empty."""
    out: list[object] = []
    for c in columns:
        v = item.get(c)
        out.append(json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else ("" if v is None else v))
    return out


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


def print_items_table(items: Iterable[dict], columns: list[tuple[str, str]], console: Console) -> int:
    """Rows of dicts (quantities, times) as a table of `columns` (key, heading)."""
    table = Table(show_lines=False, expand=True, pad_edge=False)
    for key, heading in columns:
        table.add_column(heading, overflow="fold", ratio=2 if key == "text" else None)
    n = 0
    for item in items:
        table.add_row(*(escape("" if item.get(k) is None else str(item.get(k))) for k, _ in columns))
        n += 1
    console.print(table)
    return n


def write_items(items: Iterable[dict], fmt: str, columns: list[str], out: IO[str]) -> int:
    """Dict rows as JSONL or CSV (`columns`, nested values as JSON)."""
    n = 0
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(columns)
    for item in items:
        if fmt == "csv":
            w.writerow(flat_csv_row(item, columns))
        else:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
        n += 1
    return n
