"""Output formats shared by the CLI commands: JSONL records, CSV claim rows, readable tables."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.table import Table

from claimledger.ledger import ClaimRow
from claimledger.record import ArticleRecord

CLAIM_COLUMNS = (
    "article_id", "article_date", "said_on", "speaker", "stance", "kind", "via", "text",
    "source_text", "cue_text", "content", "claim_id",
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


def write_claims_csv(rows: Iterable[ClaimRow], out: IO[str]) -> int:
    w = csv.writer(out)
    w.writerow(CLAIM_COLUMNS)
    n = 0
    for r in rows:
        w.writerow([
            r.article_id, r.article_date or "", r.said_on or "", r.speaker or "", r.stance, r.kind,
            "; ".join(r.via), r.text, r.source_text or "", r.cue_text or "",
            json.dumps(r.content), r.id,
        ])
        n += 1
    return n


def print_claims_table(rows: Iterable[ClaimRow], console: Console, title: str | None = None) -> int:
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("article", overflow="fold", max_width=26)
    table.add_column("said on", no_wrap=True)
    table.add_column("speaker", overflow="fold", max_width=24)
    table.add_column("stance", no_wrap=True)
    table.add_column("via", overflow="fold", max_width=18)
    table.add_column("claim", overflow="fold", ratio=1)
    n = 0
    for r in rows:
        style = {"deny": "red", "hedge": "yellow"}.get(r.stance, "")
        table.add_row(
            r.article_id, r.said_on or r.article_date or "?", r.speaker or "(unknown)",
            f"[{style}]{r.stance}[/]" if style else r.stance, "; ".join(r.via), r.text,
        )
        n += 1
    console.print(table)
    return n
