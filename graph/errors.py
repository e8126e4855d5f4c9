"""The graph layer's exceptions; the API maps them to HTTP statuses in one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class GraphError(Exception):
    """Base of every error the graph layer raises on purpose."""


class StoreError(GraphError):
    """The database file cannot be opened or written."""


class DocumentNotFound(GraphError):
    def __init__(self, doc_id: str) -> None:
        super().__init__(f"no document with id {doc_id!r}")
        self.doc_id = doc_id


class EntityNotFound(GraphError):
    """No entity answers to `ref`; `candidates` are the entities whose names come closest."""

    def __init__(self, ref: str, candidates: Sequence[Mapping[str, object]] | None = None) -> None:
        closest = "; closest: " + ", ".join(str(c["label"]) for c in candidates) if candidates else ""
        super().__init__(f"no entity matches {ref!r}{closest}")
        self.ref = ref
        self.candidates = list(candidates or [])


class EventNotFound(GraphError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"no event with id {ref!r}")
        self.ref = ref


class AmbiguousEntity(GraphError):
    def __init__(self, ref: str, candidates: Sequence[Mapping[str, object]]) -> None:
        super().__init__(f"{ref!r} names {len(candidates)} entities; use one of their ids")
        self.ref = ref
        self.candidates = list(candidates)
