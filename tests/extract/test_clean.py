"""Page furniture is blanked by its shape; body text that starts like furniture survives."""

from __future__ import annotations

import pytest

from extract.clean import clean_text
from extract.pipeline import Extractor
from graph.records import Document

OUTLET = "The Daily Planet"


@pytest.mark.parametrize(
    "line",
    [
        "The Daily Planet announced $50 million in aid for the flood victims on Tuesday.",
        "Daily Planet reporters were detained at the border, the ministry said.",
        "Support for Ukraine energy grid",
        "Support for the measure fell to 40% in the latest poll.",
        "Support grew among farmers after the drought.",
        "Donate to charity or pay more tax: the choice facing retirees",
        "Copyright lawsuits against software firms doubled last year.",
        "Share prices fell sharply in Tokyo on Monday.",
        "Subscribe to the view that rates will fall, and you will be disappointed.",
        "Sign up to the deal, the European Union urged Britain.",
        "Related talks in Geneva ended without agreement.",
        "Photo opportunities were rare during the visit.",
    ],
)
def test_body_text_that_starts_like_furniture_survives(line: str) -> None:
    text = f"Floods hit the north.\n\n{line}\n\nRescuers reached the town."
    assert clean_text(text, source=OUTLET, title="Floods") == text


@pytest.mark.parametrize(
    "line",
    [
        "Support The Daily Planet!",
        "Support independent journalism",
        "Support our newsroom today.",
        "Donate now!",
        "Contribute today!",
        "Subscribe to our newsletter",
        "Sign up now",
        "Follow us on Twitter",
        "Copyright 2024 The Daily Planet. All rights reserved.",
        "© 2023 Planet Media Group",
        "Image caption: Rescuers at work",
        "Efrem Lukatsky / Pool / AFP",
        "The Daily Planet is the most trusted newspaper in Metropolis.",
        "The Daily Planet's readers have doubled since 2020.",
    ],
)
def test_furniture_lines_are_blanked(line: str) -> None:
    text = f"Floods hit the north.\n\n{line}\n\nRescuers reached the town."
    cleaned = clean_text(text, source=OUTLET, title="Floods")
    assert cleaned == text.replace(line, " " * len(line))


def test_outlet_notices_beside_furniture_go_with_it() -> None:
    text = (
        "Floods hit the north.\n\nRead more\n\n"
        "The Daily Planet has been declared an undesirable organization by the government.\n\n"
        "Follow us on Twitter\n"
    )
    cleaned = clean_text(text, source=OUTLET)
    assert "undesirable" not in cleaned and "Floods hit the north." in cleaned
    assert len(cleaned) == len(text)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("THE PRESIDENT: Thank you all. (Laughter.) We will act.", "(Laughter.)"),
        ("MS. JONES: Next question. [Applause] Go ahead.", "[Applause]"),
        ("President of France Emmanuel Macron (retranslated): Thank you.", "(retranslated)"),
        ("SPEAKER: We agree (inaudible) on the plan.", "(inaudible)"),
    ],
)
def test_stage_directions_of_transcripts_are_blanked(text: str, mark: str) -> None:
    at = text.index(mark)
    assert clean_text(text) == text[:at] + " " * len(mark) + text[at + len(mark) :]


def test_a_bracketed_acronym_is_not_a_stage_direction() -> None:
    text = "The International Atomic Energy Agency (IAEA) and Reuters (Reuters) said so."
    assert clean_text(text) == text


def test_a_paragraph_starting_with_the_outlet_name_gives_its_entities_and_events(
    extractor: Extractor,
) -> None:
    text = (
        "Remarks on the floods\n\n"
        "The White House announced $50 million in aid for Pakistan on Tuesday.\n\n"
        "Officials in Islamabad welcomed the money.\n"
    )
    result = extractor.extract(Document(id="t", text=text, source="The White House", published="2022-09-01"))
    labels = {e.label for e in result.entities}
    assert {"White House", "Pakistan"} <= labels, labels
    actors = {e.source for e in result.edges if e.relation == "actor"}
    assert "organization:white-house" in actors, actors


@pytest.mark.parametrize(
    ("headline", "kept"),
    [
        ("Remarks by Prime Minister Ardern on the Budget", True),
        ("Readout of the Chancellor's Call with President Ramaphosa", True),
        ("Statement from the Secretary-General on Sudan", True),
        ("Floods hit the north of Chile", False),
        ("Chancellor calls for calm after vote", False),
    ],
)
def test_a_headline_is_blanked_unless_it_says_whose_words_follow(headline: str, kept: bool) -> None:
    text = f"{headline}\n\nTHE SPEAKER: Good morning.\n"
    cleaned = clean_text(text, title=headline)
    assert cleaned.startswith(headline) is kept
    assert cleaned.endswith("THE SPEAKER: Good morning.\n")
