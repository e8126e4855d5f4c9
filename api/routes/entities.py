"""Entities: search by name or alias."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import KGDep
from graph.search import search_entities

router = APIRouter(prefix="/entities", tags=["entities"])

Kind = Literal["person", "organization", "place"]


class EntitySummary(BaseModel):
    id: str
    label: str
    kind: str
    aliases: list[str]
    mentions: int
    score: float


class EntityPage(BaseModel):
    total: int
    items: list[EntitySummary]


@router.get("", response_model=EntityPage)
def search(
    kg: KGDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="name or alias")],
    kind: Kind | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> EntityPage:
    with kg.reading() as g:
        hits = search_entities(g, q, kind=kind, limit=offset + limit)
        items = [
            EntitySummary(
                id=h.id,
                label=g.nodes[h.id].get("label", h.id),
                kind=g.nodes[h.id].get("kind", ""),
                aliases=g.nodes[h.id].get("aliases", []),
                mentions=g.nodes[h.id].get("mentions", 0),
                score=h.score,
            )
            for h in hits[offset:]
        ]
    return EntityPage(total=len(hits), items=items)
