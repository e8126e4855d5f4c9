"""Paths: the shortest chains of events and facts between two entities."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReaderDep
from api.errors import responses
from api.filters import PairDep
from api.schemas import Paths
from graph.queries import entity_ref, shortest_paths

router = APIRouter(prefix="/paths", tags=["paths"])


@router.get("", response_model=Paths, responses=responses(404, 409, 422))
def read_paths(
    reader: ReaderDep,
    pair: PairDep,
    max_length: Annotated[int, Query(ge=1, le=6, description="most hops a path may take")] = 4,
    limit: Annotated[int, Query(ge=1, le=20, description="most paths returned")] = 5,
) -> dict[str, Any]:
    """Shortest paths in hops (an event between two entities, or a fact, is one hop), each step
    with the event or facts it goes through. No path within `max_length` gives an empty list;
    `complete` is false when the search between two very connected entities was cut short."""
    with reader() as snap:
        a, b = snap.entity(pair.source), snap.entity(pair.target)
        found, complete = shortest_paths(snap.g, a, b, max_length=max_length, limit=limit, texts=snap.texts)
        return {
            "source": entity_ref(snap.g, a),
            "target": entity_ref(snap.g, b),
            "max_length": max_length,
            "complete": complete,
            "paths": found,
        }
