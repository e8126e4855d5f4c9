"""The FastAPI application: one router per resource over the knowledge graph."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.errors import document_errors, install_error_handlers
from api.extraction import ServerExtractor
from api.filters import known_parameters
from api.limits import BodyLimit
from api.routes import docs, documents, entities, events, export, health, paths, relationships, stats, viewer
from api.settings import Settings, get_settings
from graph import snapshot
from graph.knowledge import KnowledgeGraph
from graph.store import Store
from graph.upkeep import Upkeep

if TYPE_CHECKING:  # spaCy is not imported by the server: a child process extracts
    from extract.pipeline import Extractor

log = logging.getLogger("newsgraph.api")


def open_graph(settings: Settings) -> KnowledgeGraph:
    """The live graph of `settings.db`: from its snapshot when that matches the store, else built."""
    store = Store(settings.db)
    if not settings.snapshot:
        return KnowledgeGraph(store)
    kg, how = KnowledgeGraph.start(store, snapshot.path_for(settings.db))
    log.info("%s", how)
    return kg


def create_app(settings: Settings | None = None, *, extractor: Extractor | None = None) -> FastAPI:
    """The app over the database `settings.db`; `extractor` extracts in this process (tests)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kg = await asyncio.to_thread(open_graph, settings)
        upkeep = Upkeep(
            kg,
            snapshot=snapshot.path_for(settings.db) if settings.snapshot else None,
            follow_every=settings.follow_every,
            save_settle=settings.snapshot_after,
        )
        app.state.kg, app.state.upkeep = kg, upkeep
        app.state.extraction = ServerExtractor(settings, extractor)
        upkeep.start()  # warms the indexes and rankings, then follows the store
        try:
            yield
        finally:
            upkeep.stop()
            app.state.extraction.close()
            kg.close()

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
