"""The FastAPI application: one router per resource over the knowledge graph."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.errors import install_error_handlers
from api.routes import entities, export, health
from api.settings import Settings, get_settings
from graph.knowledge import KnowledgeGraph


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.kg = KnowledgeGraph.open(settings.db)
        try:
            yield
        finally:
            app.state.kg.close()

    app = FastAPI(
        title="newsgraph",
        summary="Who did what to whom, where and when: a knowledge graph of news articles.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "X-API-Key"],
        )
    install_error_handlers(app)
    for module in (health, entities, export):
        app.include_router(module.router)
    return app
