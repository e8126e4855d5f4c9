"""GET /events and /events/{id}: filtered, time-ordered, checked against the exported graph."""

from __future__ import annotations

import httpx
import pytest

from graph.timeline import covers
from tests.api.conftest import entity_named
from tests.graph.story import ANNEX, CONDEMN, DEMAND, MOBILIZE, SPEECH, VISIT


def _all_pages(client: httpx.Client, **params: object) -> list[dict]:
    items: list[dict] = []
    while True:
        body = client.get("/events", params={**params, "limit": 7, "offset": len(items)}).json()
        items += body["items"]
        if len(items) >= body["total"]:
            return items


def _expected(
    graph: dict, *, actor: str | None, type_: str | None, since: str | None, until: str | None
) -> set:
    events = {n["id"]: n for n in graph["nodes"] if n["kind"] == "event"}
    found = set()
    for event_id, node in events.items():
        if actor and not any(
            e["source"] == actor and e["target"] == event_id and e["relation"] == "actor"
            for e in graph["edges"]
        ):
            continue
        if type_ and node["event_type"] != type_:
            continue
        date = node.get("date")
        if (since or until) and not date:
            continue
        if (since or until) and not covers(date, since, until):
            continue
        found.add(event_id)
    return found


@pytest.mark.parametrize(
    ("actor", "type_", "since", "until"),
    [
        (None, None, None, None),
        ("Blinken", None, None, None),
        (None, "CONSULT", None, None),
        (None, None, "2021-05", None),
        (None, None, "2021-04-01", "2021-05-05"),
        ("Blinken", "STATEMENT", "2021-05-06", "2021-05-06"),
        ("Russia", None, None, "2021-04"),
    ],
)
def test_list_events_matches_the_graph(
    seed_client: httpx.Client,
    seed_graph: dict,
    actor: str | None,
    type_: str | None,
    since: str | None,
    until: str | None,
) -> None:
    actor = actor and entity_named(seed_graph, actor)
    params = {k: v for k, v in {"actor": actor, "type": type_, "since": since, "until": until}.items() if v}
    items = _all_pages(seed_client, **params)
    assert {item["id"] for item in items} == _expected(
        seed_graph, actor=actor, type_=type_, since=since, until=until
    )
    assert len(items) == len({item["id"] for item in items})
    dates = [item["date"] for item in items]
    dated = [d for d in dates if d is not None]
    assert dates == dated + [None] * (len(dates) - len(dated))  # undated last
    assert dated == sorted(dated)


def test_list_events_is_not_empty_on_the_seeds(seed_client: httpx.Client, seed_graph: dict) -> None:
    body = seed_client.get("/events", params={"actor": "Blinken", "type": "CONSULT"}).json()
    assert body["total"] >= 1
    blinken = entity_named(seed_graph, "Blinken")
    assert all(blinken in {a["id"] for a in item["actors"]} for item in body["items"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [ANNEX, MOBILIZE, CONDEMN, DEMAND, VISIT, SPEECH]),
        ({"order": "desc"}, [VISIT, DEMAND, CONDEMN, MOBILIZE, ANNEX, SPEECH]),
        ({"since": "2021-04-21"}, [MOBILIZE, CONDEMN, DEMAND, VISIT]),  # April may be after the 21st
        ({"until": "2021-04"}, [ANNEX, MOBILIZE, CONDEMN]),
        ({"type": ["ACCUSE", "COERCE"]}, [ANNEX, CONDEMN]),
        ({"actor": "Blinken"}, [DEMAND, VISIT]),
        ({"actor": "Blinken", "order": "desc"}, [VISIT, DEMAND]),
        ({"recipient": "Russia"}, [CONDEMN, DEMAND]),
        ({"place": "Kyiv"}, [VISIT]),
        ({"place": "Crimea"}, [MOBILIZE]),  # Crimea is the recipient of the annexation, not its place
        ({"actor": "Russia", "place": "Crimea"}, [MOBILIZE]),
        ({"actor": "Blinken", "recipient": "Russia", "since": "2021-06"}, []),
    ],
)
def test_list_events_story(story_client: httpx.Client, params: dict, expected: list[str]) -> None:
    body = story_client.get("/events", params=params).json()
    assert [item["id"] for item in body["items"]] == expected
    assert body["total"] == len(expected)


def test_read_event(story_client: httpx.Client) -> None:
    body = story_client.get(f"/events/{VISIT}").json()
    assert (body["type"], body["mode"], body["date"]) == ("CONSULT", "visit", "2021-05-06")
    assert [a["id"] for a in body["actors"]] == ["person:antony-blinken"]
    assert [r["id"] for r in body["recipients"]] == ["person:volodymyr-zelenskiy"]
    assert [d["id"] for d in body["documents"]] == ["d1"]
    assert body["evidence"][0]["sentence"] == body["sentence"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/events/event:nope", 404),
        ("/events/person:antony-blinken", 404),
        ("/events?since=2021-13", 422),
        ("/events?until=May", 422),
        ("/events?type=PARTY", 422),
        ("/events?limit=0", 422),
        ("/events?offset=-1", 422),
        ("/events?actor=Johnson", 409),
        ("/events?place=Atlantis", 404),
    ],
)
def test_events_errors(story_client: httpx.Client, path: str, status: int) -> None:
    response = story_client.get(path)
    assert response.status_code == status
    assert response.json()["error"]["status"] == status
