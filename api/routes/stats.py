"""Statistics: counts by kind, event type and relation; the most connected and central entities."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReaderDep, UpkeepDep
from api.errors import responses
from api.schemas import Stats
from graph.queries import top_ranked

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
        return {
            "documents": snap.kg.count_documents(),
            **snap.kg.counts.as_dict(),
            **top_ranked(snap.g, snap.kg.indexes.rankings, top=top),
            "freshness": upkeep.status(),
        }
