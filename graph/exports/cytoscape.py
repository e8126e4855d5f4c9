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

from graph.exports.chunks import joined

__all__ = ["iter_cytoscape", "read_cytoscape"]

_OPTS = orjson.OPT_NON_STR_KEYS
_RESERVED = frozenset(("id", "source", "target"))
_EDGE_RESERVED = _RESERVED | {"key"}
_BATCH = 2000


def iter_cytoscape(g: nx.MultiDiGraph, *, graph_attrs: dict[str, Any] | None = None) -> Iterator[bytes]:
    """Yield the elements JSON document (the arguments and chunks of every writer: graph.exports).

    Examples
    --------
    >>> import json
    >>> from graph.examples import example_graph
    >>> doc = json.loads(b"".join(iter_cytoscape(example_graph(), graph_attrs={"view": "full"})))
    >>> doc["data"], doc["elements"]["nodes"][0]
    ({'view': 'full'},
     {'data': {'id': 'person:ann-lee', 'kind': 'person', 'label': 'Ann Lee', 'mentions': 3}})
    >>> doc["elements"]["edges"][0]
    {'data': {'id': 'e0', 'source': 'person:ann-lee', 'target': 'event:1', 'key': 'actor',
     'relation': 'actor'}}
    """
    head = {"data": {**g.graph, **(graph_attrs or {})}, "directed": True, "multigraph": True}
    yield orjson.dumps(head, option=_OPTS)[:-1] + b',"elements":{"nodes":[\n'
    nodes = (_element({"id": str(node), **_kept(data, _RESERVED)}) for node, data in g.nodes(data=True))
    yield from joined(nodes, batch=_BATCH)
    yield b'\n],"edges":[\n'
    edges = (
        _element(
            {
                "id": f"e{j}",
                "source": str(source),
                "target": str(target),
                "key": key,
                **_kept(data, _EDGE_RESERVED),
            }
        )
        for j, (source, target, key, data) in enumerate(g.edges(keys=True, data=True))
    )
    yield from joined(edges, batch=_BATCH)
    yield b"\n]}}\n"


def _kept(data: dict[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    """The attributes an element's `data` carries: not None, not a name the element sets itself."""
    if None in data.values() or not reserved.isdisjoint(data):
        return {k: v for k, v in data.items() if v is not None and k not in reserved}
    return data


def _element(data: dict[str, Any]) -> bytes:
    return orjson.dumps({"data": data}, option=_OPTS, default=str)


def read_cytoscape(fh: IO[bytes]) -> nx.MultiDiGraph:
    """Read an elements JSON document (ours or any with node ids and edge source/target).

    Returns
    -------
    g : networkx.MultiDiGraph
        Nodes and edges with the attributes of their `data`; an edge's key is its `key`.

    Examples
    --------
    >>> import io
    >>> doc = b'{"elements": {"nodes": [{"data": {"id": "a"}}, {"data": {"id": "b"}}],'
    >>> doc += b' "edges": [{"data": {"source": "a", "target": "b", "key": "actor"}}]}}'
    >>> list(read_cytoscape(io.BytesIO(doc)).edges(keys=True))
    [('a', 'b', 'actor')]
    >>> from graph.examples import example_graph
    >>> g = example_graph()
    >>> back = read_cytoscape(io.BytesIO(b"".join(iter_cytoscape(g))))
    >>> dict(back.nodes(data=True)) == dict(g.nodes(data=True)), len(back.edges)
    (True, 5)
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
