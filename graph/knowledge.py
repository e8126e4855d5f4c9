"""The live knowledge graph: the store plus its NetworkX MultiDiGraph, kept in step under a lock.

Readers take `reading()`; an ingest applies each document's delta under the write side of the same
lock, so a query sees the graph before or after a document, never half of one.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from graph.merge import public
from graph.records import Extraction
from graph.store import Delta, Store


class ReadWriteLock:
    """Many readers or one writer, and neither side starves: a waiting writer holds back new
    readers, and the readers that waited for a writer go in before the next writer does."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0
        self._readers_waiting = 0
        self._readers_turn = False  # a writer left while readers waited: they go first

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            self._readers_waiting += 1
            while self._writer or (self._writers_waiting and not self._readers_turn):
                self._cond.wait()
            self._readers_waiting -= 1
            if not self._readers_waiting:
                self._readers_turn = False
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writer or self._readers or self._readers_turn:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._readers_turn = self._readers_waiting > 0
                self._cond.notify_all()


@dataclass(frozen=True, slots=True)
class IngestResult:
    doc_id: str
    status: str  # added | replaced | unchanged | deleted
    nodes: int  # nodes this document touched
    edges: int


def build_graph(store: Store) -> nx.MultiDiGraph:
    """Read the merged rows into a MultiDiGraph (edge key = relation).

    Start-up reads millions of rows, so this fills the graph's dicts directly (what add_node and
    add_edge would do, without a copy of each attribute dict) and pauses the cyclic garbage
    collector, whose repeated full passes over the new objects would otherwise triple the time.
    The graph then lives as long as the process: `gc.freeze()` takes its objects out of the
    collector's sight, so no later collection walks them all again (a pause of seconds at 1M
    edges, in the middle of some request). Reference counting still frees what is deleted.
    """
    g = nx.MultiDiGraph()
    nodes, succ, pred = g._node, g._succ, g._pred
    paused = gc.isenabled()
    gc.disable()
    try:
        for node_id, data in store.iter_nodes():
            data.pop("_primary", None)  # merge's bookkeeping, as public() drops it
            nodes[node_id] = data
            succ[node_id] = {}
            pred[node_id] = {}
        for source, target, key, data in store.iter_edges():
            data.pop("_primary", None)
            for end in (source, target):
                if end not in nodes:  # the store keeps ends with edges; be as lenient as add_edge
                    nodes[end], succ[end], pred[end] = {}, {}, {}
            keys = succ[source].get(target)
            if keys is None:
                keys = succ[source][target] = pred[target][source] = {}
            keys[key] = data
    finally:
        gc.freeze()
        if paused:
            gc.enable()
    return g


class KnowledgeGraph:
    """The store and the in-memory graph built from it; the one object the API and CLI hold."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = ReadWriteLock()
        self.graph = build_graph(store)
        self.version = 0  # bumped on every change; caches key on it

    @classmethod
    def open(cls, path: str | Path) -> KnowledgeGraph:
        return cls(Store(path))

    def close(self) -> None:
        self.store.close()

    @contextmanager
    def reading(self) -> Iterator[nx.MultiDiGraph]:
        with self.lock.read():
            yield self.graph

    # A change holds the write lock from the store's transaction to the graph's last update: a
    # reader (who may read both) sees the document in both or in neither, and two writers cannot
    # interleave and leave an older merged row in memory.

    def ingest(self, extraction: Extraction) -> IngestResult:
        with self.lock.write():
            delta = self.store.write(extraction)
            self._apply(delta)
        return IngestResult(delta.doc_id, delta.status, len(delta.nodes), len(delta.edges))

    def delete(self, doc_id: str) -> IngestResult:
        with self.lock.write():
            delta = self.store.delete(doc_id)
            self._apply(delta)
        return IngestResult(delta.doc_id, delta.status, len(delta.nodes), len(delta.edges))

    def _apply(self, delta: Delta) -> None:
        """Bring the graph up to the store's change; the caller holds the write lock."""
        if not delta.nodes and not delta.edges:
            return
        g = self.graph
        for node_id, data in delta.nodes.items():
            if data is None:
                if node_id in g:
                    g.remove_node(node_id)
            else:
                attrs = public(data)
                if node_id in g:
                    g.nodes[node_id].clear()
                    g.nodes[node_id].update(attrs)
                else:
                    g.add_node(node_id, **attrs)
        for (source, target, key), data in delta.edges.items():
            if data is None:
                if g.has_edge(source, target, key):
                    g.remove_edge(source, target, key)
            else:
                g.add_edge(source, target, key=key, **public(data))
                g.edges[source, target, key].clear()
                g.edges[source, target, key].update(public(data))
        self.version += 1

    def stats(self) -> dict[str, Any]:
        with self.reading() as g:
            kinds: dict[str, int] = {}
            for _, kind in g.nodes(data="kind"):
                kinds[kind] = kinds.get(kind, 0) + 1
            return {
                "documents": self.store.count_documents(),
                "nodes": g.number_of_nodes(),
                "edges": g.number_of_edges(),
                "entities": sum(v for k, v in kinds.items() if k != "event"),
                "events": kinds.get("event", 0),
                "kinds": kinds,
            }
