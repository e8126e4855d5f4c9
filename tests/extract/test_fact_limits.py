"""Facts that hold only when the text and the gazetteer agree: a place in a bigger one of its own
country, an article's country for a national office only where the sentence speaks of no other
country last, a body inferred from elsewhere only where it suits the office, a title's head word
and portfolio deciding leader_of or member_of."""

from __future__ import annotations

import pytest

from extract.pipeline import Extractor
from graph.records import Document
from graph.vocabulary import FACT_RELATIONS


def facts(extractor: Extractor, text: str) -> set[str]:
    result = extractor.extract(Document(id="t", text=text))
    label = {e.id: e.label for e in result.entities}
    return {
        f"{label.get(e.source)} {e.relation} {label.get(e.target)}"
        for e in result.edges
        if e.relation in FACT_RELATIONS
    }


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("The burglary happened in Luton, Bedfordshire, on Sunday night.", "Luton located_in Bedfordshire"),
        ("Protests spread from Lyon, France to Geneva.", "Lyon located_in France"),
        (
            "Ukraine's parliament met. During his visit, the top U.S. diplomat will meet President "
            "Volodymyr Zelenskiy in Ukraine. Ukraine welcomed the trip. Ukraine said so.",
            "Volodymyr Zelenskiy leader_of Ukraine",
        ),
        (
            "Jeff Randall, the BBC business editor, said the deal was a surprise.",
            "Jeff Randall member_of BBC",
        ),
        (
            "Bob Larribeau, principal analyst at Telecom View, said prices would fall.",
            "Bob Larribeau member_of Telecom View",
        ),
        (
            "                                 \n\nVenezuelan president Hugo Chavez has offered China "
            "wide-ranging access to oil. China welcomed it.",
            "Hugo Chavez leader_of Venezuela",
        ),
    ],
)
def test_facts_that_hold(extractor: Extractor, text: str, fact: str) -> None:
    found = facts(extractor, text)
    assert fact in found, found


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # a place and a country that the gazetteer puts apart
        (
            "After the draw in Paris, Ireland face the Faroe Islands in Dublin on Wednesday.",
            "Paris located_in Ireland",
        ),
        # the country named last before the title is another one
        (
            "Mr Blair arrived in Britain on Sunday after flying in from the United States, where he met "
            "President George W Bush. Britain and the EU agreed. Britain said so. Britain will act.",
            "George W Bush leader_of United Kingdom",
        ),
        # a national office does not take an organization's head named elsewhere
        (
            "The head of the Catholic Church in England criticised the war. "
            "Prime Minister Tony Blair said aid would rise.",
            "Tony Blair leader_of Catholic Church",
        ),
        # a director leads no country; a club's or team's office has no country for body
        (
            "British writer-director Amma Asante won an award for her first film. The prize is named after "
            "the Indian director who made Pather Panchali.",
            "Amma Asante leader_of India",
        ),
        (
            "England coach Andy Robinson named his side for the match against Wales.",
            "Andy Robinson leader_of England",
        ),
        # the head word decides: a principal analyst is an analyst
        (
            "Bob Larribeau, principal analyst at Telecom View, said prices would fall.",
            "Bob Larribeau leader_of Telecom View",
        ),
        # "as home secretary he ...": the title is the subject's after it, not the name before
        (
            "Presenter Anne Robinson said as home secretary he had been too harsh. Britain's government "
            "disagreed. Britain said so.",
            "Anne Robinson member_of United Kingdom",
        ),
        (
            "                                 \n\nVenezuelan president Hugo Chavez has offered China "
            "wide-ranging access to oil. China welcomed it.",
            "Hugo Chavez leader_of China",
        ),
    ],
)
def test_facts_that_do_not_hold(extractor: Extractor, text: str, fact: str) -> None:
    found = facts(extractor, text)
    assert fact not in found, found


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "British Prime Minister Tony Blair arrived in Jerusalem on Monday. Mr Blair held talks with his "
            "Israeli counterpart, Ariel Sharon, and with Palestinian leaders.",
            "Ariel Sharon leader_of Israel",
        ),
        (
            "Ariel Sharon, British Prime Minister Tony Blair's Israeli counterpart, said talks went well.",
            "Ariel Sharon leader_of Israel",
        ),
    ],
)
def test_a_counterpart_holds_the_owners_office_in_the_country_named(
    extractor: Extractor, text: str, fact: str
) -> None:
    found = facts(extractor, text)
    assert fact in found, found


def test_no_counterpart_fact_where_the_owners_office_has_no_country(extractor: Extractor) -> None:
    found = facts(extractor, "Chancellor Gordon Brown met his German counterpart Hans Eichel in Berlin.")
    assert not any(f.startswith("Hans Eichel") for f in found), found


_ARGENTINA = (
    "Argentina's government is in a row with a water firm in Buenos Aires. "
    "Argentina wants more investment, and Argentina may cancel the contract. "
    "Planning Minister Julio De Vido has offered help but not for free. "
)


def test_a_minister_in_a_story_about_one_country_is_its_minister(extractor: Extractor) -> None:
    found = facts(extractor, _ARGENTINA + "The firm is owned by a group from Argentina.")
    assert "Julio De Vido member_of Argentina" in found, found


def test_no_country_for_a_minister_where_two_countries_share_the_story(extractor: Extractor) -> None:
    found = facts(extractor, _ARGENTINA + "The firm, from Paris, says France will object.")
    assert not any(f.startswith("Julio De Vido") for f in found), found
