"""What the browser viewer draws: the actor view around entities, and one entity's events.

- `actor_view_around`: the actor view (graph.views: people, organizations and places linked
  directly, an edge weighted by the events joining them) within `depth` hops of a center, plus one
  hop around each expanded entity. The selection's filters apply before the view is built, so an
  edge's weight counts only the events that pass them. Past `limit` entities the nearest and most
  strongly linked are kept, and the view says it was cut: a browser draws a few thousand nodes at
  most without freezing.
- `elements`: that view as Cytoscape.js elements, with only what the page draws and filters on.
- `entity_events`: the events one entity takes part in, in any role, in time order.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.answers import ViewerEvent
from graph.exports.style import node_color
from graph.queries import (
    EventFilter,
    Filters,
    event_summaries,
    events_in_time,
    events_of,
    neighborhood,
    roles_in,
)
from graph.texts import TextSource, node_texts
from graph.views import ACTOR_EDGE, Selection, select

__all__ = ["WALK_LIMIT", "EntityEvents", "View", "actor_view_around", "elements", "entity_events"]

WALK_LIMIT = 20_000  # nodes (entities and events) read around the centers before the view is built


@dataclass(frozen=True, slots=True)
class View:
    """The drawn part of the actor view, and what was left out of it."""

    graph: nx.MultiDiGraph  # nodes carry `hop`, `strength` and `center`
    centers: list[str]
    total: int  # entities within reach before the cap
    truncated: bool


def actor_view_around(
    g: nx.MultiDiGraph, centers: list[str], *, depth: int, selection: Selection, limit: int
) -> View:
    """The actor view within `depth` hops of `centers[0]` and one hop of the other centers."""
    walk = Filters(kinds=selection.kinds, event_types=selection.event_types)
    members: set[str] = set()
    walk_cut = False
    for i, center in enumerate(centers):
        around = neighborhood(g, center, depth=depth if i == 0 else 1, filters=walk, limit=WALK_LIMIT)
        members.update(node["id"] for node in around["nodes"])
        walk_cut = walk_cut or bool(around["graph"]["truncated"])
    view = select(g.subgraph(members), selection)
    for center in centers:  # a center without events in the window is still drawn, alone
        if center not in view:
            view.add_node(center, **g.nodes[center])
    hops = _hops(view, centers, depth=depth)
    strength = {node: 0 for node in hops}
    for source, target, data in view.edges(data=True):
        if source in hops and target in hops:
            weight = int(data.get("weight") or 1)
            strength[source] += weight
            strength[target] += weight
    ranked = sorted(hops, key=lambda n: (hops[n], -strength[n], -int(view.nodes[n].get("mentions") or 0), n))
    kept = ranked[:limit]
    out = nx.MultiDiGraph(view.subgraph(kept))
    for node in kept:
        out.nodes[node].update(hop=hops[node], strength=strength[node], center=node in centers)
    return View(out, centers, len(hops), walk_cut or len(hops) > limit)


def _hops(view: nx.MultiDiGraph, centers: list[str], *, depth: int) -> dict[str, int]:
    """Distance of each entity from the nearest center (expanded centers reach one hop)."""
    hops: dict[str, int] = {}
    queue: deque[tuple[str, int, int]] = deque()
    for i, center in enumerate(centers):
        if center not in hops:
            hops[center] = 0
            queue.append((center, 0, depth if i == 0 else 1))
    while queue:
        node, hop, reach = queue.popleft()
        if hop >= reach:
            continue
        for other in (*view.succ[node], *view.pred[node]):
            if other not in hops:
                hops[other] = hop + 1
                queue.append((other, hop + 1, reach))
    return hops


def _edge_label(relation: str, data: dict[str, Any]) -> str:
    if relation == ACTOR_EDGE:
        return ", ".join(data.get("event_types") or ())
    return str(data.get("role") or relation.replace("_", " "))


def elements(view: View) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements, with only what the page draws and filters on."""
    g = view.graph
    nodes = []
    for node, data in g.nodes(data=True):
        red, green, blue = node_color(data)
        nodes.append(
            {
                "data": {
                    "id": node,
                    "label": data.get("label") or node,
                    "kind": data.get("kind") or "",
                    "mentions": int(data.get("mentions") or 0),
                    "hop": data["hop"],
                    "strength": data["strength"],
                    "center": data["center"],
                    "color": f"#{red:02x}{green:02x}{blue:02x}",
                }
            }
        )
    edges = []
    for source, target, key, data in g.edges(keys=True, data=True):
        relation = str(data.get("relation") or key)
        edges.append(
            {
                "data": {
                    "id": f"{source}|{key}|{target}",
                    "source": source,
                    "target": target,
                    "relation": relation,
                    "label": _edge_label(relation, data),
                    "weight": int(data.get("weight") or 1),
                    "event_types": list(data.get("event_types") or ()),
                    "date_start": data.get("date_start"),
                    "date_end": data.get("date_end"),
                }
            }
        )
    return {"nodes": nodes, "edges": edges}


@dataclass(frozen=True, slots=True)
class EntityEvents:
    """A page of one entity's events, each with the entity's roles in it and its evidence."""

    total: int
    items: list[ViewerEvent]


def entity_events(
    g: nx.MultiDiGraph,
    entity_id: str,
    *,
    within: EventFilter = EventFilter(),  # noqa: B008 (frozen: one shared default is safe)
    limit: int = 100,
    offset: int = 0,
    texts: TextSource | None = None,
) -> EntityEvents:
    """The events `entity_id` takes part in, in any role, that pass `within`, in time order
    (undated last); the page from `offset`."""
    ordered = events_in_time(g, events_of(g, entity_id), within)
    page = ordered[offset : offset + limit]
    said = node_texts(g, page, texts)
    items: list[ViewerEvent] = [
        {
            **summary,
            "roles": roles_in(g, entity_id, event_id),
            "evidence": list(said[event_id].get("evidence") or ()),
        }
        for event_id, summary in zip(page, event_summaries(g, page, texts=texts), strict=True)
    ]
    return EntityEvents(len(ordered), items)
