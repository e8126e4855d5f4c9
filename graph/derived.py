"""Indexes kept in step with the live graph, and the global rankings recomputed beside it.

- `Counts` (nodes by kind, events by type, edges by relation) and `Indexes` (the name index and
  the event timeline): `KnowledgeGraph` tells them of every node and edge it changes, under its
  write lock, so each write updates only the entries of what it touched.
- `Rankings` are the measures that depend on the whole graph (entities by degree, by PageRank).
  They are computed from a consistent copy (the store at one change sequence, see
  graph.centrality) away from the request path and swapped in whole; an answer says which
  sequence they were computed at, so a client knows how fresh they are.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.search import NameIndex
from graph.timeline import Timeline

# what a node must change for the name index or the timeline to see it
_NAME_FIELDS = ("kind", "label", "aliases", "mentions")
_TIME_FIELDS = ("kind", "date", "event_type")


@dataclass(slots=True)
class Counts:
    """How many nodes and edges, nodes by kind, events by type, edges by relation."""

    nodes: int = 0
    edges: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    event_types: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)

    def node(self, data: Mapping[str, Any], sign: int) -> None:
        kind = data.get("kind") or ""
        self.nodes += sign
        self.kinds[kind] += sign
        if kind == "event":
            self.event_types[data.get("event_type") or ""] += sign

    def edge(self, key: str, data: Mapping[str, Any], sign: int) -> None:
        self.edges += sign
        self.relations[str(data.get("relation") or key)] += sign

    @classmethod
    def of(cls, g: nx.MultiDiGraph) -> Counts:
        counts = cls()
        for _, data in g.nodes(data=True):
            counts.node(data, 1)
        for _, _, key, data in g.edges(keys=True, data=True):
            counts.edge(key, data, 1)
        return counts

    def as_dict(self) -> dict[str, Any]:
        def positive(counter: Counter[str]) -> dict[str, int]:
            return {k: v for k, v in sorted(counter.items()) if v > 0}

        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "kinds": positive(self.kinds),
            "event_types": positive(self.event_types),
            "relations": positive(self.relations),
        }


@dataclass(frozen=True, slots=True)
class Rankings:
    """Entities by degree and by PageRank, as computed at change `seq` of the store."""

    seq: int
    computed_at: float  # time.time() when done
    seconds: float  # how long the computation took
    by_degree: list[str]  # the top entities, highest first
    by_pagerank: list[str]
    pagerank: dict[str, float]  # the score of every entity listed above

    def age(self) -> float:
        return max(0.0, time.time() - self.computed_at)


class Indexes:
    """The name index and timeline of one live graph (and its last rankings), changed as the graph
    changes."""

    def __init__(self, names: NameIndex, timeline: Timeline) -> None:
        self.names = names
        self.timeline = timeline
        self.rankings: Rankings | None = None

    @classmethod
    def build(cls, g: nx.MultiDiGraph) -> Indexes:
        return cls(NameIndex.build(g), Timeline(g))

    def node_changed(
        self, node_id: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
    ) -> None:
        """One node came, went or changed its attributes (old and new: None when absent)."""
        if _differ(old, new, _NAME_FIELDS):
            self.names.update(node_id, new)
        if _differ(old, new, _TIME_FIELDS):
            if old is not None and old.get("kind") == "event":
                self.timeline.remove(node_id, old)
            if new is not None and new.get("kind") == "event":
                self.timeline.add(node_id, new)


def _differ(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, names: tuple[str, ...]) -> bool:
    if old is None or new is None:
        return old is not new
    return any(old.get(name) != new.get(name) for name in names)
