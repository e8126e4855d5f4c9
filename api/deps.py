"""FastAPI dependencies: the knowledge graph, the extractor, settings and the API-key check."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from api.errors import Unauthorized
from api.settings import Settings
from graph.knowledge import KnowledgeGraph


def get_kg(request: Request) -> KnowledgeGraph:
    return request.app.state.kg


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


KGDep = Annotated[KnowledgeGraph, Depends(get_kg)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def require_api_key(settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Writes need the configured key; compared in constant time."""
    if settings.api_key is None:
        return
    if x_api_key is None or not hmac.compare_digest(x_api_key.encode(), settings.api_key.encode()):
        raise Unauthorized("a valid X-API-Key header is required for writes")


WriteAccess = Depends(require_api_key)
