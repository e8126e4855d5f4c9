"""Every route that takes an entity reads a name as entity search does: aliases, variants, typos.

Each route is asked with a misspelled name and with the entity's id: the two answers are the same.
A name that fits nothing answers 404 with the closest entities; one that fits two equally, 409.
"""

from __future__ import annotations

import httpx
import pytest

from api.schemas import ENTITY_NAME
from tests.graph.story import BLINKEN, BORIS, DUSTIN, KYIV, ZELENSKIY

# (path, the parameter that names an entity, other parameters); `{}` in a path is the entity
ROUTES = [
    ("/entities/{}", None, {}),
    ("/entities/{}/neighbors", None, {"depth": 2}),
    ("/relationships", "source", {"target": BLINKEN}),
    ("/relationships", "target", {"source": BLINKEN}),
    ("/paths", "source", {"target": "Kyiv"}),
    ("/paths", "target", {"source": "Kyiv"}),
    ("/events", "actor", {}),
    ("/events", "recipient", {}),
    ("/events", "place", {}),
    ("/viewer/graph", "center", {"depth": 2}),
    ("/viewer/graph", "expand", {"center": "Kyiv"}),
    ("/viewer/events", "entity", {}),
    ("/viewer/export/{fmt}", "center", {}),
    ("/viewer/export/{fmt}", "expand", {"center": "Kyiv"}),
]
# misspelled or partial names, and what they mean in the story
TYPOS = [("Zelensky", ZELENSKIY), ("Blinkin", BLINKEN), ("Antony Blinkn", BLINKEN), ("Kyivv", KYIV)]


def ask(client: httpx.Client, route: tuple[str, str | None, dict], name: str) -> httpx.Response:
    path, parameter, params = route
    path = path.replace("{fmt}", "json")
    if parameter is None:
        return client.get(path.format(name))
    return client.get(path, params={**params, parameter: name})


def test_the_table_covers_every_route_that_takes_an_entity(story_client: httpx.Client) -> None:
    taking: set[tuple[str, str | None]] = set()
    for path, operations in story_client.get("/openapi.json").json()["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            if ENTITY_NAME in parameter.get("description", ""):
                where = parameter["name"] if parameter["in"] == "query" else None
                taking.add((path.replace("{entity}", "{}"), where))
    assert taking == {(path, parameter) for path, parameter, _ in ROUTES}


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r[0]}:{r[1]}")
@pytest.mark.parametrize(("name", "entity"), TYPOS)
def test_a_misspelled_name_answers_as_the_id(
    story_client: httpx.Client, route: tuple[str, str | None, dict], name: str, entity: str
) -> None:
    by_id = ask(story_client, route, entity)
    by_name = ask(story_client, route, name)
    assert by_id.status_code == 200, by_id.text
    assert by_name.status_code == 200, by_name.text
    assert by_name.content == by_id.content


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r[0]}:{r[1]}")
def test_a_name_that_fits_nothing_lists_the_closest(
    story_client: httpx.Client, route: tuple[str, str | None, dict]
) -> None:
    response = ask(story_client, route, "Zelenskiy Obama")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["message"].startswith("no entity matches 'Zelenskiy Obama'; closest: ")
    assert "Volodymyr Zelenskiy" in error["message"]
    assert ZELENSKIY in [c["id"] for c in error["candidates"]]
    assert all({"id", "label", "kind", "mentions"} <= c.keys() for c in error["candidates"])


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r[0]}:{r[1]}")
def test_a_misspelling_of_a_shared_name_is_ambiguous(
    story_client: httpx.Client, route: tuple[str, str | None, dict]
) -> None:
    response = ask(story_client, route, "Johnsen")
    assert response.status_code == 409
    assert {c["id"] for c in response.json()["error"]["candidates"]} == {BORIS, DUSTIN}


def test_a_fragment_is_not_a_name(story_client: httpx.Client) -> None:
    response = story_client.get("/entities/Bl")
    assert response.status_code == 404
    assert BLINKEN in [c["id"] for c in response.json()["error"]["candidates"]]
