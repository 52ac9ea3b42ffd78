"""The Dask worker plugin that loads the spaCy pipeline as a worker starts."""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin

from claimledger.batch.worker import extractor


class PreloadModel(WorkerPlugin):
    """Load the pipeline when a worker starts (or joins later), before its first task."""

    name = "claimledger-preload-model"

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def setup(self, worker: object) -> None:
        extractor(self.model)
