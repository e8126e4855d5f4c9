"""The measured work, one function per phase; `python -m bench.phases NAME JSON` runs one, alone.

Each phase runs in a fresh interpreter (see measure.run_phase), prints one JSON object and exits,
so its timings and peak memory are its own.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from bench import corpus
from bench.measure import peak_bytes, reset_peak, rss_bytes, timed
from extract.errors import Failure
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

    from extract.nlp import model_location
    from extract.pipeline import Extractor

    docs = corpus.documents(Path(path), count)
    texts = [d.text for d in docs]
    ours, peer = Extractor.load(model), spacy.load(model_location(model))
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

    from extract.nlp import model_location

    docs = corpus.documents(Path(path), count)
    texts = [d.text for d in docs]
    nlp = spacy.load(model_location(model))
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
    """What `newsgraph ingest` does: read, extract, write each document (extract.ingest)."""
    from extract.documents import read_documents
    from extract.ingest import ingest as ingest_path
    from graph.store import Store

    written = failed = 0
    with Store(_fresh_db(db)) as store:
        docs = (d for d in read_documents([path]) if not isinstance(d, Failure))
        for outcome in ingest_path(docs, extract=extract, into=store):
            failed += outcome.status == "failed"
            written += outcome.status != "failed"
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
    """The coordinator's share: write ready extraction records to the store."""
    from graph.store import Store

    extractions: list[Extraction] = pickle.loads(Path(records).read_bytes())
    seconds = []
    nodes = edges = 0
    for _ in range(runs):
        with Store(_fresh_db(Path(db))) as store:
            began = time.perf_counter()
            for extraction in extractions:
                store.ingest(extraction)
            seconds.append(time.perf_counter() - began)
            nodes = sum(store.count_nodes().values())
            with store.rows() as rows:
                edges = rows.count_edges()
    return {"docs": len(extractions), "ours_s": seconds, "nodes": nodes, "edges": edges}


# -- 3. scale --------------------------------------------------------------------------------


@phase
def build(*, db: str) -> dict[str, Any]:
    """Start-up without a snapshot: the live graph built from the store; seconds, memory held.

    The same phase, run in a checkout of the code before the living-graph change (see
    bench/baseline.py), measures the build it replaced."""
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


def _full_graph(db: str) -> Any:
    """The graph with every attribute, as a user holding it in NetworkX would (and as newsgraph
    itself held it before it left long text in the store)."""
    import networkx as nx

    from graph.store import open_rows

    g = nx.MultiDiGraph()
    with open_rows(db) as rows:
        for node_id, data in rows.nodes():
            data.pop("_primary", None)
            g.add_node(node_id, **data)
        for source, target, key, data in rows.edges():
            data.pop("_primary", None)
            g.add_edge(source, target, key=key, **data)
    return g


@phase
def full_graph(*, db: str, out: str) -> dict[str, Any]:
    """The full NetworkX graph of a store, pickled to `out` for the peers that start from it."""
    import gc

    gc.disable()
    started = time.perf_counter()
    g = _full_graph(db)
    built = time.perf_counter() - started
    with open(out, "wb") as fh:
        pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "build_s": built,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "size": Path(out).stat().st_size,
    }


@phase
def pickle_load(*, path: str) -> dict[str, Any]:
    """The peer's restart: `pickle.loads` of the full NetworkX graph (bytes already in memory;
    the cyclic collector paused during the load, as newsgraph pauses it for its own)."""
    import gc

    data = Path(path).read_bytes()
    base = rss_bytes()
    reset_peak()
    gc.disable()
    started = time.perf_counter()
    g = pickle.loads(data)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "peak_bytes": peak_bytes() - base,
    }


@phase
def latency_peer(*, graph: str, params_out: str, count: int, budget_s: float) -> dict[str, Any]:
    """Draw the query parameters, and time each query as a direct NetworkX call in process."""
    import gc

    from bench.measure import percentile
    from bench.queries import QUERIES, sample_params

    gc.disable()
    g = pickle.loads(Path(graph).read_bytes())
    gc.enable()
    params = sample_params(g, count=count)
    Path(params_out).write_text(json.dumps(params), encoding="utf-8")
    out: dict[str, Any] = {}
    for query in QUERIES:
        samples: list[float] = []
        started = time.perf_counter()
        for p in params[query.sample]:
            began = time.perf_counter()
            query.peer(g, p)
            samples.append((time.perf_counter() - began) * 1000)
            if len(samples) >= 5 and time.perf_counter() - started > budget_s:
                break  # scans of a big graph: a few samples say enough
        out[query.name] = {
            "p50_ms": percentile(samples, 50),
            "p99_ms": percentile(samples, 99),
            "samples": len(samples),
        }
    return out


