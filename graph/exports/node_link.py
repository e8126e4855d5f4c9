"""Graph JSON: NetworkX node-link data (`directed`, `multigraph`, `graph`, `nodes`, `edges`).

The writer streams one node or edge at a time, so a large graph is never held as one string.
`read_json` returns a MultiDiGraph through networkx's own reader, so the format stays the one
`networkx.node_link_graph(..., edges="edges")` understands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import networkx as nx
import orjson

_OPTS = orjson.OPT_NON_STR_KEYS


def iter_json(g: nx.MultiDiGraph, *, graph_attrs: dict[str, Any] | None = None) -> Iterator[bytes]:
    """Yield the node-link JSON document in chunks."""
    head = {"directed": True, "multigraph": True, "graph": {**g.graph, **(graph_attrs or {})}}
    yield orjson.dumps(head, option=_OPTS)[:-1] + b', "nodes": ['
    first = True
    for node_id, data in g.nodes(data=True):
        yield (b"" if first else b",\n") + orjson.dumps({"id": node_id, **data}, option=_OPTS)
        first = False
    yield b'], "edges": ['
    first = True
    for source, target, key, data in g.edges(keys=True, data=True):
        record = {"source": source, "target": target, "key": key, **data}
        yield (b"" if first else b",\n") + orjson.dumps(record, option=_OPTS)
        first = False
    yield b"]}\n"


def write_json(g: nx.MultiDiGraph, fh: IO[bytes], *, graph_attrs: dict[str, Any] | None = None) -> None:
    for chunk in iter_json(g, graph_attrs=graph_attrs):
        fh.write(chunk)


def read_json(fh: IO[bytes]) -> nx.MultiDiGraph:
    data = orjson.loads(fh.read())
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
