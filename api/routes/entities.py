"""Entities: search by name or alias, one entity's detail, the subgraph around it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import ReaderDep
from api.errors import responses
from api.filters import RelationQuery
from api.schemas import ENTITY_NAME, EntityDetail, EntityPage, Subgraph
from graph import answers
from graph.queries import Filters, entity_detail, entity_page, neighborhood
from graph.vocabulary import EntityKind, EventType

router = APIRouter(prefix="/entities", tags=["entities"])

EntityPath = Annotated[
    str,
    Path(
        description=ENTITY_NAME,
        min_length=1,
        max_length=1000,
        openapi_examples={"id": {"value": "person:antony-blinken"}, "name": {"value": "Blinken"}},
    ),
]


@router.get("", response_model=EntityPage, responses=responses(422))
def search_entities(
    reader: ReaderDep,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="name or alias; typos are forgiven. Without it, entities are listed by mentions",
            openapi_examples={"typo": {"value": "Zelensky"}, "surname": {"value": "Blinken"}},
        ),
    ] = None,
    kind: EntityKind | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Entities whose label or an alias matches `q`, best match first, then most mentioned."""
    with reader() as snap:
        total, items = entity_page(snap.g, snap.names, q, kind=kind, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/{entity:path}/neighbors", response_model=Subgraph, responses=responses(404, 409, 422))
def read_neighbors(
    reader: ReaderDep,
    entity: EntityPath,
    depth: Annotated[int, Query(ge=1, le=3, description="hops; an event between two entities is one")] = 1,
    relation: RelationQuery = None,
    kind: Annotated[list[EntityKind] | None, Query(description="keep entities of these kinds")] = None,
    event_type: Annotated[list[EventType] | None, Query(description="keep events of these types")] = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="most nodes returned; nearest first")] = 200,
) -> answers.Subgraph:
    """The subgraph within `depth` hops, as graph JSON (NetworkX node-link data).

    A hop joins two entities through a fact or through one event both take part in; the event
    node is included between them. `graph.truncated` is true when `limit` cut the walk short.
    An event id is accepted as the center too.
    """
    filters = Filters(
        relations=frozenset(relation) if relation else None,
        kinds=frozenset(kind) if kind else None,
        event_types=frozenset(event_type) if event_type else None,
    )
    with reader() as snap:
        center = snap.entity(entity, events=True)
        return neighborhood(snap.g, center, depth=depth, filters=filters, limit=limit, texts=snap.texts)


@router.get("/{entity:path}", response_model=EntityDetail, responses=responses(404, 409, 422))
def read_entity(reader: ReaderDep, entity: EntityPath) -> EntityDetail:
    """Label, kind, aliases, facts (roles), documents, mention count, degree, coordinates of places."""
    with reader() as snap:
        detail = entity_detail(snap.g, snap.entity(entity), texts=snap.texts)
        return {**detail, "documents": snap.documents(detail["doc_ids"])}