@phase
def generate(*, source: str, out: str, edges: int) -> dict[str, Any]:
    """The large graph: copies of the source store's records under new names (bench/generate.py)."""
    from bench.generate import generate as make

    _fresh_db(Path(out))
    return make(source, out, edges=edges)


@phase
def resolve_at_scale(*, db: str, source: str, count: int) -> dict[str, Any]:
    """Entity resolution inside `Store.write` on the large archive: `count` documents of its first
    copy again, under new document and event ids, so that each names what the archive already
    names, as a new article does; written one by one, then deleted (the archive is left as it
    was). Resolution's share is the time in indexing the names and deciding them."""
    from functools import partial

    from bench.generate import Renamer, Words, as_extraction, doc_ranks, read_templates, replicate
    from graph.store import Store

    class Again(Renamer):
        def node_id(self, node_id: str) -> str:
            new = super().node_id(node_id)
            return new.replace("event:", "event:again-", 1) if new.startswith("event:") else new

        def doc_id(self, doc_id: str) -> str:
            return f"again/{super().doc_id(doc_id)}"

    templates = read_templates(source)
    names = Again(0, Words(templates), doc_ranks(templates))
    extractions = [as_extraction(replicate(t, names)) for t in templates[:count]]
    store = Store(db)
    spent = [0.0]

    def counted(fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - began

        return run

    store._index = counted(store._index)  # type: ignore[method-assign]
    store._resolve = counted(store._resolve)  # type: ignore[method-assign]
    archive = store.count_documents()
    writes, resolving, deletes = [], [], []
    for extraction in extractions:
        spent[0] = 0.0
        writes.append(timed(partial(store.write, extraction)))
        resolving.append(spent[0])
    for extraction in extractions:
        deletes.append(timed(partial(store.delete, extraction.document.id)))
    left = store.count_documents()
    store.close()
    ms = 1000 / len(extractions)
    return {
        "archive_docs": archive,
        "docs": len(extractions),
        "write_ms": sum(writes) * ms,
        "resolve_ms": sum(resolving) * ms,
        "resolve_p99_ms": sorted(resolving)[int(0.99 * (len(resolving) - 1))] * 1000,
        "delete_ms": sum(deletes) * ms,
        "restored": left == archive,
    }


# -- 4. exports -------------------------------------------------------------------------------


def _flat(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) else json.dumps(value, ensure_ascii=False)


def _flatten(g: Any) -> None:
    """What networkx's XML writers need first: no lists, dicts or None among the attributes."""
    for attrs in [d for _, d in g.nodes(data=True)] + [d for *_, d in g.edges(keys=True, data=True)]:
        for key, value in list(attrs.items()):
            if value is None:
                del attrs[key]
            else:
                attrs[key] = _flat(value)


@phase
def export(*, db: str, fmt: str, out: str) -> dict[str, Any]:
    """Our export of the whole graph, as `newsgraph export` writes it: streamed from the store."""
    from graph.exports.source import stored_export
    from graph.store import Store

    base = rss_bytes()
    reset_peak()
    started = time.perf_counter()
    with Store(db) as store, open(out, "wb") as fh:
        for chunk in stored_export(store, fmt):
            fh.write(chunk)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_bytes": peak_bytes() - base, "size": Path(out).stat().st_size}


@phase
def export_peers(*, graph: str, formats: list[str], out: str) -> dict[str, Any]:
    """networkx's writers on the full graph (loaded from its pickle, not timed), one after another:
    JSON first, then the XML writers, which need lists and None made strings first (not timed)."""
    import gc

    import networkx as nx

    gc.disable()
    g = pickle.loads(Path(graph).read_bytes())
    gc.enable()
    results: dict[str, Any] = {}
    flat = False
    for fmt in sorted(formats, key=lambda f: f != "json"):
        if fmt != "json" and not flat:
            _flatten(g)
            flat = True
        path = f"{out}.{fmt}"
        base = rss_bytes()
        reset_peak()
        started = time.perf_counter()
        if fmt == "json":
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(nx.node_link_data(g, edges="edges")))
        elif fmt == "graphml":
            nx.write_graphml(g, path)
        else:
            nx.write_gexf(g, path)
        seconds = time.perf_counter() - started
        results[fmt] = {
            "seconds": seconds,
            "peak_bytes": peak_bytes() - base,
            "size": Path(path).stat().st_size,
        }
        Path(path).unlink()
    return results


def main(argv: list[str]) -> int:
    name, raw = argv[0], argv[1] if len(argv) > 1 else "{}"
    result = PHASES[name](**json.loads(raw))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stderr.flush()
    os._exit(code)  # skip freeing a graph of millions of objects one by one: the OS takes it back
