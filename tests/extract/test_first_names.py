"""A first name alone: joined to the one person named in full with it, kept where the text says who
it is, left out where it cannot be told; and capitalized common words that are no names."""

from __future__ import annotations

import pytest

from extract.pipeline import Extractor
from graph.records import Document


def entities(extractor: Extractor, text: str) -> dict[str, list[str]]:
    result = extractor.extract(Document(id="t", text=text))
    return {e.label: e.aliases for e in result.entities}


@pytest.mark.parametrize(
    ("text", "full"),
    [
        # a descriptor before the first name does not make it someone else
        (
            "Singer Ozzy Osbourne tackled a burglar at his home. "
            "Police thanked rock star Ozzy for his courage.",
            "Ozzy Osbourne",
        ),
        (
            "Actress Sheila Hancock opened the show. The audience cheered actress Sheila as she arrived.",
            "Sheila Hancock",
        ),
    ],
)
def test_a_first_name_joins_the_person_named_in_full(extractor: Extractor, text: str, full: str) -> None:
    found = entities(extractor, text)
    first = full.split()[0]
    assert first not in found, found
    assert first in found[full], found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The victim's brother, Brian, said the family was devastated.", "Brian"),
        ("Police said his daughter Lucy was found safe in Manchester.", "Lucy"),
        ("A boy named Daniel was rescued from the river on Monday.", "Daniel"),
        # a surname as often as a first name, or a rare first name: how someone is known
        ("Lampard, Makelele and Terry all started for Chelsea on Saturday.", "Terry"),
        ("Madonna will headline the festival in London this summer.", "Madonna"),
    ],
)
def test_a_first_name_the_text_introduces_stays(extractor: Extractor, text: str, name: str) -> None:
    assert name in entities(extractor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sheila said the house had been empty for years, police told reporters in Leeds.", "Sheila"),
        (
            "The coach, Brian Kerr, named his squad. Captain Roy Keane joined Brian Cowen on the bench. "
            "Brian said so.",
            "Brian",
        ),
        # a common word at the start of a sentence that the text also writes in lowercase
        ("Budget plans were announced on Wednesday, and the budget was welcomed by business.", "Budget"),
        ("Looking ahead, he said looking back was pointless.", "Looking"),
    ],
)
def test_no_node_for_a_first_name_or_common_word_alone(extractor: Extractor, text: str, name: str) -> None:
    assert name not in entities(extractor, text)


def test_a_name_used_mid_sentence_is_kept_though_written_in_lowercase_too(extractor: Extractor) -> None:
    text = "Brown said the plan would work. Later Brown met the keepers of the brown bears."
    assert "Brown" in entities(extractor, text)
