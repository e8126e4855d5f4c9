"""Request and response bodies of the HTTP API, with the examples /docs shows."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from extract.documents import WEB_ADDRESS, check_url
from extract.errors import DocumentError
from graph import answers
from graph.answers import (
    BLINKEN,
    DocumentRef,
    EntityHit,
    EntityRef,
    EventRef,
    EventSummary,
    Path,
    RankedEntity,
    Relation,
    ViewerEvent,
)

# How every route that takes an entity reads it (see graph.queries.resolve_entity)
ENTITY_NAME = "an entity id, or a name as entity search reads it: label, alias, surname, typos forgiven"


# -- errors -----------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    where: str = Field(description="the parameter or body field at fault, dotted")
    message: str


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


class EntityPage(BaseModel):
    total: int = Field(description="how many entities match in all")
    limit: int
    offset: int
    items: list[EntityHit]


class EntityDetail(answers.EntityDetail):
    documents: Annotated[
        list[DocumentRef], Field(description="the documents it is read from (the first 50 ids)")
    ]


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


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[EventSummary]


class EventDetail(answers.EventDetail):
    documents: list[DocumentRef]


class Relationships(BaseModel):
    source: EntityRef
    target: EntityRef
    total: int
    items: list[Relation]
    documents: list[DocumentRef] = Field(description="the documents the items are read from")


# -- paths ------------------------------------------------------------------------------------


class Paths(BaseModel):
    source: EntityRef
    target: EntityRef
    max_length: int
    complete: bool = Field(description="false when the search gave up before looking everywhere")
    paths: list[Path]


# -- statistics -------------------------------------------------------------------------------


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


class DocumentSummary(BaseModel):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    text_hash: str
    ingested_at: float
    meta: dict[str, Any]


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentSummary]


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


class ViewerEvents(BaseModel):
    entity: EntityRef
    total: int
    limit: int
    offset: int
    items: list[ViewerEvent]
    documents: list[DocumentRef] = Field(description="the documents the items are read from")
