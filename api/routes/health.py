"""GET /health: is the service up, how big is its graph, and how fresh are its parts."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ReaderDep, UpkeepDep
from api.schemas import Freshness, Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def read_health(reader: ReaderDep, upkeep: UpkeepDep) -> Health:
    # the counts are kept as the graph changes: a probe does not walk a large graph
    with reader() as snap:
        nodes, edges = snap.kg.counts.nodes, snap.kg.counts.edges  # networkx counts edges one by one
        documents = snap.kg.count_documents()
        freshness = Freshness(**upkeep.status())
    return Health(
        status="ok",
        documents=documents,
        nodes=nodes,
        edges=edges,
        warm=upkeep.ready.is_set(),
        freshness=freshness,
    )
