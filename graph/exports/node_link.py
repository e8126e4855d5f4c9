"""Graph JSON: NetworkX node-link data (`directed`, `multigraph`, `graph`, `nodes`, `edges`).

The writer streams a couple of thousand nodes or edges at a time, so a large graph is never held
as one string.
`read_json` returns a MultiDiGraph through networkx's own reader, so the format stays the one
`networkx.node_link_graph(..., edges="edges")` understands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import networkx as nx
import orjson

__all__ = ["iter_json", "read_json", "write_json"]

_OPTS = orjson.OPT_NON_STR_KEYS
_BATCH = 2000


def iter_json(g: nx.MultiDiGraph, *, graph_attrs: dict[str, Any] | None = None) -> Iterator[bytes]:
    """Yield the node-link JSON document in chunks of about two thousand nodes or edges.

    Batching matters for HTTP: each chunk is one trip through the server's thread pool.

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
    >>> import networkx as nx
    >>> from graph.exports.node_link import iter_json
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:antony-blinken", kind="person", label="Antony Blinken")
    >>> chunks = list(iter_json(g, graph_attrs={"view": "full"}))
    >>> print(b"".join(chunks).decode())
    {"directed":true,"multigraph":true,"graph":{"view":"full"},
     "nodes": [{"id":"person:antony-blinken","kind":"person","label":"Antony Blinken"}], "edges": []}
    """
    head = {"directed": True, "multigraph": True, "graph": {**g.graph, **(graph_attrs or {})}}
    dumps = orjson.dumps
    parts: list[bytes] = [dumps(head, option=_OPTS)[:-1] + b', "nodes": [']
    sep = b""
    for node_id, data in g.nodes(data=True):
        parts.append(sep + dumps({"id": node_id, **data}, option=_OPTS))
        sep = b",\n"
        if len(parts) >= _BATCH:
            yield b"".join(parts)
            parts.clear()
    parts.append(b'], "edges": [')
    sep = b""
    for source, target, key, data in g.edges(keys=True, data=True):
        parts.append(sep + dumps({"source": source, "target": target, "key": key, **data}, option=_OPTS))
        sep = b",\n"
        if len(parts) >= _BATCH:
            yield b"".join(parts)
            parts.clear()
    parts.append(b"]}\n")
    yield b"".join(parts)


def write_json(g: nx.MultiDiGraph, fh: IO[bytes], *, graph_attrs: dict[str, Any] | None = None) -> None:
    """Write the node-link JSON document to a binary file (see `iter_json`).

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph to write; it is only read.
    fh : binary file
        Where to write, open for writing bytes.
    graph_attrs : dict, optional
        Attributes written with the graph's own (`g.graph`).

    Examples
    --------
    >>> import io
    >>> import networkx as nx
    >>> from graph.exports.node_link import read_json, write_json
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:antony-blinken", kind="person", aliases=["Blinken"])
    >>> g.add_node("event:d1:0", kind="event", event_type="CONSULT")
    >>> g.add_edge("person:antony-blinken", "event:d1:0", key="actor", relation="actor")
    'actor'
    >>> fh = io.BytesIO()
    >>> write_json(g, fh)
    >>> back = read_json(io.BytesIO(fh.getvalue()))
    >>> dict(back.nodes(data=True)) == dict(g.nodes(data=True)), list(back.edges(keys=True))
    (True, [('person:antony-blinken', 'event:d1:0', 'actor')])
    """
    for chunk in iter_json(g, graph_attrs=graph_attrs):
        fh.write(chunk)


def read_json(fh: IO[bytes]) -> nx.MultiDiGraph:
    """Read a node-link JSON document (this module's, or networkx's with ``edges="edges"``).

    Parameters
    ----------
    fh : binary file
        The document, open for reading bytes.

    Returns
    -------
    g : networkx.MultiDiGraph
        The graph, with its node ids, edge keys and attributes as written.

    Examples
    --------
    >>> import io
    >>> from graph.exports.node_link import read_json
    >>> nodes = b'"nodes": [{"id": "place:kyiv"}], "edges": []'
    >>> doc = b'{"directed": true, "multigraph": true, "graph": {}, ' + nodes + b"}"
    >>> list(read_json(io.BytesIO(doc)))
    ['place:kyiv']
    """
    data = orjson.loads(fh.read())
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
