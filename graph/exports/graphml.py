"""GraphML for Gephi, igraph, networkx and graphology, written as a stream of bytes.

Limits of the format as written here:

- Node ids in the file are valid NMTOKENs and unique: the graph's own id where it is one (ASCII
  letters, digits, `.`, `_`, `-`, `:`, as `person:antony-blinken`), else `n` and the node's
  position. The graph's own id is always the node attribute `nid` too. Edge ids are `e0`, `e1`,
  ...; an edge's multigraph key is the edge attribute `key`.
- One `<key>` per attribute name and domain, with one type (see `columns`): lists and dicts are
  JSON text, None and empty strings are left out (GraphML has no null).
- Every node has a `label` (its own, else its id); every edge a double `weight` (1.0 unless the
  edge carries one, as actor-view edges do).
- Characters XML 1.0 cannot represent (most control characters) are dropped from all text,
  `nid` included; inside JSON text they survive as JSON escapes.

`read_graphml` hands the file to networkx and puts the graph's own ids back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO, Any

import networkx as nx

from graph.exports.chunks import encoded
from graph.exports.columns import Column, Lookup, columns, markup
from graph.exports.xmltext import escape_attr, escape_text

__all__ = ["iter_graphml", "read_graphml"]

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_NOT_NAME = re.compile(r"[^\w.\-]")
_NMTOKEN = re.compile(r"[A-Za-z0-9._:\-]+")  # the ASCII part, which every XML parser agrees on
_BATCH = 2000  # elements per yielded chunk


def _attr_name(name: str, used: set[str]) -> str:
    """An NMTOKEN for `attr.name`, unique within its domain."""
    token = _NOT_NAME.sub("_", name) or "_"
    candidate, n = token, 1
    while candidate in used:
        n += 1
        candidate = f"{token}_{n}"
    used.add(candidate)
    return candidate


def _keys(domain: str, cols: dict[str, Column], start: int) -> tuple[list[str], Lookup]:
    """`<key>` lines and name -> (data-element prefix, encoder) for one domain."""
    lines: list[str] = []
    lookup: dict[str, tuple[str, Callable[[Any], str]]] = {}
    used: set[str] = set()
    for i, col in enumerate(cols.values(), start):
        key_id = f"d{i}"
        name = escape_attr(_attr_name(col.name, used))
        lines.append(f'<key id="{key_id}" for="{domain}" attr.name="{name}" attr.type="{col.type}"/>\n')
        lookup[col.name] = (f'<data key="{key_id}">', col.text)
    return lines, lookup


def _fallback_ids(g: nx.MultiDiGraph) -> dict[Any, str]:
    """File ids for the nodes whose own id is not an NMTOKEN (none, for ids made by extraction)."""
    out: dict[Any, str] = {}
    used: set[str] = set()
    for i, node in enumerate(g):
        if type(node) is str and _NMTOKEN.fullmatch(node):
            continue
        candidate, n = f"n{i}", 0
        while candidate in g or candidate in used:
            n += 1
            candidate = f"n{i}_{n}"
        used.add(candidate)
        out[node] = candidate
    return out


def iter_graphml(g: nx.MultiDiGraph, *, graph_attrs: dict[str, Any] | None = None) -> Iterator[bytes]:
    """Yield the GraphML document (the arguments and chunks of every writer: graph.exports).

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> text = b"".join(iter_graphml(example_graph())).decode()
    >>> print(text[text.index("<edge "):text.index("</edge>")])
    <edge id="e0" source="person:ann-lee" target="event:1"><data key="...">actor</data>...
    """
    graph_data = {k: v for k, v in {**g.graph, **(graph_attrs or {})}.items() if v is not None}
    graph_cols = columns([graph_data])
    node_cols = columns(
        (data for _, data in g.nodes(data=True)), skip=("nid",), force={"nid": {str}, "label": {str}}
    )
    node_cols = {"nid": node_cols.pop("nid"), **node_cols}
    edge_cols = columns(
        (data for _, _, data in g.edges(data=True)), skip=("key",), force={"key": {str}, "weight": {float}}
    )
    edge_cols = {"key": edge_cols.pop("key"), **edge_cols}

    graph_lines, graph_lookup = _keys("graph", graph_cols, 0)
    node_lines, node_lookup = _keys("node", node_cols, len(graph_cols))
    edge_lines, edge_lookup = _keys("edge", edge_cols, len(graph_cols) + len(node_cols))
    head = [_HEAD, *graph_lines, *node_lines, *edge_lines, '<graph id="G" edgedefault="directed">\n']
    for name, value in graph_data.items():
        prefix, encode = graph_lookup[name]
        head.append(f"{prefix}{encode(value)}</data>\n")
    yield "".join(head).encode()

    fallback = _fallback_ids(g)  # no id table for the common case: memory stays flat
    yield from encoded(_nodes(g, node_lookup, fallback), batch=_BATCH)
    yield from encoded(_edges(g, edge_lookup, fallback), batch=_BATCH)
    yield b"</graph>\n</graphml>\n"


def _nodes(g: nx.MultiDiGraph, lookup: Lookup, fallback: dict[Any, str]) -> Iterator[str]:
    """Each node's element: its own id as `nid`, a label (its id when it has none), its data."""
    nid_prefix, label_prefix = lookup["nid"][0], lookup["label"][0]
    for node, data in g.nodes(data=True):
        node_text = node if type(node) is str else str(node)
        start = f'<node id="{fallback.get(node, node)}">{nid_prefix}{escape_text(node_text)}</data>'
        label = data.get("label")
        if label is None or label == "":
            start += f"{label_prefix}{escape_text(node_text)}</data>"
        yield markup(start, data, lookup, skip=("nid",), close="</data>", end="</node>\n")


