"""Relationships: every event and fact that joins two entities, with its evidence."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ReaderDep
from api.errors import responses
from api.filters import PairDep
from api.schemas import Relationships
from graph.queries import entity_ref, relationships

router = APIRouter(prefix="/relationships", tags=["relationships"])


@router.get("", response_model=Relationships, responses=responses(404, 409, 422))
def read_relationships(
    reader: ReaderDep,
    pair: PairDep,
) -> dict[str, Any]:
    """How two entities are related: the events both take part in (with each one's roles) and
    the facts between them, in time order, each with its evidence sentences and documents."""
    with reader() as snap:
        a, b = snap.entity(pair.source), snap.entity(pair.target)
        items = relationships(snap.g, a, b, texts=snap.texts) if a != b else []
        doc_ids = {doc_id for item in items for doc_id in item["doc_ids"]}
        return {
            "source": entity_ref(snap.g, a),
            "target": entity_ref(snap.g, b),
            "total": len(items),
            "items": items,
            "documents": snap.documents(doc_ids),
        }
