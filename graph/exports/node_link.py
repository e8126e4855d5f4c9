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

_OPTS = orjson.OPT_NON_STR_KEYS
_BATCH = 2000


def iter_json(g: nx.MultiDiGraph, *, graph_attrs: dict[str, Any] | None = None) -> Iterator[bytes]:
    """Yield the node-link JSON document in chunks of about two thousand nodes or edges.

    Batching matters for HTTP: each chunk is one trip through the server's thread pool.
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
    for chunk in iter_json(g, graph_attrs=graph_attrs):
        fh.write(chunk)


def read_json(fh: IO[bytes]) -> nx.MultiDiGraph:
    data = orjson.loads(fh.read())
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