def _edges(g: nx.MultiDiGraph, lookup: Lookup, fallback: dict[Any, str]) -> Iterator[str]:
    """Each edge's element: its key, a weight (1.0 when it has none), its data."""
    key_prefix, key_encode = lookup["key"]
    weight_prefix = lookup["weight"][0]
    for j, (source, target, key, data) in enumerate(g.edges(keys=True, data=True)):
        ends = f'source="{fallback.get(source, source)}" target="{fallback.get(target, target)}"'
        start = (
            f'<edge id="e{j}" {ends}>{key_prefix}{key_encode(key if type(key) is str else str(key))}</data>'
        )
        if data.get("weight") is None:
            start += f"{weight_prefix}1.0</data>"
        yield markup(start, data, lookup, skip=("key",), close="</data>", end="</edge>\n")


def read_graphml(fh: IO[bytes] | str) -> nx.MultiDiGraph:
    """Read a file this module wrote, with the graph's own node ids and edge keys back.

    Returns
    -------
    g : networkx.MultiDiGraph
        Nodes under their own ids (the `nid` attribute), edges under their keys; lists and dicts
        stay the JSON text they were written as.

    Examples
    --------
    >>> import io
    >>> from graph.examples import example_graph
    >>> written = b"".join(iter_graphml(example_graph(), graph_attrs={"view": "full"}))
    >>> back = read_graphml(io.BytesIO(written))
    >>> back.graph["view"], back.nodes["person:ann-lee"]
    ('full', {'kind': 'person', 'label': 'Ann Lee', 'mentions': 3})
    >>> back.edges["person:ann-lee", "person:bo-ek", "leader_of"]
    {'weight': 1.0, 'relation': 'leader_of', 'role': 'Chair'}
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("place:kyiv", aliases=["Kyiv", "Kiev"])
    >>> read_graphml(io.BytesIO(b"".join(iter_graphml(g)))).nodes["place:kyiv"]
    {'label': 'place:kyiv', 'aliases': '["Kyiv","Kiev"]'}
    """
    raw = nx.read_graphml(fh, force_multigraph=True)
    g = nx.MultiDiGraph()
    g.graph.update(raw.graph)
    ids = {n: d.get("nid", n) for n, d in raw.nodes(data=True)}
    g.add_nodes_from((ids[n], {k: v for k, v in d.items() if k != "nid"}) for n, d in raw.nodes(data=True))
    for u, v, data in raw.edges(data=True):
        attrs = dict(data)
        key = attrs.pop("key", None)
        g.add_edge(ids[u], ids[v], key=key, **attrs)
    return g
