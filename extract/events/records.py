"""Events of one document -> EventRecords and the role edges that tie them to entities.

A place named for an event also counts its country (when the document names that country) as the
event's location.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from extract.entities import Entity
from extract.events.geography import countries_named, country_code
from extract.events.mentions import EventMention
from extract.events.merging import Event, merge_mentions
from extract.ids import event_id
from graph.records import Document, EdgeRecord, EventRecord, Evidence


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
    countries = countries_named(entities)
    events = merge_mentions(mentions, countries=countries, dateline=dateline, published=document.published)
    records: list[EventRecord] = []
    edges: list[EdgeRecord] = []
    for n, event in enumerate(events):
        record, role_edges = _write(event, event_id(document.id, n), document, countries)
        records.append(record)
        edges.extend(role_edges)
    return records, edges


def _write(
    event: Event, node_id: str, document: Document, countries: dict[str, Entity]
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
        country = countries.get(country_code(entity, countries) or "")
        if country is not None and country.id != entity.id:
            for evidence in found:
                roles.setdefault(("location", country.id), (country, []))[1].append(evidence)
    _bear(roles, countries)

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


def _bear(roles: dict[tuple[str, str], tuple[Entity, list[Evidence]]], countries: dict[str, Entity]) -> None:
    """An event with neither doer nor target named ("protests in El Alto", "a bomb exploded in
    Kabul") is borne by the country it happened in, else by the place."""
    if any(relation != "location" for relation, _ in roles):
        return
    places = [(entity, found) for (_, _), (entity, found) in roles.items()]
    home = [(e, f) for e, f in places if e.id in {c.id for c in countries.values()}] or places
    for entity, found in home:
        roles[("recipient", entity.id)] = (entity, list(found))


def _label(event: Event, roles: dict[tuple[str, str], tuple[Entity, list[Evidence]]]) -> str:
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
