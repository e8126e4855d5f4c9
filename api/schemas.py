"""Request and response bodies of the HTTP API, with the examples /docs shows."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator
from pydantic_core import PydanticCustomError

from extract.documents import WEB_ADDRESS, check_url
from extract.errors import DocumentError

EntityKind = Literal["person", "organization", "place"]
NodeKind = Literal["person", "organization", "place", "event"]
EventType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "STATEMENT",
]
# How every route that takes an entity reads it (see graph.queries.resolve_entity)
ENTITY_NAME = "an entity id, or a name as entity search reads it: label, alias, surname, typos forgiven"

BLINKEN: dict[str, JsonValue] = {
    "id": "person:antony-blinken",
    "label": "Antony Blinken",
    "kind": "person",
    "mentions": 18,
}
ZELENSKIY: dict[str, JsonValue] = {
    "id": "person:volodymyr-zelenskiy",
    "label": "Volodymyr Zelenskiy",
    "kind": "person",
    "mentions": 3,
}
SENTENCE = "U.S. Secretary of State Antony Blinken met Ukrainian President Volodymyr Zelenskiy in Kyiv."
EVIDENCE: dict[str, JsonValue] = {
    "doc_id": "moscowtimes-blinken-presses-russia",
    "sentence": SENTENCE,
    "start": 120,
    "end": 214,
}


# -- errors -----------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    where: str = Field(description="the parameter or body field at fault, dotted")
    message: str


class EntityRef(BaseModel):
    """The short form of a node that other answers point to."""

    model_config = ConfigDict(json_schema_extra={"examples": [BLINKEN]})

    id: str
    label: str
    kind: str
    mentions: int = 0


class ErrorInfo(BaseModel):
    status: int
    message: str
    details: list[ErrorDetail] | None = None
    candidates: list[EntityRef] | None = Field(
        None, description="for 409, the entities a name could mean; for 404, those whose names come closest"
    )


class ErrorBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "status": 404,
                        "message": "no entity matches 'Blinkenfeld'; closest: Antony Blinken",
                        "candidates": [BLINKEN],
                    }
                }
            ]
        }
    )

    error: ErrorInfo


# -- entities ---------------------------------------------------------------------------------


class Evidence(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVIDENCE]})

    doc_id: str
    sentence: str
    start: int
    end: int


class DocumentRef(BaseModel):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None


class EntityHit(EntityRef):
    aliases: list[str]
    score: float = Field(description="relevance, 0-100; 100 is an exact name")
    matched: str = Field(description="the label or alias that matched the query")


class EntityPage(BaseModel):
    total: int = Field(description="how many entities match in all")
    limit: int
    offset: int
    items: list[EntityHit]


class Fact(BaseModel):
    source: EntityRef
    target: EntityRef
    relation: str = Field(examples=["leader_of"])
    role: str | None = Field(None, examples=["President"])
    sentence: str | None = None
    evidence: list[Evidence]
    doc_ids: list[str]


class EntityDetail(EntityRef):
    aliases: list[str]
    doc_ids: list[str]
    documents: list[DocumentRef] = Field(description="the documents it is read from (the first 50 ids)")
    degree: int = Field(description="edges at this node: facts and event roles")
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    roles: list[Fact] = Field(description="facts about the entity: leader_of, member_of, located_in, ...")
    event_count: int
    event_types: dict[str, int]
    attributes: dict[str, Any]


# -- graph JSON -------------------------------------------------------------------------------


class GraphNode(BaseModel):
    """A node of graph JSON; every other attribute of the node is carried as is."""

    model_config = ConfigDict(extra="allow")

    id: str
    label: str | None = None
    kind: str | None = None
    hop: int | None = Field(None, description="distance from the center, in hops")


class GraphEdge(BaseModel):
    model_config = ConfigDict(extra="allow")

    source: str
    target: str
    key: str
    relation: str | None = None


class Subgraph(BaseModel):
    """NetworkX node-link data, as `GET /export/json` gives for the whole graph."""

    directed: bool = True
    multigraph: bool = True
    graph: dict[str, Any] = Field(description="center, depth and whether `limit` cut the walk short")
    nodes: list[GraphNode]
    edges: list[GraphEdge]


# -- events and relationships -----------------------------------------------------------------


class RelatedEntity(EntityRef):
    relation: str


class EventSummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "event:moscowtimes-blinken-presses-russia:2",
                    "type": "CONSULT",
                    "mode": "visit",
                    "label": "Antony Blinken CONSULT Volodymyr Zelenskiy",
                    "date": "2021-05-06",
                    "sentence": SENTENCE,
                    "quote": None,
                    "actors": [BLINKEN],
                    "recipients": [ZELENSKIY],
                    "locations": [{"id": "place:kyiv", "label": "Kyiv", "kind": "place", "mentions": 9}],
                    "others": [],
                    "doc_ids": ["moscowtimes-blinken-presses-russia"],
                    "attributes": {"trigger": "met"},
                }
            ]
        }
    )

    id: str
    type: str = Field(description="PLOVER event type, or STATEMENT")
    mode: str | None = None
    label: str
    date: str | None = Field(None, description="ISO date, year-month or year")
    sentence: str
    quote: str | None = None
    actors: list[EntityRef]
    recipients: list[EntityRef]
    locations: list[EntityRef]
    others: list[RelatedEntity] = Field(description="participants in roles other than the three above")
    doc_ids: list[str]
    attributes: dict[str, Any] = Field(description="trigger, negated, future, ... as extraction read them")


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[EventSummary]


class EventDetail(EventSummary):
    evidence: list[Evidence]
    documents: list[DocumentRef]


class Relation(BaseModel):
    """One event both entities take part in, or one fact between them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "event",
                    "id": "event:moscowtimes-blinken-presses-russia:2",
                    "type": "CONSULT",
                    "mode": "visit",
                    "label": "Antony Blinken CONSULT Volodymyr Zelenskiy",
                    "date": "2021-05-06",
                    "sentence": SENTENCE,
                    "quote": None,
                    "role": None,
                    "source_roles": ["actor"],
                    "target_roles": ["recipient"],
                    "evidence": [EVIDENCE],
                    "doc_ids": ["moscowtimes-blinken-presses-russia"],
                }
            ]
        }
    )

    kind: Literal["event", "fact"]
    id: str = Field(description="the event id, or source|relation|target for a fact")
    type: str = Field(description="the event type, or the fact's relation")
    mode: str | None = None
    label: str
    date: str | None = None
    sentence: str | None = None
    quote: str | None = None
    role: str | None = Field(None, description="a fact's role string, e.g. President")
    source_roles: list[str] = Field(description="the source entity's roles: actor, recipient, location")
    target_roles: list[str]
    actors: list[EntityRef] | None = Field(None, description="for an event: its participants by role")
    recipients: list[EntityRef] | None = None
    locations: list[EntityRef] | None = None
    others: list[RelatedEntity] | None = None
    evidence: list[Evidence]
    doc_ids: list[str]


