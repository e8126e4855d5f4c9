"""The FastAPI application: one router per resource over the knowledge graph."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.errors import document_errors, install_error_handlers
from api.filters import known_parameters
from api.limits import BodyLimit
from api.routes import docs, documents, entities, events, export, health, paths, relationships, stats, viewer
from api.settings import Settings, get_settings
from extract.pipeline import Extractor
from graph.derived import Derived
from graph.knowledge import KnowledgeGraph


def _warm(kg: KnowledgeGraph, derived: Derived) -> None:
    """Build the search index, timeline and PageRank before the first request needs them."""
    with kg.reading() as g:
        derived.warm(g, kg.version)


def create_app(settings: Settings | None = None, *, extractor: Extractor | None = None) -> FastAPI:
    """The app over the database `settings.db`; `extractor` spares loading spaCy again in-process."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.kg = KnowledgeGraph.open(settings.db)
        app.state.derived = Derived()
        app.state.extractor = extractor  # else loaded on the first POST /documents
        threading.Thread(target=_warm, args=(app.state.kg, app.state.derived), daemon=True).start()
        try:
            yield
        finally:
            app.state.kg.close()

    app = FastAPI(
        title="newsgraph",
        summary="Who did what to whom, where and when: a knowledge graph of news articles.",
        version="0.1.0",
        lifespan=lifespan,
        dependencies=[Depends(known_parameters)],
        docs_url=None,  # served by api/routes/docs.py from local files
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "X-API-Key"],
        )
    install_error_handlers(app)
    for module in (health, entities, relationships, events, paths, stats, documents, export, viewer, docs):
        app.include_router(module.router)
    viewer.mount_static(app)
    document_errors(app)
    return app
