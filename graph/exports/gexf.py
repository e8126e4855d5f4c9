"""GEXF 1.2 for Gephi (and networkx, graphology), with colors per kind and a timeline.

Limits of the format as written here:

- Node ids are the graph's own ids (GEXF ids are plain strings; an id holding characters XML
  cannot carry loses them, with a `~N` suffix if that would repeat another id). Edge ids are
  `e0`, `e1`, ...; an edge's multigraph key is its attribute `networkx_key` (the name networkx
  reads keys from) and its relation is also its `label`.
- GEXF 1.2 has no graph attributes: the `<meta>` description names them (such as the view).
- Node `label` is the XML attribute (the node id when the node has none); every other attribute
  is declared once with one type (see `columns`), lists and dicts as JSON text, None left out.
- `viz:color` and `viz:size` come from the node's kind and mentions (see `style`).
- Time: when anything is dated the graph is `mode="dynamic"` with `timeformat="date"`. A dated
  event has `start`/`end` (a year-month or a year covers its whole month or year), and so do the
  edges that join it; an actor-view edge has one spell per date of the events behind it. Undated
  nodes and edges have no interval, so Gephi shows them at every time.
- Characters XML 1.0 cannot represent are dropped from all text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from math import isfinite
from typing import IO, Any

import networkx as nx

from graph.exports.chunks import encoded
from graph.exports.columns import Column, Lookup, columns, markup
from graph.exports.style import node_color, node_size
from graph.exports.xmltext import clean, escape_attr, escape_text, has_invalid
from graph.views import date_span, event_span

__all__ = ["iter_gexf", "read_gexf"]

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
    'version="1.2">\n'
)
_TYPES = {"boolean": "boolean", "long": "long", "double": "double", "string": "string"}
_BATCH = 2000  # nodes or edges per yielded chunk
_EDGE_RESERVED = ("networkx_key", "weight", "label")


def _declare(cls: str, cols: dict[str, Column]) -> tuple[str, Lookup]:
    lines = [f'<attributes class="{cls}" mode="static">\n']
    lookup: dict[str, tuple[str, Callable[[Any], str]]] = {}
    for i, col in enumerate(cols.values()):
        att_id = str(i)  # numeric, so graphology names the attribute by its title
        lines.append(
            f'<attribute id="{att_id}" title="{escape_attr(col.name)}" type="{_TYPES[col.type]}"/>\n'
        )
        lookup[col.name] = (f'<attvalue for="{att_id}" value="', col.attr)
    lines.append("</attributes>\n")
    return "".join(lines), lookup


def _span_attrs(span: tuple[str, str] | None) -> str:
    return f' start="{span[0]}" end="{span[1]}"' if span else ""


def _edge_time(data: dict[str, Any], ends: tuple[tuple[str, str] | None, ...]) -> str:
    """start/end attributes or a spells element for an edge."""
    dates = data.get("dates")
    if isinstance(dates, list) and dates:
        spans = sorted({s for s in map(date_span, dates) if s})
        if len(spans) == 1:
            return _span_attrs(spans[0]) + ">"
        if spans:
            inner = "".join(f'<spell start="{a}" end="{b}"/>' for a, b in spans)
            return f"><spells>{inner}</spells>"
    span = (event_span(data) if "date" in data else None) or ends[0] or ends[1]
    return _span_attrs(span) + ">"


def _xml_ids(g: nx.MultiDiGraph) -> dict[Any, str] | None:
    """Escaped, unique node ids when some id is not a string or holds characters XML drops.

    None when every id can be written as it is (the common case: no table is built).
    """
    if all(type(n) is str and not has_invalid(n) for n in g):
        return None
    out: dict[Any, str] = {}
    used: set[str] = set()
    for node in g:
        base = clean(node if type(node) is str else str(node))
        candidate, n = base, 1
        while candidate in used or (candidate != node and candidate in g):
            n += 1
            candidate = f"{base}~{n}"
        used.add(candidate)
        out[node] = escape_attr(candidate)
    return out


def iter_gexf(
    g: nx.MultiDiGraph,
    *,
    graph_attrs: dict[str, Any] | None = None,
    description: str = "newsgraph knowledge graph",
) -> Iterator[bytes]:
    """Yield the GEXF document (the arguments and chunks of every writer: graph.exports).

    GEXF 1.2 has no graph attributes: `graph_attrs` and the graph's own are named in the `<meta>`
    description, after `description`.

    Examples
    --------
    >>> from graph.examples import example_graph
    >>> text = b"".join(iter_gexf(example_graph(), graph_attrs={"view": "full"})).decode()
    >>> print(text[text.index("<description>"):text.index("</graph>")])
    <description>newsgraph knowledge graph; view: full</description></meta>
    <graph defaultedgetype="directed" idtype="string" mode="dynamic" timeformat="date">
    ...
    <node id="person:ann-lee" label="Ann Lee">...<viz:color r="31" g="119" b="180"/>...
    <node id="event:1" label="Ann Lee CONSULT Bo Ek" start="2021-05-06" end="2021-05-06">...
    <edge id="e0" source="person:ann-lee" target="event:1" label="actor" weight="1.0"
     start="2021-05-06" end="2021-05-06">...
    """
    # GEXF 1.2 has no graph-level attributes: the description names them (such as the view).
    extra = {**g.graph, **(graph_attrs or {})}
    description += "".join(f"; {name}: {value}" for name, value in extra.items() if value is not None)
    node_cols = columns((data for _, data in g.nodes(data=True)), skip=("label",))
    edge_cols = columns(
        (data for _, _, data in g.edges(data=True)), skip=_EDGE_RESERVED, force={"networkx_key": {str}}
    )
    node_spans: dict[Any, tuple[str, str]] = {}
    for node, data in g.nodes(data=True):
        span = event_span(data) if "date" in data else None
        if span:
            node_spans[node] = span
    dynamic = bool(node_spans) or any(d.get("dates") for _, _, d in g.edges(data=True))

    xml_ids = _xml_ids(g)
    node_decl, node_lookup = _declare("node", node_cols)
    edge_decl, edge_lookup = _declare("edge", edge_cols)
    mode = ' mode="dynamic" timeformat="date"' if dynamic else ' mode="static"'
    yield (
        f"{_HEAD}<meta><creator>newsgraph</creator>"
        f"<description>{escape_text(description)}</description></meta>\n"
        f'<graph defaultedgetype="directed" idtype="string"{mode}>\n{node_decl}{edge_decl}'
        f'<nodes count="{g.number_of_nodes()}">\n'
    ).encode()

    yield from encoded(_nodes(g, node_lookup, xml_ids, node_spans), batch=_BATCH)
    yield f'</nodes>\n<edges count="{g.number_of_edges()}">\n'.encode()
    yield from encoded(_edges(g, edge_lookup, xml_ids, node_spans), batch=_BATCH)
    yield b"</edges>\n</graph>\n</gexf>\n"


def _nodes(
    g: nx.MultiDiGraph, lookup: Lookup, xml_ids: dict[Any, str] | None, spans: dict[Any, tuple[str, str]]
) -> Iterator[str]:
    """Each node's element: id, label and time span, its data, its color and size."""
    for node, data in g.nodes(data=True):
        node_text = xml_ids[node] if xml_ids else escape_attr(node)
        label = data.get("label")
        label_text = escape_attr(label if type(label) is str else str(label)) if label else node_text
        start = f'<node id="{node_text}" label="{label_text}"{_span_attrs(spans.get(node))}><attvalues>'
        red, green, blue = node_color(data)
        end = (
            f'</attvalues><viz:color r="{red}" g="{green}" b="{blue}"/>'
            f'<viz:size value="{node_size(data)}"/></node>\n'
        )
        yield markup(start, data, lookup, skip=("label",), close='"/>', end=end)


