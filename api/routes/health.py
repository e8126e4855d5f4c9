"""GET /health: is the service up, how big is its graph, and how fresh are its parts."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import ReaderDep, UpkeepDep
from api.schemas import Freshness

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    documents: int
    nodes: int
    edges: int
    warm: bool  # the search index, timeline and rankings are built: answers are at full speed
    freshness: Freshness


@router.get("/health", response_model=Health)
def read_health(reader: ReaderDep, upkeep: UpkeepDep) -> Health:
    # the counts are kept as the graph changes: a probe does not walk a large graph
    with reader() as snap:
        nodes, edges = snap.kg.counts.nodes, snap.kg.counts.edges  # networkx counts edges one by one
        documents = snap.store.count_documents()
        freshness = Freshness(**upkeep.status())
    return Health(
        status="ok",
        documents=documents,
        nodes=nodes,
        edges=edges,
        warm=upkeep.ready.is_set(),
        freshness=freshness,
    )
