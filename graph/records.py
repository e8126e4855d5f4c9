"""The record types that extraction produces and the store keeps: one document's contribution."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text and the metadata from a sidecar, a JSONL record or a request."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Evidence:
    """Where a node or edge was read: the sentence and its character offsets in the document."""

    doc_id: str
    sentence: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class EntityRecord:
    """A person, organization or place as one document saw it."""

    id: str  # stable, e.g. "person:antony-blinken"
    kind: str  # one of vocabulary.ENTITY_KINDS
    label: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 1
    attrs: dict[str, Any] = field(default_factory=dict)  # lat, lon, country_code, ...


@dataclass(slots=True)
class EventRecord:
    """An event node: who did what to whom, where and when, as one document told it."""

    id: str
    event_type: str  # one of vocabulary.EVENT_TYPES: the 16 PLOVER types or STATEMENT
    label: str
    mode: str | None = None
    date: str | None = None  # ISO date, year-month or year
    sentence: str = ""
    quote: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)  # trigger, negated, future, ...


@dataclass(slots=True)
class EdgeRecord:
    """A role edge (actor -> event, event -> recipient/location) or a fact between entities."""

    source: str
    target: str
    relation: str  # one of vocabulary.RELATIONS
    role: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Edge key: one edge per (source, target, relation), so documents that agree merge."""
        return self.relation


@dataclass(slots=True)
class Extraction:
    """Everything read out of one document; the unit the store writes in one transaction."""

    document: Document
    entities: list[EntityRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)
