"""Extraction in a separate process: a child that loads the spaCy pipeline once and extracts what it
is sent, so a server's requests neither wait for spaCy nor compete with it for the interpreter.

The child is started on first use (graph.upkeep.child_process_pool: spawned, and gone with this
process) and lives until `close`. If it dies (out of memory, a crash in native code), the documents it
held come back as Failures and the next call starts a new child.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from extract.errors import Failure
from extract.nlp import DEFAULT_MODEL
from graph.records import Document, Extraction
from graph.upkeep import child_process_pool

BATCH = 8  # documents per task: results flow back while the rest is still being extracted

_extractors: dict[str, Any] = {}  # the child's pipeline, loaded by its first task


def _extractor(model: str) -> Any:
    # loaded in a task, not a pool initializer: a missing model then reaches the caller as the
    # ModelNotInstalled it is, not as a pool that broke for no stated reason
    if model not in _extractors:
        from extract.pipeline import Extractor

        _extractors[model] = Extractor.load(model)
    return _extractors[model]


def _load(model: str) -> None:
    _extractor(model)


def _extract(model: str, documents: list[Document]) -> list[Extraction | Failure]:
    extractor = _extractor(model)
    return list(extractor.extract_many(documents, batch_size=max(1, len(documents))))


def _pid() -> int:
    return os.getpid()


class ExtractionProcess:
    """A child process extracting documents for this one; thread-safe."""

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        self.model = model
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = child_process_pool()
            return self._pool

    def _lost(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def pid(self) -> int:
        """The child's process id (starting it if need be)."""
        return self._started().submit(_pid).result()

    def load(self) -> None:
        """Start the child and load the pipeline in it now (else the first documents wait for it)."""
        self._started().submit(_load, self.model).result()

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction | Failure]:
        """One record or Failure per document, in order; a few batches are in flight at a time."""
        pool = self._started()
        batches: list[tuple[list[Document], Future[list[Extraction | Failure]]]] = []
        items = iter(documents)

        def submit() -> bool:
            batch = [d for _, d in zip(range(BATCH), items, strict=False)]
            if batch:
                batches.append((batch, pool.submit(_extract, self.model, batch)))
            return bool(batch)

        while len(batches) < 2 and submit():
            pass
        while batches:
            batch, future = batches.pop(0)
            try:
                results = future.result()
            except BrokenProcessPool:
                self._lost(pool)
                for _, pending in batches:
                    pending.cancel()
                failed = batch + [d for b, _ in batches for d in b] + list(items)
                yield from (Failure(d.id, "the extraction process died; send it again") for d in failed)
                return
            submit()
            yield from results

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
