"""Statistics: counts by kind, event type and relation; the most connected and central entities."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReaderDep
from api.errors import responses
from api.schemas import Stats
from graph.queries import entity_ref

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("", response_model=Stats, responses=responses(422))
def read_stats(
    reader: ReaderDep, top: Annotated[int, Query(ge=1, le=100, description="entities per ranking")] = 10
) -> dict[str, Any]:
    """Counts, and the top entities by degree and by PageRank (computed once per graph version)."""
    with reader() as snap:
        g = snap.g
        counts = snap.derived.counts(g, snap.version)
        rank = snap.derived.pagerank(g, snap.version)
        by_rank = snap.derived.central(g, snap.version)[:top]

        def ranked(node_id: str) -> dict[str, Any]:
            return {**entity_ref(g, node_id), "degree": g.degree(node_id), "pagerank": rank.get(node_id, 0.0)}

        return {
            "documents": snap.store.count_documents(),
            "nodes": counts["nodes"],
            "edges": counts["edges"],
            "kinds": counts["kinds"],
            "event_types": counts["event_types"],
            "relations": counts["relations"],
            "top_degree": [ranked(n) for n in counts["by_degree"][:top]],
            "top_pagerank": [ranked(n) for n in by_rank],
        }
