"""What the live graph keeps in the store only, and how answers get it: long text, mostly.

Sentences, quotes and evidence are most of a graph's bytes, and few answers show them. So the
in-memory graph holds, for entities, every attribute but those; for edges, every attribute but
their evidence; for events (half the nodes), only what walks, filters and indexes read (kind,
label, type, mode, dates, documents, mentions), the rest (sentence, quote, evidence, trigger,
negation and other flags) being shown only in answers about the events themselves. Everything
is kept in the store's merged rows.

A query that shows those attributes asks a `TextSource` (the store) for the nodes and edges it
answers with, in one round trip for all of them. A graph whose attribute dicts still hold every
attribute (a copy made for an export, a graph built by hand) needs no source: pass None and the
attributes are read from the dicts themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import networkx as nx

from graph import nxfast

NODE_TEXT = ("sentence", "quote", "evidence")  # long text
EDGE_TEXT = ("evidence",)
EVENT_IN_MEMORY = frozenset(
    {"kind", "label", "event_type", "mode", "date", "date_end", "doc_ids", "mentions"}
)

EdgeKey = tuple[str, str, str]


class TextSource(Protocol):
    """Where the long text of merged nodes and edges is kept (graph.store.Store is one)."""

    def node_texts(self, node_ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    def edge_texts(self, edges: Iterable[EdgeKey]) -> dict[EdgeKey, dict[str, Any]]: ...


def in_memory(data: dict[str, Any]) -> dict[str, Any]:
    """A merged node's attributes as the live graph holds them, in a new dict (a dict keeps the
    size it grew to when keys are deleted from it)."""
    if data.get("kind") == "event":
        return {k: v for k, v in data.items() if k in EVENT_IN_MEMORY}
    return {k: v for k, v in data.items() if k not in NODE_TEXT and not k.startswith("_")}


def edge_in_memory(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in EDGE_TEXT and not k.startswith("_")}


def stored_only(data: dict[str, Any]) -> dict[str, Any]:
    """The attributes of a merged node that the live graph does not hold."""
    if data.get("kind") == "event":
        return {k: v for k, v in data.items() if k not in EVENT_IN_MEMORY and not k.startswith("_")}
    return {k: data[k] for k in NODE_TEXT if k in data}


def edge_stored_only(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in EDGE_TEXT if k in data}


def node_texts(
    g: nx.MultiDiGraph, node_ids: Iterable[str], texts: TextSource | None
) -> dict[str, Mapping[str, Any]]:
    """The long text of these nodes, by id (an empty mapping for a node without any)."""
    ids = list(node_ids)
    found: Mapping[str, Mapping[str, Any]] = nxfast.nodes(g) if texts is None else texts.node_texts(ids)
    return {n: found.get(n, {}) for n in ids}


def edge_texts(
    g: nx.MultiDiGraph, edges: Iterable[EdgeKey], texts: TextSource | None
) -> dict[EdgeKey, Mapping[str, Any]]:
    """The long text of these edges, by (source, target, key)."""
    keys = list(edges)
    if texts is None:
        succ = nxfast.succ(g)
        return {(u, v, k): succ[u][v][k] for u, v, k in keys}
    found = texts.edge_texts(keys)
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
    data, succ = nxfast.nodes(g), nxfast.succ(g)
    if texts is None:
        return (
            {n: dict(data[n]) for n in node_ids},
            {(u, v, k): dict(succ[u][v][k]) for u, v, k in edge_keys},
        )
    events = [n for n in node_ids if data[n].get("kind") == "event"]
    node_text = texts.node_texts(events) if events else {}
    edge_text = texts.edge_texts(edge_keys) if edge_keys else {}
    return (
        {n: {**data[n], **node_text.get(n, {})} for n in node_ids},
        {(u, v, k): {**succ[u][v][k], **edge_text.get((u, v, k), {})} for u, v, k in edge_keys},
    )
