"""Run extraction on a Dask cluster and hand its records back in input order.

Workers load the spaCy pipeline once each (a worker plugin warms `load_pipeline`'s per-process
cache) and turn batches of documents into `Extraction` records. The caller writes them to the store
in input order, so the graph is the one a single process would build. At most `window` batches are
submitted and not yet handed back, so memory stays bounded however long the input is. A task whose
worker dies is rerun elsewhere by the scheduler; a batch that still fails becomes one `Failure`
per document, with the reason.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import distributed
from distributed import Client, WorkerPlugin

from extract.errors import ExtractionError, Failure
from extract.nlp import DEFAULT_MODEL, load_pipeline
from extract.pipeline import Extractor
from graph.records import Document, Extraction

TASK_DOCUMENTS = 16  # documents per task: ~1 s of work, small next to the scheduler's overhead
TASK_RETRIES = 2  # reruns of a task that raised; a dead worker's tasks are rerun by the scheduler
CONNECT_TIMEOUT = 20.0  # seconds


class ClusterError(ExtractionError):
    """The Dask cluster cannot be reached, lacks the project or the model, or was lost mid-run."""


def extract_batch(documents: list[Document], model: str = DEFAULT_MODEL) -> list[Extraction | Failure]:
    """The worker's task: one batch of documents -> one record or Failure each, in order."""
    extractor = Extractor(load_pipeline(model))
    try:
        return list(extractor.extract_many(documents, batch_size=len(documents) or 1))
    except Exception:  # the spaCy pass itself failed (e.g. a text over nlp.max_length): isolate it
        results: list[Extraction | Failure] = []
        for document in documents:
            try:
                results.extend(extractor.extract_many([document]))
            except Exception as exc:
                results.append(Failure(document.id, f"extraction failed: {exc!r}"))
        return results


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(itertools.islice(it, size)):
        yield batch


class _PreloadModel(WorkerPlugin):
    """Worker plugin: load the pipeline when a worker starts, before its first task arrives."""

    name = "newsgraph-model"

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        load_pipeline(self.model)

    def teardown(self, worker: Any) -> None:
        return None


def _check_worker(model: str) -> str:
    import spacy

    load_pipeline(model)
    return spacy.__version__


@contextmanager
def cluster_client(
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    model: str = DEFAULT_MODEL,
    timeout: float = CONNECT_TIMEOUT,
) -> Iterator[Client]:
    """A client of a new local cluster of `workers` processes, or of the cluster at `scheduler`."""
    if (workers is None) == (scheduler is None):
        raise ClusterError("give either a number of workers or a scheduler address, not both")
    if workers is not None and workers < 1:
        raise ClusterError(f"--workers must be at least 1, not {workers}")
    cluster = None
    try:
        if scheduler is not None:
            client = distributed.Client(scheduler, timeout=timeout)
        else:
            import logging

            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(cluster, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        _prepare(client, model, timeout=timeout)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _prepare(client: Client, model: str, *, timeout: float) -> None:
    """Fail fast, with the reason, when a worker lacks the project or the model."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        raise ClusterError("the Dask cluster has no workers") from exc
    try:
        client.run(_check_worker, model)
    except Exception as exc:
        raise ClusterError(
            f"a Dask worker cannot run extraction ({exc!r}); install the project and the "
            f"model {model!r} where the workers run"
        ) from exc
    client.register_plugin(_PreloadModel(model), name=_PreloadModel.name)


def extract_on_cluster(
    documents: Iterable[Document],
    *,
    client: Client,
    model: str = DEFAULT_MODEL,
    task_documents: int = TASK_DOCUMENTS,
    window: int | None = None,
    retries: int = TASK_RETRIES,
) -> Iterator[Extraction | Failure]:
    """Extract on the cluster; yield one record or Failure per document, in input order.

    `window` bounds the batches submitted and not yet yielded (default: two per worker thread
    plus two), so a slow batch at the head holds back new submissions instead of memory growing.
    """
    if window is None:
        window = 2 * max(1, sum(client.nthreads().values())) + 2
    run = uuid.uuid4().hex[:12]
    batches = enumerate(_batches(documents, task_documents))
    pending = distributed.as_completed()
    index_of: dict[str, int] = {}
    ids: dict[int, list[str]] = {}
    ready: dict[int, list[Extraction | Failure]] = {}
    submitted = handed = 0

    def fill() -> None:
        nonlocal submitted
        while submitted - handed < window:
            item = next(batches, None)
            if item is None:
                return
            index, batch = item
            key = f"newsgraph-extract-{run}-{index}"
            future = client.submit(extract_batch, batch, model, key=key, retries=retries, pure=False)
            index_of[key] = index
            ids[index] = [d.id for d in batch]
            pending.add(future)
            submitted += 1

    fill()
    while handed < submitted:
        if handed not in ready:
            future = next(pending)
            index = index_of.pop(future.key)
            ready[index] = _outcome(future, ids[index])
            future.release()
            continue
        yield from ready.pop(handed)
        del ids[handed]
        handed += 1
        fill()


def _outcome(future: Any, doc_ids: list[str]) -> list[Extraction | Failure]:
    try:
        results: list[Extraction | Failure] = future.result()
    except Exception as exc:
        if future.status == "cancelled" or type(exc).__name__ in ("CancelledError", "FutureCancelledError"):
            raise ClusterError(f"lost the Dask scheduler mid-run: {exc!r}") from exc
        return [Failure(doc_id, f"extraction failed on the cluster: {exc!r}") for doc_id in doc_ids]
    if len(results) != len(doc_ids):  # a worker running other code than ours
        return [Failure(doc_id, "the worker returned a malformed batch") for doc_id in doc_ids]
    return results
