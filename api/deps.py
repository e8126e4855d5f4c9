"""FastAPI dependencies: the knowledge graph, a consistent read of it, the extractor, the API-key check."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

import networkx as nx
from fastapi import Depends, Header, Request

from api.errors import Unauthorized
from api.settings import Settings
from extract.pipeline import Extractor
from graph.derived import Derived
from graph.errors import DocumentNotFound
from graph.knowledge import KnowledgeGraph
from graph.queries import resolve_entity
from graph.search import NameIndex
from graph.store import Store
from graph.timeline import Timeline


def get_kg(request: Request) -> KnowledgeGraph:
    return request.app.state.kg


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


KGDep = Annotated[KnowledgeGraph, Depends(get_kg)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of the graph, held under the read lock, with its derived indexes."""

    g: nx.MultiDiGraph
    version: int
    derived: Derived
    store: Store

    @property
    def names(self) -> NameIndex:
        return self.derived.names(self.g, self.version)

    @property
    def timeline(self) -> Timeline:
        return self.derived.timeline(self.g, self.version)

    def entity(self, ref: str, *, events: bool = False) -> str:
        """The node an id or a name refers to, read as entity search reads it."""
        return resolve_entity(self.g, ref, names=self.names, events=events)

    def documents(self, doc_ids: Iterable[str], *, limit: int = 50) -> list[dict[str, Any]]:
        """Title, source, url and date of each document still stored (the first `limit` ids)."""
        refs = []
        for doc_id in sorted(set(doc_ids))[:limit]:
            try:
                row = self.store.document(doc_id, with_text=False)
            except DocumentNotFound:  # deleted since this version of the graph was read
                continue
            refs.append({k: row[k] for k in ("id", "title", "source", "url", "published")})
        return refs


@dataclass(frozen=True, slots=True)
class Reader:
    kg: KnowledgeGraph
    derived: Derived

    @contextmanager
    def __call__(self) -> Iterator[Snapshot]:
        with self.kg.reading() as g:
            yield Snapshot(g, self.kg.version, self.derived, self.kg.store)


def get_reader(request: Request) -> Reader:
    return Reader(request.app.state.kg, request.app.state.derived)


ReaderDep = Annotated[Reader, Depends(get_reader)]

_extractor_lock = threading.Lock()


def load_extractor(request: Request) -> Extractor:
    """The app's extractor, loaded on first use (spaCy takes a second or two) and kept in app.state."""
    state = request.app.state
    with _extractor_lock:
        if getattr(state, "extractor", None) is None:
            state.extractor = Extractor.load(state.settings.model)
        return state.extractor


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
