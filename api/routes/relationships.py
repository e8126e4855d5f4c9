"""Relationships: every event and fact that joins two entities, with its evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReaderDep
from api.errors import responses
from api.schemas import ENTITY_NAME, Relationships
from graph.queries import entity_ref, event_summary, relationships

router = APIRouter(prefix="/relationships", tags=["relationships"])


def entity_query(example: str) -> Any:
    return Query(
        min_length=1,
        max_length=1000,
        description=ENTITY_NAME,
        openapi_examples={"name": {"value": example}},
    )


@router.get("", response_model=Relationships, responses=responses(404, 409, 422))
def read_relationships(
    reader: ReaderDep,
    source: Annotated[str, entity_query("Blinken")],
    target: Annotated[str, entity_query("Zelenskiy")],
) -> dict[str, Any]:
    """How two entities are related: the events both take part in (with each one's roles) and
    the facts between them, in time order, each with its evidence sentences and documents."""
    with reader() as snap:
        a, b = snap.entity(source), snap.entity(target)
        items = relationships(snap.g, a, b) if a != b else []
        for item in items:  # an event's participants by role, as /events gives them
            if item["kind"] == "event":
                summary = event_summary(snap.g, item["id"])
                item.update({role: summary[role] for role in ("actors", "recipients", "locations", "others")})
        doc_ids = {doc_id for item in items for doc_id in item["doc_ids"]}
        return {
            "source": entity_ref(snap.g, a),
            "target": entity_ref(snap.g, b),
            "total": len(items),
            "items": items,
            "documents": snap.documents(doc_ids),
        }
