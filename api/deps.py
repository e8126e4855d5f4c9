"""FastAPI dependencies: the knowledge graph, a consistent read of it, its upkeep, the API-key check."""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

import networkx as nx
from fastapi import Depends, Header, Request

from api.errors import Unauthorized
from api.settings import Settings
from graph.answers import DocumentRef
from graph.knowledge import KnowledgeGraph
from graph.queries import resolve_entity
from graph.search import NameIndex
from graph.texts import TextSource
from graph.timeline import Timeline
from graph.upkeep import Upkeep


def get_kg(request: Request) -> KnowledgeGraph:
    return request.app.state.kg


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


KGDep = Annotated[KnowledgeGraph, Depends(get_kg)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


@dataclass(frozen=True, slots=True)
class Reading:
    """The live graph as one reader sees it, under the read lock, with its indexes and text."""

    g: nx.MultiDiGraph
    kg: KnowledgeGraph

    @property
    def names(self) -> NameIndex:
        return self.kg.indexes.names

    @property
    def timeline(self) -> Timeline:
        return self.kg.indexes.timeline

    @property
    def texts(self) -> TextSource:
        """Where the long text the graph does not keep is read from."""
        return self.kg.texts

    def entity(self, ref: str, *, events: bool = False) -> str:
        """The node an id or a name refers to, read as entity search reads it."""
        return resolve_entity(self.g, ref, names=self.names, events=events)

    def documents(self, doc_ids: Iterable[str], *, limit: int = 50) -> list[DocumentRef]:
        """Title, source, url and date of each document still stored (the first `limit` ids)."""
        return self.kg.document_refs(doc_ids, limit=limit)


@dataclass(frozen=True, slots=True)
class Reader:
    kg: KnowledgeGraph

    @contextmanager
    def __call__(self) -> Iterator[Reading]:
        with self.kg.reading() as g:
            yield Reading(g, self.kg)


def get_reader(request: Request) -> Reader:
    return Reader(request.app.state.kg)


ReaderDep = Annotated[Reader, Depends(get_reader)]


def get_upkeep(request: Request) -> Upkeep:
    return request.app.state.upkeep


UpkeepDep = Annotated[Upkeep, Depends(get_upkeep)]


def require_api_key(
    settings: SettingsDep,
    x_api_key: Annotated[
        str | None, Header(description="the key, when NEWSGRAPH_API_KEY is set", max_length=1024)
    ] = None,
) -> None:
    """Writes need the configured key; compared in constant time."""
    if settings.api_key is None:
        return
    if x_api_key is None or not hmac.compare_digest(x_api_key.encode(), settings.api_key.encode()):
        raise Unauthorized("a valid X-API-Key header is required for writes")


WriteAccess = Depends(require_api_key)
