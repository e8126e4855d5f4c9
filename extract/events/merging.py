"""Mentions of one document -> events: the same event told twice is one event.

The same event is often told twice ("will visit Kyiv on May 5-6" ... "during his trip"): mentions
of one type whose actors overlap and whose targets, dates and modes do not disagree become one
event. A visit then also places what the visitor does while there, and a report's dateline places
today's news that names no place of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.dates import ResolvedDate
from extract.entities import Entity
from extract.events.geography import country_code
from extract.events.mentions import EventMention
from graph.vocabulary import MATERIAL, MUTUAL

_PRECISION = {"year": 0, "month": 1, "day": 2}


@dataclass(slots=True)
class Event:
    mentions: list[EventMention] = field(default_factory=list)
    inferred_locations: list[tuple[Entity, EventMention]] = field(default_factory=list)

    """Mentions of one event, and the places it is inferred to have happened in."""

    @property
    def first(self) -> EventMention:
        return self.mentions[0]

    def ids(self, role: str) -> set[str]:
        return {e.id for m in self.mentions for e in getattr(m, role)}

    @property
    def date(self) -> ResolvedDate | None:
        dated = [m.date for m in self.mentions if m.date is not None]
        return max(dated, key=lambda d: _PRECISION[d.precision], default=None)


def merge_mentions(
    mentions: Sequence[EventMention],
    *,
    countries: dict[str, Entity],
    dateline: Entity | None = None,
    published: str | None = None,
) -> list[Event]:
    """Group mentions into events, in the order their first mentions come.

    `countries`: country code -> the document's entity for it (two places in one country may be
    one event's target). `dateline` is the place a report is filed from ("KYIV, May 6 (Reuters) -"):
    today's news with no place of its own happened there.
    """
    events: list[Event] = []
    for mention in mentions:
        # a statement goes on the occasion told last ("At a rally ... In an interview ... He added")
        order = reversed(events) if mention.event_type == "STATEMENT" else iter(events)
        home = next((e for e in order if _same_event(e, mention, countries)), None)
        if home is None:
            events.append(Event([mention]))
        else:
            home.mentions.append(mention)
    _place_visitors(events)
    if dateline is not None and published:
        _place_at_dateline(events, dateline, published[:10])
    return events


def _same_event(event: Event, mention: EventMention, countries: dict[str, Entity]) -> bool:
    first = event.first
    if (first.event_type, first.negated) != (mention.event_type, mention.negated):
        return False
    sides = _parties(mention)
    if (
        mention.event_type in MUTUAL
        and len(sides) > 1
        and sides == set().union(*map(_parties, event.mentions))
        and (first.mode == mention.mode or None in (first.mode, mention.mode))
    ):
        # "Scholz met Macron" ... "Macron's talks with Scholz": the same sides, either way round;
        # "a phone call with Macron. The leaders exchanged views": the call told without its means
        return _dates_agree(event.date, mention.date)
    if first.mode != mention.mode:
        return False
    if not mention.actors and not event.ids("actors"):  # "the shelling of Kharkiv", told again
        return _dates_agree(event.date, mention.date) and (
            bool((event.ids("recipients") | event.ids("locations")) & mention.targets())
            or _same_country(event, mention, countries)
        )
    if not event.ids("actors") & {e.id for e in mention.actors}:
        return False
    if mention.event_type == "STATEMENT":
        # what one speaker says on one occasion ('... ," he said. He added: "..."') is one
        # statement, with every sentence as its evidence; another day or another occasion (a news
        # conference, then an interview) is another statement
        occasions = {m.occasion for m in event.mentions if m.occasion}
        if mention.occasion and occasions and mention.occasion not in occasions:
            return False
        return event.date == mention.date or (
            event.date is not None and _dates_agree(event.date, mention.date)
        )
    if not _dates_agree(event.date, mention.date):
        return False
    ours = event.ids("recipients") | event.ids("locations")
    theirs = mention.targets()
    if ours & theirs:
        return True
    if not ours or not theirs:
        # a deed can be told again without its target ("the pullback"); words are one act each
        return _is_deed(mention) or any(m.trigger == mention.trigger for m in event.mentions)
    return _same_country(event, mention, countries)


def _same_country(event: Event, mention: EventMention, countries: dict[str, Entity]) -> bool:
    """The targets of both lie in one country ("in northern Afghanistan" ... "in Kabul")."""
    mine = {country_code(e, countries) for m in event.mentions for e in m.recipients + m.locations}
    return bool(mine & {country_code(e, countries) for e in mention.recipients + mention.locations} - {None})


def _parties(mention: EventMention) -> set[str]:
    return {e.id for e in mention.actors + mention.recipients if e.kind != "place"}


def _is_deed(mention: EventMention) -> bool:
    return mention.event_type in MATERIAL or mention.mode == "visit"


def _dates_agree(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    if a is None or b is None:
        return True
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def _place_visitors(events: list[Event]) -> None:
    """What a visitor does on the visit's day, or in a sentence telling of the visit, happens there;
    so do the meetings held on the day and in the paragraph of a meeting placed somewhere ("On the
    sidelines of the summit in Bali, Xi met Biden. Xi also held talks with Albanese"), unless by
    phone."""
    settings = [e for e in events if e.first.event_type == "CONSULT" and e.first.mode in (None, "visit")]
    for visit in settings:
        places = [p for m in visit.mentions for p in m.locations]
        day = visit.date if visit.date is not None and visit.date.precision == "day" else None
        sentences = {m.start for m in visit.mentions}
        for event in events:
            if event is visit or event.ids("locations") or not places:
                continue
            if not event.ids("actors") & visit.ids("actors"):
                continue
            if visit.first.mode != "visit" and (event.first.event_type, event.first.mode) != (
                "CONSULT",
                None,
            ):
                continue
            same_day = day is not None and event.date is not None and event.date.value == day.value
            told_together = any(m.start in sentences for m in event.mentions)
            if same_day or told_together:
                seen: set[str] = set()
                for place in places:
                    if place.id not in seen:
                        seen.add(place.id)
                        event.inferred_locations.append((place, visit.first))


def _place_at_dateline(events: list[Event], place: Entity, published: str) -> None:
    for event in events:
        date = event.date
        if date is None or date.value != published or event.ids("locations") or event.inferred_locations:
            continue
        if place.id not in event.ids("actors") | event.ids("recipients"):
            event.inferred_locations.append((place, event.first))
