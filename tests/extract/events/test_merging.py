"""Merging event mentions into one node per event, and the role edges written for it."""

from __future__ import annotations

import pytest

from extract.dates import resolve_date
from extract.entities import Entity
from extract.events.mentions import EventMention
from extract.events.records import build_records
from extract.pipeline import Extractor
from graph.records import Document

BLINKEN = Entity("person", "Antony Blinken")
RUSSIA = Entity("place", "Russia")
UKRAINE = Entity("place", "Ukraine")
KYIV = Entity("place", "Kyiv", attrs={"country_code": "UA"})
LONDON = Entity("place", "London", attrs={"country_code": "GB"})
DOC = Document(id="doc", text="", published="2021-04-30")


def mention(
    event_type: str = "CONSULT",
    *,
    actors: tuple[Entity, ...] = (BLINKEN,),
    recipients: tuple[Entity, ...] = (),
    locations: tuple[Entity, ...] = (),
    date: str | None = None,
    mode: str | None = "visit",
    trigger: str = "visit",
    sentence: int = 0,
    negated: bool = False,
) -> EventMention:
    return EventMention(
        event_type=event_type,
        mode=mode,
        trigger=trigger,
        actors=list(actors),
        recipients=list(recipients),
        locations=list(locations),
        date=resolve_date(date, published=DOC.published, prefer="future") if date else None,
        sentence=f"Sentence {sentence}.",
        start=100 * sentence,
        end=100 * sentence + 11,
        negated=negated,
    )


def build(*mentions: EventMention) -> tuple[list, list]:
    return build_records(list(mentions), document=DOC, entities=[BLINKEN, RUSSIA, UKRAINE, KYIV, LONDON])


def test_a_visit_told_twice_is_one_event_dated_by_the_exact_day() -> None:
    events, edges = build(
        mention(recipients=(UKRAINE,), locations=(UKRAINE,), date="next week"),
        mention(recipients=(KYIV,), locations=(KYIV,), date="May 5-6", sentence=1),
    )
    (event,) = events
    assert (event.date, event.attrs["date_end"]) == ("2021-05-05", "2021-05-06")
    assert len(event.evidence) == 2
    assert {(e.relation, e.target) for e in edges if e.source == event.id} == {
        ("recipient", UKRAINE.id),
        ("recipient", KYIV.id),
        ("location", UKRAINE.id),
        ("location", KYIV.id),
    }
    assert [(e.source, e.relation) for e in edges if e.target == event.id] == [(BLINKEN.id, "actor")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (mention(recipients=(KYIV,)), mention(recipients=(LONDON,), sentence=1)),  # other places
        (mention(date="May 5"), mention(date="April 20", sentence=1)),  # other days
        (mention(), mention(negated=True, sentence=1)),  # "did not visit"
        (mention(mode="visit"), mention(mode=None, trigger="meet", sentence=1)),  # a visit, a meeting
        (  # two requests by one speaker are two acts, even without targets
            mention("REQUEST", mode=None, trigger="urged", recipients=(RUSSIA,)),
            mention("REQUEST", mode=None, trigger="called for", sentence=1),
        ),
        (  # one speaker on two days: two statements
            mention("STATEMENT", mode=None, trigger="said", date="May 5"),
            mention("STATEMENT", mode=None, trigger="said", date="April 20", sentence=1),
        ),
    ],
)
def test_different_events_stay_apart(first: EventMention, second: EventMention) -> None:
    events, _ = build(first, second)
    assert len(events) == 2


def test_what_a_speaker_says_on_one_day_is_one_statement() -> None:
    events, _ = build(
        mention("STATEMENT", mode=None, trigger="said", date="May 5"),
        mention("STATEMENT", mode=None, trigger="added", date="May 5", sentence=1),
        mention("STATEMENT", mode=None, trigger="said", sentence=2),
    )
    (statement,) = events
    assert [e.sentence for e in statement.evidence] == ["Sentence 0.", "Sentence 1.", "Sentence 2."]


def test_a_deed_told_again_without_its_target_merges() -> None:
    events, _ = build(
        mention("RETREAT", mode="withdraw", trigger="withdrawn", recipients=(UKRAINE,), date="last month"),
        mention("RETREAT", mode="withdraw", trigger="pullback", sentence=1),
    )
    assert len(events) == 1
    assert events[0].attrs["triggers"] == ["pullback", "withdrawn"]


def test_the_gazetteer_place_type_says_what_is_a_country() -> None:
    crimea = Entity("place", "Crimea", attrs={"country_code": "UA", "place_type": "region"})
    ukraine = Entity("place", "Ukraine", attrs={"country_code": "UA", "place_type": "country"})
    _, edges = build_records(
        [mention("MOBILIZE", mode="troops", trigger="amassed", locations=(crimea,))],
        document=DOC,
        entities=[BLINKEN, crimea, ukraine],
    )
    assert {e.target for e in edges if e.relation == "location"} == {crimea.id, ukraine.id}


def test_a_city_location_also_places_the_event_in_its_country() -> None:
    events, edges = build(mention("STATEMENT", mode=None, trigger="said", locations=(KYIV,)))
    assert {e.target for e in edges if e.relation == "location"} == {KYIV.id, UKRAINE.id}
    assert events[0].label == "Antony Blinken STATEMENT Kyiv"


def test_the_visitor_is_where_the_visit_is_on_its_day() -> None:
    events, edges = build(
        mention(recipients=(KYIV,), locations=(KYIV,), date="May 5"),
        mention("REQUEST", mode=None, trigger="demanded", recipients=(RUSSIA,), date="May 5", sentence=1),
        mention("REQUEST", mode=None, trigger="urged", recipients=(RUSSIA,), date="May 9", sentence=2),
    )
    placed = {e.source for e in edges if e.relation == "location" and e.target == KYIV.id}
    assert placed == {events[0].id, events[1].id}


def test_ids_number_the_events_of_the_document() -> None:
    events, _ = build(mention(), mention("STATEMENT", mode=None, trigger="said", sentence=1))
    assert [e.id for e in events] == ["event:doc:0", "event:doc:1"]


def test_one_speaker_on_two_occasions_makes_two_statements(extractor: Extractor) -> None:
    text = (
        "At a news conference in Nairobi, William Ruto said the talks had failed. He added that Kenya "
        "would not give up. In an interview with the BBC's Lyse Doucet, Ruto said he remained hopeful. "
        "He said the region needed peace."
    )
    result = extractor.extract(Document(id="t", text=text))  # no date tells the occasions apart
    statements = [ev for ev in result.events if ev.event_type == "STATEMENT"]
    assert [[e.sentence.split()[-1] for e in ev.evidence] for ev in statements] == [
        ["failed.", "up."],
        ["hopeful.", "peace."],
    ]