def _edges(
    g: nx.MultiDiGraph, lookup: Lookup, xml_ids: dict[Any, str] | None, spans: dict[Any, tuple[str, str]]
) -> Iterator[str]:
    """Each edge's element: ends, label (its relation), weight and time, its key and data."""
    key_prefix, key_encode = lookup["networkx_key"]
    for j, (source, target, key, data) in enumerate(g.edges(keys=True, data=True)):
        key_text = key if type(key) is str else str(key)
        relation = data.get("relation") or key_text
        weight = data.get("weight")
        weight_text = repr(float(weight)) if isinstance(weight, int | float) and isfinite(weight) else "1.0"
        source_text = xml_ids[source] if xml_ids else escape_attr(source)
        target_text = xml_ids[target] if xml_ids else escape_attr(target)
        timing = _edge_time(data, (spans.get(source), spans.get(target)))
        start = (
            f'<edge id="e{j}" source="{source_text}" target="{target_text}" '
            f'label="{escape_attr(str(relation))}" weight="{weight_text}"{timing}'
            f'<attvalues>{key_prefix}{key_encode(key_text)}"/>'
        )
        yield markup(start, data, lookup, skip=_EDGE_RESERVED, close='"/>', end="</attvalues></edge>\n")


def read_gexf(fh: IO[bytes] | str) -> nx.MultiDiGraph:
    """Read a file this module wrote through networkx, keeping the multigraph form and keys.

    Returns
    -------
    g : networkx.MultiDiGraph
        Nodes with their attributes (and networkx's reading of `viz` and time), edges under
        their keys.

    Examples
    --------
    >>> import io
    >>> from graph.examples import example_graph
    >>> back = read_gexf(io.BytesIO(b"".join(iter_gexf(example_graph()))))
    >>> back.nodes["person:ann-lee"]["label"], sorted(back.edges(keys=True))[0]
    ('Ann Lee', ('event:1', 'person:bo-ek', 'recipient'))
    """
    raw = nx.read_gexf(fh)
    g = nx.MultiDiGraph()
    g.graph.update(raw.graph)
    g.add_nodes_from(raw.nodes(data=True))
    if raw.is_multigraph():
        edges = raw.edges(keys=True, data=True)
    else:  # networkx drops the keys of a graph without parallel edges; ours equal the relation
        edges = ((u, v, d.get("relation"), d) for u, v, d in raw.edges(data=True))
    for u, v, key, data in edges:
        g.add_edge(u, v, key=key, **{k: val for k, val in data.items() if k not in ("id", "label")})
    return g
