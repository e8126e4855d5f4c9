"""The small graph the examples in the graph's docstrings run on.

Two people and what joins them: Ann Lee met Bo Ek (a CONSULT event, Ann the actor, Bo the
recipient) and chairs him (a `leader_of` fact with the role "Chair"). The attributes are those the
store gives merged nodes and edges (graph.records), long text included.

>>> g = example_graph()
>>> sorted(g.nodes), g.number_of_edges()
(['event:1', 'person:ann-lee', 'person:bo-ek'], 3)
"""

from __future__ import annotations

import networkx as nx

__all__ = ["example_graph"]


def example_graph() -> nx.MultiDiGraph:
    """A new copy of the example graph (see the module docstring)."""
    g = nx.MultiDiGraph()
    g.add_node("person:ann-lee", kind="person", label="Ann Lee", mentions=3)
    g.add_node("person:bo-ek", kind="person", label="Bo Ek", mentions=1)
    g.add_node(
        "event:1",
        kind="event",
        event_type="CONSULT",
        label="Ann Lee CONSULT Bo Ek",
        date="2021-05-06",
        sentence="Ann Lee met Bo Ek.",
    )
    g.add_edge("person:ann-lee", "event:1", "actor", relation="actor")
    g.add_edge("event:1", "person:bo-ek", "recipient", relation="recipient")
    g.add_edge("person:ann-lee", "person:bo-ek", "leader_of", relation="leader_of", role="Chair")
    return g
