"""Acronyms a text defines become aliases of the organization they stand for."""

from __future__ import annotations

from extract.acronyms import defined_acronyms, with_defined_acronyms
from extract.pipeline import Extractor
from graph.records import Document, EntityRecord


def test_a_defined_acronym_is_an_alias_of_the_organization_read_from_the_text(extractor: Extractor) -> None:
    # the model does not read the short form in brackets as a name of its own
    text = "Staff of the Royal Society for the Protection of Birds (RSPB) counted the geese."
    extraction = extractor.extract(Document("rspb", text))
    spelled = [e for e in extraction.entities if e.label == "Royal Society for the Protection of Birds"]
    assert spelled, [e.label for e in extraction.entities]
    assert "RSPB" in spelled[0].aliases


def test_definitions_the_algorithm_reads_in_brackets() -> None:
    text = (
        "Regulators at the Food and Drug Administration (FDA) and the World Health Organization (WHO) agreed."
    )
    assert defined_acronyms(text) == {
        "food and drug administration": "FDA",
        "world health organization": "WHO",
    }


def test_only_the_organization_the_acronym_stands_for_gets_it() -> None:
    text = "The Organization of the Petroleum Exporting Countries (OPEC) met the Kuwait Oil Company."
    records = [
        EntityRecord(
            "organization:opec-long",
            "organization",
            "Organization of the Petroleum Exporting Countries",
            aliases=["Organization of the Petroleum Exporting Countries"],
        ),
        EntityRecord("organization:kuwait-oil-company", "organization", "Kuwait Oil Company", aliases=[]),
        EntityRecord("person:opec", "person", "Petroleum Exporting Countries", aliases=[]),
    ]
    out = {r.id: r.aliases for r in with_defined_acronyms(records, text)}
    assert "OPEC" in out["organization:opec-long"]
    assert "OPEC" not in out["organization:kuwait-oil-company"]
    assert "OPEC" not in out["person:opec"]
