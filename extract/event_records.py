"""Event mentions of one document -> one EventRecord per event, with its role edges.

The same event is often told twice ("will visit Kyiv on May 5-6" ... "during his trip"): mentions
of one type whose actors overlap and whose targets, dates and modes do not disagree become one
event. A visit then also places what the visitor does while there, and a place named for an event
also counts its country (when the document names that country) as the event's location.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extract.dates import ResolvedDate
from extract.entities import Entity
from extract.ids import event_id
from extract.places import gazetteer
from graph.records import Document, EdgeRecord, EventRecord, Evidence

_PRECISION = {"year": 0, "month": 1, "day": 2}
# PLOVER's material quad classes: physical acts, which a story may tell more than once
_DEEDS = frozenset({"COOPERATE", "AID", "RETREAT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})


@dataclass(slots=True)
class EventMention:
    """One trigger's reading: who did what to whom, where and when, in one sentence."""

    event_type: str
    mode: str | None
    trigger: str
    actors: list[Entity]
    recipients: list[Entity]
    locations: list[Entity]
    date: ResolvedDate | None
    sentence: str
    start: int
    end: int
    quote: str | None = None
    future: bool = False
    negated: bool = False
    hypothetical: bool = False

    def targets(self) -> set[str]:
        return {e.id for e in self.recipients} | {e.id for e in self.locations}


@dataclass(slots=True)
class _Event:
    mentions: list[EventMention] = field(default_factory=list)
    inferred_locations: list[tuple[Entity, EventMention]] = field(default_factory=list)

    @property
    def first(self) -> EventMention:
        return self.mentions[0]

    def ids(self, role: str) -> set[str]:
        return {e.id for m in self.mentions for e in getattr(m, role)}

    @property
    def date(self) -> ResolvedDate | None:
        dated = [m.date for m in self.mentions if m.date is not None]
        return max(dated, key=lambda d: _PRECISION[d.precision], default=None)


def build_records(
    mentions: Sequence[EventMention],
    *,
    document: Document,
    entities: Iterable[Entity],
    dateline: Entity | None = None,
) -> tuple[list[EventRecord], list[EdgeRecord]]:
    """Merge mentions into events and write them as records and role edges.

    `dateline` is the place a report is filed from ("KYIV, May 6 (Reuters) -"): today's news
    with no place of its own happened there.
    """
    countries = _countries_named(entities)
    events: list[_Event] = []
    for mention in mentions:
        home = next((e for e in events if _same_event(e, mention, countries)), None)
        if home is None:
            events.append(_Event([mention]))
        else:
            home.mentions.append(mention)
    _place_visitors(events)
    if dateline is not None and document.published:
        _place_at_dateline(events, dateline, document.published[:10])
    records: list[EventRecord] = []
    edges: list[EdgeRecord] = []
    for n, event in enumerate(events):
        record, role_edges = _write(event, event_id(document.id, n), document, countries)
        records.append(record)
        edges.extend(role_edges)
    return records, edges


def _same_event(event: _Event, mention: EventMention, countries: dict[str, Entity]) -> bool:
    first = event.first
    if (first.event_type, first.mode, first.negated) != (mention.event_type, mention.mode, mention.negated):
        return False
    if not event.ids("actors") & {e.id for e in mention.actors}:
        return False
    if mention.event_type == "STATEMENT":  # one speaker says many things; one sentence, one statement
        return any(m.start == mention.start for m in event.mentions)
    if not _dates_agree(event.date, mention.date):
        return False
    ours = event.ids("recipients") | event.ids("locations")
    theirs = mention.targets()
    if ours & theirs:
        return True
    if not ours or not theirs:
        # a deed can be told again without its target ("the pullback"); words are one act each
        return _is_deed(mention) or any(m.trigger == mention.trigger for m in event.mentions)
    mine = {_country_code(e, countries) for m in event.mentions for e in m.recipients + m.locations}
    return bool(mine & {_country_code(e, countries) for e in mention.recipients + mention.locations} - {None})


def _is_deed(mention: EventMention) -> bool:
    return mention.event_type in _DEEDS or mention.mode == "visit"