class Relationships(BaseModel):
    source: EntityRef
    target: EntityRef
    total: int
    items: list[Relation]
    documents: list[DocumentRef] = Field(description="the documents the items are read from")


# -- paths ------------------------------------------------------------------------------------


class PathStep(BaseModel):
    source: str
    target: str
    event: EventSummary | None = Field(None, description="the event joining the two, for an event hop")
    facts: list[Fact] = Field(description="the facts joining the two, for a fact hop")


class Path(BaseModel):
    length: int = Field(description="hops: entity to entity through a fact or one event")
    nodes: list[EntityRef] = Field(description="entities and the events between them, in order")
    steps: list[PathStep]


class Paths(BaseModel):
    source: EntityRef
    target: EntityRef
    max_length: int
    complete: bool = Field(description="false when the search gave up before looking everywhere")
    paths: list[Path]


# -- statistics -------------------------------------------------------------------------------


class RankedEntity(EntityRef):
    degree: int
    pagerank: float


class Freshness(BaseModel):
    """Which change of the store each part of the answers reflects (changes are numbered in order)."""

    seq: int = Field(description="the latest change of the store the graph, search and events reflect")
    rankings_seq: int | None = Field(
        description="the change the degree and PageRank rankings were computed at (null: not yet)"
    )
    rankings_age_s: float | None = Field(description="seconds since the rankings were computed")
    snapshot_seq: int | None = Field(description="the change of the last snapshot saved for restarts")


class Health(BaseModel):
    status: str
    documents: int
    nodes: int
    edges: int
    warm: bool  # the search index, timeline and rankings are built: answers are at full speed
    freshness: Freshness


class Stats(BaseModel):
    documents: int
    nodes: int
    edges: int
    kinds: dict[str, int] = Field(examples=[{"event": 46, "organization": 13, "person": 12, "place": 16}])
    event_types: dict[str, int] = Field(examples=[{"CONSULT": 12, "STATEMENT": 19}])
    relations: dict[str, int] = Field(examples=[{"actor": 47, "recipient": 20, "location": 10}])
    top_degree: list[RankedEntity]
    top_pagerank: list[RankedEntity] = Field(description="PageRank of the graph read as undirected")
    freshness: Freshness = Field(
        description="the rankings are recomputed in the background once writes settle: how fresh they are"
    )


# -- documents --------------------------------------------------------------------------------


class DocumentSummary(DocumentRef):
    text_hash: str
    ingested_at: float
    meta: dict[str, Any]


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentSummary]


class EventRef(BaseModel):
    id: str
    type: str
    label: str
    date: str | None = None


class DocumentDetail(DocumentSummary):
    text: str | None = Field(None, description="left out with text=false")
    entities: list[EntityRef]
    events: list[EventRef]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NO_CONTROL = r"^[^\x00-\x1f\x7f-\x9f]*$"
