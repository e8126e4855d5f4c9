"""GET /health: is the service up, and how big is its graph."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import ReaderDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    documents: int
    nodes: int
    edges: int
    warm: bool  # the search index, timeline and PageRank are built: answers are at full speed


@router.get("/health", response_model=Health)
def read_health(reader: ReaderDep) -> Health:
    # the counts are kept per graph version: a probe does not walk a large graph every time
    with reader() as snap:
        counts = snap.derived.counts(snap.g, snap.version)
        documents = snap.store.count_documents()
    return Health(
        status="ok",
        documents=documents,
        nodes=counts["nodes"],
        edges=counts["edges"],
        warm=snap.derived.ready.is_set(),
    )
