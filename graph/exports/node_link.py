"""Graph JSON: NetworkX node-link data (`directed`, `multigraph`, `graph`, `nodes`, `edges`).

The writer streams a couple of thousand nodes or edges at a time (graph.exports.chunks).
`read_json` returns a MultiDiGraph through networkx's own reader, so the format stays the one
`networkx.node_link_graph(..., edges="edges")` understands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import networkx as nx
import orjson

from graph.exports.chunks import joined

__all__ = ["iter_json", "read_json"]

_OPTS = orjson.OPT_NON_STR_KEYS
_BATCH = 2000


def iter_json(g: nx.MultiDiGraph, *, graph_attrs: dict[str, Any] | None = None) -> Iterator[bytes]:
    """Yield the node-link JSON document (the arguments and chunks of every writer: graph.exports).

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> text = b"".join(iter_json(example_graph(), graph_attrs={"view": "full"})).decode()
    >>> print(text.splitlines()[0])
    {"directed":true,"multigraph":true,"graph":{"view":"full"},
     "nodes": [{"id":"person:ann-lee","kind":"person","label":"Ann Lee","mentions":3},
    """
    head = {"directed": True, "multigraph": True, "graph": {**g.graph, **(graph_attrs or {})}}
    dumps = orjson.dumps
    yield dumps(head, option=_OPTS)[:-1] + b', "nodes": ['
    yield from joined(
        (dumps({"id": node, **data}, option=_OPTS) for node, data in g.nodes(data=True)), batch=_BATCH
    )
    yield b'], "edges": ['
    edges = (
        dumps({"source": source, "target": target, "key": key, **data}, option=_OPTS)
        for source, target, key, data in g.edges(keys=True, data=True)
    )
    yield from joined(edges, batch=_BATCH)
    yield b"]}\n"


def read_json(fh: IO[bytes]) -> nx.MultiDiGraph:
    """Read a node-link JSON document (this module's, or networkx's with ``edges="edges"``).

    Returns
    -------
    g : networkx.MultiDiGraph
        The graph, with its node ids, edge keys and attributes as written.

    Examples
    --------
    >>> import io
    >>> from graph.examples import example_graph
    >>> g = example_graph()
    >>> back = read_json(io.BytesIO(b"".join(iter_json(g))))
    >>> list(back.nodes(data=True)) == list(g.nodes(data=True))
    True
    >>> list(back.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))
    True
    >>> nodes = b'"nodes": [{"id": "place:kyiv"}], "edges": []'
    >>> doc = b'{"directed": true, "multigraph": true, "graph": {}, ' + nodes + b"}"
    >>> list(read_json(io.BytesIO(doc)))
    ['place:kyiv']
    """
    data = orjson.loads(fh.read())
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
