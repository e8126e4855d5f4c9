"""The shapes of the answers graph.queries gives, declared once.

Each is a TypedDict: the queries build plain dicts (cheap, and serialized as they are), and the
type checker holds every one of them to its declaration. The HTTP API answers with these same
types (api.schemas nests them in its pages, FastAPI validates each answer against them), so the
shape a query returns and the shape the API documents cannot drift apart: a field changed here
is a type error wherever a query or a route builds the old shape.

Descriptions and examples are for the API's documentation (/docs); pydantic reads them from the
`Field` annotations and `with_config`. pydantic needs `typing_extensions.TypedDict` on Python 3.11.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, JsonValue, with_config
from typing_extensions import TypedDict

__all__ = [
    "BLINKEN",
    "EVIDENCE",
    "KYIV",
    "MEETING",
    "SENTENCE",
    "ZELENSKIY",
    "Contributions",
    "DocumentRef",
    "EntityDetail",
    "EntityHit",
    "EntityRef",
    "EventDetail",
    "EventRef",
    "EventSummary",
    "Evidence",
    "Fact",
    "Path",
    "PathStep",
    "RankedEntity",
    "Rankings",
    "RelatedEntity",
    "Relation",
    "Subgraph",
    "SubgraphInfo",
    "ViewerEvent",
]

# -- examples ---------------------------------------------------------------------------------

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
KYIV: dict[str, JsonValue] = {"id": "place:kyiv", "label": "Kyiv", "kind": "place", "mentions": 9}
SENTENCE = "U.S. Secretary of State Antony Blinken met Ukrainian President Volodymyr Zelenskiy in Kyiv."
MEETING: dict[str, JsonValue] = {
    "id": "event:moscowtimes-blinken-presses-russia:2",
    "type": "CONSULT",
    "mode": "visit",
    "label": "Antony Blinken CONSULT Volodymyr Zelenskiy",
    "date": "2021-05-06",
    "sentence": SENTENCE,
    "quote": None,
}
EVIDENCE: dict[str, JsonValue] = {
    "doc_id": "moscowtimes-blinken-presses-russia",
    "sentence": SENTENCE,
    "start": 120,
    "end": 214,
}


# -- entities ---------------------------------------------------------------------------------


class DocumentRef(TypedDict):
    """Where a document comes from (the store keeps it beside the graph)."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None


@with_config({"json_schema_extra": {"examples": [BLINKEN]}})
class EntityRef(TypedDict):
    """The short form of a node that other answers point to."""

    id: str
    label: str
    kind: str
    mentions: int


@with_config({"json_schema_extra": {"examples": [EVIDENCE]}})
class Evidence(TypedDict):
    doc_id: str
    sentence: str
    start: int
    end: int


class EntityHit(EntityRef):
    aliases: list[str]
    score: Annotated[float, Field(description="relevance, 0-100; 100 is an exact name")]
    matched: Annotated[str, Field(description="the label or alias that matched the query")]


class Fact(TypedDict):
    source: EntityRef
    target: EntityRef
    relation: Annotated[str, Field(examples=["leader_of"])]
    role: Annotated[str | None, Field(examples=["President"])]
    sentence: str | None
    evidence: list[Evidence]
    doc_ids: list[str]


class EntityDetail(EntityRef):
    aliases: list[str]
    doc_ids: list[str]
    degree: Annotated[int, Field(description="edges at this node: facts and event roles")]
    lat: float | None
    lon: float | None
    country_code: str | None
    roles: Annotated[
        list[Fact], Field(description="facts about the entity: leader_of, member_of, located_in, ...")
    ]
    event_count: int
    event_types: dict[str, int]
    attributes: dict[str, Any]


class RankedEntity(EntityRef):
    degree: int
    pagerank: float


class Rankings(TypedDict):
    """The first entities by degree and by PageRank."""

    top_degree: list[RankedEntity]
    top_pagerank: Annotated[list[RankedEntity], Field(description="PageRank of the graph read as undirected")]


# -- events -----------------------------------------------------------------------------------


class RelatedEntity(EntityRef):
    relation: str


@with_config(
    {
        "json_schema_extra": {
            "examples": [
                {
                    **MEETING,
                    "actors": [BLINKEN],
                    "recipients": [ZELENSKIY],
                    "locations": [KYIV],
                    "others": [],
                    "doc_ids": ["moscowtimes-blinken-presses-russia"],
                    "attributes": {"trigger": "met"},
                }
            ]
        }
    }
)
class EventSummary(TypedDict):
    id: str
    type: Annotated[str, Field(description="PLOVER event type, or STATEMENT")]
    mode: str | None
    label: str
    date: Annotated[str | None, Field(description="ISO date, year-month or year")]
    sentence: str
    quote: str | None
    actors: list[EntityRef]
    recipients: list[EntityRef]
    locations: list[EntityRef]
    others: Annotated[
        list[RelatedEntity], Field(description="participants in roles other than the three above")
    ]
    doc_ids: list[str]
    attributes: Annotated[
        dict[str, Any], Field(description="trigger, negated, future, ... as extraction read them")
    ]


class EventDetail(EventSummary):
    evidence: list[Evidence]


class ViewerEvent(EventSummary):
    """An event as the viewer lists it for one entity."""

    roles: Annotated[
        list[str], Field(description="the entity's roles in the event: actor, recipient, location")
    ]
    evidence: list[Evidence]


class EventRef(TypedDict):
    id: str
    type: str
    label: str
    date: str | None


class Contributions(TypedDict):
    """What one document gives the graph."""

    entities: list[EntityRef]
    events: list[EventRef]


# -- what joins two entities ------------------------------------------------------------------


@with_config(
    {
        "json_schema_extra": {
            "examples": [
                {
                    "kind": "event",
                    **MEETING,
                    "role": None,
                    "source_roles": ["actor"],
                    "target_roles": ["recipient"],
                    "evidence": [EVIDENCE],
                    "doc_ids": ["moscowtimes-blinken-presses-russia"],
                }
            ]
        }
    }
)
class Relation(TypedDict):
    """One event both entities take part in, or one fact between them."""

    kind: Literal["event", "fact"]
    id: Annotated[str, Field(description="the event id, or source|relation|target for a fact")]
    type: Annotated[str, Field(description="the event type, or the fact's relation")]
    mode: str | None
    label: str
    date: str | None
    sentence: str | None
    quote: str | None
    role: Annotated[str | None, Field(description="a fact's role string, e.g. President")]
    source_roles: Annotated[
        list[str], Field(description="the source entity's roles: actor, recipient, location")
    ]
    target_roles: list[str]
    actors: Annotated[list[EntityRef] | None, Field(description="for an event: its participants by role")]
    recipients: list[EntityRef] | None
    locations: list[EntityRef] | None
    others: list[RelatedEntity] | None
    evidence: list[Evidence]
    doc_ids: list[str]


class PathStep(TypedDict):
    source: str
    target: str
    event: Annotated[EventSummary | None, Field(description="the event joining the two, for an event hop")]
    facts: Annotated[list[Fact], Field(description="the facts joining the two, for a fact hop")]


class Path(TypedDict):
    length: Annotated[int, Field(description="hops: entity to entity through a fact or one event")]
    nodes: Annotated[list[EntityRef], Field(description="entities and the events between them, in order")]
    steps: list[PathStep]


# -- around a node ----------------------------------------------------------------------------


class SubgraphInfo(TypedDict):
    center: str
    depth: int
    truncated: bool


class Subgraph(TypedDict):
    """NetworkX node-link data; each node and edge carries every attribute it has."""

    directed: bool
    multigraph: bool
    graph: SubgraphInfo
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
