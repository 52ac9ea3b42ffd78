"""What runs on a Dask worker: one extractor per worker process, built on first use.

Kept free of Dask imports so that a worker unpickles tasks cheaply, and so that the same
functions can be tested without a cluster.
"""

from __future__ import annotations

import os

from claimledger.budget import Budget
from claimledger.readers import Article, Rejected
from claimledger.record import ArticleRecord

# One thread per worker process: BLAS threads in a worker would fight the other workers for
# the same cores (set before numpy/thinc start their pools, i.e. before spaCy is imported).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

_EXTRACTORS: dict[str | None, object] = {}
_TIMED: dict[tuple[str | None, Budget], object] = {}


def extractor(model: str | None = None):  # noqa: ANN201 - Extractor, imported lazily
    """This process's extractor for `model`: the spaCy pipeline loads once per worker."""
    if model not in _EXTRACTORS:
        from claimledger.extraction import Extractor

        _EXTRACTORS[model] = Extractor(model)
    return _EXTRACTORS[model]


def extractor_version(model: str | None = None) -> str:
    """The version label records made on this worker carry (the client checks stale ones)."""
    return extractor(model).version  # type: ignore[attr-defined]


def timed_extractor(model: str | None, budget: Budget):  # noqa: ANN201 - TimedExtractor
    """This process's extractor for `model` held to `budget` (its child process is kept)."""
    key = (model, budget)
    if key not in _TIMED:
        from claimledger.budget import TimedExtractor

        _TIMED[key] = TimedExtractor(extractor(model), budget)
    return _TIMED[key]


def extract_partition(
    articles: list[Article], model: str | None = None, budget: Budget | None = None
) -> list[tuple[int, ArticleRecord | Rejected]]:
    """(position in `articles`, record or reject) for one partition; with `budget`, an
    article that overruns its time is rejected (see `claimledger.budget`).

    The record's text is left out: the client holds the article and puts it back, so each
    text crosses the network once, not twice.
    """
    from claimledger.ingest import extract_articles

    ex = timed_extractor(model, budget) if budget is not None else extractor(model)
    out: list[tuple[int, ArticleRecord | Rejected]] = []
    for i, (_article, result) in enumerate(extract_articles(ex, articles)):
        if isinstance(result, ArticleRecord):
            result.text = ""
        out.append((i, result))
    return out


def warm_up(model: str | None = None) -> None:
    """Load the pipeline and parse one sentence, so the first partition pays no set-up."""
    extractor(model).nlp("The council said the road would reopen.")  # type: ignore[attr-defined]
