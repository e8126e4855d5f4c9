"""Long text kept in the store, not in memory: which attributes those are, and how answers get them.

Sentences, quotes and evidence are most of a graph's bytes, and few answers show them. The live
graph holds every other attribute; a query that shows text asks a `TextSource` (the store) for the
nodes and edges it answers with, in one round trip for all of them. A graph whose attribute dicts
still hold their text (a copy made for an export, a graph built by hand) needs no source: pass
None and the text is read from the dicts themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import networkx as nx

NODE_TEXT = ("sentence", "quote", "evidence")  # events' long text
EDGE_TEXT = ("evidence",)

EdgeKey = tuple[str, str, str]


class TextSource(Protocol):
    """Where the long text of merged nodes and edges is kept (graph.store.Store is one)."""

    def node_texts(self, node_ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    def edge_texts(self, edges: Iterable[EdgeKey]) -> dict[EdgeKey, dict[str, Any]]: ...


def without_text(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The attributes kept in memory: all but the long text."""
    return {k: v for k, v in data.items() if k not in names}


def node_texts(
    g: nx.MultiDiGraph, node_ids: Iterable[str], texts: TextSource | None
) -> dict[str, Mapping[str, Any]]:
    """The long text of these nodes, by id (an empty mapping for a node without any)."""
    ids = list(node_ids)
    if texts is None:
        return {n: g._node[n] for n in ids}
    found: dict[str, Mapping[str, Any]] = dict(texts.node_texts(ids))
    return {n: found.get(n, {}) for n in ids}


def edge_texts(
    g: nx.MultiDiGraph, edges: Iterable[EdgeKey], texts: TextSource | None
) -> dict[EdgeKey, Mapping[str, Any]]:
    """The long text of these edges, by (source, target, key)."""
    keys = list(edges)
    if texts is None:
        return {(u, v, k): g._succ[u][v][k] for u, v, k in keys}
    found: dict[EdgeKey, Mapping[str, Any]] = dict(texts.edge_texts(keys))
    return {e: found.get(e, {}) for e in keys}


def with_text(
    g: nx.MultiDiGraph,
    texts: TextSource | None,
    *,
    nodes: Iterable[str] = (),
    edges: Iterable[EdgeKey] = (),
) -> tuple[dict[str, dict[str, Any]], dict[EdgeKey, dict[str, Any]]]:
    """Full attribute dicts (copies) of these nodes and edges: the graph's own, plus their text."""
    node_ids, edge_keys = list(nodes), list(edges)
    if texts is None:
        return (
            {n: dict(g._node[n]) for n in node_ids},
            {(u, v, k): dict(g._succ[u][v][k]) for u, v, k in edge_keys},
        )
    events = [n for n in node_ids if g._node[n].get("kind") == "event"]
    node_text = texts.node_texts(events) if events else {}
    edge_text = texts.edge_texts(edge_keys) if edge_keys else {}
    return (
        {n: {**g._node[n], **node_text.get(n, {})} for n in node_ids},
        {(u, v, k): {**g._succ[u][v][k], **edge_text.get((u, v, k), {})} for u, v, k in edge_keys},
    )
