"""Batch ingest: read inputs, skip what is stored, extract in batches, store each batch.

Memory stays bounded: inputs are streamed and only one batch is held at a time. Each batch
is one transaction, so an interrupted run loses at most the batch in flight, and running
the same command again continues where it stopped (stored texts are skipped by hash).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from claimledger.extraction import Extractor
from claimledger.ledger import Ledger
from claimledger.readers import Article, ReadOptions, Rejected, read_inputs
from claimledger.record import ArticleRecord

DEFAULT_BATCH = 32


@dataclass
class IngestSummary:
    """What an ingest run did."""

    inserted: int = 0
    skipped: int = 0  # already stored, or a duplicate within this run
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.inserted + self.skipped + len(self.rejected)

    def to_dict(self) -> dict[str, object]:
        return {
            "inserted": self.inserted,
            "skipped": self.skipped,
            "rejected": len(self.rejected),
            "rejects": [{"input": r.origin, "problem": r.problem, "fix": r.fix} for r in self.rejected],
        }


Progress = Callable[[int], None]


def batched(items: Iterable[Article | Rejected], size: int) -> Iterator[list[Article | Rejected]]:
    batch: list[Article | Rejected] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_articles(
    extractor: Extractor, articles: list[Article]
) -> Iterator[tuple[Article, ArticleRecord | Rejected]]:
    """Records for `articles`, parsed in one `nlp.pipe` call; a failure rejects one article."""
    results = extractor.extract_many(
        ((a.id, a.text, a.date) for a in articles), errors="return"
    )
    for article, result in zip(articles, results, strict=True):
        if isinstance(result, Exception):
            yield article, Rejected(article.origin, f"extraction failed ({result!r})",
                                    "report this as a bug with the input attached")
        else:
            result.title, result.url = article.title, article.url
            result.publisher, result.dateline = article.publisher, article.dateline
            yield article, result


def ingest(
    items: Iterable[Article | Rejected],
    ledger: Ledger,
    extractor: Extractor,
    *,
    batch_size: int = DEFAULT_BATCH,
    force: bool = False,
    progress: Progress | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
) -> IngestSummary:
    """Store the records of `items` in `ledger`. Idempotent by content hash."""
    summary = IngestSummary()
    seen_in_run: set[str] = set()

    def reject(r: Rejected) -> None:
        summary.rejected.append(r)
        if on_reject:
            on_reject(r)

    for batch in batched(items, batch_size):
        done_before = summary.seen
        articles = [a for a in batch if isinstance(a, Article)]
        for r in batch:
            if isinstance(r, Rejected):
                reject(r)
        stored = ledger.contains(a.content_hash for a in articles) if not force else set()
        todo = []
        for a in articles:
            h = a.content_hash
            if h in stored or h in seen_in_run:
                summary.skipped += 1
            else:
                seen_in_run.add(h)
                todo.append(a)
        pairs: list[tuple[Article | None, ArticleRecord]] = []
        for article, result in extract_articles(extractor, todo) if todo else ():
            if isinstance(result, Rejected):
                reject(result)
            else:
                pairs.append((article, result))
        if pairs:
            counts = ledger.add_many(pairs)
            summary.inserted += counts.inserted
            summary.skipped += counts.skipped
        if progress:
            progress(summary.seen - done_before)
    return summary


def ingest_paths(
    paths: Iterable[str], ledger: Ledger, extractor: Extractor, options: ReadOptions | None = None, **kw
) -> IngestSummary:
    """`ingest()` over files, folders, globs and `-`."""
    return ingest(read_inputs(paths, options), ledger, extractor, **kw)


def write_rejects(rejected: Iterable[Rejected], out: IO[str]) -> None:
    """The rejects report: one JSON object per rejected input."""
    for r in rejected:
        out.write(json.dumps({"input": r.origin, "problem": r.problem, "fix": r.fix}) + "\n")
