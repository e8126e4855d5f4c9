"""graph.nxfast against networkx's public API: the private dicts it hands out must be the ones the
public views read, and filling them must make the graph add_node/add_edge would make. A networkx
release that changes its internals fails here first, naming the module to fix."""

from __future__ import annotations

import pickle

import networkx as nx
import pytest

from graph import nxfast

CHANGED = f"networkx {nx.__version__} keeps its graph differently: graph.nxfast needs updating"


@pytest.fixture
def g() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("person:ann", kind="person", label="Ann")
    g.add_node("person:bob", kind="person")
    g.add_node("place:lone")  # no edges at all
    g.add_edge("person:ann", "event:1", key="actor", relation="actor")
    g.add_edge("event:1", "person:bob", key="recipient", relation="recipient")
    g.add_edge("person:ann", "person:bob", key="member_of", relation="member_of")
    g.add_edge("person:ann", "person:bob", key="leader_of", relation="leader_of")
    return g


def test_the_dicts_are_the_ones_the_public_views_read(g: nx.MultiDiGraph) -> None:
    nodes, succ, pred = nxfast.adjacency(g)
    assert (nodes, succ, pred) == (nxfast.nodes(g), nxfast.succ(g), nxfast.pred(g)), CHANGED
    assert list(nodes) == list(g.nodes), CHANGED
    for node, data in g.nodes(data=True):
        assert nodes[node] is data, CHANGED
        assert set(succ[node]) == set(g.successors(node)), CHANGED
        assert set(pred[node]) == set(g.predecessors(node)), CHANGED
    edges = {(u, v, k) for u, keyed in succ.items() for v, by_key in keyed.items() for k in by_key}
    assert edges == set(g.edges(keys=True)), CHANGED
    for u, v, k, data in g.edges(keys=True, data=True):
        assert succ[u][v][k] is data, CHANGED
        assert pred[v][u][k] is data, CHANGED  # one dict, seen from both ends
        assert succ[u][v] is pred[v][u], CHANGED


def test_the_dicts_survive_a_pickle(g: nx.MultiDiGraph) -> None:
    """graph.snapshot saves the graph with pickle and reads these dicts of the loaded copy."""
    loaded = pickle.loads(pickle.dumps(g))
    assert nxfast.nodes(loaded) == nxfast.nodes(g), CHANGED
    assert nxfast.succ(loaded) == nxfast.succ(g), CHANGED
    assert nxfast.pred(loaded) == nxfast.pred(g), CHANGED


def test_filling_the_dicts_makes_the_graph_add_edge_makes(g: nx.MultiDiGraph) -> None:
    """What graph.knowledge does when it builds and changes the live graph, compared with the public
    API doing the same: then every networkx function reads the graph as it should."""
    built = nx.MultiDiGraph()
    nodes, succ, pred = nxfast.adjacency(built)
    no_edges: dict[str, dict[str, dict[str, object]]] = {}  # shared by nodes without edges
    for node, data in g.nodes(data=True):
        nodes[node] = dict(data)
        succ[node] = pred[node] = no_edges
    for u, v, k, data in g.edges(keys=True, data=True):
        if not succ[u]:
            succ[u] = {}
        if not pred[v]:
            pred[v] = {}
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[k] = dict(data)
    assert nx.utils.graphs_equal(built, g), CHANGED
    assert sorted(built.edges(keys=True, data=True)) == sorted(g.edges(keys=True, data=True)), CHANGED
    assert dict(built.degree) == dict(g.degree), CHANGED
    assert built.number_of_edges() == g.number_of_edges(), CHANGED
    # and the public API keeps working on what was filled by hand
    built.remove_node("event:1")
    g.remove_node("event:1")
    built.remove_edge("person:ann", "person:bob", key="member_of")
    g.remove_edge("person:ann", "person:bob", key="member_of")
    assert nx.utils.graphs_equal(built, g), CHANGED
    assert no_edges == {}, "the shared empty adjacency dict was filled in place"
