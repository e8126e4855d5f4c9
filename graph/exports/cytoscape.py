"""Cytoscape.js elements JSON: `{"data", "directed", "multigraph", "elements": {"nodes", "edges"}}`.

`cy.json(doc)` or `cytoscape({elements: doc.elements})` loads it as is. Limits:

- Each element's attributes are in its `data`; a node's `id` is the graph's id, an edge's `id` is
  `e0`, `e1`, ... (Cytoscape needs unique ids and a multigraph can repeat a pair), and its
  multigraph key is `key`. Attributes named `id`, `source`, `target` (or an edge's `key`) are
  left out of `data`.
- None values are left out, so style selectors such as `[date]` mean "has a date".
- Lists and dicts stay JSON lists and objects.

The writer streams one element at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import networkx as nx
import orjson

__all__ = ["iter_cytoscape", "read_cytoscape", "write_cytoscape"]

_OPTS = orjson.OPT_NON_STR_KEYS
_RESERVED = frozenset(("id", "source", "target"))
_EDGE_RESERVED = _RESERVED | {"key"}
_BATCH = 2000


def iter_cytoscape(g: nx.MultiDiGraph, *, graph_attrs: dict[str, Any] | None = None) -> Iterator[bytes]:
    """Yield the elements JSON document in chunks of about two thousand elements.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph to write; it is only read.
    graph_attrs : dict, optional
        Attributes written with the graph's own (`g.graph`), such as the view it is.

    Yields
    ------
    chunk : bytes
        The next part of the document; joined, the chunks are the whole document.

    Examples
    --------
    >>> import io
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:antony-blinken", kind="person", label="Antony Blinken", mentions=3)
    >>> g.add_node("event:d1:0", kind="event", event_type="CONSULT", date="2021-05-06")
    >>> g.add_edge("person:antony-blinken", "event:d1:0", key="actor", relation="actor")
    'actor'
    >>> from graph.exports.cytoscape import iter_cytoscape
    >>> import json
    >>> doc = json.loads(b"".join(iter_cytoscape(g)))
    >>> doc["elements"]["edges"]
    [{'data': {'id': 'e0', 'source': 'person:antony-blinken', 'target': 'event:d1:0', 'key': 'actor',
     'relation': 'actor'}}]
    """
    head = {"data": {**g.graph, **(graph_attrs or {})}, "directed": True, "multigraph": True}
    yield orjson.dumps(head, option=_OPTS)[:-1] + b',"elements":{"nodes":[\n'
    dumps = orjson.dumps
    parts: list[bytes] = []
    sep = b""
    for node, data in g.nodes(data=True):
        if None in data.values() or not _RESERVED.isdisjoint(data):
            data = {k: v for k, v in data.items() if v is not None and k not in _RESERVED}
        parts.append(sep + dumps({"data": {"id": str(node), **data}}, option=_OPTS, default=str))
        sep = b",\n"
        if len(parts) >= _BATCH:
            yield b"".join(parts)
            parts.clear()
    parts.append(b'\n],"edges":[\n')
    sep = b""
    for j, (source, target, key, data) in enumerate(g.edges(keys=True, data=True)):
        if None in data.values() or not _EDGE_RESERVED.isdisjoint(data):
            data = {k: v for k, v in data.items() if v is not None and k not in _EDGE_RESERVED}
        element = {"id": f"e{j}", "source": str(source), "target": str(target), "key": key, **data}
        parts.append(sep + dumps({"data": element}, option=_OPTS, default=str))
        sep = b",\n"
        if len(parts) >= _BATCH:
            yield b"".join(parts)
            parts.clear()
    parts.append(b"\n]}}\n")
    yield b"".join(parts)


def write_cytoscape(g: nx.MultiDiGraph, fh: IO[bytes], *, graph_attrs: dict[str, Any] | None = None) -> None:
    """Write the elements JSON document to a binary file (see `iter_cytoscape`).

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph to write; it is only read.
    fh : binary file
        Where to write, open for writing bytes.
    graph_attrs : dict, optional
        Attributes written with the graph's own (`g.graph`), such as the view it is.

    Examples
    --------
    >>> import io
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:antony-blinken", kind="person", label="Antony Blinken", mentions=3)
    >>> g.add_node("event:d1:0", kind="event", event_type="CONSULT", date="2021-05-06")
    >>> g.add_edge("person:antony-blinken", "event:d1:0", key="actor", relation="actor")
    'actor'
    >>> from graph.exports.cytoscape import read_cytoscape, write_cytoscape
    >>> fh = io.BytesIO()
    >>> write_cytoscape(g, fh)
    >>> back = read_cytoscape(io.BytesIO(fh.getvalue()))
    >>> dict(back.nodes(data=True)) == dict(g.nodes(data=True)), list(back.edges(keys=True))
    (True, [('person:antony-blinken', 'event:d1:0', 'actor')])
    """
    for chunk in iter_cytoscape(g, graph_attrs=graph_attrs):
        fh.write(chunk)


def read_cytoscape(fh: IO[bytes]) -> nx.MultiDiGraph:
    """Read an elements JSON document (ours or any with node ids and edge source/target).

    Parameters
    ----------
    fh : binary file
        The document, open for reading bytes.

    Returns
    -------
    g : networkx.MultiDiGraph
        Nodes and edges with the attributes of their `data`; an edge's key is its `key`.

    Examples
    --------
    >>> import io
    >>> from graph.exports.cytoscape import read_cytoscape
    >>> doc = b'{"elements": {"nodes": [{"data": {"id": "a"}}, {"data": {"id": "b"}}],'
    >>> doc += b' "edges": [{"data": {"source": "a", "target": "b", "key": "actor"}}]}}'
    >>> list(read_cytoscape(io.BytesIO(doc)).edges(keys=True))
    [('a', 'b', 'actor')]
    """
    doc = orjson.loads(fh.read())
    g = nx.MultiDiGraph()
    g.graph.update(doc.get("data") or {})
    for element in doc["elements"]["nodes"]:
        data = dict(element["data"])
        g.add_node(data.pop("id"), **data)
    for element in doc["elements"]["edges"]:
        data = dict(element["data"])
        data.pop("id", None)
        source, target = data.pop("source"), data.pop("target")
        g.add_edge(source, target, key=data.pop("key", None), **data)
    return g
