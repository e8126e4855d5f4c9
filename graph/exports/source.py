"""What an export reads: the store's rows for the whole graph, or a selection copied from memory.

The live graph keeps no long text (graph.texts), and an export carries every attribute. So:

- The whole graph streams from the store: `StoredGraph` is just enough of a MultiDiGraph for the
  writers (iterate nodes and edges with their data, count them, test membership), each pass one
  scan of the merged rows, all passes inside one read transaction. No copy of the graph is held,
  no lock of the live graph is taken, and every pass sees the same moment of the store.
- A selection (filters, the actor view) and PLOVER, which walks events' roles, work on a copy of
  the live graph's rows taken under its read lock; the text of the nodes and edges kept is then
  read back from the store, in batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx

from graph import nxfast
from graph.exports import FORMATS, Documents, export_chunks
from graph.knowledge import KnowledgeGraph
from graph.store import Rows, Store
from graph.texts import TextSource
from graph.views import Selection, copy_rows, select

__all__ = [
    "StoredGraph",
    "export_live",
    "export_stream",
    "put_text_back",
    "selected_graph",
    "stored_documents",
    "stored_export",
    "streams_from_store",
]

_BATCH = 2000  # nodes or edges whose text is read in one query


class StoredGraph:
    """The merged rows of a store at one moment, shaped as the export writers read a graph.

    Parameters
    ----------
    rows : Rows
        The store's rows inside one read transaction (``store.rows()``).
    graph : dict, optional
        The graph attributes the writers put in the header.

    Examples
    --------
    >>> from graph.examples import example_knowledge
    >>> kg = example_knowledge()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> with kg.store.rows() as rows:
    ...     stored = StoredGraph(rows)
    ...     stored.number_of_nodes(), "event:1" in stored, sorted(stored.edges(keys=True))[0]
    (5, True, ('event:1', 'person:bo-ek', 'recipient'))
    >>> kg.close()
    """

    def __init__(self, rows: Rows, graph: dict[str, Any] | None = None) -> None:
        self._rows = rows
        self.graph: dict[str, Any] = dict(graph or {})

    def nodes(self, data: bool = False) -> Iterator[Any]:
        if not data:
            return iter(self)
        return ((node_id, _public(attrs)) for node_id, attrs in self._rows.nodes())

    def edges(self, keys: bool = False, data: bool = False) -> Iterator[tuple[Any, ...]]:
        for source, target, key, attrs in self._rows.edges():
            head = (source, target, key) if keys else (source, target)
            yield (*head, _public(attrs)) if data else head

    def __iter__(self) -> Iterator[str]:
        return (node_id for node_id, _ in self._rows.node_kinds())

    def __contains__(self, node: object) -> bool:
        return isinstance(node, str) and self._rows.has_node(node)

    def number_of_nodes(self) -> int:
        return self._rows.count_nodes()

    def number_of_edges(self) -> int:
        return self._rows.count_edges()


def _public(attrs: dict[str, Any]) -> dict[str, Any]:
    attrs.pop("_primary", None)
    return attrs


def streams_from_store(fmt: str, selection: Selection) -> bool:
    """Is this export the whole graph, in a format written from rows alone?

    Parameters
    ----------
    fmt : str
        The format's name (see graph.exports.FORMATS).
    selection : Selection
        What is exported.

    Returns
    -------
    bool
        True when `stored_export` can write it; PLOVER walks events' roles and needs a graph.

    Examples
    --------
    >>> from graph.exports.source import streams_from_store
    >>> from graph.views import Selection
    >>> streams_from_store("json", Selection()), streams_from_store("plover", Selection())
    (True, False)
    >>> streams_from_store("json", Selection.parse(view="actors"))
    False
    """
    return selection.is_everything and fmt != "plover"


def stored_export(store: Store, fmt: str, *, documents: Documents | None = None) -> Iterator[bytes]:
    """The whole graph in format `fmt`, streamed from the store's rows at one moment.

    Parameters
    ----------
    store : Store
        The store to read; no lock of a live graph is taken.
    fmt : str
        A format written from rows alone (see `streams_from_store`).
    documents : mapping, optional
        Document id -> its metadata, for a format that cites documents.

    Yields
    ------
    chunk : bytes
        The next part of the file; every node and edge with all its attributes.

    Examples
    --------
    >>> from graph.examples import example_knowledge
    >>> kg = example_knowledge()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> import json
    >>> exported = json.loads(b"".join(stored_export(kg.store, "json")))
    >>> next(node["evidence"] for node in exported["nodes"] if node["id"] == "event:1")
    [{'doc_id': 'd1', 'end': 26, 'sentence': 'Ann Lee met Bo Ek in Kyiv.', 'start': 0}]
    >>> kg.close()
    """
    with store.rows() as rows:
        yield from export_chunks(StoredGraph(rows), fmt, documents=documents)


def selected_graph(kg: KnowledgeGraph, selection: Selection) -> nx.MultiDiGraph:
    """A copy of the selection of the live graph, its nodes and edges with their text again.

    The rows are copied under the read lock and everything else happens after it: neither a large
    graph nor a slow client holds back writers. The text is read from the store a moment later
    than the copy was taken; a node or edge another process removed meanwhile keeps none.

    Parameters
    ----------
    kg : KnowledgeGraph
        The live graph and its store.
    selection : Selection
        The view and filters (see graph.views.select).

    Returns
    -------
    chosen : networkx.MultiDiGraph
        A new graph, free to change and to write out.

    Examples
    --------
    >>> from graph.examples import example_knowledge
    >>> kg = example_knowledge()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> from graph.views import Selection
    >>> chosen = selected_graph(kg, Selection.parse(kinds=["event"]))
    >>> sorted(chosen), chosen.nodes["event:2"]["evidence"][0]["sentence"]
    (['event:1', 'event:2'], 'Bo Ek spoke in 2022.')
    >>> kg.close()
    """
    with kg.reading() as g:
        rows = copy_rows(g)
    chosen = rows.to_graph()
    del rows
    if not selection.is_everything:
        chosen = select(chosen, selection)
    put_text_back(chosen, kg.store)
    return chosen


def put_text_back(g: nx.MultiDiGraph, store: TextSource) -> None:
    """Fill in the long text of a copied graph's events and stored edges (in place)."""
    nodes, succ, _ = nxfast.adjacency(g)
    events = [n for n, kind in g.nodes(data="kind") if kind == "event"]
    for start in range(0, len(events), _BATCH):
        for node_id, text in store.node_texts(events[start : start + _BATCH]).items():
            nodes[node_id].update(text)
    edges = list(g.edges(keys=True))
    for start in range(0, len(edges), _BATCH):
        for (source, target, key), text in store.edge_texts(edges[start : start + _BATCH]).items():
            succ[source][target][key].update(text)


