"""How the server extracts POSTed documents: never on its own request threads.

By default a child process does it (extract.worker); with NEWSGRAPH_SCHEDULER, a Dask cluster
(extract.distributed); an extractor handed to `create_app` runs in this process (tests, and
programs that embed the app). The server itself only writes the records that come back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from api.settings import Settings
from extract.errors import ExtractionError, Failure
from extract.worker import ExtractionProcess
from graph.records import Document, Extraction

if TYPE_CHECKING:  # imports spaCy, which the server never loads itself
    from extract.pipeline import Extractor


class ServerExtractor:
    """The server's extraction, started on first use and stopped with the app."""

    def __init__(self, settings: Settings, extractor: Extractor | None = None) -> None:
        self._settings = settings
        self._extractor = extractor
        self._process: ExtractionProcess | None = None
        self._cluster: Any = None
        self._stack = ExitStack()
        self._lock = threading.Lock()

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction | Failure]:
        if self._extractor is not None:
            return self._extractor.extract_many(documents)
        if self._settings.scheduler is not None:
            from extract.distributed import extract_on_cluster

            return extract_on_cluster(documents, client=self._client(), model=self._settings.model)
        return self._child().extract_many(documents)

    def _child(self) -> ExtractionProcess:
        with self._lock:
            if self._process is None:
                self._process = ExtractionProcess(self._settings.model)
            return self._process

    def _client(self) -> Any:
        with self._lock:
            if self._cluster is None:
                try:
                    from extract.distributed import cluster_client
                except ImportError as exc:
                    raise ExtractionError(
                        "NEWSGRAPH_SCHEDULER needs Dask distributed: pip install 'newsgraph[distributed]'"
                    ) from exc
                scheduler, model = self._settings.scheduler, self._settings.model
                self._cluster = self._stack.enter_context(cluster_client(scheduler=scheduler, model=model))
            return self._cluster

    def close(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is not None:
            process.close()
        self._stack.close()