def _dates_agree(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    if a is None or b is None:
        return True
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def _place_visitors(events: list[_Event]) -> None:
    """What a visitor does on the visit's day, or in a sentence telling of the visit, happens there."""
    visits = [e for e in events if e.first.event_type == "CONSULT" and e.first.mode == "visit"]
    for visit in visits:
        places = [p for m in visit.mentions for p in m.locations]
        day = visit.date if visit.date is not None and visit.date.precision == "day" else None
        sentences = {m.start for m in visit.mentions}
        for event in events:
            if event is visit or event.ids("locations") or not places:
                continue
            if not event.ids("actors") & visit.ids("actors"):
                continue
            same_day = day is not None and event.date is not None and event.date.value == day.value
            told_together = any(m.start in sentences for m in event.mentions)
            if same_day or told_together:
                seen: set[str] = set()
                for place in places:
                    if place.id not in seen:
                        seen.add(place.id)
                        event.inferred_locations.append((place, visit.first))


def _place_at_dateline(events: list[_Event], place: Entity, published: str) -> None:
    for event in events:
        date = event.date
        if date is None or date.value != published or event.ids("locations") or event.inferred_locations:
            continue
        if place.id not in event.ids("actors") | event.ids("recipients"):
            event.inferred_locations.append((place, event.first))


def is_country(entity: Entity) -> bool:
    """A place that is a country ("Ukraine"), as opposed to a city or region in one."""
    return _own_country_code(entity) is not None


def _own_country_code(entity: Entity) -> str | None:
    """The code of the country this entity is, by the gazetteer's place type or else by its name."""
    if entity.kind != "place":
        return None
    place_type = entity.attrs.get("place_type")
    code = entity.attrs.get("country_code")
    if place_type is not None:
        return code.upper() if place_type == "country" and isinstance(code, str) and code else None
    place = gazetteer().lookup(entity.label)
    return place.country_code if place is not None and place.kind == "country" else None


def _countries_named(entities: Iterable[Entity]) -> dict[str, Entity]:
    """Country code -> the document's entity for that country."""
    found: dict[str, Entity] = {}
    for entity in entities:
        code = _own_country_code(entity)
        if code is not None:
            found.setdefault(code, entity)
    return found


def _country_code(entity: Entity, countries: dict[str, Entity]) -> str | None:
    code = entity.attrs.get("country_code")
    if isinstance(code, str) and code:
        return code.upper()
    return next((c for c, e in countries.items() if e.id == entity.id), None)


def _write(
    event: _Event, node_id: str, document: Document, countries: dict[str, Entity]
) -> tuple[EventRecord, list[EdgeRecord]]:
    first = event.first
    roles: dict[tuple[str, str], tuple[Entity, list[Evidence]]] = {}

    def add(relation: str, entity: Entity, mention: EventMention) -> None:
        evidence = Evidence(document.id, mention.sentence, mention.start, mention.end)
        _, found = roles.setdefault((relation, entity.id), (entity, []))
        if evidence not in found:
            found.append(evidence)

    for mention in event.mentions:
        for entity in mention.actors:
            add("actor", entity, mention)
        for entity in mention.recipients:
            add("recipient", entity, mention)
        for entity in mention.locations:
            add("location", entity, mention)
    for entity, mention in event.inferred_locations:
        add("location", entity, mention)
    for (relation, _), (entity, found) in list(roles.items()):
        if relation != "location":
            continue
        country = countries.get(_country_code(entity, countries) or "")
        if country is not None and country.id != entity.id:
            for evidence in found:
                roles.setdefault(("location", country.id), (country, []))[1].append(evidence)

    edges = []
    for (relation, _), (entity, found) in roles.items():
        source, target = (entity.id, node_id) if relation == "actor" else (node_id, entity.id)
        edges.append(EdgeRecord(source, target, relation, evidence=found))
    date = event.date
    label = _label(event, roles)
    attrs: dict[str, object] = {
        "aliases": [label],  # every node names itself in its aliases (graph JSON contract)
        "trigger": first.trigger,
        "future": all(m.future for m in event.mentions),
        "negated": first.negated,
        "hypothetical": all(m.hypothetical for m in event.mentions),
    }
    if len(event.mentions) > 1:
        attrs["triggers"] = sorted({m.trigger for m in event.mentions})
    if date is not None and date.end:
        attrs["date_end"] = date.end
    if date is not None and document.published and date.value[:4] < document.published[:4]:
        attrs["historical"] = True
    record = EventRecord(
        id=node_id,
        event_type=first.event_type,
        label=label,
        mode=next((m.mode for m in event.mentions if m.mode), None),
        date=date.value if date else None,
        sentence=first.sentence,
        quote=next((m.quote for m in event.mentions if m.quote), None),
        evidence=_evidence(event.mentions, document.id),
        attrs=attrs,
    )
    return record, edges


def _label(event: _Event, roles: dict[tuple[str, str], tuple[Entity, list[Evidence]]]) -> str:
    def names(relation: str) -> list[str]:
        return [entity.label for (rel, _), (entity, _) in roles.items() if rel == relation]

    actors = names("actor")
    targets = names("recipient") or names("location")
    parts = [" & ".join(actors[:2]) or "?", event.first.event_type]
    if targets:
        parts.append(targets[0])
    return " ".join(parts)


def _evidence(mentions: Iterable[EventMention], doc_id: str) -> list[Evidence]:
    out: list[Evidence] = []
    for m in mentions:
        evidence = Evidence(doc_id, m.sentence, m.start, m.end)
        if evidence not in out:
            out.append(evidence)
    return out
