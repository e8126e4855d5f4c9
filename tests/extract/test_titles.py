"""Title phrases read from sentences through the real pipeline: the title, its body, the name after it."""

from __future__ import annotations

import pytest

from extract.mentions import find_mentions
from extract.pipeline import Extractor
from extract.titles import name_after


def phrases(extractor: Extractor, text: str) -> list[tuple[str, str, str | None, str | None]]:
    """(title, relation, body text, name after) for each title phrase of the text."""
    doc = extractor.nlp(text)
    out = []
    for phrase in find_mentions(doc).titles:
        name = name_after(doc, phrase)
        body = doc[phrase.body[0] : phrase.body[1]].text if phrase.body else None
        out.append((phrase.title, phrase.relation, body, doc[name[0] : name[1]].text if name else None))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # heads of state and government, with the body before or after the title
        (
            "Kenyan President William Ruto toured the flooded district.",
            ("President", "leader_of", "Kenyan", "William Ruto"),
        ),
        (
            "President of the Philippines Ferdinand Marcos flew to Manila.",
            ("President", "leader_of", "Philippines", "Ferdinand Marcos"),
        ),
        (
            "Russia's President Vladimir Putin signed the decree.",
            ("President", "leader_of", "Russia", "Vladimir Putin"),
        ),
        # ministers with a portfolio, deputies
        (
            "Deputy Minister of Foreign Affairs of Chile Gloria de la Fuente met the envoy.",
            ("Deputy Minister of Foreign Affairs", "member_of", "Chile", "Gloria de la Fuente"),
        ),
        (
            "EU Trade Commissioner Valdis Dombrovskis announced the tariffs.",
            ("Trade Commissioner", "member_of", "EU", "Valdis Dombrovskis"),
        ),
        # organizations and companies
        (
            "NSC Spokesperson John Kirby said the call lasted an hour.",
            ("Spokesperson", "member_of", "NSC", "John Kirby"),
        ),
        (
            "Shares rose after Nvidia chief executive Jensen Huang spoke.",
            ("chief executive", "leader_of", "Nvidia", "Jensen Huang"),
        ),
        (
            "The head of the central bank Riksbank, Erik Thedeen, kept rates on hold.",
            ("head", "leader_of", "Riksbank", "Erik Thedeen"),
        ),
        # police, courts, sport: titles that describe a person with no body, or a club
        ("Coroner Gary Hargrove said the death was an accident.", ("Coroner", "", None, "Gary Hargrove")),
        (
            "Detective Inspector Sarah Jones said two men were held.",
            ("Detective Inspector", "member_of", None, "Sarah Jones"),
        ),
        (
            "Manchester United manager Erik ten Hag praised his players.",
            ("manager", "leader_of", "Manchester United", "Erik ten Hag"),
        ),
        # abbreviations chained into one title; honorifics before the name
        (
            "Atty. Gen. Merrick Garland announced the charges.",
            ("Atty. Gen.", "member_of", None, "Merrick Garland"),
        ),
        (
            "Liberal Democrat health spokesman Sir Ed Davey criticised the plan.",
            ("health spokesman", "member_of", "Liberal Democrat", "Ed Davey"),
        ),
    ],
)
def test_title_phrases(extractor: Extractor, text: str, expected: tuple) -> None:
    assert expected in phrases(extractor, text), phrases(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "General Motors recalled 40,000 trucks.",  # a title word that starts an organization's name
        "Ferries to Prince Edward Island were cancelled.",  # ... or a place's
        "Martin Luther King Jr. spoke in Washington.",  # ... or ends a person's
    ],
)
def test_a_title_word_inside_a_name_is_no_title(extractor: Extractor, text: str) -> None:
    assert phrases(extractor, text) == []


def test_a_list_after_a_title_is_not_its_holder(extractor: Extractor) -> None:
    found = phrases(extractor, "The head of Apple, Google and Amazon met the senators.")
    assert all(name is None for *_, name in found), found
