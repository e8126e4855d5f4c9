"""Structures derived from one version of the live graph, built on first use and kept until it changes.

A `KnowledgeGraph` bumps `version` on every applied change, under its write lock. Callers hold the
read lock and pass the version they read there, so a structure is never built from, or served for,
a graph other than the one the caller sees. Each structure has its own lock: two requests needing
the name index build it once, while a third computing PageRank does not hold them up.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx

from graph.centrality import pagerank, top_entities
from graph.queries import graph_counts
from graph.search import NameIndex
from graph.timeline import Timeline

T = TypeVar("T")


class Derived:
    """Per-version cache of the name index, the event timeline, counts and PageRank."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._built: dict[str, tuple[int, Any]] = {}
        self.ready = threading.Event()  # set once `warm` has built everything

    def _get(self, name: str, version: int, build: Callable[[], T]) -> T:
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            cached = self._built.get(name)
            if cached is not None and cached[0] == version:
                return cached[1]
            value = build()
            self._built[name] = (version, value)
            return value

    def names(self, g: nx.MultiDiGraph, version: int) -> NameIndex:
        return self._get("names", version, lambda: NameIndex.build(g))

    def timeline(self, g: nx.MultiDiGraph, version: int) -> Timeline:
        return self._get("timeline", version, lambda: Timeline(g))

    def counts(self, g: nx.MultiDiGraph, version: int) -> dict[str, Any]:
        return self._get("counts", version, lambda: graph_counts(g))

    def pagerank(self, g: nx.MultiDiGraph, version: int) -> dict[str, float]:
        return self._get("pagerank", version, lambda: pagerank(g))

    def central(self, g: nx.MultiDiGraph, version: int) -> list[str]:
        """The 100 entities of highest PageRank, highest first."""
        return self._get("central", version, lambda: top_entities(g, self.pagerank(g, version)))

    def warm(self, g: nx.MultiDiGraph, version: int) -> None:
        """Build everything now (at start-up) so the first requests do not pay for it.

        Then freeze what was built, as `build_graph` does the graph: at a million edges the index
        and timeline are millions of objects, and a full collection walking them is a pause of a
        second in some request.
        """
        self.names(g, version)
        self.timeline(g, version)
        self.counts(g, version)
        self.central(g, version)
        gc.freeze()
        self.ready.set()
