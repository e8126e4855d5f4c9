"""PageRank of the graph read as undirected, by power iteration over edge arrays; degree rankings.

Role edges point actor -> event -> recipient; read one way, rank would flow only to whoever is
acted upon, so every edge counts in both directions (parallel edges count once each). The
iteration matches networkx's `pagerank` (uniform teleport, dangling mass spread evenly).

`rank_store` computes both rankings from a store's merged rows at one change sequence: it needs
no live graph, so it runs beside a server (in another thread or process) and its result is
swapped in whole.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import numpy as np

from graph.derived import Rankings
from graph.store import open_rows
from graph.vocabulary import ENTITY_KINDS

TOP = 100  # entities kept per ranking


def _power_iteration(
    n: int, heads: np.ndarray, tails: np.ndarray, *, alpha: float, tol: float, max_iter: int
) -> np.ndarray:
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
    return rank


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
    rank = _power_iteration(n, heads, tails, alpha=alpha, tol=tol, max_iter=max_iter)
    return dict(zip(nodes, rank.tolist(), strict=True))


def _top(ids: list[str], values: np.ndarray, among: np.ndarray, limit: int) -> list[int]:
    """The positions of the `limit` highest values among the positions `among`, ties by id."""
    if not len(among):
        return []
    chosen = values[among]
    if len(chosen) > limit:  # only what could reach the top is sorted in Python
        floor = np.partition(chosen, len(chosen) - limit)[len(chosen) - limit]
        among = among[chosen >= floor]
    return sorted(among.tolist(), key=lambda i: (-values[i], ids[i]))[:limit]


def rank_store(path: str | Path, *, limit: int = TOP) -> Rankings:
    """Entities by degree and by PageRank from the store at `path`, at its current change."""
    started = time.perf_counter()
    with open_rows(path) as rows:
        seq = rows.seq
        position: dict[str, int] = {}
        entity = array("b")
        for node_id, kind in rows.node_kinds():
            position[node_id] = len(position)
            entity.append(kind in ENTITY_KINDS)
        ends = _edge_positions(position, rows.edge_ends())
    n = len(position)
    ids = list(position)
    del position
    heads, tails = ends[0::2], ends[1::2]
    entities = np.flatnonzero(np.frombuffer(entity, dtype=np.int8))
    rank = _power_iteration(n, heads, tails, alpha=0.85, tol=1.0e-8, max_iter=100) if n else np.zeros(0)
    degree = np.bincount(heads, minlength=n) + np.bincount(tails, minlength=n)
    by_degree = _top(ids, degree, entities, limit)
    by_pagerank = _top(ids, rank, entities, limit)
    scores = {ids[i]: float(rank[i]) for i in {*by_degree, *by_pagerank}}
    return Rankings(
        seq,
        time.time(),
        time.perf_counter() - started,
        [ids[i] for i in by_degree],
        [ids[i] for i in by_pagerank],
        scores,
    )


def _edge_positions(position: dict[str, int], ends: Iterable[tuple[str, str]]) -> np.ndarray:
    flat = array("q")
    for source, target in ends:
        head, tail = position.get(source), position.get(target)
        if head is not None and tail is not None:  # the store keeps an edge's ends with it
            flat.append(head)
            flat.append(tail)
    return np.frombuffer(flat, dtype=np.int64)
