"""Batch ingest: read inputs, skip what is stored, extract in batches, store each batch.

Memory stays bounded: inputs are streamed and only one batch is held at a time. Each batch
is one transaction, so an interrupted run (even `kill -9`) loses at most the batches in
flight, and running the same command again continues where it stopped (stored texts are
skipped by hash).

Every stored record keeps the extractor version that made it. `force=True` re-extracts every
input and replaces the stored claims of a text already stored; `stale=True` does so only for
records made by another extractor version. `reextract_stale()` does it from the ledger alone.

`ingest()` extracts in this process; `claimledger.batch.ingest_dask()` spreads the same work
over a Dask cluster. Both decide what to extract with `Plan` and store with `store_results()`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from claimledger.budget import ArticleTimeout, ExtractionDied
from claimledger.errors import BadInputError, RecordStoreError
from claimledger.extraction import Extractor
from claimledger.ledger import IngestCounts, Ledger
from claimledger.linking import link_pending
from claimledger.readers import Article, ReadOptions, Rejected, checked_article, read_inputs
from claimledger.record import ArticleRecord

DEFAULT_BATCH = 32


@dataclass
class IngestSummary:
    """What an ingest run did."""

    inserted: int = 0
    skipped: int = 0  # already stored, or a duplicate within this run
    replaced: int = 0  # stored texts re-extracted (--force, --stale)
    out_of_range: int = 0  # article date outside --since/--until, or unknown with them
    stale_kept: int = 0  # skipped stored records made by another extractor version
    rejected: list[Rejected] = field(default_factory=list)
    link_errors: list[str] = field(default_factory=list)  # linking failed; the articles are stored
    link_seconds: float = 0.0  # time spent linking stored batches

    @property
    def seen(self) -> int:
        return self.inserted + self.skipped + self.replaced + self.out_of_range + len(self.rejected)

    def to_dict(self) -> dict[str, object]:
        return {
            "inserted": self.inserted,
            "skipped": self.skipped,
            "replaced": self.replaced,
            "out_of_range": self.out_of_range,
            "stale_kept": self.stale_kept,
            "rejected": len(self.rejected),
            "rejects": [{"input": r.origin, "problem": r.problem, "fix": r.fix} for r in self.rejected],
            "link_errors": list(self.link_errors),
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
            yield article, extraction_rejected(article, result)
        else:
            result.title, result.url = article.title, article.url
            result.publisher, result.dateline = article.publisher, article.dateline
            yield article, result


def extraction_rejected(article: Article, exc: Exception) -> Rejected:
    """The one-line rejection of an article whose extraction failed with `exc`."""
    origin = article.origin or article.id
    if isinstance(exc, BadInputError):  # e.g. not in English: the input's fault, not a bug
        return Rejected(article.origin or exc.source, exc.problem, exc.fix)
    if isinstance(exc, ArticleTimeout):
        return Rejected(origin, f"extraction {exc}",
                        "raise --article-timeout, or check that the text is one article")
    if isinstance(exc, ExtractionDied):
        return Rejected(origin, f"extraction failed: {exc}",
                        "lower --max-chars, or give the extraction more memory")
    return Rejected(origin, f"extraction failed ({exc.__class__.__name__}: {exc})",
                    "this is a bug, please report it with the input attached")


class Plan:
    """Decides, batch by batch, which articles need extracting; counts the rest in `summary`.

    An article no reader has checked is checked as the readers check theirs (`checked_article`
    with `options`: storable text, not empty, within --max-chars, prose), so articles built
    in code or posted to the API are refused with the same one-line messages as files.
    An article is skipped when its text is stored (unless `force`, or `stale` and another
    extractor version made it), when the same text came earlier in this run, or when its
    date is outside `since`..`until` (an undated article is outside any range).
    """

    def __init__(
        self,
        ledger: Ledger,
        summary: IngestSummary,
        version: str,
        *,
        force: bool = False,
        stale: bool = False,
        since: str | None = None,
        until: str | None = None,
        on_reject: Callable[[Rejected], None] | None = None,
        options: ReadOptions | None = None,
    ) -> None:
        self.ledger, self.summary, self.version = ledger, summary, version
        self.options = options or ReadOptions()
        self.force, self.stale = force, stale
        self.since, self.until = since, until
        self.on_reject = on_reject
        self.seen_in_run: set[str] = set()

    @property
    def replace(self) -> bool:
        """Whether stored texts get new claims (else a stored text is left as it is)."""
        return self.force or self.stale

    def reject(self, r: Rejected) -> None:
        self.summary.rejected.append(r)
        if self.on_reject:
            self.on_reject(r)

    def in_range(self, article: Article) -> bool:
        if not (self.since or self.until):
            return True
        day = (article.date or "")[:10]
        if not day:
            return False
        return (not self.since or day >= self.since) and (not self.until or day <= self.until)

    def todo(self, batch: list[Article | Rejected]) -> list[Article]:
        """The articles of `batch` to extract, in input order."""
        articles = []
        for item in batch:
            if isinstance(item, Article) and not item.checked:  # not read by a reader
                try:
                    item = checked_article(item, self.options)
                except BadInputError as err:
                    item = Rejected.from_error(err)
            if isinstance(item, Rejected):
                self.reject(item)
            elif not self.in_range(item):
                self.summary.out_of_range += 1
            else:
                articles.append(item)
        stored = self.ledger.versions(a.content_hash for a in articles) if articles else {}
        out = []
        for a in articles:
            h = a.content_hash
            version = stored.get(h)
            if h in self.seen_in_run:
                self.summary.skipped += 1
            elif version is not None and not (self.force or (self.stale and version != self.version)):
                self.summary.skipped += 1
                self.summary.stale_kept += version != self.version
            else:
                self.seen_in_run.add(h)
                out.append(a)
        return out


def store_results(
    ledger: Ledger,
    plan: Plan,
    results: Iterable[tuple[Article, ArticleRecord | Rejected]],
) -> int:
    """Store extracted records in one transaction, reject failures; the number handled."""
    pairs: list[tuple[Article | None, ArticleRecord]] = []
    n = 0
    for article, result in results:
        n += 1
        if isinstance(result, Rejected):
            plan.reject(result)
        else:
            pairs.append((article, result))
    if pairs:
        replaced = 0
        for counts in _add_guarded(ledger, plan, pairs):
            plan.summary.inserted += counts.inserted
            plan.summary.skipped += counts.skipped
            plan.summary.replaced += counts.replaced
            replaced += counts.replaced
        linked = link_pending(ledger, replaced=replaced)  # after the commit: never loses articles
        plan.summary.link_seconds += linked.seconds
        plan.summary.link_errors += linked.errors
    return n


def _add_guarded(
    ledger: Ledger, plan: Plan, pairs: list[tuple[Article, ArticleRecord]]
) -> Iterator[IngestCounts]:
    """Store `pairs` in one transaction; when the database refuses one record's data, store
    the others one by one and reject that one (a ledger failure still stops the run)."""
    try:
        yield ledger.add_many(pairs, replace=plan.replace)
        return
    except RecordStoreError as exc:
        if len(pairs) == 1:
            article = pairs[0][0]
            plan.reject(Rejected(article.origin or article.id, f"cannot be stored ({exc})",
                                 "check the text for characters the database refuses"))
            return
    for pair in pairs:
        yield from _add_guarded(ledger, plan, [pair])


def ingest(
    items: Iterable[Article | Rejected],
    ledger: Ledger,
    extractor: Extractor,
    *,
    batch_size: int = DEFAULT_BATCH,
    force: bool = False,
    stale: bool = False,
    since: str | None = None,
    until: str | None = None,
    progress: Progress | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    options: ReadOptions | None = None,
) -> IngestSummary:
    """Store the records of `items` in `ledger`, extracting in this process. Idempotent by
    content hash; see `Plan` for what is checked and skipped (`options` as the readers took
    them: --max-chars) and the module for `force` and `stale`."""
    summary = IngestSummary()
    plan = Plan(ledger, summary, extractor.version, force=force, stale=stale, since=since,
                until=until, on_reject=on_reject, options=options)
    for batch in batched(items, batch_size):
        done_before = summary.seen
        todo = plan.todo(batch)
        if progress and summary.seen > done_before:
            progress(summary.seen - done_before)  # skipped, out of range, rejected on reading
        if todo:
            results = extract_articles(extractor, todo)
            # one tick per article as it is extracted, not one per batch
            store_results(ledger, plan, _ticking(results, progress) if progress else results)
    return summary


def _ticking(results: Iterable[tuple[Article, ArticleRecord | Rejected]], progress: Progress,
             ) -> Iterator[tuple[Article, ArticleRecord | Rejected]]:
    for item in results:
        progress(1)
        yield item


def ingest_paths(
    paths: Iterable[str], ledger: Ledger, extractor: Extractor, options: ReadOptions | None = None, **kw
) -> IngestSummary:
    """`ingest()` over files, folders, globs and `-`."""
    return ingest(read_inputs(paths, options), ledger, extractor, options=options, **kw)


def stale_articles(ledger: Ledger, version: str) -> Iterator[Article]:
    """The stored articles whose records another extractor version made."""
    return (article for article, _ in ledger.stale(version))


def reextract_stale(ledger: Ledger, extractor: Extractor, **kw) -> IngestSummary:
    """Re-extract, from their stored text, the records another extractor version made."""
    return ingest(stale_articles(ledger, extractor.version), ledger, extractor, stale=True, **kw)


def write_rejects(rejected: Iterable[Rejected], out: IO[str]) -> None:
    """The rejects report: one JSON object per rejected input."""
    for r in rejected:
        out.write(json.dumps({"input": r.origin, "problem": r.problem, "fix": r.fix}) + "\n")
