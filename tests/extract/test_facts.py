"""Facts read from sentences through the real pipeline: leader_of / member_of with roles, located_in."""

from __future__ import annotations

import pytest

from extract.pipeline import Extractor
from graph.records import Document


def facts(extractor: Extractor, text: str) -> set[tuple[str, str, str, str | None]]:
    result = extractor.extract(Document(id="t", text=text))
    return {
        (e.source, e.relation, e.target, e.role)
        for e in result.edges
        if e.relation in ("leader_of", "member_of", "located_in")
    }


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