_NO_NUL = r"^[^\x00]*$"
_NOT_BLANK = r"\S"


class DocumentIn(BaseModel):
    """A document to ingest. Fields other than these are kept in the document's `meta`."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "id": "reuters-2021-05-06-kuleba",
                    "text": "Foreign Minister Dmytro Kuleba met Antony Blinken in Kyiv on Thursday.",
                    "title": "Kuleba meets Blinken",
                    "source": "Reuters",
                    "url": "https://example.org/kuleba-blinken",
                    "published": "2021-05-06",
                }
            ]
        },
    )

    # Two patterns (no control characters; not blank), each a linear-time test.
    id: str = Field(
        min_length=1,
        max_length=512,
        description="document id; may contain '/', e.g. business/001",
        json_schema_extra={"allOf": [{"pattern": _NO_CONTROL}, {"pattern": _NOT_BLANK}]},
    )
    text: str = Field(
        min_length=1,
        description="the article's text",
        json_schema_extra={"allOf": [{"pattern": _NO_NUL}, {"pattern": _NOT_BLANK}]},
    )
    title: str | None = None
    source: str | None = None
    url: str | None = Field(
        None,
        description="where the article is: an http(s) address",
        json_schema_extra={"pattern": WEB_ADDRESS},
    )
    published: dt.date | None = Field(None, description="ISO date the article was published")

    @field_validator("id")
    @classmethod
    def _clean_id(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the id is blank")
        if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value):
            raise ValueError("the id holds control characters")
        return value.strip()

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        try:
            return check_url(value, where="the document")
        except DocumentError as exc:
            raise PydanticCustomError("url", str(exc).removeprefix("the document: ")) from exc

    @field_validator("published", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        # JSON has no date type: only the ISO string itself, not a number or a datetime
        if value is not None and not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
            raise ValueError("published must be an ISO date string, YYYY-MM-DD")
        return value

    @field_validator("text")
    @classmethod
    def _check_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the text is empty")
        if "\x00" in value:
            raise ValueError("the text holds NUL characters (binary data?)")
        return value


class Ingested(BaseModel):
    id: str
    status: Literal["added", "replaced", "unchanged", "failed"]
    error: str | None = Field(None, description="why extraction failed, for status failed")
    entities: list[EntityRef] = Field(default_factory=list, description="what the document contributes")
    events: list[EventRef] = Field(default_factory=list)
    facts: int = 0


class IngestReport(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": "reuters-2021-05-06-kuleba",
                            "status": "added",
                            "error": None,
                            "entities": [BLINKEN],
                            "events": [
                                {
                                    "id": "event:reuters-2021-05-06-kuleba:0",
                                    "type": "CONSULT",
                                    "label": "Dmytro Kuleba CONSULT Antony Blinken",
                                    "date": "2021-05-06",
                                }
                            ],
                            "facts": 1,
                        }
                    ],
                    "counts": {"added": 1},
                }
            ]
        }
    )

    items: list[Ingested]
    counts: dict[str, int] = Field(description="documents by status")


class Deleted(BaseModel):
    id: str
    status: Literal["deleted"]
    nodes: int = Field(description="nodes the document had touched")
    edges: int


# -- the viewer -------------------------------------------------------------------------------


class ViewNodeData(BaseModel):
    id: str
    label: str
    kind: str
    mentions: int
    hop: int = Field(description="hops from the nearest center")
    strength: int = Field(description="sum of the weights of its edges in the view")
    center: bool
    color: str = Field(description="the color of its kind, as in the GEXF export")


class ViewEdgeData(BaseModel):
    id: str
    source: str
    target: str
    relation: str = Field(description="`events` for entities sharing events, else the fact's relation")
    label: str = Field(description="the event types joining the two, or the fact's role")
    weight: int = Field(description="events joining the two (1 for a fact)")
    event_types: list[str]
    date_start: str | None = None
    date_end: str | None = None


class ViewNode(BaseModel):
    data: ViewNodeData


class ViewEdge(BaseModel):
    data: ViewEdgeData


class ViewElements(BaseModel):
    nodes: list[ViewNode]
    edges: list[ViewEdge]


class ViewerGraph(BaseModel):
    centers: list[EntityRef]
    depth: int
    total: int = Field(description="entities within reach before `limit` applied")
    shown: int = Field(description="entities in `elements`")
    truncated: bool = Field(description="true when some entities within reach are left out")
    elements: ViewElements


class ViewerEvent(EventSummary):
    roles: list[str] = Field(description="the entity's roles in the event: actor, recipient, location")
    evidence: list[Evidence]


class ViewerEvents(BaseModel):
    entity: EntityRef
    total: int
    limit: int
    offset: int
    items: list[ViewerEvent]
    documents: list[DocumentRef] = Field(description="the documents the items are read from")
