"""The Dask batch engine: the same ingest as `claimledger.ingest`, extracted on a cluster.

    client (this process)                         workers (one process, one thread each)
    stream inputs -> Plan.todo (skip stored) ->   extract_partition: spaCy parse + extractors,
    submit partitions, at most `window` in flight  pipeline loaded once per worker process
    <- as each finishes: store_results, one transaction per partition

The client holds at most `window` partitions, so memory stays bounded however large the
input. Only the client writes to the ledger; workers never see it. An interrupted run loses
the partitions in flight at most; running it again skips what was stored.

Without a scheduler address a `LocalCluster` of `workers` processes is started here.
Needs the `dask` extra (dask, distributed).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from claimledger.budget import Budget
from claimledger.errors import ClaimledgerError
from claimledger.ingest import IngestSummary, Plan, Progress, batched, store_results
from claimledger.ledger import Ledger
from claimledger.readers import Article, ReadOptions, Rejected
from claimledger.record import ArticleRecord

DEFAULT_PARTITION = 32

__all__ = ["DEFAULT_PARTITION", "DaskEngineError", "ingest_dask", "open_client", "worker_version"]


class DaskEngineError(ClaimledgerError):
    """The dask extra is missing, the scheduler cannot be reached, or a partition failed."""


def open_client(scheduler: str | None = None, workers: int | None = None):  # noqa: ANN201
    """A Dask client: to `scheduler` when given, else to a new local cluster of `workers`
    single-threaded processes (default: one per CPU)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskEngineError(
            "the Dask engine needs dask and distributed; install them with "
            "`pip install 'claimledger[dask]'`"
        ) from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="30s")
        except OSError as exc:
            raise DaskEngineError(
                f"{scheduler}: cannot reach the Dask scheduler ({exc}); start one with "
                "`dask scheduler` and give its tcp://host:8786 address"
            ) from exc
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,  # spaCy holds the GIL: parallel work needs processes
        processes=True,
        host="127.0.0.1",  # a local cluster is for this machine only
        dashboard_address=":0",  # any free port: two runs at once must not collide on 8787
    )
    return Client(cluster)


def ingest_dask(
    items: Iterable[Article | Rejected],
    ledger: Ledger,
    *,
    model: str | None = None,
    client=None,  # noqa: ANN001 - distributed.Client
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION,
    window: int | None = None,
    force: bool = False,
    stale: bool = False,
    since: str | None = None,
    until: str | None = None,
    progress: Progress | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    budget: Budget | None = None,
    options: ReadOptions | None = None,
) -> IngestSummary:
    """Store the records of `items` in `ledger`, extracted on a Dask cluster.

    Same result as `claimledger.ingest.ingest()`: idempotent by content hash, resumable,
    one transaction per partition. `window` bounds the partitions in flight (default:
    twice the number of worker threads, so no worker waits for the next partition).
    With `budget`, each worker rejects an article that overruns its time. A partition whose
    task fails (its worker died) is run again one article per task; an article whose own
    task fails is rejected, and the batch goes on.
    """
    from distributed import as_completed

    from claimledger.batch import worker as w
    from claimledger.batch.plugin import PreloadModel

    own_client = client is None
    if own_client:
        client = open_client(scheduler, workers)
    try:
        client.register_plugin(PreloadModel(model), name=PreloadModel.name)
        version = worker_version(client, model)
        threads = sum(client.nthreads().values()) or 1
        window = window or 2 * threads
        summary = IngestSummary()
        plan = Plan(ledger, summary, version, force=force, stale=stale, since=since,
                    until=until, on_reject=on_reject, options=options)
        pending = as_completed()
        inflight: dict[object, list[Article]] = {}

        def submit(todo: list[Article]) -> None:
            future = client.submit(w.extract_partition, todo, model, budget, pure=False)
            inflight[future] = todo
            pending.add(future)

        def finish_one() -> None:
            future = next(pending)
            articles = inflight.pop(future)
            try:
                done = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or a failed task
                if client.status != "running":
                    raise DaskEngineError(
                        f"the Dask cluster went away ({exc.__class__.__name__}: {exc}); what was "
                        "stored is kept: run the same command again to continue"
                    ) from exc
                if len(articles) > 1:  # find the article that fails, one task each
                    for article in articles:
                        submit([article])
                    return
                done = [(0, Rejected(
                    articles[0].origin or articles[0].id,
                    f"extraction failed on the cluster ({exc.__class__.__name__}: {exc})",
                    "lower --max-chars or --article-timeout, or give the workers more memory",
                ))]
            finally:
                future.release()
            results = [(articles[i], _with_text(r, articles[i])) for i, r in done]
            n = store_results(ledger, plan, results)
            if progress:
                progress(n)

        for batch in batched(items, partition_size):
            before = summary.seen
            todo = plan.todo(batch)
            if progress and summary.seen > before:
                progress(summary.seen - before)
            if not todo:
                continue
            submit(todo)
            while len(inflight) >= window:
                finish_one()
        while inflight:
            finish_one()
        return summary
    finally:
        if own_client:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()


def worker_version(client, model: str | None = None) -> str:  # noqa: ANN001 - distributed.Client
    """The extractor version the workers stamp on records: it decides which are stale."""
    from claimledger.batch import worker as w

    return client.submit(w.extractor_version, model, pure=False).result()


def _with_text(result: ArticleRecord | Rejected, article: Article) -> ArticleRecord | Rejected:
    if isinstance(result, ArticleRecord):
        result.text = article.text
    return result
