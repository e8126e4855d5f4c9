"""Events: filtered by who, to whom, where, what and when, in time order; one event in full."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from api.deps import ReaderDep
from api.errors import responses
from api.filters import DatesDep
from api.schemas import ENTITY_NAME, EventDetail, EventPage
from graph.queries import EventFilter, event_detail, event_page
from graph.vocabulary import EventType

router = APIRouter(prefix="/events", tags=["events"])

EntityQuery = Annotated[
    str | None,
    Query(min_length=1, max_length=1000, description=ENTITY_NAME),
]


@router.get("", response_model=EventPage, responses=responses(404, 409, 422))
def list_events(
    reader: ReaderDep,
    dates: DatesDep,
    actor: EntityQuery = None,
    recipient: EntityQuery = None,
    place: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=1000,
            description=f"where the event happened (its location role): {ENTITY_NAME}",
        ),
    ] = None,
    type: Annotated[list[EventType] | None, Query(description="one or more event types")] = None,
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Events in time order (undated ones last); every filter given must hold."""
    roles = {"actor": actor, "recipient": recipient, "location": place}
    with reader() as snap:
        total, items = event_page(
            snap.g,
            snap.timeline,
            participants={role: snap.entity(ref) for role, ref in roles.items() if ref is not None},
            within=EventFilter(type, dates.since, dates.until),
            descending=order == "desc",
            limit=limit,
            offset=offset,
            texts=snap.texts,
        )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/{event_id:path}", response_model=EventDetail, responses=responses(404, 422))
def read_event(
    reader: ReaderDep,
    event_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=1000,
            openapi_examples={"visit": {"value": "event:rferl-blinken-to-visit-ukraine:0"}},
        ),
    ],
) -> EventDetail:
    """One event: type, mode, date, participants by role, its sentences and documents."""
    with reader() as snap:
        detail = event_detail(snap.g, event_id, texts=snap.texts)
        return {**detail, "documents": snap.documents(detail["doc_ids"])}
