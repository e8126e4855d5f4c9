"""The dicts a NetworkX MultiDiGraph keeps its nodes and edges in, for the code that reads or
fills millions of them.

networkx's public views (`g.nodes[n]`, `g.succ[n]`, `g.pred[n]`) wrap every lookup in a call,
which doubles the time of a walk over a large graph; building one with `add_node`/`add_edge`
copies every attribute dict. The graph's own dicts are private attributes, so this module is the
one place that names them; tests/graph/test_nxfast.py checks them against the public API on a
small graph, so a networkx release that changes them fails there, loudly, before anything else.

For a MultiDiGraph `g`:

- `nodes(g)[n]` is the attribute dict of node `n` (what `g.nodes[n]` shows);
- `succ(g)[u][v][key]` is the attribute dict of the edge `u -> v` with that key, and
  `pred(g)[v][u][key]` the same dict (what `g.succ` and `g.pred` show);
- `adjacency(g)` is the three at once, for a loop that reads them all.

Whoever writes to them keeps the three consistent as `add_node`, `add_edge` and `remove_edge`
would (graph.knowledge does, and is the only writer).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edge("a", "b", key="k", relation="actor")
'k'
>>> nodes(g)["a"], succ(g)["a"]["b"]["k"], pred(g)["b"]["a"]["k"]
({}, {'relation': 'actor'}, {'relation': 'actor'})
"""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["Adjacency", "NodeData", "adjacency", "nodes", "pred", "succ"]

NodeData = dict[str, dict[str, Any]]  # node -> its attribute dict
Adjacency = dict[str, dict[str, dict[str, dict[str, Any]]]]  # node -> neighbor -> key -> edge attributes


def nodes(g: nx.MultiDiGraph) -> NodeData:
    """The graph's node -> attribute dict mapping itself (not a copy, not a view)."""
    return g._node


def succ(g: nx.MultiDiGraph) -> Adjacency:
    """The graph's out-adjacency itself: node -> successor -> key -> edge attributes."""
    return g._succ


def pred(g: nx.MultiDiGraph) -> Adjacency:
    """The graph's in-adjacency itself: node -> predecessor -> key -> edge attributes."""
    return g._pred


def adjacency(g: nx.MultiDiGraph) -> tuple[NodeData, Adjacency, Adjacency]:
    """`nodes(g)`, `succ(g)` and `pred(g)`."""
    return g._node, g._succ, g._pred
