"""Facts read from sentences through the real pipeline: leader_of / member_of with roles, located_in."""

from __future__ import annotations

import pytest

from extract.pipeline import Extractor
from graph.records import Document
from graph.vocabulary import FACT_RELATIONS


def facts(extractor: Extractor, text: str) -> set[tuple[str, str, str, str | None]]:
    result = extractor.extract(Document(id="t", text=text))
    return {(e.source, e.relation, e.target, e.role) for e in result.edges if e.relation in FACT_RELATIONS}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "French President Emmanuel Macron arrived in Berlin.",
            ("person:emmanuel-macron", "leader_of", "place:france", "President"),
        ),
        (
            "NATO Secretary-General Mark Rutte warned of new threats.",
            ("person:mark-rutte", "leader_of", "organization:nato", "Secretary-General"),
        ),
        (
            "German Foreign Minister Annalena Baerbock visited Warsaw.",
            ("person:annalena-baerbock", "member_of", "place:germany", "Foreign Minister"),
        ),
        (
            "President of Poland Andrzej Duda spoke to reporters.",
            ("person:andrzej-duda", "leader_of", "place:poland", "President"),
        ),
        (
            "Investors cheered after Tim Cook, the head of Apple, spoke.",
            ("person:tim-cook", "leader_of", "organization:apple", "head"),
        ),
        (
            "Markets fell after the head of the central bank Bundesbank, Joachim Nagel, spoke.",
            ("person:joachim-nagel", "leader_of", "organization:bundesbank", "head"),
        ),
        (
            "Investors waited as the chief executive of Siemens, Roland Busch, spoke on Monday.",
            ("person:roland-busch", "leader_of", "organization:siemens", "chief executive"),
        ),
        ("The talks in Lyon drew crowds across France.", ("place:lyon", "located_in", "place:france", None)),
        # every common title form
        (
            "President Xi Jinping met Chinese business leaders. Chinese President Xi said trade grew.",
            ("person:xi-jinping", "leader_of", "place:china", "President"),
        ),
        (
            "President of the People's Republic of China Xi Jinping opened the fair.",
            ("person:xi-jinping", "leader_of", "place:china", "President"),
        ),
        (
            "Jacinda Ardern, the Prime Minister of New Zealand, announced new gun laws.",
            ("person:jacinda-ardern", "leader_of", "place:new-zealand", "Prime Minister"),
        ),
        (
            "NSC Spokesperson Adrienne Watson said the call lasted an hour.",
            ("person:adrienne-watson", "member_of", "organization:nsc", "Spokesperson"),
        ),
        (
            "Moussa Faki Mahamat, Chairperson of the African Union Commission, condemned the coup.",
            (
                "person:moussa-faki-mahamat",
                "leader_of",
                "organization:african-union-commission",
                "Chairperson",
            ),
        ),
        (
            "Deputy Minister of Foreign Affairs of Ukraine Emine Dzhaparova met the envoy in Geneva.",
            ("person:emine-dzhaparova", "member_of", "place:ukraine", "Deputy Minister of Foreign Affairs"),
        ),
        (
            "Argentine Economy Minister, Sergio Massa, told reporters the peso would hold.",
            ("person:sergio-massa", "member_of", "place:argentina", "Economy Minister"),
        ),
        (
            "Brazilian striker Vinicius Junior, a forward at Real Madrid, was booked.",
            ("person:vinicius-junior", "member_of", "organization:real-madrid", "striker"),
        ),
        (
            "Labour MP Diane Abbott criticised the bill in the Commons.",
            ("person:diane-abbott", "member_of", "organization:labour-party", "MP"),
        ),
        (
            '"Demand is weak," said Anna Berg, an economist at Stockholm\'s Nordea Bank.',
            ("person:anna-berg", "member_of", "organization:nordea-bank", "economist"),
        ),
        (
            "EU Trade Commissioner Valdis Dombrovskis announced new tariffs on steel.",
            ("person:valdis-dombrovskis", "member_of", "organization:european-union", "Trade Commissioner"),
        ),
        (
            "The rebels met President Ramaphosa of South Africa in Pretoria.",
            ("person:ramaphosa", "leader_of", "place:south-africa", "President"),
        ),
        (
            "The report embarrassed Priti Patel on her first day as home secretary in Britain.",
            ("person:priti-patel", "member_of", "place:united-kingdom", "home secretary"),
        ),
        (
            "Metropolitan Onufriy, the head of the Ukrainian Orthodox Church, led the service.",
            ("person:onufry", "leader_of", "organization:ukrainian-orthodox-church", "head"),
        ),
        (
            "Protesters gathered outside Pentonville prison, north London, on Sunday.",
            ("place:pentonville", "located_in", "place:london", None),
        ),
    ],
)
def test_facts_from_titles_and_appositions(extractor: Extractor, text: str, fact: tuple) -> None:
    assert fact in facts(extractor, text)


def test_a_title_without_a_body_takes_the_country_the_article_is_about(extractor: Extractor) -> None:
    text = (
        "Poland will host the summit in Warsaw. Polish officials said Poland was ready. "
        "Foreign Minister Radoslaw Sikorski said Poland would welcome every delegation."
    )
    assert ("person:radoslaw-sikorski", "member_of", "place:poland", "Foreign Minister") in facts(
        extractor, text
    )


def test_no_fact_when_nothing_says_whose_title_it_is(extractor: Extractor) -> None:
    found = facts(extractor, "President Alexander Stubb said the weather was fine.")
    assert not any(f[0] == "person:alexander-stubb" for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Floods hit Kyiv, Kharkiv and Odesa on Monday.",  # a list of cities, not one in another
        "The head of Apple, Google and Amazon met the senators.",  # a list after a title
        "Singer Adele, who lives in London, sold out Wembley.",  # a descriptor names no body
        "Coroner Gary Hargrove said the death was an accident.",
    ],
)
def test_no_fact_from_lists_or_descriptors(extractor: Extractor, text: str) -> None:
    found = facts(extractor, text)
    assert not any(relation in ("leader_of", "member_of") for _, relation, _, _ in found), found
    assert not any(
        relation == "located_in" and target.split(":")[1] in ("kharkiv", "odesa")
        for _, relation, target, _ in found
    ), found
