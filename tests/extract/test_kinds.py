"""The kind of a name where the model's label is wrong and the text says otherwise: the shape of
a person's name, the office whose body it is, the kind of organization named before it, the word
that ends it; and names that make no node (works, awards, plural abbreviations, nationality nouns)."""

from __future__ import annotations

import pytest

from extract.pipeline import Extractor
from graph.records import Document


def kinds(extractor: Extractor, text: str) -> dict[str, str]:
    result = extractor.extract(Document(id="t", text=text))
    return {e.label: e.kind for e in result.entities}


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # a given name, or initials, before a surname: a person
        (
            "Norway's Freddie Ljungberg and Sweden's Henrik Larsson both played.",
            "Freddie Ljungberg",
            "person",
        ),
        (
            "Kelly Holmes and Carolina Kluft are among the champions competing in Glasgow.",
            "Carolina Kluft",
            "person",
        ),
        ("Substitutes: D Garland, K Wall, H Clitheroe.", "K Wall", "person"),
        # the body of a company's or club's office is an organization, whatever the model said
        (
            "Aston Villa boss David O'Leary has signed a new contract with the club.",
            "Aston Villa",
            "organization",
        ),
        ("Gloucester coach Dean Ryan named an unchanged side.", "Gloucester", "organization"),
        ("Middlesbrough keeper Mark Schwarzer signed a new deal.", "Middlesbrough", "organization"),
        # ... but a country keeps its kind ("England coach")
        ("Wales coach Mike Ruddock named his side to face France in Paris.", "Wales", "place"),
        # a noun for a kind of organization before the name
        ("Rock band Korn said their guitarist had left.", "Korn", "organization"),
        ("The charity Cafod said it needed more money for Darfur.", "Cafod", "organization"),
        ("Scottish rock band Franz Ferdinand won two awards.", "Franz Ferdinand", "organization"),
        ("German media group Bertelsmann saw sales rise.", "Bertelsmann", "organization"),
        ("Literary agency Curtis Brown is looking for new writers.", "Curtis Brown", "organization"),
        ("The Dutch brewer Heineken said profits fell. Heineken also cut jobs.", "Heineken", "organization"),
        # the model ran an organization into a person's name
        (
            "The European aerospace group EADS Philippe Camus is to step down, officials said.",
            "EADS",
            "organization",
        ),
        (
            "The European aerospace group EADS Philippe Camus is to step down, officials said.",
            "Philippe Camus",
            "person",
        ),
        # a word that ends organizations' or built places' names and is no common surname
        ("Search tools from Stata Labs and Blinkx were launched on Monday.", "Stata Labs", "organization"),
        (
            "The race was run at Musselburgh Racecourse in front of a big crowd.",
            "Musselburgh Racecourse",
            "place",
        ),
        # ... while a surname keeps a person's name a person's
        ("Charlotte Church and Katherine Jenkins sang at the match.", "Charlotte Church", "person"),
        ("Tickets for Nathan Lane's new show sold out in a day.", "Nathan Lane", "person"),
        # a courtesy title before a name the model missed or took for something else
        ("Dr Fox and Mr Camus met in Paris to discuss the merger.", "Camus", "person"),
        ("Mr Kilroy-Silk launched his new party on Wednesday.", "Kilroy-Silk", "person"),
        # a one-word name the model left untagged where the text says what it is
        (
            "                                 \n\nDVDs will be harder to copy thanks to measures devised "
            "by copy protection firm Macrovision.\n\nMacrovision says its RipGuard technology works.",
            "Macrovision",
            "organization",
        ),
        (
            "The Dutch brewers Heineken and Carlsberg reported lower profits on Tuesday.",
            "Heineken",
            "organization",
        ),
        # a title before an organization's or built place's name does not make it a person's
        (
            "DaimlerChrysler agreed a compensation package with partner Mitsubishi Motors which will see "
            "it buy out its stake.",
            "Mitsubishi Motors",
            "organization",
        ),
        (
            "Turkish-Austrian consortium TAV was chosen to build and run Tehran's new Imam Khomeini "
            "International Airport - but the army closed it.",
            "Khomeini International Airport",
            "place",
        ),
        # blocs of states are organizations
        ("The leaders of BRICS met in Kazan on Tuesday.", "BRICS", "organization"),
        ("Rebels attacked Hasakah, the Arab League said.", "Arab League", "organization"),
        # a noun for a kind of place tells a place ("the town of Goma", "Kaduna state")
        ("Rebels seized the town of Goma after days of fighting.", "Goma", "place"),
        ("Suez lost its contract after protests in the town of Achacachi.", "Achacachi", "place"),
        ("The Clinton camp said the poll was wrong.", "Clinton", "person"),
        # a work's title before a person's name does not hide the person
        ("In the film Tom Cruise plays a hitman.", "Tom Cruise", "person"),
    ],
)
def test_kind_from_the_text(extractor: Extractor, text: str, name: str, kind: str) -> None:
    found = kinds(extractor, text)
    assert found.get(name) == kind, found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # works
        ("The film Ray won two Oscars, and Ray took more money in Europe.", "Ray"),
        ("Jamie Foxx starred in the biopic Ray, which opened on Friday.", "Ray"),
        ("The hit musical Mamma Mia has been seen by millions.", "Mamma Mia"),
        ("His novel Hotel was a bestseller and was filmed in 1967.", "Hotel"),
        # awards
        ("The ceremony for the Golden Globes was held in Los Angeles on Sunday.", "Golden Globes"),
        ("The Oscars will be held in Hollywood on 27 February.", "Oscars"),
        # nationality nouns the model took for a person
        ("The Briton won the race in Madrid.", "Briton"),
        ("The Scot finished second behind Kenenisa Bekele.", "Scot"),
    ],
)
def test_no_node(extractor: Extractor, text: str, name: str) -> None:
    assert name not in kinds(extractor, text)


@pytest.mark.parametrize(
    ("text", "short", "full"),
    [
        (
            "The government wants Aguas Argentinas to invest. Later, Aguas Argentinas said it would not "
            "accept any change, and the minister threatened Aguas Argentinas water concession.",
            "Argentinas",
            "Aguas Argentinas",
        ),
        (
            "The deal was financed by Baikal Finance Group. Baikal was registered in Tver a week before.",
            "Baikal",
            "Baikal Finance Group",
        ),
    ],
)
def test_a_word_of_an_organizations_name_is_that_organization(
    extractor: Extractor, text: str, short: str, full: str
) -> None:
    result = extractor.extract(Document(id="t", text=text))
    found = {e.label: e for e in result.entities}
    assert short not in found, sorted(found)
    assert found[full].kind == "organization" and short in found[full].aliases, found[full]


def test_an_organization_named_apart_stays_apart(extractor: Extractor) -> None:
    found = kinds(
        extractor, "Sony Ericsson sold more phones. Sony said its own profits fell, and Sony shares rose."
    )
    assert found.get("Sony") == "organization" and found.get("Sony Ericsson") == "organization", found


def test_the_duma_is_an_organization(extractor: Extractor) -> None:
    found = kinds(extractor, "Putin asked for permission from his Duma. The Duma voted on Tuesday.")
    assert found.get("State Duma") == "organization", found
