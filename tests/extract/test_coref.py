"""Pronouns, role nouns and transcript speakers resolve to the entity they stand for."""

from __future__ import annotations

import pytest

from extract.coref import resolve_references
from extract.entities import EntityIndex, read_entities
from extract.facts import read_titles
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


def mentions_of(extractor: Extractor, text: str) -> dict[str, list[str]]:
    """Every entity's mentions as text, named or not."""
    doc = extractor.nlp(text)
    entities, names = read_entities(doc)
    index = EntityIndex(entities)
    titles = read_titles(doc, entities, index, names.titles)
    resolve_references(doc, entities, titles, names.references, Document(id="t", text=text), index)
    return {e.id: [m.text for m in e.mentions] for e in entities}


@pytest.mark.parametrize(
    ("text", "person", "reference"),
    [
        (
            'Ukrainian President Volodymyr Zelenskyy toured Kharkiv. "We will rebuild," '
            "said the President of Ukraine.",
            "person:volodymyr-zelensky",
            "President",
        ),
        (
            "King Charles opened the session. The Head of State noted that the economy had grown.",
            "person:charles",
            "Head of State",
        ),
        (
            "Chinese President Xi Jinping arrived in Moscow. The Chinese leader met Russian officials.",
            "person:xi-jinping",
            "leader",
        ),
        (
            "Kenyan President William Ruto flew to Nairobi. Flooding there worried the Kenyan president.",
            "person:william-ruto",
            "president",
        ),
        (
            "Apple chief executive Tim Cook unveiled the phone. The chief executive said sales were strong.",
            "person:tim-cook",
            "chief executive",
        ),
    ],
)
def test_a_title_used_alone_is_its_holder_not_the_country(
    extractor: Extractor, text: str, person: str, reference: str
) -> None:
    found = mentions_of(extractor, text)
    assert reference in found[person][1:], found


@pytest.mark.parametrize(
    "text",
    [
        # two presidents: "the President" alone could be either
        "President Joe Biden called President Emmanuel Macron. The President said talks went well.",
        # the President of Ukraine is not the French President
        "French President Emmanuel Macron spoke. The President of Ukraine thanked him.",
    ],
)
def test_a_title_used_alone_stays_unresolved_when_no_one_or_several_hold_it(
    extractor: Extractor, text: str
) -> None:
    found = mentions_of(extractor, text)
    assert not any(
        m in ("President", "President of Ukraine") for mentions in found.values() for m in mentions[1:]
    ), found


def test_a_countrys_office_used_alone_is_the_person_named_far_more_than_anyone(extractor: Extractor) -> None:
    text = (
        "Vladimir Putin spoke with Joe Biden, President of the United States, for an hour. "
        "Vladimir Putin said the talks were frank. The President of Russia criticised Kyiv. "
        "Putin later left for Sochi."
    )
    result = extractor.extract(Document(id="t", text=text, published="2022-01-01"))
    facts = {(e.source, e.relation, e.target) for e in result.edges}
    assert ("person:vladimir-putin", "leader_of", "place:russia") in facts, facts
    actors = {e.source for e in result.edges if e.relation == "actor"}
    assert "place:russia" not in actors, actors


def test_the_speaker_a_headline_names_is_the_transcripts_i(extractor: Extractor) -> None:
    headline = "Remarks by Prime Minister Ardern on the Budget"
    body = "THE PRIME MINISTER: Thank you. This morning I spoke with Premier Li Qiang about trade.\n"
    text = f"{headline}\n\n{body}"
    result = extractor.extract(Document(id="t", text=text, title=headline, published="2023-05-01"))
    labels = {e.id: e.label for e in result.entities}
    sides = {
        (labels.get(a.source), labels.get(r.target), ev.event_type)
        for ev in result.events
        for a in result.edges
        if a.relation == "actor" and a.target == ev.id
        for r in result.edges
        if r.relation == "recipient" and r.source == ev.id
    }
    assert ("Ardern", "Li Qiang", "CONSULT") in sides
    # the turn its label opens is the speaker's statement; the headline itself tells no event
    statements = [ev for ev in result.events if ev.event_type == "STATEMENT"]
    assert [ev.sentence.startswith("THE PRIME MINISTER:") for ev in statements] == [True]


