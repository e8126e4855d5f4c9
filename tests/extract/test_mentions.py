"""Where a name starts and ends: lists the model runs together, brackets, dashes, scores, and lines
that look like headlines but are lists of names."""

from __future__ import annotations

import pytest

from extract.pipeline import Extractor
from graph.records import Document


def names(extractor: Extractor, text: str) -> dict[str, str]:
    """label -> kind of every entity the text gives."""
    result = extractor.extract(Document(id="t", text=text))
    return {e.label: e.kind for e in result.entities}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a list of names with their countries or clubs in brackets is no headline
        (
            "The shortlist was published on Monday.\n\n"
            "Cynthia Ozick (US) Philip Roth (US) Antonio Tabucchi (Italy) Abraham Yehoshua (Israel)\n\n"
            "The winner will be named in June.",
            {"Cynthia Ozick", "Philip Roth", "Abraham Yehoshua"},
            set(),
        ),
        (
            "The selectors named the squad.\n\n"
            "L Achike (Shaftesbury Barnet Harriers), N Douglas (Oxford City AC), P Idowu (Belgrave Harriers)"
            "\n\nThe championships start on Friday.",
            {"N Douglas", "P Idowu"},
            set(),
        ),
        # a real headline still loses what the story does not name
        (
            "Tesla Beats Forecasts As Musk Checks Out\n\n"
            "Chief executive Elon Musk told investors that sales rose.",
            {"Elon Musk"},
            {"Tesla Beats Forecasts As Musk Checks Out", "Tesla Beats Forecasts", "Musk Checks Out"},
        ),
    ],
)
def test_headline_lines(extractor: Extractor, text: str, present: set[str], absent: set[str]) -> None:
    found = names(extractor, text)
    assert present <= set(found), sorted(found)
    assert not absent & set(found), sorted(found)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a list the model took for one name
        (
            "Celtic started with Vignal, Prso, Novo and Sutton up front on Sunday.",
            {"Vignal", "Prso", "Novo"},
            {"Vignal, Prso, Novo"},
        ),
        # a name and its acronym in brackets
        (
            "The figures came from the World Travel and Tourism Council (WTTC) in London.",
            {"World Travel and Tourism Council"},
            {"World Travel and Tourism Council (WTTC"},
        ),
        # a dash between spaces ends a name
        (
            "Kate Moss arrived with Pete Doherty - Babyshambles singer Jamie Hince followed later.",
            {"Pete Doherty"},
            {"Pete Doherty - Babyshambles"},
        ),
        # a lowercase word that is no particle ends a person's name
        (
            "Nominated films include Ray Charles biopic Ray, Howard Hughes drama Aviator and Kinsey.",
            {"Ray Charles"},
            {"Ray Charles biopic Ray"},
        ),
        # particles stay inside a name
        (
            "Ursula von der Leyen met Luiz Inacio Lula da Silva in Brussels.",
            {"Ursula von der Leyen"},
            set(),
        ),
        # a comma before a generational suffix is no list
        ("Martin Luther King, Jr. spoke in Washington in 1963.", {"Martin Luther King"}, {"Jr."}),
    ],
)
def test_spans_the_model_ran_together(
    extractor: Extractor, text: str, present: set[str], absent: set[str]
) -> None:
    found = names(extractor, text)
    assert present <= set(found), sorted(found)
    assert not absent & set(found), sorted(found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The French fought back to beat Wales 21-17 in the Six Nations clash in Paris.", "Wales"),
        # ... and a preposition after the score is no particle of a name ("at" as in "Omar at-Tayyib")
        ("Manchester United beat Liverpool 2-1 at Old Trafford on Sunday.", "Liverpool"),
    ],
)
def test_a_score_after_a_name_is_not_part_of_it(extractor: Extractor, text: str, name: str) -> None:
    found = names(extractor, text)
    assert name in found, sorted(found)
    assert not any(label.startswith(name + " ") for label in found), sorted(found)


def test_numbered_names_keep_their_number(extractor: Extractor) -> None:
    found = names(extractor, "Microsoft said Halo 2 sold well on the Xbox, and Channel 4 agreed.")
    assert "Channel 4" in found, sorted(found)