def export_stream(
    fmt: str,
    selection: Selection,
    *,
    store: Store,
    live: Callable[[], KnowledgeGraph],
    documents: Documents | None = None,
) -> Iterator[bytes]:
    """The export a user asked for: from the store when it is the whole graph, else from a copy
    of the live graph (`live()` gives it; it is not built for a whole-graph export).

    Parameters
    ----------
    fmt : str
        The format's name (see graph.exports.FORMATS).
    selection : Selection
        The view and filters.
    store : Store
        The store a whole-graph export streams from.
    live : callable
        Gives the live `KnowledgeGraph` a selection is copied from.
    documents : mapping, optional
        Document id -> its metadata, for a format that cites documents.

    Returns
    -------
    chunks : iterator of bytes
        The file.

    Examples
    --------
    >>> from graph.examples import example_knowledge
    >>> kg = example_knowledge()  # Ann Lee met Bo Ek in Kyiv (event:1), chairs him; Bo spoke (event:2)
    >>> import json
    >>> from graph.views import Selection
    >>> chunks = export_stream("json", Selection.parse(kinds=["place"]), store=kg.store, live=lambda: kg)
    >>> [node["id"] for node in json.loads(b"".join(chunks))["nodes"]]
    ['place:kyiv']
    >>> kg.close()
    """
    if streams_from_store(fmt, selection):
        return stored_export(store, fmt, documents=documents)
    return export_chunks(selected_graph(live(), selection), fmt, documents=documents)


def stored_documents(store: Store) -> Documents:
    """Every stored document's metadata, by id (what an export that cites documents needs)."""
    return {d["id"]: d for d in store.documents(limit=store.count_documents() + 1)}


def export_live(kg: KnowledgeGraph, fmt: str, selection: Selection) -> Iterator[bytes]:
    """The export of the graph a server holds: the whole graph streams from the store's rows at
    one moment; a selection is made from a copy of the live graph's rows taken under its read
    lock. Either way the file is one consistent moment, and neither a large graph nor a slow
    client holds back writers."""
    documents = stored_documents(kg.store) if FORMATS[fmt].needs_documents else None
    return export_stream(fmt, selection, store=kg.store, live=lambda: kg, documents=documents)
