"""Pronouns, role nouns and transcript speakers resolve to the entity they stand for."""

from __future__ import annotations

from extract.pipeline import Extractor
from graph.records import Document


def actors(extractor: Extractor, text: str, *, title: str | None = None) -> set[tuple[str, str]]:
    result = extractor.extract(Document(id="t", text=text, title=title, published="2023-05-01"))
    return {
        (e.source, result_type)
        for e in result.edges
        if e.relation == "actor"
        for result_type in [next(ev.event_type for ev in result.events if ev.id == e.target)]
    }


def meeting_sides(extractor: Extractor, text: str) -> set[tuple[str, str]]:
    """(actor, recipient) of each meeting: a visit alone has no recipient person."""
    result = extractor.extract(Document(id="t", text=text, published="2023-05-01"))
    meetings = {ev.id for ev in result.events if ev.event_type == "CONSULT"}
    actor = {e.target: e.source for e in result.edges if e.relation == "actor" and e.target in meetings}
    return {
        (actor.get(e.source, ""), e.target)
        for e in result.edges
        if e.relation == "recipient" and e.source in meetings and e.target.startswith("person:")
    }


def test_he_is_the_person_last_named_as_subject(extractor: Extractor) -> None:
    text = "Keir Starmer arrived in Paris on Monday. He will also meet Emmanuel Macron."
    assert ("person:keir-starmer", "person:emmanuel-macron") in meeting_sides(extractor, text)


def test_a_role_noun_is_the_person_holding_that_title(extractor: Extractor) -> None:
    text = (
        "British Foreign Secretary David Cameron arrived in Kyiv on Monday. "
        "The top British diplomat met Volodymyr Zelenskyy."
    )
    assert ("person:david-cameron", "person:volodymyr-zelensky") in meeting_sides(extractor, text)


def test_i_in_a_transcript_is_the_labelled_speaker(extractor: Extractor) -> None:
    text = "Remarks by President Macron\n\nTHE PRESIDENT: Today I condemn the attack on Odesa.\n"
    found = actors(extractor, text, title="Remarks by President Emmanuel Macron")
    assert any(actor.endswith("macron") and kind == "ACCUSE" for actor, kind in found), found
