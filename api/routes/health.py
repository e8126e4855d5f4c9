"""GET /health: is the service up, and how big is its graph."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import KGDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    documents: int
    nodes: int
    edges: int


@router.get("/health", response_model=Health)
def read_health(kg: KGDep) -> Health:
    stats = kg.stats()
    return Health(status="ok", documents=stats["documents"], nodes=stats["nodes"], edges=stats["edges"])
