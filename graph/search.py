"""Find entities by name or alias: exact, prefix and typo-tolerant matches, ranked."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from rapidfuzz import fuzz, process, utils

from graph.records import ENTITY_KINDS


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float


def search_entities(g: nx.MultiDiGraph, query: str, *, kind: str | None = None, limit: int = 20) -> list[Hit]:
    """Entities whose label or an alias matches `query`, best first, then by mentions."""
    q = utils.default_process(query)
    if not q:
        return []
    names: list[str] = []
    owners: list[str] = []
    for node_id, data in g.nodes(data=True):
        node_kind = data.get("kind")
        if node_kind not in ENTITY_KINDS or (kind and node_kind != kind):
            continue
        for name in {data.get("label", ""), *data.get("aliases", ())}:
            names.append(name)
            owners.append(node_id)
    best: dict[str, float] = {}
    for _, score, index in process.extract(
        q, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=None, score_cutoff=75
    ):
        node_id = owners[index]
        best[node_id] = max(best.get(node_id, 0.0), float(score))
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], -g.nodes[kv[0]].get("mentions", 0), kv[0]))
    return [Hit(node_id, score) for node_id, score in ranked[:limit]]
