"""The viewer: GET / serves the page, /static/ its files; /viewer/ answers the questions it asks.

- `GET /viewer/graph`: the actor view (people, organizations and places linked directly, an edge
  weighted by the events joining them) around one entity, plus the entities the user expanded, as
  Cytoscape.js elements. Filters by kind, event type and date apply before the view is built, so
  an edge's weight counts only the events that pass them. Past `limit` entities the nearest and
  most strongly linked are kept and `truncated` says so: a browser draws a few thousand nodes at
  most without freezing.
- `GET /viewer/export/{fmt}`: that same view as GraphML, GEXF, graph JSON or Cytoscape JSON.
- `GET /viewer/events`: one entity's events in every role, in time order, with their evidence.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal, get_args

import networkx as nx
from fastapi import APIRouter, FastAPI, Path, Query
from fastapi.responses import FileResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from api.deps import ReaderDep, Reading
from api.errors import APIError, responses
from api.filters import DatesDep
from api.routes.export import export_content
from api.schemas import (
    ENTITY_NAME,
    DocumentRef,
    EntityRef,
    EventSummary,
    Evidence,
)
from graph.exports import FORMATS, export_chunks
from graph.exports.source import put_text_back
from graph.exports.style import node_color
from graph.queries import Filters, entity_ref, event_summaries, events_of, neighborhood
from graph.texts import node_texts
from graph.timeline import covers_since, covers_until, date_order
from graph.views import ACTOR_EDGE, InvalidSelection, Selection, select
from graph.vocabulary import EntityKind, EventType

STATIC = FilePath(__file__).resolve().parent.parent / "static"
WALK_LIMIT = 20_000  # nodes (entities and events) read around the centers before the view is built
MAX_EXPANDED = 50
ViewFormat = Literal["graphml", "gexf", "json", "cytoscape"]
VIEW_FORMATS = get_args(ViewFormat)

router = APIRouter(tags=["viewer"])


@router.get("/", include_in_schema=False)
def read_viewer(
    entity: Annotated[str | None, Query(description="the entity to draw first")] = None,
) -> FileResponse:
    """The page; `/?entity=Blinken` opens on that entity (the page reads the parameter itself)."""
    return FileResponse(STATIC / "index.html", media_type="text/html")


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")


class BadView(APIError):
    status = 422


# -- the actor view around entities -----------------------------------------------------------


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


class ViewNodeData(BaseModel):
    id: str
    label: str
    kind: str
    mentions: int
    hop: int = Field(description="hops from the nearest center")
    strength: int = Field(description="sum of the weights of its edges in the view")
    center: bool
    color: str = Field(description="the color of its kind, as in the GEXF export")


class ViewEdgeData(BaseModel):
    id: str
    source: str
    target: str
    relation: str = Field(description="`events` for entities sharing events, else the fact's relation")
    label: str = Field(description="the event types joining the two, or the fact's role")
    weight: int = Field(description="events joining the two (1 for a fact)")
    event_types: list[str]
    date_start: str | None = None
    date_end: str | None = None


class ViewNode(BaseModel):
    data: ViewNodeData


class ViewEdge(BaseModel):
    data: ViewEdgeData


class ViewElements(BaseModel):
    nodes: list[ViewNode]
    edges: list[ViewEdge]


class ViewerGraph(BaseModel):
    centers: list[EntityRef]
    depth: int
    total: int = Field(description="entities within reach before `limit` applied")
    shown: int = Field(description="entities in `elements`")
    truncated: bool = Field(description="true when some entities within reach are left out")
    elements: ViewElements


CenterQuery = Annotated[
    str,
    Query(
        min_length=1,
        max_length=1000,
        description=f"the entity the view is drawn around: {ENTITY_NAME}",
        openapi_examples={"name": {"value": "Blinken"}},
    ),
]
ExpandQuery = Annotated[
    list[str] | None,
    Query(max_length=MAX_EXPANDED, description=f"entities whose neighbors are added too, each {ENTITY_NAME}"),
]
DepthQuery = Annotated[int, Query(ge=1, le=3, description="hops around the center")]
KindQuery = Annotated[list[EntityKind] | None, Query(description="keep entities of these kinds")]
TypeQuery = Annotated[list[EventType] | None, Query(description="count only events of these types")]
LimitQuery = Annotated[
    int, Query(ge=1, le=5000, description="most entities returned; nearest and strongest first")
]


def _view(
    snap: Reading,
    *,
    center: str,
    expand: list[str] | None,
    depth: int,
    kind: Sequence[str] | None,
    event_type: Sequence[str] | None,
    since: str | None,
    until: str | None,
    limit: int,
) -> View:
    try:
        selection = Selection.parse(
            view="actors", kinds=kind, event_types=event_type, since=since, until=until
        )
    except InvalidSelection as exc:
        raise BadView(str(exc)) from exc
    centers = _unique([snap.entity(center), *(snap.entity(ref) for ref in expand or ())])
    return actor_view_around(snap.g, centers, depth=depth, selection=selection, limit=limit)


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


@router.get("/viewer/graph", response_model=ViewerGraph, responses=responses(404, 409, 422))
def read_view(
    reader: ReaderDep,
    dates: DatesDep,
    center: CenterQuery,
    expand: ExpandQuery = None,
    depth: DepthQuery = 1,
    kind: KindQuery = None,
    event_type: TypeQuery = None,
    limit: LimitQuery = 500,
) -> dict[str, Any]:
    """The actor view around `center` (and one hop around each `expand`), as Cytoscape.js elements."""
    with reader() as snap:
        view = _view(
            snap,
            center=center,
            expand=expand,
            depth=depth,
            kind=kind,
            event_type=event_type,
            since=dates.since,
            until=dates.until,
            limit=limit,
        )
        centers = [entity_ref(snap.g, c) for c in view.centers]
    return {
        "centers": centers,
        "depth": depth,
        "total": view.total,
        "shown": view.graph.number_of_nodes(),
        "truncated": view.truncated,
        "elements": elements(view),
    }


@router.get(
    "/viewer/export/{fmt}",
    response_class=StreamingResponse,
    responses={
        200: {"description": "The view, streamed", "content": export_content(VIEW_FORMATS)},
        **responses(404, 409, 422),
    },
)
def export_view(
    reader: ReaderDep,
    dates: DatesDep,
    fmt: Annotated[ViewFormat, Path(description="the file format")],
    center: CenterQuery,
    expand: ExpandQuery = None,
    depth: DepthQuery = 1,
    kind: KindQuery = None,
    event_type: TypeQuery = None,
    limit: LimitQuery = 500,
) -> StreamingResponse:
    """The view `GET /viewer/graph` draws, with every attribute, in a format Gephi and others read."""
    with reader() as snap:
        view = _view(
            snap,
            center=center,
            expand=expand,
            depth=depth,
            kind=kind,
            event_type=event_type,
            since=dates.since,
            until=dates.until,
            limit=limit,
        )
    put_text_back(view.graph, snap.store)  # the view is a copy: its events and facts get their text
    export_format = FORMATS[fmt]
    return StreamingResponse(
        export_chunks(view.graph, fmt),
        media_type=export_format.media_type,
        headers={"Content-Disposition": f'attachment; filename="newsgraph-view{export_format.suffix}"'},
    )


# -- one entity's events ----------------------------------------------------------------------


class ViewerEvent(EventSummary):
    roles: list[str] = Field(description="the entity's roles in the event: actor, recipient, location")
    evidence: list[Evidence]


class ViewerEvents(BaseModel):
    entity: EntityRef
    total: int
    limit: int
    offset: int
    items: list[ViewerEvent]
    documents: list[DocumentRef] = Field(description="the documents the items are read from")


def _roles(g: nx.MultiDiGraph, entity_id: str, event_id: str) -> list[str]:
    keyed = {**g.succ[entity_id].get(event_id, {}), **g.succ[event_id].get(entity_id, {})}
    return sorted({str(data.get("relation") or key) for key, data in keyed.items()})


@router.get("/viewer/events", response_model=ViewerEvents, responses=responses(404, 409, 422))
def read_entity_events(
    reader: ReaderDep,
    dates: DatesDep,
    entity: CenterQuery,
    event_type: TypeQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """The events `entity` takes part in, in any role, in time order (undated last)."""
    since, until = dates.since, dates.until
    with reader() as snap:
        g = snap.g
        entity_id = snap.entity(entity)
        rows = []
        for event_id in events_of(g, entity_id):
            data = g.nodes[event_id]
            date = data.get("date")
            if event_type and data.get("event_type") not in event_type:
                continue
            if (since or until) and not date:
                continue
            if (since and not covers_since(date, since)) or (until and not covers_until(date, until)):
                continue
            rows.append(date_order(date, event_id))
        rows.sort()
        page = [event_id for _, _, event_id in rows[offset : offset + limit]]
        said = node_texts(g, page, snap.texts)
        items = [
            {
                **summary,
                "roles": _roles(g, entity_id, event_id),
                "evidence": list(said[event_id].get("evidence") or ()),
            }
            for event_id, summary in zip(page, event_summaries(g, page, texts=snap.texts), strict=True)
        ]
        documents = snap.documents({doc_id for item in items for doc_id in item["doc_ids"]})
        return {
            "entity": entity_ref(g, entity_id),
            "total": len(rows),
            "limit": limit,
            "offset": offset,
            "items": items,
            "documents": documents,
        }
