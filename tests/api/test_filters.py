"""Every filter is checked: a bad value or an unknown parameter answers 422 saying why, never an
answer that silently ignores it. Dates are real calendar dates, and `since` is not after `until`."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import httpx
import pytest

from api.filters import CALENDAR_DATE
from graph.views import date_span
from graph.vocabulary import RELATIONS
from tests.graph.story import BLINKEN

DATE_MESSAGE = "must be a date like 2021-05-05, 2021-05 or 2021; got "


def date_routes(client: httpx.Client) -> list[str]:
    """Every GET route with a `since` parameter, with an entity for those that need one."""
    paths = client.get("/openapi.json").json()["paths"]
    found = []
    for path, operations in sorted(paths.items()):
        names = {p["name"] for p in operations.get("get", {}).get("parameters", [])}
        if "since" in names:
            url = path.replace("{fmt}", "json")
            needed = {"center", "entity"} & names
            found.append(url + ("?" + next(iter(needed)) + "=Blinken&" if needed else "?"))
    return found


def test_the_date_pattern_is_the_calendar() -> None:
    strings = [
        f"{year:04d}-{month:02d}-{day:02d}"
        for year, month, day in itertools.product(
            (1, 4, 100, 1900, 2000, 2020, 2021, 9999), range(14), range(33)
        )
    ]
    strings += [f"{year:04d}-{month:02d}" for year, month in itertools.product((1, 2021), range(14))]
    strings += [
        "0000",
        "0001",
        "2021",
        "9999",
        "202",
        "20211",
        "2021-5",
        "2021-05-5",
        " 2021",
        "2021-05-05T00",
        "2021\n",
    ]
    for text in strings:
        try:
            real = len(text) != 10 or bool(dt.date.fromisoformat(text))
        except ValueError:
            real = False
        real = real and date_span(text) is not None and text == text.strip()
        assert bool(re.fullmatch(CALENDAR_DATE, text)) == real, text


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("2021-13", 422),
        ("2021-02-30", 422),
        ("2021-02-29", 422),
        ("1900-02-29", 422),
        ("May 2021", 422),
        ("2021-00", 422),
        ("2020-02-29", 200),
        ("2000-02-29", 200),
        ("2021-05", 200),
        ("2021", 200),
    ],
)
def test_dates_are_calendar_dates(story_client: httpx.Client, value: str, status: int) -> None:
    for route in date_routes(story_client):
        for name in ("since", "until"):
            response = story_client.get(route + f"{name}={value}")
            assert response.status_code == status, (route, response.text)
            if status == 422:
                error = response.json()["error"]
                assert error["details"] == [
                    {"where": f"query.{name}", "message": f"{name} {DATE_MESSAGE}{value!r}"}
                ]
                assert f"{name} {DATE_MESSAGE}{value!r}" in error["message"]
                assert "\\d" not in error["message"] and "^" not in error["message"]  # no raw pattern


def test_since_after_until_is_refused(story_client: httpx.Client) -> None:
    routes = date_routes(story_client)
    assert {r.split("?")[0] for r in routes} == {
        "/events",
        "/export/json",
        "/viewer/events",
        "/viewer/export/json",
        "/viewer/graph",
    }
    for route in routes:
        response = story_client.get(route + "since=2021-06&until=2021-05-31")
        assert response.status_code == 422, route
        assert "since 2021-06 is after until 2021-05-31" in response.json()["error"]["message"]
        # a month and a day inside it overlap: that range is not empty
        assert story_client.get(route + "since=2021-05&until=2021-05-01").status_code == 200, route


@pytest.mark.parametrize("relation", ["bogus", "ACTOR", "events"])
def test_an_unknown_relation_is_refused(story_client: httpx.Client, relation: str) -> None:
    response = story_client.get(f"/entities/{BLINKEN}/neighbors", params={"relation": ["actor", relation]})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["details"][0]["where"] == "query.relation.1"
    assert "'actor', 'recipient', 'location', 'leader_of', 'member_of' or 'located_in'" in error["message"]


def test_every_known_relation_is_accepted(story_client: httpx.Client) -> None:
    for relation in RELATIONS:
        response = story_client.get(f"/entities/{BLINKEN}/neighbors", params={"relation": relation})
        assert response.status_code == 200, response.text


def test_an_unknown_parameter_is_refused_on_every_route(story_client: httpx.Client) -> None:
    paths = story_client.get("/openapi.json").json()["paths"]
    asked = 0
    for path, operations in paths.items():
        if "get" not in operations:
            continue
        url = path.replace("{fmt}", "json").replace("{entity}", "Blinken")
        url = url.replace("{event_id}", "event:d1:0").replace("{doc_id}", "d1")
        known = sorted(p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query")
        response = story_client.get(url, params={"actr": "Blinken"})
        assert response.status_code == 422, url
        error = response.json()["error"]
        assert error["details"][0]["where"] == "query.actr"
        takes = ", ".join(known) if known else "none"
        assert error["message"].endswith(f"unknown parameter 'actr' for {path}; it takes {takes}")
        asked += 1
    assert asked >= 12


def test_the_viewer_page_takes_an_entity(story_client: httpx.Client) -> None:
    assert story_client.get("/", params={"entity": "Blinken"}).status_code == 200