def test_a_name_in_a_title_case_headline_ends_where_the_name_does(extractor: Extractor) -> None:
    headline = "Remarks by President Lula Announcing Support for the Amazon Fund"
    text = f"{headline}\n\nTHE PRESIDENT: Today I thank Norway for its help.\n"
    result = extractor.extract(Document(id="t", text=text, title=headline, published="2023-05-01"))
    assert {e.label for e in result.entities if e.kind == "person"} == {"Lula"}
    assert any(e.relation == "actor" and e.source == "person:lula" for e in result.edges), (
        "THE PRESIDENT's 'I' is Lula"
    )


@pytest.mark.parametrize(
    ("text", "event_type", "actor"),
    [
        # a courtesy title tells the sex: "she" passes over the man named last
        (
            "Baroness Hale criticised the bill on Monday. Lord Patel defended it in the chamber. "
            "She also urged ministers to withdraw it.",
            "REQUEST",
            "person:baroness-hale",
        ),
        # ... and so does a noun before the name
        (
            "The actress Emma Stone thanked the jury on Sunday. Director Yorgos Lanthimos praised the cast. "
            "She then met Greta Gerwig.",
            "CONSULT",
            "person:emma-stone",
        ),
        # "he" in a clause under the one whose subject a person is: that person
        (
            "Olaf Scholz arrived in Madrid on Monday. "
            "Pedro Sanchez said that he had invited Scholz to the summit.",
            "REQUEST",
            "person:pedro-sanchez",
        ),
        # a name inside a quotation is the speaker's topic, not the story's
        (
            'Pedro Sanchez spoke in Madrid on Tuesday. Sanchez said: "Olaf Scholz understands our position." '
            "He later met Emmanuel Macron.",
            "CONSULT",
            "person:pedro-sanchez",
        ),
        # a name with its title is the subject ("President of Chile Gabriel Boric met")
        (
            "President of Chile Gabriel Boric met with Finance Minister Mario Marcel in Santiago. "
            "He later flew to Lima.",
            "CONSULT",
            "person:gabriel-boric",
        ),
    ],
)
def test_a_pronoun_stands_for_the_person_grammar_and_sex_allow(
    extractor: Extractor, text: str, event_type: str, actor: str
) -> None:
    result = extractor.extract(Document(id="t", text=text, published="2023-05-03"))
    last = max(
        (ev for ev in result.events if ev.event_type == event_type), key=lambda ev: ev.evidence[-1].start
    )
    doers = {e.source for e in result.edges if e.relation == "actor" and e.target == last.id}
    assert doers == {actor}, (last.sentence, doers)


@pytest.mark.parametrize(
    ("text", "person", "other"),
    [
        # the name set beside the subject is the subject
        (
            "Mr Straw said the talks had been difficult. "
            "The shadow home secretary, David Davis, welcomed the news. But he said questions remained.",
            "person:david-davis",
            "person:straw",
        ),
        (
            "Carlos Moya beat Tommy Haas in Rome on Friday. "
            "The world number one, Roger Federer, watched from the stands. He later withdrew from the event.",
            "person:roger-federer",
            "person:carlos-moya",
        ),
    ],
)
def test_a_name_beside_the_subject_is_what_he_refers_to(
    extractor: Extractor, text: str, person: str, other: str
) -> None:
    found = mentions_of(extractor, text)
    assert "he" in [m.lower() for m in found[person]], found
    assert "he" not in [m.lower() for m in found.get(other, [])], found


def test_a_pronoun_beside_a_subordinate_subject_is_read_without_looping(extractor: Extractor) -> None:
    """'..., while Boy George recorded his song': walking up from a name to its clause ends at the
    root of the sentence (a parse with no subject above the name once looped for ever)."""
    import signal

    def stop(*_: object) -> None:
        raise TimeoutError("coreference did not finish")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(30)
    try:
        result = extractor.extract(
            Document(id="t", text="Mary Smith sang, while Boy George recorded his song in London.")
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert {"Mary Smith", "Boy George"} <= {e.label for e in result.entities}
