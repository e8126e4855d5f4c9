"""The queries measured at scale: each as an HTTP path on our API and as the same NetworkX call.

Parameters are drawn once per graph (seeded) and used by both sides, so the ratio compares the
same questions. The peer is what a user with the graph in a NetworkX object would write.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import networkx as nx

from graph.vocabulary import ENTITY_KINDS

Params = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    path: Callable[[Params], str]
    peer: Callable[[nx.MultiDiGraph, Params], Any]
    sample: str  # which parameter sampler feeds it
    p99_target_ms: float | None = None
    note: str = ""


_VIEWS: dict[int, nx.MultiGraph] = {}


def undirected(g: nx.MultiDiGraph) -> nx.MultiGraph:
    """The graph's undirected view, made once: making one checks every node (O(n) each time)."""
    view = _VIEWS.get(id(g))
    if view is None:
        view = _VIEWS[id(g)] = g.to_undirected(as_view=True)
    return view


def _entity(p: Params) -> str:
    return quote(p["id"], safe=":")


def _search_peer(g: nx.MultiDiGraph, p: Params) -> list[str]:
    q = p["q"].casefold()
    return [
        n
        for n, d in g.nodes(data=True)
        if d.get("kind") != "event"
        and (q in d.get("label", "").casefold() or any(q in a.casefold() for a in d.get("aliases", ())))
    ][:20]


def _detail_peer(g: nx.MultiDiGraph, p: Params) -> dict[str, Any]:
    node = p["id"]
    roles = [(t, k, d) for _, t, k, d in g.out_edges(node, keys=True, data=True) if "role" in d]
    return {**g.nodes[node], "degree": g.degree(node), "roles": roles}


def _neighbors_peer(depth: int) -> Callable[[nx.MultiDiGraph, Params], Any]:
    # The API counts entity -> event -> entity as one hop: twice as many graph hops.
    def peer(g: nx.MultiDiGraph, p: Params) -> Any:
        around = nx.ego_graph(undirected(g), p["id"], radius=2 * depth)
        return nx.node_link_data(around, edges="edges")

    return peer


def _relationships_peer(g: nx.MultiDiGraph, p: Params) -> list[Any]:
    a, b = p["source"], p["target"]
    direct = [(a, b, k, d) for k, d in g.get_edge_data(a, b, default={}).items()]
    direct += [(b, a, k, d) for k, d in g.get_edge_data(b, a, default={}).items()]
    around_a = set(g.succ[a]) | set(g.pred[a])
    around_b = set(g.succ[b]) | set(g.pred[b])
    events = [(e, g.nodes[e]) for e in around_a & around_b if g.nodes[e].get("kind") == "event"]
    return direct + sorted(events, key=lambda item: (item[1].get("date") or "", item[0]))


def _events_peer(g: nx.MultiDiGraph, p: Params) -> list[Any]:
    since, until = p["since"], p["until"]
    found = [
        (d["date"], n)
        for n, d in g.nodes(data=True)
        if d.get("kind") == "event" and d.get("date") and since <= d["date"] <= until
    ]
    return sorted(found)[:50]


def _path_peer(g: nx.MultiDiGraph, p: Params) -> list[str]:
    path: list[str] = nx.shortest_path(undirected(g), p["source"], p["target"])
    return path


_NEIGHBORS = "ours: at most 200 nodes (the API's default limit); peer: nx.ego_graph, no limit"

QUERIES = (
    Query(
        "entity search",
        lambda p: "/entities?" + urlencode({"q": p["q"]}),
        _search_peer,
        "search",
        5,
        "ours: typo-tolerant, ranked; peer: substring scan of labels and aliases",
    ),
    Query("entity detail", lambda p: f"/entities/{_entity(p)}", _detail_peer, "entity", 25),
    Query(
        "neighbors depth 1",
        lambda p: f"/entities/{_entity(p)}/neighbors?depth=1",
        _neighbors_peer(1),
        "entity",
        25,
        _NEIGHBORS,
    ),
    Query(
        "neighbors depth 2",
        lambda p: f"/entities/{_entity(p)}/neighbors?depth=2",
        _neighbors_peer(2),
        "entity",
        None,
        _NEIGHBORS,
    ),
    Query(
        "relationships",
        lambda p: "/relationships?" + urlencode({"source": p["source"], "target": p["target"]}),
        _relationships_peer,
        "related",
        25,
    ),
    Query(
        "events by date",
        lambda p: "/events?" + urlencode({"since": p["since"], "until": p["until"], "limit": 50}),
        _events_peer,
        "dates",
    ),
    Query(
        "shortest path",
        lambda p: "/paths?" + urlencode({"source": p["source"], "target": p["target"]}),
        _path_peer,
        "path",
    ),
)


# -- parameters ------------------------------------------------------------------------------


def sample_params(g: nx.MultiDiGraph, *, count: int, seed: int = 7) -> dict[str, list[Params]]:
    """Questions a user would ask of this graph: real names, connected pairs, dated months."""
    rng = random.Random(seed)
    entities = sorted(n for n, d in g.nodes(data=True) if d.get("kind") in ENTITY_KINDS and g.degree(n))
    if not entities:
        entities = sorted(n for n, d in g.nodes(data=True) if d.get("kind") in ENTITY_KINDS)
    picked = [rng.choice(entities) for _ in range(count)]
    search = []
    for node in picked:
        label = g.nodes[node].get("label", node)
        words = label.split()
        search.append({"q": rng.choice([label, words[-1]]).casefold() if words else label})
    return {
        "search": search,
        "entity": [{"id": n} for n in picked],
        "related": _related_pairs(g, picked, rng),
        "dates": _months(g, rng, count),
        "path": _path_pairs(g, picked, rng),
    }


def _related_pairs(g: nx.MultiDiGraph, picked: list[str], rng: random.Random) -> list[Params]:
    """Two entities joined by an event or a fact (the question the endpoint answers)."""
    pairs = []
    for node in picked:
        partners = set()
        for event in set(g.succ[node]) | set(g.pred[node]):
            if g.nodes[event].get("kind") == "event":
                partners |= {n for n in set(g.succ[event]) | set(g.pred[event]) if n != node}
            else:
                partners.add(event)
        partners = {n for n in partners if g.nodes[n].get("kind") in ENTITY_KINDS}
        other = rng.choice(sorted(partners)) if partners else rng.choice(picked)
        pairs.append({"source": node, "target": other})
    return pairs


def _months(g: nx.MultiDiGraph, rng: random.Random, count: int) -> list[Params]:
    dates = (d.get("date") for _, d in g.nodes(data=True) if d.get("kind") == "event")
    months = sorted({date[:7] for date in dates if date})
    if not months:
        months = ["2005-01"]
    out = []
    for _ in range(count):
        year, _, month = rng.choice(months).partition("-")
        first, last = (int(month), int(month)) if month else (1, 12)
        days = calendar.monthrange(int(year), last)[1]
        out.append({"since": f"{year}-{first:02d}-01", "until": f"{year}-{last:02d}-{days:02d}"})
    return out


def _path_pairs(g: nx.MultiDiGraph, picked: list[str], rng: random.Random) -> list[Params]:
    """Pairs with a path between them, two to six hops apart where the graph allows."""
    view = undirected(g)
    pairs = []
    for node in picked:
        reach = nx.single_source_shortest_path_length(view, node, cutoff=6)
        far = sorted(n for n, hops in reach.items() if hops >= 2 and g.nodes[n].get("kind") in ENTITY_KINDS)
        pairs.append({"source": node, "target": rng.choice(far) if far else node})
    return pairs
