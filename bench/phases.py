"""The measured work, one function per phase; `python -m bench.phases NAME JSON` runs one, alone.

Each phase runs in a fresh interpreter (see measure.run_phase), prints one JSON object and exits,
so its timings and peak memory are its own.
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from bench import corpus
from bench.measure import peak_bytes, reset_peak, rss_bytes, timed
from extract.documents import Failure
from graph.records import Document, Extraction

PHASES: dict[str, Callable[..., dict[str, Any]]] = {}


def phase(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    PHASES[fn.__name__] = fn
    return fn


def _fresh_db(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


# -- 1. extraction ---------------------------------------------------------------------------


@phase
def extraction_one_process(*, path: str, count: int, runs: int, model: str, records: str) -> dict[str, Any]:
    """newsgraph's Extractor.extract_many vs the same model's full `spacy.load` + `nlp.pipe`."""
    import spacy

    from extract.pipeline import Extractor

    docs = corpus.documents(Path(path), count)
    texts = [d.text for d in docs]
    ours, peer = Extractor.load(model), spacy.load(model)
    list(ours.extract_many(docs[:8]))  # warm both: first calls allocate
    list(peer.pipe(texts[:8]))
    out: dict[str, Any] = {"docs": len(docs), "words": corpus.words(docs), "ours_s": [], "peer_s": []}
    results: list[Extraction | Failure] = []

    def run_ours() -> None:
        results[:] = ours.extract_many(docs)

    def run_peer() -> None:
        for _ in peer.pipe(texts, batch_size=32):
            pass

    for run in range(runs):
        # Alternate who goes first, so a noisy neighbour hurts both sides alike.
        sides = [("ours_s", run_ours), ("peer_s", run_peer)]
        for key, fn in sides if run % 2 == 0 else sides[::-1]:
            out[key].append(timed(fn))
    extractions = [r for r in results if isinstance(r, Extraction)]
    Path(records).write_bytes(pickle.dumps(extractions, protocol=pickle.HIGHEST_PROTOCOL))
    out["failed"] = len(results) - len(extractions)
    return out


@phase
def extraction_spacy_processes(
    *, path: str, count: int, runs: int, model: str, processes: int
) -> dict[str, Any]:
    """The peer's own multi-process mode: `nlp.pipe(texts, n_process=N)`."""
    import spacy

    docs = corpus.documents(Path(path), count)
    texts = [d.text for d in docs]
    nlp = spacy.load(model)
    list(nlp.pipe(texts[:8]))

    def run_peer() -> None:
        for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
            pass

    seconds = [timed(run_peer) for _ in range(runs)]
    return {"docs": len(docs), "words": corpus.words(docs), "peer_s": seconds}


@phase
def extraction_cluster(*, path: str, count: int, runs: int, model: str, workers: int) -> dict[str, Any]:
    """newsgraph's Dask engine on a local cluster of N single-threaded worker processes."""
    from extract.distributed import cluster_client, extract_on_cluster

    docs = corpus.documents(Path(path), count)
    started = time.perf_counter()
    with cluster_client(workers=workers, model=model) as client:
        startup = time.perf_counter() - started
        list(extract_on_cluster(docs[: 2 * workers], client=client, model=model, task_documents=1))
        seconds = [
            timed(lambda: sum(1 for _ in extract_on_cluster(docs, client=client, model=model)))
            for _ in range(runs)
        ]
    return {"docs": len(docs), "words": corpus.words(docs), "ours_s": seconds, "startup_s": startup}


# -- 2. ingest -------------------------------------------------------------------------------


def _ingest(
    path: Path, db: Path, extract: Callable[[Iterable[Document]], Iterator[Extraction | Failure]]
) -> tuple[int, int]:
    """What `newsgraph ingest` does per document: read, extract, write, update the live graph."""
    from extract.documents import read_documents
    from graph.knowledge import KnowledgeGraph

    kg = KnowledgeGraph.open(_fresh_db(db))
    written = failed = 0
    try:
        docs = (d for d in read_documents([path]) if not isinstance(d, Failure))
        for result in extract(docs):
            if isinstance(result, Failure):
                failed += 1
            else:
                kg.ingest(result)
                written += 1
    finally:
        kg.close()
    return written, failed


@phase
def ingest(*, path: str, runs: int, model: str, workers: int | None, db: str) -> dict[str, Any]:
    """End to end into a fresh store; with `workers`, extraction runs on a local Dask cluster."""
    from contextlib import ExitStack
    from functools import partial

    from extract.pipeline import Extractor

    with ExitStack() as stack:
        started = time.perf_counter()
        if workers:
            from extract.distributed import cluster_client, extract_on_cluster

            client = stack.enter_context(cluster_client(workers=workers, model=model))
            extract: Any = partial(extract_on_cluster, client=client, model=model)
        else:
            extract = Extractor.load(model).extract_many
        startup = time.perf_counter() - started
        list(extract(corpus.documents(Path(path), 2 * (workers or 1))))  # warm the pipelines
        seconds, counts = [], (0, 0)
        for _ in range(runs):
            began = time.perf_counter()
            counts = _ingest(Path(path), Path(db), extract)
            seconds.append(time.perf_counter() - began)
    return {"docs": counts[0], "failed": counts[1], "ours_s": seconds, "startup_s": startup}


@phase
def store_write(*, records: str, runs: int, db: str) -> dict[str, Any]:
    """The coordinator's share: write ready extraction records to the store and the live graph."""
    from graph.knowledge import KnowledgeGraph

    extractions: list[Extraction] = pickle.loads(Path(records).read_bytes())
    seconds = []
    for _ in range(runs):
        kg = KnowledgeGraph.open(_fresh_db(Path(db)))
        began = time.perf_counter()
        for extraction in extractions:
            kg.ingest(extraction)
        seconds.append(time.perf_counter() - began)
        stats = kg.stats()
        kg.close()
    return {"docs": len(extractions), "ours_s": seconds, "nodes": stats["nodes"], "edges": stats["edges"]}


# -- 3. scale --------------------------------------------------------------------------------


@phase
def build(*, db: str) -> dict[str, Any]:
    """Start-up: the live graph built from the store; seconds and the memory it holds."""
    from graph.knowledge import KnowledgeGraph

    base = rss_bytes()
    reset_peak()
    started = time.perf_counter()
    kg = KnowledgeGraph.open(db)
    seconds = time.perf_counter() - started
    g = kg.graph
    return {
        "seconds": seconds,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "peak_bytes": peak_bytes() - base,
        "held_bytes": rss_bytes() - base,
    }


@phase
def build_peer(*, node_link: str) -> dict[str, Any]:
    """The peer's start-up: the same graph from its node-link JSON file with json + networkx."""
    import networkx as nx

    base = rss_bytes()
    reset_peak()
    started = time.perf_counter()
    with open(node_link, encoding="utf-8") as fh:
        g = nx.node_link_graph(json.load(fh), edges="edges")
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "peak_bytes": peak_bytes() - base,
        "held_bytes": rss_bytes() - base,
    }


def main(argv: list[str]) -> int:
    name, raw = argv[0], argv[1] if len(argv) > 1 else "{}"
    result = PHASES[name](**json.loads(raw))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
