"""PageRank of the graph read as undirected, by power iteration over edge arrays.

Role edges point actor -> event -> recipient; read one way, rank would flow only to whoever is
acted upon, so every edge counts in both directions (parallel edges count once each). The
iteration matches networkx's `pagerank` (uniform teleport, dangling mass spread evenly).
"""

from __future__ import annotations

import heapq

import networkx as nx
import numpy as np

from graph.records import ENTITY_KINDS


def pagerank(
    g: nx.MultiDiGraph, *, alpha: float = 0.85, tol: float = 1.0e-8, max_iter: int = 100
) -> dict[str, float]:
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    position = {node: i for i, node in enumerate(nodes)}
    m = g.number_of_edges()
    heads = np.fromiter((position[u] for u, _ in g.edges()), dtype=np.int64, count=m)
    tails = np.fromiter((position[v] for _, v in g.edges()), dtype=np.int64, count=m)
    src = np.concatenate([heads, tails])
    dst = np.concatenate([tails, heads])
    degree = np.bincount(src, minlength=n).astype(np.float64)
    dangling = degree == 0
    safe_degree = np.where(dangling, 1.0, degree)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        flow = np.bincount(dst, weights=(rank / safe_degree)[src], minlength=n)
        new = alpha * (flow + rank[dangling].sum() / n) + (1.0 - alpha) / n
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return dict(zip(nodes, rank.tolist(), strict=True))


def top_entities(g: nx.MultiDiGraph, scores: dict[str, float], *, limit: int = 100) -> list[str]:
    """The `limit` people, organizations and places of highest score, highest first."""
    entities = (n for n, kind in g.nodes(data="kind") if kind in ENTITY_KINDS)
    return heapq.nsmallest(limit, entities, key=lambda n: (-scores.get(n, 0.0), n))
