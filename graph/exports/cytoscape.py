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

_OPTS = orjson.OPT_NON_STR_KEYS
_RESERVED = frozenset(("id", "source", "target"))
_EDGE_RESERVED = _RESERVED | {"key"}
_BATCH = 2000


def iter_cytoscape(g: nx.MultiDiGraph, *, graph_attrs: dict[str, Any] | None = None) -> Iterator[bytes]:
    """Yield the elements JSON document in chunks."""
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
    for chunk in iter_cytoscape(g, graph_attrs=graph_attrs):
        fh.write(chunk)


def read_cytoscape(fh: IO[bytes]) -> nx.MultiDiGraph:
    """Read an elements JSON document (ours or any with node ids and edge source/target)."""
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
