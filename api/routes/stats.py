"""Statistics: counts by kind, event type and relation; the most connected and central entities."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReaderDep, UpkeepDep
from api.errors import responses
from api.schemas import Stats
from graph.queries import entity_ref

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("", response_model=Stats, responses=responses(422))
def read_stats(
    reader: ReaderDep,
    upkeep: UpkeepDep,
    top: Annotated[int, Query(ge=1, le=100, description="entities per ranking")] = 10,
) -> dict[str, Any]:
    """Counts, and the top entities by degree and by PageRank. Counts are always current; the
    rankings are recomputed in the background once writes settle (`freshness` says when)."""
    upkeep.ready.wait()  # the first rankings are being computed at start-up
    with reader() as snap:
        g = snap.g
        indexes = snap.kg.indexes
        counts, rankings = snap.kg.counts.as_dict(), indexes.rankings
        scores = rankings.pagerank if rankings else {}

        def ranked(ids: list[str]) -> list[dict[str, Any]]:
            return [
                {**entity_ref(g, n), "degree": g.degree(n), "pagerank": scores.get(n, 0.0)}
                for n in ids
                if n in g  # gone since the rankings were computed
            ][:top]

        return {
            "documents": snap.store.count_documents(),
            **counts,
            "top_degree": ranked(rankings.by_degree if rankings else []),
            "top_pagerank": ranked(rankings.by_pagerank if rankings else []),
            "freshness": upkeep.status(),
        }
