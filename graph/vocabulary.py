"""The graph's words: node kinds, edge relations, event types with their PLOVER groups, modes, readings.

Each word list is written once, here, as a `Literal` type; the tuple code loops over is read from
that type (`typing.get_args`), so what the type checker accepts and what the running code accepts
are the same words, in the same order. Extraction, the graph, the exports, the API's request and
response types and the tests import them from here.

- Kinds: `person`, `organization`, `place` are entities; an `event` node is what they did.
- Relations: an event's role edges (`actor` -> event, event -> `recipient` or `location`, in that
  order of rank) and the facts between entities (`leader_of`, `member_of`, `located_in`).
- Event types: the 16 types of PLOVER in its four quad classes (verbal and material cooperation,
  verbal and material conflict) and newsgraph's own STATEMENT, which is no PLOVER type.
- Modes: the PLOVER modes each type may carry ("visit" for CONSULT); a type with none has none.
- Readings: what PLOVER lets any event say about whether it happened (negated, future, ...).
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "ENTITY_KINDS",
    "EVENT_TYPES",
    "FACT_RELATIONS",
    "MATERIAL",
    "MODES",
    "MUTUAL",
    "NODE_KINDS",
    "PLOVER_TYPES",
    "QUAD_CODES",
    "READINGS",
    "RELATIONS",
    "ROLE_RELATIONS",
    "VERBAL",
    "EntityKind",
    "EventType",
    "FactRelation",
    "NodeKind",
    "PloverType",
    "Reading",
    "Relation",
    "RoleRelation",
]

EntityKind = Literal["person", "organization", "place"]
NodeKind = Literal[EntityKind, "event"]
ENTITY_KINDS: tuple[EntityKind, ...] = get_args(EntityKind)
NODE_KINDS: tuple[NodeKind, ...] = get_args(NodeKind)

RoleRelation = Literal["actor", "recipient", "location"]  # in rank order: actors first
FactRelation = Literal["leader_of", "member_of", "located_in"]
Relation = Literal[RoleRelation, FactRelation]
ROLE_RELATIONS: tuple[RoleRelation, ...] = get_args(RoleRelation)
FACT_RELATIONS: tuple[FactRelation, ...] = get_args(FactRelation)
RELATIONS: tuple[Relation, ...] = get_args(Relation)

# PLOVER's quad classes, in quad-code order (1-4)
VerbalCooperation = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE"]
MaterialCooperation = Literal["COOPERATE", "AID", "RETREAT"]
VerbalConflict = Literal["REQUEST", "ACCUSE", "REJECT", "THREATEN"]
MaterialConflict = Literal["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
PloverType = Literal[VerbalCooperation, MaterialCooperation, VerbalConflict, MaterialConflict]
EventType = Literal[PloverType, "STATEMENT"]
PLOVER_TYPES: tuple[PloverType, ...] = get_args(PloverType)
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)

_QUADS = (VerbalCooperation, MaterialCooperation, VerbalConflict, MaterialConflict)
QUAD_CODES: dict[str, int] = {
    event_type: quad for quad, types in enumerate(_QUADS, 1) for event_type in get_args(types)
}
# acts done by saying them: the verbal quad classes, and statements
VERBAL: frozenset[EventType] = frozenset(
    {*get_args(VerbalCooperation), *get_args(VerbalConflict), "STATEMENT"}
)
# physical acts, which a story may tell more than once: the material quad classes
MATERIAL: frozenset[EventType] = frozenset({*get_args(MaterialCooperation), *get_args(MaterialConflict)})
# events parties do with each other: "X met Y" and "Y met X" tell one meeting
MUTUAL: frozenset[EventType] = frozenset({"CONSULT", "AGREE", "COOPERATE"})


def _by_type(table: dict[EventType, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The table, looked up by any string (the type checker has checked its keys)."""
    return {event_type: values for event_type, values in table.items()}


# PLOVER's modes by type (docs/EVENTS.md); the event tables may use only these
MODES = _by_type({
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": (
        "seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
        "misinformation", "cyber",
    ),
    "ASSAULT": (
        "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
        "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional",
    ),
})  # fmt: skip

# PLOVER's auxiliary readings: an event's attributes when the text shows them ("did not withdraw")
Reading = Literal["negated", "future", "hypothetical", "historical"]
READINGS: tuple[Reading, ...] = get_args(Reading)
