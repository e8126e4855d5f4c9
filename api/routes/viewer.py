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

from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Depends, FastAPI, Path, Query
from fastapi.responses import FileResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles

from api.deps import ReaderDep, Reading
from api.downloads import download, export_content
from api.errors import responses
from api.filters import DatesDep
from api.schemas import ENTITY_NAME, ViewerEvents, ViewerGraph
from graph.exports import export_chunks
from graph.exports.source import put_text_back
from graph.queries import EventFilter, entity_ref
from graph.viewer import View, actor_view_around, elements, entity_events
from graph.views import Selection
from graph.vocabulary import EntityKind, EventType

STATIC = FilePath(__file__).resolve().parent.parent / "static"
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


@dataclass(frozen=True, slots=True)
class ViewAsked:
    """The view a request asks for, its parameters checked (names are resolved when drawn)."""

    center: str
    expand: list[str]
    depth: int
    selection: Selection
    limit: int

    def draw(self, snap: Reading) -> View:
        centers = [snap.entity(self.center), *(snap.entity(ref) for ref in self.expand)]
        return actor_view_around(
            snap.g, list(dict.fromkeys(centers)), depth=self.depth, selection=self.selection, limit=self.limit
        )


def view_asked(
    dates: DatesDep,
    center: CenterQuery,
    expand: ExpandQuery = None,
    depth: DepthQuery = 1,
    kind: KindQuery = None,
    event_type: TypeQuery = None,
    limit: LimitQuery = 500,
) -> ViewAsked:
    # an InvalidSelection answers 422 (api.errors)
    selection = Selection.parse(
        view="actors", kinds=kind, event_types=event_type, since=dates.since, until=dates.until
    )
    return ViewAsked(center, expand or [], depth, selection, limit)


ViewDep = Annotated[ViewAsked, Depends(view_asked)]


@router.get("/viewer/graph", response_model=ViewerGraph, responses=responses(404, 409, 422))
def read_view(reader: ReaderDep, asked: ViewDep) -> dict[str, Any]:
    """The actor view around `center` (and one hop around each `expand`), as Cytoscape.js elements."""
    with reader() as snap:
        view = asked.draw(snap)
        centers = [entity_ref(snap.g, c) for c in view.centers]
    return {
        "centers": centers,
        "depth": asked.depth,
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
    reader: ReaderDep, fmt: Annotated[ViewFormat, Path(description="the file format")], asked: ViewDep
) -> StreamingResponse:
    """The view `GET /viewer/graph` draws, with every attribute, in a format Gephi and others read."""
    with reader() as snap:
        view = asked.draw(snap)
    put_text_back(view.graph, snap.texts)  # the view is a copy: its events and facts get their text
    return download(export_chunks(view.graph, fmt), fmt, name="newsgraph-view")


# -- one entity's events ----------------------------------------------------------------------


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
    with reader() as snap:
        entity_id = snap.entity(entity)
        found = entity_events(
            snap.g,
            entity_id,
            within=EventFilter(event_type, dates.since, dates.until),
            limit=limit,
            offset=offset,
            texts=snap.texts,
        )
        return {
            "entity": entity_ref(snap.g, entity_id),
            "total": found.total,
            "limit": limit,
            "offset": offset,
            "items": found.items,
            "documents": snap.documents({doc_id for item in found.items for doc_id in item["doc_ids"]}),
        }
